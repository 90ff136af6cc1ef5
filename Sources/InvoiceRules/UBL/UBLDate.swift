import InvoiceModel

/// An `xs:date` as the period rules (BR-29, BR-30) compare them: `YYYY-MM-DD` with an optional
/// time zone (`Z`, `+hh:mm`, `-hh:mm`), compared by the instant the day starts; a date without a
/// time zone is taken to be in UTC.
struct UBLDate: Comparable, Sendable {
    /// Minutes from 1970-01-01T00:00Z to the start of the day.
    let minutes: Int64

    /// Parses the `xs:date` lexical form (surrounding white space allowed); nil for anything else.
    init?(_ text: String) {
        var reader = Reader(bytes: Array(text.trimmingXMLSpace().utf8))
        let negative = reader.take("-")
        guard let (yearValue, yearDigits) = reader.number(), yearDigits >= 4, yearDigits <= 12,
            yearDigits == 4 || !reader.startedWithZero, yearValue != 0,
            reader.take("-"), let (month, monthDigits) = reader.number(), monthDigits == 2,
            reader.take("-"), let (day, dayDigits) = reader.number(), dayDigits == 2
        else { return nil }
        let year = negative ? -yearValue : yearValue
        guard (1...12).contains(month), day >= 1, day <= UBLDate.daysIn(month: month, year: year) else { return nil }
        var offset: Int64 = 0
        if reader.take("Z") {
            offset = 0
        } else if reader.peek("+") || reader.peek("-") {
            let sign: Int64 = reader.take("-") ? -1 : 1
            _ = reader.take("+")
            guard let (hours, hourDigits) = reader.number(), hourDigits == 2, reader.take(":"),
                let (mins, minDigits) = reader.number(), minDigits == 2, mins <= 59, hours < 14 || (hours == 14 && mins == 0)
            else { return nil }
            offset = sign * (hours * 60 + mins)
        }
        guard reader.atEnd else { return nil }
        minutes = UBLDate.daysFromCivil(year: year, month: month, day: day) * 1440 - offset
    }

    static func < (a: UBLDate, b: UBLDate) -> Bool { a.minutes < b.minutes }

    /// A cursor over the date's ASCII bytes.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var startedWithZero = false

        var atEnd: Bool { index == bytes.count }

        func peek(_ char: Unicode.Scalar) -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: char) }

        mutating func take(_ char: Unicode.Scalar) -> Bool {
            guard peek(char) else { return false }
            index += 1
            return true
        }

        /// The run of digits at the cursor: its value and how many digits it has.
        mutating func number() -> (Int64, Int)? {
            let start = index
            var value: Int64 = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - start < 15 {
                value = value * 10 + Int64(bytes[index] - 0x30)
                index += 1
            }
            guard index > start else { return nil }
            startedWithZero = bytes[start] == 0x30
            return (value, index - start)
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
