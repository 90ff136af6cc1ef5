/// A classic `xref` table, read lazily: an entry is decoded only when its object is looked up.
///
/// Entries are fixed-width lines (`0000012345 00000 n`), so entry *n* of a subsection is found by arithmetic;
/// a table whose lines do not line up is decoded eagerly and tolerantly instead.
struct ClassicCrossReferenceTable: Sendable {
    struct Subsection: Sendable {
        var first: Int
        let count: Int
        let offset: Int
        let stride: Int
    }

    private(set) var subsections: [Subsection] = []
    /// Entries decoded eagerly from subsections whose lines are not evenly spaced.
    private(set) var irregular: [Int: CrossReferenceEntry] = [:]

    /// Reads the table starting at `offset` (at the `xref` keyword) and the trailer after it.
    static func read(
        _ bytes: UnsafeRawBufferPointer, at offset: Int, limits: FacturXLimits
    ) throws(FacturXError) -> (ClassicCrossReferenceTable, PDFDictionary)? {
        var lexer = PDFLexer(bytes, at: offset)
        guard case .keyword(let word) = lexer.next(), lexer.keyword(word, is: "xref") else { return nil }
        var table = ClassicCrossReferenceTable()
        var total = 0
        while true {
            let token = lexer.next()
            switch token {
            case .integer(var first):
                guard case .integer(let count) = lexer.next(), first >= 0, count >= 0 else { return nil }
                total += count
                guard total <= limits.maxObjects, first <= limits.maxObjects else { throw .tooManyObjects(limit: limits.maxObjects) }
                lexer.skipWhitespace()
                let start = lexer.position
                guard count > 0 else { continue }
                guard let firstLine = readLine(bytes, at: start) else { return nil }
                // A common writer bug: a table starting at 1 whose first entry is the free head of object 0.
                if first == 1, firstLine.entry == .free, firstLine.generation == 65535 { first = 0 }
                let stride = firstLine.length
                let end = start + count * stride
                if stride >= 19, stride <= 21, end <= bytes.count, linesUp(bytes, start: start, count: count, stride: stride) {
                    table.subsections.append(Subsection(first: first, count: count, offset: start, stride: stride))
                    lexer.position = end
                } else {
                    // Uneven lines: decode each entry as tokens.
                    for index in 0..<count {
                        guard case .integer(let value) = lexer.next(), case .integer = lexer.next(),
                            case .keyword(let kind) = lexer.next()
                        else { return nil }
                        let entry: CrossReferenceEntry = lexer.keyword(kind, is: "n") ? .inFile(offset: value) : .free
                        if table.irregular[first + index] == nil { table.irregular[first + index] = entry }
                    }
                }
            case .keyword(let word) where lexer.keyword(word, is: "trailer"):
                let saved = lexer.position
                var parser = PDFObjectParser(bytes, at: saved, maxNesting: limits.maxNesting)
                guard case .dictionary(let trailer) = try parser.parseObject() else { return nil }
                return (table, trailer)
            default:
                return nil
            }
        }
    }

    /// The entry for object `number`, or nil when this table does not list it.
    func entry(_ number: Int, in bytes: UnsafeRawBufferPointer) -> CrossReferenceEntry? {
        for subsection in subsections where number >= subsection.first && number < subsection.first + subsection.count {
            return Self.readLine(bytes, at: subsection.offset + (number - subsection.first) * subsection.stride)?.entry
        }
        return irregular[number]
    }

    /// The highest object number the table lists, plus one.
    var size: Int {
        max(subsections.map { $0.first + $0.count }.max() ?? 0, (irregular.keys.max() ?? -1) + 1)
    }

    /// Decodes one entry line: offset, generation, `n` or `f`, then its end of line.
    private static func readLine(_ bytes: UnsafeRawBufferPointer, at start: Int) -> (
        entry: CrossReferenceEntry, generation: Int, length: Int
    )? {
        var index = start
        func number() -> Int? {
            var value = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 12 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        func spaces() { while index < bytes.count, bytes[index] == 0x20 { index += 1 } }
        guard let offset = number() else { return nil }
        spaces()
        guard let generation = number() else { return nil }
        spaces()
        guard index < bytes.count else { return nil }
        let kind = bytes[index]
        index += 1
        guard kind == UInt8(ascii: "n") || kind == UInt8(ascii: "f") else { return nil }
        var endOfLine = 0
        while index < bytes.count, endOfLine < 2, bytes[index] == 0x20 || bytes[index] == 0x0D || bytes[index] == 0x0A {
            index += 1
            endOfLine += 1
        }
        return (kind == UInt8(ascii: "n") ? .inFile(offset: offset) : .free, generation, index - start)
    }

    /// Whether the last line of a subsection sits where the stride puts it.
    private static func linesUp(_ bytes: UnsafeRawBufferPointer, start: Int, count: Int, stride: Int) -> Bool {
        guard let last = readLine(bytes, at: start + (count - 1) * stride) else { return false }
        return last.length == stride || start + count * stride >= bytes.count - 1
    }
}
