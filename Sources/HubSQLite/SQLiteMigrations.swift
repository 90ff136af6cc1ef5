import GRDB
import Hub

/// The schema, as append-only migrations of literal SQL with dated names. A migration that has shipped is
/// never edited: a change is a new migration below the others, and a test pins the SHA-256 of every
/// shipped one (`shipped`).
enum SQLiteMigrations {
    /// Every migration, in order: its name and its SQL.
    static let shipped: [(name: String, sql: String)] = [
        ("2026-11-22 hub schema", hubSchema),
        ("2026-12-04 per-invoice event chains", perInvoiceChains),
        ("2026-12-04 per-invoice event chains: drop the global log", dropGlobalLog),
        ("2026-12-05 outbox and portal tracking", outbox),
        ("2026-12-06 buyer channels", buyerChannels),
        ("2026-12-07 supplier subscriptions", subscriptions),
        ("2026-12-08 alert settings", alertSettings),
        ("2026-12-09 deliveries by kind", deliveriesByKind),
        ("2026-12-10 console users and sessions", consoleUsers),
        ("2026-12-11 operators queue", operatorsQueue),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, sql) in shipped {
            migrator.registerMigration(name) { db in
                // The global log's events move to the per-invoice chains before the old table goes: that needs
                // SHA-256, which SQLite's SQL lacks (`LegacyEventLog`).
                if name == "2026-12-04 per-invoice event chains: drop the global log" { try LegacyEventLog.convert(db) }
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// Tenants, credentials, buyer directory, documents, invoices, reports, the lifecycle log, idempotency keys.
    /// A deposit touches as few B-trees as it can: every page it dirties is written to the log at commit.
    static let hubSchema = """
        CREATE TABLE organisations (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('supplier', 'buyer', 'operator')),
            name TEXT NOT NULL
        ) STRICT;

        -- An identifier (SIRET, SIREN, VAT number) belongs to one organisation.
        CREATE TABLE organisation_identifiers (
            organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            scheme TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (scheme, value)
        ) STRICT;
        CREATE INDEX organisation_identifiers_by_organisation ON organisation_identifiers(organisation_id, position);

        -- Bearer credentials: only the SHA-256 of the token.
        CREATE TABLE credentials (
            id TEXT PRIMARY KEY,
            organisation_id TEXT NOT NULL REFERENCES organisations(id),
            role TEXT NOT NULL CHECK (role IN ('supplier', 'buyer', 'operator')),
            token_sha256 TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        ) STRICT;

        CREATE TABLE directory_entries (
            identifier TEXT PRIMARY KEY,
            identifier_type TEXT NOT NULL,
            name TEXT NOT NULL,
            active INTEGER NOT NULL,
            service_code_required INTEGER NOT NULL,
            engagement_required INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE directory_services (
            identifier TEXT NOT NULL REFERENCES directory_entries(identifier) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            active INTEGER NOT NULL,
            PRIMARY KEY (identifier, code)
        ) STRICT;

        -- Deposited bytes, once per SHA-256.
        CREATE TABLE documents (
            sha256 TEXT PRIMARY KEY,
            bytes BLOB NOT NULL,
            size INTEGER NOT NULL,
            media_type TEXT NOT NULL,
            stored_at INTEGER NOT NULL
        ) STRICT;

        -- One row per deposit; seq orders the listing (newest first) and makes its cursor.
        CREATE TABLE invoices (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            supplier_org TEXT NOT NULL REFERENCES organisations(id),
            seller_identifier TEXT,
            seller_name TEXT,
            buyer_siret TEXT,
            buyer_name TEXT,
            number TEXT,
            issue_date TEXT,
            issue_year INTEGER,
            type_code TEXT,
            credit_note INTEGER NOT NULL,
            currency TEXT,
            amount_due TEXT,
            buyer_reference TEXT,
            order_reference TEXT,
            status INTEGER NOT NULL,
            syntax TEXT NOT NULL,
            container TEXT NOT NULL,
            document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
            document_size INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            fatal_count INTEGER NOT NULL,
            warning_count INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX invoices_by_supplier ON invoices(supplier_org, seq);
        CREATE INDEX invoices_by_buyer ON invoices(buyer_siret, seq);
        CREATE INDEX invoices_by_status ON invoices(status, seq);
        CREATE INDEX invoices_by_seller ON invoices(seller_identifier, seq);
        CREATE INDEX invoices_by_number ON invoices(number);
        -- The duplicate rule, enforced by the database too: one live invoice (not rejected, not a credit
        -- note) per supplier, number and year.
        CREATE UNIQUE INDEX invoices_one_live_number ON invoices(supplier_org, number, issue_year)
            WHERE credit_note = 0 AND status <> 213 AND number IS NOT NULL AND issue_year IS NOT NULL;

        -- The invoice in the EN 16931 model, as JSON; keyed by the invoice's seq (appends, no extra index).
        CREATE TABLE invoice_models (
            invoice_seq INTEGER PRIMARY KEY REFERENCES invoices(seq),
            json BLOB NOT NULL
        ) STRICT;

        CREATE TABLE validation_reports (
            invoice_seq INTEGER PRIMARY KEY REFERENCES invoices(seq),
            valid INTEGER NOT NULL,
            rule_set TEXT NOT NULL,
            json BLOB NOT NULL
        ) STRICT;

        -- The append-only lifecycle log, hash-chained over every event in sequence order.
        CREATE TABLE lifecycle_events (
            sequence INTEGER PRIMARY KEY,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            from_status INTEGER,
            to_status INTEGER NOT NULL,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX lifecycle_events_by_invoice ON lifecycle_events(invoice_id, sequence);
        CREATE TRIGGER lifecycle_events_are_not_updated BEFORE UPDATE ON lifecycle_events
        BEGIN SELECT RAISE(ABORT, 'the lifecycle log is append-only'); END;
        CREATE TRIGGER lifecycle_events_are_not_deleted BEFORE DELETE ON lifecycle_events
        BEGIN SELECT RAISE(ABORT, 'the lifecycle log is append-only'); END;

        -- The first answer to each supplier's idempotency key.
        CREATE TABLE idempotency_keys (
            supplier_org TEXT NOT NULL REFERENCES organisations(id),
            key TEXT NOT NULL,
            request_sha256 TEXT NOT NULL,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            status INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (supplier_org, key)
        ) STRICT, WITHOUT ROWID;
        """
}

extension SQLiteMigrations {
    /// Each invoice's events form a chain of their own (so that writes to different invoices never read or
    /// lock a shared last event), the invoice keeps its chain's head, and checkpoints seal the heads; `seq`
    /// numbers events in the order they are stored (SQLite has one writer), which checkpoints mark.
    static let perInvoiceChains = """
        CREATE TABLE invoice_events (
            seq INTEGER PRIMARY KEY,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            position INTEGER NOT NULL CHECK (position > 0),
            from_status INTEGER,
            to_status INTEGER NOT NULL,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX invoice_events_by_position ON invoice_events(invoice_id, position);
        CREATE TRIGGER invoice_events_are_not_updated BEFORE UPDATE ON invoice_events
        BEGIN SELECT RAISE(ABORT, 'the lifecycle log is append-only'); END;
        CREATE TRIGGER invoice_events_are_not_deleted BEFORE DELETE ON invoice_events
        BEGIN SELECT RAISE(ABORT, 'the lifecycle log is append-only'); END;

        ALTER TABLE invoices ADD COLUMN chain_length INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE invoices ADD COLUMN chain_head TEXT NOT NULL
            DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';

        -- Seals over the heads of the chains that grew since the checkpoint before, up to an event's seq.
        CREATE TABLE audit_checkpoints (
            sequence INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            through_seq INTEGER NOT NULL,
            heads TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER audit_checkpoints_are_not_updated BEFORE UPDATE ON audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        CREATE TRIGGER audit_checkpoints_are_not_deleted BEFORE DELETE ON audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        """

    /// The global log, once its events are in `invoice_events`.
    static let dropGlobalLog = """
        DROP TRIGGER lifecycle_events_are_not_updated;
        DROP TRIGGER lifecycle_events_are_not_deleted;
        DROP TABLE lifecycle_events;
        """

    /// The outbox (what the hub owes each destination for each invoice, and every attempt) and what the portal
    /// says of each deposited invoice.
    static let outbox = """
        CREATE TABLE deliveries (
            id TEXT PRIMARY KEY,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            destination TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            outcome_unknown INTEGER NOT NULL,
            last_error TEXT,
            receipt TEXT,
            created_at INTEGER NOT NULL,
            round_started_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX deliveries_one_per_destination ON deliveries(invoice_id, destination);
        CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending';
        CREATE INDEX deliveries_by_state ON deliveries(state, id);

        CREATE TABLE delivery_attempts (
            delivery_id TEXT NOT NULL REFERENCES deliveries(id),
            number INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            error TEXT,
            PRIMARY KEY (delivery_id, number)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE portal_tracking (
            invoice_id TEXT PRIMARY KEY REFERENCES invoices(id),
            flow TEXT NOT NULL,
            flow_state TEXT,
            portal_invoice_id TEXT,
            portal_status TEXT,
            history_seen INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            next_poll_at INTEGER NOT NULL,
            quiet_polls INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            final INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX portal_tracking_due ON portal_tracking(next_poll_at) WHERE final = 0;
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
            previous_secret_until INTEGER,
            created_at INTEGER NOT NULL,
            removed_at INTEGER
        ) STRICT, WITHOUT ROWID;
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
            previous_secret_until INTEGER,
            created_at INTEGER NOT NULL,
            removed_at INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX subscriptions_live ON subscriptions(organisation_id) WHERE removed_at IS NULL;
        """

    /// The organisations' e-mail alert settings.
    static let alertSettings = """
        CREATE TABLE alert_settings (
            organisation_id TEXT PRIMARY KEY REFERENCES organisations(id),
            addresses TEXT NOT NULL,
            statuses TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
            updated_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """

    /// Deliveries claimed by kind: the index each worker's claim walks (its kind's due rows only).
    static let deliveriesByKind = """
        ALTER TABLE deliveries ADD COLUMN kind TEXT
            GENERATED ALWAYS AS (CASE WHEN instr(destination, ':') = 0 THEN destination ELSE substr(destination, 1, instr(destination, ':') - 1) END)
            VIRTUAL;
        CREATE INDEX deliveries_due_by_kind ON deliveries(kind, next_attempt_at) WHERE state = 'pending';
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
            created_at INTEGER NOT NULL,
            failed_sign_ins INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX users_by_organisation ON users(organisation_id);
        CREATE TABLE web_sessions (
            token_sha256 TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            csrf_token TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at);
        """

    /// The operators' queue: the fatal rules of each rejected deposit (grouped by rule without reading reports), and
    /// what was done about an item (an invoice or a delivery); deposits by day read the time index.
    static let operatorsQueue = """
        CREATE TABLE invoice_rejections (
            rule TEXT NOT NULL,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            received_at INTEGER NOT NULL,
            PRIMARY KEY (rule, invoice_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX invoice_rejections_by_time ON invoice_rejections(received_at);
        CREATE TABLE queue_resolutions (
            subject TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('resolved', 'correction-requested', 'corrected', 'rerouted')),
            actor TEXT NOT NULL,
            comment TEXT NOT NULL,
            replacement TEXT,
            at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX queue_resolutions_by_replacement ON queue_resolutions(replacement) WHERE replacement IS NOT NULL;
        CREATE INDEX invoices_by_received ON invoices(received_at, fatal_count);
        CREATE INDEX deliveries_delivered_to_portal ON deliveries(created_at) WHERE destination = 'portal' AND state = 'done';
        """
}
