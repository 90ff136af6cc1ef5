public import Foundation
public import InvoiceModel

/// Writes an invoice as the same JSON its `Codable` form gives (terms and groups keyed by id,
/// repeatable ones as arrays, decimals and dates as strings), straight into bytes: several times
/// faster than `JSONEncoder`, which took as long as validating the invoice. `JSONDecoder` reads it back.
public enum InvoiceJSON {
    /// What becomes of the content of attached documents (BT-125).
    public enum Attachments: Sendable {
        /// Written in full, as Base64.
        case inline
        /// Left out: `"content": ""` and its length in `"contentLength"`. The hub stores models so, as the
        /// deposited document already holds the content; `NormalisedInvoices` puts it back on reading.
        case elided
    }

    /// The invoice's JSON.
    public static func encode(_ invoice: Invoice, attachments: Attachments = .inline) -> Data {
        var writer = Writer(dictionary: try? BusinessTerms.standard(), attachments: attachments)
        writer.bytes.reserveCapacity(8192)
        writer.group(invoice.root)
        return Data(writer.bytes)
    }

    private struct Writer {
        let dictionary: BusinessTerms?
        let attachments: Attachments
        var bytes: [UInt8] = []

        func isRepeatable(_ id: TermID) -> Bool { dictionary?[id]?.cardinality.isRepeatable == true }

        mutating func group(_ group: BusinessGroup) {
            bytes.append(UInt8(ascii: "{"))
            var first = true
            let entries = group.entries
            var index = 0
            while index < entries.count {
                let term = entries[index].term
                var end = index + 1
                while end < entries.count && entries[end].term == term { end += 1 }
                key(term, first: &first)
                if end - index > 1 || isRepeatable(term) {
                    bytes.append(UInt8(ascii: "["))
                    for position in index..<end {
                        if position > index { bytes.append(UInt8(ascii: ",")) }
                        value(entries[position].value)
                    }
                    bytes.append(UInt8(ascii: "]"))
                } else {
                    value(entries[index].value)
                }
                index = end
            }
            let members = group.members
            index = 0
            while index < members.count {
                let id = members[index].group
                var end = index + 1
                while end < members.count && members[end].group == id { end += 1 }
                key(id, first: &first)
                if end - index > 1 || isRepeatable(id) {
                    bytes.append(UInt8(ascii: "["))
                    for position in index..<end {
                        if position > index { bytes.append(UInt8(ascii: ",")) }
                        self.group(members[position].content)
                    }
                    bytes.append(UInt8(ascii: "]"))
                } else {
                    self.group(members[index].content)
                }
                index = end
            }
            bytes.append(UInt8(ascii: "}"))
        }

        mutating func key(_ id: TermID, first: inout Bool) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(id.description)
            bytes.append(UInt8(ascii: ":"))
        }

        mutating func value(_ value: TermValue) {
            switch value {
            case .identifier(let identifier):
                bytes.append(contentsOf: #"{"value":"#.utf8)
                string(identifier.value)
                if let scheme = identifier.scheme {
                    bytes.append(contentsOf: #","scheme":"#.utf8)
                    string(scheme)
                }
                if let version = identifier.schemeVersion {
                    bytes.append(contentsOf: #","schemeVersion":"#.utf8)
                    string(version)
                }
                bytes.append(UInt8(ascii: "}"))
            case .binary(let object):
                bytes.append(contentsOf: #"{"content":"#.utf8)
                switch attachments {
                case .inline: string(object.base64)
                case .elided:
                    string("")
                    bytes.append(contentsOf: #","contentLength":"#.utf8)
                    bytes.append(contentsOf: String(object.base64.utf8.count).utf8)
                }
                if let mime = object.mimeCode {
                    bytes.append(contentsOf: #","mimeCode":"#.utf8)
                    string(mime)
                }
                if let name = object.filename {
                    bytes.append(contentsOf: #","filename":"#.utf8)
                    string(name)
                }
                bytes.append(UInt8(ascii: "}"))
            default:
                string(value.text)
            }
        }

        private static let hex = Array("0123456789abcdef".utf8)

        /// A JSON string: quotes, backslashes and control characters escaped; the rest as UTF-8, copied
        /// in runs (attachments make strings of hundreds of kilobytes).
        mutating func string(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            var text = text
            text.withUTF8 { utf8 in
                var runStart = 0
                for index in 0..<utf8.count {
                    let byte = utf8[index]
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    escape(byte)
                    runStart = index + 1
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func escape(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            default:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            }
        }
    }
}
