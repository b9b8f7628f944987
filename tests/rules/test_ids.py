"""Personal IDs, genders, phones, emails and masks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvc_cli.errors import InvalidInput
from dvc_cli.rules.ids import (
    MERGED_INTO,
    PROVINCE_CODES,
    all_bare_ids,
    all_bare_phones,
    bare_ids,
    bare_phones,
    gender_from_id,
    mask,
    normalize_gender,
    normalize_phone,
    province_name,
    validate_email,
    validate_personal_id,
)
from tests.rules.support import refused

TODAY = date(2026, 11, 23)


# --- province codes


def test_there_are_63_legacy_codes_and_34_current_provinces():
    assert len(PROVINCE_CODES) == 63
    assert all(re.fullmatch(r"[0-9]{3}", code) for code in PROVINCE_CODES)
    assert set(MERGED_INTO) <= set(PROVINCE_CODES)
    assert not set(MERGED_INTO.values()) & set(MERGED_INTO), "a merge target was itself absorbed"
    assert len({MERGED_INTO.get(code, code) for code in PROVINCE_CODES}) == 34


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("074", "TP Hồ Chí Minh"),  # Bình Dương
        ("077", "TP Hồ Chí Minh"),  # Bà Rịa–Vũng Tàu
        ("079", "TP Hồ Chí Minh"),
        ("024", "Bắc Ninh"),  # Bắc Giang
        ("036", "Ninh Bình"),  # Nam Định
        ("093", "Cần Thơ"),  # Hậu Giang
        ("046", "Huế"),
        ("001", "Hà Nội"),
        ("038", "Thanh Hóa"),
    ],
)
def test_legacy_codes_display_as_the_current_province(code, name):
    assert province_name(code) == name


def test_an_unknown_province_code_has_no_name():
    refused("id.province", province_name, "003")


# --- personal IDs


def test_a_valid_male_id_born_2003():
    pid = validate_personal_id("001203012345", dob=date(2003, 3, 15), gender="male", today=TODAY)
    assert pid == "001203012345"
    assert gender_from_id(pid) == "male"


def test_a_valid_female_id_born_2000s():
    pid = validate_personal_id("079310000001", dob=date(2010, 1, 2), gender="nữ", today=TODAY)
    assert pid == "079310000001"
    assert gender_from_id("079310000001") == "female"


def test_a_valid_id_born_1900s():
    pid = validate_personal_id("038085123456", dob=date(1985, 6, 1), gender="Nam", today=TODAY)
    assert pid == "038085123456"
    assert gender_from_id("038185123456") == "female"


@pytest.mark.parametrize(
    "typed", ["001 203 012 345", " 001.203.012.345 ", "001-203-012-345", "0012\t03012345"]
)
def test_spaces_dots_and_dashes_are_stripped(typed):
    assert validate_personal_id(typed, today=TODAY) == "001203012345"


def test_legacy_province_codes_are_still_accepted():
    assert validate_personal_id("074203012345", today=TODAY) == "074203012345"


@pytest.mark.parametrize(
    ("typed", "length"),
    [("00120301234", 11), ("0012030123456", 13), ("", 0), ("00120301234A", 12)],
)
def test_ids_need_exactly_12_digits(typed, length):
    error = refused("id.format", validate_personal_id, typed, today=TODAY)
    assert error.params == {"length": length}


def test_ids_need_a_real_province_code():
    error = refused("id.province", validate_personal_id, "003203012345", today=TODAY)
    assert error.params == {"province": "003"}


@pytest.mark.parametrize(
    ("typed", "year"), [("001227012345", 2027), ("001299012345", 2099), ("001400012345", 2100)]
)
def test_birth_years_in_the_future_are_refused(typed, year):
    assert refused("id.future", validate_personal_id, typed, today=TODAY).params == {"year": year}


def test_this_year_is_not_the_future():
    assert validate_personal_id("001226012345", today=TODAY) == "001226012345"


def test_date_of_birth_must_match_the_century():
    error = refused("id.century", validate_personal_id, "001203012345", dob=date(1903, 3, 15), today=TODAY)
    assert error.params == {"digit": 2, "year": 1903}


def test_date_of_birth_must_match_the_year():
    error = refused("id.year", validate_personal_id, "001203012345", dob=date(2004, 3, 15), today=TODAY)
    assert error.params == {"yy": "03", "year": 2004}


@pytest.mark.parametrize("gender", ["female", "nữ", "F"])
def test_gender_must_match_the_fourth_digit(gender):
    error = refused("id.gender", validate_personal_id, "001203012345", gender=gender, today=TODAY)
    assert error.params == {"gender": gender, "digit": 2}


def test_an_unknown_gender_is_refused_during_id_checks():
    refused("gender.invalid", validate_personal_id, "001203012345", gender="x", today=TODAY)


def test_error_params_never_hold_the_whole_id():
    bad = ["001227012345", "003203012345"]
    errors = [refused("id.future", validate_personal_id, bad[0], today=TODAY)]
    errors.append(refused("id.province", validate_personal_id, bad[1], today=TODAY))
    errors.append(refused("id.gender", validate_personal_id, "001203012345", gender="f", today=TODAY))
    for error in errors:
        assert not any(pid in str(error.params) for pid in [*bad, "001203012345"])


# --- genders


@pytest.mark.parametrize("typed", ["nam", "Nam", "NAM", "male", "Male", "m", "M", " nam "])
def test_male_spellings(typed):
    assert normalize_gender(typed) == "male"


@pytest.mark.parametrize("typed", ["nữ", "Nữ", "NỮ", "nu", "Nu", "female", "f", "F", "nư\u0303"])
def test_female_spellings(typed):
    assert normalize_gender(typed) == "female"


@pytest.mark.parametrize("typed", ["", "x", "nam nữ", "other", "0"])
def test_other_genders_are_refused(typed):
    assert refused("gender.invalid", normalize_gender, typed).params == {"value": typed}


# --- phones


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
        "84-912-345-678",
        " 0912345678 ",
    ],
)
def test_phones_in_every_accepted_form(typed):
    assert normalize_phone(typed) == "0912345678"


@pytest.mark.parametrize("prefix", ["03", "05", "07", "08", "09"])
def test_every_mobile_prefix(prefix):
    assert normalize_phone(prefix + "12345678") == prefix + "12345678"


@pytest.mark.parametrize(
    "typed",
    [
        "091234567",
        "09123456789",
        "0212345678",
        "0112345678",
        "+8402345678",
        "+840912345678",
        "8491234567",
        "0912345a78",
        "",
        "(091) 2345678",
    ],
)
def test_rejected_phones(typed):
    error = refused("phone.format", normalize_phone, typed)
    assert error.params == {"value": mask(typed.strip())}


def test_phone_errors_are_masked():
    error = refused("phone.format", normalize_phone, "02412345678")
    assert "02412345678" not in str(error.params)
    assert error.params == {"value": "024*****678"}


# --- emails


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("an.nguyen@Example.COM", "an.nguyen@example.com"),
        ("  An+desk@mail.gov.vn ", "An+desk@mail.gov.vn"),
        ("x_y-z@sub.domain-1.vn", "x_y-z@sub.domain-1.vn"),
    ],
)
def test_valid_emails(typed, stored):
    assert validate_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "an",
        "an@",
        "@example.com",
        "an@example",
        "an@@example.com",
        "an example@x.vn",
        "an.@x.vn",
        "an..b@x.vn",
        "an@-x.vn",
        "an@x..vn",
        "an@x.v",
    ],
)
def test_invalid_emails(typed):
    assert refused("email.format", validate_email, typed).params == {"value": typed}


# --- masks


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("001203012345", "001******345"),
        ("0912345678", "091****678"),
        ("1234567", "123*567"),
        ("123456", "****56"),
        ("123", "*23"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_masks(value, masked):
    assert mask(value) == masked


# --- properties

PROVINCES = st.sampled_from(sorted(PROVINCE_CODES))


@st.composite
def valid_ids(draw):
    """(id, birth year, gender) for a real province and a birth year not after TODAY."""
    year = draw(st.integers(1900, TODAY.year))
    female = draw(st.booleans())
    digit = (year // 100 - 19) * 2 + female
    rest = draw(st.text("0123456789", min_size=6, max_size=6))
    pid = f"{draw(PROVINCES)}{digit}{year % 100:02d}{rest}"
    return pid, year, "female" if female else "male"


@given(valid_ids(), st.sampled_from(["", " ", ".", "-"]))
def test_valid_ids_round_trip(case, sep):
    pid, year, gender = case
    typed = sep.join([pid[:3], pid[3:6], pid[6:9], pid[9:]])
    assert validate_personal_id(typed, dob=date(year, 1, 1), gender=gender, today=TODAY) == pid
    assert validate_personal_id(pid, today=TODAY) == pid
    assert gender_from_id(pid) == gender


def _is_twelve_digits(text: str) -> bool:
    return re.fullmatch(r"[0-9]{12}", re.sub(r"[\s.\-]+", "", text)) is not None


@given(st.text())
def test_anything_but_12_digits_is_refused_cleanly(text):
    if _is_twelve_digits(text):
        return
    refused("id.format", validate_personal_id, text, today=TODAY)


NON_DIGITS = st.characters(exclude_characters="0123456789.-", exclude_categories=["Zs", "Cc", "Zl", "Zp"])


@given(st.text("0123456789", min_size=12, max_size=12), st.integers(0, 11), NON_DIGITS)
def test_a_non_digit_inside_twelve_is_refused(digits, at, char):
    typed = digits[:at] + char + digits[at + 1 :]
    if _is_twelve_digits(typed):
        return
    refused("id.format", validate_personal_id, typed, today=TODAY)


@given(st.text("0123456789", min_size=12, max_size=12))
def test_any_twelve_digits_give_a_result_or_invalid_input(digits):
    try:
        assert validate_personal_id(digits, today=TODAY) == digits
    except InvalidInput as error:
        assert error.key in {"id.province", "id.future"}


@given(st.text())
def test_mask_never_reveals_more_than_six_characters(text):
    masked = mask(text)
    assert len(masked) == len(text)
    assert sum(1 for a, b in zip(masked, text) if a == b and a != "*") <= 6
    assert masked.count("*") >= len(text) - 6


@given(st.text())
def test_phone_normalisation_refuses_cleanly(text):
    try:
        assert re.fullmatch(r"0[35789][0-9]{8}", normalize_phone(text))
    except InvalidInput as error:
        assert error.key == "phone.format"


# --- whole columns at once (a big import's usual case)

_NEAR_DIGITS = "0123456789\n\r +.٣"  # line breaks, separators and an Arabic-Indic digit


@given(st.lists(st.one_of(st.from_regex(r"[0-9]{12}", fullmatch=True), st.text(_NEAR_DIGITS, max_size=14),
                          st.none()), max_size=6))
def test_a_column_is_all_id_numbers_as_stored_exactly_when_each_value_is(values):
    assert all_bare_ids(values) == all(v is not None and v in bare_ids([v]) for v in values)


@given(st.lists(st.one_of(st.from_regex(r"0[35789][0-9]{8}", fullmatch=True), st.text(_NEAR_DIGITS, max_size=12),
                          st.none(), st.just("")), max_size=6))
def test_a_column_is_all_phones_as_stored_exactly_when_each_value_is_or_is_none(values):
    assert all_bare_phones(values) == all(v is None or v in bare_phones([v]) for v in values)


def test_values_that_only_add_up_to_whole_id_numbers_are_not_taken_for_them():
    assert all_bare_ids(["001203012345", "079190000123"])
    assert not all_bare_ids(["00120301234", "5079190000123"])  # 11 and 13 digits
    assert not all_bare_ids(["001203012345\n079190000123"])  # two in one cell
    assert not all_bare_phones(["0912345678\n0912345678", None])
    assert not all_bare_phones(["0912345678", "0212345678"]) and not all_bare_phones(["0912345678", "1912345678"])
    assert all_bare_phones([None, "0912345678", None]) and all_bare_phones([None])
