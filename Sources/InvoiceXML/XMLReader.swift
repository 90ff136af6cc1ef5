internal import CLibXML2
public import Foundation
import Synchronization

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

    /// Documents up to this size are small: parsed from memory in one call, their white space kept as it comes and
    /// their tree's arrays grown as needed. Larger ones are pushed in pieces, their white space held apart and their
    /// arrays sized once (`TreeBuilder`).
    static let largeDocument = 4 << 20
    /// The size of the pieces a large document is pushed in.
    static let pushChunk = 1 << 20

    private static func parse(_ raw: UnsafeRawBufferPointer, limits: XMLLimits) throws(XMLReadError) -> XMLTree {
        XMLLibrary.initialize()
        guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self), let reader = ReusableParser.take() else {
            throw .notWellFormed(line: 0, column: 0, reason: "the parser could not be created")
        }
        defer { ReusableParser.give(reader) }
        let parser = reader.context
        let builder = UnsafeMutablePointer<TreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: TreeBuilder(limits: limits, inputSize: raw.count, names: reader.names))
        var built = false
        defer {
            if !built { builder.deinitialize(count: 1) }
            builder.deallocate()
        }
        parser.pointee._private = UnsafeMutableRawPointer(builder)
        defer { parser.pointee._private = nil }
        // No DTD is ever read (a DOCTYPE stops the parse), nothing is fetched. XML_PARSE_HUGE stays off: its
        // 10 MB bounds on names, attribute values and CDATA sections are more than any invoice needs, and text
        // content, where attachments are, arrives in pieces, so it is bounded by the size limit alone.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        if raw.count <= largeDocument {
            // Resets the context (its dictionary stays) and parses the bytes, which libxml2 copies first.
            _ = xmlCtxtReadMemory(parser, base, Int32(raw.count), nil, nil, options)
        } else {
            // A large document is fed in pieces, so that libxml2 holds a piece at a time rather than a copy of
            // the whole input (80 MB less at the peak of an 80 MB invoice).
            let head = min(raw.count, 4)  // the first bytes tell the encoding
            _ = xmlCtxtResetPush(parser, base, Int32(head), nil, nil)
            _ = xmlCtxtUseOptions(parser, options)
            parser.pointee._private = UnsafeMutableRawPointer(builder)
            var offset = head
            while offset < raw.count, builder.pointee.failure == nil, parser.pointee.instate != XML_PARSER_EOF {
                let length = min(pushChunk, raw.count - offset)
                _ = xmlParseChunk(parser, base + offset, Int32(length), offset + length == raw.count ? 1 : 0)
                offset += length
            }
        }

        if let failure = builder.pointee.failure { throw failure }
        if parser.pointee.wellFormed == 0 || builder.pointee.nodeCount == 0 {
            let error = xmlCtxtGetLastError(parser)
            let message =
                error.flatMap { $0.pointee.message.map { String(cString: $0) } }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "no root element"
            let line = Int(error?.pointee.line ?? 0)
            let column = Int(error?.pointee.int2 ?? 0)
            throw .notWellFormed(line: line, column: column, reason: message)
        }
        built = true
        return builder.move().finish()
    }
}

/// A libxml2 parser context kept from one parse to the next, with its SAX handler set once.
///
/// A context keeps its name dictionary, so the names documents use are interned once, and their pointers map
/// to vocabulary ids once (`names`) instead of once per document. Idle contexts wait in a small pool; one that
/// has met too many names (a stream of hostile documents) is freed instead of going back.
final class ReusableParser: @unchecked Sendable {
    let context: xmlParserCtxtPtr
    let names: UnsafeMutablePointer<PointerNameCache>

    private init?() {
        guard let context = xmlNewParserCtxt() else { return nil }
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = onStartElement
        handler.endElementNs = onEndElement
        handler.characters = onCharacters
        handler.cdataBlock = onCharacters
        handler.internalSubset = onDoctype
        handler.serror = onStructuredError
        // Replace the default handler; the context owns the SAX structure it was created with.
        context.pointee.sax.pointee = handler
        context.pointee.userData = UnsafeMutableRawPointer(context)
        self.context = context
        names = .allocate(capacity: 1)
        names.initialize(to: PointerNameCache())
    }

    deinit {
        xmlFreeParserCtxt(context)
        names.deinitialize(count: 1)
        names.deallocate()
    }

    private static let idle = Mutex<[ReusableParser]>([])
    /// Idle contexts kept (about one per thread that parses).
    private static let poolSize = 16
    /// Distinct names a context may have met before it is freed rather than kept.
    private static let nameLimit = 20_000

    /// An idle context, or a new one.
    static func take() -> ReusableParser? {
        idle.withLock { $0.popLast() } ?? ReusableParser()
    }

    /// Returns a context after a parse, its input released (a large document's copy is freed now, not at the
    /// next parse).
    static func give(_ parser: ReusableParser) {
        guard xmlDictSize(parser.context.pointee.dict) <= nameLimit else { return }
        xmlCtxtReset(parser.context)
        idle.withLock { if $0.count < poolSize { $0.append(parser) } }
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
