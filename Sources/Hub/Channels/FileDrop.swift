public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one file per delivery into a buyer's folder, atomically: the bytes go to a hidden temporary name in the
/// same folder, are flushed to disk, then renamed to the final name, and the folder itself is flushed, so that an
/// importer watching the folder never sees a partial file, and a crash leaves either nothing or the whole file.
/// Writing the same delivery again (its outcome was not recorded) replaces the file with the same bytes.
public enum FileDrop {
    /// The file name of a delivery: the time it was created (UTC, to the millisecond), its id, and the invoice
    /// number, so that sorting by name is sorting by arrival and a name says what it holds.
    public static func fileName(of delivery: Delivery, number: String?, fileExtension: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        let safe = (number ?? "").map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(64)
        return "\(formatter.string(from: delivery.createdAt))_\(delivery.id)\(safe.isEmpty ? "" : "_" + String(safe)).\(fileExtension)"
    }

    /// Writes `data` as `name` in `folder`.
    /// - Throws: `FileDropError` naming the folder and what failed.
    public static func write(_ data: Data, named name: String, into folder: String) throws(FileDropError) {
        let final = (folder as NSString).appendingPathComponent(name)
        let temporary = (folder as NSString).appendingPathComponent(".\(name).part")
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw .failed(folder: folder, step: "create \(temporary)", errno: errno) }
        var written = 0
        let result: Int32 = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = systemWrite(file, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(file) == 0 ? 0 : errno
        }
        close(file)
        guard result == 0 else {
            unlink(temporary)
            throw .failed(folder: folder, step: "write \(temporary)", errno: result)
        }
        guard rename(temporary, final) == 0 else {
            let error = errno
            unlink(temporary)
            throw .failed(folder: folder, step: "rename to \(final)", errno: error)
        }
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Whether the hub can write files into `folder`: it exists, is a folder, and a file can be created there
    /// (tried and removed).
    public static func check(folder: String) throws(FileDropError) {
        var isFolder: ObjCBool = false
        guard folder.hasPrefix("/") else { throw .invalid(folder: folder, reason: "the folder must be an absolute path") }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .invalid(folder: folder, reason: "no such folder")
        }
        let probe = (folder as NSString).appendingPathComponent(".hermine-probe-\(UUID().uuidString)")
        let file = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw .invalid(folder: folder, reason: "the hub cannot write there (\(String(cString: strerror(errno))))") }
        close(file)
        unlink(probe)
    }
}

/// `write(2)`.
private func systemWrite(_ file: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(file, bytes, count)
    #else
        Darwin.write(file, bytes, count)
    #endif
}

/// Why a file could not be dropped.
public enum FileDropError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder is not usable.
    case invalid(folder: String, reason: String)
    /// A step failed with the system's error number.
    case failed(folder: String, step: String, errno: Int32)

    public var description: String {
        switch self {
        case .invalid(let folder, let reason): "folder \(folder): \(reason)"
        case .failed(let folder, let step, let number): "folder \(folder): \(step) failed: \(String(cString: strerror(number)))"
        }
    }
}
