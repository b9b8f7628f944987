"""`dvc-cli procedure search | show | list` and `dvc-cli agency list`, with the shipped catalogue
and with an office's own catalogue file (`--catalogue` / `DVC_CATALOGUE`)."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import BIRTH, MARITAL, REBIRTH


def codes(found: list[dict]) -> list[str]:
    return [p["code"] for p in found]


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky khai sinh", BIRTH),
        ("Đăng ký khai sinh", BIRTH),
        ("ĐĂNG KÝ KHAI SINH", BIRTH),
        ("khai sinh", BIRTH),
        ("sinh khai", BIRTH),  # word order is free
        ("khai sihn", BIRTH),  # a small typo
        ("lam giay khai sinh", BIRTH),  # everyday words (aliases)
        ("1.0011", BIRTH),  # code prefix
        ("1.001193", BIRTH),
        ("giay doc than", MARITAL),
        ("tình trạng hôn nhân", MARITAL),
        ("dang ky lai khai sinh", REBIRTH),
    ],
)
def test_search_ranks_what_a_clerk_types(cli, query, first):
    found = cli.json("procedure", "search", query)
    assert found and found[0]["code"] == first


def test_search_results_carry_the_procedure(cli):
    found = cli.json("procedure", "search", "khai sinh", "--limit", "2")
    assert len(found) == 2
    assert found[0]["name"] == "Đăng ký khai sinh"
    assert {"code", "name", "field", "processing_days", "fee", "agencies", "documents"} <= found[0].keys()


def test_search_human_output(cli):
    result = cli.ok("procedure", "search", "khai sinh", "--limit", "3")
    assert BIRTH in result.stdout and "Đăng ký khai sinh" in result.stdout
    assert "Trong ngày" in result.stdout
    assert "Same day" in cli.ok("procedure", "search", "khai sinh", "--limit", "1", "--lang", "en").stdout


def test_search_without_match(cli):
    assert cli.json("procedure", "search", "zzzz qqqq") == []
    assert "Không tìm thấy gì." in cli.ok("procedure", "search", "zzzz").stdout


def test_search_bad_limit_is_a_usage_error(cli):
    result = cli("procedure", "search", "khai sinh", "--limit", "0")
    assert result.exit_code == 2 and result.stdout == ""


# --- show -------------------------------------------------------------------------------------


def test_show_json_has_what_the_clerk_tells_the_citizen(cli):
    proc = cli.json("procedure", "show", BIRTH)
    assert proc["code"] == BIRTH
    assert proc["name"] == "Đăng ký khai sinh"
    assert proc["field"] == "Hộ tịch"
    assert proc["processing_days"] == 0
    assert proc["fee"]["mode"] == "before" and "amount" in proc["fee"]
    assert proc["agencies"] == ["ubnd-xa"]
    docs = {d["key"]: d for d in proc["documents"]}
    assert docs["to_khai"]["required"] is True and docs["giay_chung_sinh"]["required"] is True
    assert docs["uy_quyen"]["required"] is False
    assert all({"key", "name", "required"} <= d.keys() for d in proc["documents"])


def test_show_human_in_both_languages(cli):
    vi = cli.ok("procedure", "show", REBIRTH).stdout
    assert "Đăng ký lại khai sinh" in vi and "5 ngày làm việc" in vi and "to_khai" in vi and "Bắt buộc" in vi
    en = cli.ok("procedure", "show", REBIRTH, "--lang", "en").stdout
    assert "5 working days" in en and "Required" in en


def test_show_fixed_fee(cli):
    proc = cli.json("procedure", "show", "2.000815")
    assert proc["fee"]["amount"] == 2000
    assert "2.000 đ" in cli.ok("procedure", "show", "2.000815").stdout


def test_show_unknown_procedure(cli, refuse):
    cli.ok("office", "show")
    refuse(3, ["procedure", "show", "9.999999"], vi="Không có thủ tục mã “9.999999”", en="There is no procedure with code")


# --- list -------------------------------------------------------------------------------------


def test_list_all(cli):
    everything = cli.json("procedure", "list")
    assert len(everything) >= 30
    assert len(set(codes(everything))) == len(everything)
    assert BIRTH in codes(everything)


@pytest.mark.parametrize("field", ["Hộ tịch", "ho tich", "HỘ TỊCH"])
def test_list_by_field_with_or_without_diacritics(cli, field):
    found = cli.json("procedure", "list", "--field", field)
    assert found and all(p["field"] == "Hộ tịch" for p in found)
    assert BIRTH in codes(found) and "1.004222" not in codes(found)


def test_list_by_field_human(cli):
    result = cli.ok("procedure", "list", "--field", "Cư trú")
    assert "Đăng ký thường trú" in result.stdout and "Đăng ký khai sinh" not in result.stdout


def test_list_unknown_field_names_the_fields(cli, refuse):
    cli.ok("office", "show")
    refuse(3, ["procedure", "list", "--field", "Thuế"], vi=["Không có lĩnh vực “Thuế”", "Hộ tịch", "Cư trú"],
           en=["There is no field", "Chứng thực"])


# --- agencies ---------------------------------------------------------------------------------


def test_agency_list(cli):
    agencies = cli.json("agency", "list")
    by_code = {a["code"]: a for a in agencies}
    assert {"ubnd-xa", "cong-an-xa", "bhxh", "phong-vhxh"} <= by_code.keys()
    assert by_code["ubnd-xa"]["name"].startswith("Ủy ban nhân dân")
    human = cli.ok("agency", "list").stdout
    assert "ubnd-xa" in human and "Công an xã" in human


# --- the office's own catalogue ---------------------------------------------------------------


@pytest.fixture
def office_catalogue(tmp_path):
    path = tmp_path / "tinh.yaml"
    path.write_text(textwrap.dedent(f"""\
        agencies:
          - code: ubnd-xa
            name: UBND xã Lương Phong
        procedures:
          - code: "{REBIRTH}"
            processing_days: 10
            fee: {{amount: 8000}}
          - code: "9.000001"
            name: Thủ tục riêng của tỉnh
            field: Thử nghiệm
            processing_days: 2
            fee: {{amount: 1000, mode: before}}
            online: none
            in_person: true
            agencies: [ubnd-xa]
            result: Kết quả.
            documents:
              - {{key: don, name: Đơn đề nghị, form: original, required: true}}
            source: tỉnh
        """), encoding="utf-8")
    return path


def test_office_catalogue_overrides_and_adds(cli, office_catalogue):
    changed = cli.json("procedure", "show", REBIRTH, "--catalogue", str(office_catalogue))
    assert changed["processing_days"] == 10 and changed["fee"]["amount"] == 8000
    assert changed["name"] == "Đăng ký lại khai sinh"  # keys not given are kept
    assert cli.json("procedure", "show", "9.000001", "--catalogue", str(office_catalogue))["name"] == "Thủ tục riêng của tỉnh"
    assert cli.json("procedure", "show", REBIRTH)["processing_days"] == 5  # without the file: shipped values
    via_env = cli.json("procedure", "show", REBIRTH, env={"DVC_CATALOGUE": str(office_catalogue)})
    assert via_env["processing_days"] == 10
    names = {a["code"]: a["name"] for a in cli.json("agency", "list", "--catalogue", str(office_catalogue))}
    assert names["ubnd-xa"] == "UBND xã Lương Phong"


def test_missing_or_broken_office_catalogue(cli, refuse, tmp_path):
    cli.ok("office", "show")
    refuse(2, ["procedure", "list", "--catalogue", str(tmp_path / "khong-co.yaml")],
           vi="Không tìm thấy tệp danh mục", en="does not exist")
    broken = tmp_path / "broken.yaml"
    broken.write_text("procedures:\n  - code: \"1.001193\"\n    processing_days: [\n", encoding="utf-8")
    refuse(2, ["procedure", "search", "khai sinh", "--catalogue", str(broken)], vi="broken.yaml:", en="YAML syntax error")
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("procedures:\n  - code: \"1.001193\"\n    gia: 5\n", encoding="utf-8")
    refuse(2, ["procedure", "show", BIRTH, "--catalogue", str(unknown)], vi=["unknown.yaml:3", "“gia”"], en="unknown key “gia”")
