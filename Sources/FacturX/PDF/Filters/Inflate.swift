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
        var output: [UInt8] = []
        output.reserveCapacity(min(input.count * 4, budget))
        // Inflate through a fixed chunk, appended with memcpy: memory grows only with real output.
        let chunkSize = 64 * 1024
        let chunk = UnsafeMutablePointer<Bytef>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        while true {
            stream.next_out = chunk
            stream.avail_out = uInt(chunkSize)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = chunkSize - Int(stream.avail_out)
            if output.count + produced > budget { return .tooLarge }
            output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: produced))
            switch status {
            case Z_STREAM_END:
                return .ok(output)
            case Z_OK:
                continue
            case Z_BUF_ERROR where produced > 0:
                continue
            default:
                // Damaged or cut short: keep what was decoded before the damage, as mainstream readers do.
                guard output.isEmpty else { return .ok(output) }
                let message =
                    status == Z_BUF_ERROR
                    ? "the compressed data ends too early" : stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return .failed(message)
            }
        }
    }
}
