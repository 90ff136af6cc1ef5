import Foundation

/// How the simulator reads request fields: as tolerant as a real gateway is of real clients. Go clients send
/// every field, empty ones as `""`, `0` or `null` (go-choruspro marshals structs without `omitempty`); some send
/// numbers as strings.
extension KeyedDecodingContainer {
    /// A text field; nil when absent, null, or blank.
    func text(_ key: Key) throws -> String? {
        guard let value = try decodeIfPresent(String.self, forKey: key) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A whole number given as a number or as a string of digits; nil when absent, null, blank or 0.
    /// - Throws: `DecodingError` when it is something else.
    func positiveInteger(_ key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return number > 0 ? number : nil }
        let text = try decode(String.self, forKey: key).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let number = Int64(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\"\(text)\" is not a whole number")
        }
        return number > 0 ? number : nil
    }

    /// A boolean given as true/false or as the strings "true"/"false"; nil when absent or null.
    func flag(_ key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Bool.self, forKey: key) { return value }
        switch try decode(String.self, forKey: key).lowercased() {
        case "true": return true
        case "false", "": return false
        default: throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a boolean")
        }
    }
}
