"""`dvc-cli` alone: the main menu in a terminal, the help without one; and flag commands that ask
for a missing required value in a terminal (and refuse without one)."""

from __future__ import annotations

import json
import re
import sqlite3

from tests.conftest import BIRTH, CITIZEN_ID, new_draft, received
from tests.wizard.conftest import CTRL_C, ENTER, ESC, line

QUIT = line("7")


def test_without_a_terminal_a_bare_dvc_cli_prints_the_help(cli):
    result = cli.ok()
    assert "Usage" in result.stdout and "wizard" in result.stdout and "dossier" in result.stdout


def test_menu_checks_a_status(typed, cli, desk):
    code = received(cli, BIRTH)["code"]
    result = typed(keys=line("2") + line(code) + QUIT)
    assert result.exit_code == 0, result.stdout
    assert f"Hồ sơ {code}" in result.stdout and "Được tiếp nhận" in result.stdout


def test_menu_finds_a_citizen_with_numbers_masked(typed, desk):
    result = typed(keys=line("3") + line("nguyen an") + QUIT)
    assert result.exit_code == 0
    assert "Nguyễn Văn An" in result.stdout and "001******345" in result.stdout and CITIZEN_ID not in result.stdout


def test_menu_lists_today_and_overdue(typed, cli, desk):
    code = received(cli, BIRTH)["code"]
    today = typed(keys=line("5") + QUIT)
    assert code in today.stdout
    overdue = typed(keys=line("6") + QUIT)
    assert code not in overdue.stdout and "Không tìm thấy gì" in overdue.stdout


def test_menu_continues_a_draft(typed, cli, desk, db, scans):
    draft = new_draft(cli, BIRTH, "--attach", f"to_khai={scans.pdf}")
    keys = (
        line("4") + ENTER  # continue a draft: the only one
        + ENTER + ENTER + ENTER + line(str(scans.png))  # no conditional papers; keep to_khai; attach the other
        + ENTER + ENTER + ENTER + ENTER + ENTER  # desk, desk, review, not exempt, submit
        + line("k")  # no receipt printed now
        + QUIT
    )
    result = typed(keys=keys)
    assert result.exit_code == 0, result.stdout
    assert f"Tiếp tục hồ sơ nháp số {draft['id']}" in result.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT status FROM dossiers").fetchone() == (2,)
    conn.close()


def test_menu_says_so_when_there_is_no_draft(typed, desk):
    result = typed(keys=line("4") + QUIT)
    assert "Không có hồ sơ nháp nào" in result.stdout


def test_menu_shows_an_error_and_carries_on(typed, desk):
    result = typed(keys=line("2") + line("KHONG-CO") + QUIT)
    assert result.exit_code == 0
    assert "✗" in result.stdout and "không phải mã hồ sơ" in result.stdout


def test_menu_leaves_on_esc_and_on_ctrl_c(typed, desk):
    assert typed(keys=ESC + "\x15").exit_code == 0
    assert typed(keys=CTRL_C).exit_code == 130


def test_a_missing_flag_is_asked_for_in_a_terminal(typed, office, db):
    result = typed("citizen", "add", "--id", CITIZEN_ID, "--name", "Nguyễn Văn An", "--json",
                   keys=line("") + line("15/03/2003"))  # empty is refused and asked again
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout[result.stdout.index("{"):])["dob"] == "2003-03-15"


def test_missing_flags_are_asked_for_one_by_one(typed, desk, db):
    result = typed("dossier", "new", keys=line(CITIZEN_ID) + line(BIRTH))
    assert result.exit_code == 0, result.stdout + result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT procedure_code FROM dossiers").fetchall() == [(BIRTH,)]
    conn.close()


def test_missing_flags_without_a_terminal_still_fail_fast(cli, desk, refuse):
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID], vi="--procedure", en="--procedure")


def test_every_flag_that_can_be_asked_for_has_a_label():
    """`require(name=...)` asks for a missing flag by its label: each one must exist in both languages."""
    from pathlib import Path

    from dvc_cli.strings import MESSAGES

    source = "".join(p.read_text() for p in Path("dvc_cli/commands").glob("*.py"))
    names = {name for call in re.findall(r"require\(([^)]*)\)", source) for name in re.findall(r"(\w+)=", call)}
    assert {"citizen", "procedure", "to", "reason", "method", "date", "output"} <= names
    assert sorted(name for name in names if f"flag.{name}" not in MESSAGES) == []


def test_a_prompted_reason_is_used(typed, cli, desk, db):
    from tests.conftest import received

    code = received(cli, "1.004884")["code"]
    result = typed("dossier", "reschedule", code, "--date", "04/12/2026", keys=line("Chờ xác minh"))
    assert result.exit_code == 0, result.stdout + result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT reason FROM notices").fetchall() == [("Chờ xác minh",)]
    conn.close()
