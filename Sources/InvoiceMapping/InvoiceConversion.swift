public import Foundation
public import InvoiceModel

/// Conversion of invoice bytes to another syntax or to the model's JSON, as `hermine convert` does it.
public enum InvoiceConversion {
    /// The target meaning "the EN 16931 business terms as JSON".
    public static let json = "json"

    /// Reads `bytes` (any syntax a binding reads) and writes them as `target`: a syntax (`ubl`, `cii`) or `json`.
    public static func convert(_ bytes: Data, to target: String, with mapper: InvoiceMapper) throws(MappingError) -> Data {
        let invoice = try mapper.read(bytes)
        if target == json { return jsonData(invoice) }
        return try mapper.write(invoice, as: target)
    }

    /// The invoice as pretty-printed JSON, keys sorted, ending with a newline.
    public static func jsonData(_ invoice: Invoice) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding the model's own value types cannot fail.
        var data = (try? encoder.encode(invoice)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
