extension Duration {
    /// Whole nanoseconds (NIO's `TimeAmount` and `NIODeadline` count in them).
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }

    /// In seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
