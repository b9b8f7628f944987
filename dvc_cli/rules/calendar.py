"""Working days for deadlines: the national calendar (the `holidays` package, country VN) plus
the office's own days off and make-up working days. Pure; `holidays` is imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

SAME_DAY_CUTOFF = time(15, 0)
LANGUAGES = ("vi", "en_US")
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=None)
def _national_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, make-up weekend working days) falling in `year`."""
    import holidays

    # A swap can pair days of neighbouring years (e.g. 31/12/2018 off for Saturday 05/01/2019).
    vn = holidays.country_holidays("VN", years=range(year - 1, year + 2))
    off = frozenset(d for d in vn if d.year == year)
    worked = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return off, worked


@lru_cache(maxsize=None)
def _named_holidays(year: int, language: str) -> tuple[tuple[date, str], ...]:
    """The public holidays of `year` with their names in `language`, by date."""
    import holidays

    vn = holidays.country_holidays("VN", years=year, language=language)
    return tuple(sorted((d, name) for d, name in vn.items() if d.year == year))


class WorkCalendar:
    """National working days with the office's own exceptions on top (the office wins)."""

    def __init__(self, days_off: Iterable[date] = (), work_days: Iterable[date] = ()) -> None:
        self.days_off = frozenset(days_off)
        self.work_days = frozenset(work_days)
        both = self.days_off & self.work_days
        if both:
            raise ValueError(f"dates both off and worked: {sorted(both)}")

    def is_working_day(self, d: date) -> bool:
        """True for Monday–Friday outside public holidays, national make-up days and office work days."""
        if d in self.days_off:
            return False
        if d in self.work_days:
            return True
        off, worked = _national_days(d.year)
        return d in worked or (d.weekday() < 5 and d not in off)

    def national_holidays(self, year: int, language: str = "vi") -> list[tuple[date, str]]:
        """The national public holidays of `year` as (date, name), sorted; language 'vi' or 'en_US'."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        return list(_named_holidays(year, language))

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start never counts); n = 0: start or the next working day."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        for _ in range(n):
            start = self.next_working_day(start)
        return start

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d satisfy start <= d < end."""
        days = (start + timedelta(days=i) for i in range((end - start).days))
        return sum(1 for d in days if self.is_working_day(d))

    def due_date(self, received_at: datetime, processing_days: int) -> date:
        """Appointment date: same-day procedures honour the 15:00 cut-off; others count from the next day."""
        day = received_at.date()
        if processing_days == 0:
            if self.is_working_day(day) and received_at.time() < SAME_DAY_CUTOFF:
                return day
            return self.next_working_day(day)
        return self.add_working_days(day, processing_days)

    def pause_extension(self, paused_at: datetime, resumed_at: datetime) -> int:
        """Working days the clock stood still, from the pause day up to (not including) the resume day."""
        return self.working_days_between(paused_at.date(), resumed_at.date())
