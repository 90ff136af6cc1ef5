import Foundation

/// Expands command-line paths: folders become the invoice files below them, sorted.
public enum InputFiles {
    /// The files named by `paths`, folders searched recursively for `.xml` and `.pdf` files.
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { ["xml", "pdf"].contains(($0 as NSString).pathExtension.lowercased()) }
                    .sorted()
                files.append(contentsOf: found.map { (path as NSString).appendingPathComponent($0) })
            } else {
                files.append(path)
            }
        }
        return files
    }
}
