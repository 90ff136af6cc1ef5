public import InvoiceModel
public import InvoiceXML

/// A compiled binding file: where each EN 16931 business term sits in one XML syntax.
///
/// Read from `mappings/<name>.tsv` (see `mappings/README.md` for the format) and used both ways:
/// `read(_:)` fills an `Invoice` from a tree, `write(_:)` builds the document back. Nothing about
/// UBL or CII is in Swift but their names and roots (`InvoiceSyntax`): a binding file says where every term is.
public struct Binding: Sendable {
    /// The file's name without extension (`ubl-invoice`).
    public let name: String
    /// The syntax it reads and writes: several files may share one, told apart by their root and `when`.
    public let syntax: InvoiceSyntax
    /// The root element of the documents it reads and writes.
    public let rootName: QName
    /// Terms the syntax has no place for, with the file's reason.
    public let unmapped: [TermID: String]
    /// Every term, sub-term and group the file places.
    public let mapped: Set<TermID>

    let rootID: UInt32
    let namespaces: [Namespace]
    let dateLayout: CalendarDate.Layout
    let typeAttributes: [TermDataType: [ConstantBinding]]
    let selector: Selector?
    let root: GroupBinding
    let elementNames: [UInt32: String]
    let attributeNames: [UInt32: String]
    /// Rank of a child among its parent's children, keyed by `parent << 32 | child`.
    let order: [UInt64: Int]
    let orderedParents: Set<UInt32>

    struct Namespace: Sendable, Hashable {
        let prefix: String
        let uri: String
        let isDefault: Bool
    }

    /// `when BT-3 381 …`: the binding writes invoices whose term has one of these codes.
    struct Selector: Sendable, Hashable {
        let term: TermID
        let codes: Set<String>
    }

    /// Whether this binding is the one to write `invoice` with among the files of its syntax.
    func selects(_ invoice: Invoice) -> Bool {
        guard let selector else { return false }
        guard let value = invoice.root[selector.term]?.text else { return false }
        return selector.codes.contains(value)
    }

    /// Whether this binding is its syntax's default for writing (it has no `when` line).
    var isDefault: Bool { selector == nil }
}

/// Where one business group's occurrences are, relative to its parent group's element.
///
/// A class, immutable once compiled: the reader and writer pass it around without copying its arrays.
final class GroupBinding: Sendable {
    let id: TermID
    /// Empty for the document itself; `.` for a group that lives on its parent's element.
    let path: BindingPath
    let repeating: Bool
    let terms: [TermBinding]
    let groups: [GroupBinding]
    let constants: [ConstantBinding]
    /// How many occurrences the syntax's schema allows (`max=1`: CII D16B has one preceding invoice reference,
    /// EN 16931 several); nil when it allows what the model does.
    let maxOccurs: Int?
    /// The terms that conditions (`[@currencyID=$BT-5]`) in this group's path, its terms' paths and everything
    /// under it refer to.
    let references: Set<TermID>
    /// This group's terms that conditions under it refer to: what reading keeps in scope for its sub-groups.
    let exposed: [TermID]
    /// `terms` again, unretained, kept alive by that array: reading calls into each for every occurrence of the
    /// group, and a reference read from an array is retained and released around each call.
    let unretainedTerms: [Unmanaged<TermBinding>]

    init(
        id: TermID, path: BindingPath, repeating: Bool, terms: [TermBinding], groups: [GroupBinding], constants: [ConstantBinding],
        maxOccurs: Int? = nil
    ) {
        self.id = id
        self.path = path
        self.repeating = repeating
        self.terms = terms
        self.groups = groups
        self.constants = constants
        self.maxOccurs = maxOccurs
        unretainedTerms = terms.map { Unmanaged.passUnretained($0) }
        let below = groups.reduce(into: Set<TermID>()) { $0.formUnion($1.references) }
        exposed = terms.map(\.id).filter { below.contains($0) }
        var references = below.union(path.referencedTerms)
        for term in terms {
            for path in term.alternatives { references.formUnion(path.referencedTerms) }
            for qualifier in term.qualifiers { references.formUnion(qualifier.path.referencedTerms) }
        }
        self.references = references
    }
}

