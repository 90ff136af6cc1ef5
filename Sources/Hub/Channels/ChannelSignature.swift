import Crypto
public import Foundation

/// How the hub signs what it POSTs (buyer push channels, supplier webhooks), and how a receiver checks it.
///
/// `Hermine-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, where each `v1` is HMAC-SHA256, keyed with one of
/// the channel's secrets, of the timestamp, a full stop and the body's bytes (`"\(t)." + body`). After a rotation
/// the previous secret signs too, for its grace period, so that a receiver may switch keys at its own pace. A
/// receiver recomputes the HMAC with its key, compares it with each `v1` in constant time, and refuses a timestamp
/// too far from its clock (five minutes) to defeat replays.
public enum ChannelSignature {
    /// The header's name.
    public static let headerName = "Hermine-Signature"

    /// The header's value for `body` sent at `date`, signed with each of `secrets`.
    public static func header(body: Data, secrets: [String], at date: Date) -> String {
        let timestamp = Int64(date.timeIntervalSince1970)
        let signatures = secrets.map { "v1=" + hmac(body: body, secret: $0, timestamp: timestamp) }
        return (["t=\(timestamp)"] + signatures).joined(separator: ",")
    }

    /// Whether `header` signs `body` with `secret`, at a time within `tolerance` of `now`.
    public static func verify(header: String, body: Data, secret: String, now: Date = Date(), tolerance: TimeInterval = 300) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return false }
            if pair[0] == "t" { timestamp = Int64(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Array(hmac(body: body, secret: secret, timestamp: timestamp).utf8)
        return signatures.contains { candidate in
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { return false }
            return zip(bytes, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }

    /// A new secret: 32 random bytes as 64 hexadecimal digits after `whsec_`.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + (0..<32).map { _ in String(format: "%02x", generator.next() as UInt8) }.joined()
    }

    private static func hmac(body: Data, secret: String, timestamp: Int64) -> String {
        var code = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        code.update(data: Data("\(timestamp).".utf8))
        code.update(data: body)
        return code.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// What signs with a secret that operators or suppliers rotate: a buyer channel, a webhook subscription. After a
/// rotation the previous secret signs beside the new one until its grace ends.
public protocol RotatingSecret {
    /// The current secret.
    var secret: String { get set }
    /// The secret before the last rotation.
    var previousSecret: String? { get set }
    /// Until when the previous secret still signs.
    var previousSecretUntil: Date? { get set }
}

extension RotatingSecret {
    /// The secrets a delivery made at `date` is signed with: the current one, and the previous one during its grace.
    public func signingSecrets(at date: Date) -> [String] {
        guard let previousSecret, let until = previousSecretUntil, date < until else { return [secret] }
        return [secret, previousSecret]
    }

    /// Replaces the secret with `newSecret`; the current one keeps signing for `grace` after `date`.
    public mutating func rotate(to newSecret: String, at date: Date, grace: Duration) {
        previousSecret = secret
        previousSecretUntil = Date(millisecondsSince1970: date.addingTimeInterval(grace.timeInterval).millisecondsSince1970)
        secret = newSecret
    }
}
