public import FacturX
public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures how fast the invoice is found and extracted from PDFs, in process, one file at a time.
///
/// The work timed for each file is what `FacturXReader.read` does: open the PDF, walk its name tree and
/// `/AF`, decode the invoice attachment and scan the XMP (files without an invoice end in their error).
public struct ExtractionBenchmark: Sendable {
    /// One file's figures.
    public struct FileResult: Sendable {
        /// The file's path.
        public let path: String
        /// Its size in bytes.
        public let bytes: Int
        /// Median time of one extraction, in milliseconds.
        public let medianMilliseconds: Double
        /// The chosen invoice's attachment name, or the error code.
        public let outcome: String
    }

    /// Peak memory while extracting from the largest file, measured before anything else is loaded.
    public struct MemoryResult: Sendable {
        /// The largest file's path and size.
        public let path: String
        public let fileBytes: Int
        /// Growth of the process's peak resident size while the file was loaded and read, in bytes.
        public let peakGrowthBytes: Int

        /// Peak growth relative to the file's size (the target is under 2).
        public var ratio: Double { Double(peakGrowthBytes) / Double(max(1, fileBytes)) }
    }

    /// The files to read.
    public let paths: [String]
    /// Timed extractions per file (the median is reported).
    public let passes: Int

    /// Creates a benchmark over `paths`.
    public init(paths: [String], passes: Int = 200) {
        self.paths = paths
        self.passes = passes
    }

    /// The extraction itself.
    @inline(never)
    public static func extract(_ data: Data) -> String {
        do throws(FacturXError) {
            let container = try FacturXReader.inspect(data, readingAllAttachments: false)
            return container.invoice?.name ?? container.invoiceProblem?.code ?? "?"
        } catch {
            return error.code
        }
    }

    /// Peak memory for the largest file: run this first, in a fresh process, before `run()` loads every file.
    public func measureMemory() throws -> MemoryResult? {
        let sizes = paths.map { path in ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0, path)
        }
        guard let (size, path) = sizes.max(by: { $0.0 < $1.0 }) else { return nil }
        let before = ProcessMemory.peakResidentBytes()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for _ in 0..<3 { _ = Self.extract(data) }
        let after = ProcessMemory.peakResidentBytes()
        return MemoryResult(path: path, fileBytes: size, peakGrowthBytes: max(0, after - before))
    }

    /// Times every file: one warm-up extraction, then `passes` timed ones.
    public func run() throws -> [FileResult] {
        try paths.map { path in
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let outcome = Self.extract(data)
            let median = Timing.medianSeconds(passes: passes) { _ = Self.extract(data) }
            return FileResult(path: path, bytes: data.count, medianMilliseconds: median * 1000, outcome: outcome)
        }
    }

    /// A table of the files, then the median and total of the per-file medians and the memory figure.
    public static func report(_ results: [FileResult], memory: MemoryResult?) -> String {
        var lines = ["file                                                        bytes   median ms  outcome"]
        for result in results {
            let name = String(result.path.split(separator: "/").suffix(2).joined(separator: "/").suffix(58))
            lines.append(
                name.padding(toLength: 58, withPad: " ", startingAt: 0)
                    + String(format: "%9d %11.4f  ", result.bytes, result.medianMilliseconds) + result.outcome)
        }
        let medians = results.map(\.medianMilliseconds).sorted()
        let median = medians.isEmpty ? 0 : medians[medians.count / 2]
        lines.append(
            String(
                format: "Hermine: %d files, median %.4f ms per file, total %.3f ms (sum of per-file medians)", results.count, median,
                medians.reduce(0, +)))
        if let memory {
            lines.append(
                String(
                    format: "Hermine: peak memory growth %.2f MB reading the largest file (%.2f MB): %.2f× its size",
                    Double(memory.peakGrowthBytes) / 1e6, Double(memory.fileBytes) / 1e6, memory.ratio))
        }
        return lines.joined(separator: "\n")
    }

    /// One line per file, tab-separated (path, bytes, median ms, outcome), for scripts to join with other tools' figures.
    public static func tabSeparated(_ results: [FileResult]) -> String {
        results.map { "\($0.path)\t\($0.bytes)\t\(String(format: "%.5f", $0.medianMilliseconds))\t\($0.outcome)" }.joined(separator: "\n")
            + "\n"
    }
}
