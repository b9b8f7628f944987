"""`dvc-cli calendar show | off | work`, and how the office's own days move appointment dates."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BIRTH, MARITAL, REBIRTH, received


def test_show_2026_has_tet_and_the_24_november_holiday(cli):
    view = cli.json("calendar", "show", "--year", "2026")
    assert view["year"] == 2026
    days = {h["date"]: h["name"] for h in view["holidays"]}
    assert days["2026-02-17"] == "Tết Nguyên Đán"
    assert {"2026-02-16", "2026-02-18", "2026-02-19", "2026-02-20"} <= days.keys()
    assert "2026-11-24" in days
    assert {"2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02"} <= days.keys()
    assert [h["date"] for h in view["holidays"]] == sorted(days)
    assert all(h["date"].startswith("2026-") for h in view["holidays"])
    assert view["office"] == []


def test_show_in_english(cli):
    days = {h["date"]: h["name"] for h in cli.json("calendar", "show", "--year", "2026", "--lang", "en")["holidays"]}
    assert days["2026-02-17"] == "Lunar New Year"


def test_show_defaults_to_this_year(cli):
    assert cli.json("calendar", "show")["year"] == 2026
    assert cli.json("calendar", "show", now="2027-03-01T09:00:00")["year"] == 2027


def test_show_human(cli):
    result = cli.ok("calendar", "show", "--year", "2026")
    assert "Ngày lễ quốc gia 2026" in result.stdout
    assert "17/02/2026" in result.stdout and "24/11/2026" in result.stdout
    assert "National holidays 2026" in cli.ok("calendar", "show", "--year", "2026", "--lang", "en").stdout


def test_off_and_work_days_are_recorded(cli):
    assert cli.json("calendar", "off", "25/11/2026", "--note", "Họp toàn cơ quan") == {"date": "2026-11-25", "off": True}
    result = cli.ok("calendar", "work", "2026-11-28", "--note", "Làm bù")
    assert "Đã ghi 28/11/2026 là ngày làm việc." in result.stdout + result.stderr
    office = cli.json("calendar", "show", "--year", "2026")["office"]
    assert office == [
        {"date": "2026-11-25", "off": True, "note": "Họp toàn cơ quan", "clerk": "Trần Thị Bình"},
        {"date": "2026-11-28", "off": False, "note": "Làm bù", "clerk": "Trần Thị Bình"},
    ]
    assert cli.json("calendar", "show", "--year", "2027")["office"] == []
    human = cli.ok("calendar", "show").stdout
    assert "Ngày riêng của cơ quan 2026" in human and "Họp toàn cơ quan" in human


def test_marking_a_day_again_replaces_the_mark(cli):
    cli.ok("calendar", "off", "25/11/2026")
    cli.ok("calendar", "work", "25/11/2026")
    assert [o["off"] for o in cli.json("calendar", "show")["office"]] == [False]


def test_past_and_far_future_days_are_allowed(cli):
    assert cli.json("calendar", "off", "02/01/2026")["date"] == "2026-01-02"
    assert cli.json("calendar", "off", "31/12/2030")["date"] == "2030-12-31"


def test_refusals_change_nothing(cli, refuse):
    cli.ok("calendar", "off", "25/11/2026")
    refuse(2, ["calendar", "off", "31/02/2026"], vi="không có thật trên lịch", en="not a real calendar date")
    refuse(2, ["calendar", "work", "ngày mai"], vi="không đúng dạng", en="is not a date")
    refuse(2, ["calendar", "off", "26/11/2026", "--note", "x" * 201], vi="dài quá", en="longer than")
    result = cli("calendar", "show", "--year", "1800")
    assert result.exit_code == 2 and result.stdout == ""
    result = cli("calendar", "off")
    assert result.exit_code == 2 and result.stdout == ""


# --- the office's days move appointment dates ------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "procedure", "now", "due"),
    [
        ([], BIRTH, "2026-11-23T15:30:00", "2026-11-25"),
        ([("off", "25/11/2026")], BIRTH, "2026-11-23T15:30:00", "2026-11-26"),
        ([("off", "25/11/2026")], REBIRTH, "2026-11-23T09:00:00", "2026-12-02"),  # 26, 27, 30, 1, 2
        ([("off", "23/11/2026")], BIRTH, "2026-11-23T09:00:00", "2026-11-25"),  # received on an office day off
        ([("work", "28/11/2026")], REBIRTH, "2026-11-23T09:00:00", "2026-11-30"),  # 25, 26, 27, Sat 28, 30
        ([("work", "28/11/2026")], MARITAL, "2026-11-23T09:00:00", "2026-11-27"),  # not reached
        ([("work", "24/11/2026")], MARITAL, "2026-11-23T09:00:00", "2026-11-26"),  # the office works the holiday
        ([("work", "22/11/2026")], BIRTH, "2026-11-22T10:00:00", "2026-11-22"),  # a Sunday made a working day
        ([("off", "25/11/2026"), ("off", "26/11/2026"), ("work", "28/11/2026")], MARITAL, "2026-11-23T09:00:00",
         "2026-11-30"),  # 27, Sat 28, 30
    ],
)
def test_office_days_move_the_appointment(cli, desk, marks, procedure, now, due):
    for kind, day in marks:
        cli.ok("calendar", kind, day)
    assert received(cli, procedure, now=now)["due_date"] == due


def test_an_office_day_off_stretches_a_pause(cli, desk):
    code = received(cli, REBIRTH)["code"]  # due 01/12
    cli.ok("calendar", "off", "27/11/2026")
    cli.ok("dossier", "move", code, "--to", "supplement_requested", now="2026-11-25T09:00:00")
    view = cli.json("dossier", "move", code, "--to", "processing", now="2026-11-30T09:00:00")
    # paused Wed 25 and Thu 26 (Fri 27 is the office's day off): 2 working days, from 01/12 to 03/12
    assert (view["paused_days"], view["due_date"]) == (2, "2026-12-03")


def test_calendar_json_is_one_document(cli):
    result = cli.ok("calendar", "off", "25/11/2026", "--json")
    assert json.loads(result.stdout) == {"date": "2026-11-25", "off": True}
    assert result.stderr == ""
