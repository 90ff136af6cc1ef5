import Foundation
import InvoiceXML
import Testing

@Suite("XML writer")
struct XMLWriterTests {
    @Test("Indents children, keeps text inline, closes empty elements, escapes text and attributes")
    func layout() {
        var writer = XMLWriter()
        writer.start("a:Root", attributes: [("xmlns:a", "urn:a")])
        writer.leaf("a:Text", attributes: [("k", "x\"<&>\ny")], text: "1 < 2 & 3 > 2")
        writer.start("a:Group")
        writer.leaf("a:Empty", text: "")
        writer.end()
        let text = String(decoding: writer.finish(), as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <a:Root xmlns:a="urn:a">
              <a:Text k="x&quot;&lt;&amp;&gt;&#10;y">1 &lt; 2 &amp; 3 &gt; 2</a:Text>
              <a:Group>
                <a:Empty/>
              </a:Group>
            </a:Root>

            """)
    }

    @Test("Writes UTF-8 that the reader reads back")
    func readsBack() throws {
        var writer = XMLWriter(indentation: "\t")
        writer.start("Root")
        writer.leaf("Name", text: "Ställman & Søn – 日本")
        let data = writer.finish()
        let tree = try XMLReader.read(data)
        let child = try #require(tree.children(tree.root).first(where: { _ in true }))
        #expect(tree.text(child) == "Ställman & Søn – 日本")
    }
}
