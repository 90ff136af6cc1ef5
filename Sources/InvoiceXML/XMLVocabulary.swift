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
    }
    private let state = Mutex(State())

    /// Ids at or above this value are local to one tree.
    public static let localBase: UInt32 = 0x8000_0000

    /// Returns the id of `name`, registering it when new.
    public func register(_ name: QName) -> UInt32 {
        state.withLock { state in
            if let id = state.ids[name] { return id }
            let id = UInt32(state.names.count)
            state.names.append(name)
            state.ids[name] = id
            return id
        }
    }

    /// How many names documents may add to the table.
    public static let documentNameCap = 100_000

    /// Returns the id of `name`, adding it when new and the table is below `documentNameCap`.
    public func intern(_ name: QName) -> UInt32? {
        state.withLock { state in
            if let id = state.ids[name] { return id }
            guard state.names.count < XMLVocabulary.documentNameCap else { return nil }
            let id = UInt32(state.names.count)
            state.names.append(name)
            state.ids[name] = id
            return id
        }
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
