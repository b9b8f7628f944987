"""`dvc-cli citizen add | show | find | edit` through the real CLI and a real database."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from tests.conftest import (
    BIRTH,
    CITIZEN_DOB,
    CITIZEN_ID,
    CITIZEN_NAME,
    CITIZEN_PHONE,
    new_draft,
)

MASKED_ID = "001******345"
MASKED_PHONE = "091****678"

# A second, unrelated citizen: Hồ Chí Minh City (079), female born 1990 (4th digit 1, year 90).
OTHER_ID = "079190000123"
OTHER_NAME = "Lê Thị Bích"
OTHER_DOB = "02/09/1990"


def add(cli, *args):
    return cli.json("citizen", "add", *args)


def add_other(cli):
    return add(cli, "--id", OTHER_ID, "--name", OTHER_NAME, "--dob", OTHER_DOB, "--phone", "0387654321")


def audit_actions(db) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute("SELECT action, entity_id FROM audit ORDER BY id")]
    finally:
        conn.close()


# --- add --------------------------------------------------------------------------------------


def test_add_normalises_and_stores_every_field(cli, db):
    result = cli.ok(
        "citizen", "add", "--id", "001 203 012 345", "--name", "  Nguyễn   Văn\tAn ",
        "--dob", CITIZEN_DOB, "--phone", "+84 912 345 678", "--email", "An.Nguyen@Example.VN",
        "--address", "Thôn Đông,  xã Lương Phong", "--json",
    )
    import json

    view = json.loads(result.stdout)
    assert {k: view[k] for k in ("id", "personal_id", "name", "dob", "gender", "phone", "email", "address")} == {
        "id": 1,
        "personal_id": CITIZEN_ID,
        "name": CITIZEN_NAME,
        "dob": "2003-03-15",
        "gender": "male",
        "phone": CITIZEN_PHONE,
        "email": "An.Nguyen@example.vn",
        "address": "Thôn Đông, xã Lương Phong",
    }
    assert view["created_at"] == "2026-11-23T09:00:00"
    assert result.stderr == ""  # --json: no chatter
    assert ("citizen.add", "1") in audit_actions(db)


def test_add_human_output_and_confirmation(cli):
    result = cli.ok("citizen", "add", "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", "2003-03-15")
    assert CITIZEN_NAME in result.stdout
    assert "15/03/2003" in result.stdout  # people see DD/MM/YYYY
    assert CITIZEN_ID in result.stdout  # a single-record view shows the number
    assert "Đã đăng ký công dân #1." in result.stderr
    english = cli.ok("citizen", "add", "--id", OTHER_ID, "--name", OTHER_NAME, "--dob", OTHER_DOB, "--lang", "en")
    assert "Citizen #2 registered." in english.stderr
    assert "Female" in english.stdout


def test_names_are_stored_nfc(cli):
    decomposed = unicodedata.normalize("NFD", CITIZEN_NAME)
    assert decomposed != CITIZEN_NAME
    view = add(cli, "--id", CITIZEN_ID, "--name", decomposed, "--dob", CITIZEN_DOB)
    assert view["name"] == CITIZEN_NAME
    assert unicodedata.is_normalized("NFC", view["name"])


def test_gender_from_the_id_or_consistent_with_it(cli, refuse):
    assert add(cli, "--id", OTHER_ID, "--name", OTHER_NAME, "--dob", OTHER_DOB, "--gender", "nữ")["gender"] == "female"
    assert add(cli, "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB, "--gender", "Nam")["gender"] == "male"
    vi, _ = refuse(2, ["citizen", "add", "--id", "001303012346", "--name", "Trần Thị C", "--dob", "01/01/2003", "--gender", "nam"],
                   vi="không khớp với số định danh", en="does not match the ID number")
    # the clerk typed "nam": the Vietnamese sentence must not answer with the English word "male"
    assert "male" not in vi, vi
    refuse(2, ["citizen", "add", "--id", "001303012346", "--name", "Trần Thị C", "--dob", "01/01/2003", "--gender", "x"],
           vi="Giới tính phải là", en="Gender must be")


@pytest.mark.parametrize(
    ("personal_id", "dob", "vi", "en"),
    [
        ("00120301234", CITIZEN_DOB, "phải gồm đúng 12 chữ số (bạn nhập 11 ký tự)", "exactly 12 digits (you typed 11"),
        ("0012030123456", CITIZEN_DOB, "12 chữ số", "exactly 12 digits (you typed 13"),
        ("00120301234A", CITIZEN_DOB, "12 chữ số", "exactly 12 digits"),
        ("000203012345", CITIZEN_DOB, "bắt đầu bằng 000", "starts with 000, which is not a province code"),
        ("003203012345", CITIZEN_DOB, "bắt đầu bằng 003", "starts with 003"),
        ("001003012345", CITIZEN_DOB, "cho thế kỷ sinh khác với năm sinh 2003", "birth century other than the year of birth 2003"),
        ("001203012345", "15/03/1903", "thế kỷ sinh", "birth century"),
        ("001204012345", CITIZEN_DOB, "Chữ số 5–6 của số định danh (04) không khớp với năm sinh 2003", "do not match the year of birth 2003"),
        ("001227012345", "01/01/2020", "năm sinh 2027, là năm trong tương lai", "birth year 2027, which is in the future"),
    ],
)
def test_invalid_personal_ids_are_refused(cli, refuse, personal_id, dob, vi, en):
    cli.ok("office", "show")  # the database exists before the refused command
    vi_text, en_text = refuse(2, ["citizen", "add", "--id", personal_id, "--name", CITIZEN_NAME, "--dob", dob], vi=vi, en=en)
    assert personal_id not in vi_text and personal_id not in en_text  # never the whole number on stderr


@pytest.mark.parametrize(
    ("dob", "vi", "en"),
    [
        ("01/01/2027", "nằm trong tương lai", "is in the future"),
        ("24/11/2026", "nằm trong tương lai", "is in the future"),
        ("31/02/2003", "không có thật trên lịch", "is not a real calendar date"),
        ("2003-02-29", "không có thật trên lịch", "is not a real calendar date"),
        ("15-3-03", "không đúng dạng", "is not a date"),
        ("hôm qua", "không đúng dạng", "is not a date"),
    ],
)
def test_bad_dates_of_birth_are_refused(cli, refuse, dob, vi, en):
    cli.ok("office", "show")
    refuse(2, ["citizen", "add", "--id", "001226012345", "--name", CITIZEN_NAME, "--dob", dob], vi=vi, en=en)


def test_born_today_is_accepted(cli):
    assert add(cli, "--id", "001226012345", "--name", "Bé Na", "--dob", "23/11/2026")["dob"] == "2026-11-23"


@pytest.mark.parametrize("phone", ["12345", "0212345678", "091234567", "+1 555 123 4567", "09123456789"])
def test_bad_phones_are_refused(cli, refuse, phone):
    cli.ok("office", "show")
    vi, en = refuse(2, ["citizen", "add", "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB, "--phone", phone],
                    vi="không phải số di động Việt Nam", en="is not a Vietnamese mobile number")
    assert phone not in vi + en  # the number is masked in the message


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", "84912345678", "+84 912-345-678"])
def test_phone_forms_are_normalised(cli, phone):
    assert add(cli, "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB, "--phone", phone)["phone"] == CITIZEN_PHONE


def test_bad_email_and_overlong_name_are_refused(cli, refuse):
    cli.ok("office", "show")
    refuse(2, ["citizen", "add", "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB, "--email", "an@"],
           vi="không hợp lệ", en="is not a valid email address")
    refuse(2, ["citizen", "add", "--id", CITIZEN_ID, "--name", "A" * 201, "--dob", CITIZEN_DOB],
           vi="dài quá 200 ký tự", en="longer than 200 characters")
    refuse(2, ["citizen", "add", "--id", CITIZEN_ID, "--name", "   ", "--dob", CITIZEN_DOB],
           vi="không được để trống", en="must not be empty")


def test_missing_flags_are_named_and_nothing_waits_for_input(cli, refuse):
    cli.ok("office", "show")
    vi, _en = refuse(2, ["citizen", "add", "--name", CITIZEN_NAME], vi=["--id", "--dob"], en=["Missing required options", "--id", "--dob"])
    assert "--name" not in vi
    vi, _ = refuse(2, ["citizen", "add"], vi="Thiếu thông tin bắt buộc: --id, --name, --dob", en="--id, --name, --dob")
    # stdin is not a terminal here (CliRunner feeds an empty pipe): the command must not prompt
    result = cli.fails(2, "citizen", "add", "--id", CITIZEN_ID)
    assert "?" not in result.stderr.split(":")[0]


def test_duplicate_id_is_a_conflict_and_the_message_masks_the_number(cli, refuse, citizen):
    for spelled in (CITIZEN_ID, "001.203.012.345"):
        vi, en = refuse(4, ["citizen", "add", "--id", spelled, "--name", "Người Khác", "--dob", CITIZEN_DOB],
                        vi=["Đã có công dân mang số định danh", MASKED_ID, "#1"], en=["already exists", MASKED_ID])
        assert CITIZEN_ID not in vi and CITIZEN_ID not in en
    result = cli.fails(4, "citizen", "add", "--id", CITIZEN_ID, "--name", "X", "--dob", CITIZEN_DOB, "--json")
    assert CITIZEN_ID not in result.stderr


def test_same_name_and_birth_date_with_another_id_warns(cli, citizen):
    result = cli.ok("citizen", "add", "--id", "079203000001", "--name", "nguyen van AN", "--dob", CITIZEN_DOB)
    assert "Chú ý" in result.stderr and "#1" in result.stderr
    assert "Đã đăng ký công dân #2." in result.stderr
    english = cli.ok("citizen", "add", "--id", "079203000002", "--name", "Nguyễn Văn An", "--dob", "2003-03-15", "--lang", "en")
    assert "Warning" in english.stderr and "#1" in english.stderr and "#2" in english.stderr
    # with --json the warning still reaches the clerk on stderr, stdout stays one JSON document
    as_json = cli.ok("citizen", "add", "--id", "079203000003", "--name", "Nguyễn Văn An", "--dob", CITIZEN_DOB, "--json")
    import json

    assert json.loads(as_json.stdout)["id"] == 4
    assert "#1" in as_json.stderr


def test_same_name_other_birth_date_does_not_warn(cli, citizen):
    result = cli.ok("citizen", "add", "--id", "001203000009", "--name", CITIZEN_NAME, "--dob", "16/03/2003")
    assert "Chú ý" not in result.stderr


# --- show -------------------------------------------------------------------------------------


def test_show_by_id_or_number_in_full(cli, citizen, db):
    for ref in (CITIZEN_ID, "1", "#1"):
        view = cli.json("citizen", "show", ref)
        assert view["personal_id"] == CITIZEN_ID and view["phone"] == CITIZEN_PHONE
        assert view["name"] == CITIZEN_NAME and view["dossiers"] == []
    result = cli.ok("citizen", "show", CITIZEN_ID)
    assert CITIZEN_ID in result.stdout and CITIZEN_PHONE in result.stdout
    assert ("citizen.show", "1") in audit_actions(db)  # reading a record is audited


def test_show_lists_the_citizens_dossiers(cli, citizen):
    draft = new_draft(cli, BIRTH)
    view = cli.json("citizen", "show", CITIZEN_ID)
    assert [(d["id"], d["status"], d["procedure"]["code"]) for d in view["dossiers"]] == [(draft["id"], "draft", BIRTH)]
    assert "Đăng ký khai sinh" in cli.ok("citizen", "show", "1").stdout


@pytest.mark.parametrize("ref", ["079203000001", "99", "#99", "abc", "0012030123"])
def test_show_unknown_citizen(cli, refuse, citizen, ref):
    refuse(3, ["citizen", "show", ref], vi="Không tìm thấy công dân", en="No such citizen")


# --- find -------------------------------------------------------------------------------------


@pytest.fixture
def two_citizens(cli, citizen):
    add_other(cli)


@pytest.mark.parametrize("query", ["nguyen van an", "Nguyễn Văn An", "NGUYEN", "van an", "an nguyen", "  nguyễn  "])
def test_find_by_name_with_or_without_diacritics(cli, two_citizens, query):
    found = cli.json("citizen", "find", query)
    assert [r["id"] for r in found] == [1]


@pytest.mark.parametrize("query", ["0912", "0912345678", "+84912345678", "345678", "0912 345 678", "001203", "001203012345"])
def test_find_by_phone_or_id_prefix_masks_numbers(cli, two_citizens, query):
    result = cli.ok("citizen", "find", query, "--json")
    import json

    found = json.loads(result.stdout)
    assert [r["id"] for r in found] == [1]
    assert found[0]["personal_id"] == MASKED_ID and found[0]["phone"] == MASKED_PHONE
    assert CITIZEN_ID not in result.stdout and CITIZEN_PHONE not in result.stdout


def test_find_human_list_masks_numbers(cli, two_citizens):
    result = cli.ok("citizen", "find", "n")
    assert MASKED_ID in result.stdout and MASKED_PHONE in result.stdout
    assert CITIZEN_ID not in result.stdout and CITIZEN_PHONE not in result.stdout
    assert OTHER_ID not in result.stdout and "0387654321" not in result.stdout
    assert CITIZEN_NAME in result.stdout


def test_find_other_citizen_and_nothing(cli, two_citizens):
    assert [r["name"] for r in cli.json("citizen", "find", "bich")] == [OTHER_NAME]
    assert cli.json("citizen", "find", "079")[0]["personal_id"] == "079******123"
    assert cli.json("citizen", "find", "pham") == []
    assert "Không tìm thấy gì." in cli.ok("citizen", "find", "pham").stdout
    assert "Nothing found." in cli.ok("citizen", "find", "pham", "--lang", "en").stdout


def test_find_limit(cli, two_citizens):
    assert len(cli.json("citizen", "find", "i", "--limit", "1")) == 1


# --- edit -------------------------------------------------------------------------------------


def test_edit_changes_fields_and_is_audited(cli, citizen, db):
    view = cli.json("citizen", "edit", CITIZEN_ID, "--phone", "+84 387 000 111", "--address", "  Xóm  Mới ",
                    now="2026-11-23T10:00:00")
    assert view["phone"] == "0387000111" and view["address"] == "Xóm Mới"
    assert view["name"] == CITIZEN_NAME and view["personal_id"] == CITIZEN_ID
    assert view["updated_at"] == "2026-11-23T10:00:00" and view["created_at"] == "2026-11-23T09:00:00"
    assert cli.json("citizen", "show", "1")["phone"] == "0387000111"
    assert ("citizen.edit", "1") in audit_actions(db)
    renamed = cli.json("citizen", "edit", "#1", "--name", "Nguyễn  Văn Ân")
    assert renamed["name"] == "Nguyễn Văn Ân"
    assert [r["id"] for r in cli.json("citizen", "find", "van an")] == [1]


def test_edit_with_a_blank_phone_or_email_clears_it(cli, citizen):
    cli.ok("citizen", "edit", CITIZEN_ID, "--phone", "0387000111", "--email", "an@example.vn")
    cleared = cli.json("citizen", "edit", CITIZEN_ID, "--phone", "", "--email", "")
    assert (cleared["phone"], cleared["email"]) == (None, None)


def test_edit_to_an_id_of_the_other_gender(cli, citizen):
    """The stored gender was derived from the old ID. Correcting the ID to one with an odd 4th
    digit either re-derives it, or is refused in plain Vietnamese (never the English "male")."""
    result = cli("citizen", "edit", CITIZEN_ID, "--id", "001303012346")
    if result.exit_code == 0:
        assert cli.json("citizen", "show", "001303012346")["gender"] == "female"
    else:
        assert result.exit_code == 2 and result.stdout == ""
        assert "không khớp với số định danh" in result.stderr
        assert "male" not in result.stderr, result.stderr
    fixed = cli.json("citizen", "edit", "1", "--id", "001303012346", "--gender", "nữ")
    assert (fixed["personal_id"], fixed["gender"]) == ("001303012346", "female")


def test_edit_human_output(cli, citizen):
    assert "0387000111" in cli.ok("citizen", "edit", "1", "--phone", "0387000111").stdout


def test_edit_refusals_change_nothing(cli, refuse, citizen):
    add_other(cli)
    refuse(2, ["citizen", "edit", CITIZEN_ID, "--phone", "123"], vi="không phải số di động", en="not a Vietnamese mobile")
    refuse(2, ["citizen", "edit", CITIZEN_ID], vi="Không có gì để sửa", en="Nothing to change")
    refuse(2, ["citizen", "edit", CITIZEN_ID, "--dob", "15/03/1999"], vi="thế kỷ sinh", en="birth century")
    refuse(2, ["citizen", "edit", CITIZEN_ID, "--dob", "01/01/2030"], vi="tương lai", en="in the future")
    refuse(2, ["citizen", "edit", CITIZEN_ID, "--name", ""], vi="không được để trống", en="must not be empty")
    refuse(3, ["citizen", "edit", "99", "--phone", "0912345678"], vi="Không tìm thấy công dân", en="No such citizen")
    vi, en = refuse(4, ["citizen", "edit", CITIZEN_ID, "--id", OTHER_ID, "--dob", OTHER_DOB, "--gender", "nữ"],
                    vi="079******123", en="already exists")
    assert OTHER_ID not in vi + en


def test_show_names_the_birth_province_with_merged_provinces_mapped(cli, citizen):
    assert cli.json("citizen", "show", CITIZEN_ID)["birth_province"] == "Hà Nội"
    # 074 (Bình Dương) merged into TP Hồ Chí Minh on 1/7/2025; the ID number itself never changes
    cli("citizen", "add", "--id", "074190000001", "--name", "Võ Văn Bé", "--dob", "01/01/1990")
    assert cli.json("citizen", "show", "074190000001")["birth_province"] == "TP Hồ Chí Minh"