/// Where one business term's values are, relative to its group's element.
final class TermBinding: Sendable {
    let id: TermID
    let dataType: TermDataType
    let repeating: Bool
    /// Reading tries them in order; writing takes the first the value fits.
    let alternatives: [BindingPath]
    /// `alternatives` again, unretained (kept alive by that array), for reading without a retain and release per call.
    let unretainedAlternatives: [Unmanaged<BindingPath>]
    let qualifiers: [QualifierBinding]
    let constants: [ConstantBinding]
    /// Set when this term is a code written at the start of its element's text (`#AAI#…`).
    let prefix: TextPrefix?
    /// Set when this term's text follows such a prefix on the same element.
    let followsPrefix: TextPrefix?
    /// Codes as the model has them → as this syntax writes them (`codes BT-8 3=5 …`), and back.
    let codesOut: [String: String]
    let codesIn: [String: String]
    /// `unless=$BT-5`: the value is not written when it equals that term's value (the syntax forbids it).
    let unless: BindingLiteral?
    /// `default=sum(BG-23/BT-117)`: when absent, written as the sum of that term over the invoice.
    let defaultSum: [TermID]?
    /// `needs=BT-n`: left out when BT-n, in the same group, is absent (the syntax's schema requires BT-n's element
    /// with this one's: CII's gross price element holds the price discount).
    let needs: TermID?
    /// `default='TEXT' if=BT-n`: written as TEXT when absent while BT-n, in the same group, is present (the schema
    /// requires this term's element with BT-n's: UBL's order reference ID, `NA` when only the sales order is known).
    let defaultText: DefaultText?

    /// A text written in place of an absent term when another term is present.
    struct DefaultText: Sendable {
        let text: String
        let when: TermID
    }

    init(
        id: TermID, dataType: TermDataType, repeating: Bool, alternatives: [BindingPath], qualifiers: [QualifierBinding],
        constants: [ConstantBinding], prefix: TextPrefix?, followsPrefix: TextPrefix?, codesOut: [String: String],
        codesIn: [String: String], unless: BindingLiteral?, defaultSum: [TermID]?, needs: TermID? = nil,
        defaultText: DefaultText? = nil
    ) {
        self.needs = needs
        self.defaultText = defaultText
        self.id = id
        self.dataType = dataType
        self.repeating = repeating
        self.alternatives = alternatives
        unretainedAlternatives = alternatives.map { Unmanaged.passUnretained($0) }
        self.qualifiers = qualifiers
        self.constants = constants
        self.prefix = prefix
        self.followsPrefix = followsPrefix
        self.codesOut = codesOut
        self.codesIn = codesIn
        self.unless = unless
        self.defaultSum = defaultSum
    }
}

/// `#*#`: a value written between two delimiters at the start of an element's text.
struct TextPrefix: Sendable, Hashable {
    let open: [UInt8]
    let close: [UInt8]

    /// Splits `text` into the prefixed value and the rest; nil value when the text has no such prefix.
    func split<Bytes: BidirectionalCollection<UInt8>>(_ text: Bytes) -> (value: Bytes?, rest: Bytes)
    where Bytes.SubSequence == Bytes, Bytes.Index == Int {
        guard text.starts(with: open) else { return (nil, text) }
        let start = text.startIndex + open.count
        var index = start
        while index < text.endIndex, index - start <= 35 {
            if text[index...].starts(with: close) {
                let value = text[start..<index]
                guard !value.isEmpty, !value.contains(where: isXMLSpace) else { return (nil, text) }
                return (value, trimmed(text[(index + close.count)...]))
            }
            index += 1
        }
        return (nil, text)
    }
}

/// A sub-term (`BT-29-1`) bound relative to its term's element: the scheme, version, MIME code or file name.
struct QualifierBinding: Sendable {
    let role: TermDataType
    let path: BindingPath
}

/// Something the writer always puts out with a group or term: `const BG-23 ram:TypeCode VAT`.
struct ConstantBinding: Sendable {
    let path: BindingPath
    /// Nil to only make sure the element exists.
    let value: BindingLiteral?
}
