"""Append-only schema migrations. Never edit a shipped step: add a new one at the end.

Each step is SQL run inside one transaction together with the bump of `PRAGMA user_version`
(see store.py), so a database is always at a whole step.
"""

from __future__ import annotations

M001_INITIAL = """
-- office settings, citizens, dossiers with their checklist, attachments, history, audit, calendar
        CREATE TABLE office (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE citizens (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            personal_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_folded TEXT NOT NULL,
            dob TEXT NOT NULL,
            gender TEXT NOT NULL,
            phone TEXT,
            email TEXT,
            address TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX citizens_name_folded ON citizens(name_folded);
        CREATE INDEX citizens_phone ON citizens(phone);
        CREATE TABLE dossiers (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            code TEXT UNIQUE,
            status INTEGER NOT NULL,
            citizen_id INTEGER NOT NULL REFERENCES citizens(id),
            procedure_code TEXT NOT NULL,
            procedure_name TEXT NOT NULL,
            procedure_field TEXT NOT NULL,
            processing_days INTEGER NOT NULL,
            fee_amount INTEGER,
            fee_mode TEXT NOT NULL,
            agency_code TEXT NOT NULL,
            agency_name TEXT NOT NULL,
            channel TEXT NOT NULL,
            delivery TEXT NOT NULL,
            received_at TEXT,
            due_date TEXT,
            paused_at TEXT,
            paused_days INTEGER NOT NULL DEFAULT 0,
            done_at TEXT,
            closed_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX dossiers_status ON dossiers(status, due_date);
        CREATE INDEX dossiers_citizen ON dossiers(citizen_id);
        CREATE INDEX dossiers_procedure ON dossiers(procedure_code);
        CREATE INDEX dossiers_received ON dossiers(received_at);
        CREATE TABLE dossier_documents (
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            form TEXT NOT NULL,
            required INTEGER NOT NULL,
            presented INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL,
            PRIMARY KEY (dossier_id, key)
        );
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
            doc_key TEXT NOT NULL,
            filename TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            mime TEXT NOT NULL,
            attached_at TEXT NOT NULL,
            clerk TEXT NOT NULL,
            UNIQUE (dossier_id, doc_key, sha256)
        );
        CREATE INDEX attachments_sha256 ON attachments(sha256);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
            at TEXT NOT NULL,
            from_status INTEGER,
            to_status INTEGER NOT NULL,
            clerk TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX events_dossier ON events(dossier_id, id);
        CREATE TABLE receipt_sequence (
            agency_id TEXT NOT NULL,
            day TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (agency_id, day)
        );
        CREATE TABLE calendar_override (
            day TEXT PRIMARY KEY,
            is_off INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            clerk TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            clerk TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_entity ON audit(entity, entity_id);
"""

M002_PAYMENTS = """
-- fees: the clerk's assessment (per page, the province's amount) or exemption; one payment per dossier
        ALTER TABLE dossiers ADD COLUMN fee_due INTEGER;
        ALTER TABLE dossiers ADD COLUMN fee_exempt_reason TEXT;
        ALTER TABLE dossiers ADD COLUMN fee_reason TEXT;
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
            amount INTEGER NOT NULL CHECK (amount > 0),
            method TEXT NOT NULL,
            reference TEXT,
            paid_at TEXT NOT NULL,
            clerk TEXT NOT NULL
        );
-- slips issued when things go wrong: supplement request, refusal, apology with a new date
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
            kind TEXT NOT NULL,
            number INTEGER NOT NULL,
            at TEXT NOT NULL,
            clerk TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            missing TEXT NOT NULL DEFAULT '[]',
            old_date TEXT,
            new_date TEXT
        );
        CREATE INDEX notices_dossier ON notices(dossier_id, kind, id);
"""

M003_WIZARD = """
-- where a postal result goes, and the step a guided intake stopped at (to resume it)
        ALTER TABLE dossiers ADD COLUMN delivery_address TEXT;
        CREATE TABLE wizard_progress (
            dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
            step INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
"""

M004_TRANSFER = """
-- imports, exports and laptop-to-desk bundles (issue 5)
        ALTER TABLE dossiers ADD COLUMN external_ref TEXT;
        CREATE UNIQUE INDEX dossiers_external_ref ON dossiers(external_ref) WHERE external_ref IS NOT NULL;
        CREATE INDEX dossiers_updated ON dossiers(updated_at);
        CREATE INDEX citizens_updated ON citizens(updated_at);
        CREATE TABLE bundles (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
            device_id TEXT NOT NULL,
            made_at TEXT NOT NULL,
            since TEXT,
            at TEXT NOT NULL,
            clerk TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX bundles_direction ON bundles(direction, id);
"""

M005_CITIZEN_INDEXES = """
-- citizens: the two UNIQUE constraints become named unique indexes (the same rule), which a bulk load
-- into an empty table can drop and build again at the end, like the plain ones (SQLite's table rebuild)
        CREATE TABLE citizens_m005 (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL,
            personal_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_folded TEXT NOT NULL,
            dob TEXT NOT NULL,
            gender TEXT NOT NULL,
            phone TEXT,
            email TEXT,
            address TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        INSERT INTO citizens_m005 (id, uid, personal_id, name, name_folded, dob, gender, phone, email, address,
                                   created_at, updated_at)
            SELECT id, uid, personal_id, name, name_folded, dob, gender, phone, email, address, created_at, updated_at
            FROM citizens;
        DROP TABLE citizens;
        ALTER TABLE citizens_m005 RENAME TO citizens;
        CREATE UNIQUE INDEX citizens_uid ON citizens(uid);
        CREATE UNIQUE INDEX citizens_personal_id ON citizens(personal_id);
        CREATE INDEX citizens_name_folded ON citizens(name_folded);
        CREATE INDEX citizens_phone ON citizens(phone);
        CREATE INDEX citizens_updated ON citizens(updated_at);
"""

M006_UNUSED_INDEXES = """
-- indexes no query uses (EXPLAIN QUERY PLAN): phone search is `LIKE '%digits%'`, and the
-- `updated_at >= ?` of exports and bundles scans in id order; each cost every insert (and every
-- update of its column)
        DROP INDEX citizens_phone;
        DROP INDEX citizens_updated;
        DROP INDEX dossiers_updated;
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("m001_initial", M001_INITIAL),
    ("m002_payments", M002_PAYMENTS),
    ("m003_wizard", M003_WIZARD),
    ("m004_transfer", M004_TRANSFER),
    ("m005_citizen_indexes", M005_CITIZEN_INDEXES),
    ("m006_unused_indexes", M006_UNUSED_INDEXES),
]
