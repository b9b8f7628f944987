"""Receipt codes (mã hồ sơ): `<agency-id>-<yymmdd>-<NNNN>`."""

from __future__ import annotations

import re
from datetime import date

from dvc_cli.errors import InvalidInput

AGENCY_ID = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")
RECEIPT_CODE = re.compile(r"^[0-9A-Z.]+-\d{6}-\d{4,}$")


def check_agency_id(value: str) -> str:
    """Validate an office's electronic agency identifier such as `000.17.22.H56`."""
    text = value.strip().upper()
    if not AGENCY_ID.match(text):
        raise InvalidInput("office.bad_agency_id", value=value)
    return text


def receipt_code(agency_id: str, day: date, seq: int) -> str:
    """Format the receipt code for the `seq`-th dossier the office received on `day`."""
    return f"{agency_id}-{day:%y%m%d}-{seq:04d}"


def looks_like_receipt_code(value: str) -> bool:
    """True when `value` has the shape of a receipt code (opaque otherwise)."""
    return bool(RECEIPT_CODE.match(value.strip().upper()))
