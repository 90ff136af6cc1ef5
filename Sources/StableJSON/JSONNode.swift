/// One value of the document being built, before it is written out.
///
/// The tree is kept because `Encoder` lets a value fill a nested container after it has written later keys;
/// objects keep their keys in the order they were first set.
enum JSONNode {
    case null
    case bool(Bool)
    /// A number, already formatted.
    case number(String)
    case string(String)
    /// Already encoded JSON, written verbatim.
    case raw([UInt8])
    case object(JSONObject)
    case array(JSONArray)
}

/// An object's members, in the order their keys were first set.
final class JSONObject {
    private(set) var members: [(key: String, value: JSONNode)] = []
    /// Key → position, built once the object is large enough for a linear search to cost.
    private var positions: [String: Int]?
    private static let indexedFrom = 12

    /// Sets `key` to `value`; a key set again keeps its place and takes the new value, as `JSONEncoder` does.
    func set(_ key: String, _ value: JSONNode) {
        if let position = position(of: key) {
            members[position].value = value
            return
        }
        members.append((key, value))
        if positions != nil {
            positions?[key] = members.count - 1
        } else if members.count >= JSONObject.indexedFrom {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(members.count * 2)
            for (position, member) in members.enumerated() { positions[member.key] = position }
            self.positions = positions
        }
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    /// Orders the members by key: a dictionary's own order changes from one process to the next.
    func sortByKey() {
        members.sort { $0.key < $1.key }
        positions = nil
    }
}

/// An array's elements, in order.
final class JSONArray {
    var values: [JSONNode] = []
}
