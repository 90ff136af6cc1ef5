import Synchronization

/// The process-wide table of element and attribute names that compiled paths refer to.
///
/// Paths and bindings register the names they use once, when they are compiled; the tree builder
/// only looks names up, so a hostile document with millions of distinct names cannot grow this table.
/// Names a document uses that nobody registered get ids local to that document's tree.
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

    /// Returns the id of `name` if it was registered.
    public func lookup(_ name: QName) -> UInt32? {
        state.withLock { $0.ids[name] }
    }

    /// Returns the name registered under `id`.
    public func name(of id: UInt32) -> QName? {
        state.withLock { state in Int(id) < state.names.count ? state.names[Int(id)] : nil }
    }
}
