/// The general business rules of the CII model (BR-, BR-CO-, BR-DEC-), one or more cases each.
extension CIIRuleCase {
    static let model: [CIIRuleCase] = header + totals + allowancesAndCharges + lines + partiesAndReferences + breakdowns

    // Anchors: strings that occur once in base-invoice.xml and say which of several similar elements an edit means.
    static let sellerName = "<ram:Name>Atelier Hermine SARL</ram:Name>"
    static let buyerName = "<ram:Name>Nordlicht GmbH</ram:Name>"
    static let representativeName = "<ram:Name>Fiscal Conseil SAS</ram:Name>"
    static let shipToName = "<ram:Name>Nordlicht Lager</ram:Name>"
    static let secondLine = "<ram:LineID>2</ram:LineID>"
    static let headerPeriodEnd = "20260131"  // the last thing before the document allowance
    static let documentAllowance = "<ram:Reason>Remise fidélité</ram:Reason>"
    static let documentCharge = "<ram:ActualAmount>20.00</ram:ActualAmount>"
    static let standardBreakdown = "<ram:CalculatedAmount>144.00</ram:CalculatedAmount>"
    static let zeroBreakdown = "<ram:CalculatedAmount>0.00</ram:CalculatedAmount>"
    static let paymentMeans = "</ram:SpecifiedTradeSettlementPaymentMeans>"
    static let taxPointDate = "<ram:TaxPointDate><udt:DateString format=\"102\">20260115</udt:DateString></ram:TaxPointDate>"

