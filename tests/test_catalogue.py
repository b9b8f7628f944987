"""The procedure catalogue: shipped data, strict validation with file and line, overlay, search."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dvc_cli.catalogue import FEE_MODES, FORMS, ONLINE_LEVELS, Catalogue, Procedure, load
from dvc_cli.errors import InvalidInput, NotFound
from dvc_cli.strings import MESSAGES

REQUIRED_CODES = [
    "1.001193", "1.000656", "1.000894", "1.004873", "1.001022", "1.004859", "1.004837",
    "1.004884", "2.000635", "2.000815", "2.000884", "LOCAL.HDGD", "1.004222", "1.004194",
    "1.003197", "1.001776", "1.001731", "1.001699", "2.000986", "1.006714",
]

NEW_PROCEDURE = """\
  - code: "9.000001"
    name: Thủ tục thử
    field: Thử nghiệm
    processing_days: 2
    fee: {amount: 1000, mode: before}
    online: none
    in_person: true
    agencies: [ubnd-xa]
    result: Kết quả thử.
    documents:
      - {key: to_khai, name: Tờ khai, form: original, required: true}
    source: test
"""


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load()


def office_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def refused(key: str, path: Path) -> InvalidInput:
    """Load `path` as the office file, expect InvalidInput with `key`, check the message formats."""
    with pytest.raises(InvalidInput) as caught:
        load(path)
    error = caught.value
    assert error.key == key
    for text in MESSAGES[key]:
        text.format(**error.params)
    assert error.params["file"] == str(path)
    return error


def codes(found: list[Procedure]) -> list[str]:
    return [p.code for p in found]


# --- the shipped catalogue


def test_shipped_catalogue_has_the_named_procedures(shipped: Catalogue) -> None:
    assert len(shipped.procedures) >= 30
    assert set(REQUIRED_CODES) <= set(shipped.procedures)


def test_shipped_values_are_well_formed(shipped: Catalogue) -> None:
    for proc in shipped.procedures.values():
        keys = [doc.key for doc in proc.documents]
        assert len(keys) == len(set(keys)), proc.code
        assert proc.documents and proc.aliases and proc.source, proc.code
        assert proc.online in ONLINE_LEVELS and proc.fee.mode in FEE_MODES
        assert all(doc.form in FORMS for doc in proc.documents)
        assert set(proc.agencies) <= set(shipped.agencies)


def test_shipped_facts_match_the_reference(shipped: Catalogue) -> None:
    birth = shipped.get("1.001193")
    assert (birth.processing_days, birth.online, birth.in_person) == (0, "full", False)
    assert birth.fee.amount is None and "60 ngày" in birth.fee.exemptions
    assert birth.document("giay_chung_sinh").required
    assert birth.document("nope") is None
    copy = shipped.get("2.000815")
    assert (copy.fee.amount, copy.fee.mode) == (2000, "before")
    assert shipped.get("LOCAL.HDGD").fee.amount == 50000
    assert "NỘI BỘ" in shipped.get("LOCAL.HDGD").source
    marriage = shipped.get("1.000894")
    assert marriage.in_person and marriage.fee.mode == "exempt"
    residence = shipped.get("1.004222")
    assert (residence.processing_days, residence.fee.amount, residence.agencies) == (7, 20000, ("cong-an-xa",))
    assert shipped.get("2.000986").agencies == ("ubnd-xa", "cong-an-xa", "bhxh")


def test_to_json_shape(shipped: Catalogue) -> None:
    data = shipped.get("1.001193").to_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) >= {
        "code", "name", "field", "processing_days", "processing_note", "fee", "online",
        "in_person", "agencies", "result", "aliases", "documents", "source",
    }
    assert set(data["fee"]) == {"amount", "mode", "exemptions", "note"}
    assert set(data["documents"][0]) == {"key", "name", "form", "required", "note"}
    assert data["agencies"] == ["ubnd-xa"] and data["code"] == "1.001193"


# --- look-ups


def test_get_accepts_provincial_suffixes(shipped: Catalogue) -> None:
    assert shipped.get("2.000815.000.00.00.H55").code == "2.000815"
    assert shipped.get(" 1.001193.H19 ").code == "1.001193"
    with pytest.raises(NotFound) as caught:
        shipped.get("9.999999")
    assert caught.value.key == "procedure.not_found" and caught.value.params == {"code": "9.999999"}


def test_agency_and_fields(shipped: Catalogue) -> None:
    assert shipped.agency("cong-an-xa").name.startswith("Công an")
    with pytest.raises(NotFound) as caught:
        shipped.agency("ubnd-huyen")
    assert caught.value.key == "agency.not_found"
    assert {"Hộ tịch", "Chứng thực", "Cư trú", "Liên thông", "Bảo trợ xã hội"} <= set(shipped.fields())
    assert {p.code for p in shipped.in_field("cu tru")} >= {"1.004222", "1.004194", "1.003197"}
    with pytest.raises(NotFound) as caught:
        shipped.in_field("Thuế")
    assert caught.value.key == "field.not_found" and "Hộ tịch" in caught.value.params["choices"]


# --- search


@pytest.mark.parametrize(
    "query, first",
    [
        ("khai sinh", "1.001193"),
        ("dang ky khai sinh", "1.001193"),
        ("Đăng ký khai sinh", "1.001193"),
        ("DANG KY KHAI SINH", "1.001193"),
        ("khai sinh dang ky", "1.001193"),
        ("khai sinhh", "1.001193"),
        ("ket hon", "1.000894"),
        ("giay doc than", "1.004873"),
        ("nhap ho khau", "1.004222"),
        ("cắt khẩu", "1.003197"),
        ("1.0011", "1.001193"),
        ("2.000815.000.00.00.H55", "2.000815"),
        ("bao tu", "1.000656"),
    ],
)
def test_search_first_hit(shipped: Catalogue, query: str, first: str) -> None:
    assert codes(shipped.search(query))[0] == first


def test_search_ranks_the_plain_procedure_above_longer_names(shipped: Catalogue) -> None:
    found = codes(shipped.search("khai sinh"))
    assert found.index("1.001193") < found.index("1.000689")
    assert found.index("1.001193") < found.index("1.004884")


def test_search_everyday_words(shipped: Catalogue) -> None:
    assert "2.000815" in codes(shipped.search("cong chung", limit=3))


def test_search_limits_and_empty_queries(shipped: Catalogue) -> None:
    assert len(shipped.search("dang ky", limit=3)) == 3
    assert shipped.search("") == [] and shipped.search("   ") == []
    assert shipped.search("xyzzy qwerty") == []


# --- office overlay


def test_office_file_overrides_fee_and_time_and_keeps_the_rest(tmp_path: Path, shipped: Catalogue) -> None:
    path = office_file(tmp_path, textwrap.dedent("""\
        agencies:
          - {code: ubnd-xa, name: UBND phường Ba Đình}
          - {code: buu-dien, name: Bưu điện}
        procedures:
          - code: "1.004873"
            processing_days: 2
            fee: {amount: 5000}
    """) + NEW_PROCEDURE)
    catalogue = load(path)
    changed, before = catalogue.get("1.004873"), shipped.get("1.004873")
    assert (changed.processing_days, changed.fee.amount) == (2, 5000)
    assert changed.fee.mode == before.fee.mode and changed.fee.exemptions == before.fee.exemptions
    assert changed.documents == before.documents and changed.name == before.name
    assert catalogue.agency("ubnd-xa").name == "UBND phường Ba Đình"
    assert catalogue.agency("ubnd-xa").note == shipped.agency("ubnd-xa").note
    assert catalogue.get("9.000001").agencies == ("ubnd-xa",)
    assert list(catalogue.procedures)[-1] == "9.000001"


def test_empty_office_file_changes_nothing(tmp_path: Path, shipped: Catalogue) -> None:
    assert load(office_file(tmp_path, "")).procedures == shipped.procedures


# --- validation errors name the file and line


def test_missing_office_file(tmp_path: Path) -> None:
    error = refused("catalogue.not_found", tmp_path / "office.yaml")
    assert error.params == {"file": str(tmp_path / "office.yaml")}


@pytest.mark.parametrize(
    "text, key, line",
    [
        ("procedures:\n  - code: [1\n", "catalogue.yaml_syntax", 3),
        ("procedures:\n  - code: '1.001193'\n    colour: red\n", "catalogue.unknown_key", 3),
        ("agencies: []\nextra: 1\n", "catalogue.unknown_key", 2),
        ("procedures:\n  - name: X\n", "catalogue.missing_field", 2),
        ("procedures:\n  - code: '1.001193'\n    processing_days: true\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    processing_days: -1\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    processing_days: '3'\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    fee: {amount: 20.000}\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    fee: {amount: 5000, mode: exempt}\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    online: maybe\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    in_person: 'yes'\n", "catalogue.bad_value", 3),
        ("procedures:\n  - code: '1.001193'\n    agencies: [ubnd-huyen]\n", "catalogue.unknown_agency", 3),
        ("procedures:\n  - code: '1.001193'\n  - code: '1.001193'\n", "catalogue.duplicate", 3),
        ("agencies:\n  - {code: a, name: A}\n  - {code: a, name: B}\n", "catalogue.duplicate", 3),
        ("agencies:\n  - {code: new-agency}\n", "catalogue.missing_field", 2),
        (
            "procedures:\n  - code: '1.001193'\n    documents:\n"
            "      - {key: to_khai, name: A, form: original, required: true}\n"
            "      - {key: to_khai, name: B, form: copy, required: false}\n",
            "catalogue.duplicate", 5,
        ),
        (
            "procedures:\n  - code: '1.001193'\n    documents:\n"
            "      - {key: to_khai, name: A, form: scan, required: true}\n",
            "catalogue.bad_value", 4,
        ),
        (
            "procedures:\n  - code: '1.001193'\n    documents:\n"
            "      - {key: Tờ khai, name: A, form: copy, required: true}\n",
            "catalogue.bad_value", 4,
        ),
    ],
)
def test_bad_office_file(tmp_path: Path, text: str, key: str, line: int) -> None:
    error = refused(key, office_file(tmp_path, text))
    assert error.params["line"] == line


def test_bad_encoding_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "office.yaml"
    path.write_bytes(b"procedures:\n  - code: '1.001193'\n    name: \xff bad\n")
    assert refused("catalogue.yaml_syntax", path).params["line"] == 3


def test_new_procedure_must_be_complete(tmp_path: Path) -> None:
    text = "procedures:\n" + NEW_PROCEDURE.replace("    result: Kết quả thử.\n", "")
    error = refused("catalogue.missing_field", office_file(tmp_path, text))
    assert (error.params["field"], error.params["line"]) == ("result", 2)


def test_new_procedure_fee_needs_amount_and_mode(tmp_path: Path) -> None:
    text = "procedures:\n" + NEW_PROCEDURE.replace("{amount: 1000, mode: before}", "{amount: 1000}")
    error = refused("catalogue.missing_field", office_file(tmp_path, text))
    assert (error.params["field"], error.params["line"]) == ("mode", 6)


def test_importing_the_module_does_not_load_yaml() -> None:
    script = "import sys, dvc_cli.catalogue; print('yaml' in sys.modules, 'importlib.resources' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
