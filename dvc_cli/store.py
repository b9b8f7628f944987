"""SQLite access: opening (pragmas, migrations), transactions and every query of the tool.

This is the only module that writes SQL. It uses the standard library's sqlite3 directly: the
hot path (`dvc-cli status CODE`) must stay cheap to start, and importing sqlite-utils alone costs
more than a whole status lookup.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dvc_cli.migrations import MIGRATIONS

Row = dict[str, Any]


def _statements(script: str) -> Iterator[str]:
    """Split an SQL script into whole statements (executescript would commit our transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


PAGE_SIZE = 8192
"""Bytes per page of a new database (SQLite's default is 4096): a bulk import builds its indexes
and commits about 0.1 s sooner per 100,000 citizens (fewer, fuller pages to sort into, write and
copy); a desk action writes the few pages it changes, each twice the bytes."""

_DROPPED_TABLE = re.compile(r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?\"?(\w+)", re.IGNORECASE)
"""A migration step that drops a table (to rebuild it) names it so."""


def _literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


class Store:
    """One open database file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self._savepoints = 0
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self._version() < len(MIGRATIONS):
            self.conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # takes only on a new, empty file
            self.conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def _version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        # Foreign keys are off while the steps run, so a step can rebuild a table that others refer
        # to (SQLite's documented way; the switch only works outside a transaction). The rows that
        # refer to a rebuilt table may not point at nothing afterwards unless they did before.
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():  # the version is read under the write lock: another process may have migrated
                steps = MIGRATIONS[self._version():]
                rebuilt = {name for _, sql in steps for name in _DROPPED_TABLE.findall(sql)}
                before = self._dangling(rebuilt)
                for number, (_, sql) in enumerate(steps, len(MIGRATIONS) - len(steps)):
                    for statement in _statements(sql):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {number + 1}")
                if not before.issuperset(self._dangling(rebuilt)):
                    raise sqlite3.IntegrityError(f"migration to step {len(MIGRATIONS)} broke a foreign key")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def _dangling(self, parents: set[str]) -> set[tuple[Any, ...]]:
        """The rows whose foreign key into one of these tables points at nothing."""
        tables = [name for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        children = [t for t in tables if any(fk[2] in parents for fk in self.conn.execute(f'PRAGMA foreign_key_list("{t}")'))]
        return {tuple(row) for t in children for row in self.conn.execute(f'PRAGMA foreign_key_check("{t}")')}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction taken up front (BEGIN IMMEDIATE), so concurrent writers queue.

        Inside another transaction (a batch import runs every row's use-case in one), it is a
        savepoint instead: a failing row is undone alone and the whole still commits or rolls back at once."""
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- generic helpers
    def _one(self, sql: str, *args: Any) -> Row | None:
        row = self.conn.execute(sql, args).fetchone()
        return dict(row) if row else None

    def _all(self, sql: str, *args: Any) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, args)]

    def _insert(self, verb: str, table: str, row: Row) -> sqlite3.Cursor:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        return self.conn.execute(f"{verb} INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))

    def _update(self, table: str, values: Row, where: str, *args: Any) -> int:
        sets = ", ".join(f"{col} = ?" for col in values)
        return self.conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", (*values.values(), *args)).rowcount

    def insert(self, table: str, row: Row) -> int:
        """Insert one row and return its rowid."""
        return self._insert("INSERT", table, row).lastrowid

    def update(self, table: str, row_id: int, values: Row) -> None:
        """Update the named columns of one row by id."""
        self._update(table, values, "id = ?", row_id)

    # --- office settings
    def office(self) -> dict[str, str]:
        """All office settings as a dict."""
        return {r["key"]: r["value"] for r in self._all("SELECT key, value FROM office")}

    def set_office(self, values: dict[str, str]) -> None:
        """Store office settings (upsert)."""
        self.conn.executemany(
            "INSERT INTO office (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            values.items(),
        )

    # --- citizens
    def citizen(self, citizen_id: int) -> Row | None:
        return self._one("SELECT * FROM citizens WHERE id = ?", citizen_id)

    def citizen_by_personal_id(self, personal_id: str) -> Row | None:
        return self._one("SELECT * FROM citizens WHERE personal_id = ?", personal_id)

    def citizens_named(self, name_folded: str, dob: str) -> list[Row]:
        """Citizens with the same folded name and date of birth (possible duplicates)."""
        return self._all("SELECT * FROM citizens WHERE name_folded = ? AND dob = ?", name_folded, dob)

    def find_citizens(self, words: list[str], digits: str, limit: int) -> list[Row]:
        """Citizens whose folded name holds every word, or whose ID starts with / phone holds `digits`."""
        if digits:
            return self._all(
                "SELECT * FROM citizens WHERE personal_id LIKE ? OR phone LIKE ? ORDER BY name_folded LIMIT ?",
                digits + "%", "%" + digits + "%", limit,
            )
        where = " AND ".join("name_folded LIKE ?" for _ in words) or "1"
        return self._all(
            f"SELECT * FROM citizens WHERE {where} ORDER BY name_folded, id LIMIT ?",
            *(f"%{w}%" for w in words), limit,
        )

    # --- dossiers
    def update_dossier_from(self, dossier_id: int, status: int, values: Row) -> bool:
        """Update a dossier only if it is still in `status` (another terminal may have moved it)."""
        return self._update("dossiers", values, "id = ? AND status = ?", dossier_id, status) == 1

    def dossier(self, dossier_id: int) -> Row | None:
        return self._one("SELECT * FROM dossiers WHERE id = ?", dossier_id)

    def dossier_by_code(self, code: str) -> Row | None:
        return self._one("SELECT * FROM dossiers WHERE code = ?", code)

    def documents(self, dossier_id: int) -> list[Row]:
        return self._all("SELECT * FROM dossier_documents WHERE dossier_id = ? ORDER BY position", dossier_id)

    def mark_presented(self, dossier_id: int, keys: list[str]) -> None:
        self.conn.executemany(
            "UPDATE dossier_documents SET presented = 1 WHERE dossier_id = ? AND key = ?",
            [(dossier_id, k) for k in keys],
        )

    def set_presented(self, dossier_id: int, flags: dict[str, bool]) -> None:
        """Record which papers were shown in original (True) or no longer count as shown (False)."""
        self.conn.executemany(
            "UPDATE dossier_documents SET presented = ? WHERE dossier_id = ? AND key = ?",
            [(int(shown), dossier_id, key) for key, shown in flags.items()],
        )

    def replace_documents(self, dossier_id: int, documents: list[Row]) -> list[Row]:
        """Give a draft a new checklist; drop (and return) attachments whose paper is no longer on it."""
        keys = [d["key"] for d in documents]
        marks = ", ".join("?" * len(keys))
        dropped = self._all(
            f"SELECT * FROM attachments WHERE dossier_id = ? AND doc_key NOT IN ({marks})", dossier_id, *keys
        )
        self.conn.execute(f"DELETE FROM attachments WHERE dossier_id = ? AND doc_key NOT IN ({marks})", (dossier_id, *keys))
        self.conn.execute("DELETE FROM dossier_documents WHERE dossier_id = ?", (dossier_id,))
        for document in documents:
            self.insert("dossier_documents", {"dossier_id": dossier_id, **document})
        return dropped

    def wizard_step(self, dossier_id: int) -> int | None:
        """The step a guided intake of this dossier stopped at, if any."""
        row = self._one("SELECT step FROM wizard_progress WHERE dossier_id = ?", dossier_id)
        return row["step"] if row else None

    def save_wizard_step(self, dossier_id: int, step: int, at: str) -> None:
        self.conn.execute(
            "INSERT INTO wizard_progress (dossier_id, step, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (dossier_id) DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at",
            (dossier_id, step, at),
        )

    def attachments(self, dossier_id: int) -> list[Row]:
        return self._all("SELECT * FROM attachments WHERE dossier_id = ? ORDER BY id", dossier_id)

    def add_attachment(self, row: Row) -> bool:
        """Record an attachment; False when that very file is already attached under that key."""
        return self._insert("INSERT OR IGNORE", "attachments", row).rowcount == 1

    def remove_attachments(self, dossier_id: int, key: str) -> list[Row]:
        """Delete the attachments of one document; return what was deleted."""
        rows = self._all("SELECT * FROM attachments WHERE dossier_id = ? AND doc_key = ?", dossier_id, key)
        self.conn.execute("DELETE FROM attachments WHERE dossier_id = ? AND doc_key = ?", (dossier_id, key))
        return rows

    def blob_in_use(self, sha256: str) -> bool:
        return self._one("SELECT 1 AS x FROM attachments WHERE sha256 = ? LIMIT 1", sha256) is not None

    def events(self, dossier_id: int) -> list[Row]:
        return self._all("SELECT * FROM events WHERE dossier_id = ? ORDER BY id", dossier_id)

    def next_receipt_number(self, agency_id: str, day: str) -> int:
        """Take the next number of the office's daily sequence (call inside a transaction)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO receipt_sequence (agency_id, day, last) VALUES (?, ?, 0)", (agency_id, day)
        )
        self.conn.execute(
            "UPDATE receipt_sequence SET last = last + 1 WHERE agency_id = ? AND day = ?", (agency_id, day)
        )
        row = self._one("SELECT last FROM receipt_sequence WHERE agency_id = ? AND day = ?", agency_id, day)
        return row["last"]

    def list_dossiers(self, filters: dict[str, Any], limit: int) -> list[Row]:
        """Dossiers with their citizen's name and ID, newest first, filtered by the given keys:
        status (int), citizen_id, procedure_code, since (ISO date), and for overdue lists
        open_statuses (ints) with due_before (ISO date)."""
        clauses, args = [], []
        for key, sql in (
            ("status", "d.status = ?"),
            ("citizen_id", "d.citizen_id = ?"),
            ("procedure_code", "d.procedure_code = ?"),
            ("since", "COALESCE(d.received_at, d.created_at) >= ?"),
        ):
            if filters.get(key) is not None:
                clauses.append(sql)
                args.append(filters[key])
        if filters.get("open_statuses") is not None:
            marks = ", ".join("?" for _ in filters["open_statuses"])
            clauses.append(f"d.status IN ({marks}) AND d.due_date < ?")
            args.extend([*filters["open_statuses"], filters["due_before"]])
        where = " AND ".join(clauses) or "1"
        return self._all(
            "SELECT d.*, c.name AS citizen_name, c.personal_id AS citizen_personal_id "
            f"FROM dossiers d JOIN citizens c ON c.id = d.citizen_id WHERE {where} "
            "ORDER BY COALESCE(d.received_at, d.created_at) DESC, d.id DESC LIMIT ?",
            *args, limit,
        )

    # --- fees, payments and notices (slips issued when things go wrong)
    def payment(self, dossier_id: int) -> Row | None:
        return self._one("SELECT * FROM payments WHERE dossier_id = ?", dossier_id)

    def add_payment(self, row: Row) -> bool:
        """Record the payment of a dossier's fee; False when it already has one (another terminal)."""
        return self._insert("INSERT OR IGNORE", "payments", row).rowcount == 1

    def add_notice(self, row: Row) -> int:
        """Record a notice with the next number of its kind in its year (call inside a transaction)."""
        year = row["at"][:4]
        last = self._one(
            "SELECT MAX(number) AS n FROM notices WHERE kind = ? AND substr(at, 1, 4) = ?", row["kind"], year
        )
        return self.insert("notices", {**row, "number": (last["n"] or 0) + 1})

    def notice(self, notice_id: int) -> Row | None:
        return self._one("SELECT * FROM notices WHERE id = ?", notice_id)

    def last_notice(self, dossier_id: int, kind: str) -> Row | None:
        """The latest notice of `kind` issued for a dossier."""
        return self._one(
            "SELECT * FROM notices WHERE dossier_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", dossier_id, kind
        )

    # --- calendar and audit
    def calendar_overrides(self) -> list[Row]:
        return self._all("SELECT * FROM calendar_override ORDER BY day")

    def set_calendar_override(self, row: Row) -> None:
        self.conn.execute(
            "INSERT INTO calendar_override (day, is_off, note, clerk, at) VALUES (:day, :is_off, :note, :clerk, :at) "
            "ON CONFLICT(day) DO UPDATE SET is_off = excluded.is_off, note = excluded.note, "
            "clerk = excluded.clerk, at = excluded.at",
            row,
        )

    # --- batch imports, exports and bundles (issue 5)
    def citizen_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM citizens").fetchone()[0]

    def citizens_by_personal_ids(self, personal_ids: list[str]) -> dict[str, Row]:
        """The citizens holding any of these ID numbers, by ID number (looked up 500 at a time)."""
        found: dict[str, Row] = {}
        for start in range(0, len(personal_ids), 500):
            chunk = personal_ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._all(f"SELECT * FROM citizens WHERE personal_id IN ({marks})", *chunk):
                found[row["personal_id"]] = row
        return found

    def grow_cache(self, mib: int = 128) -> None:
        """A larger page cache for this connection, for a bulk load that touches many index pages."""
        self.conn.execute(f"PRAGMA cache_size = {-1024 * mib}")

    @contextmanager
    def indexes_deferred(self, table: str, unique: bool = False) -> Iterator[None]:
        """For a bulk load inside a transaction: drop the table's plain indexes (with `unique`, the
        unique ones too: for a load that never looks rows up and checked uniqueness itself) and
        build them again at the end, one sort each instead of a random insert per row. Building a
        unique index again still refuses duplicates. After an error they are not built: the
        rollback brings them back."""
        kinds = "" if unique else "AND sql NOT LIKE 'CREATE UNIQUE%'"
        saved = self._all(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                          f"AND sql IS NOT NULL {kinds} ORDER BY name", table)
        for index in saved:
            self.conn.execute(f'DROP INDEX "{index["name"]}"')
        yield
        for index in saved:
            self.conn.execute(index["sql"])

    def insert_citizens(self, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]], now: str) -> None:
        """Insert many new citizens at once, each row a tuple of the named columns' values, all
        created (and updated) `now`."""
        marks = ", ".join("?" for _ in columns)
        moment = _literal(now)  # the same for every row: written into the statement, not bound a row at a time
        self.conn.executemany(f"INSERT INTO citizens ({', '.join(columns)}, created_at, updated_at) "
                              f"VALUES ({marks}, {moment}, {moment})", rows)

    def dossier_by_external_ref(self, ref: str) -> Row | None:
        return self._one("SELECT * FROM dossiers WHERE external_ref = ?", ref)

    def export_citizens(self, since: str | None) -> list[Row]:
        """Citizens changed since an ISO date (all when None), oldest first."""
        return self._all("SELECT * FROM citizens WHERE updated_at >= ? ORDER BY id", since or "")

    def export_dossiers(self, since: str | None, status: int | None, received_only: bool) -> list[Row]:
        """Dossiers with their citizen, received (or opened) since an ISO date, in one state if given,
        with when they went to processing and were returned; oldest first."""
        clauses, args = ["COALESCE(d.received_at, d.created_at) >= ?"], [since or ""]
        if status is not None:
            clauses.append("d.status = ?")
            args.append(status)
        if received_only:
            clauses.append("d.received_at IS NOT NULL")
        return self._all(
            "SELECT d.*, c.personal_id AS citizen_personal_id, c.name AS citizen_name, "
            "(SELECT MIN(e.at) FROM events e WHERE e.dossier_id = d.id AND e.to_status = 4) AS processing_at, "
            "(SELECT MAX(e.at) FROM events e WHERE e.dossier_id = d.id AND e.to_status = 10) AS returned_at "
            f"FROM dossiers d JOIN citizens c ON c.id = d.citizen_id WHERE {' AND '.join(clauses)} "
            "ORDER BY COALESCE(d.received_at, d.created_at), d.id",
            *args,
        )

    def citizens_by_ids(self, ids: list[int]) -> list[Row]:
        found: list[Row] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += self._all(f"SELECT * FROM citizens WHERE id IN ({', '.join('?' for _ in chunk)})", *chunk)
        return found

    def citizen_by_uid(self, uid: str) -> Row | None:
        return self._one("SELECT * FROM citizens WHERE uid = ?", uid)

    def dossier_by_uid(self, uid: str) -> Row | None:
        return self._one("SELECT * FROM dossiers WHERE uid = ?", uid)

    def dossier_where(self, column: str, value: str) -> Row | None:
        """A dossier by one of its unique columns (code, uid, external_ref)."""
        if column not in ("code", "uid", "external_ref"):
            raise ValueError(column)
        return self._one(f"SELECT * FROM dossiers WHERE {column} = ?", value)

    def bundle_dossiers(self, since: str | None) -> list[Row]:
        """Dossiers changed since an ISO time (all when None): their row, an attachment or an event."""
        since = since or ""
        return self._all(
            "SELECT * FROM dossiers d WHERE d.updated_at >= ? "
            "OR EXISTS (SELECT 1 FROM attachments a WHERE a.dossier_id = d.id AND a.attached_at >= ?) "
            "OR EXISTS (SELECT 1 FROM events e WHERE e.dossier_id = d.id AND e.at >= ?) ORDER BY d.id",
            since, since, since,
        )

    def last_bundle_export(self) -> Row | None:
        return self._one("SELECT * FROM bundles WHERE direction = 'export' ORDER BY id DESC LIMIT 1")
