#!/usr/bin/env python3
"""Builds the PDFs the FacturX tests read: the structures the shared corpus lacks, and hostile files.

Run from anywhere: `python3 Tests/FacturXTests/Fixtures/make_fixtures.py` (needs pikepdf: `pip install pikepdf`).
The PDFs are committed beside this script so `swift test` needs no Python. Re-running gives the same bytes
for a given zlib, except encrypted.pdf (AES-256 uses a random salt).

Most files are written by hand (a tiny writer below) so each structure is exactly what its name says;
pikepdf (qpdf inside) rewrites some into object streams + cross-reference streams and encrypts one.
"""
import os
import zlib

import pikepdf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pdf")

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" \
xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" \
xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>
</rsm:CrossIndustryInvoice>
"""

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>UBL-1</cbc:ID>
</Invoice>
"""


def invoice(number):
    return CII.format(number=number).encode()


def xmp(level="EN 16931", filename="factur-x.xml", part="3", attribute_form=False, prefix="fx"):
    ns = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
    if attribute_form:
        fx = f"""<rdf:Description rdf:about="" xmlns:{prefix}="{ns}" {prefix}:DocumentType="INVOICE"
   {prefix}:DocumentFileName="{filename}" {prefix}:Version="1.0" {prefix}:ConformanceLevel="{level}"/>"""
    else:
        fx = f"""<rdf:Description rdf:about="" xmlns:{prefix}="{ns}">
   <{prefix}:DocumentType>INVOICE</{prefix}:DocumentType>
   <{prefix}:DocumentFileName>{filename}</{prefix}:DocumentFileName>
   <{prefix}:Version>1.0</{prefix}:Version>
   <{prefix}:ConformanceLevel>{level}</{prefix}:ConformanceLevel>
  </rdf:Description>"""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  {fx}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


class Writer:
    """A minimal PDF writer: numbered objects, a classic cross-reference table, optional updates."""

    def __init__(self, version="1.7"):
        self.out = bytearray(f"%PDF-{version}\n%\xe2\xe3\xcf\xd3\n".encode("latin-1"))
        self.offsets = {}

    def obj(self, number, body, stream=None, length=None):
        self.offsets[number] = len(self.out)
        self.out += f"{number} 0 obj\n".encode()
        if stream is None:
            self.out += body.encode() if isinstance(body, str) else body
        else:
            declared = len(stream) if length is None else length
            self.out += (body.replace("LENGTH", str(declared))).encode()
            self.out += b"\nstream\n" + stream + b"\nendstream"
        self.out += b"\nendobj\n"

    def xref(self, numbers, trailer, prev=None):
        """A classic section listing `numbers` (plus the free head when 0 is listed), then the trailer."""
        start = len(self.out)
        self.out += b"xref\n"
        numbers = sorted(numbers)
        groups = []
        for n in numbers:
            if groups and n == groups[-1][-1] + 1:
                groups[-1].append(n)
            else:
                groups.append([n])
        for group in groups:
            self.out += f"{group[0]} {len(group)}\n".encode()
            for n in group:
                if n == 0:
                    self.out += b"0000000000 65535 f \n"
                else:
                    self.out += f"{self.offsets[n]:010d} 00000 n \n".encode()
        if prev is not None:
            trailer = trailer.replace(">>", f" /Prev {prev} >>", 1) if trailer.rstrip().endswith(">>") else trailer
        self.out += f"trailer\n{trailer}\nstartxref\n{start}\n%%EOF\n".encode()
        return start

    def save(self, name):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(self.out)


def filespec(name_literal, stream_ref, relationship="Alternative", uf=None):
    uf_part = f" /UF {uf}" if uf else f" /UF {name_literal}"
    rel = f" /AFRelationship /{relationship}" if relationship else ""
    return f"<< /Type /Filespec /F {name_literal}{uf_part} /EF << /F {stream_ref} 0 R >>{rel} >>"


