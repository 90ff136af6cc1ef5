internal import CZlib

/// FlateDecode with zlib, bounded by a byte budget.
enum Inflate {
    /// Inflates zlib (or, failing that, raw deflate) data.
    ///
    /// A stream that is cut short or has a bad checksum keeps the bytes decoded before the damage, as
    /// mainstream readers do; one that yields nothing at all is corrupt.
    /// - Parameter budget: the most bytes the output may have; more throws `inflatedTooLarge`.
    static func inflate(_ input: UnsafeRawBufferPointer, budget: Int, limit: Int, object: Int) throws(FacturXError) -> [UInt8] {
        let outcome = run(input, windowBits: 15, budget: budget)
        switch outcome {
        case .ok(let bytes): return bytes
        case .tooLarge: throw .inflatedTooLarge(limit: limit)
        case .failed(let reason):
            // Some writers omit the zlib header: try raw deflate before giving up.
            if case .ok(let bytes) = run(input, windowBits: -15, budget: budget), !bytes.isEmpty { return bytes }
            throw .corruptStream(object: object, reason: reason)
        }
    }

    private enum Outcome {
        case ok([UInt8])
        case tooLarge
        case failed(String)
    }

    private static func run(_ input: UnsafeRawBufferPointer, windowBits: Int32, budget: Int) -> Outcome {
        guard let base = input.baseAddress, input.count > 0 else { return .failed("the stream is empty") }
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failed("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(min(input.count, Int(UInt32.max)))
        var capacity = min(max(input.count * 4, 4096), budget + 1)
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        while true {
            let status: Int32 = output.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress! + produced
                stream.avail_out = uInt(capacity - produced)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                produced = capacity - Int(stream.avail_out)
                return status
            }
            if produced > budget { return .tooLarge }
            switch status {
            case Z_STREAM_END:
                output.removeSubrange(produced...)
                return .ok(output)
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_out == 0 {
                    guard capacity <= budget else { return .tooLarge }
                    capacity = min(capacity * 2, budget + 1)
                    output.append(contentsOf: repeatElement(0, count: capacity - output.count))
                } else if stream.avail_in == 0 || status == Z_BUF_ERROR {
                    // The input ended before the deflate stream did: keep what was decoded.
                    guard produced > 0 else { return .failed("the compressed data ends too early") }
                    output.removeSubrange(produced...)
                    return .ok(output)
                }
            default:
                guard produced > 0 else {
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    return .failed(message)
                }
                output.removeSubrange(produced...)
                return .ok(output)
            }
        }
    }
}
