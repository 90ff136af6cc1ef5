import AsyncHTTPClient
import Foundation
public import Hub
import InvoiceIntake
import InvoiceModel
public import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle
import StableJSON

/// The national portal reached over Chorus Pro's API through PISTE (DOMAIN.md §1): `NationalPortal` for the
/// hub's delivery workers and status sync, on AsyncHTTPClient.
///
/// Every call carries `Authorization: Bearer` (an OAuth2 client-credentials token, kept until `tokenRefreshMargin`
/// before it expires, and fetched again once after a 401) and `cpro-account` (base64 of the technical account's
/// `login:password`). Requests go only to the configured base and token URLs; redirects are not followed.
/// Deposits name their `syntaxeFlux` from `FlowSyntaxTable` (`mappings/chorus-pro-syntaxes.tsv`); searches walk
/// every page. Neither the secret nor the password is logged or shown in a description.
///
/// ```swift
/// let client = try ChorusProClient(configuration: .simulator(syntaxes: try FlowSyntaxTable.load()))
/// let receipt = try await client.deposit(deposit)            // throws(PortalError)
/// let report = try await client.flowReport(receipt.flow)     // IN_DEPOT_…, IN_INTEGRE, IN_REJETE
/// let invoices = try await client.findInvoices(PortalInvoiceQuery(flow: receipt.flow))
/// let history = try await client.history(of: invoices[0].portalID)
/// try await client.shutdown()                                  // or run it as a service of a ServiceGroup
/// ```
///
/// How outcomes become `PortalError` (the case says what the hub may do next):
///
/// | outcome | error | why |
/// |---|---|---|
/// | connection refused, name not resolved, connect or TLS failure, or any failure before the request was written in full | `notSent` | the portal cannot have acted on a request it did not receive whole |
/// | the token endpoint fails: no connection, 5xx, an answer without `access_token` | `notSent` | the call the token was for was not sent |
/// | the token endpoint answers 400, 401 or 403 (`invalid_client`) | `refused` | the credentials are wrong: trying again cannot help |
/// | 408, 429, 503 (from the token endpoint or the API), `Retry-After` read as seconds or a date | `unavailable(retryAfter:)` | the portal did not take the call; come back later |
/// | 401 | a new token, the call sent once more; a second 401 is `refused` | the token expired or was revoked; twice means the credentials are not accepted |
/// | 400, 403, 404, 409, 413, other 4xx | `refused` with `libelle` | the portal refused this call as it is (for 403: the technical account) |
/// | 3xx | `refused` | a redirect is not followed: the base URL is wrong |
/// | 500, 502, 504, other 5xx | `outcomeUnknown` | a server or gateway error after receiving the request: it may have acted |
/// | a timeout or a dropped connection after the request was written | `outcomeUnknown` | the portal may have acted and could not say so |
/// | 2xx whose body is not JSON, lacks `codeRetour` or a required field (`numeroFluxDepot`, `etatCourantDepotFlux`, `statut`…), or is over `maximumResponseSize` | `outcomeUnknown` | the call went through and its result cannot be read |
/// | 2xx with `codeRetour` ≠ 0 | `refused` with `codeRetour` and `libelle` | the portal answered that it did not do it |
/// | a deposit of a kind the syntax table has no code for; a history asked for a non-numeric id | `refused`, nothing sent | it cannot ever be sent |
public final class ChorusProClient: NationalPortal, Service {
    /// The settings it runs with.
    public let configuration: ChorusProConfiguration
    private let http: HTTPClient
    private let exchange: PortalExchange
    private let tokens: AccessTokens
    private let logger: Logger

