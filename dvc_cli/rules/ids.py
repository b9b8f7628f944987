"""Personal identification numbers, genders, phones, emails and masking. Pure, no I/O.

Error parameters never carry a whole ID or phone number (messages go to stderr): only
lengths, single digits, years or masked values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

from dvc_cli.errors import InvalidInput
from dvc_cli.rules.text import fold

# The 63 pre-2025 province codes: the first three digits of a 12-digit ID (place of birth registration).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

# Provinces absorbed on 01/7/2025 (NQ 202/2025/QH15) -> the code of the province they joined.
# Codes not listed here still exist as provinces.
MERGED_INTO: dict[str, str] = {
    "091": "089", "024": "027", "095": "096", "054": "066", "070": "075",
    "082": "087", "052": "064", "034": "033", "058": "056", "015": "010",
    "067": "068", "060": "068", "035": "037", "036": "037", "026": "025",
    "017": "025", "062": "051", "044": "045", "080": "072", "006": "019",
    "002": "008", "049": "048", "094": "092", "093": "092", "030": "031",
    "077": "079", "074": "079", "083": "086", "084": "086",
}

# Current names that differ from the legacy name of the same code.
_CURRENT_NAMES = {"046": "Huế"}

_SEPARATORS = re.compile(r"[\s.\-]+")
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_PHONE = re.compile(r"(0|\+?84)([35789][0-9]{8})")
_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})"
)
_GENDERS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female", "f": "female"}


def province_name(code3: str) -> str:
    """Name of the province a legacy 3-digit code belongs to today (display only)."""
    if code3 not in PROVINCE_CODES:
        raise InvalidInput("id.province", province=code3)
    current = MERGED_INTO.get(code3, code3)
    return _CURRENT_NAMES.get(current, PROVINCE_CODES[current])


class _StoredForm:
    """The form a value is stored in, as one regular expression of fixed width: tested value by
    value, or over a whole column at once (the usual case of a big file)."""

    def __init__(self, pattern: str, width: int) -> None:
        self.one = re.compile(pattern)
        self.lines = re.compile(f"(?:{pattern}\n)*{pattern}")
        self.width = width

    def among(self, values: Iterable[str]) -> set[str]:
        """The values already in this form."""
        return set(filter(self.one.fullmatch, values))

    def all(self, values: Sequence[str | None]) -> bool:
        """Whether every value is in this form: the values joined one per line match `lines`, and
        the length says none holds a line break of its own. One match, no step per value."""
        if not values:
            return True
        try:
            joined = "\n".join(values)  # type: ignore[arg-type]
        except TypeError:  # a None among them
            return False
        return len(joined) == (self.width + 1) * len(values) - 1 and self.lines.fullmatch(joined) is not None


_STORED_ID = _StoredForm("[0-9]{12}", 12)
"""12 ASCII digits ([0-9]: str.isdigit would also take other scripts' digits)."""
_STORED_PHONE = _StoredForm("0[35789][0-9]{8}", 10)
"""0, then 3, 5, 7, 8 or 9, then 8 more ASCII digits."""


def bare_ids(values: Iterable[str]) -> set[str]:
    """The values that are ID numbers as stored already: `id_digits` gives them back unchanged."""
    return _STORED_ID.among(values)


def all_bare_ids(values: Sequence[str | None]) -> bool:
    """Whether every value is an ID number as stored already, tested over the whole column at once."""
    return _STORED_ID.all(values)


def id_digits(value: str) -> str:
    """`value` without separators, if it is exactly 12 ASCII digits (the shape of an ID number)."""
    if bare_ids((value,)):
        return value
    digits = _SEPARATORS.sub("", value)
    if not _TWELVE_DIGITS.fullmatch(digits):
        raise InvalidInput("id.format", length=len(digits))
    return digits


def _birth_century(digit: int) -> int:
    """First year of the birth century encoded by the 4th digit (0/1 -> 1900, ..., 8/9 -> 2300)."""
    return 1900 + 100 * (digit // 2)


def validate_personal_id(
    value: str, dob: date | None = None, gender: str | None = None, today: date | None = None
) -> str:
    """Check a 12-digit personal ID (PPP G YY NNNNNN), and `dob`/`gender` against it; return the digits."""
    pid = id_digits(value)
    check_id_head(pid[:6], None if dob is None else dob.year, gender, (today or date.today()).year)
    return pid


def check_id_head(head: str, birth_year: int | None, gender: str | None, this_year: int) -> None:
    """What the first six digits of an ID number say, in this order: the province, the century and
    year of birth (not after `this_year`, and the birth year's when given), the gender (against
    `gender` as typed, when given)."""
    if head[:3] not in PROVINCE_CODES:
        raise InvalidInput("id.province", province=head[:3])
    digit, yy = int(head[3]), int(head[4:6])
    century = _birth_century(digit)
    if century + yy > this_year:
        raise InvalidInput("id.future", year=century + yy)
    if birth_year is not None:
        if birth_year - birth_year % 100 != century:
            raise InvalidInput("id.century", digit=digit, year=birth_year)
        if birth_year % 100 != yy:
            raise InvalidInput("id.year", yy=head[4:6], year=birth_year)
    if gender is not None and normalize_gender(gender) != _gender_of_digit(digit):
        raise InvalidInput("id.gender", gender=gender, digit=digit)


def gender_from_id(pid: str) -> str:
    """The gender an ID number encodes in its 4th digit."""
    return _gender_of_digit(int(id_digits(pid)[3]))


def _gender_of_digit(digit: int) -> str:
    """'male' when the 4th digit of an ID number is even, 'female' when odd."""
    return "male" if digit % 2 == 0 else "female"


@lru_cache(maxsize=64)
def normalize_gender(value: str) -> str:
    """Map nam/nữ/nu/male/female/m/f (any case, with or without diacritics) to 'male' or 'female'."""
    gender = _GENDERS.get(fold(value))
    if gender is None:
        raise InvalidInput("gender.invalid", value=value)
    return gender


def bare_phones(values: Iterable[str]) -> set[str]:
    """The values that are mobile numbers as stored already: `normalize_phone` gives them back unchanged."""
    return _STORED_PHONE.among(values)


def all_bare_phones(values: Sequence[str | None]) -> bool:
    """Whether every value is blank (None) or a mobile number as stored already, tested over the
    whole column at once."""
    if "" in values:  # blank as `citizen edit --phone ""` clears: the rule makes it None
        return False
    return _STORED_PHONE.all(list(filter(None, values)))


def normalize_phone(value: str) -> str:
    """A Vietnamese mobile number in its 10-digit 0xxxxxxxxx form; accepts separators and +84/84."""
    if bare_phones((value,)):
        return value
    match = _PHONE.fullmatch(value) or _PHONE.fullmatch(_SEPARATORS.sub("", value))
    if match is None:
        raise InvalidInput("phone.format", value=mask(value.strip()))
    return "0" + match.group(2)


_LANDLINE = re.compile(r"(?:\+?84|0)(2\d{9})")


def normalize_office_phone(value: str) -> str:
    """An office's phone: a mobile number, or a landline (0 + 2x area code + number, 11 digits)."""
    match = _LANDLINE.fullmatch(_SEPARATORS.sub("", value))
    if match is not None:
        return "0" + match.group(1)
    try:
        return normalize_phone(value)
    except InvalidInput:
        raise InvalidInput("phone.office_format", value=value.strip()) from None


def validate_email(value: str) -> str:
    """A plausible email address, trimmed, with its domain lower-cased."""
    text = value.strip()
    match = _EMAIL.fullmatch(text)
    if match is None or len(text) > 254 or len(match["local"]) > 64:
        raise InvalidInput("email.format", value=value)
    return f"{match['local']}@{match['domain'].lower()}"


def mask(value: str) -> str:
    """Hide the middle: '001203012345' -> '001******345'; up to 6 characters keep only the last 2."""
    n = len(value)
    if n > 6:
        return value[:3] + "*" * (n - 6) + value[-3:]
    if n > 2:
        return "*" * (n - 2) + value[-2:]
    return "*" * n
