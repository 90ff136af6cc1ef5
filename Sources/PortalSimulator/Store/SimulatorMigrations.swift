import GRDB

/// The simulator's schema, as append-only migrations of literal SQL with dated names: a migration that has
/// shipped is never edited; a change is a new one below the others.
enum SimulatorMigrations {
    /// Every migration, in order: its name and its SQL.
    static let shipped: [(name: String, sql: String)] = [
        ("2026-12-04 portal simulator schema", schema)
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, sql) in shipped {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        return migrator
    }

    /// Flows as deposited, their processing errors, the invoices they created and every status each passed.
    /// Times are milliseconds since 1970 (UTC); amounts are the invoice's decimal text.
    static let schema = """
        -- One row per deposit call recorded; `number` is the numeroFluxDepot answered. The file is kept apart
        -- (`flow_files`), so that reading and counting flows never walks its pages.
        CREATE TABLE flows (
            sequence INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            file_name TEXT NOT NULL,
            syntax TEXT NOT NULL,
            signed INTEGER NOT NULL,
            size INTEGER NOT NULL,
            deposited_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            state_at INTEGER NOT NULL
        ) STRICT;
        -- What the processor still has to read, oldest first.
        CREATE INDEX flows_waiting ON flows(deposited_at, sequence)
            WHERE state = 'IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP';
        -- What the stats count.
        CREATE INDEX flows_rejected ON flows(sequence) WHERE state = 'IN_REJETE';

        -- The deposited file, as decoded from fichierFlux.
        CREATE TABLE flow_files (
            flow INTEGER PRIMARY KEY REFERENCES flows(sequence),
            bytes BLOB NOT NULL
        ) STRICT;

        -- Why a flow was rejected: its invoice's findings (listeErreurDP) or technical errors (listeErreurTechnique).
        CREATE TABLE flow_errors (
            flow INTEGER NOT NULL REFERENCES flows(sequence),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('invoice', 'technical')),
            invoice_number TEXT,
            supplier TEXT,
            buyer TEXT,
            code TEXT,
            message TEXT NOT NULL,
            nature TEXT,
            PRIMARY KEY (flow, position)
        ) STRICT;

        -- The invoices integrated flows created; `id` is the identifiantFactureCPP. A second invoice of the same
        -- supplier, number and year points at the first (`duplicate_of`): recorded all the same, and counted.
        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY,
            flow INTEGER NOT NULL REFERENCES flows(sequence),
            number TEXT NOT NULL,
            supplier TEXT NOT NULL,
            supplier_name TEXT,
            year INTEGER,
            issue_date TEXT,
            type TEXT NOT NULL,
            buyer TEXT,
            buyer_name TEXT,
            service_code TEXT,
            purchase_order TEXT,
            contract TEXT,
            currency TEXT,
            amount_ht TEXT,
            amount_ttc TEXT,
            amount_due TEXT,
            deposited_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_at INTEGER NOT NULL,
            duplicate_of INTEGER REFERENCES invoices(id)
        ) STRICT;
        CREATE INDEX invoices_by_flow ON invoices(flow, id);
        CREATE INDEX invoices_by_number ON invoices(number, id);
        CREATE INDEX invoices_by_supplier_number_year ON invoices(supplier, number, year);
        CREATE INDEX invoices_by_status ON invoices(status, status_at);
        CREATE INDEX invoices_duplicates ON invoices(id) WHERE duplicate_of IS NOT NULL;

        -- Every status an invoice passed, in order.
        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            invoice INTEGER NOT NULL REFERENCES invoices(id),
            status TEXT NOT NULL,
            at INTEGER NOT NULL,
            comment TEXT
        ) STRICT;
        CREATE INDEX status_history_by_invoice ON status_history(invoice, id);
        """
}
