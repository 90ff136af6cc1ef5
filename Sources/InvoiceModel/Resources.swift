public import Foundation

/// Why a data file of the project (`formats/`, `mappings/`) could not be used.
public enum ResourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No folder with the project's data files was found; lists where it looked.
    case notFound(searched: [String])
    /// A data file has a line that does not parse.
    case malformed(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            return "the formats/ and mappings/ folders were not found; set HERMINE_HOME to the folder holding them (looked in: \(searched.joined(separator: ", ")))"
        case .malformed(let file, let line, let reason): return "\(file):\(line): \(reason)"
        }
    }
}

/// Finds the project's data folders (`formats/`, `mappings/`) at run time.
///
/// Looks, in order, in `$HERMINE_HOME`, then up from the executable, the working directory and the
/// source tree this was built from; the first folder holding both `formats/` and `mappings/` wins.
public enum Resources {
    /// The folder holding `formats/` and `mappings/`.
    public static func root() throws(ResourceError) -> URL {
        if let found = cached { return found }
        throw .notFound(searched: candidates.map(\.path))
    }

    /// The `formats/` folder.
    public static func formatsFolder() throws(ResourceError) -> URL {
        try root().appendingPathComponent("formats")
    }

    /// The `mappings/` folder.
    public static func mappingsFolder() throws(ResourceError) -> URL {
        try root().appendingPathComponent("mappings")
    }

    /// A file under `formats/`.
    public static func format(_ relativePath: String) throws(ResourceError) -> URL {
        try root().appendingPathComponent("formats").appendingPathComponent(relativePath)
    }

    /// A file under `mappings/`.
    public static func mapping(_ relativePath: String) throws(ResourceError) -> URL {
        try root().appendingPathComponent("mappings").appendingPathComponent(relativePath)
    }

    private static let cached: URL? = candidates.first { isRoot($0) }

    private static var candidates: [URL] {
        var starts: [URL] = []
        if let home = ProcessInfo.processInfo.environment["HERMINE_HOME"] { starts.append(URL(fileURLWithPath: home)) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent())
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
        var result: [URL] = []
        for start in starts {
            var current = start.standardizedFileURL
            for _ in 0..<8 {
                result.append(current)
                let up = current.deletingLastPathComponent()
                if up.path == current.path { break }
                current = up
            }
        }
        return result
    }

    private static func isRoot(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("formats").path)
            && manager.fileExists(atPath: url.appendingPathComponent("mappings").path)
    }
}
