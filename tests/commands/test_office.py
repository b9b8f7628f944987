"""`dvc-cli office`, and what every command shares: global options anywhere, languages,
`--version`, `--help`, JSON errors, an unusable database path or clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dvc_cli import __version__
from tests.conftest import AGENCY_ID, OFFICE_NAME, snapshot


def test_show_before_set_is_empty_and_hints_how_to_set_it(cli):
    assert cli.json("office", "show") == {}
    result = cli.ok("office", "show")
    assert "dvc-cli office set" in result.stderr
    assert "dvc-cli office set" not in result.stdout
    english = cli.ok("office", "show", "--lang", "en")
    assert "The office is not set up yet" in english.stderr


def test_set_stores_and_normalises_every_field(cli, db):
    office = cli.json(
        "office", "set", "--name", "  UBND   xã Lương Phong ", "--agency-id", "000.17.22.h56",
        "--address", "Thôn Đông, xã Lương Phong", "--phone", "+84 912 345 678",
    )
    assert office == {
        "name": "UBND xã Lương Phong",
        "agency_id": "000.17.22.H56",
        "address": "Thôn Đông, xã Lương Phong",
        "phone": "0912345678",
    }
    assert cli.json("office", "show") == office
    assert db.exists()


def test_set_changes_only_the_fields_given(cli, office):
    assert cli.json("office", "set", "--address", "Số 1, đường Trần Phú") == {
        "name": OFFICE_NAME, "agency_id": AGENCY_ID, "address": "Số 1, đường Trần Phú",
    }


def test_show_human(cli, office):
    result = cli.ok("office", "show")
    assert OFFICE_NAME in result.stdout and AGENCY_ID in result.stdout
    assert "Mã định danh điện tử" in result.stdout
    assert "Agency identifier" in cli.ok("office", "show", "--lang", "en").stdout
    assert result.stderr == ""


def test_bad_agency_id_is_refused(refuse, office):
    refuse(2, ["office", "set", "--agency-id", "000 17 22 H56!"],
           vi="Mã định danh “000 17 22 H56!” không đúng dạng", en="is malformed")


def test_bad_agency_id_before_the_office_exists(refuse, cli):
    cli.ok("office", "show")  # the database (empty schema) exists; no office yet
    refuse(2, ["office", "set", "--name", "UBND xã A", "--agency-id", "-bad-"],
           vi="không đúng dạng", en="malformed")
    assert cli.json("office", "show") == {}


def test_nothing_to_set_is_refused(refuse, office):
    refuse(2, ["office", "set"], vi="Không có gì để lưu", en="Nothing to store")


def test_blank_name_and_bad_phone_are_refused(refuse, office):
    refuse(2, ["office", "set", "--name", "   "], vi="không được để trống", en="must not be empty")
    refuse(2, ["office", "set", "--phone", "12345"], vi="Số điện thoại cơ quan “12345” không hợp lệ",
           en="The office phone “12345” is not valid")


def test_a_bad_field_stores_none_of_the_others(cli, refuse, office):
    refuse(2, ["office", "set", "--name", "UBND xã Mới", "--agency-id", "x y"], vi="không đúng dạng", en="malformed")
    assert cli.json("office", "show")["name"] == OFFICE_NAME


# --- shared behaviour -------------------------------------------------------------------------


def test_version(cli):
    result = cli.ok("--version")
    assert result.stdout.strip() == f"dvc-cli {__version__}"


def test_help_lists_every_noun(cli):
    result = cli.ok("--help")
    for noun in ("office", "citizen", "procedure", "agency", "dossier", "calendar", "status"):
        assert noun in result.stdout


def test_no_arguments_shows_help(cli):
    result = cli()
    assert "Usage" in result.stdout + result.stderr
    assert "dossier" in result.stdout + result.stderr


def test_unknown_command_is_a_usage_error(cli):
    result = cli("frobnicate")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_global_options_work_after_the_sub_command(cli, tmp_path):
    other = tmp_path / "other" / "desk2.sqlite3"
    cli.json("office", "set", "--name", "UBND xã B", "--agency-id", "000.00.00.H00", "--db", str(other))
    assert other.exists()
    assert cli.json("office", "show", "--db", str(other))["agency_id"] == "000.00.00.H00"
    assert cli.json("office", "show") == {}  # the default (DVC_DB) database is untouched
    assert cli.json("--db", str(other), "office", "show")["name"] == "UBND xã B"
    assert cli.json("office", "show", f"--db={other}")["name"] == "UBND xã B"


def test_language_from_option_or_environment(cli):
    assert cli.fails(2, "office", "set").stderr.startswith("Lỗi: Không có gì để lưu")
    assert cli.fails(2, "office", "set", "--lang", "en").stderr.startswith("Error: Nothing to store")
    assert cli.fails(2, "--lang", "en", "office", "set").stderr.startswith("Error: Nothing to store")
    assert cli.fails(2, "office", "set", env={"DVC_LANG": "en"}).stderr.startswith("Error: ")
    # --lang wins over the environment
    assert cli.fails(2, "office", "set", "--lang", "vi", env={"DVC_LANG": "en"}).stderr.startswith("Lỗi: ")


def test_clerk_from_option_or_environment(cli, db):
    import sqlite3

    cli.ok("office", "set", "--name", "UBND xã A", "--clerk", "Lê Văn C")
    cli.ok("office", "set", "--address", "Thôn 1")
    conn = sqlite3.connect(db)
    clerks = [r[0] for r in conn.execute("SELECT clerk FROM audit WHERE action = 'office.set' ORDER BY id")]
    conn.close()
    assert clerks == ["Lê Văn C", "Trần Thị Bình"]


def test_errors_in_json_mode_are_one_json_object_on_stderr(cli):
    result = cli.fails(2, "office", "set", "--agency-id", "a b", "--json", "--lang", "en")
    payload = json.loads(result.stderr)
    assert payload["error"] == "office.bad_agency_id"
    assert payload["exit_code"] == 2
    assert "malformed" in payload["message"]


def test_unusable_database_path(cli, refuse, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    refuse(2, ["office", "show", "--db", str(folder)], vi="Không mở được cơ sở dữ liệu", en="Cannot open the database")


def test_bad_clock_override(refuse, office, tmp_path):
    refuse(2, ["office", "show"], env={"DVC_NOW": "hôm qua"}, vi="DVC_NOW", en="is not an ISO time")


def test_default_database_lives_under_the_temporary_home(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("DVC_DB")
    cli.ok("office", "set", "--name", "UBND xã A")
    made = [p for p in (tmp_path / "home").rglob("*.sqlite3")]
    assert len(made) == 1 and made[0].name == "dvc.sqlite3"
    assert snapshot(made[0]).dump  # a real database with the schema


def test_db_file_is_created_on_first_use(cli, db: Path):
    assert not db.exists()
    cli.ok("office", "show")
    assert db.exists()


@pytest.mark.parametrize("args, vi, en", [
    (["dossier", "new", "--presented", "x"], "không có tùy chọn --presented", "has no option --presented"),
    (["dossier", "attach", "1"], "Thiếu KEY", "KEY is missing"),
    (["dossier", "list", "--limit", "x"], "Lệnh gõ chưa đúng", "The command is not right"),
    (["nosuch"], "Lệnh gõ chưa đúng", "The command is not right"),
])
def test_typer_usage_errors_speak_the_users_language(refuse, office, args, vi, en):
    refuse(2, args, vi=[vi, "--help"], en=[en, "--help"])


def test_office_phone_may_be_a_landline(cli):
    assert cli.json("office", "set", "--phone", "0204 3854 123")["phone"] == "02043854123"
    assert cli.json("office", "set", "--phone", "+84 204 3854 123")["phone"] == "02043854123"
    assert cli.json("office", "set", "--phone", "0912 345 678")["phone"] == "0912345678"


def test_office_phone_must_be_a_real_number(office, refuse):
    refuse(2, ["office", "set", "--phone", "0204385"], vi="Số điện thoại cơ quan", en="The office phone")
