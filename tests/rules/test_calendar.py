"""Working days and deadlines, against the real `holidays` package."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvc_cli.rules.calendar import SAME_DAY_CUTOFF, WorkCalendar

CAL = WorkCalendar()
D = date


def test_importing_the_calendar_does_not_import_holidays():
    code = "import sys, dvc_cli.rules.calendar; print('holidays' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_cut_off_is_three_pm():
    assert SAME_DAY_CUTOFF.hour == 15 and SAME_DAY_CUTOFF.minute == 0


# --- the national calendar


def test_weekends_are_off_and_weekdays_worked():
    assert CAL.is_working_day(D(2026, 11, 20))  # Friday
    assert not CAL.is_working_day(D(2026, 11, 21))  # Saturday
    assert not CAL.is_working_day(D(2026, 11, 22))  # Sunday


def test_tet_2026():
    assert [CAL.is_working_day(D(2026, 2, day)) for day in range(13, 24)] == [
        True, False, False, False, False, False, False, False, False, False, True,
    ]  # fmt: skip
    assert CAL.due_date(datetime(2026, 2, 13, 9, 0), 1) == D(2026, 2, 23)


def test_reunification_and_labour_day():
    assert not CAL.is_working_day(D(2026, 4, 30))
    assert not CAL.is_working_day(D(2026, 5, 1))
    assert CAL.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)


def test_hung_kings_day_2026_is_observed_on_monday():
    assert not CAL.is_working_day(D(2026, 4, 27))
    assert CAL.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_national_day_2026_and_the_make_up_saturday():
    assert not CAL.is_working_day(D(2026, 9, 1))
    assert not CAL.is_working_day(D(2026, 9, 2))
    assert not CAL.is_working_day(D(2026, 8, 31))  # swapped for Saturday 22/08
    assert CAL.is_working_day(D(2026, 8, 22))
    assert CAL.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert CAL.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_vietnam_culture_day_2026():
    holidays_2026 = CAL.national_holidays(2026)
    assert (D(2026, 11, 24), "Ngày Văn hóa Việt Nam") in holidays_2026, "needs holidays>=0.106"
    assert not CAL.is_working_day(D(2026, 11, 24))
    assert CAL.due_date(datetime(2026, 11, 23, 9, 0), 1) == D(2026, 11, 25)


def test_a_make_up_day_across_new_year():
    # 2018: Monday 31/12/2018 off in exchange for Saturday 05/01/2019.
    assert not CAL.is_working_day(D(2018, 12, 31))
    assert CAL.is_working_day(D(2019, 1, 5))


def test_national_holidays_are_sorted_and_localised():
    vi = CAL.national_holidays(2026)
    en = CAL.national_holidays(2026, language="en_US")
    assert vi == sorted(vi)
    assert [d for d, _ in vi] == [d for d, _ in en]
    assert all(d.year == 2026 for d, _ in vi)
    assert (D(2026, 1, 1), "Tết Dương lịch") in vi
    assert (D(2026, 11, 24), "Vietnam Cultural Day") in en
    assert {D(2026, 2, day) for day in range(16, 21)} <= {d for d, _ in vi}


def test_national_holidays_in_an_unknown_language_are_refused():
    with pytest.raises(ValueError):
        CAL.national_holidays(2026, language="fr")


# --- counting


def test_add_working_days():
    assert CAL.add_working_days(D(2026, 11, 19), 1) == D(2026, 11, 20)
    assert CAL.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)
    assert CAL.add_working_days(D(2026, 11, 21), 1) == D(2026, 11, 23)  # from a Saturday
    assert CAL.add_working_days(D(2026, 11, 20), 5) == D(2026, 11, 30)  # skips 24/11


def test_zero_working_days():
    assert CAL.add_working_days(D(2026, 11, 20), 0) == D(2026, 11, 20)
    assert CAL.add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 23)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2026, 11, 20), -1)


def test_next_working_day():
    assert CAL.next_working_day(D(2026, 11, 20)) == D(2026, 11, 23)
    assert CAL.next_working_day(D(2026, 11, 23)) == D(2026, 11, 25)


def test_working_days_between():
    assert CAL.working_days_between(D(2026, 11, 16), D(2026, 11, 30)) == 9  # 24/11 off
    assert CAL.working_days_between(D(2026, 11, 20), D(2026, 11, 20)) == 0
    assert CAL.working_days_between(D(2026, 11, 30), D(2026, 11, 16)) == 0


# --- due dates


def test_same_day_before_and_after_three_pm():
    assert CAL.due_date(datetime(2026, 11, 20, 14, 59), 0) == D(2026, 11, 20)
    assert CAL.due_date(datetime(2026, 11, 20, 15, 0), 0) == D(2026, 11, 23)
    assert CAL.due_date(datetime(2026, 11, 23, 16, 0), 0) == D(2026, 11, 25)


def test_same_day_received_on_a_saturday_or_holiday():
    assert CAL.due_date(datetime(2026, 11, 21, 9, 0), 0) == D(2026, 11, 23)
    assert CAL.due_date(datetime(2026, 11, 24, 9, 0), 0) == D(2026, 11, 25)


def test_the_cut_off_does_not_apply_to_multi_day_procedures():
    assert CAL.due_date(datetime(2026, 11, 19, 9, 0), 3) == D(2026, 11, 25)
    assert CAL.due_date(datetime(2026, 11, 19, 16, 30), 3) == D(2026, 11, 25)


def test_pause_extension():
    paused = datetime(2026, 11, 16, 10, 0)
    assert CAL.pause_extension(paused, datetime(2026, 11, 20, 9, 0)) == 4
    assert CAL.pause_extension(paused, datetime(2026, 11, 16, 16, 0)) == 0
    assert CAL.pause_extension(datetime(2026, 11, 20, 16, 0), datetime(2026, 11, 25, 8, 0)) == 2


# --- office overrides


def test_an_office_day_off_wins():
    office = WorkCalendar(days_off=[D(2026, 11, 23)])
    assert not office.is_working_day(D(2026, 11, 23))
    assert office.due_date(datetime(2026, 11, 20, 15, 30), 0) == D(2026, 11, 25)
    assert office.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 25)


def test_an_office_working_day_wins():
    office = WorkCalendar(work_days=[D(2026, 11, 21), D(2026, 11, 24)])
    assert office.is_working_day(D(2026, 11, 21))
    assert office.is_working_day(D(2026, 11, 24))
    assert office.due_date(datetime(2026, 11, 21, 9, 0), 0) == D(2026, 11, 21)
    assert office.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 21)


def test_an_office_can_cancel_a_national_make_up_day():
    assert not WorkCalendar(days_off=[D(2026, 8, 22)]).is_working_day(D(2026, 8, 22))


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError):
        WorkCalendar(days_off=[D(2026, 11, 21)], work_days=[D(2026, 11, 21)])


# --- properties

DATES = st.dates(D(2020, 1, 1), D(2035, 12, 31))
DAYS = st.integers(0, 40)
ONE = timedelta(days=1)
# The first example imports `holidays` and builds a year's calendar: no per-example deadline.
PROPERTY = settings(deadline=None)


def calendars():
    """The national calendar, or one with a few office exceptions that never clash."""
    return st.tuples(st.sets(DATES, max_size=5), st.sets(DATES, max_size=5)).map(
        lambda pair: WorkCalendar(days_off=pair[0], work_days=pair[1] - pair[0])
    )


@PROPERTY
@given(calendars(), DATES, DAYS)
def test_add_working_days_lands_on_a_working_day(cal, start, n):
    result = cal.add_working_days(start, n)
    assert cal.is_working_day(result)
    assert result >= start
    if n >= 1:
        assert result > start
        assert cal.working_days_between(start + ONE, result + ONE) == n


@PROPERTY
@given(calendars(), DATES, DAYS)
def test_add_working_days_is_monotonic(cal, start, n):
    assert cal.add_working_days(start, n) <= cal.add_working_days(start, n + 1)


@PROPERTY
@given(calendars(), st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31, 23, 59)), DAYS)
def test_due_date_is_never_before_receipt(cal, received_at, n):
    due = cal.due_date(received_at, n)
    assert due >= received_at.date()
    assert cal.is_working_day(due)


@PROPERTY
@given(calendars(), DATES, DATES)
def test_pause_extension_counts_the_days_between(cal, a, b):
    paused, resumed = datetime.combine(a, datetime.min.time()), datetime.combine(b, datetime.max.time())
    days = cal.pause_extension(paused, resumed)
    assert days == sum(1 for i in range((b - a).days) if cal.is_working_day(a + i * ONE))
    assert days >= 0
