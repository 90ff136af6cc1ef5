import Foundation
import HTTPTypes
import Hub
import Hummingbird
import NIOCore

/// The operators' pages: the dashboard, the queue of rejected and stuck flows with its actions, the reconciliation
/// with the portal. Anyone else gets 404, as for a page that does not exist.
extension ConsoleRoutes {
    func registerOperations(on group: RouterGroup<HubRequestContext>) {
        group.get("operations", use: dashboard)
        group.get("operations/queue", use: queue)
        group.post("operations/invoices", use: actOnInvoices)
        group.post("operations/deliveries", use: actOnDeliveries)
        group.get("operations/reconciliation", use: reconciliation)
    }

    /// The operator signed in; nil when the request has no session or another role.
    private func operatorSession(_ context: HubRequestContext) -> Accounts.SignedIn? {
        guard let signedIn = context.signedIn, signedIn.principal.role == .operator else { return nil }
        return signedIn
    }

    @Sendable func dashboard(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard context.signedIn != nil else { return signInFirst(request) }
        let view = view(request, context)
        guard operatorSession(context) != nil else { return notFound(view) }
        let language = view.language
        let words = pages.strings
        let figures = try await services.operations.dashboard()
        let volume = ConsoleCharts.columns(
            figures.days.map { day in
                ConsoleCharts.Bar(
                    label: ConsoleFormat.date(day.day, language), value: Double(day.total), part: Double(day.rejected),
                    description: "\(ConsoleFormat.date(day.day, language)) : \(day.total) \(words.word("chart_deposits", language)), \(day.rejected) \(words.word("chart_rejected", language))")
            }, title: words.word("chart_volume", language))
        let causes = ConsoleCharts.rows(
            figures.causes.map { ConsoleCharts.Bar(label: $0.rule, value: Double($0.count), description: "\($0.rule) : \($0.count)") },
            title: words.word("chart_causes", language))
        let delays = ConsoleCharts.columns(
            figures.delays.map { day in
                ConsoleCharts.Bar(
                    label: ConsoleFormat.date(day.day, language), value: Double(day.averageMilliseconds) / 1000,
                    description: "\(ConsoleFormat.date(day.day, language)) : \(day.count) · \(words.word("chart_average", language)) \(ConsoleCharts.short(Double(day.averageMilliseconds) / 1000)) s · max \(ConsoleCharts.short(Double(day.maximumMilliseconds) / 1000)) s")
            }, title: words.word("chart_delays", language))
        let statuses: [[String: Any]] = figures.statusCounts.filter { $0.count > 0 }.map {
            ["code": $0.status.rawValue, "name": $0.status.name(language), "count": $0.count, "statusClass": ConsoleFormat.statusClass($0.status),
             "href": "/invoices?status=\($0.status.rawValue)"]
        }
        let days: [[String: Any]] = figures.days.reversed().map {
            ["day": ConsoleFormat.date($0.day, language), "total": $0.total, "rejected": $0.rejected]
        }
        return pages.render(
            "dashboard",
            [
                "title": words.word("dashboard", language), "total": figures.total, "statuses": statuses, "days": days,
                "volumeChart": volume, "causesChart": causes, "delaysChart": delays, "hasCauses": !figures.causes.isEmpty,
                "hasDelays": !figures.delays.isEmpty,
            ], view: view)
    }

    @Sendable func queue(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard context.signedIn != nil else { return signInFirst(request) }
        let view = view(request, context)
        guard operatorSession(context) != nil else { return notFound(view) }
        let parameters = request.uri.queryParameters
        let days = parameters.get("days").flatMap { Int($0) }.map { min(max($0, 1), 365) } ?? 5
        let queue = try await services.operations.queue(stuckDays: days)
        let language = view.language
        if parameters.get("format") == "csv" { return ConsoleCSV.queue(queue, language: language) }
        let rejections: [[String: Any]] = queue.rejections.map { group in
            [
                "rule": group.rule, "count": group.count,
                "examples": group.examples.map { ConsoleFormat.invoice($0, language) },
            ]
        }
        let deliveries: [[String: Any]] = queue.deliveries.map { group in
            [
                "kind": group.kind.rawValue, "error": group.error.isEmpty ? "—" : group.error, "count": group.count,
                "examples": group.examples.map { delivery -> [String: Any] in
                    ["id": delivery.id, "invoice": delivery.invoiceID.rawValue, "destination": delivery.destination.rawValue,
                     "attempts": delivery.attempts, "updated": ConsoleFormat.timestamp(delivery.updatedAt, language)]
                },
            ]
        }
        let stuck: [[String: Any]] = queue.stuck.map { row in
            var values = ConsoleFormat.invoice(row.summary, language)
            values["portalStatus"] = row.tracking.portalStatus ?? row.tracking.flowState ?? "—"
            values["since"] = ConsoleFormat.timestamp(row.tracking.changedAt, language)
            return values
        }
        let channels = try await services.operations.channels(forDeliveries: queue.deliveries.flatMap(\.examples))
        var values: [String: Any] = [
            "channels": channels.map { ["id": $0.id.rawValue, "label": "\($0.buyerSIRET) · \($0.kind.rawValue) · \($0.format.rawValue) · \($0.id)"] },
            "hasChannels": !channels.isEmpty,
            "title": pages.strings.word("queue", language), "days": days, "rejections": rejections, "deliveries": deliveries, "stuck": stuck,
            "hasRejections": !rejections.isEmpty, "hasDeliveries": !deliveries.isEmpty, "hasStuck": !stuck.isEmpty,
            "csvHref": "/operations/queue?days=\(days)&format=csv",
        ]
        if let done = parameters.get("done"), let word = ["resolved": "queue_done_resolved", "requested": "queue_done_requested",
            "retried": "queue_done_retried",
            "rerouted": "queue_done_rerouted"][done] {
            values["notice"] = pages.strings.word(word, language)
        }
        return pages.render("queue", values, view: view)
    }

