import Foundation
import HTTPTypes
import Hub
import Hummingbird
import InvoiceIntake
import InvoiceModel
import InvoiceRules
import NIOCore

extension ConsoleRoutes {
    // MARK: The list

    /// Suppliers' invoices, buyers' inbox, operators' everything: filters, search, pages, CSV.
    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return signInFirst(request) }
        let view = view(request, context)
        let parameters = request.uri.queryParameters
        // 100 a page; up to 500 when asked (`limit`).
        var query = InvoiceQuery(limit: parameters.get("limit").flatMap { Int($0) }.map { min(max($0, 10), InvoiceQuery.maximumLimit) } ?? 100)
        var problems: [String] = []
        let status = parameters.get("status").flatMap { Int($0) }.flatMap(InvoiceStatus.init(rawValue:))
        if let status { query.statuses = [status] }
        if let text = parameters.get("q")?.trimmingCharacters(in: .whitespaces), !text.isEmpty { query.text = String(text.prefix(200)) }
        for (name, keyPath) in [("from", \InvoiceQuery.issuedFrom), ("to", \InvoiceQuery.issuedTo)] {
            guard let text = parameters.get(name), !text.isEmpty else { continue }
            if let date = CalendarDate(iso: text) { query[keyPath: keyPath] = date } else { problems.append(text) }
        }
        if let cursor = parameters.get("after") { query.cursor = try? InvoiceCursor(cursor) }
        let isCSV = parameters.get("format") == "csv"
        if isCSV { query.limit = InvoiceQuery.maximumLimit }
        let page: InvoicePage
        do { page = try await services.invoices.list(query.validated(), scope: signedIn.principal.scope) } catch let error as HubError {
            problems.append(error.description)
            page = InvoicePage(invoices: [], nextCursor: nil)
        }
        let language = view.language
        if isCSV { return ConsoleCSV.invoices(page.invoices, language: language) }
        let rows = page.invoices.map { ConsoleFormat.invoice($0, language) }
        var filters = request.uri.queryParameters.filter { $0.key != "after" && $0.key != "format" }.map { "\($0.key)=\(ConsoleView.queryEscaped(String($0.value)))" }
        filters.sort()
        let base = "/invoices?" + filters.joined(separator: "&")
        let statuses: [[String: Any]] = InvoiceStatus.allCases.map {
            ["code": $0.rawValue, "name": "\($0.rawValue) · \($0.name(language))", "selected": $0 == status]
        }
        var values: [String: Any] = [
            "rows": rows, "empty": rows.isEmpty, "statuses": statuses, "q": parameters.get("q") ?? "",
            "from": parameters.get("from") ?? "", "to": parameters.get("to") ?? "",
            "csvHref": base + (filters.isEmpty ? "" : "&") + "format=csv",
            "title": pages.strings.word(signedIn.principal.role == .buyer ? "inbox" : "invoices", language),
        ]
        if let next = page.nextCursor { values["nextHref"] = base + (filters.isEmpty ? "" : "&") + "after=\(next)" }
        if !problems.isEmpty { values["problems"] = problems }
        return pages.render("invoices", values, view: view)
    }

    // MARK: Depositing

    @Sendable func depositPage(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return signInFirst(request) }
        let view = view(request, context)
        guard signedIn.principal.role == .supplier else { return notFound(view) }
        return pages.render("deposit", ["limitMB": maximumBodySize / 1_000_000, "title": pages.strings.word("deposit_title", view.language)], view: view)
    }

    /// One or many files from the form (`multipart/form-data`), each deposited and answered on the page.
    @Sendable func deposit(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return signInFirst(request) }
        let view = view(request, context)
        guard signedIn.principal.role == .supplier else { return notFound(view) }
        let words = pages.strings
        let language = view.language
        let media = MediaTypeHeader(request.headers[.contentType])
        guard media?.type == "multipart/form-data" else {
            return pages.render("deposit", ["error": words.word("deposit_not_multipart", language)], view: view, status: .badRequest)
        }
        let parts: [DepositBody.Part]
        do {
            let body = try await DepositBody(limit: maximumBodySize).collect(request.body)
            parts = try DepositBody.parts(of: body, boundary: media?.parameters["boundary"])
        } catch {
            let message = error.status == .contentTooLarge ? words.word("deposit_too_large", language) : error.message
            return pages.render("deposit", ["error": message, "limitMB": maximumBodySize / 1_000_000], view: view, status: error.status)
        }
        let form = ConsoleForm(fields: Dictionary(
            grouping: parts.filter { $0.disposition.filename == nil }, by: { $0.disposition.name ?? "" }
        ).mapValues { $0.map { String(decoding: $0.body, as: UTF8.self) } })
        guard form.carries(token: signedIn.csrfToken) else { return expired(view) }
        let files = parts.filter { ($0.disposition.filename ?? "").isEmpty == false || (!$0.body.isEmpty && $0.disposition.name == "files") }
        guard !files.isEmpty, files.contains(where: { !$0.body.isEmpty }) else {
            return pages.render("deposit", ["error": words.word("deposit_no_file", language), "limitMB": maximumBodySize / 1_000_000], view: view, status: .badRequest)
        }
        var results: [[String: Any]] = []
        for file in files {
            let outcome = try await services.ingestion.ingest(file.body, from: signedIn.principal.organisation)
            results.append(depositResult(file.disposition.filename ?? "—", outcome, language))
        }
        let accepted = results.filter { $0["accepted"] as? Bool == true }.count
        return pages.render(
            "deposit",
            ["results": results, "hasResults": !results.isEmpty, "title": pages.strings.word("deposit_title", language), "limitMB": maximumBodySize / 1_000_000, "summary": words.word("deposit_summary", language)
                .replacingOccurrences(of: "{accepted}", with: String(accepted)).replacingOccurrences(of: "{total}", with: String(results.count))],
            view: view)
    }

    private func depositResult(_ file: String, _ outcome: IngestionOutcome, _ language: ConsoleLanguage) -> [String: Any] {
        let words = pages.strings
        var result: [String: Any] = ["file": file]
        switch outcome {
        case .accepted(let invoice):
            result["accepted"] = true
            result["message"] = words.word("deposit_accepted", language)
            result["href"] = "/invoices/\(invoice.summary.id)"
            result["number"] = invoice.summary.number ?? "—"
        case .rejected(let invoice):
            result["rejected"] = true
            result["message"] = words.word("deposit_rejected", language)
                .replacingOccurrences(of: "{count}", with: String(invoice.report.findings.filter { $0.severity == .fatal }.count))
            result["href"] = "/invoices/\(invoice.summary.id)"
            result["number"] = invoice.summary.number ?? "—"
            result["findings"] = ConsoleFormat.findings(invoice.report, language, words, advice: pages.advice).prefix(5).map { $0 }
            result["hasFindings"] = true
        case .duplicate(let original):
            result["refused"] = true
            result["message"] = words.word("deposit_duplicate", language)
            result["href"] = "/invoices/\(original.id)"
            result["number"] = original.number ?? "—"
        case .tooLarge:
            result["refused"] = true
            result["message"] = words.word("deposit_too_large", language)
        case .empty:
            result["refused"] = true
            result["message"] = words.word("deposit_empty", language)
        case .notAnInvoice(let error), .unreadable(let error):
            result["refused"] = true
            result["message"] = words.word("deposit_unreadable", language)
            result["detail"] = error.description
        case .sellerNotOwned(let seller):
            result["refused"] = true
            result["message"] = words.word("deposit_seller_not_owned", language).replacingOccurrences(of: "{seller}", with: seller ?? "—")
        case .idempotencyKeyReused, .invalidIdempotencyKey:
            result["refused"] = true
            result["message"] = words.word("deposit_unreadable", language)
        }
        return result
    }

    // MARK: One invoice

    @Sendable func invoice(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return signInFirst(request) }
        let view = view(request, context)
        guard let id = context.consoleInvoiceID() else { return notFound(view) }
        return try await invoicePage(id, signedIn: signedIn, view: view, notice: request.uri.queryParameters.get("done").map { _ in
            pages.strings.word("status_changed", view.language)
        })
    }

    func invoicePage(
        _ id: InvoiceID, signedIn: Accounts.SignedIn, view: ConsoleView, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let scope = signedIn.principal.scope
        guard let detail = try await services.invoices.detail(id, scope: scope),
            let events = try await services.invoices.events(id, scope: scope)
        else { return notFound(view) }
        let model = try await services.invoices.model(id, scope: scope)
        let (resolution, corrects) = try await services.store.read { tx in
            (try tx.resolution(of: id.rawValue), try tx.resolutions(replacedBy: id.rawValue).filter { $0.kind == .corrected })
        }
        let language = view.language
        let words = pages.strings
        let summary = detail.summary
        var values = ConsoleFormat.invoice(summary, language)
        values["syntax"] = summary.syntax.rawValue.uppercased()
        values["container"] = summary.container.rawValue
        values["timeline"] = events.reversed().map { ConsoleFormat.event($0, language, words) }
        values["deliveries"] = detail.deliveries.map { ConsoleFormat.delivery($0, language, words) }
        values["hasDeliveries"] = !detail.deliveries.isEmpty
        let findings = ConsoleFormat.findings(detail.report, language, words, advice: pages.advice)
        if !findings.isEmpty {
            values["findings"] = findings
            values["findingsTitle"] = words.word(summary.status == .rejected ? "findings_rejected" : "findings_warnings", language)
        }
        if let model { values["document"] = ConsoleFormat.document(model, language, words) }
        let actions = ConsoleFormat.actions(for: signedIn.principal.role, language, words)
        if !actions.isEmpty && !summary.isRejectedAtDeposit {
            values["actions"] = actions
            values["hasActions"] = true
        }
        values["title"] = "\(words.word("invoice", language)) \(summary.number ?? id.rawValue)"
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        if let resolution {
            let comment = resolution.comment.isEmpty ? "—" : resolution.comment
            switch resolution.kind {
            case .correctionRequested: values["correctionRequested"] = comment
            case .corrected: values["correctedBy"] = resolution.replacement
            case .resolved: values["resolvedNote"] = comment
            case .rerouted: break
            }
        }
        if let original = corrects.first { values["corrects"] = original.subject }
        return pages.render("invoice", values, view: view, status: status)
    }

    @Sendable func download(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return signInFirst(request) }
        let view = view(request, context)
        guard let id = context.consoleInvoiceID(), let format = context.parameters.get("format").flatMap(DeliveryFormat.init(rawValue:)),
            let summary = try await services.invoices.summary(id, scope: signedIn.principal.scope)
        else { return notFound(view) }
        // The documents the buyers' channels send, rendered by the one mechanism that renders them for channels.
        do {
            let rendered = try await services.channels.documents.render(summary, as: format)
            let qualifier = format == .ubl || format == .cii ? "-\(format.rawValue)" : ""
            return Self.attachment(
                rendered.data, type: rendered.mediaType, name: "\(ConsoleFormat.fileName(summary))\(qualifier).\(rendered.fileExtension)")
        } catch {
            return pages.render(
                "message", ["message": pages.strings.word("download_not_convertible", view.language), "detail": "\(error)"], view: view,
                status: .unprocessableContent)
        }
    }

    static func attachment(_ bytes: Data, type: String, name: String) -> Response {
        var headers = ConsolePages.securityHeaders(contentType: type)
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A status set from the invoice page's buttons, with the reason typed beside them.
    @Sendable func changeStatus(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return signInFirst(request) }
        let view = view(request, context)
        guard let id = context.consoleInvoiceID() else { return notFound(view) }
        let form = try await ConsoleForm.read(request)
        guard form.carries(token: signedIn.csrfToken) else { return expired(view) }
        guard let code = form["status"].flatMap({ Int($0) }), let status = InvoiceStatus(rawValue: code),
            TransitionPolicy.allows(signedIn.principal.role, toSet: status)
        else { return notFound(view) }
        let reason = String((form["reason"] ?? "").prefix(2_000))
        do {
            _ = try await services.lifecycle.transition(invoiceID: id, to: status, by: signedIn.principal, reason: reason)
        } catch HubError.invoiceNotFound {
            return notFound(view)
        } catch HubError.transitionNotAllowed(_, let from, let to) {
            let message = pages.strings.word("status_not_allowed", view.language)
                .replacingOccurrences(of: "{from}", with: from.name(view.language)).replacingOccurrences(of: "{to}", with: to.name(view.language))
            return try await invoicePage(id, signedIn: signedIn, view: view, error: message, status: .conflict)
        }
        return ConsolePages.redirect("/invoices/\(id)?done=1")
    }
}
