"""`dvc-cli wizard`: whole intakes typed key by key through the real CLI, on a real SQLite file with
real scans. The clock is Monday 23/11/2026 09:00, so a birth registration is due the same day."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import AGENCY_ID, BIRTH, CITIZEN_ID, MARITAL
from tests.wizard.conftest import CTRL_C, ENTER, ESC, line
from tests.qrkit import decode_terminal

NEW_ID = "079190000123"  # Hồ Chí Minh City, a woman born in 1990
NEW_NAME = "Lê Thị Bích"
CLEAR = "\x15"  # Ctrl-U: clear the line (a question's default answer)

FIND_BY_ID = line(CITIZEN_ID) + ENTER  # found -> "is this the citizen?" Enter = yes
BIRTH_BY_CODE = line(BIRTH) + ENTER  # exact code -> its facts -> "use it?" Enter = yes
NO_OPTIONAL = ENTER  # "which conditional papers?" -> Done
DELIVERY_DEFAULTS = ENTER + ENTER  # channel: at the desk; result: at the desk
REVIEW_AND_SUBMIT = ENTER + ENTER + ENTER  # "all correct?" yes; "exempt from the fee?" no; submit
# (then the office's default asks whether to print the receipt; when the keys run out the answer is no)


def birth_papers(scans) -> str:
    """Attach the two required papers of a birth registration: to_khai (PDF), giay_chung_sinh (PNG)."""
    return NO_OPTIONAL + ENTER + line(str(scans.pdf)) + ENTER + line(str(scans.png))


def rows(db, sql, *args):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()


def only_dossier(db):
    (dossier,) = rows(db, "SELECT * FROM dossiers")
    return dossier


def test_birth_registration_for_a_new_citizen_with_two_scans(typed, office, db, scans):
    keys = (
        line(NEW_ID) + ENTER  # not on record -> register? yes
        + line(NEW_NAME) + line("01/02/1990") + ENTER  # gender: the one the ID says (female)
        + line("0987 654 321") + ENTER + line("Xóm Bãi, xã Lương Phong")  # phone, no email, address
        + line("khai sinh") + ENTER + ENTER  # search, first match, use it
        + birth_papers(scans) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout + result.stderr
    for n, title in enumerate(["Công dân", "Thủ tục hành chính", "Cơ quan giải quyết", "Giấy tờ",
                               "Hình thức nộp và nhận kết quả", "Kiểm tra lại", "Cam kết và tiếp nhận"], 1):
        assert f"Bước {n}/7 · {title}" in result.stdout
    (citizen,) = rows(db, "SELECT * FROM citizens")
    assert (citizen["personal_id"], citizen["name"], citizen["dob"], citizen["gender"], citizen["phone"]) == (
        NEW_ID, NEW_NAME, "1990-02-01", "female", "0987654321")
    dossier = only_dossier(db)
    assert dossier["status"] == 2 and dossier["procedure_code"] == BIRTH
    assert dossier["code"] == f"{AGENCY_ID}-261123-0001" and dossier["due_date"] == "2026-11-23"
    files = rows(db, "SELECT doc_key, filename, mime FROM attachments ORDER BY id")
    assert files == [
        {"doc_key": "to_khai", "filename": scans.pdf.name, "mime": "application/pdf"},
        {"doc_key": "giay_chung_sinh", "filename": scans.png.name, "mime": "image/png"},
    ]
    assert "Tôi xin chịu trách nhiệm trước pháp luật về lời khai trên" in result.stdout
    assert dossier["code"] in result.stdout and "23/11/2026" in result.stdout
    assert decode_terminal(result.stdout) == [dossier["code"]]
    # the review showed the ID masked, never whole
    assert "079******123" in result.stdout and NEW_ID not in result.stdout


def test_existing_citizen_found_by_name_without_diacritics(typed, desk, db, scans):
    keys = line("nguyen van an") + ENTER + BIRTH_BY_CODE + birth_papers(scans) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    assert only_dossier(db)["status"] == 2 and only_dossier(db)["citizen_id"] == desk["citizen"]["id"]
    assert len(rows(db, "SELECT * FROM citizens")) == 1


def test_papers_presented_in_person_and_result_by_post(typed, desk, db):
    keys = (
        FIND_BY_ID + BIRTH_BY_CODE
        + NO_OPTIONAL + line("2") + line("2")  # both papers: "the citizen shows the original"
        + ENTER + line("2") + CLEAR + line("Số 5, ngõ 2, phố Huế")  # at the desk; result by post, elsewhere
        + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    dossier = only_dossier(db)
    assert (dossier["delivery"], dossier["delivery_address"]) == ("post", "Số 5, ngõ 2, phố Huế")
    assert {d["key"]: d["presented"] for d in rows(db, "SELECT key, presented FROM dossier_documents WHERE required")} == {
        "to_khai": 1, "giay_chung_sinh": 1}
    assert rows(db, "SELECT * FROM attachments") == []


def test_going_back_a_step_changes_the_procedure_of_the_same_draft(typed, desk, db, scans):
    keys = (
        FIND_BY_ID + BIRTH_BY_CODE
        + ESC  # at the papers: back; the agency step asked nothing, so straight back to the procedure
        + CLEAR + line(MARITAL) + ENTER
        + NO_OPTIONAL + ENTER + line(str(scans.pdf))  # marital status: one required paper
        + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("Bước 2/7") == 2 and result.stdout.count("Bước 4/7") == 2
    dossier = only_dossier(db)  # still one dossier: the draft was changed, not duplicated
    assert dossier["procedure_code"] == MARITAL and dossier["status"] == 2
    assert dossier["due_date"] == "2026-11-27"  # 3 working days, Tuesday 24/11 a holiday
    assert [d["key"] for d in rows(db, "SELECT key FROM dossier_documents ORDER BY position")] == ["to_khai", "ly_hon_hoac_chet", "giay_xac_nhan_cu"]


def test_back_from_the_review_keeps_every_answer(typed, desk, db, scans):
    keys = (
        FIND_BY_ID + BIRTH_BY_CODE + birth_papers(scans) + DELIVERY_DEFAULTS
        + line("k")  # review: "all correct?" no -> back to channel and delivery
        + ENTER + line("2") + ENTER  # result by post; the citizen's address is offered, Enter keeps it
        + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    dossier = only_dossier(db)
    assert dossier["delivery_address"] == "Thôn Đông, xã Lương Phong"
    assert len(rows(db, "SELECT * FROM attachments")) == 2


def test_wrong_answers_are_asked_again_with_the_reason(typed, office, db, scans):
    keys = (
        line("Lê Văn Tám") + ENTER  # nobody by that name -> register a new citizen
        + line("12345")  # too short
        + line("999190000123")  # no such province
        + line(NEW_ID)
        + line("")  # empty name
        + line(NEW_NAME)
        + line("31/02/1990")  # no such date
        + line("01/02/2005")  # the ID says born in the 1900s
        + line("01/02/1990") + ENTER
        + line("12345") + line("0987654321")  # not a mobile number, then a good one
        + line("not-an-email") + ENTER  # bad email, then none
        + ENTER  # no address
        + BIRTH_BY_CODE + birth_papers(scans) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "Không tìm thấy công dân nào khớp “Lê Văn Tám”" in out
    reasons = [line_[2:] for line_ in out.splitlines() if line_.startswith("✗ ")]
    assert len(reasons) == 7, out
    for reason, expected in zip(reasons, (
        "phải gồm đúng 12 chữ số (bạn nhập 5 ký tự)", "bắt đầu bằng 999", "Trường “Họ và tên” không được để trống",
        "“31/02/1990” không có thật", "năm sinh 2005", "không phải số di động", "“not-an-email” không hợp lệ",
    )):
        assert expected in reason, (expected, reason)
    (citizen,) = rows(db, "SELECT personal_id, email, address FROM citizens")
    assert citizen == {"personal_id": NEW_ID, "email": None, "address": None}
    assert only_dossier(db)["status"] == 2


def test_ctrl_c_keeps_a_resumable_draft_and_resume_finishes_it(typed, desk, db, scans):
    keys = FIND_BY_ID + BIRTH_BY_CODE + NO_OPTIONAL + ENTER + line(str(scans.pdf)) + CTRL_C
    stopped = typed("wizard", keys=keys)
    assert stopped.exit_code == 130
    assert "dvc-cli wizard --resume 1" in stopped.stdout
    dossier = only_dossier(db)
    assert dossier["status"] == 0 and dossier["code"] is None
    assert [a["doc_key"] for a in rows(db, "SELECT doc_key FROM attachments")] == ["to_khai"]
    assert rows(db, "SELECT step FROM wizard_progress") == [{"step": 3}]

    keys = (
        NO_OPTIONAL + ENTER  # to_khai: keep the file attached before the stop
        + ENTER + line(str(scans.png)) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    )
    resumed = typed("wizard", "--resume", "1", keys=keys)
    assert resumed.exit_code == 0, resumed.stdout
    assert "Tiếp tục hồ sơ nháp số 1 của Nguyễn Văn An" in resumed.stdout
    assert "Bước 1/7" not in resumed.stdout and "Bước 4/7" in resumed.stdout
    assert f"Giữ nguyên: {scans.pdf.name}" in resumed.stdout or scans.pdf.name in resumed.stdout
    dossier = only_dossier(db)
    assert dossier["status"] == 2 and dossier["code"] == f"{AGENCY_ID}-261123-0001"
    assert len(rows(db, "SELECT * FROM attachments")) == 2


def test_a_closed_terminal_midway_keeps_the_draft_at_its_step(typed, desk, db, scans):
    # the keys run out during step 5 (as when the terminal window is closed): same as Ctrl-C
    stopped = typed("wizard", keys=FIND_BY_ID + BIRTH_BY_CODE + birth_papers(scans))
    assert stopped.exit_code == 130
    assert rows(db, "SELECT step FROM wizard_progress") == [{"step": 4}]
    resumed = typed("wizard", "--resume", "#1", keys=DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT)
    assert resumed.exit_code == 0, resumed.stdout
    assert "Bước 5/7" in resumed.stdout and "Bước 4/7" not in resumed.stdout
    assert only_dossier(db)["status"] == 2


def test_ctrl_c_before_any_draft_says_nothing_was_kept(typed, desk, db):
    stopped = typed("wizard", keys=FIND_BY_ID + CTRL_C)
    assert stopped.exit_code == 130
    assert "Chưa có hồ sơ nháp nào được lưu" in stopped.stdout
    assert rows(db, "SELECT * FROM dossiers") == []


def test_esc_at_the_first_step_leaves_without_a_trace(typed, desk, db, unchanged):
    with unchanged():
        result = typed("wizard", keys=ESC + CLEAR)  # a lone Esc at the very end would wait for more keys
    assert result.exit_code == 0


def test_in_english(typed, desk, db, scans):
    keys = FIND_BY_ID + BIRTH_BY_CODE + birth_papers(scans) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    result = typed("wizard", "--lang", "en", keys=keys)
    assert result.exit_code == 0, result.stdout
    assert "Step 1/7 · Citizen" in result.stdout and "Step 7/7 · Declaration and intake" in result.stdout
    assert "Dossier received" in result.stdout and "Bước" not in result.stdout


@pytest.mark.parametrize("args", [["wizard"], ["wizard", "--resume", "1"]])
def test_without_a_terminal_the_wizard_refuses(cli, desk, refuse, args):
    refuse(2, args, vi="cần một cửa sổ dòng lệnh", en="needs a terminal")


def test_the_office_must_be_set_up_first(typed, citizen, db):
    result = typed("wizard", keys=FIND_BY_ID)
    assert result.exit_code == 4
    assert "Bước 1/7" not in result.stdout


def test_resume_refuses_a_received_dossier_and_an_unknown_one(typed, desk, db, scans):
    typed("wizard", keys=FIND_BY_ID + BIRTH_BY_CODE + birth_papers(scans) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT)
    code = only_dossier(db)["code"]
    for ref, exit_code in ((code, 4), ("#7", 3)):
        result = typed("wizard", "--resume", ref, keys=ENTER)
        assert result.exit_code == exit_code and result.stdout == ""


def test_procedure_suggestions_come_from_the_catalogue_search(desk, db):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document
    from rich.console import Console

    from dvc_cli.desk import Desk
    from dvc_cli.wizard.steps import Intake, _procedure_completer

    completer = _procedure_completer(Intake(Desk.open(db, "test"), Console()))
    codes = [c.text for c in completer.get_completions(Document("dang ky khai sinh"), CompleteEvent())]
    assert codes[0] == BIRTH and len(codes) <= 6
    assert list(completer.get_completions(Document("k"), CompleteEvent())) == []


def test_an_empty_file_answer_goes_back_to_the_papers_choices(typed, desk, db, scans):
    keys = (
        FIND_BY_ID + BIRTH_BY_CODE + NO_OPTIONAL
        + ENTER + ENTER  # to_khai: attach… then an empty path: back to its choices
        + line("2")  # the citizen shows the original instead
        + ENTER + line(str(scans.png)) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    documents = rows(db, "SELECT key, presented FROM dossier_documents WHERE required ORDER BY position")
    assert documents == [{"key": "to_khai", "presented": 1}, {"key": "giay_chung_sinh", "presented": 0}]
    assert [a["doc_key"] for a in rows(db, "SELECT doc_key FROM attachments")] == ["giay_chung_sinh"]


def test_an_on_time_birth_registration_is_exempt_from_the_fee(typed, desk, db, scans):
    keys = (
        FIND_BY_ID + BIRTH_BY_CODE + birth_papers(scans) + DELIVERY_DEFAULTS + ENTER
        + line("c") + ENTER  # exempt: yes; the reason offered is the catalogue's first case
        + ENTER  # submit
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    assert "Diện được miễn phí, lệ phí: Miễn khi đăng ký đúng hạn" in result.stdout
    dossier = only_dossier(db)
    assert dossier["status"] == 2
    assert dossier["fee_exempt_reason"] == "Miễn khi đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh, Luật Hộ tịch Đ15.1)"
    assert rows(db, "SELECT action FROM audit WHERE action = 'dossier.fee'") == [{"action": "dossier.fee"}]


def test_esc_inside_a_step_comes_back_to_its_search(typed, desk, db, scans):
    keys = (
        line(NEW_ID) + ENTER + line("Tên Bỏ Dở") + ESC  # registering someone new: Esc at the birth date
        + CLEAR + FIND_BY_ID  # ... is back at the citizen search, not out of the wizard
        + line("khai sinh") + ESC  # the list of procedures: Esc
        + CLEAR + BIRTH_BY_CODE  # ... back at the procedure search
        + birth_papers(scans) + DELIVERY_DEFAULTS + REVIEW_AND_SUBMIT
    )
    result = typed("wizard", keys=keys)
    assert result.exit_code == 0, result.stdout
    assert rows(db, "SELECT personal_id FROM citizens") == [{"personal_id": CITIZEN_ID}]
    assert only_dossier(db)["status"] == 2
