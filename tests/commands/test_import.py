"""`dvc-cli import citizens | dossiers` with the files people really have: Excel's CSV (BOM,
semicolons, CRLF), decomposed Unicode, JSON Lines, .xlsx, and hostile ones."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import AGENCY_ID, BIRTH, CITIZEN_ID, NOW, snapshot

HEADER_VI = "Số định danh;Họ và tên;Ngày sinh;Giới tính;Điện thoại;Địa chỉ"
ROWS = [
    "001203012345;Nguyễn Văn An;15/03/2003;Nam;0912345678;Thôn Đông",
    "079190000123;Lê Thị Bích;1990-09-02;nữ;+84 387 654 321;\"Số 1; đường Trần Phú\"",
    "001085000777;Trần Văn Cường;01/01/1985;;;",
]


@pytest.fixture(autouse=True)
def database(cli):
    """The database exists (empty), so "nothing changed" compares two real databases."""
    cli.ok("office", "show")


def excel_csv(path: Path, header: str = HEADER_VI, rows: list[str] = ROWS) -> Path:
    """What Excel's “CSV UTF-8” writes in a Vietnamese locale: BOM, semicolons, CRLF."""
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([header, *rows, ""]).encode("utf-8"))
    return path


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def rows_of(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


# --- citizens: formats ------------------------------------------------------------------------


def test_excel_csv_with_bom_semicolons_and_crlf(cli, db, tmp_path):
    summary = cli.json("import", "citizens", excel_csv(tmp_path / "ds.csv"))
    assert {k: summary[k] for k in ("rows", "added", "rejected", "written", "format")} == {
        "rows": 3, "added": 3, "rejected": 0, "written": True, "format": "csv"}
    view = cli.json("citizen", "show", "079190000123")
    assert view["name"] == "Lê Thị Bích" and view["dob"] == "1990-09-02" and view["gender"] == "female"
    assert view["phone"] == "0387654321" and view["address"] == "Số 1; đường Trần Phú"
    assert cli.json("citizen", "show", "001085000777")["phone"] is None
    assert rows_of(db, "SELECT action, entity_id FROM audit WHERE action = 'import.citizens'") == [
        ("import.citizens", "ds.csv")]


def test_json_summary_is_one_line(cli, tmp_path):
    result = cli.ok("import", "citizens", excel_csv(tmp_path / "ds.csv"), "--json")
    assert result.stdout.count("\n") == 1 and json.loads(result.stdout)["added"] == 3


def test_human_summary_in_both_languages(cli, tmp_path):
    result = cli.ok("import", "citizens", excel_csv(tmp_path / "ds.csv"), "--dry-run")
    assert "Thêm mới" in result.stdout and "Chạy thử: không thay đổi gì." in result.stderr
    english = cli.ok("import", "citizens", tmp_path / "ds.csv", "--lang", "en")
    assert "Added" in english.stdout and "Import done." in english.stderr


def test_comma_lf_english_headers_and_decomposed_unicode(cli, tmp_path):
    name = unicodedata.normalize("NFD", "Nguyễn Văn An")
    path = tmp_path / "ds.csv"
    path.write_text(f"personal_id,full_name,date_of_birth,phone\n{CITIZEN_ID},{name},2003-03-15,0912345678\n",
                    encoding="utf-8")
    cli.json("import", "citizens", path)
    view = cli.json("citizen", "show", CITIZEN_ID)
    assert view["name"] == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", view["name"])
    assert cli.json("citizen", "find", "nguyen van an")[0]["name"] == "Nguyễn Văn An"


def test_jsonl(cli, tmp_path):
    path = tmp_path / "ds.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"so_dinh_danh": CITIZEN_ID, "ho_va_ten": "Nguyễn Văn An", "ngay_sinh": "15/03/2003"},
        {"so_dinh_danh": "079190000123", "ho_va_ten": "Lê Thị Bích", "ngay_sinh": "1990-09-02", "email": "b@x.vn"},
    ]) + "\n", encoding="utf-8")
    assert cli.json("import", "citizens", path)["added"] == 2
    assert cli.json("citizen", "show", "079190000123")["email"] == "b@x.vn"


