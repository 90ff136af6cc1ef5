/// A namespace-qualified XML name: what libxml2 reports for an element or attribute, prefix dropped.
public struct QName: Hashable, Sendable, CustomStringConvertible {
    /// The namespace URI, empty for no namespace.
    public let namespace: String
    /// The local part of the name.
    public let local: String

    /// Creates a name from its namespace URI and local part.
    public init(_ namespace: String, _ local: String) {
        self.namespace = namespace
        self.local = local
    }

    public var description: String { namespace.isEmpty ? local : "{\(namespace)}\(local)" }
}
