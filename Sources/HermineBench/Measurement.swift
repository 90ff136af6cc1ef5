import Foundation

/// What the benchmarks read of this process's memory.
public enum ProcessMemory {
    /// The resident-set high-water mark of this process, in bytes: `VmHWM` from `/proc/self/status` where there is
    /// one, else `getrusage`'s `ru_maxrss`.
    public static func peakResidentBytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kilobytes * 1024
        }
        var usage = rusage()
        #if canImport(Darwin)
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss)
        #else
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) * 1024
        #endif
    }
}

/// How the benchmarks time their work.
enum Timing {
    /// How long `work` takes, in seconds.
    static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The median wall time, in seconds, of `passes` runs of `work` (at least one).
    static func medianSeconds(passes: Int, _ work: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, passes) {
            times.append(try seconds(work))
        }
        return times.sorted()[times.count / 2]
    }
}
