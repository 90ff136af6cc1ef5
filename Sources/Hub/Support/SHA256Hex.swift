public import Foundation
import Crypto

/// SHA-256 as the hub writes it everywhere: lowercase hex.
public enum SHA256Hex {
    /// The SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func digest(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits.
    public static func digest(_ text: String) -> String {
        digest(Data(text.utf8))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension EventChain {
    /// The hub's chain: SHA-256 from swift-crypto.
    public static let standard = EventChain(sha256: { SHA256Hex.digest($0) })
}
