#!/usr/bin/env python3
"""Reads the XML Schemas of the two invoice syntaxes and writes the tables Hermine's schema engine evaluates.

    python3 scripts/generate-schema-tables.py [XSD_FOLDER] [OUTPUT_FOLDER]

XSD_FOLDER defaults to ../shared/design/xsd (the specification, read in place, never copied into the repository);
OUTPUT_FOLDER to formats/schema. Writes ubl.tsv (UBL 2.1 Invoice and CreditNote) and cii.tsv (CII D16B).

Only what an instance can meet is written: the types reachable from the root elements, each fully resolved
(a simple content's value type and attributes after every extension and restriction; a complex content's
particles in order). The format, read by `SchemaTables.swift` (tab-separated; `#` starts a comment):

    namespace  PREFIX  URI
    root       ELEMENT  TYPE                      a document element and its type
    simple     TYPE  BUILTIN  [FACET=VALUE ...]   a simple type: a built-in XSD type and its facets
                                                  (minLength, maxLength, length, enumeration=a|b|c)
    complex    TYPE  elements                     element-only content; its particles follow in order:
    element    TYPE  MIN  MAX  ELEMENT  CHILD_TYPE    one element (MAX is a number or `n`, unbounded)
    choice     TYPE  MIN  MAX  ELEMENT=CHILD_TYPE ... one of several elements
    any        TYPE  MIN  MAX  NOT_NAMESPACE          any element from another namespace (lax: not descended)
    complex    TYPE  text  VALUE_TYPE             simple content: text of VALUE_TYPE, no element children
    attribute  TYPE  NAME  VALUE_TYPE  required|optional

Element and type names are written PREFIX:LOCAL with the namespace rows' prefixes; value types are `xsd:NAME`
(built in) or a `simple` row's name. The constructs these schemas use are all handled; anything else stops the
script with the file and element it could not read, so a schema change cannot be silently half-read.
"""

import os
import sys
import xml.etree.ElementTree as ET

XSD = "http://www.w3.org/2001/XMLSchema"
Q = "{%s}" % XSD

BUILTINS = {"string", "normalizedString", "token", "decimal", "integer", "boolean", "date", "dateTime", "time",
            "base64Binary", "anyURI", "language", "ID"}

PREFIXES = {
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2": "ubl",
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2": "cn",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
    "urn:oasis:names:specification:ubl:schema:xsd:UnqualifiedDataTypes-2": "udt",
    "urn:oasis:names:specification:ubl:schema:xsd:QualifiedDataTypes-2": "qdt",
    "urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2": "cct",
    "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "rsm",
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
    "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
    "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
}


class SchemaError(Exception):
    pass


class Document:
    """One schema file: its root element, target namespace, prefixes and form defaults."""

    def __init__(self, path):
        self.path = path
        self.prefixes = {}
        for event, item in ET.iterparse(path, events=("start-ns",)):
            prefix, uri = item
            self.prefixes.setdefault(prefix, uri)
        self.root = ET.parse(path).getroot()
        self.target = self.root.get("targetNamespace", "")
        self.qualified = self.root.get("elementFormDefault") == "qualified"

    def qname(self, text, where):
        """Resolves a QName attribute value (`udt:AmountType`) to (namespace, local)."""
        prefix, _, local = text.rpartition(":")
        if prefix not in self.prefixes and prefix != "":
            raise SchemaError("%s: unknown prefix in %r (%s)" % (self.path, text, where))
        return (self.prefixes.get(prefix, ""), local)


class SchemaSet:
    """Every schema file reachable from a main one, and their global components."""

    def __init__(self, main):
        self.documents = {}
        self.elements, self.complex, self.simple = {}, {}, {}
        self.load(os.path.normpath(main))

    def load(self, path):
        if path in self.documents:
            return
        document = Document(path)
        self.documents[path] = document
        for child in document.root:
            key = (document.target, child.get("name"))
            if child.tag == Q + "element":
                self.elements[key] = (child, document)
            elif child.tag == Q + "complexType":
                self.complex[key] = (child, document)
            elif child.tag == Q + "simpleType":
                self.simple[key] = (child, document)
        for child in document.root:
            if child.tag in (Q + "import", Q + "include") and child.get("schemaLocation"):
                self.load(os.path.normpath(os.path.join(os.path.dirname(path), child.get("schemaLocation"))))