def test_xlsx_with_numeric_cells_and_real_dates(cli, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Số định danh", "Họ và tên", "Ngày sinh", "Điện thoại"])
    sheet.append([1203012345, "Nguyễn Văn An", datetime(2003, 3, 15), 912345678])  # Excel dropped the zeros
    sheet.append(["079190000123", "Lê Thị Bích", "02/09/1990", "0387654321"])
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    assert cli.json("import", "citizens", path)["added"] == 2
    view = cli.json("citizen", "show", CITIZEN_ID)
    assert view["dob"] == "2003-03-15" and view["phone"] == "0912345678"


def test_format_override(cli, tmp_path):
    path = excel_csv(tmp_path / "ds.txt")
    assert cli.json("import", "citizens", path, "--format", "csv")["added"] == 3


# --- citizens: rows refused -------------------------------------------------------------------


def test_bad_rows_are_reported_and_nothing_is_written(cli, db, tmp_path, unchanged):
    path = excel_csv(tmp_path / "ds.csv", rows=[
        ROWS[0],
        "001203012346;Nguyễn Văn Bảo;31/02/2003;;;",         # impossible date
        "12345;Lê Văn C;01/01/1990;;;",                      # invalid ID
        "001203012345;Nguyễn Văn Khác;15/03/2003;;;",        # same ID as line 2, other details
        "001203012347;=HYPERLINK(\"http://x\");15/03/2003;;;",  # formula
        "001203012348;;15/03/2003;;;",                       # missing name
        ROWS[0],                                             # exact repeat: skipped, not an error
    ])
    report = tmp_path / "loi.csv"
    with unchanged():
        result = cli("import", "citizens", path, "--errors", report, "--json")
    assert result.exit_code == 5
    summary = json.loads(result.stdout)
    assert summary["rejected_lines"] == [3, 4, 5, 6, 7] and summary["written"] is False
    assert summary["skipped"] == 1
    assert CITIZEN_ID not in result.stderr and "HYPERLINK" not in result.stderr  # no personal data on stderr
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Dòng,Lý do,Số định danh" in text.splitlines()[0]
    assert "không có thật trên lịch" in text and "12 chữ số" in text and "dòng 2" in text
    assert "'=HYPERLINK" in text  # neutralised for Excel
    assert "bắt đầu bằng =" in text


def test_partial_writes_the_good_rows(cli, db, tmp_path):
    path = excel_csv(tmp_path / "ds.csv", rows=[ROWS[0], "12345;Lê Văn C;01/01/1990;;;", ROWS[1]])
    result = cli("import", "citizens", path, "--partial", "--json")
    assert result.exit_code == 5
    assert json.loads(result.stdout)["written"] is True
    assert count(db, "citizens") == 2


def test_errors_report_in_english_and_jsonl(cli, tmp_path):
    path = excel_csv(tmp_path / "ds.csv", rows=["12345;Lê Văn C;01/01/1990;;;"])
    report = tmp_path / "errors.jsonl"
    assert cli("import", "citizens", path, "--errors", report, "--lang", "en").exit_code == 5
    line = json.loads(report.read_text(encoding="utf-8"))
    assert line["line"] == 2 and "exactly 12 digits" in line["reason"] and line["row"]["Họ và tên"] == "Lê Văn C"


def test_rerun_is_idempotent_and_conflicts_follow_on_conflict(cli, db, tmp_path, unchanged):
    path = excel_csv(tmp_path / "ds.csv")
    cli.json("import", "citizens", path)
    with unchanged():
        again = cli.json("import", "citizens", path)
    assert again["unchanged"] == 3 and again["added"] == 0
    changed = excel_csv(tmp_path / "ds2.csv", rows=[ROWS[0].replace("0912345678", "0987654321")])
    with unchanged():
        assert cli.json("import", "citizens", changed)["skipped"] == 1  # default: skip
        failing = cli("import", "citizens", changed, "--on-conflict", "fail", "--json")
    assert failing.exit_code == 5
    updated = cli.json("import", "citizens", changed, "--on-conflict", "update")
    assert updated["updated"] == 1
    assert cli.json("citizen", "show", CITIZEN_ID)["phone"] == "0987654321"
    assert cli.json("import", "citizens", changed, "--on-conflict", "update")["unchanged"] == 1


def test_duplicate_against_the_database_keeps_fields_the_file_leaves_blank(cli, citizen, tmp_path):
    path = excel_csv(tmp_path / "ds.csv", rows=["001203012345;Nguyễn Văn An;15/03/2003;;;"])
    assert cli.json("import", "citizens", path, "--on-conflict", "update")["unchanged"] == 1
    assert cli.json("citizen", "show", CITIZEN_ID)["phone"] == "0912345678"


# --- whole files refused ----------------------------------------------------------------------


@pytest.mark.parametrize("content, vi, en", [
    (b"", "rỗng", "is empty"),
    (b"\r\n\r\n", "rỗng", "is empty"),
    (b"\x00\x01\x02binary\xff\xfe" * 20, "không phải tệp văn bản", "not a CSV/JSONL text file"),
    ("Số định danh;Họ và tên\r\n001203012345;An\r\n".encode(), "thiếu cột bắt buộc: dob", "lacks required columns: dob"),
    ("so_dinh_danh,id,ho_ten,ngay_sinh\n".encode(), "cùng là trường personal_id", "both the field personal_id"),
    ("personal_id;name;Ngày sinh\n".encode("latin-1"), "không phải UTF-8", "is not UTF-8"),
    (b"personal_id,name,dob\n001203012345,\"" + b"x" * (2 << 20) + b"\",15/03/2003\n", "dài quá", "longer than"),
])
def test_unusable_files_are_refused_whole(refuse, tmp_path, content, vi, en):
    path = tmp_path / "ds.csv"
    path.write_bytes(content)
    refuse(2, ["import", "citizens", path], vi=vi, en=en)


def test_a_file_unreadable_far_down_is_refused_whole_even_when_checked_as_read(refuse, tmp_path, monkeypatch):
    """A big file is checked while it is read; a line it cannot read (a cell over 1 MiB) after
    many good rows still refuses the whole file, even with --partial, and changes nothing."""
    from dvc_cli.transfer import importer

    monkeypatch.setattr(importer, "_PARALLEL", 50)
    monkeypatch.setattr(importer, "_CHUNK", 16)  # so worker processes check the first rows meanwhile
    rows = [f"0012030{n:05d};Người Thứ {n};15/03/2003;;;" for n in range(200)]
    path = excel_csv(tmp_path / "big.csv", rows=[*rows, '001203000999;"' + "x" * (2 << 20) + '";15/03/2003;;;'])
    refuse(2, ["import", "citizens", path, "--partial"], vi="dài quá", en="longer than")


def test_missing_file_bad_format_and_bad_mode(refuse, tmp_path):
    refuse(2, ["import", "citizens", tmp_path / "nope.csv"], vi="Không có tệp", en="There is no file")
    path = excel_csv(tmp_path / "ds.csv")
    refuse(2, ["import", "citizens", path, "--format", "xls"], vi="không hợp lệ cho --format", en="not valid for --format")
    refuse(2, ["import", "citizens", path, "--on-conflict", "merge"], vi="--on-conflict", en="--on-conflict")


def test_damaged_xlsx(refuse, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    refuse(2, ["import", "citizens", path], vi="Không đọc được tệp Excel", en="cannot be read")


def test_a_long_field_is_a_row_error(cli, tmp_path):
    path = excel_csv(tmp_path / "ds.csv", rows=[f"001203012345;{'A' * 5000};15/03/2003;;;"])
    result = cli("import", "citizens", path, "--json")
    assert result.exit_code == 5 and json.loads(result.stdout)["rejected_lines"] == [2]


def test_unknown_columns_are_named_and_ignored(cli, tmp_path):
    path = excel_csv(tmp_path / "ds.csv", header=HEADER_VI + ";Ghi chú riêng", rows=[ROWS[0] + ";abc"])
    result = cli.ok("import", "citizens", path)
    assert "Ghi chú riêng" in result.stderr


def test_worker_processes_check_rows_exactly_as_this_process_does(tmp_path, monkeypatch):
    """Big files are read and checked in forked workers, a piece at a time: same rows stored, same
    rejections (lines, reasons) as the whole file read and checked here. Addresses on two lines
    (quoted) move the lines; a quote inside an unquoted cell fools the cutting of the file into
    pieces, and the rest is read in order."""
    from dvc_cli.desk import Desk
    from dvc_cli.transfer import importer
    from dvc_cli.transfer.tables import Table

    good = [f"0012030{n:05d};Người  Thứ {n};15/03/2003;nam;{'09' + f'{n:08d}' if n % 3 else ''};"
            + (f'"Thôn {n % 7}\r\nxã Đông"' if n % 10 == 0 else f"Thôn {n % 7}") for n in range(300)]
    good[150] = good[150].replace("Người  Thứ", 'Người 5" Thứ')
    read_in_order = []
    monkeypatch.setattr(Table, "pieces_read_from", lambda self, *a, f=Table.pieces_read_from: read_in_order.append(1) or f(self, *a))
    bad = ["0012030xx;Sai;15/03/2003;;;", "001203000001;=Sai;15/03/2003;;;", "001203000002;Sai;31/02/2003;;;",
           "001203000003;Sai;15/03/1903;;;", "001203000004;;15/03/2003;;;", "001203000005;Sai;15/03/2003;nữ;;",
           "001203000006;Sai;15/03/2003;;0123;", "0012030 00250;Người Thứ 250;15/03/2003;;;x;y"]
    path = excel_csv(tmp_path / "big.csv", rows=good[:100] + bad + good[100:] + good[:5] + [good[7].replace("Thôn", "Xóm")])
    results = []
    for parallel in (False, True):
        monkeypatch.setattr(importer, "_PARALLEL", 50 if parallel else 10**9)
        monkeypatch.setattr(importer, "_CHUNK", 16 if parallel else 10**9)
        desk = Desk.open(tmp_path / f"{parallel}.sqlite3", "test")
        desk.fixed_now = None
        monkeypatch.setenv("DVC_NOW", NOW)
        report = importer.import_citizens(desk, path, partial=True)
        stored = rows_of(desk.store.path, "SELECT personal_id, name, name_folded, dob, gender, phone, email, address "
                                          "FROM citizens ORDER BY id")
        desk.store.close()
        results.append((report.summary()["added"], report.skipped, [(r.line, r.reason) for r in report.rejected], stored))
    assert results[0] == results[1] and read_in_order == [1]
    assert results[0][0] == 300 and results[0][1] == 5 and len(results[0][2]) == len(bad) + 1
    assert [line for line, _ in results[0][2]] == list(range(112, 112 + len(bad))) + [346]  # 10 + 20 + 1 two-line rows


def test_an_import_lets_go_of_its_rows_before_the_collector_is_back(tmp_path, monkeypatch):
    """The cyclic collector is off during an import; its rows must be gone by the time it is back,
    else its first pass walks every one of them (50 ms for 100,000): the youngest generation, the
    objects made since the last pass and still there, is counted as the collector comes back."""
    import gc

    from dvc_cli.desk import Desk
    from dvc_cli.transfer import importer

    path = excel_csv(tmp_path / "big.csv", rows=[f"0012030{n:05d};Người Thứ {n};15/03/2003;;;Thôn {n % 5}"
                                                  for n in range(3000)])
    monkeypatch.setenv("DVC_NOW", NOW)
    desk = Desk.open(tmp_path / "gc.sqlite3", "test")
    young = []
    gc.collect()  # only what the import leaves is counted
    monkeypatch.setattr(gc, "enable", lambda enable=gc.enable: young.append(len(gc.get_objects(generation=0))) or enable())
    try:
        assert importer.import_citizens(desk, path).added == 3000
    finally:
        desk.store.close()
    assert gc.isenabled() and len(young) == 1 and young[0] < 300


def test_a_big_import_keeps_the_indexes_and_gives_every_citizen_its_own_uid(cli, citizen, db, tmp_path, monkeypatch):
    """Big loads drop the plain indexes and build them again in the same transaction; the uids are
    made in bulk. Both must come out as `citizen add` leaves them."""
    from dvc_cli.transfer import importer

    monkeypatch.setattr(importer, "_DEFER_INDEXES", 50)  # the deferral path, on a small file
    rows = [f"0012030{n:05d};Người Thứ {n};15/03/2003;;{'09' + f'{n:08d}' if n % 2 else ''};Thôn {n % 5}"
            for n in range(120)]
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'citizens' ORDER BY name"
    before = rows_of(db, indexes)
    refused = cli("import", "citizens", excel_csv(tmp_path / "bad.csv", rows=[*rows, "0012030xx;Sai;15/03/2003;;;"]))
    assert refused.exit_code == 5 and rows_of(db, "SELECT COUNT(*) FROM citizens") == [(1,)]
    assert rows_of(db, indexes) == before  # rolled back: the dropped indexes are back
    assert cli.json("import", "citizens", excel_csv(tmp_path / "big.csv", rows=rows))["added"] == 120
    assert rows_of(db, indexes) == before and len(before) >= 3
    pages = rows_of(db, "SELECT name, rootpage FROM sqlite_master ORDER BY name")
    again = excel_csv(tmp_path / "again.csv", rows=[*rows, rows[0]])  # as many rows as the table has
    assert cli.json("import", "citizens", again)["unchanged"] == 120
    assert rows_of(db, "SELECT name, rootpage FROM sqlite_master ORDER BY name") == pages  # no index rebuilt
    uids = [uid for (uid,) in rows_of(db, "SELECT uid FROM citizens")]
    assert len(set(uids)) == 121
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uid) for uid in uids)
    plan = rows_of(db, "EXPLAIN QUERY PLAN SELECT id FROM citizens WHERE name_folded = 'nguoi thu 1'")
    assert "citizens_name_folded" in str(plan)


