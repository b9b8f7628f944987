"""Reading and showing dates the way Vietnamese people write them (DD/MM/YYYY), plus ISO. Pure."""

from __future__ import annotations

import re
from datetime import date, datetime

from dvc_cli.errors import InvalidInput

_DMY = re.compile(r"(?P<d>[0-9]{1,2})(?P<sep>[/.\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})")
_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_DATETIME = re.compile(
    r"(?P<date>[0-9/.\-]+)(?:\s+|T)(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
)


def _date_fields(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) read from DD/MM/YYYY (or - .) or ISO YYYY-MM-DD; None if neither shape."""
    match = _DMY.fullmatch(text) or _ISO.fullmatch(text)
    if match is None:
        return None
    return int(match["y"]), int(match["m"]), int(match["d"])


def parse_date(value: str, *, allow_future: bool = False, today: date | None = None) -> date:
    """Read a date typed as DD/MM/YYYY, D/M/YYYY (also with - or .) or YYYY-MM-DD."""
    text = value.strip()
    fields = _date_fields(text)
    if fields is None:
        raise InvalidInput("date.format", value=value)
    try:
        day = date(*fields)
    except ValueError:
        raise InvalidInput("date.impossible", value=text) from None
    if not allow_future and day > (today or date.today()):
        raise InvalidInput("date.future", value=show_date(day))
    return day


def parse_datetime(value: str, *, now: datetime | None = None, allow_future: bool = False) -> datetime:
    """Read a naive local time typed as 'DD/MM/YYYY HH:MM[:SS]' or ISO 'YYYY-MM-DD[T ]HH:MM[:SS]'."""
    text = value.strip()
    match = _DATETIME.fullmatch(text)
    fields = _date_fields(match["date"]) if match else None
    if fields is None:
        raise InvalidInput("datetime.format", value=value)
    clock = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    try:
        moment = datetime(*fields, *clock)
    except ValueError:
        raise InvalidInput("date.impossible", value=text) from None
    if not allow_future and moment > (now or datetime.now()):
        raise InvalidInput("date.future", value=show_datetime(moment))
    return moment


def show_date(d: date) -> str:
    """DD/MM/YYYY."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def show_datetime(dt: datetime) -> str:
    """DD/MM/YYYY HH:MM."""
    return f"{show_date(dt)} {dt.hour:02d}:{dt.minute:02d}"
