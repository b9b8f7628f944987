"""The data layer on its own: migrations when a file is opened, transactions, and the
content-addressed file store's clean-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dvc_cli import store as store_module
from dvc_cli.errors import InvalidInput
from dvc_cli.files import FileStore
from dvc_cli.migrations import MIGRATIONS
from dvc_cli.store import Store

TABLES = {"office", "citizens", "dossiers", "dossier_documents", "attachments", "events", "receipt_sequence",
          "calendar_override", "audit"}


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def citizen_row(n: int = 1) -> dict:
    return {"uid": f"u{n}", "personal_id": f"00120301234{n}", "name": "Nguyễn Văn An", "name_folded": "nguyen van an",
            "dob": "2003-03-15", "gender": "male", "created_at": "2026-11-23T09:00:00",
            "updated_at": "2026-11-23T09:00:00"}


DOSSIER = {"uid": "d1", "status": 1, "citizen_id": 1, "procedure_code": "1.001193",
           "procedure_name": "Đăng ký khai sinh", "procedure_field": "Hộ tịch", "processing_days": 1,
           "fee_mode": "free", "agency_code": "x", "agency_name": "x", "channel": "direct", "delivery": "desk",
           "created_at": "2026-11-23T09:00:00", "updated_at": "2026-11-23T09:00:00", "created_by": "test"}


def test_a_new_database_gets_the_whole_schema(tmp_path):
    path = tmp_path / "sub" / "desk.sqlite3"
    store = Store(path)
    store.close()
    assert user_version(path) == len(MIGRATIONS)
    assert TABLES <= tables(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    finally:
        conn.close()


def database_with_one_citizen(folder):
    """A database made by the current code, closed, with one citizen in it."""
    path = folder / "desk.sqlite3"
    store = Store(path)
    with store.transaction():
        store.insert("citizens", citizen_row())
    store.close()
    return path


def test_opening_an_existing_database_does_not_run_the_migrations_again(tmp_path, monkeypatch):
    path = database_with_one_citizen(tmp_path)

    calls = []
    monkeypatch.setattr(Store, "_migrate", lambda self: calls.append(self))
    again = Store(path)
    assert calls == []
    assert again.citizen(1)["name"] == "Nguyễn Văn An"
    again.close()
    assert user_version(path) == len(MIGRATIONS)


def test_an_older_database_gets_only_the_new_steps(tmp_path, monkeypatch):
    path = database_with_one_citizen(tmp_path)
    step = ("m999_add_note", ("ALTER TABLE citizens ADD COLUMN note TEXT NOT NULL DEFAULT '';\n"
                             "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n"))
    monkeypatch.setattr(store_module, "MIGRATIONS", [*MIGRATIONS, step])
    newer = Store(path)
    newer.close()
    assert user_version(path) == len(MIGRATIONS) + 1
    assert "extra" in tables(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name, note FROM citizens").fetchall() == [("Nguyễn Văn An", "")]
    finally:
        conn.close()


def test_m005_keeps_the_citizens_their_dossiers_and_the_uniqueness_of_ids(tmp_path, monkeypatch):
    """m005 rebuilds `citizens` (its UNIQUE constraints become named unique indexes) under a
    dossier that refers to a citizen: rows, ids and the foreign key survive, duplicates are still
    refused; a row that pointed at nothing before the migration does not stop it."""
    path = tmp_path / "desk.sqlite3"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:4])
    old = Store(path)
    dossier = {**DOSSIER, "citizen_id": 2}
    with old.transaction():
        old.insert("citizens", citizen_row(1))
        old.insert("citizens", citizen_row(2))
        old.conn.execute("DELETE FROM citizens WHERE id = 1")  # ids keep their gaps
        old.insert("dossiers", dossier)
    old.conn.execute("PRAGMA foreign_keys = OFF")  # as the sqlite3 shell does: an orphan from before
    with old.transaction():
        old.insert("dossiers", {**dossier, "uid": "d2", "citizen_id": 77})
    old.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:5])
    new = Store(path)
    assert user_version(path) == 5
    assert [(c["id"], c["uid"], c["personal_id"]) for c in new._all("SELECT * FROM citizens")] == [(2, "u2", "001203012342")]
    assert new._all("SELECT citizen_id FROM dossiers ORDER BY id") == [{"citizen_id": 2}, {"citizen_id": 77}]
    indexes = {r["name"]: r["sql"] for r in new._all("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'citizens' "
                                                      "AND type = 'index'")}
    assert set(indexes) == {"citizens_uid", "citizens_personal_id", "citizens_name_folded", "citizens_phone",
                            "citizens_updated"}
    assert indexes["citizens_personal_id"].startswith("CREATE UNIQUE INDEX")
    with pytest.raises(sqlite3.IntegrityError), new.transaction():
        new.insert("citizens", {**citizen_row(3), "personal_id": "001203012342"})
    with pytest.raises(sqlite3.IntegrityError), new.transaction():
        new.conn.execute("DELETE FROM citizens WHERE id = 2")  # the dossier still refers to it
    assert new.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    new.close()


def test_m006_drops_the_indexes_no_query_uses_and_those_queries_still_answer(tmp_path, monkeypatch):
    """Phone search (`LIKE '%digits%'`) and the `updated_at >= ?` of exports and bundles scan the
    table anyway; after m006 only the indexes that serve a query remain, and the answers stay."""
    path = tmp_path / "desk.sqlite3"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:5])
    old = Store(path)
    with old.transaction():
        old.insert("citizens", {**citizen_row(1), "phone": "0912345678"})
        old.insert("citizens", {**citizen_row(2), "updated_at": "2026-11-24T08:00:00"})
        old.insert("dossiers", DOSSIER)
    old.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    new = Store(path)
    assert user_version(path) == 6
    indexes = {r["name"] for r in new._all("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                           "AND tbl_name IN ('citizens', 'dossiers')")}
    assert indexes == {"citizens_uid", "citizens_personal_id", "citizens_name_folded", "dossiers_status",
                       "dossiers_citizen", "dossiers_procedure", "dossiers_received", "dossiers_external_ref"}
    assert [c["uid"] for c in new.find_citizens([], "2345", 10)] == ["u1"]
    assert [c["uid"] for c in new.export_citizens("2026-11-24")] == ["u2"]
    assert [d["uid"] for d in new.bundle_dossiers("2026-11-23")] == ["d1"]
    assert new.bundle_dossiers("2026-11-24") == []
    new.close()


def test_a_rebuild_that_leaves_rows_pointing_at_nothing_is_undone(tmp_path, monkeypatch):
    """A step that rebuilds a table and loses rows others refer to is refused whole."""
    path = tmp_path / "desk.sqlite3"
    store = Store(path)
    with store.transaction():
        store.insert("citizens", citizen_row(1))
        store.insert("dossiers", {**DOSSIER, "citizen_id": 1})
    store.close()
    losing = ("m999_lose", "CREATE TABLE citizens_new (id INTEGER PRIMARY KEY, uid, personal_id, name, name_folded, dob,\n"
                           "gender, phone, email, address, created_at, updated_at);\n"
                           "DROP TABLE citizens;\nALTER TABLE citizens_new RENAME TO citizens;\n")
    monkeypatch.setattr(store_module, "MIGRATIONS", [*MIGRATIONS, losing])
    with pytest.raises(sqlite3.IntegrityError):
        Store(path)
    assert user_version(path) == len(MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    again = Store(path)
    assert again.citizen(1)["name"] == "Nguyễn Văn An"
    again.close()


def test_a_failing_migration_step_leaves_the_database_at_the_previous_step(tmp_path, monkeypatch):
    path = tmp_path / "desk.sqlite3"
    Store(path).close()
    broken = ("m999_broken", "CREATE TABLE half (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n")
    monkeypatch.setattr(store_module, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(sqlite3.Error):
        Store(path)
    assert user_version(path) == len(MIGRATIONS)
    assert "half" not in tables(path)


def test_a_failure_inside_a_transaction_rolls_everything_back(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = Store(path)
    with store.transaction():
        store.insert("citizens", citizen_row(1))
    with pytest.raises(InvalidInput), store.transaction():
        store.insert("citizens", citizen_row(2))
        store.set_office({"name": "UBND xã A"})
        assert store.citizen(2) is not None  # visible inside the transaction
        raise InvalidInput("field.empty", field="x")
    assert store.citizen(2) is None
    assert store.office() == {}
    assert store.citizen(1) is not None
    # the connection is usable afterwards (no transaction left open)
    with store.transaction():
        store.insert("citizens", citizen_row(3))
    store.close()
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("SELECT uid FROM citizens ORDER BY id")] == ["u1", "u3"]
    finally:
        conn.close()


def test_a_constraint_violation_rolls_back_too(tmp_path):
    store = Store(tmp_path / "desk.sqlite3")
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.insert("citizens", citizen_row(1))
        store.insert("citizens", {**citizen_row(1), "uid": "other"})  # same personal_id
    assert store.citizen(1) is None
    store.close()


def test_another_connection_sees_nothing_until_commit(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = Store(path)
    reader = sqlite3.connect(path)
    try:
        with store.transaction():
            store.insert("citizens", citizen_row(1))
            assert reader.execute("SELECT COUNT(*) FROM citizens").fetchone()[0] == 0
        assert reader.execute("SELECT COUNT(*) FROM citizens").fetchone()[0] == 1
    finally:
        reader.close()
        store.close()


def test_receipt_numbers_count_per_agency_and_day(tmp_path):
    store = Store(tmp_path / "desk.sqlite3")
    with store.transaction():
        got = [store.next_receipt_number("A", "2026-11-23") for _ in range(3)]
        got.append(store.next_receipt_number("A", "2026-11-24"))
        got.append(store.next_receipt_number("B", "2026-11-23"))
    assert got == [1, 2, 3, 1, 1]
    with pytest.raises(RuntimeError), store.transaction():
        store.next_receipt_number("A", "2026-11-23")
        raise RuntimeError("the dossier update failed")
    with store.transaction():
        assert store.next_receipt_number("A", "2026-11-23") == 4  # a rolled-back number is not lost
    store.close()


# --- the file store ---------------------------------------------------------------------------


def test_staged_blob_is_removed_when_the_change_fails(tmp_path):
    from tests.conftest import pdf_bytes

    source = tmp_path / "scan.pdf"
    source.write_bytes(pdf_bytes())
    files = FileStore(tmp_path / "desk.files")
    with pytest.raises(RuntimeError), files.staged(source) as blob:
        assert files.path_of(blob.sha256).read_bytes() == source.read_bytes()
        raise RuntimeError("database refused")
    assert [p for p in (tmp_path / "desk.files").rglob("*")] == []


def test_staged_keeps_a_blob_that_was_already_there(tmp_path):
    from tests.conftest import pdf_bytes

    source = tmp_path / "scan.pdf"
    source.write_bytes(pdf_bytes())
    files = FileStore(tmp_path / "desk.files")
    with files.staged(source) as blob:
        pass
    with pytest.raises(RuntimeError), files.staged(source):
        raise RuntimeError("database refused")
    assert files.path_of(blob.sha256).read_bytes() == source.read_bytes()
    assert [p.name for p in (tmp_path / "desk.files").rglob("*") if p.is_file()] == [blob.sha256]
