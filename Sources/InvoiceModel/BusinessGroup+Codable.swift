/// JSON form of a group: an object keyed by term and group ids (`"BT-1": "INV-1"`, `"BG-4": {…}`).
///
/// Terms and groups that may repeat are always arrays; the others a single value. Decimals are
/// strings (exact, scale kept: `"12.50"`), dates `YYYY-MM-DD`, identifiers `{"value", "scheme"}`,
/// binary objects `{"content", "mimeCode", "filename"}`. The shapes come from the EN 16931
/// dictionary (`formats/en16931-terms.tsv`); without it, counts decide and strings stay text.
extension BusinessGroup: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TermKey.self)
        let dictionary = try? BusinessTerms.standard()
        self.init()
        for key in container.allKeys {
            guard let id = TermID(key.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a business term id")
            }
            if id.isGroup {
                if let many = try? container.decode([BusinessGroup].self, forKey: key) {
                    for group in many { append(group: group, as: id) }
                } else {
                    append(group: try container.decode(BusinessGroup.self, forKey: key), as: id)
                }
                continue
            }
            let type = dictionary?[id]?.dataType
            if let many = try? container.decode([JSONTermValue].self, forKey: key) {
                for value in many { append(value.termValue(as: type), to: id) }
            } else {
                append(try container.decode(JSONTermValue.self, forKey: key).termValue(as: type), to: id)
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TermKey.self)
        let dictionary = try? BusinessTerms.standard()
        var index = 0
        while index < entries.count {
            let term = entries[index].term
            var values: [JSONTermValue] = []
            while index < entries.count && entries[index].term == term {
                values.append(JSONTermValue(entries[index].value))
                index += 1
            }
            let key = TermKey(stringValue: term.description)
            if values.count > 1 || dictionary?[term]?.cardinality.isRepeatable == true {
                try container.encode(values, forKey: key)
            } else {
                try container.encode(values[0], forKey: key)
            }
        }
        index = 0
        while index < members.count {
            let id = members[index].group
            var groups: [BusinessGroup] = []
            while index < members.count && members[index].group == id {
                groups.append(members[index].content)
                index += 1
            }
            let key = TermKey(stringValue: id.description)
            if groups.count > 1 || dictionary?[id]?.cardinality.isRepeatable == true {
                try container.encode(groups, forKey: key)
            } else {
                try container.encode(groups[0], forKey: key)
            }
        }
    }
}

/// A term value as it appears in JSON: a string, or an object for identifiers and binary objects.
enum JSONTermValue: Codable {
    case string(String, original: TermValue?)
    case identifier(Identifier)
    case binary(BinaryObject)

    init(_ value: TermValue) {
        switch value {
        case .identifier(let id): self = .identifier(id)
        case .binary(let b): self = .binary(b)
        default: self = .string(value.text, original: value)
        }
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let text = try? single.decode(String.self) {
            self = .string(text, original: nil)
        } else if let binary = try? single.decode(BinaryObject.self) {
            self = .binary(binary)
        } else {
            self = .identifier(try single.decode(Identifier.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .string(let text, _): try single.encode(text)
        case .identifier(let id): try single.encode(id)
        case .binary(let b): try single.encode(b)
        }
    }

    /// The model value, reading strings as the term's data type says.
    func termValue(as type: TermDataType?) -> TermValue {
        switch self {
        case .identifier(let id): return .identifier(id)
        case .binary(let b): return .binary(b)
        case .string(let text, let original):
            if let original { return original }
            switch type {
            case .some(let t) where t.isDecimal: return ExactDecimal(text).map(TermValue.decimal) ?? .text(text)
            case .date: return CalendarDate(iso: text).map(TermValue.date) ?? .text(text)
            case .code: return .code(text)
            case .identifier, .documentReference: return .identifier(Identifier(value: text))
            case .binaryObject: return .binary(BinaryObject(base64: text))
            default: return .text(text)
            }
        }
    }
}
