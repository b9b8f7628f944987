"""Reading and showing dates and times."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvc_cli.errors import InvalidInput
from dvc_cli.rules.dates import parse_date, parse_datetime, show_date, show_datetime
from tests.rules.support import refused

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 30)


# --- dates


@pytest.mark.parametrize(
    "typed",
    ["15/03/2003", "15/3/2003", "15-03-2003", "15.03.2003", "15.3.2003", "2003-03-15", " 15/03/2003 "],
)
def test_accepted_date_shapes(typed):
    assert parse_date(typed, today=TODAY) == date(2003, 3, 15)


def test_single_digit_day_and_month():
    assert parse_date("1/2/2003", today=TODAY) == date(2003, 2, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "15/03/03",
        "15/03/203",
        "15/03/20033",
        "2003/03/15",
        "15/03-2003",
        "15 03 2003",
        "03-15",
        "hôm nay",
        "2003-3-15",
        "15/03/2003 10:00",
        "١٥/٠٣/٢٠٠٣",
    ],
)
def test_unreadable_dates(typed):
    assert refused("date.format", parse_date, typed, today=TODAY).params == {"value": typed}


@pytest.mark.parametrize(
    "typed", ["31/02/2020", "29/02/2023", "00/01/2020", "15/13/2020", "2020-02-30", "01/01/0000"]
)
def test_impossible_dates(typed):
    assert refused("date.impossible", parse_date, typed, today=TODAY).params == {"value": typed}


def test_leap_day_exists_in_a_leap_year():
    assert parse_date("29/02/2024", today=TODAY) == date(2024, 2, 29)


def test_future_dates_are_refused_unless_allowed():
    assert refused("date.future", parse_date, "24/11/2026", today=TODAY).params == {"value": "24/11/2026"}
    assert parse_date("24/11/2026", today=TODAY, allow_future=True) == date(2026, 11, 24)
    assert parse_date("23/11/2026", today=TODAY) == TODAY


def test_today_defaults_to_the_real_today():
    refused("date.future", parse_date, "01/01/9999")


# --- date and time


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("20/11/2026 09:30", datetime(2026, 11, 20, 9, 30)),
        ("20/11/2026 9:30", datetime(2026, 11, 20, 9, 30)),
        ("20/11/2026 09:30:15", datetime(2026, 11, 20, 9, 30, 15)),
        ("2026-11-20T09:30", datetime(2026, 11, 20, 9, 30)),
        ("2026-11-20T09:30:15", datetime(2026, 11, 20, 9, 30, 15)),
        ("2026-11-20 09:30", datetime(2026, 11, 20, 9, 30)),
        (" 2026-11-20  14:59 ", datetime(2026, 11, 20, 14, 59)),
    ],
)
def test_accepted_datetime_shapes(typed, moment):
    assert parse_datetime(typed, now=NOW) == moment


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "20/11/2026",
        "20/11/26 09:30",
        "09:30",
        "20/11/2026 0930",
        "20/11/2026 09:30:1",
        "20/11/2026 09h30",
        "2026-11-20T",
    ],
)
def test_unreadable_datetimes(typed):
    assert refused("datetime.format", parse_datetime, typed, now=NOW).params == {"value": typed}


@pytest.mark.parametrize(
    "typed", ["31/02/2026 09:30", "20/11/2026 24:00", "20/11/2026 09:60", "20/11/2026 09:30:60"]
)
def test_impossible_datetimes(typed):
    assert refused("date.impossible", parse_datetime, typed, now=NOW).params == {"value": typed}


def test_future_datetimes_are_refused_unless_allowed():
    error = refused("date.future", parse_datetime, "23/11/2026 10:31:05", now=NOW)
    assert error.params == {"value": "23/11/2026 10:31"}
    assert parse_datetime("23/11/2026 10:31", now=NOW, allow_future=True) == datetime(2026, 11, 23, 10, 31)
    assert parse_datetime("23/11/2026 10:30", now=NOW) == NOW


# --- showing


def test_show():
    assert show_date(date(2003, 3, 5)) == "05/03/2003"
    assert show_datetime(datetime(2026, 11, 20, 9, 5, 59)) == "20/11/2026 09:05"


@given(st.dates())
def test_show_and_parse_round_trip(d):
    assert show_date(parse_date(show_date(d), allow_future=True)) == show_date(d)
    assert parse_date(show_date(d), allow_future=True) == d
    assert parse_date(d.isoformat(), allow_future=True) == d


@given(st.datetimes().map(lambda dt: dt.replace(second=0, microsecond=0)))
def test_show_and_parse_datetime_round_trip(dt):
    assert parse_datetime(show_datetime(dt), allow_future=True) == dt


@given(st.text())
def test_parsing_refuses_cleanly(text):
    for parse in (parse_date, parse_datetime):
        try:
            parse(text, allow_future=True)
        except InvalidInput as error:
            assert error.key in {"date.format", "datetime.format", "date.impossible"}