    /// A queue form, checked: the operator, the items ticked (each once: an invoice rejected by several rules is in
    /// several groups), the comment and the button pressed; or the answer when a check fails.
    private struct TickedForm {
        let signedIn: Accounts.SignedIn
        let ids: [String]
        let comment: String
        let action: String?
        let channel: String?
    }

    /// The ticked form, or the answer when a check fails.
    private func queueForm(_ request: Request, _ context: HubRequestContext, items field: String) async throws -> Result<TickedForm, QueueAnswer> {
        guard context.signedIn != nil else { return .failure(QueueAnswer(response: signInFirst(request))) }
        let view = view(request, context)
        guard let signedIn = operatorSession(context) else { return .failure(QueueAnswer(response: notFound(view))) }
        let form = try await ConsoleForm.read(request)
        guard form.carries(token: signedIn.csrfToken) else { return .failure(QueueAnswer(response: expired(view))) }
        var seen: Set<String> = []
        let ids = Array(form.all(field).filter { !$0.isEmpty && seen.insert($0).inserted }.prefix(500))
        guard !ids.isEmpty else { return .failure(QueueAnswer(response: queueMessage("queue_nothing_ticked", view))) }
        return .success(
            TickedForm(
                signedIn: signedIn, ids: ids, comment: String((form["comment"] ?? "").prefix(2_000)), action: form["action"],
                channel: form["channel"]))
    }

    /// The page answered instead of acting.
    private struct QueueAnswer: Error {
        let response: Response
    }

    /// Resolve or ask for corrections, on the invoices ticked.
    @Sendable func actOnInvoices(_ request: Request, context: HubRequestContext) async throws -> Response {
        let ticked: TickedForm
        switch try await queueForm(request, context, items: "invoice") {
        case .failure(let answer): return answer.response
        case .success(let form): ticked = form
        }
        let invoices = ticked.ids.map { InvoiceID(rawValue: $0) }
        switch ticked.action {
        case "resolve":
            try await services.operations.resolve(invoices, comment: ticked.comment, by: ticked.signedIn.principal)
            return ConsolePages.redirect("/operations/queue?done=resolved")
        case "request-correction":
            try await services.operations.requestCorrection(invoices, comment: ticked.comment, by: ticked.signedIn.principal)
            return ConsolePages.redirect("/operations/queue?done=requested")
        default:
            return queueMessage("queue_unknown_action", view(request, context))
        }
    }

    /// Retry or resolve the deliveries ticked.
    @Sendable func actOnDeliveries(_ request: Request, context: HubRequestContext) async throws -> Response {
        let ticked: TickedForm
        switch try await queueForm(request, context, items: "delivery") {
        case .failure(let answer): return answer.response
        case .success(let form): ticked = form
        }
        let principal = ticked.signedIn.principal
        do {
            switch ticked.action {
            case "retry":
                try await services.operations.retry(deliveries: ticked.ids, by: principal)
                return ConsolePages.redirect("/operations/queue?done=retried")
            case "resolve":
                try await services.operations.resolve(deliveries: ticked.ids, comment: ticked.comment, by: principal)
                return ConsolePages.redirect("/operations/queue?done=resolved")
            case "reroute":
                guard let channel = ticked.channel else { return queueMessage("queue_no_channel", view(request, context)) }
                try await services.operations.reroute(
                    deliveries: ticked.ids, to: ChannelID(rawValue: channel), comment: ticked.comment, by: principal)
                return ConsolePages.redirect("/operations/queue?done=rerouted")
            default:
                return queueMessage("queue_unknown_action", view(request, context))
            }
        } catch let error as HubError {
            return pages.render("message", ["message": error.description], view: view(request, context), status: APIError(error).status)
        }
    }

    private func queueMessage(_ key: String, _ view: ConsoleView) -> Response {
        pages.render("message", ["message": pages.strings.word(key, view.language)], view: view, status: .badRequest)
    }

    @Sendable func reconciliation(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard context.signedIn != nil else { return signInFirst(request) }
        let view = view(request, context)
        guard operatorSession(context) != nil else { return notFound(view) }
        let language = view.language
        let parameters = request.uri.queryParameters
        let rows = try await services.operations.reconciliation(map: services.portalStatusMap)
        if parameters.get("format") == "csv" { return ConsoleCSV.reconciliation(rows, language: language) }
        let onlyMismatches = parameters.get("mismatches") == "1"
        let shown = rows.filter { !onlyMismatches || !$0.agrees }
        return pages.render(
            "reconciliation",
            [
                "title": pages.strings.word("reconciliation", language), "total": rows.count,
                "mismatchCount": rows.filter { !$0.agrees }.count, "onlyMismatches": onlyMismatches,
                "rows": shown.prefix(1_000).map { row -> [String: Any] in
                    var values = ConsoleFormat.invoice(row.invoice.summary, language)
                    values["portalStatus"] = row.invoice.tracking.portalStatus ?? row.invoice.tracking.flowState ?? "—"
                    values["portalLifecycle"] = row.portalLifecycle.map { "\($0.rawValue) · \($0.name(language))" } ?? "—"
                    values["agrees"] = row.agrees
                    values["checked"] = ConsoleFormat.timestamp(row.invoice.tracking.changedAt, language)
                    return values
                },
                "csvHref": "/operations/reconciliation?format=csv",
            ], view: view)
    }
}
