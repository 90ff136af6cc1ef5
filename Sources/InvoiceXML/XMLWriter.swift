public import Foundation

/// Writes an XML document as UTF-8, element by element, indented.
///
/// Names are written as given (`cbc:ID`, `rsm:CrossIndustryInvoice`): the caller declares the
/// namespaces it uses as `xmlns`/`xmlns:prefix` attributes of the root. Text and attribute values
/// are escaped; an element with text stays on one line, an element with children has them indented.
///
/// ```swift
/// var writer = XMLWriter()
/// writer.start("Invoice", attributes: [("xmlns", "urn:…:Invoice-2")])
/// writer.leaf("cbc:ID", text: "INV-1")
/// writer.end()
/// let bytes = writer.finish()
/// ```
public struct XMLWriter: Sendable {
    private var bytes: [UInt8] = []
    private var open: [String] = []
    /// Whether the innermost open element has content yet (children or text).
    private var hasContent: [Bool] = []
    private let indentation: [UInt8]

    /// Starts a document with the XML declaration; `indentation` is repeated once per level.
    public init(indentation: String = "  ") {
        self.indentation = Array(indentation.utf8)
        bytes.reserveCapacity(16 * 1024)
        bytes.append(contentsOf: Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8))
    }

    /// Opens element `name` with `attributes`, in the order given.
    public mutating func start(_ name: String, attributes: [(name: String, value: String)] = []) {
        markContent()
        newline(depth: open.count)
        bytes.append(0x3C)
        bytes.append(contentsOf: name.utf8)
        for attribute in attributes { appendAttribute(attribute.name, attribute.value) }
        bytes.append(0x3E)
        open.append(name)
        hasContent.append(false)
    }

    /// Adds escaped text to the open element.
    public mutating func text(_ text: String) {
        guard !open.isEmpty else { return }
        hasContent[hasContent.count - 1] = true
        appendEscaped(text, inAttribute: false)
    }

    /// Closes the innermost open element.
    public mutating func end() {
        guard let name = open.popLast() else { return }
        let hadContent = hasContent.removeLast()
        if let last = bytes.last, last == 0x3E, !hadContent {
            // <a> with nothing inside becomes <a/>
            bytes.removeLast()
            bytes.append(contentsOf: [0x2F, 0x3E])
            lastWasChild = true
            return
        }
        if lastWasChild { newline(depth: open.count) }
        bytes.append(contentsOf: [0x3C, 0x2F])
        bytes.append(contentsOf: name.utf8)
        bytes.append(0x3E)
        lastWasChild = true
    }

    /// Writes `<name attributes>text</name>` on one line.
    public mutating func leaf(_ name: String, attributes: [(name: String, value: String)] = [], text: String) {
        start(name, attributes: attributes)
        if !text.isEmpty { self.text(text) }
        lastWasChild = false
        end()
    }

    /// Closes every open element and returns the document's bytes, ending with a newline.
    public mutating func finish() -> Data {
        while !open.isEmpty { end() }
        bytes.append(0x0A)
        return Data(bytes)
    }

    /// Whether the last thing written inside the current element was a child element (so its end tag goes on its own line).
    private var lastWasChild = false

    private mutating func markContent() {
        if !hasContent.isEmpty { hasContent[hasContent.count - 1] = true }
        lastWasChild = false
    }

    private mutating func newline(depth: Int) {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(contentsOf: indentation) }
    }

    private mutating func appendAttribute(_ name: String, _ value: String) {
        bytes.append(0x20)
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: [0x3D, 0x22])
        appendEscaped(value, inAttribute: true)
        bytes.append(0x22)
    }

    private mutating func appendEscaped(_ text: String, inAttribute: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            // Copy runs of plain bytes at once; only the few special characters are replaced.
            var runStart = 0
            for index in 0..<utf8.count {
                let replacement: StaticString
                switch utf8[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where inAttribute: replacement = "&quot;"
                case 0x0A where inAttribute: replacement = "&#10;"
                case 0x09 where inAttribute: replacement = "&#9;"
                case 0x0D: replacement = "&#13;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
    }
}
