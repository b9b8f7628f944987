"""`dvc-cli export citizens | dossiers | book`: what Excel gets (BOM, neutralised formulas),
scripts get (JSON Lines), and the audit trail records."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import AGENCY_ID, CITIZEN_ID, MARITAL, received


def audit_exports(db) -> list[dict]:
    conn = sqlite3.connect(db)
    try:
        return [{"clerk": r[0], "what": r[1], **json.loads(r[2])}
                for r in conn.execute("SELECT clerk, entity_id, detail FROM audit WHERE action = 'export' ORDER BY id")]
    finally:
        conn.close()


def test_citizens_csv_opens_in_excel_and_is_audited(cli, citizen, db, tmp_path):
    out = tmp_path / "cong-dan.csv"
    result = cli.ok("export", "citizens", "-o", out)
    assert "Đã xuất 1 dòng" in result.stderr and result.stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Số định danh,Họ và tên,Ngày sinh,Giới tính")
    assert lines[1].startswith(f"{CITIZEN_ID},Nguyễn Văn An,15/03/2003,Nam,0912345678")
    assert audit_exports(db) == [{"clerk": "Trần Thị Bình", "what": "citizens", "rows": 1, "format": "csv",
                                  "file": str(out), "since": None, "status": None}]


def test_formula_cells_are_neutralised_but_numbers_are_not(cli, tmp_path):
    from dvc_cli.transfer.tables import neutralise

    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("-5") == "-5" and neutralise("+84912345678") == "+84912345678" and neutralise("1,5") == "1,5"
    assert neutralise("Nguyễn Văn An") == "Nguyễn Văn An"
    # through the CLI: an address typed at the desk that looks like a formula
    cli.ok("citizen", "add", "--id", CITIZEN_ID, "--name", "Nguyễn Văn An", "--dob", "15/03/2003",
           "--address", "=HYPERLINK(\"http://x\",\"bấm\")")
    out = tmp_path / "c.csv"
    cli.ok("export", "citizens", "-o", out)
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")


def test_round_trip_export_then_import(cli, citizen, tmp_path, unchanged):
    out = tmp_path / "c.csv"
    cli.ok("export", "citizens", "-o", out, "--lang", "en")
    with unchanged():
        assert cli.json("import", "citizens", out)["unchanged"] == 1


def test_jsonl_to_stdout_has_stable_keys(cli, desk):
    received(cli, MARITAL)
    lines = cli.ok("export", "dossiers", "--format", "jsonl").stdout.splitlines()
    record = json.loads(lines[0])
    assert record["code"] == f"{AGENCY_ID}-261123-0001" and record["status"] == "received"
    assert record["citizen_personal_id"] == CITIZEN_ID and record["received_at"] == "2026-11-23T09:00:00"


def test_book_says_early_on_time_late(cli, desk, tmp_path):
    early = received(cli, MARITAL, now="2026-11-16T09:00:00")  # due 19/11
    late = received(cli, MARITAL, now="2026-11-16T10:00:00")
    waiting = received(cli, MARITAL, now="2026-11-23T08:00:00")
    for view, day in ((early, "2026-11-17T10:00:00"), (late, "2026-11-20T10:00:00")):
        cli.ok("dossier", "move", view["code"], "--to", "processing", now=day)
        cli.ok("dossier", "move", view["code"], "--to", "done", now=day)
    cli.ok("dossier", "move", early["code"], "--to", "returned", now="2026-11-18T08:00:00")
    book = [json.loads(x) for x in cli.ok("export", "book", "--format", "jsonl").stdout.splitlines()]
    assert [(b["no"], b["code"], b["timing"]) for b in book] == [
        (1, early["code"], "early"), (2, late["code"], "late"), (3, waiting["code"], "pending")]
    assert book[0]["returned_at"] == "2026-11-18T08:00:00" and book[0]["processing_at"] == "2026-11-17T10:00:00"
    out = tmp_path / "so.csv"
    cli.ok("export", "book", "-o", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "Trước hạn" in text and "Quá hạn" in text and "16/11/2026 09:00" in text
    only_done = [json.loads(x) for x in cli.ok("export", "book", "--format", "jsonl", "--status", "done").stdout.splitlines()]
    assert [b["code"] for b in only_done] == [late["code"]]
    since = cli.ok("export", "book", "--format", "jsonl", "--since", "20/11/2026").stdout.splitlines()
    assert [json.loads(x)["code"] for x in since] == [waiting["code"]]


def test_xlsx_keeps_text_as_text(cli, desk, tmp_path):
    from openpyxl import load_workbook

    received(cli, MARITAL)
    out = tmp_path / "hoso.xlsx"
    cli.ok("export", "dossiers", "--format", "xlsx", "-o", out, "--lang", "en")
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Code" and rows[1][0] == f"{AGENCY_ID}-261123-0001"
    assert rows[1][4] == CITIZEN_ID  # leading zeros kept: a text cell


@pytest.mark.parametrize("args, vi, en", [
    (["export", "citizens", "--format", "xlsx"], "-o TỆP.xlsx", "-o FILE.xlsx"),
    (["export", "citizens", "--status", "2", "-o", "x.csv"], "--status chỉ dùng", "--status applies"),
    (["export", "dossiers", "--format", "pdf"], "--format", "--format"),
    (["export", "book", "--since", "31/02/2026"], "không có thật", "not a real calendar date"),
    (["export", "dossiers", "-o", "/no/such/folder/x.csv"], "Không có thư mục", "no folder"),
])
def test_refusals_change_nothing(refuse, desk, args, vi, en):
    refuse(2, args, vi=vi, en=en)


def test_json_summary_needs_a_file(cli, desk, tmp_path):
    error = json.loads(cli.fails(2, "export", "book", "--json").stderr)
    assert error["error"] == "export.json_needs_file"
    summary = cli.json("export", "book", "-o", tmp_path / "so.csv")
    assert summary == {"what": "book", "format": "csv", "file": str(tmp_path / "so.csv"), "rows": 0,
                       "since": None, "status": None}