@pytest.mark.parametrize("n", [0, 1, 5000])
def test_uids_made_in_bulk_read_back_as_random_version_4_uuids(n):
    import uuid

    from dvc_cli.transfer.importer import _uuid4_strings

    made = _uuid4_strings(n)
    assert len(made) == len(set(made)) == n
    for text in made:
        read = uuid.UUID(text)
        assert str(read) == text and read.version == 4 and read.variant == uuid.RFC_4122
    if n > 1:  # every digit but the version's is random, the variant's within 8-b: none copied twice
        seen = [{text[place] for text in made} for place in range(36)]
        assert [place for place, chars in enumerate(seen) if chars == {"-"}] == [8, 13, 18, 23]
        assert seen[14] == {"4"} and seen[19] == set("89ab")
        assert all(len(seen[place]) == 16 for place in range(36) if place not in (8, 13, 18, 23, 14, 19))


def test_a_big_import_into_an_empty_table_builds_its_unique_indexes_again(cli, db, tmp_path, monkeypatch):
    """Into an empty table nothing is looked up, so the unique indexes (ID number, uid) are dropped
    and built again at the end too: afterwards they are back and still refuse a repeated ID."""
    from dvc_cli.transfer import importer

    monkeypatch.setattr(importer, "_DEFER_INDEXES", 50)
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'citizens' ORDER BY name"
    before = rows_of(db, indexes)
    assert {"citizens_personal_id", "citizens_uid"} <= {name for name, _ in before}
    rows = [f"0012030{n:05d};Người Thứ {n};15/03/2003;;;Thôn {n % 5}" for n in range(120)]
    twice = rows[:60] + [rows[3].replace("Thôn", "Xóm")] + rows[60:]  # the same ID with other details
    refused = cli("import", "citizens", excel_csv(tmp_path / "twice.csv", rows=twice), "--json")
    assert refused.exit_code == 5 and json.loads(refused.stdout)["rejected_lines"] == [62]
    assert rows_of(db, indexes) == before and rows_of(db, "SELECT COUNT(*) FROM citizens") == [(0,)]
    assert cli.json("import", "citizens", excel_csv(tmp_path / "big.csv", rows=rows))["added"] == 120
    assert rows_of(db, indexes) == before
    conn = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO citizens (uid, personal_id, name, name_folded, dob, gender, created_at, updated_at) "
                         "SELECT 'x', personal_id, name, name_folded, dob, gender, created_at, updated_at FROM citizens LIMIT 1")
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM citizens WHERE personal_id = '001203000007'").fetchall()
    finally:
        conn.close()
    assert "citizens_personal_id" in str(plan)


