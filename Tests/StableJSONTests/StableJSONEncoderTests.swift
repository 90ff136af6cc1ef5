import Foundation
import StableJSON
import Testing

@Suite("Stable JSON")
struct StableJSONEncoderTests {
    enum Severity: String, Codable { case fatal, warning }
    enum Level: Int, Codable { case low = 1, high = 2 }

    struct Location: Codable, Equatable {
        let path: String
        let line: Int
    }

    struct Finding: Codable, Equatable {
        let rule: String
        let severity: Severity
        let location: Location
        let note: String?
    }

    struct Report: Codable, Equatable {
        let zone: String
        let valid: Bool
        let level: Level
        let ratio: Double
        let findings: [Finding]
        let counts: [String: Int]
        let tags: [String]
        let missing: Int?
    }

    static let report = Report(
        zone: "z", valid: false, level: .high, ratio: 0.25,
        findings: [
            Finding(rule: "BR-05", severity: .fatal, location: Location(path: "/Invoice", line: 3), note: nil),
            Finding(rule: "BR-CO-10", severity: .warning, location: Location(path: "/Invoice/LegalMonetaryTotal", line: 95), note: "n"),
        ],
        counts: ["warning": 1, "fatal": 1, "error": 0, "b": 2, "a": 3],
        tags: ["y", "x"], missing: nil)

    @Test("keys come in declared order, nested structs and arrays too; dictionaries sorted; nil optionals left out")
    func declaredOrder() throws {
        let json = String(decoding: try StableJSONEncoder().encode(Self.report), as: UTF8.self)
        let expected =
            #"{"zone":"z","valid":false,"level":2,"ratio":0.25,"findings":["#
            + #"{"rule":"BR-05","severity":"fatal","location":{"path":"/Invoice","line":3}},"#
            + #"{"rule":"BR-CO-10","severity":"warning","location":{"path":"/Invoice/LegalMonetaryTotal","line":95},"note":"n"}],"#
            + #""counts":{"a":3,"b":2,"error":0,"fatal":1,"warning":1},"tags":["y","x"]}"#
        #expect(json == expected)
    }

    @Test("the pretty layout indents by two spaces and ends with a newline")
    func pretty() throws {
        struct Small: Encodable {
            let name: String
            let list: [Int]
            let empty: [Int]
            let nested: [String: Bool]
            let none: [String: Int]
        }
        let value = Small(name: "a", list: [1, 2], empty: [], nested: ["b": true, "a": false], none: [:])
        let json = String(decoding: try StableJSONEncoder(layout: .pretty).encode(value), as: UTF8.self)
        let expected = """
            {
              "name": "a",
              "list": [
                1,
                2
              ],
              "empty": [],
              "nested": {
                "a": false,
                "b": true
              },
              "none": {}
            }

            """
        #expect(json == expected)
    }

