import Foundation
import Hub
import Hummingbird
import InvoiceModel

/// The query string of `GET /v1/invoices`, read strictly: an unknown parameter, a repeated one, or a
/// value out of range is a 400 naming it (a typo must not silently widen a listing).
enum ListQuery {
    /// The parameters the listing understands.
    static let parameters: Set<String> = [
        "status", "seller", "buyer", "number", "issuedFrom", "issuedTo", "supplier", "limit", "cursor",
    ]

    /// The query, or nil when it can match nothing (a date range that ends before it starts).
    static func parse(_ query: Parameters) throws -> InvoiceQuery? {
        try refuseUnknown(query, allowed: parameters)
        var result = InvoiceQuery()
        for text in query.getAll("status").flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard let status = InvoiceStatus(code: String(text)) else {
                throw APIError.badRequest(
                    .invalidQuery, "status \(text) is not a lifecycle status (200…213 or a slug such as deposited)")
            }
            result.statuses.insert(status)
        }
        result.seller = try single("seller", in: query)
        result.buyer = try single("buyer", in: query)
        result.number = try single("number", in: query)
        result.supplierOrganisationID = try single("supplier", in: query)
        result.issuedFrom = try date("issuedFrom", in: query)
        result.issuedTo = try date("issuedTo", in: query)
        if let text = try single("limit", in: query) {
            guard let limit = Int(text), (1...InvoiceQuery.maximumLimit).contains(limit) else {
                throw APIError.badRequest(.invalidQuery, "limit must be a whole number from 1 to \(InvoiceQuery.maximumLimit)")
            }
            result.limit = limit
        }
        if let text = try single("cursor", in: query) { result.cursor = try InvoiceCursor(text) }
        if let from = result.issuedFrom, let to = result.issuedTo, from > to { return nil }
        return try result.validated()
    }

    /// Refuses parameters not in `allowed`.
    static func refuseUnknown(_ query: Parameters, allowed: Set<String>) throws(APIError) {
        for (name, _) in query where !allowed.contains(String(name)) {
            throw APIError.badRequest(
                .invalidQuery, "unknown query parameter \(name); known: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    static func single(_ name: String, in query: Parameters) throws(APIError) -> String? {
        let values = query.getAll(name)
        guard values.count <= 1 else { throw APIError.badRequest(.invalidQuery, "\(name) may be given once") }
        guard let value = values.first else { return nil }
        guard !value.isEmpty, value.unicodeScalars.count <= 200 else {  // as JSON Schema's maxLength counts
            throw APIError.badRequest(.invalidQuery, "\(name) must have 1 to 200 characters")
        }
        return value
    }

    private static func date(_ name: String, in query: Parameters) throws(APIError) -> CalendarDate? {
        guard let text = try single(name, in: query) else { return nil }
        guard text.utf8.count == 10, let date = CalendarDate(iso: text) else {
            throw APIError.badRequest(.invalidQuery, "\(name) must be a date YYYY-MM-DD, not \(text)")
        }
        return date
    }
}
