import Foundation
import HTTPTypes
import Hub
import Hummingbird

/// The simulator's own routes, never subject to faults nor tokens (it listens on loopback by default): its
/// counts, its faults, the buyer's hand on invoices, and its copy of the buyer directory.
///
/// | route | does |
/// |---|---|
/// | `GET /simulator/stats` | `{"flows", "invoices", "duplicateInvoices", "rejectedFlows", "faults"}` |
/// | `GET /simulator/faults` | the faults in force and what is left of an outage |
/// | `POST /simulator/faults` | changes them (`FaultChange`); answers as GET |
/// | `POST /simulator/invoices/{id}/status` | `{"statut": "REJETEE", "commentaire": "…"}`: 409 for a change a real portal refuses |
/// | `GET /simulator/directory` | the structures |
/// | `POST /simulator/directory[?replace=true]` | a directory CSV (`DirectoryCSV`): its structures added or replaced (all replaced) |
/// | `DELETE /simulator/directory/{identifier}` | removes a structure: the portal now rejects invoices to it |
struct SimulatorRoutes<Context: RequestContext>: Sendable {
    let simulator: PortalSimulator

    func register(on group: RouterGroup<Context>) {
        group.get("stats") { _, _ in JSONAnswer.make(try await simulator.stats()) }
        group.get("faults") { _, _ in faultsAnswer() }
        group.post("faults") { request, _ in
            let change = try await RequestBody.json(FaultChange.self, request)
            try simulator.applyFaults(change)
            return faultsAnswer()
        }
        group.post("invoices/:id/status") { request, context in
            let text = context.parameters.get("id") ?? ""
            guard let id = Int64(text) else { throw CproFailure.invalid("identifiantFactureCPP", "\(text) is not a number") }
            let body = try await RequestBody.json(StatusChangeRequest.self, request)
            guard let status = ChorusInvoiceStatus(rawValue: body.statut) else {
                throw CproFailure.invalid(
                    "statut", "\(body.statut) is not one of " + ChorusInvoiceStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            try await simulator.setStatus(of: id, to: status, comment: body.commentaire)
            return JSONAnswer.make(
                StatusChangeAnswer(
                    codeRetour: CproReturn.success, libelle: CproReturn.successMessage, identifiantFactureCPP: id,
                    statut: status.rawValue))
        }
        group.get("directory") { _, _ in
            JSONAnswer.make(
                DirectoryAnswer(
                    structures: simulator.directory.all.map {
                        DirectoryStructure(identifier: $0.identifier, name: $0.name, active: $0.active, services: $0.services.map(\.code))
                    }))
        }
        group.post("directory") { request, _ in
            let entries: [BuyerDirectoryEntry]
            do { entries = try DirectoryCSV.read(try await RequestBody.bytes(request, limit: 64 << 20)) } catch let error as HubError {
                throw CproFailure.invalid("directory", error.description)
            }
            simulator.directory.merge(entries, replacingAll: request.uri.queryParameters.get("replace") == "true")
            return JSONAnswer.make(DirectoryChangeAnswer(changed: entries.count, structures: simulator.directory.all.count))
        }
        group.delete("directory/:identifier") { _, context in
            let identifier = context.parameters.get("identifier") ?? ""
            guard simulator.directory.remove(identifier) else { throw CproFailure.unknown("structure", identifier) }
            return JSONAnswer.make(DirectoryChangeAnswer(changed: 1, structures: simulator.directory.all.count))
        }
    }

    private func faultsAnswer() -> Response {
        JSONAnswer.make(FaultsAnswer(simulator.faults.settings, outage: simulator.faults.outageRemaining()))
    }
}
