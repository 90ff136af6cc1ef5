internal import CLibXML2
public import Foundation

/// Reads bytes into an `XMLTree` with libxml2's SAX2 parser.
///
/// Safe by construction: a DOCTYPE stops the parse (so no external entity, no DTD, no entity
/// expansion is ever attempted), the network is off, and size, depth and element count are bounded.
public enum XMLReader {
    /// Parses `bytes` into a tree.
    /// - Throws: `XMLReadError` naming what is wrong and where.
    public static func read(_ bytes: Data, limits: XMLLimits = .default) throws(XMLReadError) -> XMLTree {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(size: bytes.count, limit: limits.maxBytes) }
        guard bytes.count <= Int(Int32.max) else { throw .tooLarge(size: bytes.count, limit: Int(Int32.max)) }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(XMLReadError) -> XMLTree in try parse(raw, limits: limits) }
        }
        return try result.get()
    }

    /// Parses the bytes of a buffer into a tree.
    public static func read(_ bytes: [UInt8], limits: XMLLimits = .default) throws(XMLReadError) -> XMLTree {
        try read(Data(bytes), limits: limits)
    }

    private static func parse(_ raw: UnsafeRawBufferPointer, limits: XMLLimits) throws(XMLReadError) -> XMLTree {
        XMLLibrary.initialize()
        let builder = UnsafeMutablePointer<TreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: TreeBuilder(limits: limits, inputSize: raw.count))
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = onStartElement
        handler.endElementNs = onEndElement
        handler.characters = onCharacters
        handler.cdataBlock = onCharacters
        handler.internalSubset = onDoctype
        handler.serror = onStructuredError
        guard let context = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
            let parser = xmlCreateMemoryParserCtxt(context, Int32(raw.count))
        else { throw .notWellFormed(line: 0, column: 0, reason: "the parser could not be created") }
        defer { xmlFreeParserCtxt(parser) }
        // Replace the default handler; the context owns the SAX structure it was created with.
        withUnsafeMutablePointer(to: &handler) { pointer in
            parser.pointee.sax.pointee = pointer.pointee
        }
        parser.pointee.userData = UnsafeMutableRawPointer(parser)
        parser.pointee._private = UnsafeMutableRawPointer(builder)
        _ = xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue))
        parser.pointee.replaceEntities = 0
        _ = xmlParseDocument(parser)

        if let failure = builder.pointee.failure { throw failure }
        if parser.pointee.wellFormed == 0 || builder.pointee.nodeCount == 0 {
            let error = xmlCtxtGetLastError(parser)
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "no root element"
            let line = Int(error?.pointee.line ?? 0)
            let column = Int(error?.pointee.int2 ?? 0)
            throw .notWellFormed(line: line, column: column, reason: message)
        }
        return builder.pointee.finish()
    }
}

/// Once-per-process libxml2 set-up.
enum XMLLibrary {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()
    static func initialize() { _ = initialized }
}

@inline(__always)
private func builder(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<TreeBuilder>? {
    guard let context else { return nil }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    return parser.pointee._private?.assumingMemoryBound(to: TreeBuilder.self)
}

private func stop(_ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    xmlStopParser(context.assumingMemoryBound(to: xmlParserCtxt.self))
}

private let onStartElement: startElementNsSAX2Func = { context, localname, _, uri, _, _, attributeCount, _, attributes in
    guard let builder = builder(context), let localname else { return }
    let line = Int32(truncatingIfNeeded: xmlSAX2GetLineNumber(context))
    if !builder.pointee.start(local: localname, uri: uri, line: line, attributeCount: Int(attributeCount), attributes: attributes) {
        stop(context)
    }
}

private let onEndElement: endElementNsSAX2Func = { context, _, _, _ in
    builder(context)?.pointee.end()
}

private let onCharacters: charactersSAXFunc = { context, characters, length in
    guard let characters, length > 0 else { return }
    builder(context)?.pointee.characters(characters, Int(length))
}

private let onDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let builder = builder(context) else { return }
    builder.pointee.failure = .forbiddenDoctype(line: Int(xmlSAX2GetLineNumber(context)))
    stop(context)
}

/// Swallows libxml2's error reports; the last error is read from the context after the parse.
private let onStructuredError: xmlStructuredErrorFunc = { _, _ in }