class Generator:
    def __init__(self, schemas, skip_namespaces=()):
        self.schemas = schemas
        self.rows_simple, self.rows_complex = [], []
        self.done = set()
        self.names = {}
        self.used_namespaces = set()

    # Names -----------------------------------------------------------------------------------------------
    def name(self, namespace, local):
        if namespace not in PREFIXES:
            raise SchemaError("no prefix chosen for namespace %s (add it to PREFIXES)" % namespace)
        self.used_namespaces.add(namespace)
        return "%s:%s" % (PREFIXES[namespace], local)

    # Simple types ----------------------------------------------------------------------------------------
    def simple_type(self, key):
        """The value type named by a QName key: `xsd:NAME`, or a written `simple` row's name."""
        namespace, local = key
        if namespace == XSD:
            if local not in BUILTINS:
                raise SchemaError("built-in type xsd:%s is not supported by the engine" % local)
            return "xsd:" + local
        if key not in self.schemas.simple:
            raise SchemaError("simple type %s:%s not found" % key)
        name = self.name(namespace, local)
        if name not in self.done:
            self.done.add(name)
            node, document = self.schemas.simple[key]
            builtin, facets = self.resolve_simple(node, document)
            self.rows_simple.append(["simple", name, builtin] + facets)
        return name

    def resolve_simple(self, node, document):
        """(built-in, facets) of a simpleType element (restrictions of restrictions are merged)."""
        restriction = node.find(Q + "restriction")
        if restriction is None:
            raise SchemaError("%s: simple type %s is not a restriction" % (document.path, node.get("name")))
        base = document.qname(restriction.get("base"), node.get("name"))
        if base[0] == XSD:
            builtin, facets = self.simple_type(base), []
        else:
            parent, parent_document = self.schemas.simple[base]
            builtin, facets = self.resolve_simple(parent, parent_document)
        return builtin, facets + self.facets(restriction, document)

    def facets(self, restriction, document):
        facets, enumeration = [], []
        for facet in restriction:
            tag = facet.tag[len(Q):] if facet.tag.startswith(Q) else facet.tag
            if tag in ("annotation", "attribute", "anyAttribute", "simpleType"):
                continue
            if tag == "enumeration":
                enumeration.append(facet.get("value"))
            elif tag in ("minLength", "maxLength", "length"):
                facets.append("%s=%s" % (tag, facet.get("value")))
            else:
                raise SchemaError("%s: facet %s is not supported by the engine" % (document.path, tag))
        if enumeration:
            if any("|" in value or "\t" in value for value in enumeration):
                raise SchemaError("%s: an enumerated value holds | or a tab" % document.path)
            facets.append("enumeration=" + "|".join(enumeration))
        return facets

    # Complex types ---------------------------------------------------------------------------------------
    def complex_type(self, key):
        """The name of a global complex type, its rows written once."""
        name = self.name(*key)
        if name not in self.done:
            self.done.add(name)
            node, document = self.schemas.complex[key]
            self.write_complex(name, node, document)
        return name

    def element_type(self, element, document, owner):
        """The type name of a (local or global) element declaration; anonymous types are named after it."""
        if element.get("type"):
            key = document.qname(element.get("type"), element.get("name"))
            if key[0] == XSD:
                return self.simple_type(key)
            if key in self.schemas.complex:
                return self.complex_type(key)
            return self.simple_type(key)
        inline = element.find(Q + "complexType")
        if inline is None:
            raise SchemaError("%s: element %s has neither a type nor a complexType" % (document.path, element.get("name")))
        name = "%s.%s" % (owner, element.get("name"))
        if name not in self.done:
            self.done.add(name)
            self.write_complex(name, inline, document)
        return name

    def write_complex(self, name, node, document):
        simple = node.find(Q + "simpleContent")
        if node.find(Q + "complexContent") is not None:
            raise SchemaError("%s: complex content derivation in %s is not supported" % (document.path, name))
        if simple is not None:
            value, attributes = self.simple_content(node, document)
            rows = [["complex", name, "text", value]]
            rows += [["attribute", name, attribute, kind, use] for attribute, (kind, use) in attributes.items()]
            self.rows_complex.append(rows)
            return
        rows = [["complex", name, "elements"]]
        self.rows_complex.append(rows)
        groups = [child for child in node if child.tag in (Q + "sequence", Q + "choice")]
        if len(groups) > 1:
            raise SchemaError("%s: %s has several model groups" % (document.path, name))
        if groups and groups[0].tag == Q + "choice":
            rows.append(self.choice(name, groups[0], document))
        elif groups:
            for particle in groups[0]:
                if particle.tag == Q + "element":
                    element, child_document, child_name = self.declaration(particle, document)
                    rows.append(["element", name, occurs(particle, "minOccurs"), occurs(particle, "maxOccurs"), child_name,
                                 self.element_type(element, child_document, name)])
                elif particle.tag == Q + "choice":
                    rows.append(self.choice(name, particle, document))
                elif particle.tag == Q + "any":
                    if particle.get("namespace") != "##other":
                        raise SchemaError("%s: only ##other wildcards are supported (%s)" % (document.path, name))
                    rows.append(["any", name, occurs(particle, "minOccurs"), occurs(particle, "maxOccurs"),
                                 self.name(document.target, "")[:-1]])
                elif particle.tag != Q + "annotation":
                    raise SchemaError("%s: %s in a sequence of %s is not supported" % (document.path, particle.tag, name))
        for attribute in node.findall(Q + "attribute"):
            kind = self.simple_type(document.qname(attribute.get("type"), attribute.get("name")))
            rows.append(["attribute", name, attribute.get("name"), kind, attribute.get("use", "optional")])

    def choice(self, name, choice, document):
        options = []
        for particle in choice:
            if particle.tag == Q + "annotation":
                continue
            if particle.tag != Q + "element" or occurs(particle, "minOccurs") != "1" or occurs(particle, "maxOccurs") != "1":
                raise SchemaError("%s: only choices of single elements are supported (%s)" % (document.path, name))
            element, child_document, child_name = self.declaration(particle, document)
            options.append("%s=%s" % (child_name, self.element_type(element, child_document, name)))
        return ["choice", name, occurs(choice, "minOccurs"), occurs(choice, "maxOccurs")] + options

    def declaration(self, particle, document):
        """(declaration, its document, its qualified name) of an element particle, following `ref`."""
        if particle.get("ref"):
            key = document.qname(particle.get("ref"), "ref")
            if key not in self.schemas.elements:
                raise SchemaError("%s: element %s:%s not found" % ((document.path,) + key))
            element, element_document = self.schemas.elements[key]
            return element, element_document, self.name(*key)
        namespace = document.target if document.qualified else ""
        return particle, document, self.name(namespace, particle.get("name"))

    def simple_content(self, node, document):
        """(value type, {attribute: (type, use)}) of a complex type with simple content."""
        derivation = node.find(Q + "simpleContent")[0]
        while derivation.tag == Q + "annotation":
            raise SchemaError("%s: annotation before the derivation is not supported" % document.path)
        base = document.qname(derivation.get("base"), node.get("name"))
        if base[0] == XSD or base in self.schemas.simple:
            value, attributes = self.simple_type(base), {}
        else:
            parent, parent_document = self.schemas.complex[base]
            value, attributes = self.simple_content(parent, parent_document)
            attributes = dict(attributes)
        if derivation.tag == Q + "restriction":
            own = self.facets(derivation, document)
            if own:
                raise SchemaError("%s: facets in a simple content restriction are not supported" % document.path)
        for attribute in derivation.findall(Q + "attribute"):
            use = attribute.get("use", "optional")
            if use == "prohibited":
                attributes.pop(attribute.get("name"), None)
                continue
            kind = self.simple_type(document.qname(attribute.get("type"), attribute.get("name")))
            attributes[attribute.get("name")] = (kind, use)
        if derivation.find(Q + "anyAttribute") is not None:
            raise SchemaError("%s: anyAttribute is not supported" % document.path)
        return value, attributes