    static let header: [CIIRuleCase] = [
        fires("BR-01", "an empty specification identifier (BT-24)", [.replace("urn:cen.eu:en16931:2017", " ")]),
        holds(
            "BR-01", "any non-blank specification identifier",
            [.replace("urn:cen.eu:en16931:2017", "urn:cen.eu:en16931:2017#compliant#urn:example:extension")]),
        fires("BR-02", "a blank invoice number (BT-1)", [.replace("<ram:ID>HRM-2026-0042</ram:ID>", "<ram:ID>  </ram:ID>")]),
        holds("BR-02", "the base invoice's number"),
        fires("BR-03", "an issue date (BT-2) in another format than 102", [.replace("format=\"102\">20260115", "format=\"610\">20260115")]),
        fires("BR-03", "an empty issue date", [.replace("format=\"102\">20260115", "format=\"102\">")]),
        holds("BR-03", "the base invoice's issue date"),
        fires("BR-04", "an empty invoice type code (BT-3)", [.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode/>")]),
        holds("BR-04", "a credit note type code", [.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>381</ram:TypeCode>")]),
        fires(
            "BR-05", "an empty invoice currency (BT-5)",
            [.replace("<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "<ram:InvoiceCurrencyCode></ram:InvoiceCurrencyCode>")]),
        holds("BR-05", "the base invoice's currency"),
        fires("BR-06", "a blank seller name (BT-27)", [.replace(sellerName, "<ram:Name> </ram:Name>")]),
        holds("BR-06", "the base invoice's seller name"),
        fires("BR-07", "a blank buyer name (BT-44)", [.replace(buyerName, "<ram:Name/>")]),
        holds("BR-07", "the base invoice's buyer name"),
        fires("BR-08", "no seller postal address (BG-5)", [.removeElement("ram:PostalTradeAddress", after: sellerName)]),
        holds("BR-08", "the base invoice's seller address"),
        fires(
            "BR-09", "a blank seller country (BT-40)",
            [.replace("<ram:CountryID>FR</ram:CountryID>", "<ram:CountryID> </ram:CountryID>", after: sellerName)]),
        holds("BR-09", "the base invoice's seller country"),
        fires("BR-10", "no buyer postal address (BG-8)", [.removeElement("ram:PostalTradeAddress", after: buyerName)]),
        holds("BR-10", "the base invoice's buyer address"),
        fires(
            "BR-11", "an empty buyer country (BT-55)",
            [.replace("<ram:CountryID>DE</ram:CountryID>", "<ram:CountryID></ram:CountryID>", after: buyerName)]),
        holds("BR-11", "the base invoice's buyer country"),
        fires(
            "BR-16", "no invoice line (BG-25)",
            [.removeElement("ram:IncludedSupplyChainTradeLineItem"), .removeElement("ram:IncludedSupplyChainTradeLineItem")]),
        holds("BR-16", "a single line is enough", [.removeElement("ram:IncludedSupplyChainTradeLineItem")]),
        fires(
            "BR-62", "a seller electronic address (BT-34) without scheme",
            [.replace("<ram:URIID schemeID=\"EM\">factures", "<ram:URIID>factures")]),
        holds("BR-62", "no seller electronic address at all", [.removeElement("ram:URIUniversalCommunication", after: sellerName)]),
        fires(
            "BR-63", "a buyer electronic address (BT-49) with a blank scheme",
            [.replace("<ram:URIID schemeID=\"EM\">rechnungen", "<ram:URIID schemeID=\" \">rechnungen")]),
        holds("BR-63", "the base invoice's buyer address and scheme"),
    ]

    static let totals: [CIIRuleCase] = [
        fires("BR-12", "no sum of line net amounts (BT-106)", [.remove("<ram:LineTotalAmount>860.00</ram:LineTotalAmount>")]),
        holds("BR-12", "the base invoice's totals"),
        fires("BR-13", "no total without VAT (BT-109)", [.remove("<ram:TaxBasisTotalAmount>820.00</ram:TaxBasisTotalAmount>")]),
        holds("BR-13", "the base invoice's totals"),
        fires("BR-14", "no total with VAT (BT-112)", [.remove("<ram:GrandTotalAmount>964.00</ram:GrandTotalAmount>")]),
        holds("BR-14", "the base invoice's totals"),
        fires("BR-15", "no amount due (BT-115)", [.remove("<ram:DuePayableAmount>864.00</ram:DuePayableAmount>")]),
        holds("BR-15", "the base invoice's totals"),
        fires(
            "BR-53", "a VAT accounting currency (BT-6) equal to the invoice currency",
            [
                .insert("<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>")
            ]),
        fires(
            "BR-53", "a VAT accounting currency without the VAT total in it (BT-111)",
            [
                .insert("<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>")
            ]),
        holds(
            "BR-53", "a VAT accounting currency with the VAT total in it",
            [
                .insert("<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>"),
                .insert("<ram:TaxTotalAmount currencyID=\"USD\">160.00</ram:TaxTotalAmount>", before: "<ram:GrandTotalAmount>"),
            ]),
        fires(
            "BR-CO-10", "BT-106 one cent off the sum of line net amounts",
            [.replace("<ram:LineTotalAmount>860.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>860.01</ram:LineTotalAmount>")]),
        holds(
            "BR-CO-10", "the sum is taken in doubles: 760.005 + 100.00 rounds to 860.00, not 860.01",
            [
                .replace("<ram:LineTotalAmount>760.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>760.005</ram:LineTotalAmount>")
            ]),
        fires(
            "BR-CO-10", "… and so 860.01 does not match 760.005 + 100.00",
            [
                .replace("<ram:LineTotalAmount>760.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>760.005</ram:LineTotalAmount>"),
                .replace("<ram:LineTotalAmount>860.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>860.01</ram:LineTotalAmount>"),
            ]),
        fires(
            "BR-CO-11", "BT-107 not the sum of document allowances",
            [
                .replace(
                    "<ram:AllowanceTotalAmount>60.00</ram:AllowanceTotalAmount>",
                    "<ram:AllowanceTotalAmount>65.00</ram:AllowanceTotalAmount>")
            ]),
        fires("BR-CO-11", "document allowances without BT-107", [.remove("<ram:AllowanceTotalAmount>60.00</ram:AllowanceTotalAmount>")]),
        holds(
            "BR-CO-11", "neither document allowances nor BT-107",
            [
                .removeElement("ram:SpecifiedTradeAllowanceCharge", after: headerPeriodEnd),
                .remove("<ram:AllowanceTotalAmount>60.00</ram:AllowanceTotalAmount>"),
            ]),
        holds(
            "BR-CO-11", "BT-107 written with more zeros",
            [
                .replace(
                    "<ram:AllowanceTotalAmount>60.00</ram:AllowanceTotalAmount>",
                    "<ram:AllowanceTotalAmount>60.0000</ram:AllowanceTotalAmount>")
            ]),
        fires(
            "BR-CO-12", "BT-108 not the sum of document charges",
            [.replace("<ram:ChargeTotalAmount>20.00</ram:ChargeTotalAmount>", "<ram:ChargeTotalAmount>25.00</ram:ChargeTotalAmount>")]),
        holds("BR-CO-12", "the base invoice's charge total"),
        fires(
            "BR-CO-13", "BT-109 not BT-106 - BT-107 + BT-108",
            [
                .replace(
                    "<ram:TaxBasisTotalAmount>820.00</ram:TaxBasisTotalAmount>", "<ram:TaxBasisTotalAmount>821.00</ram:TaxBasisTotalAmount>"
                )
            ]),
        holds("BR-CO-13", "the base invoice's total without VAT"),
        fires(
            "BR-CO-15", "BT-112 not BT-109 + BT-110",
            [.replace("<ram:GrandTotalAmount>964.00</ram:GrandTotalAmount>", "<ram:GrandTotalAmount>965.00</ram:GrandTotalAmount>")]),
        fires(
            "BR-CO-15", "two VAT totals in the invoice currency",
            [.insert("<ram:TaxTotalAmount currencyID=\"EUR\">144.00</ram:TaxTotalAmount>", before: "<ram:GrandTotalAmount>")]),
        holds("BR-CO-15", "the base invoice's total with VAT"),
        fires(
            "BR-CO-16", "BT-115 not BT-112 - BT-113",
            [.replace("<ram:DuePayableAmount>864.00</ram:DuePayableAmount>", "<ram:DuePayableAmount>863.00</ram:DuePayableAmount>")]),
        holds(
            "BR-CO-16", "a rounding amount (BT-114) added to the amount due",
            [
                .insert("<ram:RoundingAmount>0.40</ram:RoundingAmount>", before: "<ram:GrandTotalAmount>"),
                .replace("<ram:DuePayableAmount>864.00</ram:DuePayableAmount>", "<ram:DuePayableAmount>864.40</ram:DuePayableAmount>"),
            ]),
        fires(
            "BR-DEC-09", "BT-106 with three decimals",
            [.replace("<ram:LineTotalAmount>860.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>860.000</ram:LineTotalAmount>")]),
        holds(
            "BR-DEC-09", "BT-106 with one decimal",
            [.replace("<ram:LineTotalAmount>860.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>860.0</ram:LineTotalAmount>")]),
        fires(
            "BR-DEC-10", "BT-107 with three decimals",
            [
                .replace(
                    "<ram:AllowanceTotalAmount>60.00</ram:AllowanceTotalAmount>",
                    "<ram:AllowanceTotalAmount>60.000</ram:AllowanceTotalAmount>")
            ]),
        holds("BR-DEC-10", "the base invoice's BT-107"),
        fires(
            "BR-DEC-11", "BT-108 with three decimals",
            [.replace("<ram:ChargeTotalAmount>20.00</ram:ChargeTotalAmount>", "<ram:ChargeTotalAmount>20.000</ram:ChargeTotalAmount>")]),
        holds("BR-DEC-11", "the base invoice's BT-108"),
        fires(
            "BR-DEC-12", "BT-109 with three decimals",
            [
                .replace(
                    "<ram:TaxBasisTotalAmount>820.00</ram:TaxBasisTotalAmount>",
                    "<ram:TaxBasisTotalAmount>820.000</ram:TaxBasisTotalAmount>")
            ]),
        holds("BR-DEC-12", "the base invoice's BT-109"),
        fires(
            "BR-DEC-13", "BT-110 not a whole number of cents", [.replace(">144.00</ram:TaxTotalAmount>", ">144.004</ram:TaxTotalAmount>")]),
        holds(
            "BR-DEC-13", "BT-110 is checked by value: 144.000 is a whole number of cents",
            [.replace(">144.00</ram:TaxTotalAmount>", ">144.000</ram:TaxTotalAmount>")]),
        fires(
            "BR-DEC-14", "BT-112 with three decimals",
            [.replace("<ram:GrandTotalAmount>964.00</ram:GrandTotalAmount>", "<ram:GrandTotalAmount>964.000</ram:GrandTotalAmount>")]),
        holds("BR-DEC-14", "the base invoice's BT-112"),
        fires(
            "BR-DEC-15", "BT-111 not a whole number of cents",
            [
                .insert("<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>"),
                .insert("<ram:TaxTotalAmount currencyID=\"USD\">160.005</ram:TaxTotalAmount>", before: "<ram:GrandTotalAmount>"),
            ]),
        holds(
            "BR-DEC-15", "BT-111 in cents",
            [
                .insert("<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>"),
                .insert("<ram:TaxTotalAmount currencyID=\"USD\">160.00</ram:TaxTotalAmount>", before: "<ram:GrandTotalAmount>"),
            ]),
        fires(
            "BR-DEC-16", "BT-113 with three decimals",
            [
                .replace(
                    "<ram:TotalPrepaidAmount>100.00</ram:TotalPrepaidAmount>", "<ram:TotalPrepaidAmount>100.000</ram:TotalPrepaidAmount>")
            ]),
        holds("BR-DEC-16", "the base invoice's BT-113"),
        fires(
            "BR-DEC-17", "BT-114 with three decimals",
            [.insert("<ram:RoundingAmount>0.000</ram:RoundingAmount>", before: "<ram:GrandTotalAmount>")]),
        holds(
            "BR-DEC-17", "BT-114 with two decimals",
            [.insert("<ram:RoundingAmount>0.00</ram:RoundingAmount>", before: "<ram:GrandTotalAmount>")]),
        fires(
            "BR-DEC-18", "BT-115 with three decimals",
            [.replace("<ram:DuePayableAmount>864.00</ram:DuePayableAmount>", "<ram:DuePayableAmount>864.000</ram:DuePayableAmount>")]),
        holds("BR-DEC-18", "the base invoice's BT-115"),
    ]

    static let allowancesAndCharges: [CIIRuleCase] = [
        // Document level (BG-20, BG-21)
        fires("BR-31", "a document allowance without amount (BT-92)", [.remove("<ram:ActualAmount>60.00</ram:ActualAmount>")]),
        holds(
            "BR-31", "an allowance indicator written 0 is not checked",
            [
                .replace("<udt:Indicator>false</udt:Indicator>", "<udt:Indicator>0</udt:Indicator>", after: headerPeriodEnd),
                .remove("<ram:ActualAmount>60.00</ram:ActualAmount>"),
            ]),
        fires(
            "BR-32", "a document allowance without VAT category (BT-95)",
            [.remove("<ram:CategoryCode>S</ram:CategoryCode>", after: documentAllowance)]),
        holds(
            "BR-32", "a tax type written in lower case still reads VAT",
            [.replace("<ram:TypeCode>VAT</ram:TypeCode>", "<ram:TypeCode>vat</ram:TypeCode>", after: documentAllowance)]),
        fires(
            "BR-33", "a document allowance without reason (BT-97, BT-98)",
            [.remove("<ram:ReasonCode>95</ram:ReasonCode>", after: headerPeriodEnd), .remove(documentAllowance)]),
        holds("BR-33", "a reason code alone is enough", [.remove(documentAllowance)]),
        holds(
            "BR-CO-05", "never fails in CII, even with a reason code that does not match the reason",
            [.replace("<ram:ReasonCode>95</ram:ReasonCode>", "<ram:ReasonCode>100</ram:ReasonCode>", after: headerPeriodEnd)]),
        fires(
            "BR-CO-21", "a document allowance without reason",
            [.remove("<ram:ReasonCode>95</ram:ReasonCode>", after: headerPeriodEnd), .remove(documentAllowance)]),
        holds("BR-CO-21", "a reason text alone is enough", [.remove("<ram:ReasonCode>95</ram:ReasonCode>", after: headerPeriodEnd)]),
        fires(
            "BR-DEC-01", "BT-92 with three decimals",
            [.replace("<ram:ActualAmount>60.00</ram:ActualAmount>", "<ram:ActualAmount>60.000</ram:ActualAmount>")]),
        holds(
            "BR-DEC-01", "BT-92 with one decimal",
            [.replace("<ram:ActualAmount>60.00</ram:ActualAmount>", "<ram:ActualAmount>60.0</ram:ActualAmount>")]),
        fires(
            "BR-DEC-02", "BT-93 with three decimals",
            [.replace("<ram:BasisAmount>600.00</ram:BasisAmount>", "<ram:BasisAmount>600.000</ram:BasisAmount>")]),
        holds("BR-DEC-02", "the base invoice's BT-93"),
        fires("BR-36", "a document charge without amount (BT-99)", [.remove(documentCharge)]),
        holds("BR-36", "the base invoice's document charge"),
        fires(
            "BR-37", "a document charge without VAT category (BT-102)",
            [.remove("<ram:CategoryCode>S</ram:CategoryCode>", after: "<ram:Reason>Port</ram:Reason>")]),
        holds("BR-37", "the base invoice's document charge"),
        fires(
            "BR-38", "a document charge without reason (BT-104, BT-105)",
            [.remove("<ram:ReasonCode>FC</ram:ReasonCode>", after: documentCharge), .remove("<ram:Reason>Port</ram:Reason>")]),
        holds("BR-38", "a reason text alone is enough", [.remove("<ram:ReasonCode>FC</ram:ReasonCode>", after: documentCharge)]),
        holds(
            "BR-CO-06", "never fails in CII, even with a reason code that does not match the reason",
            [.replace("<ram:ReasonCode>FC</ram:ReasonCode>", "<ram:ReasonCode>AAA</ram:ReasonCode>", after: documentCharge)]),
        fires(
            "BR-CO-22", "a document charge without reason",
            [.remove("<ram:ReasonCode>FC</ram:ReasonCode>", after: documentCharge), .remove("<ram:Reason>Port</ram:Reason>")]),
        holds("BR-CO-22", "a reason code alone is enough", [.remove("<ram:Reason>Port</ram:Reason>")]),
        fires("BR-DEC-05", "BT-99 with three decimals", [.replace(documentCharge, "<ram:ActualAmount>20.000</ram:ActualAmount>")]),
        holds("BR-DEC-05", "the base invoice's BT-99"),
        fires("BR-DEC-06", "BT-100 with three decimals", [.insert("<ram:BasisAmount>200.000</ram:BasisAmount>", before: documentCharge)]),
        holds("BR-DEC-06", "BT-100 with two decimals", [.insert("<ram:BasisAmount>200.00</ram:BasisAmount>", before: documentCharge)]),
        // Line level (BG-27, BG-28)
        fires("BR-41", "a line allowance without amount (BT-136)", [.remove("<ram:ActualAmount>50.00</ram:ActualAmount>")]),
        holds("BR-41", "the base invoice's line allowance"),
        fires(
            "BR-42", "a line allowance without reason (BT-139, BT-140)",
            [.remove("<ram:ReasonCode>95</ram:ReasonCode>"), .remove("<ram:Reason>Remise volume</ram:Reason>")]),
        holds("BR-42", "a reason code alone is enough", [.remove("<ram:Reason>Remise volume</ram:Reason>")]),
        holds(
            "BR-CO-07", "never fails in CII, even with a reason code that does not match the reason",
            [.replace("<ram:ReasonCode>95</ram:ReasonCode>", "<ram:ReasonCode>41</ram:ReasonCode>")]),
        fires(
            "BR-CO-23", "a line allowance without reason",
            [.remove("<ram:ReasonCode>95</ram:ReasonCode>"), .remove("<ram:Reason>Remise volume</ram:Reason>")]),
        holds("BR-CO-23", "the base invoice's line allowance"),
        fires(
            "BR-DEC-24", "BT-136 with three decimals",
            [.replace("<ram:ActualAmount>50.00</ram:ActualAmount>", "<ram:ActualAmount>50.000</ram:ActualAmount>")]),
        holds("BR-DEC-24", "the base invoice's BT-136"),
        fires(
            "BR-DEC-25", "BT-137 with three decimals",
            [.insert("<ram:BasisAmount>800.001</ram:BasisAmount>", before: "<ram:ActualAmount>50.00</ram:ActualAmount>")]),
        holds(
            "BR-DEC-25", "BT-137 with two decimals",
            [.insert("<ram:BasisAmount>800.00</ram:BasisAmount>", before: "<ram:ActualAmount>50.00</ram:ActualAmount>")]),
        fires("BR-43", "a line charge without amount (BT-141)", [.remove("<ram:ActualAmount>10.00</ram:ActualAmount>")]),
        holds("BR-43", "the base invoice's line charge"),
        fires(
            "BR-44", "a line charge without reason (BT-144, BT-145)",
            [.remove("<ram:ReasonCode>FC</ram:ReasonCode>"), .remove("<ram:Reason>Frais de déplacement</ram:Reason>")]),
        holds("BR-44", "a reason text alone is enough", [.remove("<ram:ReasonCode>FC</ram:ReasonCode>")]),
        holds(
            "BR-CO-08", "never fails in CII, even with a reason code that does not match the reason",
            [.replace("<ram:ReasonCode>FC</ram:ReasonCode>", "<ram:ReasonCode>ABK</ram:ReasonCode>")]),
        fires(
            "BR-CO-24", "a line charge without reason",
            [.remove("<ram:ReasonCode>FC</ram:ReasonCode>"), .remove("<ram:Reason>Frais de déplacement</ram:Reason>")]),
        holds("BR-CO-24", "the base invoice's line charge"),
        fires(
            "BR-DEC-27", "BT-141 with three decimals",
            [.replace("<ram:ActualAmount>10.00</ram:ActualAmount>", "<ram:ActualAmount>10.000</ram:ActualAmount>")]),
        holds("BR-DEC-27", "the base invoice's BT-141"),
        fires(
            "BR-DEC-28", "BT-142 with three decimals",
            [.insert("<ram:BasisAmount>10.0000</ram:BasisAmount>", before: "<ram:ActualAmount>10.00</ram:ActualAmount>")]),
        holds(
            "BR-DEC-28", "BT-142 without decimals",
            [.insert("<ram:BasisAmount>10</ram:BasisAmount>", before: "<ram:ActualAmount>10.00</ram:ActualAmount>")]),
    ]

    static let lines: [CIIRuleCase] = [
        fires("BR-21", "an empty line identifier (BT-126)", [.replace(secondLine, "<ram:LineID></ram:LineID>")]),
        holds("BR-21", "the base invoice's line identifiers"),
        fires("BR-22", "a line without quantity (BT-129)", [.remove("<ram:BilledQuantity unitCode=\"C62\">4</ram:BilledQuantity>")]),
        holds("BR-22", "the base invoice's quantities"),
        fires("BR-23", "a quantity without unit (BT-130)", [.replace("<ram:BilledQuantity unitCode=\"C62\">", "<ram:BilledQuantity>")]),
        holds("BR-23", "the base invoice's units"),
        fires("BR-24", "a line without net amount (BT-131)", [.remove("<ram:LineTotalAmount>100.00</ram:LineTotalAmount>")]),
        holds("BR-24", "the base invoice's line amounts"),
        fires(
            "BR-25", "a blank item name (BT-153)",
            [.replace("<ram:Name>Guide de la facturation électronique</ram:Name>", "<ram:Name> </ram:Name>")]),
        holds("BR-25", "the base invoice's item names"),
        fires("BR-26", "a line without net price (BT-146)", [.remove("<ram:ChargeAmount>25.00</ram:ChargeAmount>")]),
        holds("BR-26", "the base invoice's prices"),
        fires(
            "BR-27", "a negative net price",
            [.replace("<ram:ChargeAmount>25.00</ram:ChargeAmount>", "<ram:ChargeAmount>-25.00</ram:ChargeAmount>")]),
        holds(
            "BR-27", "a zero net price", [.replace("<ram:ChargeAmount>25.00</ram:ChargeAmount>", "<ram:ChargeAmount>0</ram:ChargeAmount>")]),
        fires(
            "BR-28", "a negative gross price (BT-148)",
            [.replace("<ram:ChargeAmount>85.00</ram:ChargeAmount>", "<ram:ChargeAmount>-85.00</ram:ChargeAmount>")]),
        holds("BR-28", "the base invoice's gross price"),
        fires(
            "BR-64", "an item standard identifier (BT-157) without scheme", [.replace("<ram:GlobalID schemeID=\"0160\">", "<ram:GlobalID>")]
        ),
        holds("BR-64", "the base invoice's item identifier"),
        fires("BR-65", "an item classification (BT-158) without scheme", [.replace("<ram:ClassCode listID=\"STI\">", "<ram:ClassCode>")]),
        holds("BR-65", "the base invoice's item classification"),
        fires(
            "BR-CO-04", "a line VAT not typed VAT",
            [.replace("<ram:TypeCode>VAT</ram:TypeCode>", "<ram:TypeCode>GST</ram:TypeCode>", after: secondLine)]),
        holds(
            "BR-CO-04", "a line VAT typed vat in lower case",
            [.replace("<ram:TypeCode>VAT</ram:TypeCode>", "<ram:TypeCode>vat</ram:TypeCode>", after: secondLine)]),
        fires(
            "BR-CO-18", "no VAT breakdown (BG-23)",
            [.removeElement("ram:ApplicableTradeTax", after: paymentMeans), .removeElement("ram:ApplicableTradeTax", after: paymentMeans)]),
        holds("BR-CO-18", "the base invoice's breakdowns"),
        fires(
            "BR-DEC-23", "BT-131 with three decimals",
            [.replace("<ram:LineTotalAmount>100.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>100.000</ram:LineTotalAmount>")]),
        holds("BR-DEC-23", "the base invoice's line amounts"),
        fires("BR-30", "a line period ending before it starts", [.replace("20260109", "20260104")]),
        fires("BR-30", "a line period end date not in format 102", [.replace("format=\"102\">20260109", "format=\"610\">20260109")]),
        holds("BR-30", "a line period of one day", [.replace("20260109", "20260105")]),
        fires(
            "BR-CO-20", "a line period with neither start nor end",
            [.removeElement("ram:StartDateTime"), .removeElement("ram:EndDateTime")]),
        holds("BR-CO-20", "a line period with an end only", [.removeElement("ram:StartDateTime")]),
        fires("BR-54", "an item attribute without value (BT-161)", [.remove("<ram:Value>Senior</ram:Value>")]),
        holds("BR-54", "the base invoice's item attribute"),
    ]

    static let partiesAndReferences: [CIIRuleCase] = [
        fires("BR-29", "an invoicing period ending before it starts", [.replace(headerPeriodEnd, "20251231")]),
        holds(
            "BR-29", "an invoicing period with an end only",
            [.removeElement("ram:StartDateTime", after: "<ram:BasisAmount>100.00</ram:BasisAmount>")]),
        fires(
            "BR-CO-19", "an invoicing period with neither start nor end",
            [
                .removeElement("ram:StartDateTime", after: "<ram:BasisAmount>100.00</ram:BasisAmount>"),
                .removeElement("ram:EndDateTime", after: "<ram:BasisAmount>100.00</ram:BasisAmount>"),
            ]),
        holds("BR-CO-19", "the base invoice's invoicing period"),
        fires("BR-17", "a payee (BG-10) with the seller's name", [.replace("<ram:Name>Affacturage de l'Ouest</ram:Name>", sellerName)]),
        fires(
            "BR-17", "a payee with the seller's legal registration",
            [.replace("<ram:ID schemeID=\"0002\">987654321</ram:ID>", "<ram:ID schemeID=\"0002\">123456789</ram:ID>")]),
        fires("BR-17", "a payee without name", [.remove("<ram:Name>Affacturage de l'Ouest</ram:Name>")]),
        holds("BR-17", "a payee distinct from the seller"),
        fires("BR-49", "payment means without type code (BT-81)", [.remove("<ram:TypeCode>58</ram:TypeCode>")]),
        holds("BR-49", "the base invoice's payment means"),
        fires(
            "BR-50", "a credit transfer to a blank account identifier (BT-84)",
            [.replace("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>", "<ram:IBANID> </ram:IBANID>")]),
        holds(
            "BR-50", "a proprietary account identifier",
            [.replace("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>", "<ram:ProprietaryID>ACC-77</ram:ProprietaryID>")]),
        fires("BR-61", "a credit transfer account without identifier", [.remove("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>")]),
        holds(
            "BR-61", "a blank IBAN is still there",
            [.replace("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>", "<ram:IBANID> </ram:IBANID>")]),
        holds(
            "BR-61", "not a credit transfer: the account is not checked",
            [
                .replace("<ram:TypeCode>58</ram:TypeCode>", "<ram:TypeCode>59</ram:TypeCode>"),
                .remove("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>"),
            ]),
        fires(
            "BR-51", "a card number (BT-87) longer than 10 characters",
            [
                .insert(
                    "<ram:ApplicableTradeSettlementFinancialCard><ram:ID>12345678901</ram:ID></ram:ApplicableTradeSettlementFinancialCard>",
                    before: "<ram:PayeePartyCreditorFinancialAccount>")
            ]),
        holds(
            "BR-51", "10 characters once white space is normalised",
            [
                .insert(
                    "<ram:ApplicableTradeSettlementFinancialCard><ram:ID>  1234567890  </ram:ID></ram:ApplicableTradeSettlementFinancialCard>",
                    before: "<ram:PayeePartyCreditorFinancialAccount>")
            ]),
        fires(
            "BR-52", "a supporting document without reference (BT-122)",
            [.replace("<ram:IssuerAssignedID>ANNEXE-1</ram:IssuerAssignedID>", "<ram:IssuerAssignedID/>")]),
        holds("BR-52", "the base invoice's supporting documents"),
        fires(
            "BR-55", "a preceding invoice reference without number (BT-25)",
            [.replace("<ram:IssuerAssignedID>HRM-2025-0977</ram:IssuerAssignedID>", "<ram:IssuerAssignedID> </ram:IssuerAssignedID>")]),
        holds("BR-55", "the base invoice's preceding invoice reference"),
        fires("BR-18", "a blank tax representative name (BT-62)", [.replace(representativeName, "<ram:Name> </ram:Name>")]),
        holds("BR-18", "the base invoice's tax representative"),
        fires(
            "BR-19", "a tax representative without address (BG-12)", [.removeElement("ram:PostalTradeAddress", after: representativeName)]),
        holds("BR-19", "the base invoice's tax representative"),
        fires(
            "BR-20", "a tax representative without country (BT-69)",
            [.remove("<ram:CountryID>FR</ram:CountryID>", after: representativeName)]),
        holds("BR-20", "the base invoice's tax representative"),
        fires(
            "BR-56", "a tax representative without VAT identifier (BT-63)",
            [.replace("<ram:ID schemeID=\"VA\">FR55987654321</ram:ID>", "<ram:ID schemeID=\"FC\">FR55987654321</ram:ID>")]),
        holds("BR-56", "the base invoice's tax representative"),
        fires(
            "BR-57", "a deliver-to address (BG-15) without country (BT-80)",
            [.remove("<ram:CountryID>DE</ram:CountryID>", after: shipToName)]),
        holds("BR-57", "no deliver-to address at all", [.removeElement("ram:PostalTradeAddress", after: shipToName)]),
        fires(
            "BR-CO-26", "a seller with no identifier, registration or VAT identifier",
            [
                .removeElement("ram:SpecifiedLegalOrganization", after: sellerName),
                .removeElement("ram:SpecifiedTaxRegistration", after: sellerName),
                .remove("<ram:ID>FOURN-0815</ram:ID>"),
            ]),
        holds(
            "BR-CO-26", "a seller identified by its VAT identifier only",
            [
                .removeElement("ram:SpecifiedLegalOrganization", after: sellerName),
                .remove("<ram:ID>FOURN-0815</ram:ID>"),
            ]),
        fires("BR-CO-09", "a VAT identifier without country prefix", [.replace("FR32123456789", "32123456789")]),
        holds("BR-CO-09", "EL is the prefix for Greece", [.replace("FR32123456789", "EL123456789")]),
        fires(
            "BR-CO-14", "BT-110 not the sum of BT-117", [.replace(standardBreakdown, "<ram:CalculatedAmount>143.50</ram:CalculatedAmount>")]
        ),
        holds("BR-CO-14", "the base invoice's VAT total"),
        holds(
            "BR-CO-14", "a VAT total in another currency is not checked",
            [
                .insert("<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>"),
                .insert("<ram:TaxTotalAmount currencyID=\"USD\">160.00</ram:TaxTotalAmount>", before: "<ram:GrandTotalAmount>"),
            ]),
    ]

    static let breakdowns: [CIIRuleCase] = [
        fires("BR-45", "a breakdown without taxable amount (BT-116)", [.remove("<ram:BasisAmount>100.00</ram:BasisAmount>")]),
        holds("BR-45", "the base invoice's breakdowns"),
        fires("BR-46", "a breakdown without tax amount (BT-117)", [.remove(zeroBreakdown)]),
        holds("BR-46", "the base invoice's breakdowns"),
        fires(
            "BR-47", "a breakdown not typed VAT",
            [.replace("<ram:TypeCode>VAT</ram:TypeCode>", "<ram:TypeCode>GST</ram:TypeCode>", after: zeroBreakdown)]),
        holds(
            "BR-47", "a breakdown typed vat in lower case",
            [.replace("<ram:TypeCode>VAT</ram:TypeCode>", "<ram:TypeCode>vat</ram:TypeCode>", after: zeroBreakdown)]),
        fires(
            "BR-48", "a breakdown without rate (BT-119)",
            [.remove("<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", after: zeroBreakdown)]),
        holds("BR-48", "the base invoice's breakdowns"),
        fires(
            "BR-CO-03", "both a VAT point date (BT-7) and a VAT point date code (BT-8)",
            [.insert(taxPointDate, before: "<ram:DueDateTypeCode>5</ram:DueDateTypeCode>")]),
        holds("BR-CO-03", "a VAT point date alone", [.replace("<ram:DueDateTypeCode>5</ram:DueDateTypeCode>", taxPointDate)]),
        fires(
            "BR-CO-17", "BT-117 more than one unit away from BT-116 × BT-119",
            [.replace(standardBreakdown, "<ram:CalculatedAmount>146.00</ram:CalculatedAmount>")]),
        holds("BR-CO-17", "BT-117 within one unit", [.replace(standardBreakdown, "<ram:CalculatedAmount>144.90</ram:CalculatedAmount>")]),
        fires(
            "BR-DEC-19", "BT-116 with three decimals",
            [.replace("<ram:BasisAmount>100.00</ram:BasisAmount>", "<ram:BasisAmount>100.000</ram:BasisAmount>")]),
        holds("BR-DEC-19", "the base invoice's breakdowns"),
        fires("BR-DEC-20", "BT-117 with three decimals", [.replace(zeroBreakdown, "<ram:CalculatedAmount>0.000</ram:CalculatedAmount>")]),
        holds("BR-DEC-20", "the base invoice's breakdowns"),
    ]
}
