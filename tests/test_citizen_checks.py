"""`intake.CitizenChecks`: citizens checked column by column, once per distinct value, must come
out exactly as each one checked alone (the rules of `citizen add`), whatever the batch holds."""

from __future__ import annotations

import random
from datetime import date

import pytest

from dvc_cli.desk import Desk
from dvc_cli.errors import DvcError
from dvc_cli.intake import CHECKED_FIELDS, CitizenChecks, NewCitizen, check_citizen
from dvc_cli.intake.citizens import Checked
from dvc_cli.rules.ids import all_bare_ids, all_bare_phones

TODAY = date(2026, 11, 23)

VALID = [
    NewCitizen("001203012345", "Nguyễn Văn An", "15/03/2003", "Nam", "0912345678", None, "Thôn Đông"),
    NewCitizen("079190000123", "Lê  Thị Bích", "1990-09-02", "nữ", "+84 387 654 321", "a@B.VN", "Số 1"),
    NewCitizen("001085000777", "Trần Văn Cường", "01/01/1985", None, None, None, None),
    NewCitizen(" 001.203.012346 ", "Nguyễn Văn An", "15-03-2003", None, "091 234 5679", None, "Thôn Đông"),
    NewCitizen("001203012347", "Nguyễn Văn Bình", "15/03/2003", None, "", "", ""),  # blank cells: no value
]
BROKEN = [
    NewCitizen("00120301234", "Sai", "15/03/2003"),  # ID too short
    NewCitizen("003203012345", "Sai", "15/03/2003"),  # no such province
    NewCitizen("001203012345", "Sai", "31/02/2003"),  # impossible date, and the ID's year then unknown
    NewCitizen("0012030xx", "Sai", "31/02/2003"),  # date first, though the ID is wrong too
    NewCitizen("001203012345", "Sai", "15/03/2003", "khác"),  # unknown gender
    NewCitizen("001203012345", "Sai", "15/03/2003", "nữ"),  # gender against the 4th digit
    NewCitizen("001203012345", "Sai", "15/03/1903"),  # birth century against the ID
    NewCitizen("001203012345", "Sai", "15/03/2004"),  # birth year against the ID
    NewCitizen("001227012345", "Sai", "15/03/2027"),  # a date in the future
    NewCitizen("001203012345", "  ", "15/03/2003"),  # blank name
    NewCitizen("001203012345", "A" * 201, "15/03/2003"),  # name too long
    NewCitizen("001203012345", "Sai", "15/03/2003", None, "0123"),  # not a mobile number
    NewCitizen("001203012345", "Sai", "15/03/2003", None, None, "a@b"),  # email
    NewCitizen("001203012345", "Sai", "15/03/2003", None, None, None, "x" * 201),  # address too long
    NewCitizen(None, "Sai", "15/03/2003"),  # no ID at all (a bundle may carry one)
    NewCitizen("001203012345", "Sai", None),  # no date of birth
    NewCitizen("001203012345", "Sai", "15/03/2003", ""),  # a blank gender is checked with the ID (as before)
    NewCitizen("00120301234", "Sai", "15/03/2003", ""),  # ...so the ID's shape is named first
    NewCitizen("", "Sai", "15/03/2003"),  # a blank ID
]


@pytest.fixture
def desk(tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_NOW", f"{TODAY.isoformat()}T09:00:00")
    desk = Desk.open(tmp_path / "desk.sqlite3", "test")
    yield desk
    desk.store.close()


def alone(desk: Desk, raw: NewCitizen) -> object:
    """What checking this one citizen by itself gives: its fields, or (the error's key, its parameters)."""
    try:
        return check_citizen(desk, raw)
    except DvcError as error:
        return error.key, error.params


def batched(checked: Checked, row: int) -> object:
    if row in checked.errors:
        return checked.errors[row].key, checked.errors[row].params
    return {name: column[row] for name, column in zip(CHECKED_FIELDS, checked.columns)}


def test_each_broken_citizen_gets_the_first_rule_it_breaks(desk):
    keys = [alone(desk, raw)[0] for raw in BROKEN]
    assert keys == ["id.format", "id.province", "date.impossible", "date.impossible", "gender.invalid", "id.gender",
                    "id.century", "id.year", "date.future", "field.empty", "field.too_long", "phone.format",
                    "email.format", "field.too_long", "field.empty", "field.empty", "gender.invalid", "id.format",
                    "id.format"]


def test_valid_citizens_come_out_normalised(desk):
    assert alone(desk, VALID[1]) == {
        "personal_id": "079190000123", "name": "Lê Thị Bích", "name_folded": "le thi bich", "dob": "1990-09-02",
        "gender": "female", "phone": "0387654321", "email": "a@b.vn", "address": "Số 1"}
    assert alone(desk, VALID[2])["gender"] == "male"  # from the ID's 4th digit
    assert alone(desk, VALID[3])["personal_id"] == "001203012346"
    blank = alone(desk, VALID[4])
    assert (blank["phone"], blank["email"], blank["address"], blank["gender"]) == (None, None, None, "male")


@pytest.mark.parametrize("seed", range(5))
def test_a_batch_checks_every_citizen_exactly_as_alone(desk, seed):
    """Shuffled batches where values repeat (valid and broken), checked in several calls of one
    CitizenChecks, which remembers the values it met: each row as if checked alone."""
    rng = random.Random(seed)
    raws = [rng.choice(VALID + BROKEN) for _ in range(300)]
    expected = [alone(desk, raw) for raw in raws]
    checks = CitizenChecks(desk)
    got = []
    for start in range(0, len(raws), 70):
        part = raws[start:start + 70]
        checked = checks.check([list(column) for column in zip(*part)])
        got += [batched(checked, row) for row in range(len(part))]
    assert got == expected


@pytest.mark.parametrize("seed", range(3))
def test_a_batch_of_numbers_as_stored_is_checked_whole_and_still_exactly_as_alone(desk, seed):
    """ID numbers and phones all in their stored form (the usual big file) are taken as they are,
    tested once per column; rows that break another rule (the province, the date, the ID's year,
    the name) are still refused as alone."""
    rng = random.Random(seed)
    pool = [VALID[0], VALID[2], *(BROKEN[i] for i in (1, 2, 5, 6, 8, 9, 12))]
    raws = [rng.choice(pool) for _ in range(200)]
    columns = [list(column) for column in zip(*raws)]
    assert all_bare_ids(columns[0]) and all_bare_phones(columns[4])
    checked = CitizenChecks(desk).check(columns)
    assert [batched(checked, row) for row in range(len(raws))] == [alone(desk, raw) for raw in raws]
