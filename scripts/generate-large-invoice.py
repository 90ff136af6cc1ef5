#!/usr/bin/env python3
"""Writes a large, valid EN 16931 invoice by repeating the lines of a real example.

Usage:
    scripts/generate-large-invoice.py SYNTAX LINES OUTPUT [--source FILE]

SYNTAX is `ubl` or `cii`. The lines of the source instance (by default a complete CEN example under
../shared/corpus/en16931, read in place) are repeated in turn until there are LINES of them, numbered 1, 2, 3...;
the document totals (BT-106 to BT-115) and the VAT breakdown (BG-23) are recomputed from the lines and the
document-level allowances and charges, so that the result stays valid under EN 16931. Everything else is the
source's. Standard library only; memory stays in proportion to the source, not to the output.
"""

import argparse
import io
import re
import sys
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "en16931"
DEFAULT_SOURCES = {
    "ubl": CORPUS / "ubl" / "examples" / "ubl-tc434-example1.xml",
    "cii": CORPUS / "cii" / "examples" / "CII_example1.xml",
}

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
CENT = Decimal("0.01")


def q(namespace, local):
    return f"{{{namespace}}}{local}"


def amount(value):
    """An amount with two decimals, as BR-DEC rules want for document totals."""
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def category_key(code, percent):
    """A VAT category and rate as one key: `S` at 20 and `S` at 20.00 are the same breakdown, and so are `O`
    without a rate and `O` at 0."""
    code = (code or "").strip()
    if percent is None or not percent.strip():
        return (code, Decimal(0))
    return (code, Decimal(percent.strip()).normalize())


def text(element, path, ns):
    found = element.find(path, ns)
    return None if found is None else (found.text or "")


def read_with_prefixes(path):
    """Parses `path`, registering its namespace prefixes so that they come out as written."""
    prefixes = {}
    for _, (prefix, uri) in ET.iterparse(path, events=("start-ns",)):
        if prefix not in prefixes:
            prefixes[prefix] = uri
    for prefix, uri in prefixes.items():
        ET.register_namespace(prefix, uri)
    return ET.parse(path), prefixes


def prefix_of(prefixes, uri):
    for prefix, known in prefixes.items():
        if known == uri:
            return prefix
    sys.exit(f"the source does not declare the namespace {uri}")


class Syntax:
    """What differs between UBL and CII: where the lines are and how totals are written."""

    def __init__(self, root, prefixes):
        self.root = root
        self.prefixes = prefixes


