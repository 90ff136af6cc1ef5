/// Undoes the PNG and TIFF predictors that may follow FlateDecode (ISO 32000-1 §7.4.4.4).
enum Predictor {
    /// Reverses predictor `value` on `data`; 1 (none) returns it unchanged.
    static func decode(
        _ data: [UInt8], predictor value: Int, colors: Int, bitsPerComponent: Int, columns: Int
    ) throws(FacturXError) -> [UInt8] {
        guard value > 1 else { return data }
        guard (1...64).contains(colors), [1, 2, 4, 8, 16].contains(bitsPerComponent), (1...(1 << 24)).contains(columns) else {
            throw .unsupportedPredictor(value)
        }
        let bitsPerPixel = colors * bitsPerComponent
        let rowLength = (bitsPerPixel * columns + 7) / 8
        let pixelLength = max(1, (bitsPerPixel + 7) / 8)
        // A row longer than the data itself is hostile or broken: refuse it rather than allocate it.
        guard rowLength <= max(1 << 16, data.count) else { throw .unsupportedPredictor(value) }
        switch value {
        case 2: return try tiff(data, rowLength: rowLength, colors: colors, bitsPerComponent: bitsPerComponent)
        case 10...15: return png(data, rowLength: rowLength, pixelLength: pixelLength)
        default: throw .unsupportedPredictor(value)
        }
    }

    /// PNG: every row starts with its filter type (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth).
    private static func png(_ data: [UInt8], rowLength: Int, pixelLength: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count / (rowLength + 1) * rowLength + rowLength)
        var previous = [UInt8](repeating: 0, count: rowLength)
        var row = [UInt8](repeating: 0, count: rowLength)
        var offset = 0
        while offset < data.count {
            let filter = data[offset]
            let available = min(rowLength, data.count - offset - 1)
            for index in 0..<rowLength { row[index] = index < available ? data[offset + 1 + index] : 0 }
            for index in 0..<rowLength {
                let left = index >= pixelLength ? row[index - pixelLength] : 0
                let up = previous[index]
                let upLeft = index >= pixelLength ? previous[index - pixelLength] : 0
                switch filter {
                case 1: row[index] = row[index] &+ left
                case 2: row[index] = row[index] &+ up
                case 3: row[index] = row[index] &+ UInt8((Int(left) + Int(up)) / 2)
                case 4: row[index] = row[index] &+ paeth(left, up, upLeft)
                default: break
                }
            }
            output.append(contentsOf: row[0..<max(0, available)])
            swap(&previous, &row)
            offset += rowLength + 1
        }
        return output
    }

    @inline(__always) private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// TIFF predictor 2: each component is the difference from the same component of the pixel to its left.
    private static func tiff(_ data: [UInt8], rowLength: Int, colors: Int, bitsPerComponent: Int) throws(FacturXError) -> [UInt8] {
        var output = data
        switch bitsPerComponent {
        case 8:
            var rowStart = 0
            while rowStart < output.count {
                let rowEnd = min(rowStart + rowLength, output.count)
                var index = rowStart + colors
                while index < rowEnd {
                    output[index] = output[index] &+ output[index - colors]
                    index += 1
                }
                rowStart += rowLength
            }
        case 16:
            var rowStart = 0
            let step = colors * 2
            while rowStart < output.count {
                let rowEnd = min(rowStart + rowLength, output.count)
                var index = rowStart + step
                while index + 1 < rowEnd {
                    let value =
                        (UInt16(output[index]) << 8 | UInt16(output[index + 1]))
                        &+ (UInt16(output[index - step]) << 8 | UInt16(output[index - step + 1]))
                    output[index] = UInt8(value >> 8)
                    output[index + 1] = UInt8(value & 0xFF)
                    index += 2
                }
                rowStart += rowLength
            }
        default:
            throw .unsupportedPredictor(2)
        }
        return output
    }
}
