import Synchronization

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

        mutating func add(_ name: QName) -> UInt32 {
            let id = UInt32(names.count)
            names.append(name)
            ids[name] = id
            var local = name.local
            var namespace = name.namespace
            let hash = local.withUTF8 { l in namespace.withUTF8 { n in XMLVocabulary.hash(l, n) } }
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
        let hash = XMLVocabulary.hash(local, namespace)
        return state.withLock { state in
            state.byBytes[hash]?.first { id in
                let name = state.names[Int(id)]
                return name.local.utf8.elementsEqual(local) && name.namespace.utf8.elementsEqual(namespace)
            }
        }
    }

    /// FNV-1a over the local name, a separator, and the namespace.
    static func hash(_ local: UnsafeBufferPointer<UInt8>, _ namespace: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in local { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ 0xFF) &* 0x100_0000_01b3
        for b in namespace { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
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
