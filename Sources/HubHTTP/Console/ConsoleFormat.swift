import Foundation
import Hub
import InvoiceModel
import InvoiceRules
import StableJSON

/// How the console writes the hub's values for people: amounts, dates, findings, events, the invoice itself. Each
/// returns the values a template reads (text only: Mustache escapes it).
enum ConsoleFormat {
    /// `1 234,50 EUR` in French, `1,234.50 EUR` in English; the decimal as stored when it is no number.
    static func amount(_ text: String?, currency: String?, _ language: ConsoleLanguage) -> String {
        guard let text, !text.isEmpty else { return "—" }
        return number(text, language) + (currency.map { " " + $0 } ?? "")
    }

    /// A decimal with its thousands grouped and the language's decimal mark.
    static func number(_ text: String, _ language: ConsoleLanguage) -> String {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isNumber) else { return text }
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(language == .fr ? "\u{202F}" : ",") }
            grouped.append(character)
        }
        let fraction = parts.count > 1 ? (language == .fr ? "," : ".") + parts[1] : ""
        return (negative ? "-" : "") + grouped + fraction
    }

    /// `02/11/2026` in French, `2026-11-02` in English.
    static func date(_ iso: String?, _ language: ConsoleLanguage) -> String {
        guard let iso, let date = CalendarDate(iso: iso) else { return iso ?? "—" }
        return date.formatted(language)
    }

    /// A moment, to the minute, in UTC: `05/12/2026 14:03 UTC` in French, `2026-12-05 14:03 UTC` in English (from
    /// the computed ISO 8601 form: a list of 500 invoices has a thousand of them, too many for `DateFormatter`).
    static func timestamp(_ date: Date, _ language: ConsoleLanguage) -> String {
        let iso = ISO8601Milliseconds.string(date)  // YYYY-MM-DDTHH:MM:SS.mmmZ
        guard iso.utf8.count == 24 else { return iso }
        let day = iso.prefix(10)
        let time = iso.dropFirst(11).prefix(5)
        guard language == .fr else { return "\(day) \(time) UTC" }
        let parts = day.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0]) \(time) UTC"
    }

    /// What the pages show of an invoice wherever it is listed or heads its page: number, parties, amount, dates and
    /// status (with its badge's class).
    static func invoice(_ summary: InvoiceSummary, _ language: ConsoleLanguage) -> [String: Any] {
        [
            "id": summary.id.rawValue, "number": summary.number ?? "—", "supplier": summary.supplierOrganisationID,
            "seller": summary.sellerName ?? summary.sellerIdentifier ?? "—", "buyer": summary.buyerName ?? summary.buyerSIRET ?? "—",
            "buyerSIRET": summary.buyerSIRET ?? "—", "amount": amount(summary.amountDue, currency: summary.currency, language),
            "issueDate": date(summary.issueDate, language), "received": timestamp(summary.receivedAt, language),
            "status": summary.status.name(language), "statusCode": summary.status.rawValue, "statusClass": statusClass(summary.status),
        ]
    }

    /// The badge's colour class of a status.
    static func statusClass(_ status: InvoiceStatus) -> String {
        switch status {
        case .rejected, .refused: "bad"
        case .disputed, .suspended: "warn"
        case .approved, .partiallyApproved, .completed, .paymentSent, .paid: "good"
        default: "info"
        }
    }

    /// Each finding, fatal first: what is wrong, where, how to fix it, in `language`.
    static func findings(
        _ report: ValidationReport, _ language: ConsoleLanguage, _ strings: ConsoleStrings, advice: FixAdvice
    ) -> [[String: Any]] {
        report.findings.sorted { $0.severity < $1.severity }.map { finding in
            [
                "rule": finding.rule, "fatal": finding.severity == .fatal,
                "severity": strings.word(finding.severity == .fatal ? "severity_fatal" : "severity_warning", language),
                "message": language == .fr ? finding.message.fr : finding.message.en,
                "element": finding.location.path.split(separator: "/").last.map(String.init) ?? finding.location.path,
                "path": finding.location.path, "line": finding.location.line, "hasLine": finding.location.line > 0,
                "hint": strings.word(advice.key(for: finding.rule), language),
            ]
        }
    }

    /// One event of the timeline: when, what, who, why.
    static func event(_ event: LifecycleEvent, _ language: ConsoleLanguage, _ strings: ConsoleStrings) -> [String: Any] {
        let actor: String
        switch event.actor {
        case .hub: actor = strings.word("actor_hub", language)
        case .portal: actor = strings.word("actor_portal", language)
        case .organisation(let role, let id): actor = "\(strings.word("role_\(role.rawValue)", language)) · \(id)"
        }
        var values: [String: Any] = [
            "at": timestamp(event.at, language), "status": event.to.name(language), "code": event.to.rawValue, "actor": actor,
            "statusClass": statusClass(event.to),
        ]
        if !event.reason.isEmpty { values["reason"] = event.reason }
        return values
    }

    /// One delivery with its attempts.
    static func delivery(_ detail: Deliveries.Detail, _ language: ConsoleLanguage, _ strings: ConsoleStrings) -> [String: Any] {
        let delivery = detail.delivery
        let destination: String
        switch delivery.destination {
        case .portal: destination = strings.word("destination_portal", language)
        case .channel(let id, let kind): destination = "\(strings.word("destination_channel", language)) \(kind.rawValue) · \(id.rawValue)"
        case .webhook: destination = strings.word("destination_webhook", language)
        case .mail: destination = strings.word("destination_mail", language)
        }
        var values: [String: Any] = [
            "destination": destination, "state": strings.word("delivery_\(delivery.state.rawValue)", language), "attemptCount": delivery.attempts,
            "attempts": detail.attempts.map { attempt -> [String: Any] in
                var row: [String: Any] = [
                    "number": attempt.number, "at": timestamp(attempt.startedAt, language), "outcome": attempt.outcome.rawValue,
                    "milliseconds": attempt.durationMilliseconds,
                ]
                if let error = attempt.error { row["error"] = error }
                return row
            },
        ]
        if let error = delivery.lastError { values["lastError"] = error }
        return values
    }

    /// The buttons of the invoice page: the statuses the role may set by hand, in the lifecycle's order.
    static func actions(for role: Role, _ language: ConsoleLanguage, _ strings: ConsoleStrings) -> [[String: Any]] {
        let offered: [InvoiceStatus] =
            switch role {
            case .buyer: [.inProcess, .approved, .disputed, .suspended, .refused, .paymentSent]
            case .supplier: [.completed, .paid]
            case .operator: []
            }
        return offered.filter { TransitionPolicy.allows(role, toSet: $0) }.map {
            ["code": $0.rawValue, "label": strings.word("action_\($0.rawValue)", language)]
        }
    }

    /// A download's file name: the invoice number when it makes a safe name, else the id.
    static func fileName(_ summary: InvoiceSummary) -> String {
        let number = (summary.number ?? "").filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return number.isEmpty ? summary.id.rawValue : number
    }

    /// The invoice as people read it: parties, lines, allowances and charges, VAT, totals, payment, attachments.
    static func document(_ invoice: Invoice, _ language: ConsoleLanguage, _ strings: ConsoleStrings) -> [String: Any] {
        let currency = invoice.currency
        func money(_ value: ExactDecimal?) -> String { amount(value?.description, currency: currency, language) }
        func party(_ party: Party?) -> [String: Any]? {
            guard let party else { return nil }
            var values: [String: Any] = ["name": party.name ?? "—"]
            var identifiers = party.identifiers.map(\.description)
            if let legal = party.legalRegistration { identifiers.append(legal.description) }
            if let vat = party.vatIdentifier { identifiers.append(vat) }
            values["identifiers"] = Array(Set(identifiers)).sorted().joined(separator: " · ")
            if let address = party.address {
                values["address"] = (address.lines + [[address.postCode, address.city].compactMap { $0 }.joined(separator: " "), address.countryCode ?? ""])
                    .filter { !$0.isEmpty }
            }
            if let contact = party.contact { values["contact"] = [contact.point, contact.telephone, contact.email].compactMap { $0 }.joined(separator: " · ") }
            return values
        }
        var values: [String: Any] = [
            "typeCode": invoice.typeCode ?? "—", "currency": currency ?? "—",
            "dueDate": invoice.dueDate.map { $0.formatted(language) } ?? "—",
            "buyerReference": invoice.buyerReference ?? "—", "orderReference": invoice.purchaseOrderReference ?? "—",
            "notes": invoice.notes.compactMap(\.text),
            "lines": invoice.lines.map { line -> [String: Any] in
                [
                    "id": line.id ?? "", "name": line.itemName ?? "—", "description": line.itemDescription ?? "",
                    "quantity": line.quantity.map { number($0.description, language) } ?? "—", "unit": line.unitCode ?? "",
                    "price": money(line.netPrice), "amount": money(line.netAmount),
                    "vat": [line.vatCategory, line.vatRate.map { number($0.description, language) + " %" }].compactMap { $0 }.joined(separator: " "),
                ]
            },
            "allowancesCharges": (invoice.allowances + invoice.charges).map { item -> [String: Any] in
                [
                    "kind": strings.word(item.kind.isCharge ? "charge" : "allowance", language), "reason": item.reason ?? item.reasonCode ?? "—",
                    "amount": money(item.amount),
                ]
            },
            "vat": invoice.vatBreakdown.map { vat -> [String: Any] in
                [
                    "category": vat.categoryCode ?? "—", "rate": vat.rate.map { number($0.description, language) + " %" } ?? "—",
                    "base": money(vat.taxableAmount), "tax": money(vat.taxAmount), "exemption": vat.exemptionReason ?? vat.exemptionReasonCode ?? "",
                ]
            },
            "attachments": invoice.attachments.map { attachment -> [String: Any] in
                [
                    "reference": attachment.reference ?? "—", "description": attachment.description ?? "",
                    "filename": attachment.document?.filename ?? attachment.externalLocation ?? "",
                ]
            },
        ]
        values["hasAllowancesCharges"] = !(invoice.allowances.isEmpty && invoice.charges.isEmpty)
        values["hasAttachments"] = !invoice.attachments.isEmpty
        if let seller = party(invoice.seller) { values["sellerParty"] = seller }
        if let buyer = party(invoice.buyer) { values["buyerParty"] = buyer }
        if let totals = invoice.totals {
            values["totals"] = [
                ["label": strings.word("total_lines", language), "value": money(totals.lineNetSum)],
                ["label": strings.word("total_allowances", language), "value": money(totals.allowanceTotal)],
                ["label": strings.word("total_charges", language), "value": money(totals.chargeTotal)],
                ["label": strings.word("total_without_vat", language), "value": money(totals.taxExclusive)],
                ["label": strings.word("total_vat", language), "value": money(totals.vatTotal)],
                ["label": strings.word("total_with_vat", language), "value": money(totals.taxInclusive)],
                ["label": strings.word("total_paid", language), "value": money(totals.paid)],
                ["label": strings.word("total_due", language), "value": money(totals.amountDue), "strong": true],
            ].filter { $0["value"] as? String != "—" }
        }
        if let payment = invoice.paymentInstructions {
            values["payment"] = [
                "means": [payment.meansCode, payment.meansText].compactMap { $0 }.joined(separator: " · "),
                "accounts": payment.creditTransferAccounts, "remittance": payment.remittanceInformation ?? "",
                "terms": invoice.paymentTerms ?? "",
            ]
        } else if let terms = invoice.paymentTerms {
            values["payment"] = ["means": "", "accounts": [String](), "remittance": "", "terms": terms]
        }
        return values
    }
}

extension CalendarDate {
    /// `02/11/2026` in French, `2026-11-02` in English.
    func formatted(_ language: ConsoleLanguage) -> String {
        guard language == .fr else { return description }
        let parts = description.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : description
    }
}
