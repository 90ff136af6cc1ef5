public import Foundation
public import StableJSON

/// Writes an invoice as its `Codable` form (`BusinessGroup+Codable`: terms and groups keyed by id, repeatable
/// ones as arrays, decimals and dates as strings), straight into bytes: the same bytes `StableJSONEncoder`
/// writes for the invoice, several times faster (encoding through `Encoder` took as long as validating the
/// invoice). `JSONDecoder` reads it back.
///
/// The one writer of the model's JSON: the hub stores models with it, and `hermine convert --to json` and the
/// API's normalised invoice are written with it.
public enum InvoiceJSON {
    /// What becomes of the content of attached documents (BT-125).
    public enum Attachments: Sendable {
        /// Written in full, as Base64.
        case inline
        /// Left out: `"content": ""` and its length in `"contentLength"`. The hub stores models so, as the
        /// deposited document already holds the content; it puts the content back on reading.
        case elided
    }

    /// The invoice's JSON.
    /// - Parameters:
    ///   - attachments: whether the content of attached documents is written.
    ///   - layout: compact (the default), or pretty as `StableJSONEncoder` lays it out.
    public static func encode(_ invoice: Invoice, attachments: Attachments = .inline, layout: StableJSONEncoder.Layout = .compact) -> Data {
        var writer = Writer(dictionary: try? BusinessTerms.standard(), attachments: attachments, pretty: layout == .pretty)
        writer.bytes.reserveCapacity(8192)
        writer.group(invoice.root, depth: 0)
        if layout == .pretty { writer.bytes.append(0x0A) }
        return Data(writer.bytes)
    }

    private struct Writer {
        let dictionary: BusinessTerms?
        let attachments: Attachments
        let pretty: Bool
        var bytes: [UInt8] = []

        func isRepeatable(_ id: TermID) -> Bool { dictionary?[id]?.cardinality.isRepeatable == true }

        mutating func group(_ group: BusinessGroup, depth: Int) {
            guard !group.entries.isEmpty || !group.members.isEmpty else { return bytes.append(contentsOf: "{}".utf8) }
            bytes.append(UInt8(ascii: "{"))
            var first = true
            let entries = group.entries
            var index = 0
            while index < entries.count {
                let term = entries[index].term
                var end = index + 1
                while end < entries.count && entries[end].term == term { end += 1 }
                key(term, first: &first, depth: depth + 1)
                if end - index > 1 || isRepeatable(term) {
                    bytes.append(UInt8(ascii: "["))
                    for position in index..<end {
                        if position > index { bytes.append(UInt8(ascii: ",")) }
                        newline(depth + 2)
                        value(entries[position].value, depth: depth + 2)
                    }
                    newline(depth + 1)
                    bytes.append(UInt8(ascii: "]"))
                } else {
                    value(entries[index].value, depth: depth + 1)
                }
                index = end
            }
            let members = group.members
            index = 0
            while index < members.count {
                let id = members[index].group
                var end = index + 1
                while end < members.count && members[end].group == id { end += 1 }
                key(id, first: &first, depth: depth + 1)
                if end - index > 1 || isRepeatable(id) {
                    bytes.append(UInt8(ascii: "["))
                    for position in index..<end {
                        if position > index { bytes.append(UInt8(ascii: ",")) }
                        newline(depth + 2)
                        self.group(members[position].content, depth: depth + 2)
                    }
                    newline(depth + 1)
                    bytes.append(UInt8(ascii: "]"))
                } else {
                    self.group(members[index].content, depth: depth + 1)
                }
                index = end
            }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        }

        /// A member's key, on its own line when pretty.
        mutating func key(_ id: TermID, first: inout Bool, depth: Int) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            newline(depth)
            string(id.description)
            colon()
        }

        mutating func member(_ name: String, depth: Int) {
            bytes.append(UInt8(ascii: ","))
            newline(depth)
            string(name)
            colon()
        }

        mutating func colon() {
            bytes.append(UInt8(ascii: ":"))
            if pretty { bytes.append(UInt8(ascii: " ")) }
        }

        mutating func newline(_ depth: Int) {
            guard pretty else { return }
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        mutating func value(_ value: TermValue, depth: Int) {
            switch value {
            case .identifier(let identifier):
                bytes.append(UInt8(ascii: "{"))
                newline(depth + 1)
                string("value")
                colon()
                string(identifier.value)
                if let scheme = identifier.scheme {
                    member("scheme", depth: depth + 1)
                    string(scheme)
                }
                if let version = identifier.schemeVersion {
                    member("schemeVersion", depth: depth + 1)
                    string(version)
                }
                newline(depth)
                bytes.append(UInt8(ascii: "}"))
            case .binary(let object):
                bytes.append(UInt8(ascii: "{"))
                newline(depth + 1)
                string("content")
                colon()
                switch attachments {
                case .inline: object.base64Bytes.withUnsafeBufferPointer { JSONString.append(utf8: $0, to: &bytes) }
                case .elided:
                    string("")
                    member("contentLength", depth: depth + 1)
                    bytes.append(contentsOf: String(object.base64Bytes.count).utf8)
                }
                if let mime = object.mimeCode {
                    member("mimeCode", depth: depth + 1)
                    string(mime)
                }
                if let name = object.filename {
                    member("filename", depth: depth + 1)
                    string(name)
                }
                newline(depth)
                bytes.append(UInt8(ascii: "}"))
            default:
                string(value.text)
            }
        }

        mutating func string(_ text: String) { JSONString.append(text, to: &bytes) }
    }
}
