/// An exact decimal number: a 128-bit integer significand scaled by a power of ten.
///
/// Amounts, quantities, prices and rates are kept exactly as written (`12.50` stays `12.50`);
/// arithmetic is exact while the result fits 38 digits, which covers every invoice value.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The digits, sign included.
    public let significand: Int128
    /// How many of those digits are after the decimal point.
    public let scale: Int

    /// Creates `significand × 10^-scale`.
    @inlinable public init(significand: Int128, scale: Int) {
        if scale < 0 {
            self.significand = significand * ExactDecimal.power(-scale)
            self.scale = 0
        } else {
            self.significand = significand
            self.scale = scale
        }
    }

    /// Creates a whole number.
    public init(_ value: Int) { self.init(significand: Int128(value), scale: 0) }

    /// Zero.
    public static let zero = ExactDecimal(0)

    /// Parses the XML Schema `xs:decimal` lexical form (`-12.50`, `+3`, `.5`), surrounding XML white space allowed.
    /// Returns nil for anything else, including exponents, empty text and more than 38 digits.
    @inlinable public init?(_ text: some StringProtocol) {
        guard let value = ExactDecimal.parse(text.utf8) else { return nil }
        self = value
    }

    /// Parses `xs:decimal` from UTF-8 bytes.
    @inlinable public static func parse(_ bytes: some Collection<UInt8>) -> ExactDecimal? {
        var significand: Int128 = 0
        var scale = 0
        var digits = 0
        var negative = false
        var seenPoint = false
        var seenDigit = false
        var state = 0  // 0 leading space, 1 sign seen, 2 number, 3 trailing space
        for byte in bytes {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                if state == 2 { state = 3 } else if state == 1 { return nil }
            case 0x2B, 0x2D:
                guard state == 0 else { return nil }
                negative = byte == 0x2D
                state = 1
            case 0x2E:
                guard state < 3, !seenPoint else { return nil }
                seenPoint = true
                state = 2
            case 0x30...0x39:
                guard state < 3 else { return nil }
                state = 2
                seenDigit = true
                if digits == 0 && byte == 0x30 {
                    if seenPoint { scale += 1 }
                    continue
                }
                digits += 1
                guard digits <= 38 else { return nil }
                significand = significand * 10 + Int128(byte - 0x30)
                if seenPoint { scale += 1 }
            default:
                return nil
            }
        }
        guard seenDigit else { return nil }
        return ExactDecimal(significand: negative ? -significand : significand, scale: scale)
    }

    /// Parses the `xs:double` lexical forms that are finite numbers (`1.5E3`, `-2e-1` as well as decimals).
    public static func parseDouble(_ text: some StringProtocol) -> ExactDecimal? {
        let trimmed = String(text).trimmingXMLSpace()
        if let plain = ExactDecimal(trimmed) { return plain }
        guard let e = trimmed.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let mantissa = ExactDecimal(trimmed[trimmed.startIndex..<e]),
            let exponent = Int(trimmed[trimmed.index(after: e)...]), abs(exponent) <= 38
        else { return nil }
        if exponent >= 0 { return mantissa * ExactDecimal(significand: power(exponent), scale: 0) }
        return ExactDecimal(significand: mantissa.significand, scale: mantissa.scale - exponent)
    }

    @inlinable static func power(_ n: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<min(n, 38) { result *= 10 }
        return result
    }

    /// The same value at `newScale` digits after the point (only ever widened here).
    @inlinable func widened(to newScale: Int) -> Int128 {
        significand * ExactDecimal.power(newScale - scale)
    }

    /// Removes trailing zero digits after the point.
    @inlinable public var normalized: ExactDecimal {
        var s = significand
        var k = scale
        while k > 0 && s % 10 == 0 {
            s /= 10
            k -= 1
        }
        return ExactDecimal(significand: s, scale: k)
    }

    /// The number of digits after the decimal point once trailing zeros are dropped.
    public var significantScale: Int { normalized.scale }

    @inlinable public static func + (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        let s = max(a.scale, b.scale)
        return ExactDecimal(significand: a.widened(to: s) + b.widened(to: s), scale: s).compacted
    }

    @inlinable public static func - (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        let s = max(a.scale, b.scale)
        return ExactDecimal(significand: a.widened(to: s) - b.widened(to: s), scale: s).compacted
    }

    public static prefix func - (a: ExactDecimal) -> ExactDecimal {
        ExactDecimal(significand: -a.significand, scale: a.scale)
    }

    public static func * (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        let (x, y) = (a.normalized, b.normalized)
        let (product, overflow) = x.significand.multipliedReportingOverflow(by: y.significand)
        if !overflow { return ExactDecimal(significand: product, scale: x.scale + y.scale).compacted }
        // Beyond 38 digits: keep the most significant ones (never reached by real invoices).
        let approximate = x.doubleValue * y.doubleValue
        return ExactDecimal.parseDouble(String(approximate)) ?? .zero
    }

    /// Division to 20 decimal places, rounded half away from zero; nil when dividing by zero.
    public func divided(by other: ExactDecimal, scale targetScale: Int = 20) -> ExactDecimal? {
        guard other.significand != 0 else { return nil }
        let (x, y) = (self.normalized, other.normalized)
        // x/y = (xs / 10^xk) / (ys / 10^yk) = xs * 10^(yk - xk) / ys
        var shift = targetScale + y.scale - x.scale
        var numerator = x.significand
        var denominator = y.significand
        while shift > 0 {
            let (n, o) = numerator.multipliedReportingOverflow(by: 10)
            if o { break }
            numerator = n
            shift -= 1
        }
        while shift < 0 {
            denominator *= 10
            shift += 1
        }
        let resultScale = targetScale - shift
        var quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder.magnitude * 2 >= denominator.magnitude {
            quotient += (numerator < 0) != (denominator < 0) ? -1 : 1
        }
        return ExactDecimal(significand: quotient, scale: resultScale).compacted
    }

    /// Keeps the scale small when it carries only zeros.
    @inlinable var compacted: ExactDecimal { scale > 20 ? normalized : self }

    /// XPath `round`: to the nearest whole number, halves towards positive infinity.
    public func roundedXPath() -> ExactDecimal {
        rounded(toPlaces: 0)
    }

    /// Rounds to `places` digits after the point, halves towards positive infinity (XPath `round`).
    public func rounded(toPlaces places: Int) -> ExactDecimal {
        guard scale > places else { return self }
        let divisor = ExactDecimal.power(scale - places)
        var quotient = significand / divisor
        let remainder = significand % divisor
        // floor division, then add one when the remainder is at least half
        var floorRemainder = remainder
        if remainder < 0 {
            quotient -= 1
            floorRemainder += divisor
        }
        if floorRemainder * 2 >= divisor { quotient += 1 }
        return ExactDecimal(significand: quotient, scale: places)
    }

    /// Rounds to `places` digits, halves away from zero (commercial rounding).
    public func roundedHalfAwayFromZero(toPlaces places: Int) -> ExactDecimal {
        guard scale > places else { return self }
        let magnitude = ExactDecimal(significand: significand.magnitude > Int128.max.magnitude ? Int128.max : Int128(significand.magnitude), scale: scale)
            .rounded(toPlaces: places)
        return significand < 0 ? -magnitude : magnitude
    }

    /// The absolute value.
    public var magnitude: ExactDecimal { significand < 0 ? -self : self }

    /// Whether the value is below zero.
    @inlinable public var isNegative: Bool { significand < 0 }

    /// Whether the value is zero.
    @inlinable public var isZero: Bool { significand == 0 }

    /// The nearest `Double`.
    public var doubleValue: Double { Double(significand) / Double(sign: .plus, exponent: 0, significand: 1) / pow10(scale) }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    @inlinable public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let s = max(a.scale, b.scale)
        return a.widened(to: s) < b.widened(to: s)
    }

    @inlinable public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let s = max(a.scale, b.scale)
        return a.widened(to: s) == b.widened(to: s)
    }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.significand)
        hasher.combine(n.scale)
    }

    /// The value written with exactly `scale` digits after the point (`-0.50`, `12`).
    public var description: String {
        let negative = significand < 0
        var digits = String(significand.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }

    /// The value written with exactly `places` digits after the point.
    public func formatted(places: Int) -> String {
        if places >= scale {
            return ExactDecimal(significand: widened(to: places), scale: places).description
        }
        return roundedHalfAwayFromZero(toPlaces: places).description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ExactDecimal(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing XML white space (space, tab, CR, LF).
    @inlinable public func trimmingXMLSpace() -> Substring {
        let s: Substring = self[...]
        // On the UTF-8 bytes; when a byte next to the white space is not ASCII, it may join the white space in
        // one character (a combining mark after it, a prepended mark before it): then by characters, below.
        let utf8 = s.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        @inline(__always) func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end, isSpaceByte(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpaceByte(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        if start == end { return Substring() }
        if utf8[start] < 0x80 && utf8[utf8.index(before: end)] < 0x80 { return s[start..<end] }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
            return Substring()
        }
        return s[first...last]
    }
}
