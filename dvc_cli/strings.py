"""Every human sentence, in Vietnamese and English, keyed by id.

`t(key, **params)` formats the sentence in the current language. The language is chosen once per
invocation with `set_lang()` (from `--lang` or `DVC_LANG`); Vietnamese is the default.
"""

from __future__ import annotations

import os

LANGS = ("vi", "en")
_lang = "vi"


def set_lang(lang: str | None) -> str:
    """Choose the language for this invocation; unknown values fall back to Vietnamese."""
    global _lang
    chosen = (lang or os.environ.get("DVC_LANG") or "vi").strip().lower()[:2]
    _lang = chosen if chosen in LANGS else "vi"
    return _lang


def lang() -> str:
    """The language in force."""
    return _lang


def t(key: str, **params: object) -> str:
    """The sentence `key` in the current language, formatted with `params`."""
    vi, en = MESSAGES[key]
    text = en if _lang == "en" else vi
    return text.format(**params) if params else text


# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- identity numbers, phones, emails, dates (rules/ids.py, rules/dates.py)
    "id.format": (
        "Số định danh cá nhân phải gồm đúng 12 chữ số (bạn nhập {length} ký tự).",
        "A personal ID number has exactly 12 digits (you typed {length} characters).",
    ),
    "id.province": (
        "Số định danh bắt đầu bằng {province}: không phải mã tỉnh nơi đăng ký khai sinh nào.",
        "The ID number starts with {province}, which is not a province code.",
    ),
    "id.century": (
        "Chữ số thứ 4 của số định danh ({digit}) cho thế kỷ sinh khác với năm sinh {year}.",
        "The 4th digit of the ID number ({digit}) gives a birth century other than the year of birth {year}.",
    ),
    "id.year": (
        "Chữ số 5–6 của số định danh ({yy}) không khớp với năm sinh {year}.",
        "Digits 5–6 of the ID number ({yy}) do not match the year of birth {year}.",
    ),
    "id.future": (
        "Số định danh cho năm sinh {year}, là năm trong tương lai.",
        "The ID number gives the birth year {year}, which is in the future.",
    ),
    "id.gender": (
        "Giới tính “{gender}” không khớp với số định danh (chữ số thứ 4 là {digit}).",
        "Gender “{gender}” does not match the ID number (its 4th digit is {digit}).",
    ),
    "gender.invalid": (
        "Giới tính phải là “nam” hoặc “nữ” (bạn nhập “{value}”).",
        "Gender must be “male” or “female” (you typed “{value}”).",
    ),
    "phone.format": (
        "Số điện thoại “{value}” không phải số di động Việt Nam: cần 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09 (hoặc +84…).",
        "“{value}” is not a Vietnamese mobile number: it needs 10 digits starting 03, 05, 07, 08 or 09 (or +84…).",
    ),
    "email.format": (
        "Địa chỉ email “{value}” không hợp lệ.",
        "“{value}” is not a valid email address.",
    ),
    "date.format": (
        "Ngày “{value}” không đúng dạng: hãy nhập DD/MM/YYYY (ví dụ 15/03/2003) hoặc YYYY-MM-DD.",
        "“{value}” is not a date: type DD/MM/YYYY (e.g. 15/03/2003) or YYYY-MM-DD.",
    ),
    "date.impossible": (
        "Ngày “{value}” không có thật trên lịch.",
        "“{value}” is not a real calendar date.",
    ),
    "date.future": (
        "Ngày {value} nằm trong tương lai.",
        "{value} is in the future.",
    ),
    "datetime.format": (
        "Thời điểm “{value}” không đúng dạng: hãy nhập “DD/MM/YYYY HH:MM” (ví dụ “20/11/2026 09:30”).",
        "“{value}” is not a date and time: type “DD/MM/YYYY HH:MM” (e.g. “20/11/2026 09:30”).",
    ),
    # --- catalogue (catalogue.py)
    "catalogue.not_found": (
        "Không tìm thấy tệp danh mục thủ tục {file}.",
        "The procedure catalogue file {file} does not exist.",
    ),
    "catalogue.yaml_syntax": (
        "{file}:{line}: tệp danh mục không đọc được (lỗi cú pháp YAML: {problem}).",
        "{file}:{line}: the catalogue cannot be read (YAML syntax error: {problem}).",
    ),
    "catalogue.unknown_key": (
        "{file}:{line}: khóa “{key}” không được biết trong {where}.",
        "{file}:{line}: unknown key “{key}” in {where}.",
    ),
    "catalogue.missing_field": (
        "{file}:{line}: thiếu trường “{field}” trong {where}.",
        "{file}:{line}: field “{field}” is missing in {where}.",
    ),
    "catalogue.bad_value": (
        "{file}:{line}: giá trị “{value}” của trường “{field}” không hợp lệ; cần {expected}.",
        "{file}:{line}: “{value}” is not a valid value for “{field}”; expected {expected}.",
    ),
    "catalogue.duplicate": (
        "{file}:{line}: mã “{code}” bị lặp lại.",
        "{file}:{line}: the code “{code}” appears twice.",
    ),
    "catalogue.unknown_agency": (
        "{file}:{line}: cơ quan “{agency}” không có trong danh sách cơ quan.",
        "{file}:{line}: agency “{agency}” is not in the agency list.",
    ),
    "procedure.not_found": (
        "Không có thủ tục mã “{code}”. Tìm thủ tục bằng: dvc-cli procedure search <từ khóa>",
        "There is no procedure with code “{code}”. Find one with: dvc-cli procedure search <words>",
    ),
    "agency.not_found": (
        "Không có cơ quan mã “{code}”. Xem danh sách: dvc-cli agency list",
        "There is no agency with code “{code}”. See the list: dvc-cli agency list",
    ),
    "field.not_found": (
        "Không có lĩnh vực “{field}”. Các lĩnh vực: {choices}.",
        "There is no field “{field}”. Fields: {choices}.",
    ),
}
