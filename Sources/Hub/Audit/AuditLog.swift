/// Checks the lifecycle log: every invoice's event chain, each invoice's stored status and head against its
/// events, and the chain of checkpoints sealing the heads (each sealed head must still be in the log). Names
/// every break it finds. What was written after the last checkpoint is held by the invoices' chains alone;
/// the last checkpoint's sequence and hash are in the report, to compare with a copy kept elsewhere.
public struct AuditLog: Sendable {
    /// Where the log is kept.
    public let store: any HubStore
    /// The chains' hash function.
    public let chain: EventChain

    /// Creates the audit.
    public init(store: any HubStore, chain: EventChain = .standard) {
        self.store = store
        self.chain = chain
    }

    /// What an audit found.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        /// Events read.
        public var eventsChecked = 0
        /// Invoices whose chain, status and head were checked.
        public var invoicesChecked = 0
        /// Checkpoints whose hash and link were checked.
        public var checkpointsChecked = 0
        /// Every break found, in the order of the walk (at most `AuditLog.maximumBreaks`).
        public var breaks: [AuditBreak] = []
        /// Whether more breaks were found than are listed.
        public var truncated = false
        /// The last checkpoint (nil when none was taken), to compare with a copy of its hash kept elsewhere.
        public var lastCheckpoint: CheckpointMark?

        /// Whether the log holds.
        public var passed: Bool { breaks.isEmpty }

        public var description: String {
            let counts =
                "\(eventsChecked) events of \(invoicesChecked) invoices, \(checkpointsChecked) checkpoints"
            let last = lastCheckpoint.map { "\nlast checkpoint: \($0.sequence) \($0.hash)" } ?? ""
            guard !passed else { return "OK: \(counts); every chain holds and every invoice is where its events lead" + last }
            let more = truncated ? "\n  … and more" : ""
            return "FAILED: \(breaks.count) break(s) in \(counts):\n"
                + breaks.map { "  " + $0.description }.joined(separator: "\n") + more + last
        }