def basic(w, xml, xmp_bytes, xmp_compressed=False, invoice_compressed=True, extra_catalog=""):
    """Objects 1-7 of a one-page Factur-X PDF: catalog 1, pages 2, page 3, XMP 4, invoice stream 5,
    filespec 6, name tree 7."""
    w.obj(1, f"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R /Names << /EmbeddedFiles 7 0 R >> /AF [6 0 R]{extra_catalog} >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    if xmp_compressed:
        w.obj(4, "<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length LENGTH >>", zlib.compress(xmp_bytes, 9))
    else:
        w.obj(4, "<< /Type /Metadata /Subtype /XML /Length LENGTH >>", xmp_bytes)
    if invoice_compressed:
        w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length LENGTH >>", zlib.compress(xml, 9))
    else:
        w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length LENGTH >>", xml)
    w.obj(6, filespec("(factur-x.xml)", 5))
    w.obj(7, "<< /Names [(factur-x.xml) 6 0 R] >>")


def classic(name="classic.pdf", number="CLASSIC-1", **options):
    w = Writer()
    basic(w, invoice(number), xmp(), **options)
    w.xref(range(0, 8), "<< /Size 8 /Root 1 0 R >>")
    w.save(name)
    return w


def incremental_updates():
    """Three revisions: the invoice stream is replaced twice, the XMP once; the newest must win."""
    w = Writer()
    basic(w, invoice("REV-1"), xmp(level="BASIC"))
    first = w.xref(range(0, 8), "<< /Size 8 /Root 1 0 R >>")
    w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length LENGTH >>", zlib.compress(invoice("REV-2")))
    second = w.xref([5], "<< /Size 8 /Root 1 0 R >>", prev=first)
    w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length LENGTH >>", invoice("REV-3"))
    w.obj(4, "<< /Type /Metadata /Subtype /XML /Length LENGTH >>", xmp(level="EXTENDED"))
    w.xref([4, 5], "<< /Size 8 /Root 1 0 R >>", prev=second)
    w.save("incremental-updates.pdf")


def nested_name_tree():
    """A three-level /Kids tree, keys not sorted, the invoice in the deepest leaf, other files around it."""
    w = Writer()
    w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R /Names << /EmbeddedFiles 7 0 R >> >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    w.obj(4, "<< /Type /Metadata /Subtype /XML /Length LENGTH >>", xmp())
    w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length LENGTH >>", zlib.compress(invoice("TREE-1")))
    w.obj(6, filespec("(factur-x.xml)", 5))
    # Root: kids 8 and 9 (out of order); 9 has kid 10 (leaf with the invoice) and 11 (another leaf).
    w.obj(7, "<< /Kids [9 0 R 8 0 R] >>")
    w.obj(8, "<< /Limits [(a.txt) (b.txt)] /Names [(b.txt) 12 0 R (a.txt) 14 0 R] >>")
    w.obj(9, "<< /Limits [(c.xml) (z.txt)] /Kids [11 0 R 10 0 R] >>")
    w.obj(10, "<< /Limits [(c.xml) (factur-x.xml)] /Names [(factur-x.xml) 6 0 R (c.xml) 16 0 R] >>")
    w.obj(11, "<< /Limits [(z.txt) (z.txt)] /Names [(z.txt) 18 0 R] >>")
    for n, (name, text) in zip((12, 14, 16, 18), [("b.txt", b"bee"), ("a.txt", b"ay"), ("c.xml", b"<notes/>"), ("z.txt", b"zed")]):
        w.obj(n + 1, "<< /Type /EmbeddedFile /Length LENGTH >>", text)
        w.obj(n, filespec(f"({name})", n + 1, relationship="Supplement"))
    w.xref(range(0, 20), "<< /Size 20 /Root 1 0 R >>")
    w.save("nested-name-tree.pdf")


def broken_startxref():
    """startxref points into the middle of the page object: readers rebuild the table by scanning."""
    w = classic("broken-startxref.pdf", number="BROKEN-1")
    text = bytes(w.out)
    at = text.rindex(b"startxref\n") + len(b"startxref\n")
    end = text.index(b"\n", at)
    w.out = bytearray(text[:at] + str(w.offsets[3] + 7).encode() + text[end:])
    w.save("broken-startxref.pdf")


def no_xref():
    """No cross-reference table nor startxref at all; the trailer alone names the catalog."""
    w = Writer()
    basic(w, invoice("NOXREF-1"), xmp())
    w.out += b"trailer\n<< /Size 8 /Root 1 0 R >>\n%%EOF\n"
    w.save("no-xref-table.pdf")


def lying_length():
    """The invoice stream's /Length is far past the real data (and past the file's end)."""
    w = Writer()
    w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R /Names << /EmbeddedFiles 7 0 R >> /AF [6 0 R] >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    w.obj(4, "<< /Type /Metadata /Subtype /XML /Length LENGTH >>", xmp())
    w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length LENGTH >>", invoice("LENGTH-1"), length=999999)
    w.obj(6, filespec("(factur-x.xml)", 5))
    w.obj(7, "<< /Names [(factur-x.xml) 6 0 R] >>")
    w.xref(range(0, 8), "<< /Size 8 /Root 1 0 R >>")
    w.save("lying-length.pdf")


def hybrid():
    """A hybrid file: the classic table lists the plain objects; /XRefStm lists the invoice's filespec and
    stream, which live in an object stream (object 20)."""
    w = Writer(version="1.5")
    w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R /Names << /EmbeddedFiles 7 0 R >> /AF [6 0 R] >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    w.obj(4, "<< /Type /Metadata /Subtype /XML /Length LENGTH >>", xmp())
    w.obj(5, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length LENGTH >>", zlib.compress(invoice("HYBRID-1")))
    # Objects 6 (filespec) and 7 (name tree) only in object stream 20.
    members = [(6, filespec("(factur-x.xml)", 5)), (7, "<< /Names [(factur-x.xml) 6 0 R] >>")]
    body = b""
    header = []
    for number, text in members:
        header.append(f"{number} {len(body)}")
        body += text.encode() + b"\n"
    head = (" ".join(header) + "\n").encode()
    w.obj(20, f"<< /Type /ObjStm /N 2 /First {len(head)} /Filter /FlateDecode /Length LENGTH >>", zlib.compress(head + body))
    # The cross-reference stream for 6 and 7: type 2 entries (in stream 20, index 0 and 1), W [1 2 1].
    rows = bytes([2, 0, 20, 0, 2, 0, 20, 1])
    w.obj(21, "<< /Type /XRef /Size 22 /Index [6 2] /W [1 2 1] /Filter /FlateDecode /Length LENGTH >>", zlib.compress(rows))
    w.xref([0, 1, 2, 3, 4, 5, 20, 21], f"<< /Size 22 /Root 1 0 R /XRefStm {w.offsets[21]} >>")
    w.save("hybrid-xref.pdf")


def af_only_ubl_utf16():
    """A UBL invoice under a non-standard name, listed only in /AF, its /UF a UTF-16BE string."""
    w = Writer()
    w.obj(1, "<< /Type /Catalog /Pages 2 0 R /AF [6 0 R 8 0 R] >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    w.obj(5, "<< /Type /EmbeddedFile /Subtype /application#2Fxml /Length LENGTH >>", b"\xef\xbb\xbf" + UBL.encode())
    name = "facture-é.xml".encode("utf-16-be")
    w.obj(6, filespec("(facture-\\351.xml)", 5, relationship="Data", uf="<FEFF" + name.hex().upper() + ">"))
    w.obj(7, "<< /Type /EmbeddedFile /Length LENGTH >>", b"not xml")
    w.obj(8, filespec("(readme.txt)", 7, relationship=None))
    w.xref([0, 1, 2, 3, 5, 6, 7, 8], "<< /Size 9 /Root 1 0 R >>")
    w.save("af-only-ubl.pdf")


def unsupported_filter():
    w = Writer()
    w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 7 0 R >> >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    w.obj(5, "<< /Type /EmbeddedFile /Filter /ASCIIHexDecode /Length LENGTH >>", invoice("HEX").hex().encode() + b">")
    w.obj(6, filespec("(factur-x.xml)", 5))
    w.obj(7, "<< /Names [(factur-x.xml) 6 0 R] >>")
    w.xref([0, 1, 2, 3, 5, 6, 7], "<< /Size 8 /Root 1 0 R >>")
    w.save("unsupported-filter.pdf")


def inflation_bomb():
    """The invoice stream inflates to 80 MB of spaces, past the 64 MB default limit."""
    w = Writer()
    bomb = zlib.compressobj(9)
    data = bomb.compress(b"<a>") + bomb.compress(b" " * (80 * 1024 * 1024)) + bomb.flush()
    w.obj(1, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 7 0 R >> >>")
    w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    w.obj(5, "<< /Type /EmbeddedFile /Filter /FlateDecode /Length LENGTH >>", data)
    w.obj(6, filespec("(factur-x.xml)", 5))
    w.obj(7, "<< /Names [(factur-x.xml) 6 0 R] >>")
    w.xref([0, 1, 2, 3, 5, 6, 7], "<< /Size 8 /Root 1 0 R >>")
    w.save("inflation-bomb.pdf")


def with_pikepdf():
    """Object streams and cross-reference streams (qpdf writes them with the PNG Up predictor)."""
    source = os.path.join(OUT, "classic.pdf")
    with pikepdf.open(source) as pdf:
        pdf.save(os.path.join(OUT, "object-streams.pdf"), object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 deterministic_id=True, static_id=True)
    with pikepdf.open(os.path.join(OUT, "incremental-updates.pdf")) as pdf:
        pdf.save(os.path.join(OUT, "linearized.pdf"), linearize=True, deterministic_id=True, static_id=True)
    with pikepdf.open(source) as pdf:
        pdf.save(os.path.join(OUT, "encrypted.pdf"), encryption=pikepdf.Encryption(owner="owner", user=""),
                 static_id=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    classic()
    classic("compressed-xmp.pdf", number="XMPZ-1", xmp_compressed=True)
    incremental_updates()
    nested_name_tree()
    broken_startxref()
    no_xref()
    lying_length()
    hybrid()
    af_only_ubl_utf16()
    unsupported_filter()
    inflation_bomb()
    with_pikepdf()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):>8}  {name}")


if __name__ == "__main__":
    main()
