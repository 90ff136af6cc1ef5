/// A growable buffer of plain values that the tree builder appends to and writes without the uniqueness check
/// `Array` makes on each such call (a dozen per element: a third of the builder's own work). It becomes an array
/// once, when the tree is made (`take()`), and frees its memory then or when it is dropped.
struct RawColumn<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    /// An empty column with room for `capacity` values (memory never written is never resident).
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The value at `index`, which must be below `count`.
    @inline(__always) subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "RawColumn index out of range")
            return base[index]
        }
        set {
            assert(index >= 0 && index < count, "RawColumn index out of range")
            base[index] = newValue
        }
    }

    /// The last value; the column must not be empty.
    @inline(__always) var last: Element {
        get { self[count - 1] }
        set { self[count - 1] = newValue }
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always) mutating func removeLast() -> Element {
        assert(count > 0, "RawColumn is empty")
        count -= 1
        return base[count]
    }

    /// Drops the values from `newCount` on.
    @inline(__always) mutating func truncate(to newCount: Int) {
        assert(newCount >= 0 && newCount <= count, "RawColumn truncated beyond its count")
        count = newCount
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// The values as an array; the column's memory is freed at once (one column's worth more at the peak of a large
    /// document, not the tree's).
    consuming func take() -> [Element] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
