/// A day in the Gregorian calendar, without time or time zone: how EN 16931 dates are meant.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (four digits in invoices).
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…31.
    public let day: Int

    /// Creates a date; nil when the month or day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (ISO 8601, the XML Schema date without time zone).
    public init?(iso text: some StringProtocol) {
        guard let date = CalendarDate.parse(text.utf8, pattern: .iso) else { return nil }
        self = date
    }

    /// The layout of a date's digits in a syntax.
    public enum Layout: Sendable, Hashable {
        /// `YYYY-MM-DD` (UBL, XML Schema `xs:date`).
        case iso
        /// `YYYYMMDD` (CII, UN/CEFACT format code 102).
        case compact

        /// Reads a layout from its picture: `YYYY-MM-DD` or `YYYYMMDD`.
        public init?(picture: String) {
            switch picture {
            case "YYYY-MM-DD": self = .iso
            case "YYYYMMDD": self = .compact
            default: return nil
            }
        }
    }

    /// Parses a date from UTF-8 bytes in `layout`; an XML Schema time-zone suffix (`Z`, `+01:00`) is ignored.
    @inlinable public static func parse(_ bytes: some Collection<UInt8>, pattern layout: Layout) -> CalendarDate? {
        // The eight digits YYYYMMDD, accumulated as one number.
        var value = 0
        var digits = 0
        var index = 0
        for byte in bytes {
            switch layout {
            case .iso:
                if index == 4 || index == 7 {
                    guard byte == 0x2D else { return nil }
                } else if index < 10 {
                    guard (0x30...0x39).contains(byte) else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                    digits += 1
                } else {
                    // time zone: Z or ±hh:mm
                    guard index > 10 || byte == 0x5A || byte == 0x2B || byte == 0x2D else { return nil }
                }
            case .compact:
                guard index < 8, (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            }
            index += 1
        }
        guard digits == 8 else { return nil }
        return CalendarDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    /// The date written in `layout`.
    public func formatted(_ layout: Layout) -> String {
        let y = String(year)
        let yyyy = String(repeating: "0", count: max(0, 4 - y.count)) + y
        let mm = month < 10 ? "0\(month)" : "\(month)"
        let dd = day < 10 ? "0\(day)" : "\(day)"
        switch layout {
        case .iso: return "\(yyyy)-\(mm)-\(dd)"
        case .compact: return "\(yyyy)\(mm)\(dd)"
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String { formatted(.iso) }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
