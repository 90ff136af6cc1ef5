import Foundation
import HTTPTypes
import Hummingbird

/// Chorus Pro's supplier API as the simulator answers it (paths and fields of DOMAIN.md §1.2): deposit a flow,
/// read its report, find invoices, read an invoice's status history.
struct CproRoutes<Context: RequestContext>: Sendable {
    let simulator: PortalSimulator

    func register(on group: RouterGroup<Context>) {
        group.post("factures/v1/deposer/flux") { request, _ in try await deposit(request) }
        group.post("transverses/v1/consulterCRDetaille") { request, _ in try await flowReport(request) }
        group.post("factures/v1/rechercher/fournisseur") { request, _ in try await search(request) }
        group.post("factures/v1/consulter/historique") { request, _ in try await history(request) }
    }

    /// Checks the request's shape, records the flow and answers its number; validation comes later
    /// (`FlowProcessor`). A share of deposits go unanswered once recorded (`dropAfterCommitRate`).
    func deposit(_ request: Request) async throws -> Response {
        let limit = simulator.configuration.maximumFlowSize
        // Base64 takes 4 bytes for 3, and the JSON around it a little more.
        let body = try await RequestBody.json(DepositRequest.self, request, limit: limit / 3 * 4 + 65_536)
        guard let encoded = body.fichierFlux, !encoded.isEmpty else { throw CproFailure.missing("fichierFlux") }
        guard let bytes = Self.base64(encoded), !bytes.isEmpty else {
            throw CproFailure.invalid("fichierFlux", "not base64")
        }
        guard bytes.count <= limit else { throw CproFailure.tooLarge(limit) }
        guard let fileName = body.nomFichier else { throw CproFailure.missing("nomFichier") }
        guard fileName.count <= 200, let dot = fileName.lastIndex(of: "."), fileName.index(after: dot) != fileName.endIndex,
            dot != fileName.startIndex
        else {
            throw CproFailure.invalid("nomFichier", "at most 200 characters, with an extension")
        }
        guard let syntaxCode = body.syntaxeFlux else { throw CproFailure.missing("syntaxeFlux") }
        guard let syntax = FlowSyntax(rawValue: syntaxCode) else {
            throw CproFailure.invalid(
                "syntaxeFlux", "\(syntaxCode) is not one of " + FlowSyntax.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let flow = try await simulator.deposits.record(
            fileName: fileName, syntax: syntax, signed: body.avecSignature ?? false, bytes: bytes, at: PortalTime.now())
        if simulator.faults.drawDrop() {
            return Response(status: .ok, headers: [ConnectionDropHandler.dropHeader: "1"])
        }
        return JSONAnswer.make(
            DepositAnswer(
                codeRetour: CproReturn.success, libelle: CproReturn.successMessage, numeroFluxDepot: flow.number,
                dateDepot: PortalTime.date(flow.depositedAt), syntaxeFlux: syntax.rawValue))
    }

    /// Strict base64, line breaks allowed (MIME writes them).
    static func base64(_ text: String) -> Data? {
        if let data = Data(base64Encoded: text) { return data }
        let compact = text.filter { !$0.isWhitespace }
        return compact.count == text.count ? nil : Data(base64Encoded: compact)
    }

    func flowReport(_ request: Request) async throws -> Response {
        let body = try await RequestBody.json(FlowReportRequest.self, request)
        guard let number = body.numeroFluxDepot else { throw CproFailure.missing("numeroFluxDepot") }
        guard let flow = try await simulator.store.flow(number) else { throw CproFailure.unknown("flux", number) }
        return JSONAnswer.make(FlowReportAnswer(flow))
    }

    func search(_ request: Request) async throws -> Response {
        let body = try await RequestBody.json(InvoiceSearchRequest.self, request)
        let page = try await simulator.store.invoices(
            flow: body.numeroFluxDepot, number: body.numeroFacture, page: body.page, perPage: body.perPage)
        return JSONAnswer.make(
            InvoiceSearchAnswer(
                codeRetour: CproReturn.success, libelle: CproReturn.successMessage,
                listeFactures: page.invoices.map(InvoiceSearchAnswer.Item.init),
                parametresRetour: .init(
                    pageCourante: body.page, pages: (page.total + body.perPage - 1) / body.perPage,
                    nbResultatsParPage: body.perPage, total: page.total)))
    }

    func history(_ request: Request) async throws -> Response {
        let body = try await RequestBody.json(HistoryRequest.self, request)
        guard let id = body.idFacture else { throw CproFailure.missing("idFacture") }
        guard let (invoice, statuses) = try await simulator.store.history(of: id) else {
            throw CproFailure.unknown("facture", String(id))
        }
        let ordered = body.ascending ? statuses : statuses.reversed()
        let page = ordered.dropFirst((body.page - 1) * body.perPage).prefix(body.perPage)
        return JSONAnswer.make(
            HistoryAnswer(
                codeRetour: CproReturn.success, libelle: CproReturn.successMessage, idFacture: invoice.id,
                numeroFacture: invoice.invoice.number, statutCourantCode: invoice.status.rawValue,
                historiquesDesStatuts: .init(
                    histoStatut: page.map {
                        .init(
                            histoStatutId: $0.id, histoStatutCode: $0.status.rawValue,
                            histoStatutDatePassage: PortalTime.minute($0.at), histoStatutCommentaire: $0.comment)
                    },
                    nbResultatsParPageHistoStatut: body.perPage, pageCouranteHistoStatut: body.page,
                    pagesHistoStatut: (statuses.count + body.perPage - 1) / body.perPage,
                    totalHistoStatut: statuses.count)))
    }
}
