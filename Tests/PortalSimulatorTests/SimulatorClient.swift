import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PortalSimulator
import PortalTestSupport

/// Requests as a Chorus Pro client makes them, with what the tests read of the answers.
struct SimulatorClient: Sendable {
    let running: RunningSimulator

    init(_ running: RunningSimulator) { self.running = running }

    /// An answer: status, headers, body, and the body as a JSON object.
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var codeRetour: Int? { json["codeRetour"] as? Int }
    }

    static let demoAccount = PortalCredentials.demo.cproAccount

    func send(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, headers: [(String, String)] = [], timeout: Duration = .seconds(30)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: running.url.absoluteString + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout.components.seconds))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// A form-encoded token request.
    func tokenRequest(_ form: String, headers: [(String, String)] = []) async throws -> Answer {
        try await send(
            .POST, "/api/oauth/token", body: Data(form.utf8),
            headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers)
    }

    /// A token for the demo client.
    func token() async throws -> String {
        let answer = try await tokenRequest(
            "grant_type=client_credentials&client_id=hermine-demo&client_secret=hermine-demo-secret&scope=openid")
        guard let token = answer.json["access_token"] as? String else { throw UnexpectedAnswer(answer.text) }
        return token
    }

    /// A `/cpro/…` call with `token` (a new one when nil) and the demo account (none when `account` is nil).
    func cpro(_ path: String, _ json: [String: Any], token: String? = nil, account: String? = demoAccount) async throws -> Answer {
        try await cpro(path, body: try JSONSerialization.data(withJSONObject: json), token: token, account: account)
    }

    func cpro(_ path: String, body: Data, token: String? = nil, account: String? = demoAccount) async throws -> Answer {
        var headers = [("Content-Type", "application/json;charset=utf-8"), ("Authorization", "Bearer \(try await resolve(token))")]
        if let account { headers.append(("cpro-account", account)) }
        return try await send(.POST, "/cpro/" + path, body: body, headers: headers)
    }

    private func resolve(_ token: String?) async throws -> String {
        if let token { return token }
        return try await self.token()
    }

    /// Deposits a file as a flow.
    func deposit(
        _ file: Data, syntax: String = "IN_DP_E1_UBL_INVOICE", name: String = "invoice.xml", token: String? = nil
    ) async throws -> Answer {
        try await cpro(
            "factures/v1/deposer/flux",
            ["fichierFlux": file.base64EncodedString(), "nomFichier": name, "syntaxeFlux": syntax, "avecSignature": false],
            token: token)
    }

    /// Deposits a file and returns its flow number.
    func depositFlow(_ file: Data, syntax: String = "IN_DP_E1_UBL_INVOICE", name: String = "invoice.xml", token: String? = nil)
        async throws -> String
    {
        let answer = try await deposit(file, syntax: syntax, name: name, token: token)
        guard let number = answer.json["numeroFluxDepot"] as? String else { throw UnexpectedAnswer(answer.text) }
        return number
    }

    /// The flow's detailed report.
    func report(_ flow: String, token: String? = nil) async throws -> Answer {
        try await cpro("transverses/v1/consulterCRDetaille", ["numeroFluxDepot": flow], token: token)
    }

    /// The flow's report once it is processed (within a minute: a busy machine running the whole suite on two cores
    /// may leave the simulator's processing waiting for seconds).
    func processedReport(_ flow: String, token: String? = nil) async throws -> [String: Any] {
        let token = try await resolve(token)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let report = try await self.report(flow, token: token).json
            if report["etatCourantDepotFlux"] as? String != FlowState.waiting.rawValue { return report }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw UnexpectedAnswer("the flow \(flow) was not processed within 60 s")
    }

    /// The invoices of a flow.
    func invoices(flow: String? = nil, number: String? = nil, page: Int? = nil, perPage: Int? = nil, token: String? = nil)
        async throws -> Answer
    {
        var body: [String: Any] = [:]
        if let flow { body["numeroFluxDepot"] = flow }
        if let number { body["numeroFacture"] = number }
        var pagination: [String: Any] = [:]
        if let page { pagination["pageResultatDemandee"] = page }
        if let perPage { pagination["nbResultatsParPage"] = perPage }
        if !pagination.isEmpty { body["rechercheFactureParFournisseur"] = pagination }
        return try await cpro("factures/v1/rechercher/fournisseur", body, token: token)
    }

    /// The id of the one invoice of an integrated flow.
    func invoiceID(flow: String, token: String? = nil) async throws -> Int {
        let list = try await invoices(flow: flow, token: token).json["listeFactures"] as? [[String: Any]] ?? []
        guard list.count == 1, let id = list[0]["identifiantFactureCPP"] as? Int else {
            throw UnexpectedAnswer("the flow \(flow) has \(list.count) invoices")
        }
        return id
    }

    /// An invoice's status history.
    func history(_ id: Int, token: String? = nil) async throws -> Answer {
        try await cpro("factures/v1/consulter/historique", ["idFacture": id], token: token)
    }

    /// The status codes of an invoice's history, newest first (the portal's order).
    func statuses(_ id: Int, token: String? = nil) async throws -> [String] {
        let history = try await self.history(id, token: token).json["historiquesDesStatuts"] as? [String: Any]
        return (history?["histoStatut"] as? [[String: Any]] ?? []).compactMap { $0["histoStatutCode"] as? String }
    }

    /// `GET /simulator/stats`.
    func stats() async throws -> [String: Int] {
        let answer = try await send(.GET, "/simulator/stats")
        return answer.json.compactMapValues { $0 as? Int }
    }

    /// `POST /simulator/faults`.
    @discardableResult
    func faults(_ change: [String: Any]) async throws -> Answer {
        try await send(.POST, "/simulator/faults", body: try JSONSerialization.data(withJSONObject: change))
    }

    /// `POST /simulator/invoices/{id}/status`.
    func setStatus(_ id: Int, _ status: String, comment: String? = nil) async throws -> Answer {
        var body: [String: Any] = ["statut": status]
        if let comment { body["commentaire"] = comment }
        return try await send(.POST, "/simulator/invoices/\(id)/status", body: try JSONSerialization.data(withJSONObject: body))
    }
}

/// The simulator answered something the test did not expect.
struct UnexpectedAnswer: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
