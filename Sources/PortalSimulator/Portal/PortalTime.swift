import Foundation

/// The portal's times: stored as milliseconds since 1970, written in the three forms Chorus Pro's clients read
/// (go-choruspro's `Date`, `Datetime` and `time.Time`), in UTC.
enum PortalTime {
    /// Now, in milliseconds since 1970.
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// `2026-12-04` (`dateDepot`).
    static func date(_ milliseconds: Int64) -> String {
        let t = fields(milliseconds)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))"
    }

    /// `2026-12-04 10:15` (`histoStatutDatePassage`).
    static func minute(_ milliseconds: Int64) -> String {
        let t = fields(milliseconds)
        return "\(date(milliseconds)) \(pad(t.hour)):\(pad(t.minute))"
    }

    /// `2026-12-04T10:15:02.123Z`, RFC 3339 (`dateDepotFlux`, `dateHeureEtatCourantFlux`, `dateHeureEtatCourant`).
    static func instant(_ milliseconds: Int64) -> String {
        let t = fields(milliseconds)
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        return "\(date(milliseconds))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)).\(pad(millis, 3))Z"
    }

    private static func fields(_ milliseconds: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            Int(parts.tm_sec)
        )
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
