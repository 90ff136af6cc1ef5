import Foundation
import Hub
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL schema, as append-only migrations of literal SQL with dated names. A migration that has
/// shipped is never edited: a change is a new migration below the others. Each applied migration's SHA-256
/// is recorded; the store refuses to open a database where a shipped migration's text changed, and a test
/// pins the SHA-256 of every shipped one.
enum PostgresMigrations {
    /// Every migration, in order: its name and its SQL.
    static let shipped: [(name: String, sql: String)] = [
        ("2026-12-04 hub schema", hubSchema),
        ("2026-12-05 outbox and portal tracking", outbox),
        ("2026-12-06 buyer channels", buyerChannels),
        ("2026-12-07 supplier subscriptions", subscriptions),
        ("2026-12-08 alert settings", alertSettings),
        ("2026-12-09 deliveries by kind", deliveriesByKind),
        ("2026-12-10 console users and sessions", consoleUsers),
        ("2026-12-11 operators queue", operatorsQueue),
    ]

    /// Applies what `connection`'s database lacks, under an advisory lock so that hub nodes starting
    /// together migrate once.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(7314151)", logger: logger)
        do {
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS hermine_migrations (
                    name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """, logger: logger)
            var applied: [String: String] = [:]
            for try await (name, sha) in try await connection.query(
                "SELECT name, sha256 FROM hermine_migrations", logger: logger
            ).decode((String, String).self) {
                applied[name] = sha
            }
            for (name, sql) in shipped {
                let sha = SHA256Hex.digest(sql)
                if let recorded = applied[name] {
                    guard recorded == sha else {
                        throw HubError.storage("migration \"\(name)\" was changed after it was applied (SHA-256 \(recorded), now \(sha))")
                    }
                    continue
                }
                // One transaction: the statements (each ends its line with a semicolon), then the record.
                try await connection.query("BEGIN", logger: logger)
                do {
                    for statement in statements(of: sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    let now = Date().millisecondsSince1970
                    try await connection.query(
                        "INSERT INTO hermine_migrations (name, sha256, applied_at) VALUES (\(name), \(sha), \(now))", logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
                logger.info("migrated", metadata: ["migration": "\(name)"])
            }
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(7314151)", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(7314151)", logger: logger)
    }

    /// A migration's statements: each ends with a semicolon at the end of its line (a semicolon inside a line,
    /// as in a function's body, does not end one).
    static func statements(of sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }

    /// Tenants, credentials, buyer directory, documents, invoices with their models and reports, the per-invoice
    /// event chains, idempotency keys and audit checkpoints: the SQLite store's schema, in PostgreSQL's types.
    /// Ids that the audit walks in order compare byte by byte (`COLLATE "C"`), as the hub's code does.
    static let hubSchema = """
        CREATE TABLE organisations (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('supplier', 'buyer', 'operator')),
            name TEXT NOT NULL
        );
        CREATE TABLE organisation_identifiers (
            organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            scheme TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (scheme, value)
        );
        CREATE INDEX organisation_identifiers_by_organisation ON organisation_identifiers(organisation_id, position);
        CREATE TABLE credentials (
            id TEXT PRIMARY KEY,
            organisation_id TEXT NOT NULL REFERENCES organisations(id),
            role TEXT NOT NULL CHECK (role IN ('supplier', 'buyer', 'operator')),
            token_sha256 TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT
        );

        CREATE TABLE directory_entries (
            identifier TEXT PRIMARY KEY,
            identifier_type TEXT NOT NULL,
            name TEXT NOT NULL,
            active BOOLEAN NOT NULL,
            service_code_required BOOLEAN NOT NULL,
            engagement_required BOOLEAN NOT NULL
        );
        CREATE TABLE directory_services (
            identifier TEXT NOT NULL REFERENCES directory_entries(identifier) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            active BOOLEAN NOT NULL,
            PRIMARY KEY (identifier, code)
        );

        CREATE TABLE documents (
            sha256 TEXT PRIMARY KEY,
            bytes BYTEA NOT NULL,
            size BIGINT NOT NULL,
            media_type TEXT NOT NULL,
            stored_at BIGINT NOT NULL
        );
        -- Documents, models and reports are stored as they come, out of line when large, without compression:
        -- compressing megabytes on every deposit cost the server more CPU than everything else a deposit does.
        ALTER TABLE documents ALTER COLUMN bytes SET STORAGE EXTERNAL;

        CREATE TABLE invoices (
            seq BIGSERIAL PRIMARY KEY,
            id TEXT COLLATE "C" NOT NULL UNIQUE,
            supplier_org TEXT NOT NULL REFERENCES organisations(id),
            seller_identifier TEXT,
            seller_name TEXT,
            buyer_siret TEXT,
            buyer_name TEXT,
            number TEXT,
            issue_date TEXT,
            issue_year BIGINT,
            type_code TEXT,
            credit_note BOOLEAN NOT NULL,
            currency TEXT,
            amount_due TEXT,
            buyer_reference TEXT,
            order_reference TEXT,
            status BIGINT NOT NULL,
            syntax TEXT NOT NULL,
            container TEXT NOT NULL,
            document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
            document_size BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            fatal_count BIGINT NOT NULL,
            warning_count BIGINT NOT NULL,
            chain_length BIGINT NOT NULL,
            chain_head TEXT NOT NULL
        );
        CREATE INDEX invoices_by_supplier ON invoices(supplier_org, seq);
        CREATE INDEX invoices_by_buyer ON invoices(buyer_siret, seq);
        CREATE INDEX invoices_by_status ON invoices(status, seq);
        CREATE INDEX invoices_by_seller ON invoices(seller_identifier, seq);
        CREATE INDEX invoices_by_number ON invoices(supplier_org, number, issue_year);
        -- The duplicate rule, enforced by the database too: one live invoice (not rejected, not a credit note)
        -- per supplier, number and year.
        CREATE UNIQUE INDEX invoices_one_live_number ON invoices(supplier_org, number, issue_year)
            WHERE NOT credit_note AND status <> 213 AND number IS NOT NULL AND issue_year IS NOT NULL;

        CREATE TABLE invoice_models (
            invoice_seq BIGINT PRIMARY KEY REFERENCES invoices(seq),
            json BYTEA NOT NULL
        );
        ALTER TABLE invoice_models ALTER COLUMN json SET STORAGE EXTERNAL;
        CREATE TABLE validation_reports (
            invoice_seq BIGINT PRIMARY KEY REFERENCES invoices(seq),
            valid BOOLEAN NOT NULL,
            rule_set TEXT NOT NULL,
            json BYTEA NOT NULL
        );
        ALTER TABLE validation_reports ALTER COLUMN json SET STORAGE EXTERNAL;

        CREATE FUNCTION hermine_append_only() RETURNS trigger LANGUAGE plpgsql
            AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;

        -- Each invoice's events, chained by hash (see LifecycleEvent).
        CREATE TABLE invoice_events (
            seq BIGSERIAL PRIMARY KEY,
            invoice_id TEXT COLLATE "C" NOT NULL REFERENCES invoices(id),
            position BIGINT NOT NULL CHECK (position > 0),
            from_status BIGINT,
            to_status BIGINT NOT NULL,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE UNIQUE INDEX invoice_events_by_position ON invoice_events(invoice_id, position);
        CREATE TRIGGER invoice_events_append_only BEFORE UPDATE OR DELETE ON invoice_events
            FOR EACH ROW EXECUTE FUNCTION hermine_append_only();
        CREATE TRIGGER invoice_events_not_truncated BEFORE TRUNCATE ON invoice_events
            FOR EACH STATEMENT EXECUTE FUNCTION hermine_append_only();

        CREATE TABLE idempotency_keys (
            supplier_org TEXT NOT NULL REFERENCES organisations(id),
            key TEXT NOT NULL,
            request_sha256 TEXT NOT NULL,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            status BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (supplier_org, key)
        );

        -- Seals over the heads of the chains that grew since the checkpoint before, up to an event's seq.
        CREATE TABLE audit_checkpoints (
            sequence BIGINT PRIMARY KEY,
            at BIGINT NOT NULL,
            through_seq BIGINT NOT NULL,
            heads TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
            FOR EACH ROW EXECUTE FUNCTION hermine_append_only();
        """

    /// The outbox (what the hub owes each destination for each invoice, and every attempt) and what the portal
    /// says of each deposited invoice.
    static let outbox = """
        CREATE TABLE deliveries (
            id TEXT PRIMARY KEY,
            invoice_id TEXT COLLATE "C" NOT NULL REFERENCES invoices(id),
            destination TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
            attempts BIGINT NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            lease_owner TEXT,
            lease_until BIGINT,
            outcome_unknown BOOLEAN NOT NULL,
            last_error TEXT,
            receipt TEXT,
            created_at BIGINT NOT NULL,
            round_started_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX deliveries_one_per_destination ON deliveries(invoice_id, destination);
        CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending';
        CREATE INDEX deliveries_by_state ON deliveries(state, id);

        CREATE TABLE delivery_attempts (
            delivery_id TEXT NOT NULL REFERENCES deliveries(id),
            number BIGINT NOT NULL,
            started_at BIGINT NOT NULL,
            duration_ms BIGINT NOT NULL,
            outcome TEXT NOT NULL,
            error TEXT,
            PRIMARY KEY (delivery_id, number)
        );

        CREATE TABLE portal_tracking (
            invoice_id TEXT COLLATE "C" PRIMARY KEY REFERENCES invoices(id),
            flow TEXT NOT NULL,
            flow_state TEXT,
            portal_invoice_id TEXT,
            portal_status TEXT,
            history_seen BIGINT NOT NULL,
            changed_at BIGINT NOT NULL,
            next_poll_at BIGINT NOT NULL,
            quiet_polls BIGINT NOT NULL,
            lease_owner TEXT,
            lease_until BIGINT,
            final BOOLEAN NOT NULL
        );
        CREATE INDEX portal_tracking_due ON portal_tracking(next_poll_at) WHERE NOT final;
        """

    /// The buyers' channels (push, pull, file drop) whose deliveries join the outbox.
    static let buyerChannels = """
        CREATE TABLE buyer_channels (
            id TEXT PRIMARY KEY,
            buyer_siret TEXT NOT NULL,
            service_code TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('push', 'pull', 'file-drop')),
            format TEXT NOT NULL,
            trigger TEXT NOT NULL,
            url TEXT,
            folder TEXT,
            secret TEXT NOT NULL,
            previous_secret TEXT,
            previous_secret_until BIGINT,
            created_at BIGINT NOT NULL,
            removed_at BIGINT
        );
        CREATE INDEX buyer_channels_live ON buyer_channels(buyer_siret) WHERE removed_at IS NULL;
        CREATE INDEX deliveries_by_destination ON deliveries(destination, id) WHERE state = 'pending';
        """

    /// The suppliers' webhook subscriptions.
    static let subscriptions = """
        CREATE TABLE subscriptions (
            id TEXT PRIMARY KEY,
            organisation_id TEXT NOT NULL REFERENCES organisations(id),
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            previous_secret TEXT,
            previous_secret_until BIGINT,
            created_at BIGINT NOT NULL,
            removed_at BIGINT
        );
        CREATE INDEX subscriptions_live ON subscriptions(organisation_id) WHERE removed_at IS NULL;
        """

    /// The organisations' e-mail alert settings.
    static let alertSettings = """
        CREATE TABLE alert_settings (
            organisation_id TEXT PRIMARY KEY REFERENCES organisations(id),
            addresses TEXT NOT NULL,
            statuses TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
            updated_at BIGINT NOT NULL
        );
        """

    /// Deliveries claimed by kind: the index each worker's claim walks (its kind's due rows only).
    static let deliveriesByKind = """
        CREATE INDEX deliveries_due_by_kind ON deliveries ((split_part(destination, ':', 1)), next_attempt_at) WHERE state = 'pending';
        """

    /// The web console's people (bcrypt password hashes, wrong passwords in a row, lock) and their sessions (only
    /// the SHA-256 of each cookie's token).
    static let consoleUsers = """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            organisation_id TEXT NOT NULL REFERENCES organisations(id),
            role TEXT NOT NULL,
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            failed_sign_ins BIGINT NOT NULL DEFAULT 0,
            locked_until BIGINT
        );
        CREATE INDEX users_by_organisation ON users(organisation_id);
        CREATE TABLE web_sessions (
            token_sha256 TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at);
        """

    /// The operators' queue: the fatal rules of each rejected deposit (grouped by rule without reading reports), and
    /// what was done about an item (an invoice or a delivery); deposits by day read the time index.
    static let operatorsQueue = """
        CREATE TABLE invoice_rejections (
            rule TEXT NOT NULL,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            received_at BIGINT NOT NULL,
            PRIMARY KEY (rule, invoice_id)
        );
        CREATE INDEX invoice_rejections_by_time ON invoice_rejections(received_at);
        CREATE TABLE queue_resolutions (
            subject TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('resolved', 'correction-requested', 'corrected', 'rerouted')),
            actor TEXT NOT NULL,
            comment TEXT NOT NULL,
            replacement TEXT,
            at BIGINT NOT NULL
        );
        CREATE INDEX queue_resolutions_by_replacement ON queue_resolutions(replacement) WHERE replacement IS NOT NULL;
        CREATE INDEX invoices_by_received ON invoices(received_at, fatal_count);
        CREATE INDEX deliveries_delivered_to_portal ON deliveries(created_at) WHERE destination = 'portal' AND state = 'done';
        """
}
