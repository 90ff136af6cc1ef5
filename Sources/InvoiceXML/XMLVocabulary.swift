import Synchronization
internal import Foundation

/// The process-wide table of element and attribute names that compiled paths refer to.
///
/// Paths and bindings register the names they use when they are compiled; the tree builder interns
/// the names documents use too, so a name registered after a document was read still finds its nodes.
/// The table stops growing from documents at `documentNameCap` names, so a hostile document with
/// millions of distinct names cannot grow it without bound: past the cap, unknown names get ids local
/// to that document's tree.
public final class XMLVocabulary: Sendable {
    /// The shared vocabulary.
    public static let shared = XMLVocabulary()

    private struct State {
        var ids: [QName: UInt32] = [:]
        var names: [QName] = []
        /// Ids by a hash of the name's UTF-8 bytes, so parsers find ids without building strings.
        var byBytes: [UInt64: [UInt32]] = [:]
        /// Each name's namespace and local part as UTF-8 bytes, by id, to confirm a hash match.
        var namespaceBytes: [[UInt8]] = []
        var localBytes: [[UInt8]] = []

        mutating func add(_ name: QName) -> UInt32 {
            let id = UInt32(names.count)
            names.append(name)
            ids[name] = id
            namespaceBytes.append(Array(name.namespace.utf8))
            localBytes.append(Array(name.local.utf8))
            let namespaceHash = namespaceBytes[Int(id)].withUnsafeBufferPointer { XMLVocabulary.hash(namespace: $0) }
            let hash = localBytes[Int(id)].withUnsafeBufferPointer { XMLVocabulary.hash(local: $0, namespaceHash: namespaceHash) }
            byBytes[hash, default: []].append(id)
            return id
        }
    }
    private let state = Mutex(State())

    /// Ids at or above this value are local to one tree.
    public static let localBase: UInt32 = 0x8000_0000

    /// Returns the id of `name`, registering it when new.
    public func register(_ name: QName) -> UInt32 {
        state.withLock { state in state.ids[name] ?? state.add(name) }
    }

    /// How many names documents may add to the table.
    public static let documentNameCap = 100_000

    /// Returns the id of `name`, adding it when new and the table is below `documentNameCap`.
    public func intern(_ name: QName) -> UInt32? {
        state.withLock { state in
            if let id = state.ids[name] { return id }
            guard state.names.count < XMLVocabulary.documentNameCap else { return nil }
            return state.add(name)
        }
    }

    /// Returns the id of the name whose local part and namespace URI are these UTF-8 bytes, if known.
    public func lookup(local: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>) -> UInt32? {
        lookup(local: local, namespace: namespace, namespaceHash: XMLVocabulary.hash(namespace: namespace))
    }

    /// `lookup(local:namespace:)` with the namespace already hashed by `hash(namespace:)`: a parser
    /// meets few namespaces and hashes each once.
    func lookup(local: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>, namespaceHash: UInt64) -> UInt32? {
        let hash = XMLVocabulary.hash(local: local, namespaceHash: namespaceHash)
        return state.withLock { state in
            guard let candidates = state.byBytes[hash] else { return nil }
            for id in candidates
            where XMLVocabulary.equal(state.localBytes[Int(id)], local) && XMLVocabulary.equal(state.namespaceBytes[Int(id)], namespace) {
                return id
            }
            return nil
        }
    }

    private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { a in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
    }

    /// FNV-1a over the namespace and a separator: the start of a name's hash.
    static func hash(namespace: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in namespace { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return (h ^ 0xFF) &* 0x100_0000_01b3
    }

    /// FNV-1a continued over the local name.
    static func hash(local: UnsafeBufferPointer<UInt8>, namespaceHash: UInt64) -> UInt64 {
        var h = namespaceHash
        for b in local { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Returns the id of `name` if it was registered.
    public func lookup(_ name: QName) -> UInt32? {
        state.withLock { $0.ids[name] }
    }

    /// Returns the name registered under `id`.
    public func name(of id: UInt32) -> QName? {
        state.withLock { state in Int(id) < state.names.count ? state.names[Int(id)] : nil }
    }
}
