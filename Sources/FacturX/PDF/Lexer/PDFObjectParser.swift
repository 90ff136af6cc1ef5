/// Builds `PDFObject`s from tokens, with a bound on nesting.
struct PDFObjectParser {
    var lexer: PDFLexer
    let maxNesting: Int

    init(_ bytes: UnsafeRawBufferPointer, at position: Int, maxNesting: Int) {
        lexer = PDFLexer(bytes, at: position)
        self.maxNesting = maxNesting
    }

    /// Reads one object (a reference `n g R` counts as one).
    mutating func parseObject() throws(FacturXError) -> PDFObject {
        try object(from: lexer.next(), depth: 0)
    }

    /// Reads `n g obj` and the object after it; a stream's data is located, not read.
    /// - Returns: nil when the bytes at the position are not an object header.
    mutating func parseIndirectObject(expecting number: Int?) throws(FacturXError) -> (ObjectID, PDFObject)? {
        guard case .integer(let objectNumber) = lexer.next(), objectNumber >= 0,
            case .integer(let generation) = lexer.next(), generation >= 0,
            case .keyword(let word) = lexer.next(), lexer.keyword(word, is: "obj")
        else { return nil }
        if let number, number != objectNumber { return nil }
        let id = ObjectID(number: objectNumber, generation: generation)
        let value = try parseObject()
        guard case .dictionary(let dictionary) = value else { return (id, value) }
        let afterDictionary = lexer.position
        if case .keyword(let word) = lexer.next(), lexer.keyword(word, is: "stream") {
            return (id, .stream(PDFStream(dictionary: dictionary, dataStart: dataStart(after: lexer.position), objectNumber: objectNumber)))
        }
        lexer.position = afterDictionary
        return (id, value)
    }

    /// Where stream data begins: after `stream`, optional spaces, then CRLF or LF (or a lone CR, leniently).
    private func dataStart(after position: Int) -> Int {
        let bytes = lexer.bytes
        var index = position
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        if index < bytes.count, bytes[index] == 0x0D {
            index += 1
            if index < bytes.count, bytes[index] == 0x0A { index += 1 }
        } else if index < bytes.count, bytes[index] == 0x0A {
            index += 1
        }
        return index
    }

    private mutating func object(from token: PDFToken, depth: Int) throws(FacturXError) -> PDFObject {
        switch token {
        case .integer(let value):
            guard value >= 0 else { return .integer(value) }
            let saved = lexer.position
            if case .integer(let generation) = lexer.next(), generation >= 0 {
                if case .keyword(let word) = lexer.next(), lexer.keyword(word, is: "R") {
                    return .reference(ObjectID(number: value, generation: generation))
                }
            }
            lexer.position = saved
            return .integer(value)
        case .real(let value): return .real(value)
        case .name(let value): return .name(value)
        case .string(let value): return .string(value)
        case .arrayStart:
            guard depth < maxNesting else { throw .tooDeep(limit: maxNesting) }
            var elements: [PDFObject] = []
            while true {
                let saved = lexer.position
                let next = lexer.next()
                switch next {
                case .arrayEnd: return .array(elements)
                case .endOfInput: throw .damaged(reason: "an array is not closed before the end of the file")
                case .dictionaryEnd: return .array(elements)  // a malformed array: close it here
                case .keyword(let word) where endsAnObject(word):
                    lexer.position = saved
                    return .array(elements)
                default: elements.append(try object(from: next, depth: depth + 1))
                }
            }
        case .dictionaryStart:
            guard depth < maxNesting else { throw .tooDeep(limit: maxNesting) }
            var dictionary = PDFDictionary()
            while true {
                let saved = lexer.position
                let next = lexer.next()
                switch next {
                case .dictionaryEnd: return .dictionary(dictionary)
                case .endOfInput: throw .damaged(reason: "a dictionary is not closed before the end of the file")
                case .name(let key):
                    let valueStart = lexer.position
                    let valueToken = lexer.next()
                    switch valueToken {
                    case .dictionaryEnd:
                        return .dictionary(dictionary)  // a key without a value
                    case .keyword(let word) where endsAnObject(word):
                        lexer.position = valueStart
                        return .dictionary(dictionary)
                    default:
                        dictionary.add(key, try object(from: valueToken, depth: depth + 1))
                    }
                case .keyword(let word) where endsAnObject(word):
                    lexer.position = saved
                    return .dictionary(dictionary)
                default:
                    continue  // a stray token where a key should be: skip it
                }
            }
        case .keyword(let word):
            if lexer.keyword(word, is: "null") { return .null }
            if lexer.keyword(word, is: "true") { return .boolean(true) }
            if lexer.keyword(word, is: "false") { return .boolean(false) }
            return .null
        case .arrayEnd, .dictionaryEnd: return .null
        case .endOfInput: throw .damaged(reason: "the file ends where an object was expected")
        }
    }

    /// Keywords that cannot appear inside an object: meeting one means a container was left open.
    private func endsAnObject(_ word: Range<Int>) -> Bool {
        lexer.keyword(word, is: "endobj") || lexer.keyword(word, is: "stream") || lexer.keyword(word, is: "obj")
            || lexer.keyword(word, is: "endstream") || lexer.keyword(word, is: "trailer") || lexer.keyword(word, is: "xref")
    }
}
