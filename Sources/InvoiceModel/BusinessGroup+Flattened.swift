extension BusinessGroup {
    /// Every value with the path of groups above it (`BG-25[2]/BG-29/BT-146`), in order; handy for
    /// diffs, logs and tests. Occurrence numbers (from 1) are given for groups that occur several times.
    public func flattened(under prefix: String = "") -> [(path: String, value: TermValue)] {
        var result: [(path: String, value: TermValue)] = []
        for entry in entries { result.append((prefix + entry.term.description, entry.value)) }
        var seen: [TermID: Int] = [:]
        for member in members {
            let count = members.lazy.filter { $0.group == member.group }.count
            let index = seen[member.group, default: 0] + 1
            seen[member.group] = index
            let name = count > 1 ? "\(member.group)[\(index)]" : member.group.description
            result.append(contentsOf: member.content.flattened(under: prefix + name + "/"))
        }
        return result
    }

    /// The paths and values that differ between this group and `other`, as `- path = value` (only
    /// here) and `+ path = value` (only there) lines.
    public func differences(from other: BusinessGroup) -> [String] {
        let mine = flattened().map { "\($0.path) = \($0.value)" }
        let theirs = other.flattened().map { "\($0.path) = \($0.value)" }
        let theirSet = Set(theirs)
        let mySet = Set(mine)
        return mine.filter { !theirSet.contains($0) }.map { "- " + $0 } + theirs.filter { !mySet.contains($0) }.map { "+ " + $0 }
    }
}