        mutating func record(_ broken: AuditBreak) {
            guard breaks.count < AuditLog.maximumBreaks else {
                truncated = true
                return
            }
            breaks.append(broken)
        }
    }

    /// A checkpoint's sequence and hash.
    public struct CheckpointMark: Sendable, Equatable {
        /// Its place in the checkpoint chain.
        public let sequence: Int64
        /// Its hash.
        public let hash: String
    }

    /// The most breaks a report lists.
    public static let maximumBreaks = 1_000

    /// Walks the whole log, `pageSize` invoices at a time, then the checkpoints.
    public func verify(pageSize: Int = 1_000) async throws -> Report {
        var report = Report()
        var lower: InvoiceID?
        while true {
            let after = lower
            let page = try await store.read { tx -> (states: [ChainState], events: [LifecycleEvent]) in
                let states = try tx.chainStates(after: after, limit: pageSize)
                // The last page reaches past the last invoice, for events whose invoice is gone.
                let upper = states.count == pageSize ? states.last?.invoiceID : nil
                return (states, try tx.events(after: after, through: upper))
            }
            check(page.states, page.events, into: &report)
            guard page.states.count == pageSize, let last = page.states.last else { break }
            lower = last.invoiceID
        }
        var sequence: Int64 = 0
        var previousHash = EventChain.genesis
        while true {
            let after = sequence
            let page = try await store.read { tx -> (checkpoints: [AuditCheckpoint], hashes: [EventPosition: String]) in
                let checkpoints = try tx.checkpoints(after: after, limit: 20)
                let places = checkpoints.flatMap { $0.heads.map { EventPosition(invoiceID: $0.invoiceID, position: $0.length) } }
                return (checkpoints, try tx.hashes(at: places))
            }
            for checkpoint in page.checkpoints {
                report.checkpointsChecked += 1
                if checkpoint.sequence != sequence + 1 {
                    for missing in (sequence + 1)..<checkpoint.sequence { report.record(.checkpointMissing(missing)) }
                } else if checkpoint.previousHash != previousHash {
                    report.record(.checkpointUnlinked(checkpoint.sequence))
                }
                if !checkpoint.holds(with: chain) { report.record(.checkpointAltered(checkpoint.sequence)) }
                for head in checkpoint.heads {
                    let place = EventPosition(invoiceID: head.invoiceID, position: head.length)
                    if page.hashes[place] != head.hash { report.record(.sealBroken(checkpoint: checkpoint.sequence, place)) }
                }
                sequence = checkpoint.sequence
                previousHash = checkpoint.hash
                report.lastCheckpoint = CheckpointMark(sequence: sequence, hash: previousHash)
            }
            if page.checkpoints.count < 20 { break }
        }
        return report
    }

    /// Checks a range of invoices: their events and stored states, grouped by invoice.
    private func check(_ states: [ChainState], _ events: [LifecycleEvent], into report: inout Report) {
        var eventsByInvoice: [InvoiceID: [LifecycleEvent]] = [:]
        for event in events { eventsByInvoice[event.invoiceID, default: []].append(event) }
        let stateByInvoice = Dictionary(states.map { ($0.invoiceID, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(eventsByInvoice.keys).union(stateByInvoice.keys).sorted() {
            let events = eventsByInvoice[id] ?? []
            report.eventsChecked += events.count
            let state = stateByInvoice[id]
            if state != nil { report.invoicesChecked += 1 }
            check(id, events: events, state: state, into: &report)
        }
    }

    /// Checks one invoice's chain link by link, then its stored state.
    private func check(_ id: InvoiceID, events: [LifecycleEvent], state: ChainState?, into report: inout Report) {
        var expected = 1
        var previousHash = EventChain.genesis
        var status: InvoiceStatus?
        for event in events {
            if event.position < expected {
                report.record(.inserted(event.place))
                continue
            }
            if event.position > expected {
                for missing in expected..<event.position { report.record(.missing(EventPosition(invoiceID: id, position: missing))) }
            }
            if !chain.holds(event) {
                if let original = originalPosition(of: event, among: events.count + 1) {
                    report.record(.moved(event.place, from: original))
                } else {
                    report.record(.altered(event.place))
                }
            } else if event.previousHash != previousHash {
                report.record(.unlinked(event.place))
            } else if event.from != status || !Lifecycle.allowsInHistory(from: event.from, to: event.to) {
                report.record(.invalidTransition(event.place))
            }
            previousHash = event.hash
            status = event.to
            expected = event.position + 1
        }
        let length = expected - 1
        if let state {
            if state.head.length > length {
                for missing in (length + 1)...state.head.length {
                    report.record(.missing(EventPosition(invoiceID: id, position: missing)))
                }
            } else if state.head.length < length {
                for extra in (state.head.length + 1)...length {
                    report.record(.inserted(EventPosition(invoiceID: id, position: extra)))
                }
            } else if state.head.hash != previousHash {
                report.record(.headMismatch(id))
            }
            if state.status != status { report.record(.statusMismatch(id, stored: state.status, logged: status)) }
        } else if let first = events.first {
            report.record(.orphaned(first.place))
        }
    }

    /// The position an event was hashed at, when it is not the one it sits at (a swapped or moved event).
    private func originalPosition(of event: LifecycleEvent, among count: Int) -> Int? {
        (1...max(count, event.position + 1)).first { position in
            position != event.position
                && chain.sha256(
                    LifecycleEvent.hashedContent(
                        invoiceID: event.invoiceID, position: position, from: event.from, to: event.to, at: event.at,
                        actor: event.actor, reason: event.reason, previousHash: event.previousHash)) == event.hash
        }
    }
}

/// One break in the lifecycle log, naming what is wrong and where.
public enum AuditBreak: Sendable, Equatable, CustomStringConvertible {
    /// The event's content does not match its hash: it was edited.
    case altered(EventPosition)
    /// The event was hashed at another position of the same chain: events were reordered.
    case moved(EventPosition, from: Int)
    /// The event does not point at the hash of the event before it: an event before it was replaced.
    case unlinked(EventPosition)
    /// No event sits where the chain (or the invoice's head) says one does: it was deleted.
    case missing(EventPosition)
    /// An event sits where none should: beyond the invoice's recorded head, or twice at one position.
    case inserted(EventPosition)
    /// The transition is not one the lifecycle allows, or does not start where the previous event ended.
    case invalidTransition(EventPosition)
    /// Events of an invoice the hub does not hold.
    case orphaned(EventPosition)
    /// The invoice's stored status is not where its events lead (nil: it has no event).
    case statusMismatch(InvoiceID, stored: InvoiceStatus, logged: InvoiceStatus?)
    /// The invoice's stored chain head is not its last event's hash.
    case headMismatch(InvoiceID)
    /// A checkpoint sealed this event's hash, and the log no longer has it there.
    case sealBroken(checkpoint: Int64, EventPosition)
    /// A checkpoint's content does not match its hash (its heads were edited, removed or added).
    case checkpointAltered(Int64)
    /// A checkpoint does not point at the hash of the one before it.
    case checkpointUnlinked(Int64)
    /// A checkpoint of the sequence is absent.
    case checkpointMissing(Int64)

    public var description: String {
        switch self {
        case .altered(let place): "\(place) was altered: its hash does not match its content"
        case .moved(let place, let from): "\(place) was moved: it was recorded as event \(from)"
        case .unlinked(let place): "\(place) does not point at the hash of the event before it"
        case .missing(let place): "\(place) is missing"
        case .inserted(let place): "\(place) was inserted: the invoice's chain has no such event"
        case .invalidTransition(let place): "\(place) is not a transition the lifecycle allows from the event before"
        case .orphaned(let place): "\(place) belongs to an invoice the hub does not hold"
        case .statusMismatch(let id, let stored, let logged):
            if let logged {
                "invoice \(id) is stored as \(stored.rawValue) but its events lead to \(logged.rawValue)"
            } else {
                "invoice \(id) (\(stored.rawValue)) has no lifecycle event"
            }
        case .headMismatch(let id): "invoice \(id)'s recorded chain head is not the hash of its last event"
        case .sealBroken(let checkpoint, let place): "checkpoint \(checkpoint) sealed \(place), which no longer holds"
        case .checkpointAltered(let sequence): "checkpoint \(sequence) was altered: its hash does not match its content"
        case .checkpointUnlinked(let sequence): "checkpoint \(sequence) does not point at the hash of checkpoint \(sequence - 1)"
        case .checkpointMissing(let sequence): "checkpoint \(sequence) is missing"
        }
    }
}