def occurs(node, attribute):
    value = node.get(attribute, "1")
    return "n" if value == "unbounded" else value


def generate(main_files, roots, title, source):
    lines = [
        "# %s, as tables for Hermine's schema engine (SchemaTables.swift): the types an instance can meet," % title,
        "# reached from the root elements and fully resolved. Generated by scripts/generate-schema-tables.py from",
        "# %s (the specification, read in place): do not edit by hand, run the script." % source,
    ]
    out_rows = []
    namespaces = set()
    generated = []
    for main, root in zip(main_files, roots):
        schemas = SchemaSet(main)
        generator = Generator(schemas)
        key = None
        for (namespace, local) in schemas.elements:
            if local == root:
                key = (namespace, local)
        if key is None:
            raise SchemaError("%s: no global element %s" % (main, root))
        element, document = schemas.elements[key]
        type_name = generator.element_type(element, document, "")
        generated.append((generator, ["root", generator.name(*key), type_name]))
    # Merge the generators' rows (Invoice and CreditNote share the common modules), each row once.
    seen = set()
    for generator, root in generated:
        namespaces |= generator.used_namespaces
        out_rows.append(root)
    for generator, _ in generated:
        for row in generator.rows_simple:
            if row[1] not in seen:
                seen.add(row[1])
                out_rows.append(row)
    for generator, _ in generated:
        for rows in generator.rows_complex:
            if rows[0][1] not in seen:
                seen.add(rows[0][1])
                out_rows.extend(rows)
    header = [["namespace", PREFIXES[namespace], namespace] for namespace in sorted(namespaces, key=lambda n: PREFIXES[n])]
    return "\n".join(lines + ["\t".join(row) for row in header + out_rows]) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    xsd = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "design", "xsd")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "formats", "schema")
    os.makedirs(out, exist_ok=True)
    try:
        ubl = generate(
            [os.path.join(xsd, "ubl-2.1", "maindoc", "UBL-Invoice-2.1.xsd"),
             os.path.join(xsd, "ubl-2.1", "maindoc", "UBL-CreditNote-2.1.xsd")],
            ["Invoice", "CreditNote"], "OASIS UBL 2.1 Invoice and CreditNote",
            "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd and UBL-CreditNote-2.1.xsd")
        cii = generate(
            [os.path.join(xsd, "cii-d16b", "data", "standard", "CrossIndustryInvoice_100pD16B.xsd")],
            ["CrossIndustryInvoice"], "UN/CEFACT Cross Industry Invoice D16B",
            "cii-d16b/data/standard/CrossIndustryInvoice_100pD16B.xsd")
    except SchemaError as error:
        sys.exit("generate-schema-tables: %s" % error)
    for name, text in (("ubl.tsv", ubl), ("cii.tsv", cii)):
        with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
            handle.write(text)
        print("%s: %d lines" % (os.path.join(out, name), text.count("\n")))


if __name__ == "__main__":
    main()
