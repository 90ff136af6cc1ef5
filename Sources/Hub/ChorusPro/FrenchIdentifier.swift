/// Check digits of the French company register (SIRENE): SIREN (9 digits) and SIRET (14 digits).
public enum FrenchIdentifier {
    /// La Poste's SIREN: many of its establishments' SIRETs do not follow Luhn; their digit sum is a
    /// multiple of 5 instead.
    public static let laPosteSIREN = "356000000"

    /// Whether `value` is 9 digits whose Luhn checksum holds.
    public static func isValidSIREN(_ value: String) -> Bool {
        guard let digits = digits(of: value, count: 9) else { return false }
        return luhn(digits)
    }

    /// Whether `value` is 14 digits whose first 9 are a valid SIREN and whose Luhn checksum holds (for
    /// La Poste, or whose digit sum is a multiple of 5).
    public static func isValidSIRET(_ value: String) -> Bool {
        guard let digits = digits(of: value, count: 14) else { return false }
        guard luhn(Array(digits.prefix(9))) else { return false }
        return luhn(digits) || (value.hasPrefix(laPosteSIREN) && digits.reduce(0, +) % 5 == 0)
    }

    /// The digits of `value` when it is exactly `count` ASCII digits.
    private static func digits(of value: String, count: Int) -> [Int]? {
        let bytes = Array(value.utf8)
        guard bytes.count == count, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return bytes.map { Int($0 - 0x30) }
    }

    /// Luhn: from the right, double every second digit (minus 9 when over 9); the sum is a multiple of 10.
    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