class UBL(Syntax):
    ns = {"cac": CAC, "cbc": CBC}

    def lines_parent(self):
        return self.root

    def lines(self):
        return [c for c in self.root if c.tag in (q(CAC, "InvoiceLine"), q(CAC, "CreditNoteLine"))]

    def line_facts(self, line):
        net = Decimal(text(line, "cbc:LineExtensionAmount", self.ns).strip())
        category = line.find("cac:Item/cac:ClassifiedTaxCategory", self.ns)
        return net, category_key(text(category, "cbc:ID", self.ns), text(category, "cbc:Percent", self.ns))

    def line_id_pattern(self):
        cbc = prefix_of(self.prefixes, CBC)
        return re.compile(rf"<{cbc}:ID>[^<]*</{cbc}:ID>"), f"<{cbc}:ID>{{}}</{cbc}:ID>"

    def document_charges(self):
        """(amount, category key, is charge) of each document-level allowance or charge."""
        result = []
        for charge in self.root.findall("cac:AllowanceCharge", self.ns):
            indicator = text(charge, "cbc:ChargeIndicator", self.ns).strip()
            category = charge.find("cac:TaxCategory", self.ns)
            key = category_key(text(category, "cbc:ID", self.ns), text(category, "cbc:Percent", self.ns))
            result.append((Decimal(text(charge, "cbc:Amount", self.ns).strip()), key, indicator in ("true", "1")))
        return result

    def currency(self):
        return text(self.root, "cbc:DocumentCurrencyCode", self.ns).strip()

    def write_breakdown(self, taxable_by_key):
        """Sets each VAT breakdown's taxable and tax amounts; returns the VAT total (BT-110)."""
        currency = self.currency()
        for total in self.root.findall("cac:TaxTotal", self.ns):
            amount_element = total.find("cbc:TaxAmount", self.ns)
            if amount_element.get("currencyID") != currency:
                continue  # BT-111, in the tax currency: no rule ties it to the lines
            vat_total = Decimal(0)
            for subtotal in total.findall("cac:TaxSubtotal", self.ns):
                category = subtotal.find("cac:TaxCategory", self.ns)
                key = category_key(text(category, "cbc:ID", self.ns), text(category, "cbc:Percent", self.ns))
                taxable = taxable_by_key.get(key, Decimal(0))
                tax = (taxable * key[1] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                subtotal.find("cbc:TaxableAmount", self.ns).text = amount(taxable)
                subtotal.find("cbc:TaxAmount", self.ns).text = amount(tax)
                vat_total += tax
            amount_element.text = amount(vat_total)
            return vat_total
        return Decimal(0)

    def write_totals(self, line_sum, allowances, charges, vat_total):
        totals = self.root.find("cac:LegalMonetaryTotal", self.ns)

        def get(name):
            value = text(totals, f"cbc:{name}", self.ns)
            return Decimal(value.strip()) if value is not None else Decimal(0)

        def put(name, value):
            element = totals.find(f"cbc:{name}", self.ns)
            if element is not None:
                element.text = amount(value)

        tax_exclusive = line_sum - allowances + charges
        tax_inclusive = tax_exclusive + vat_total
        put("LineExtensionAmount", line_sum)
        put("TaxExclusiveAmount", tax_exclusive)
        put("TaxInclusiveAmount", tax_inclusive)
        put("PayableAmount", tax_inclusive - get("PrepaidAmount") + get("PayableRoundingAmount"))


class CII(Syntax):
    ns = {"ram": RAM, "rsm": RSM, "udt": UDT}

    def transaction(self):
        return self.root.find("rsm:SupplyChainTradeTransaction", self.ns)

    def settlement(self):
        return self.transaction().find("ram:ApplicableHeaderTradeSettlement", self.ns)

    def lines_parent(self):
        return self.transaction()

    def lines(self):
        return self.transaction().findall("ram:IncludedSupplyChainTradeLineItem", self.ns)

    def line_facts(self, line):
        settlement = line.find("ram:SpecifiedLineTradeSettlement", self.ns)
        net = Decimal(text(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount", self.ns).strip())
        tax = settlement.find("ram:ApplicableTradeTax", self.ns)
        return net, category_key(text(tax, "ram:CategoryCode", self.ns), text(tax, "ram:RateApplicablePercent", self.ns))

    def line_id_pattern(self):
        ram = prefix_of(self.prefixes, RAM)
        return re.compile(rf"<{ram}:LineID>[^<]*</{ram}:LineID>"), f"<{ram}:LineID>{{}}</{ram}:LineID>"

    def document_charges(self):
        result = []
        for charge in self.settlement().findall("ram:SpecifiedTradeAllowanceCharge", self.ns):
            indicator = text(charge, "ram:ChargeIndicator/udt:Indicator", self.ns).strip()
            tax = charge.find("ram:CategoryTradeTax", self.ns)
            key = category_key(text(tax, "ram:CategoryCode", self.ns), text(tax, "ram:RateApplicablePercent", self.ns))
            result.append((Decimal(text(charge, "ram:ActualAmount", self.ns).strip()), key, indicator == "true"))
        return result

    def currency(self):
        return text(self.settlement(), "ram:InvoiceCurrencyCode", self.ns).strip()

    def write_breakdown(self, taxable_by_key):
        vat_total = Decimal(0)
        for tax_element in self.settlement().findall("ram:ApplicableTradeTax", self.ns):
            key = category_key(
                text(tax_element, "ram:CategoryCode", self.ns), text(tax_element, "ram:RateApplicablePercent", self.ns))
            taxable = taxable_by_key.get(key, Decimal(0))
            tax = (taxable * key[1] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            tax_element.find("ram:CalculatedAmount", self.ns).text = amount(tax)
            tax_element.find("ram:BasisAmount", self.ns).text = amount(taxable)
            vat_total += tax
        return vat_total

    def write_totals(self, line_sum, allowances, charges, vat_total):
        totals = self.settlement().find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", self.ns)
        currency = self.currency()

        def get(name):
            value = text(totals, f"ram:{name}", self.ns)
            return Decimal(value.strip()) if value is not None else Decimal(0)

        def put(name, value):
            element = totals.find(f"ram:{name}", self.ns)
            if element is not None:
                element.text = amount(value)

        tax_exclusive = line_sum - allowances + charges
        grand = tax_exclusive + vat_total
        put("LineTotalAmount", line_sum)
        put("TaxBasisTotalAmount", tax_exclusive)
        for element in totals.findall("ram:TaxTotalAmount", self.ns):
            # BT-110 carries the invoice currency; BT-111 (tax currency) is left as it is.
            if element.get("currencyID") in (None, currency):
                element.text = amount(vat_total)
        put("GrandTotalAmount", grand)
        put("DuePayableAmount", grand - get("TotalPrepaidAmount") + get("RoundingAmount"))


def generate(syntax_name, count, source, output):
    tree, prefixes = read_with_prefixes(source)
    syntax = (UBL if syntax_name == "ubl" else CII)(tree.getroot(), prefixes)
    lines = syntax.lines()
    if not lines:
        sys.exit(f"{source} has no invoice lines")
    facts = [syntax.line_facts(line) for line in lines]

    # Line net amounts per VAT category over `count` lines taken from the source in turn.
    taxable_by_key = {}
    line_sum = Decimal(0)
    full, rest = divmod(count, len(lines))
    for index, (net, key) in enumerate(facts):
        times = full + (1 if index < rest else 0)
        taxable_by_key[key] = taxable_by_key.get(key, Decimal(0)) + net * times
        line_sum += net * times
    allowances = charges = Decimal(0)
    for value, key, is_charge in syntax.document_charges():
        taxable_by_key[key] = taxable_by_key.get(key, Decimal(0)) + (value if is_charge else -value)
        if is_charge:
            charges += value
        else:
            allowances += value
    vat_total = syntax.write_breakdown(taxable_by_key)
    syntax.write_totals(line_sum, allowances, charges, vat_total)

    # The source's lines as text, each with its line id as a slot; a marker where they stand.
    parent = syntax.lines_parent()
    position = list(parent).index(lines[0])
    pattern, replacement = syntax.line_id_pattern()
    templates = []
    for line in lines:
        line.tail = "\n    "
        body = ET.tostring(line, encoding="unicode", xml_declaration=False)
        # A line alone declares the namespaces it uses; the document's root already does.
        body = re.sub(r' xmlns(:\w+)?="[^"]*"', "", body, count=0)
        body = body.replace("{", "{{").replace("}", "}}")
        templates.append(pattern.sub(replacement.replace("{}", "{0}"), body, count=1))
        parent.remove(line)
    marker = ET.Comment("generated lines")
    parent.insert(position, marker)
    document = ET.tostring(tree.getroot(), encoding="unicode")
    head, tail = document.split("<!--generated lines-->")

    with open(output, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(head)
        buffer = io.StringIO()
        for number in range(1, count + 1):
            buffer.write(templates[(number - 1) % len(templates)].format(number))
            if number % 1000 == 0:
                out.write(buffer.getvalue())
                buffer = io.StringIO()
        out.write(buffer.getvalue())
        out.write(tail)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("syntax", choices=["ubl", "cii"])
    parser.add_argument("lines", type=int, help="how many invoice lines to write")
    parser.add_argument("output", help="the file to write")
    parser.add_argument("--source", help="the complete instance whose lines are repeated (default: a CEN example)")
    arguments = parser.parse_args()
    if arguments.lines < 1:
        parser.error("at least one line")
    source = Path(arguments.source) if arguments.source else DEFAULT_SOURCES[arguments.syntax]
    if not source.exists():
        sys.exit(f"the source instance was not found: {source} (the shared corpus is read from ../shared/corpus)")
    generate(arguments.syntax, arguments.lines, str(source), arguments.output)


if __name__ == "__main__":
    main()