# --- killed midway ----------------------------------------------------------------------------

RUNNER = "import sys; from dvc_cli.app import main; sys.argv = ['dvc-cli', *sys.argv[1:]]; main()"


def paused_import(db: Path, path: Path, tmp_path: Path) -> subprocess.Popen[str]:
    """`dvc-cli import citizens PATH` in its own process group, stopped (by the DVC_IMPORT_PAUSE
    hook) inside its transaction, after its first rows are stored."""
    marker = tmp_path / "paused"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    env.update({"DVC_DB": str(db), "DVC_NOW": NOW, "DVC_IMPORT_PAUSE": str(marker),
                "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    process = subprocess.Popen([sys.executable, "-c", RUNNER, "import", "citizens", str(path)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None and time.monotonic() < deadline, "the import did not reach its pause"
        time.sleep(0.02)
    return process


def test_a_killed_import_leaves_the_database_as_it_was(cli, citizen, db, tmp_path):
    rows = [f"0012030{n:05d};Người Thứ {n};15/03/2003;;;" for n in range(20000, 27000)]
    path = excel_csv(tmp_path / "big.csv", rows=rows)
    before = snapshot(db)
    process = paused_import(db, path, tmp_path)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert snapshot(db).dump == before.dump
    assert cli.json("import", "citizens", path)["added"] == 7000  # and the file imports fine afterwards


def test_ctrl_c_during_a_big_import_stops_it_quietly(cli, db, tmp_path):
    """Ctrl-C reaches the whole foreground process group, worker processes included: the import
    stops with exit 130 and one line, no traceback from any process, and nothing written."""
    rows = [f"0012030{n:05d};Người Thứ {n};15/03/2003;;;" for n in range(80000)]
    path = excel_csv(tmp_path / "big.csv", rows=rows)
    before = snapshot(db)
    process = paused_import(db, path, tmp_path)  # the workers are checking the next chunks meanwhile
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert snapshot(db).dump == before.dump


# --- dossiers ---------------------------------------------------------------------------------


def dossier_csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "hoso.csv"
    header = "Mã tham chiếu,Số định danh,Mã thủ tục,Tệp đính kèm,Xuất trình,Tiếp nhận lúc,Trạng thái"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([header, *rows, ""]).encode("utf-8"))
    return path


def test_dossiers_are_opened_attached_and_submitted(cli, desk, scans, db, tmp_path):
    (tmp_path / "scans" / "b.pdf").write_bytes(scans.pdf2.read_bytes())
    path = dossier_csv(tmp_path, [
        "SO-1,001203012345,1.001193,\"to_khai=scans/to_khai.pdf; giay_chung_sinh=scans/b.pdf\",,20/11/2026 09:30,",
        "SO-2,001203012345,1.004873,,to_khai,,",
        "SO-3,001203012345,1.004873,,,,nháp",
    ])
    summary = cli.json("import", "dossiers", path)
    assert summary["added"] == 3 and summary["written"] is True
    listed = {d["code"] for d in cli.json("dossier", "list")}
    assert f"{AGENCY_ID}-261120-0001" in listed and f"{AGENCY_ID}-261123-0001" in listed and None in listed
    back = cli.json("dossier", "show", f"{AGENCY_ID}-261120-0001")
    assert back["received_at"] == "2026-11-20T09:30:00" and len(back["attachments"]) == 2
    assert rows_of(db, "SELECT external_ref FROM dossiers ORDER BY id") == [("SO-1",), ("SO-2",), ("SO-3",)]
    before = snapshot(db)
    assert cli.json("import", "dossiers", path)["unchanged"] == 3  # idempotent
    assert snapshot(db) == before


def test_a_bad_dossier_row_undoes_every_row_and_its_files(cli, desk, scans, db, tmp_path, unchanged):
    path = dossier_csv(tmp_path, [
        "SO-1,001203012345,1.001193,\"to_khai=scans/to_khai.pdf; giay_chung_sinh=scans/giay_chung_sinh.pdf\",,,",
        "SO-2,001203012345,1.001193,,,,",                   # required papers missing
        "SO-3,079190000123,1.004873,,to_khai,,",            # unknown citizen
        "SO-4,001203012345,9.999999,,,,",                   # unknown procedure
        "SO-5,001203012345,1.004873,to_khai=../outside.pdf,,,",
        "SO-1,001203012345,1.004873,,to_khai,,",            # same ref twice
    ])
    report = tmp_path / "loi.csv"
    with unchanged():
        result = cli("import", "dossiers", path, "--errors", report, "--json")
    assert result.exit_code == 5
    assert json.loads(result.stdout)["rejected_lines"] == [3, 4, 5, 6, 7]
    text = report.read_text(encoding="utf-8-sig")
    assert "thiếu giấy tờ bắt buộc" in text and "Không tìm thấy công dân" in text and "9.999999" in text
    assert "phải nằm trong thư mục" in text and "dòng 2" in text
    assert not any(files.is_file() for files in (db.with_suffix(".files")).rglob("*") if files.name[0] != ".")


def test_dossier_dry_run_issues_nothing(cli, desk, db, tmp_path, unchanged):
    path = dossier_csv(tmp_path, ["SO-1,001203012345,1.004873,,to_khai,,"])
    with unchanged():
        assert cli.json("import", "dossiers", path, "--dry-run")["added"] == 1
    assert cli.json("import", "dossiers", path)["added"] == 1
    assert cli.json("dossier", "list")[0]["code"] == f"{AGENCY_ID}-261123-0001"  # the dry run took no number


def test_dossier_import_needs_the_office(refuse, citizen, tmp_path):
    path = dossier_csv(tmp_path, ["SO-1,001203012345,1.004873,,to_khai,,"])
    refuse(4, ["import", "dossiers", path], vi="Chưa khai báo tên", en="are not set")


def test_dossier_import_on_a_field_device_lodges(cli, citizen, tmp_path):
    cli.ok("office", "set", "--role", "field")
    path = dossier_csv(tmp_path, ["SO-1,001203012345,1.004873,,to_khai,,"])
    assert cli.json("import", "dossiers", path)["added"] == 1
    dossier = cli.json("dossier", "show", "1")
    assert dossier["status"] == "registered" and dossier["code"] is None
    assert BIRTH  # (the shipped catalogue is used)


def test_partial_keeps_no_half_of_a_refused_dossier(cli, desk, scans, db, tmp_path):
    path = dossier_csv(tmp_path, [
        "SO-1,001203012345,1.004873,,to_khai,,",
        "SO-2,001203012345,1.001193,to_khai=scans/to_khai.pdf,,,",  # opened, then refused at submit
    ])
    result = cli("import", "dossiers", path, "--partial", "--json")
    assert result.exit_code == 5 and json.loads(result.stdout)["rejected_lines"] == [3]
    assert rows_of(db, "SELECT external_ref, status FROM dossiers") == [("SO-1", 2)]
    assert count(db, "attachments") == 0 and count(db, "dossier_documents") == 3
    blobs = [p for p in db.with_suffix(".files").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert blobs == []  # the refused row's scan is not left behind


def test_a_killed_batch_leaves_no_orphan_files_after_the_next_one(tmp_path):
    from dvc_cli.files import FileStore

    store = FileStore(tmp_path / "files")
    orphan = "ab" * 32
    (store.root / "ab").mkdir(parents=True)
    store.path_of(orphan).write_bytes(b"%PDF-1.4 left by a killed import")
    (store.root / ".journal-999999999-x").write_text(orphan + "\n")  # no such process
    with store.journal(lambda sha: False):
        pass
    assert not store.path_of(orphan).exists()
    assert list(store.root.glob(".journal-*")) == []