    /// Creates a client, with an HTTP client of its own (shut down by `shutdown()` or when run as a service).
    /// - Throws: `PortalClientError.invalidConfiguration`.
    public init(configuration: ChorusProConfiguration, logger: Logger = Logger(label: "hermine.portal-client"))
        throws(PortalClientError)
    {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        var settings = HTTPClient.Configuration()
        settings.redirectConfiguration = .disallow
        settings.timeout = .init(
            connect: .nanoseconds(configuration.connectTimeout.nanoseconds),
            read: .nanoseconds(configuration.requestTimeout.nanoseconds))
        settings.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maximumConnections)
        // A refused connection fails the call at once (not sent), rather than retrying until the deadline: the
        // hub's retry policy decides when to try again.
        settings.connectionPool.retryConnectionEstablishment = false
        settings.decompression = .disabled
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        exchange = PortalExchange(
            client: http, timeout: configuration.requestTimeout, maximumResponseSize: configuration.maximumResponseSize)
        tokens = AccessTokens(exchange: exchange, configuration: configuration)
    }

    /// Closes its connections. Calls made afterwards fail as `notSent`.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// As a service: waits for the group's graceful shutdown, then closes the connections.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    // MARK: NationalPortal

    /// Deposits the invoice's bytes as one flow (`deposer/flux`), its `syntaxeFlux` from the syntax table.
    public func deposit(_ deposit: PortalDeposit) async throws(PortalError) -> PortalFlowReceipt {
        guard let syntax = configuration.syntaxes.code(for: deposit.syntax, in: deposit.container) else {
            throw .refused(
                "no syntaxeFlux for \(deposit.syntax.rawValue) in \(deposit.container.rawValue) in mappings/\(FlowSyntaxTable.fileName)")
        }
        let body = DepositBody(
            fichierFlux: deposit.document.base64EncodedString(), nomFichier: deposit.fileName, syntaxeFlux: syntax,
            avecSignature: false)
        let answer = try await call("cpro/factures/v1/deposer/flux", body, as: DepositAnswer.self)
        logger.debug("flow deposited", metadata: ["invoice": "\(deposit.invoiceID)", "flow": "\(answer.numeroFluxDepot)"])
        return PortalFlowReceipt(flow: answer.numeroFluxDepot, depositedAt: answer.dateDepot)
    }

    /// The flow's detailed report (`consulterCRDetaille`): its state, and each reason given (`numeroDP: libellé`,
    /// `codeErreur: libellé`).
    public func flowReport(_ flow: String) async throws(PortalError) -> PortalFlowReport {
        let answer = try await call(
            "cpro/transverses/v1/consulterCRDetaille", FlowReportBody(numeroFluxDepot: flow), as: FlowReportAnswer.self)
        let invoiceErrors = (answer.listeErreurDP ?? []).map { error in
            [error.numeroDP, error.libelleErreurDP].compactMap { $0 }.joined(separator: ": ")
        }
        let technicalErrors = (answer.listeErreurTechnique ?? []).map { error in
            [error.codeErreur, error.libelleErreur].compactMap { $0 }.joined(separator: ": ")
        }
        return PortalFlowReport(state: answer.etatCourantDepotFlux, errors: invoiceErrors + technicalErrors)
    }

    /// Walks every page (`parametresRetour.pages`; without it, until a page is not full), each invoice once.
    public func findInvoices(_ query: PortalInvoiceQuery) async throws(PortalError) -> [PortalInvoice] {
        var found: [PortalInvoice] = []
        var seen = Set<String>()
        var page = 1
        while true {
            let body = SearchBody(
                numeroFluxDepot: query.flow, numeroFacture: query.number,
                rechercheFactureParFournisseur: .init(pageResultatDemandee: page, nbResultatsParPage: configuration.pageSize))
            let answer = try await call("cpro/factures/v1/rechercher/fournisseur", body, as: SearchAnswer.self)
            // An answer with neither a list nor its paging says nothing: not "absent", which would send again.
            guard answer.listeFactures != nil || answer.parametresRetour != nil else {
                throw .unavailable("the search answered neither listeFactures nor parametresRetour", retryAfter: nil)
            }
            let items = answer.listeFactures ?? []
            var fresh = 0
            for item in items where seen.insert(item.identifiantFactureCPP).inserted {
                fresh += 1
                found.append(
                    PortalInvoice(
                        portalID: item.identifiantFactureCPP, number: item.numeroFacture, status: item.statut,
                        flow: item.numeroFluxDepot, buyer: item.codeDestinataire, supplier: item.codeFournisseur,
                        issueDate: item.dateFacture))
            }
            let last = answer.parametresRetour?.pages.map { page >= $0 } ?? (items.count < configuration.pageSize)
            // A page with nothing new means the portal is repeating itself: stop rather than loop.
            if last || fresh == 0 { return found }
            page += 1
        }
    }

    /// Every page of the history, oldest first (by `histoStatutId` where the portal gives it).
    public func history(of portalInvoiceID: String) async throws(PortalError) -> PortalHistory {
        guard let id = Int64(portalInvoiceID) else {
            throw .refused("\(portalInvoiceID) is not a Chorus Pro invoice id (identifiantFactureCPP is a number)")
        }
        var statuses: [HistoryAnswer.Status] = []
        var current = ""
        var page = 1
        while true {
            let body = HistoryBody(
                idFacture: id,
                paramRechercheHistoStatuts: .init(
                    nbResultatsParPageListeHistoStatut: 100, pageResultatDemandeeListeHistoStatut: page,
                    triColonneListeHistoStatut: "HistoStatutDatePassage", triSensListeHistoStatut: "Ascendant"))
            let answer = try await call("cpro/factures/v1/consulter/historique", body, as: HistoryAnswer.self)
            current = answer.statutCourantCode
            let items = answer.historiquesDesStatuts?.histoStatut ?? []
            statuses += items
            guard let pages = answer.historiquesDesStatuts?.pagesHistoStatut, page < pages, !items.isEmpty else { break }
            page += 1
        }
        if statuses.allSatisfy({ $0.histoStatutId != nil }) {
            var seen = Set<Int64>()
            statuses = statuses.filter { seen.insert($0.histoStatutId ?? 0).inserted }
                .sorted { ($0.histoStatutId ?? 0) < ($1.histoStatutId ?? 0) }
        }
        return PortalHistory(
            current: current,
            entries: statuses.map {
                PortalHistory.Entry(status: $0.histoStatutCode, at: $0.histoStatutDatePassage, comment: $0.histoStatutCommentaire)
            })
    }

    // MARK: Calls

    /// Posts `body` to `path` with a token (a fresh one once after a 401) and reads a successful answer as `Answer`.
    private func call<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as _: Answer.Type)
        async throws(PortalError) -> Answer
    {
        let data: Data
        do { data = try StableJSONEncoder().encode(body) } catch { throw .notSent("\(path): the request could not be written: \(error)") }
        var token = try await tokens.token()
        var answer = try await post(path, data, token: token)
        if answer.status == 401 {
            token = try await tokens.token(rejecting: token)
            answer = try await post(path, data, token: token)
            if answer.status == 401 {
                throw .refused("\(path): HTTP 401 with a new token: \(Self.libelle(answer) ?? "the credentials are not accepted")")
            }
        }
        return try Self.read(answer, from: path, as: Answer.self)
    }

    /// One POST to the API; a transport failure becomes `notSent` or `outcomeUnknown` by whether the request was
    /// written in full.
    private func post(_ path: String, _ body: Data, token: String) async throws(PortalError) -> PortalExchange.Answer {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(token)")
        headers.add(name: "cpro-account", value: configuration.cproAccount)
        headers.add(name: "Content-Type", value: "application/json;charset=utf-8")
        headers.add(name: "Accept", value: "application/json")
        let started = ContinuousClock.now
        let result = await exchange.post(configuration.baseURL.appendingPathComponent(path), headers: headers, body: body)
        switch result {
        case .success(let answer):
            logger.debug(
                "portal call", metadata: ["path": "\(path)", "status": "\(answer.status)", "duration": "\(ContinuousClock.now - started)"])
            return answer
        case .failure(let failure):
            logger.debug("portal call failed", metadata: ["path": "\(path)", "sent": "\(failure.sent)", "reason": "\(failure.reason)"])
            throw failure.sent ? .outcomeUnknown("\(path): \(failure.reason)") : .notSent("\(path): \(failure.reason)")
        }
    }

    /// Sorts an answer by the table above and reads a successful one.
    static func read<Answer: Decodable>(_ answer: PortalExchange.Answer, from path: String, as _: Answer.Type)
        throws(PortalError) -> Answer
    {
        let detail = libelle(answer).map { ": \($0)" } ?? ""
        switch answer.status {
        case 200...299: break
        case 408, 429, 503:
            throw .unavailable("\(path): HTTP \(answer.status)\(detail)", retryAfter: RetryAfter.parse(answer.headers))
        case 300...399:
            let location = answer.headers.first(name: "location") ?? "elsewhere"
            throw .refused("\(path): HTTP \(answer.status), a redirect to \(location), not followed")
        case 400...499: throw .refused("\(path): HTTP \(answer.status)\(detail)")
        default: throw .outcomeUnknown("\(path): HTTP \(answer.status)\(detail)")
        }
        let data = Data(answer.body.readableBytesView)
        let envelope: CproEnvelope
        do { envelope = try JSONDecoder().decode(CproEnvelope.self, from: data) } catch {
            throw .outcomeUnknown("\(path): the answer is not Chorus Pro's JSON with a codeRetour (\(describe(error)))")
        }
        guard envelope.codeRetour == 0 else {
            throw .refused("\(path): codeRetour \(envelope.codeRetour)" + (envelope.libelle.map { ": \($0)" } ?? ""))
        }
        do { return try JSONDecoder().decode(Answer.self, from: data) } catch {
            throw .outcomeUnknown("\(path): the answer does not read (\(describe(error)))")
        }
    }

    /// The `libelle` of an error answer, when it has one.
    private static func libelle(_ answer: PortalExchange.Answer) -> String? {
        (try? JSONDecoder().decode(CproEnvelope.self, from: Data(answer.body.readableBytesView)))?.libelle
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case .keyNotFound(let key, let context):
            return "no \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not JSON" : "\(path) is not what it should be"
        @unknown default:
            return "not JSON"
        }
    }
}