    @Test("the output reads back with JSONDecoder and JSONSerialization, equal to JSONEncoder's")
    func readsBack() throws {
        let data = try StableJSONEncoder().encode(Self.report)
        #expect(try JSONDecoder().decode(Report.self, from: data) == Self.report)
        let ours = try JSONSerialization.jsonObject(with: data) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.report)) as? NSDictionary
        #expect(ours != nil && ours == theirs)
    }

    @Test("quotes, backslashes and control characters are escaped, slashes and non-ASCII text are not")
    func escaping() throws {
        let text = "a \"quote\" \\ back/slash\n\r\t\u{08}\u{0C}\u{01}\u{1F} é ✓ 🇫🇷 \u{2028}"
        let data = try StableJSONEncoder().encode([text])
        let json = String(decoding: data, as: UTF8.self)
        #expect(json == #"["a \"quote\" \\ back/slash\n\r\t\b\f\u0001\u001f é ✓ 🇫🇷 \#u{2028}"]"#)
        #expect(try JSONDecoder().decode([String].self, from: data) == [text])
        #expect((try JSONSerialization.jsonObject(with: data) as? [String]) == [text])
        struct Keyed: Encodable { let key: [String: String] }
        let keyed = try StableJSONEncoder().encode(Keyed(key: ["a\"b": "/"]))
        #expect(String(decoding: keyed, as: UTF8.self) == #"{"key":{"a\"b":"/"}}"#)
    }

    @Test("dates are ISO 8601 in UTC to the millisecond, data Base64, URLs and decimals as JSONEncoder writes them")
    func specialTypes() throws {
        struct Special: Encodable {
            let at: Date
            let before1970: Date
            let bytes: Data
            let url: URL
            let amount: Decimal
            let large: UInt64
            let small: Int8
            let float: Float
        }
        let value = Special(
            at: Date(timeIntervalSince1970: 1_793_613_600.123_9), before1970: Date(timeIntervalSince1970: -1.5),
            bytes: Data([0, 1, 2, 250]), url: URL(string: "https://example.org/a?b=c")!,
            amount: Decimal(string: "12.50")!, large: .max, small: -8, float: 1.5)
        let json = String(decoding: try StableJSONEncoder().encode(value), as: UTF8.self)
        let expected =
            #"{"at":"2026-11-02T10:00:00.123Z","before1970":"1969-12-31T23:59:58.500Z","bytes":"AAEC+g==","#
            + #""url":"https://example.org/a?b=c","amount":12.5,"large":18446744073709551615,"small":-8,"float":1.5}"#
        #expect(json == expected)
        let top = try StableJSONEncoder().encode(Date(timeIntervalSince1970: 1_793_613_600))
        #expect(String(decoding: top, as: UTF8.self) == #""2026-11-02T10:00:00.000Z""#)
    }

    @Test("numbers are written shortest, without a trailing .0")
    func numbers() throws {
        let json = String(decoding: try StableJSONEncoder().encode([1.0, 0.1, -2.5, 1e-7, 1e21, 0]), as: UTF8.self)
        #expect(json == "[1,0.1,-2.5,1e-07,1e+21,0]")
    }

    @Test("an infinite or NaN number is a typed error naming where it is")
    func nonFinite() throws {
        struct Holder: Encodable {
            let values: [Double]
            let single: Double
        }
        #expect(throws: StableJSONError.nonFiniteNumber(path: "values[1]")) {
            try StableJSONEncoder().encode(Holder(values: [1, .infinity], single: 0))
        }
        #expect(throws: StableJSONError.nonFiniteNumber(path: "single")) {
            try StableJSONEncoder().encode(Holder(values: [], single: .nan))
        }
        #expect(throws: StableJSONError.nonFiniteNumber(path: "")) { try StableJSONEncoder().encode(Double.nan) }
    }

    @Test("raw JSON is written verbatim where it sits; other encoders refuse it")
    func rawJSON() throws {
        struct Answer: Encodable {
            let id: String
            let invoice: RawJSON
            let after: Int
        }
        let stored = Data(#"{"BT-1":"F-1","BG-4":{"BT-27":"Kerbrat"}}"#.utf8)
        let json = try StableJSONEncoder().encode(Answer(id: "inv_1", invoice: RawJSON(stored), after: 1))
        #expect(String(decoding: json, as: UTF8.self) == #"{"id":"inv_1","invoice":{"BT-1":"F-1","BG-4":{"BT-27":"Kerbrat"}},"after":1}"#)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(Answer(id: "x", invoice: RawJSON(stored), after: 1)) }
    }

    @Test("hand-written encoders: nested containers keep the place of their key, a key set twice keeps its first place")
    func handWritten() throws {
        struct Custom: Encodable {
            enum Key: String, CodingKey { case first, second, third }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                var nested = container.nestedContainer(keyedBy: Key.self, forKey: .first)
                try container.encode(2, forKey: .second)
                try nested.encode("late", forKey: .third)
                try container.encode(3, forKey: .third)
                try container.encode(4, forKey: .second)
                var list = container.nestedUnkeyedContainer(forKey: .first)
                try list.encode(true)
                try container.encodeNil(forKey: .third)
            }
        }
        let json = String(decoding: try StableJSONEncoder().encode(Custom()), as: UTF8.self)
        #expect(json == #"{"first":[true],"second":4,"third":null}"#)
    }

    @Test("a subclass writes its parent through superEncoder(), under the key super")
    func superEncoder() throws {
        class Base: Encodable {
            let a = 1
        }
        final class Derived: Base {
            let b = 2
            enum Key: String, CodingKey { case b }
            override func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(b, forKey: .b)
                try super.encode(to: container.superEncoder())
            }
        }
        let json = String(decoding: try StableJSONEncoder().encode(Derived()), as: UTF8.self)
        #expect(json == #"{"b":2,"super":{"a":1}}"#)
    }

    @Test("a value that writes nothing is an error at the top, an empty object below")
    func nothing() throws {
        struct Empty: Encodable { func encode(to encoder: any Encoder) throws {} }
        struct Holder: Encodable { let empty = Empty() }
        #expect(throws: StableJSONError.self) { try StableJSONEncoder().encode(Empty()) }
        #expect(String(decoding: try StableJSONEncoder().encode(Holder()), as: UTF8.self) == #"{"empty":{}}"#)
    }

    @Test("integer-keyed dictionaries are sorted by their written keys too")
    func integerKeys() throws {
        let json = String(decoding: try StableJSONEncoder().encode([10: "a", 2: "b", 1: "c"]), as: UTF8.self)
        #expect(json == #"{"1":"c","10":"a","2":"b"}"#)
    }
}
