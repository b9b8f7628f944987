"""Laptop → desk: `office set --role field`, `bundle export`, `bundle import` with two (or three)
separate database files, tampered and malicious bundles."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.conftest import AGENCY_ID, BIRTH, CITIZEN_DOB, CITIZEN_ID, CITIZEN_NAME, MARITAL, OFFICE_NAME, snapshot


class Machine:
    """One machine's database, driven through the real CLI."""

    def __init__(self, cli, path: Path) -> None:
        self.cli, self.db = cli, path

    def ok(self, *args, **kw):
        return self.cli.ok(*args, "--db", self.db, **kw)

    def json(self, *args, **kw):
        return self.cli.json(*args, "--db", self.db, **kw)

    def fails(self, code, *args, **kw):
        return self.cli.fails(code, *args, "--db", self.db, **kw)


@pytest.fixture
def laptop(cli, tmp_path) -> Machine:
    machine = Machine(cli, tmp_path / "laptop" / "dvc.sqlite3")
    machine.ok("office", "set", "--role", "field")
    machine.ok("citizen", "add", "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB)
    return machine


@pytest.fixture
def desk_machine(cli, tmp_path) -> Machine:
    machine = Machine(cli, tmp_path / "desk" / "dvc.sqlite3")
    machine.ok("office", "set", "--name", OFFICE_NAME, "--agency-id", AGENCY_ID)
    return machine


def lodge(machine: Machine, scans, procedure: str = BIRTH) -> dict:
    draft = machine.json("dossier", "new", "--citizen", CITIZEN_ID, "--procedure", procedure,
                         "--attach", f"to_khai={scans.pdf}", "--attach", f"giay_chung_sinh={scans.png}")
    return machine.json("dossier", "submit", draft["id"])


def test_a_field_device_lodges_instead_of_issuing_codes(laptop, scans):
    view = lodge(laptop, scans)
    assert view["status"] == "registered" and view["code"] is None and view["due_date"] is None
    assert [h["to"] for h in view["history"]] == ["draft", "registered"]
    refused = laptop.fails(4, "dossier", "submit", "1")
    assert "Máy lưu động không cấp mã hồ sơ" in refused.stderr
    assert laptop.json("office", "show")["role"] == "field"
    assert "Field device" in laptop.ok("office", "show", "--lang", "en").stdout


def test_lodging_still_needs_the_papers(laptop):
    draft = laptop.json("dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH)
    assert "thiếu giấy tờ" in laptop.fails(4, "dossier", "submit", draft["id"]).stderr


def test_bad_role(laptop):
    assert "desk, field" in laptop.fails(2, "office", "set", "--role", "boss").stderr


def test_round_trip_twice_is_idempotent_and_the_desk_issues_the_code(laptop, desk_machine, scans, tmp_path):
    lodge(laptop, scans)
    first = tmp_path / "b1.zip"
    summary = laptop.json("bundle", "export", "-o", first)
    assert summary["counts"] == {"citizens": 1, "dossiers": 1, "files": 2} and summary["since"] is None
    merged = desk_machine.json("bundle", "import", first)
    assert merged["counts"]["citizens_added"] == 1 and merged["counts"]["dossiers_added"] == 1
    assert merged["counts"]["files_added"] == 2 and merged["registered"] == 1
    before = snapshot(desk_machine.db)
    again = desk_machine.json("bundle", "import", first)
    assert again["counts"]["unchanged"] == 2 and again["counts"]["dossiers_added"] == 0
    after = snapshot(desk_machine.db)
    assert after.files == before.files
    assert [line for line in after.dump if "bundles" not in line and "audit" not in line] == \
        [line for line in before.dump if "bundles" not in line and "audit" not in line]
    # the desk takes it in: a code of its own sequence
    arrived = desk_machine.json("dossier", "list", "--status", "registered")
    assert len(arrived) == 1 and arrived[0]["code"] is None
    taken = desk_machine.json("dossier", "submit", str(arrived[0]["id"]))
    assert taken["code"] == f"{AGENCY_ID}-261123-0001" and len(taken["attachments"]) == 2
    assert [h["to"] for h in taken["history"]] == ["draft", "registered", "received"]
    # a second bundle from the laptop carries only what changed since; the desk's version stands
    second = tmp_path / "b2.zip"
    assert laptop.json("bundle", "export", "-o", second)["since"] == "2026-11-23T09:00:00"
    desk_machine.json("bundle", "import", second)
    assert desk_machine.json("dossier", "show", taken["code"])["status"] == "received"


def test_later_changes_on_the_laptop_arrive_while_the_desk_has_not_taken_it(laptop, desk_machine, scans, tmp_path):
    draft = laptop.json("dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH,
                        "--attach", f"to_khai={scans.pdf}")
    laptop.json("bundle", "export", "-o", tmp_path / "b1.zip")
    assert desk_machine.json("bundle", "import", tmp_path / "b1.zip")["counts"]["dossiers_added"] == 1
    laptop.ok("dossier", "attach", draft["id"], "giay_chung_sinh", scans.png, now="2026-11-23T10:00:00")
    laptop.ok("dossier", "submit", draft["id"], now="2026-11-23T10:05:00")
    laptop.json("bundle", "export", "-o", tmp_path / "b2.zip", now="2026-11-23T10:10:00")
    merged = desk_machine.json("bundle", "import", tmp_path / "b2.zip")
    assert merged["counts"]["dossiers_updated"] == 1 and merged["counts"]["files_added"] == 1
    view = desk_machine.json("dossier", "show", "1")
    assert view["status"] == "registered" and len(view["attachments"]) == 2
    assert [h["to"] for h in view["history"]] == ["draft", "registered"]


def test_two_laptops_never_collide(cli, laptop, desk_machine, scans, tmp_path):
    other = Machine(cli, tmp_path / "laptop2" / "dvc.sqlite3")
    other.ok("office", "set", "--role", "field")
    other.ok("citizen", "add", "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB, "--phone", "0912345678")
    other.ok("citizen", "add", "--id", "079190000123", "--name", "Lê Thị Bích", "--dob", "02/09/1990")
    lodge(laptop, scans)
    lodge(other, scans, BIRTH)
    draft = other.json("dossier", "new", "--citizen", "079190000123", "--procedure", MARITAL)
    other.json("dossier", "submit", draft["id"], "--presented", "to_khai")
    laptop.json("bundle", "export", "-o", tmp_path / "a.zip")
    other.json("bundle", "export", "-o", tmp_path / "b.zip")
    desk_machine.json("bundle", "import", tmp_path / "a.zip")
    merged = desk_machine.json("bundle", "import", tmp_path / "b.zip")
    # the same person (same ID number) on both laptops is one citizen at the desk
    assert merged["counts"]["citizens_added"] == 1 and merged["counts"]["dossiers_added"] == 2
    assert len(desk_machine.json("citizen", "find", "")) == 2
    dossiers = desk_machine.json("dossier", "list")
    assert len(dossiers) == 3 and all(d["status"] == "registered" for d in dossiers)
    for d in dossiers:
        desk_machine.json("dossier", "submit", str(d["id"]))
    codes = sorted(d["code"] for d in desk_machine.json("dossier", "list"))
    assert codes == [f"{AGENCY_ID}-261123-000{n}" for n in (1, 2, 3)]
    # and both again, in the other order: nothing new
    for name in ("b.zip", "a.zip"):
        counts = desk_machine.json("bundle", "import", tmp_path / name)["counts"]
        assert counts["citizens_added"] == counts["dossiers_added"] == counts["dossiers_updated"] == 0


def rewrite(source: Path, target: Path, change) -> Path:
    """Copy a bundle, letting `change(name, data)` alter (or drop, with None) each member, and
    `change(None, None)` add members as a list of (name, data)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                out.writestr(info.filename, data)
        for name, data in change(None, None) or []:
            out.writestr(name, data)
    return target


@pytest.fixture
def bundle_file(laptop, scans, tmp_path) -> Path:
    lodge(laptop, scans)
    path = tmp_path / "b.zip"
    laptop.json("bundle", "export", "-o", path)
    return path


def test_a_tampered_file_is_refused_whole(cli, refuse, desk_machine, bundle_file, tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_DB", str(desk_machine.db))

    def flip(name, data):
        if name and name.startswith("files/"):
            return data[:-1] + bytes([data[-1] ^ 1])
        return data

    refuse(2, ["bundle", "import", rewrite(bundle_file, tmp_path / "t.zip", flip)],
           vi="không khớp mã kiểm tra sha256", en="does not match its sha256")

    def edit_record(name, data):
        if name == "dossiers.jsonl":
            return data.replace(b'"status": 1', b'"status": 2')
        return data

    refuse(2, ["bundle", "import", rewrite(bundle_file, tmp_path / "t2.zip", edit_record)],
           vi="dossiers.jsonl", en="dossiers.jsonl")


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "files/../../x", "files\\..\\x", "C:/x"])
def test_escaping_paths_are_refused_whole(refuse, desk_machine, bundle_file, tmp_path, monkeypatch, name):
    monkeypatch.setenv("DVC_DB", str(desk_machine.db))
    evil = rewrite(bundle_file, tmp_path / "evil.zip", lambda n, d: [(name, b"x")] if n is None else d)
    refuse(2, ["bundle", "import", evil], vi="đường dẫn không an toàn", en="unsafe path")
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("change, vi, en", [
    (lambda n, d: None if n == "manifest.json" else d, "manifest", "manifest"),
    (lambda n, d: None if n and n.startswith("files/") else d, "thiếu tệp", "is listed in the manifest but missing"),
    (lambda n, d: [("notes.txt", b"hi")] if n is None else d, "tệp lạ", "unexpected file"),
    (lambda n, d: b"{not json" if n == "manifest.json" else d, "manifest", "manifest"),
])
def test_damaged_bundles_are_refused_whole(refuse, desk_machine, bundle_file, tmp_path, monkeypatch, change, vi, en):
    monkeypatch.setenv("DVC_DB", str(desk_machine.db))
    refuse(2, ["bundle", "import", rewrite(bundle_file, tmp_path / "d.zip", change)], vi=vi, en=en)


def test_not_a_zip_and_a_missing_file(refuse, desk_machine, tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_DB", str(desk_machine.db))
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"hello")
    refuse(2, ["bundle", "import", junk], vi="không phải gói dữ liệu", en="is not a dvc-cli bundle")
    refuse(2, ["bundle", "import", tmp_path / "none.zip"], vi="Không có tệp", en="There is no file")


def test_a_bundle_with_an_invalid_citizen_is_refused(refuse, desk_machine, bundle_file, tmp_path, monkeypatch):
    """A consistent bundle (checksums recomputed) whose record breaks the rules of `citizen add`."""
    import hashlib

    monkeypatch.setenv("DVC_DB", str(desk_machine.db))
    with zipfile.ZipFile(bundle_file) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    members["citizens.jsonl"] = members["citizens.jsonl"].replace(b'"dob": "2003-03-15"', b'"dob": "1990-03-15"')
    manifest = json.loads(members["manifest.json"])
    manifest["files"]["citizens.jsonl"]["sha256"] = hashlib.sha256(members["citizens.jsonl"]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    refuse(2, ["bundle", "import", forged], vi="năm sinh 1990", en="year of birth 1990")


def test_bundle_export_needs_an_output_and_is_audited(laptop, scans, tmp_path):
    assert "-o" in laptop.fails(2, "bundle", "export").stderr
    lodge(laptop, scans)
    laptop.json("bundle", "export", "-o", tmp_path / "b.zip")
    conn = sqlite3.connect(laptop.db)
    try:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit WHERE action LIKE 'bundle.%'")]
    finally:
        conn.close()
    assert actions == ["bundle.export"]


def test_dry_run_changes_nothing(cli, desk_machine, bundle_file, unchanged, monkeypatch):
    monkeypatch.setenv("DVC_DB", str(desk_machine.db))
    with unchanged():
        assert cli.json("bundle", "import", bundle_file, "--dry-run")["counts"]["dossiers_added"] == 1
