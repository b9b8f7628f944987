"""The office: its identity, payment account and slip settings, its device role and calendar."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dvc_cli.desk import Desk
from dvc_cli.errors import InvalidInput
from dvc_cli.intake.fields import check_choice, check_text
from dvc_cli.rules import ids
from dvc_cli.rules.codes import check_agency_id
from dvc_cli.rules.dates import parse_date

SLIP_MODES = ("pdf", "ask", "off")
PAPERS = ("a5", "a4")
OFFICE_FIELDS = ("name", "agency_id", "address", "phone", "role")
SLIP_SETTINGS = ("slips", "slip_dir", "paper", "font", "book", "return_time")
BANK_FIELDS = ("bank_bin", "account", "account_name")
ROLES = ("desk", "field")
"""A desk issues receipt codes; a field device (a volunteer's laptop) only lodges dossiers (state 1)."""


def set_office(desk: Desk, values: dict[str, str | None]) -> dict[str, str]:
    """Store the office's name, electronic agency id, address and phone (only those given)."""
    changes: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "agency_id":
            changes[key] = check_agency_id(value)
        elif key == "phone":
            changes[key] = ids.normalize_office_phone(value)
        elif key == "role":
            changes[key] = check_choice("role", value, ROLES)
        elif key in BANK_FIELDS or key in SLIP_SETTINGS:
            changes[key] = office_setting(key, value)
        else:
            changes[key] = check_text(f"office_{key}", value, required=True)
    if not changes:
        raise InvalidInput("office.nothing")
    with desk.store.transaction():
        desk.store.set_office(changes)
        desk.audit("office.set", "office", "office", fields=sorted(changes))
    return desk.store.office()


def office_setting(key: str, value: str) -> str:
    """Validate one of the office's payment-account and slip settings."""
    text = value.strip()
    if key == "bank_bin":
        if not (text.isascii() and text.isdigit() and len(text) == 6):
            raise InvalidInput("vietqr.bin", value=value)
    elif key == "account":
        text = text.replace(" ", "")
        if not (text.isascii() and text.isalnum() and 1 <= len(text) <= 19):
            raise InvalidInput("vietqr.account")
    elif key == "account_name":
        text = check_text(key, value, required=True)
    elif key == "slips":
        text = check_choice("--slips", value, SLIP_MODES)
    elif key == "paper":
        text = check_choice("--paper", value, PAPERS)
    elif key in ("slip_dir", "font"):
        if not text:
            raise InvalidInput("field.empty", field=key)
        text = str(Path(text).expanduser().resolve())
        if key == "font" and not Path(text).is_file():
            raise InvalidInput("font.missing", path=text)
    elif key == "return_time":
        match = re.fullmatch(r"([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])", text)
        if not match:
            raise InvalidInput("office.return_time_bad", value=value)
        text = f"{int(match[1]):02d}:{match[2]}"
    else:
        text = check_text(key, value, required=True)
    return text


def set_calendar_day(desk: Desk, day: str, is_off: bool, note: str | None) -> date:
    """Mark a date as an office day off, or as an extra working day (e.g. a make-up Saturday)."""
    parsed = parse_date(day, allow_future=True)
    with desk.store.transaction():
        desk.store.set_calendar_override(
            {"day": parsed.isoformat(), "is_off": int(is_off), "note": check_text("note", note) or "",
             "clerk": desk.clerk, "at": desk.now().isoformat()}
        )
        desk.audit("calendar.set", "calendar", parsed.isoformat(), is_off=is_off)
    return parsed
