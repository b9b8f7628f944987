"""`dvc-cli dossier new | attach | detach | submit | move | show | list` and `dvc-cli status`,
through the real CLI, a real SQLite file and real files on disk.

The clock is Monday 23/11/2026 09:00 unless a test moves it; 24/11/2026 is a public holiday.
"""

from __future__ import annotations

import json
import re
import sqlite3
import textwrap
from pathlib import Path

import pytest

from tests.conftest import (
    AGENCY_ID,
    BIRTH,
    BIRTH_DOCS,
    CITIZEN_ID,
    CITIZEN_NAME,
    CITIZEN_PHONE,
    MARITAL,
    REBIRTH,
    files_dir,
    new_draft,
    received,
    sha256_of,
)

CODE = re.compile(r"^000\.17\.22\.H56-(\d{6})-(\d{4})$")
MASKED_ID = "001******345"

OTHER_ID = "079190000123"
OTHER_NAME = "Lê Thị Bích"


def blobs(db: Path) -> dict[str, bytes]:
    """Every regular file in the attachment folder, by path relative to it."""
    root = files_dir(db)
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def blob_path(sha: str) -> str:
    return f"{sha[:2]}/{sha}"


def attach(cli, ref, key, path, **kw):
    return cli.json("dossier", "attach", ref, key, path, **kw)


def attach_all(cli, ref, scans):
    attach(cli, ref, "to_khai", scans.pdf)
    return attach(cli, ref, "giay_chung_sinh", scans.pdf2)


def ready_draft(cli, scans, procedure=BIRTH, **kw):
    """A draft of a birth registration with both required papers attached."""
    assert procedure == BIRTH
    return new_draft(cli, BIRTH, "--attach", f"to_khai={scans.pdf}", "--attach", f"giay_chung_sinh={scans.pdf2}", **kw)


def ref_of(view) -> str:
    return view["code"] or str(view["id"])


# ============================================================================== new


def test_new_opens_a_draft_with_its_checklist(cli, desk):
    result = cli.ok("dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--json")
    view = json.loads(result.stdout)
    assert result.stderr == ""
    assert view["id"] == 1 and view["code"] is None
    assert view["status"] == "draft" and view["status_code"] == 0
    assert view["citizen"] == {"id": 1, "personal_id": CITIZEN_ID, "name": CITIZEN_NAME, "phone": CITIZEN_PHONE}
    assert view["procedure"]["code"] == BIRTH and view["procedure"]["name"] == "Đăng ký khai sinh"
    assert view["agency"]["code"] == "ubnd-xa"
    assert (view["channel"], view["delivery"]) == ("direct", "desk")
    assert view["received_at"] is None and view["due_date"] is None and view["overdue"] is False
    assert [d["key"] for d in view["missing_documents"]] == list(BIRTH_DOCS)
    assert view["attachments"] == []
    assert view["history"] == [
        {"at": "2026-11-23T09:00:00", "from": None, "to": "draft", "clerk": "Trần Thị Bình", "note": ""}
    ]


def test_new_human_output_says_the_draft_number(cli, desk):
    result = cli.ok("dossier", "new", "--citizen", "1", "--procedure", BIRTH)
    assert "Đã mở hồ sơ nháp số 1." in result.stderr
    assert "Đăng ký khai sinh" in result.stdout and "CHƯA CÓ" in result.stdout
    english = cli.ok("dossier", "new", "--citizen", "#1", "--procedure", BIRTH, "--lang", "en")
    assert "Draft dossier 2 opened." in english.stderr and "MISSING" in english.stdout


def test_new_with_options_and_attachments(cli, desk, scans, db):
    view = new_draft(cli, "2.000986", "--agency", "bhxh", "--channel", "POST", "--delivery", "online",
                     "--attach", f"giay_chung_sinh={scans.png}")
    assert view["agency"]["code"] == "bhxh"
    assert (view["channel"], view["delivery"]) == ("post", "online")
    assert [(a["key"], a["mime"]) for a in view["attachments"]] == [("giay_chung_sinh", "image/png")]
    assert blobs(db) == {blob_path(sha256_of(scans.png)): scans.png.read_bytes()}


def test_new_with_a_provincial_procedure_code(cli, desk):
    view = new_draft(cli, f"{BIRTH}.H56")  # a province's code with its local suffix
    assert view["procedure"]["code"] == BIRTH


def test_new_missing_flags_are_named(cli, refuse, desk):
    vi, _en = refuse(2, ["dossier", "new"], vi="--citizen, --procedure", en="Missing required options: --citizen, --procedure")
    vi, _ = refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID], vi="--procedure", en="--procedure")
    assert "--citizen" not in vi


def test_new_refusals_change_nothing(cli, refuse, desk, scans):
    new_draft(cli)  # something in the database to keep
    refuse(3, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", "9.999999"],
           vi="Không có thủ tục mã", en="There is no procedure")
    refuse(3, ["dossier", "new", "--citizen", "079203000001", "--procedure", BIRTH],
           vi="Không tìm thấy công dân", en="No such citizen")
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--agency", "bhxh"],
           vi=["Cơ quan “bhxh” không giải quyết thủ tục này", "ubnd-xa"], en=["does not handle this procedure", "ubnd-xa"])
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--agency", "khong-co"],
           vi="không giải quyết", en="does not handle")
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--channel", "fax"],
           vi=["“fax” không hợp lệ", "direct, online, post"], en="direct, online, post")
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--delivery", "drone"],
           vi="desk, post, online", en="desk, post, online")
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--attach", str(scans.pdf)],
           vi="KEY=ĐƯỜNG_DẪN", en="is not KEY=PATH")
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--attach", f"ho_chieu={scans.pdf}"],
           vi=["không có giấy tờ “ho_chieu”", "to_khai"], en=["has no paper “ho_chieu”", "giay_chung_sinh"])
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH, "--attach", f"to_khai={scans.folder / 'nope.pdf'}"],
           vi="Không có tệp", en="There is no file")


def test_new_with_a_good_then_a_bad_file_stores_nothing(cli, refuse, desk, scans, db):
    new_draft(cli)
    text = scans.make("giay_chung_sinh.pdf.txt", b"just some text\n")
    refuse(2, ["dossier", "new", "--citizen", CITIZEN_ID, "--procedure", BIRTH,
               "--attach", f"to_khai={scans.pdf}", "--attach", f"giay_chung_sinh={text}"],
           vi="không phải PDF, JPEG hay PNG", en="is not a PDF, JPEG or PNG")
    assert blobs(db) == {}


# ============================================================================== attach


def test_attach_copies_into_a_content_addressed_store(cli, desk, scans, db):
    draft = new_draft(cli)
    result = cli.ok("dossier", "attach", str(draft["id"]), "to_khai", str(scans.pdf), "--json")
    view = json.loads(result.stdout)
    sha = sha256_of(scans.pdf)
    assert view["attachments"] == [{
        "key": "to_khai", "filename": "to_khai.pdf", "sha256": sha, "size": scans.pdf.stat().st_size,
        "mime": "application/pdf", "attached_at": "2026-11-23T09:00:00",
    }]
    assert [d["key"] for d in view["missing_documents"]] == ["giay_chung_sinh"]
    assert blobs(db) == {blob_path(sha): scans.pdf.read_bytes()}
    human = cli.ok("dossier", "attach", "#1", "giay_chung_sinh", str(scans.jpeg))
    assert "Đã đính kèm cho “giay_chung_sinh”." in human.stderr
    assert "anh.jpg" in human.stdout


@pytest.mark.parametrize(("name", "kind", "mime"), [
    ("scan.pdf", "pdf", "application/pdf"),
    ("photo.png", "png", "image/png"),
    ("photo.jpg", "jpeg", "image/jpeg"),
    ("anh-chup.pdf", "png", "image/png"),  # the content decides, not the name
    ("SCAN", "pdf", "application/pdf"),
])
def test_attach_sniffs_the_content(cli, desk, scans, name, kind, mime):
    path = scans.make(name, getattr(scans, kind).read_bytes())
    draft = new_draft(cli)
    view = attach(cli, draft["id"], "to_khai", path)
    assert [(a["filename"], a["mime"]) for a in view["attachments"]] == [(name, mime)]


def test_attach_refusals_change_nothing(cli, refuse, desk, scans, db):
    draft = new_draft(cli)
    attach(cli, draft["id"], "to_khai", scans.pdf)  # the store is not empty
    ref = str(draft["id"])
    empty = scans.make("empty.pdf", b"")
    text = scans.make("really-text.pdf", b"%PD not really a pdf, just text\n")
    html = scans.make("scan.jpg", b"<html><body>not an image</body></html>")
    refuse(2, ["dossier", "attach", ref, "giay_chung_sinh", scans.folder / "missing.pdf"], vi="Không có tệp", en="There is no file")
    refuse(2, ["dossier", "attach", ref, "giay_chung_sinh", scans.folder], vi="không phải là một tệp thường", en="is not a regular file")
    refuse(2, ["dossier", "attach", ref, "giay_chung_sinh", empty], vi="rỗng", en="is empty")
    refuse(2, ["dossier", "attach", ref, "giay_chung_sinh", text], vi="không phải PDF, JPEG hay PNG", en="checked by its content")
    refuse(2, ["dossier", "attach", ref, "giay_chung_sinh", html], vi="không phải PDF, JPEG hay PNG", en="not a PDF, JPEG or PNG")
    refuse(2, ["dossier", "attach", ref, "ho_chieu", scans.pdf2], vi=["“ho_chieu”", "giay_chung_sinh"], en="valid keys")
    refuse(3, ["dossier", "attach", "99", "to_khai", scans.pdf2], vi="Không tìm thấy hồ sơ “99”", en="No dossier “99”")
    refuse(2, ["dossier", "attach", "hồ-sơ-1", "to_khai", scans.pdf2], vi="không phải mã hồ sơ", en="is neither a receipt code")


def test_attach_too_big(cli, refuse, desk, scans):
    from dvc_cli.files import MAX_SIZE

    draft = new_draft(cli)
    big = scans.folder / "big.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_SIZE + 1)
    refuse(2, ["dossier", "attach", draft["id"], "to_khai", big], vi="quá giới hạn", en="over the")


def test_same_file_twice_is_stored_once(cli, desk, scans, db):
    draft = new_draft(cli)
    sha = sha256_of(scans.pdf)
    attach(cli, draft["id"], "to_khai", scans.pdf)
    again = cli.ok("dossier", "attach", str(draft["id"]), "to_khai", str(scans.pdf))
    assert "đã được đính kèm" in again.stderr
    view = attach(cli, draft["id"], "giay_chung_sinh", scans.pdf)  # same scan for another paper
    other = new_draft(cli, BIRTH, "--attach", f"to_khai={scans.pdf}")  # and in another dossier
    assert [(a["key"], a["sha256"]) for a in view["attachments"]] == [("to_khai", sha), ("giay_chung_sinh", sha)]
    assert [a["sha256"] for a in other["attachments"]] == [sha]
    assert blobs(db) == {blob_path(sha): scans.pdf.read_bytes()}  # one blob, named by its sha256


def test_a_later_change_to_the_original_does_not_change_the_dossier(cli, desk, scans, db):
    draft = new_draft(cli)
    original = scans.pdf.read_bytes()
    sha = sha256_of(scans.pdf)
    attach(cli, draft["id"], "to_khai", scans.pdf)
    scans.pdf.write_bytes(original.replace(b"To khai", b"Sua doi"))  # the clerk edits the file afterwards
    view = cli.json("dossier", "show", draft["id"])
    assert view["attachments"][0]["sha256"] == sha
    assert blobs(db) == {blob_path(sha): original}


def test_attach_is_refused_once_received_but_allowed_while_supplement_is_requested(cli, refuse, desk, scans):
    view = received(cli, BIRTH)
    code = view["code"]
    refuse(4, ["dossier", "attach", code, "uy_quyen", scans.pdf], vi="không thể thay đổi giấy tờ", en="can no longer be changed")
    refuse(4, ["dossier", "detach", code, "to_khai"], vi="Được tiếp nhận", en="“Received”")
    cli.ok("dossier", "move", code, "--to", "supplement_requested")
    assert attach(cli, code, "uy_quyen", scans.pdf)["attachments"][0]["key"] == "uy_quyen"


# ============================================================================== detach


def test_detach_removes_the_files_of_one_paper(cli, desk, scans, db):
    draft = new_draft(cli)
    ref = str(draft["id"])
    attach(cli, ref, "to_khai", scans.pdf)
    attach(cli, ref, "to_khai", scans.png)
    attach(cli, ref, "giay_chung_sinh", scans.pdf)  # shares the PDF blob
    result = cli.ok("dossier", "detach", ref, "to_khai", "--json")
    view = json.loads(result.stdout)
    assert [(a["key"], a["filename"]) for a in view["attachments"]] == [("giay_chung_sinh", "to_khai.pdf")]
    assert [d["key"] for d in view["missing_documents"]] == ["to_khai"]
    # the PNG is gone from disk; the PDF stays, another paper still uses it
    assert set(blobs(db)) == {blob_path(sha256_of(scans.pdf))}
    human = cli.ok("dossier", "detach", ref, "giay_chung_sinh")
    assert "Đã gỡ 1 tệp của “giay_chung_sinh”." in human.stderr
    assert blobs(db) == {}


def test_detach_keeps_a_blob_used_by_another_dossier(cli, desk, scans, db):
    first, second = new_draft(cli), new_draft(cli)
    attach(cli, first["id"], "to_khai", scans.pdf)
    attach(cli, second["id"], "to_khai", scans.pdf)
    cli.ok("dossier", "detach", first["id"], "to_khai")
    assert set(blobs(db)) == {blob_path(sha256_of(scans.pdf))}
    assert cli.json("dossier", "show", second["id"])["attachments"][0]["sha256"] == sha256_of(scans.pdf)


def test_detach_refusals(cli, refuse, desk, scans):
    draft = new_draft(cli)
    attach(cli, draft["id"], "to_khai", scans.pdf)
    refuse(3, ["dossier", "detach", draft["id"], "giay_chung_sinh"], vi="chưa có tệp đính kèm nào", en="Nothing is attached")
    refuse(2, ["dossier", "detach", draft["id"], "ho_chieu"], vi="không có giấy tờ “ho_chieu”", en="has no paper")
    refuse(3, ["dossier", "detach", "42", "to_khai"], vi="Không tìm thấy hồ sơ", en="No dossier")


# ============================================================================== submit


def test_submit_is_refused_while_required_papers_are_missing(cli, refuse, desk, scans):
    draft = new_draft(cli)
    refuse(4, ["dossier", "submit", draft["id"]],
           vi=["còn thiếu giấy tờ bắt buộc", "to_khai", "giay_chung_sinh", "--presented"],
           en=["Required papers are missing", "to_khai", "giay_chung_sinh"])
    attach(cli, draft["id"], "to_khai", scans.pdf)
    vi, _en = refuse(4, ["dossier", "submit", draft["id"]], vi="giay_chung_sinh", en="giay_chung_sinh")
    assert "to_khai" not in vi.split("(")[0]
    refuse(4, ["dossier", "submit", draft["id"], "--presented", "uy_quyen"], vi="giay_chung_sinh", en="giay_chung_sinh")


def test_submit_with_attachments_issues_code_and_appointment(cli, desk, scans):
    draft = new_draft(cli)
    attach_all(cli, draft["id"], scans)
    result = cli.ok("dossier", "submit", str(draft["id"]), "--json")
    view = json.loads(result.stdout)
    assert view["code"] == f"{AGENCY_ID}-261123-0001"
    assert view["status"] == "received" and view["status_code"] == 2
    assert view["received_at"] == "2026-11-23T09:00:00"
    assert view["due_date"] == "2026-11-23"
    assert view["missing_documents"] == []
    assert [h["to"] for h in view["history"]] == ["draft", "received"]
    assert view["history"][1]["from"] == "draft"


def test_submit_human_output(cli, desk, scans):
    draft = ready_draft(cli, scans)
    result = cli.ok("dossier", "submit", draft["id"])
    assert f"Mã hồ sơ: {AGENCY_ID}-261123-0001" in result.stderr
    assert "hẹn trả ngày 23/11/2026" in result.stderr
    assert "Được tiếp nhận" in result.stdout
    draft = ready_draft(cli, scans)
    english = cli.ok("dossier", "submit", draft["id"], "--lang", "en")
    assert f"Receipt code: {AGENCY_ID}-261123-0002" in english.stderr


def test_submit_with_papers_presented_in_person(cli, desk):
    draft = new_draft(cli)
    view = cli.json("dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh",
                    "--note", "Bản chính đã đối chiếu")
    docs = {d["key"]: d for d in view["documents"]}
    assert docs["to_khai"]["presented"] and docs["giay_chung_sinh"]["presented"]
    assert not docs["uy_quyen"]["presented"]
    assert view["history"][-1]["note"] == "Bản chính đã đối chiếu"
    assert "Đã xuất trình bản chính" in cli.ok("dossier", "show", view["code"]).stdout


def test_submit_mixing_attached_and_presented(cli, desk, scans):
    draft = new_draft(cli)
    attach(cli, draft["id"], "to_khai", scans.pdf)
    assert cli.json("dossier", "submit", draft["id"], "--presented", "giay_chung_sinh")["status"] == "received"


def test_submit_refusals_change_nothing(cli, refuse, desk):
    draft = new_draft(cli)
    ok = ["--presented", "to_khai", "--presented", "giay_chung_sinh"]
    refuse(2, ["dossier", "submit", draft["id"], "--presented", "ho_chieu"], vi="“ho_chieu”", en="has no paper")
    refuse(2, ["dossier", "submit", draft["id"], *ok, "--received-at", "23/11/2026 10:00"],
           vi="nằm trong tương lai", en="is in the future")
    refuse(2, ["dossier", "submit", draft["id"], *ok, "--received-at", "hôm qua"], vi="DD/MM/YYYY HH:MM", en="is not a date and time")
    refuse(2, ["dossier", "submit", draft["id"], *ok, "--received-at", "31/11/2026 10:00"], vi="không có thật", en="not a real calendar date")
    refuse(3, ["dossier", "submit", "7", *ok], vi="Không tìm thấy hồ sơ", en="No dossier")
    done = cli.json("dossier", "submit", draft["id"], *ok)
    refuse(4, ["dossier", "submit", done["code"], *ok], vi=["Không thể chuyển", "Được tiếp nhận"], en="cannot move")


def test_submit_without_the_office_set(cli, refuse, citizen):
    draft = new_draft(cli)
    refuse(4, ["dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh"],
           vi=["Chưa khai báo tên và mã định danh của cơ quan", "dvc-cli office set"],
           en=["agency identifier are not set", "dvc-cli office set"])


def test_receipt_codes_are_sequential_per_day(cli, desk):
    codes = [received(cli, BIRTH)["code"] for _ in range(3)]
    assert codes == [f"{AGENCY_ID}-261123-000{n}" for n in (1, 2, 3)]
    next_day = received(cli, MARITAL, now="2026-11-25T08:05:00")["code"]
    assert next_day == f"{AGENCY_ID}-261125-0001"
    assert received(cli, MARITAL, now="2026-11-25T08:10:00")["code"] == f"{AGENCY_ID}-261125-0002"
    assert all(CODE.match(c) for c in [*codes, next_day])


def test_back_entry_of_a_paper_dossier(cli, desk):
    draft = new_draft(cli, MARITAL)
    view = cli.json("dossier", "submit", draft["id"], "--presented", "to_khai", "--received-at", "20/11/2026 10:30")
    assert view["received_at"] == "2026-11-20T10:30:00"
    assert view["code"] == f"{AGENCY_ID}-261120-0001"  # numbered in the day it was received
    assert view["due_date"] == "2026-11-26"  # Mon 23, (Tue 24 holiday), Wed 25, Thu 26
    assert view["history"][-1]["at"] == "2026-11-23T09:00:00"  # the event itself is recorded now
    iso = new_draft(cli, MARITAL)
    assert cli.json("dossier", "submit", iso["id"], "--presented", "to_khai", "--received-at", "2026-11-20 11:00")["code"] \
        == f"{AGENCY_ID}-261120-0002"
    # today's sequence is independent
    assert received(cli, MARITAL)["code"] == f"{AGENCY_ID}-261123-0001"


@pytest.mark.parametrize(
    ("procedure", "now", "due"),
    [
        (BIRTH, "2026-11-23T09:00:00", "2026-11-23"),  # same day, before 15:00
        (BIRTH, "2026-11-23T14:59:00", "2026-11-23"),
        (BIRTH, "2026-11-23T15:30:00", "2026-11-25"),  # after 15:00: next working day, skipping the 24/11 holiday
        (BIRTH, "2026-11-20T16:00:00", "2026-11-23"),  # Friday afternoon: Monday
        (BIRTH, "2026-11-21T10:00:00", "2026-11-23"),  # received on a Saturday: Monday
        (MARITAL, "2026-11-23T09:00:00", "2026-11-27"),  # 3 days: 25, 26, 27
        (REBIRTH, "2026-11-23T09:00:00", "2026-12-01"),  # 5 days across the holiday and a weekend
        (REBIRTH, "2026-11-20T10:00:00", "2026-11-30"),  # 23, 25, 26, 27, 30
        (REBIRTH, "2026-02-13T09:00:00", "2026-02-27"),  # across Tết (16–20/02) and two weekends
        (REBIRTH, "2026-08-28T09:00:00", "2026-09-09"),  # across 31/08 (swapped day off) and 01–02/09
        (BIRTH, "2026-08-21T15:30:00", "2026-08-22"),  # Saturday 22/08/2026 is a national make-up working day
    ],
)
def test_appointment_dates(cli, desk, procedure, now, due):
    view = received(cli, procedure, now=now)
    assert view["due_date"] == due
    assert view["received_at"] == now


# ============================================================================== move

ALLOWED = {  # DESIGN.md §2, independent of the code's own table
    "draft": ["received", "registered"],
    "registered": ["received", "not_received", "withdrawn"],
    "received": ["processing", "supplement_requested", "payment_requested", "done", "withdrawn", "stopped"],
    "processing": ["supplement_requested", "payment_requested", "done", "withdrawn", "stopped"],
    "supplement_requested": ["processing", "withdrawn", "stopped"],
    "payment_requested": ["processing", "withdrawn", "stopped"],
    "done": ["returned"],
    "not_received": [], "withdrawn": [], "stopped": [], "returned": [],
}
CODES = {"draft": 0, "registered": 1, "received": 2, "not_received": 3, "processing": 4, "supplement_requested": 5,
         "payment_requested": 6, "withdrawn": 7, "stopped": 8, "done": 9, "returned": 10}
PATH = {
    "draft": [], "registered": ["registered"], "received": ["received"],
    "not_received": ["registered", "not_received"], "processing": ["received", "processing"],
    "supplement_requested": ["received", "supplement_requested"],
    "payment_requested": ["received", "payment_requested"], "withdrawn": ["received", "withdrawn"],
    "stopped": ["received", "stopped"], "done": ["received", "done"], "returned": ["received", "done", "returned"],
}


def dossier_in(cli, scans, state):
    view = ready_draft(cli, scans)
    for step in PATH[state]:
        view = cli.json("dossier", "move", ref_of(view), "--to", step)
    assert view["status"] == state
    return view


@pytest.mark.parametrize(("start", "target"), [(s, t) for s, targets in ALLOWED.items() for t in targets])
def test_every_allowed_move(cli, desk, scans, start, target):
    view = dossier_in(cli, scans, start)
    before = len(view["history"])
    moved = cli.json("dossier", "move", ref_of(view), "--to", target, "--note", f"{start} -> {target}",
                     "--clerk", "Phạm Văn D", now="2026-11-23T10:00:00")
    assert moved["status"] == target and moved["status_code"] == CODES[target]
    assert len(moved["history"]) == before + 1
    assert moved["history"][-1] == {"at": "2026-11-23T10:00:00", "from": start, "to": target,
                                    "clerk": "Phạm Văn D", "note": f"{start} -> {target}"}
    if target == "received":
        assert CODE.match(moved["code"])


REFUSED = [
    ("draft", "processing"), ("draft", "done"), ("draft", "returned"), ("registered", "processing"),
    ("received", "returned"), ("received", "registered"), ("processing", "received"), ("processing", "returned"),
    ("supplement_requested", "done"), ("payment_requested", "supplement_requested"), ("done", "processing"),
    ("done", "withdrawn"), ("returned", "done"), ("withdrawn", "processing"), ("stopped", "processing"),
    ("not_received", "received"), ("received", "received"),
]


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_refused_moves_name_the_allowed_states_and_change_nothing(cli, refuse, desk, scans, start, target):
    view = dossier_in(cli, scans, start)
    allowed = ALLOWED[start]
    vi, en = refuse(4, ["dossier", "move", ref_of(view), "--to", target],
                    vi=["Không thể chuyển hồ sơ", *allowed], en=["cannot move", *allowed])
    if not allowed:
        assert "trạng thái cuối" in vi and "final state" in en


def test_move_by_numeric_state_and_bad_states(cli, refuse, desk):
    view = received(cli)
    assert cli.json("dossier", "move", view["code"], "--to", "4")["status"] == "processing"
    assert cli.json("dossier", "move", view["code"].lower(), "--to", "Done")["status"] == "done"
    refuse(2, ["dossier", "move", view["code"], "--to", "finished"], vi=["Không có trạng thái “finished”", "returned"],
           en="There is no state")
    refuse(2, ["dossier", "move", view["code"], "--to", "11"], vi="Không có trạng thái", en="There is no state")
    refuse(2, ["dossier", "move", view["code"]], vi="--to", en="Missing required options: --to")
    refuse(2, ["dossier", "move", view["code"], "--to", "returned", "--note", "x" * 201], vi="dài quá", en="longer than")


def test_move_human_output(cli, desk):
    view = received(cli)
    assert "Đã chuyển sang “Đang xử lý”." in cli.ok("dossier", "move", view["code"], "--to", "processing").stderr
    assert "Moved to “Done”." in cli.ok("dossier", "move", view["code"], "--to", "done", "--lang", "en").stderr


def test_move_draft_to_received_is_the_same_as_submit(cli, desk, scans):
    submitted = cli.json("dossier", "submit", ready_draft(cli, scans)["id"])
    moved = cli.json("dossier", "move", ready_draft(cli, scans)["id"], "--to", "received")
    assert (submitted["code"], moved["code"]) == (f"{AGENCY_ID}-261123-0001", f"{AGENCY_ID}-261123-0002")
    ignore = {"id", "uid", "code", "attachments"}
    assert {k: v for k, v in moved.items() if k not in ignore} == {k: v for k, v in submitted.items() if k not in ignore}


def test_move_to_received_still_needs_the_papers_and_the_office(cli, refuse, citizen, scans):
    draft = new_draft(cli)
    refuse(4, ["dossier", "move", draft["id"], "--to", "received"], vi="dvc-cli office set", en="not set")
    cli.ok("office", "set", "--name", "UBND xã A", "--agency-id", AGENCY_ID)
    refuse(4, ["dossier", "move", draft["id"], "--to", "received"], vi="giay_chung_sinh", en="Required papers are missing")
    registered = cli.json("dossier", "move", draft["id"], "--to", "registered")
    assert registered["code"] is None
    refuse(4, ["dossier", "move", draft["id"], "--to", "received"], vi="to_khai", en="to_khai")
    attach_all(cli, draft["id"], scans)
    assert cli.json("dossier", "move", draft["id"], "--to", "received")["code"] == f"{AGENCY_ID}-261123-0001"


def test_supplement_pause_moves_the_appointment_by_the_working_days_paused(cli, desk):
    view = received(cli, REBIRTH)  # Mon 23/11 09:00, due Tue 01/12
    code = view["code"]
    assert view["due_date"] == "2026-12-01"
    paused = cli.json("dossier", "move", code, "--to", "supplement_requested", "--note", "Thiếu bản sao",
                      now="2026-11-25T10:00:00")
    assert paused["due_date"] == "2026-12-01" and paused["overdue"] is False and paused["days_left"] is None
    # while paused, the clock stands still: not overdue even long after the old date
    assert cli.json("status", code, now="2026-12-03T09:00:00")["overdue"] is False
    resumed = cli.json("dossier", "move", code, "--to", "processing", now="2026-11-30T10:00:00")
    # paused Wed 25, Thu 26, Fri 27 (working days) -> 3 working days later: Fri 04/12
    assert resumed["paused_days"] == 3
    assert resumed["due_date"] == "2026-12-04"
    assert [(h["from"], h["to"], h["at"]) for h in resumed["history"]] == [
        (None, "draft", "2026-11-23T09:00:00"),
        ("draft", "received", "2026-11-23T09:00:00"),
        ("received", "supplement_requested", "2026-11-25T10:00:00"),
        ("supplement_requested", "processing", "2026-11-30T10:00:00"),
    ]
    assert resumed["history"][2]["note"] == "Thiếu bản sao"


def test_payment_pause_and_a_same_day_resume(cli, desk):
    code = received(cli, REBIRTH)["code"]
    cli.ok("dossier", "move", code, "--to", "payment_requested", now="2026-11-26T09:00:00")
    resumed = cli.json("dossier", "move", code, "--to", "processing", now="2026-11-27T16:00:00")
    assert (resumed["paused_days"], resumed["due_date"]) == (1, "2026-12-02")
    cli.ok("dossier", "move", code, "--to", "supplement_requested", now="2026-11-30T08:00:00")
    again = cli.json("dossier", "move", code, "--to", "processing", now="2026-11-30T11:00:00")
    assert (again["paused_days"], again["due_date"]) == (1, "2026-12-02")  # paused within one day: no shift


def test_history_is_kept_in_order_with_clerk_and_note(cli, desk):
    code = received(cli, MARITAL)["code"]
    steps = [("processing", "Lê Văn C", "Chuyển cán bộ tư pháp", "2026-11-23T10:00:00"),
             ("done", "Nguyễn Thị E", "Đã ký", "2026-11-25T14:00:00"),
             ("returned", "Trần Thị Bình", "", "2026-11-26T08:30:00")]
    for target, clerk, note, now in steps:
        args = ["dossier", "move", code, "--to", target, "--clerk", clerk]
        cli.ok(*args, *(["--note", note] if note else []), now=now)
    view = cli.json("dossier", "show", code)
    assert [(h["to"], h["clerk"], h["note"], h["at"]) for h in view["history"][2:]] == [
        (t, c, n, a) for t, c, n, a in steps
    ]
    assert view["status"] == "returned" and view["overdue"] is False and view["done_at"] == "2026-11-25T14:00:00"
    human = cli.ok("dossier", "show", code).stdout
    history = human[human.index("Lịch sử xử lý"):]
    assert history.index("Đang xử lý") < history.index("Đã xử lý xong") < history.index("Đã trả kết quả")
    assert "Chuyển cán bộ tư pháp" in human and "Nguyễn Thị E" in human


def test_done_late_is_overdue_done_on_time_is_not(cli, desk):
    late = received(cli, MARITAL)["code"]  # due 27/11
    on_time = received(cli, MARITAL)["code"]
    assert cli.json("dossier", "move", on_time, "--to", "done", now="2026-11-27T16:00:00")["overdue"] is False
    assert cli.json("dossier", "move", late, "--to", "done", now="2026-11-30T08:00:00")["overdue"] is True


# ============================================================================== snapshot


def test_a_dossier_keeps_the_procedure_as_it_was_when_received(cli, desk, tmp_path):
    office_file = tmp_path / "tinh.yaml"
    office_file.write_text(textwrap.dedent(f"""\
        procedures:
          - code: "{REBIRTH}"
            name: Đăng ký lại khai sinh (theo danh mục tỉnh)
            processing_days: 10
            fee: {{amount: 8000, mode: after}}
        """), encoding="utf-8")
    before = received(cli, REBIRTH)
    draft = new_draft(cli, REBIRTH)  # opened under the shipped catalogue, received under the office's
    after_change = cli.json("dossier", "show", before["code"], "--catalogue", str(office_file))
    assert after_change["procedure"]["name"] == "Đăng ký lại khai sinh"
    assert after_change["procedure"]["processing_days"] == 5
    assert after_change["fee"] == {"amount": None, "mode": "before"}
    assert after_change["due_date"] == "2026-12-01"
    assert cli.json("status", before["code"], "--catalogue", str(office_file))["procedure"]["name"] == "Đăng ký lại khai sinh"
    # a move under the new catalogue does not rewrite the snapshot either
    moved = cli.json("dossier", "move", before["code"], "--to", "processing", "--catalogue", str(office_file))
    assert moved["procedure"]["processing_days"] == 5 and moved["due_date"] == "2026-12-01"
    # a dossier received on the day the office's catalogue is in force takes its values
    later = cli.json("dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_to_ca_nhan",
                     "--catalogue", str(office_file))
    assert later["procedure"]["name"] == "Đăng ký lại khai sinh (theo danh mục tỉnh)"
    assert later["procedure"]["processing_days"] == 10
    assert later["fee"] == {"amount": 8000, "mode": "after"}
    assert later["due_date"] == "2026-12-08"  # 25, 26, 27, 30, 1, 2, 3, 4, 7, 8


# ============================================================================== show / status


def test_show_json_has_every_promised_field(cli, desk, scans):
    draft = new_draft(cli)
    attach(cli, draft["id"], "to_khai", scans.pdf)
    view = cli.json("dossier", "submit", draft["id"], "--presented", "giay_chung_sinh")
    for key in ("id", "code", "status", "status_code", "citizen", "procedure", "agency", "channel", "delivery",
                "received_at", "due_date", "overdue", "attachments", "missing_documents", "fee", "history"):
        assert key in view, key
    assert {"code", "name"} <= view["procedure"].keys()
    assert {"key", "filename", "sha256", "size", "mime"} <= view["attachments"][0].keys()
    assert all({"at", "from", "to", "clerk", "note"} <= h.keys() for h in view["history"])
    assert {"amount", "mode"} <= view["fee"].keys()
    assert cli.json("dossier", "show", view["code"]) == view
    assert cli.json("dossier", "show", str(view["id"])) == view
    assert cli.json("dossier", "show", f"#{view['id']}") == view
    assert cli.json("dossier", "show", view["code"].lower()) == view


def test_show_human_in_both_languages(cli, desk, scans):
    draft = new_draft(cli)
    attach(cli, draft["id"], "to_khai", scans.pdf)
    code = cli.json("dossier", "submit", draft["id"], "--presented", "giay_chung_sinh")["code"]
    vi = cli.ok("dossier", "show", code).stdout
    for text in (code, "Được tiếp nhận (2)", CITIZEN_NAME, CITIZEN_ID, "Đăng ký khai sinh", "23/11/2026 09:00",
                 "23/11/2026 (còn 0 ngày)", "to_khai.pdf", "Đã xuất trình bản chính", "Trực tiếp tại bộ phận một cửa"):
        assert text in vi, text
    en = cli.ok("dossier", "show", code, "--lang", "en").stdout
    for text in ("Received (2)", "0 days left", "Original presented", "In person at the desk", "History"):
        assert text in en, text


def test_show_refusals(cli, refuse, desk):
    received(cli)
    refuse(3, ["dossier", "show", f"{AGENCY_ID}-261123-0009"], vi="Không tìm thấy hồ sơ", en="No dossier")
    refuse(3, ["dossier", "show", "#9"], vi="Không tìm thấy hồ sơ", en="No dossier")
    refuse(2, ["dossier", "show", "khai sinh"], vi="không phải mã hồ sơ", en="is neither a receipt code")


def test_status_json_has_no_personal_data(cli, desk):
    view = received(cli, MARITAL)
    result = cli.ok("status", view["code"], "--json")
    status = json.loads(result.stdout)
    assert status["code"] == view["code"]
    assert status["status"] == "received" and status["status_code"] == 2
    assert status["status_label"] == "Được tiếp nhận"
    assert status["due_date"] == "2026-11-27" and status["overdue"] is False and status["days_left"] == 4
    assert status["procedure"]["code"] == MARITAL
    assert status["missing_documents"] == []
    assert "citizen" not in status
    for secret in (CITIZEN_ID, CITIZEN_NAME, CITIZEN_PHONE, "Nguyễn", "personal_id"):
        assert secret not in result.stdout
    assert cli.json("status", view["code"], "--lang", "en")["status_label"] == "Received"


def test_status_of_a_draft_says_what_is_missing(cli, desk):
    draft = new_draft(cli)
    status = cli.json("status", str(draft["id"]))
    assert status["code"] is None and status["status"] == "draft"
    assert [d["key"] for d in status["missing_documents"]] == list(BIRTH_DOCS)
    human = cli.ok("status", "#1").stdout
    assert "Nháp" in human and "Giấy chứng sinh" in human


def test_status_human_days_left_and_overdue(cli, desk):
    code = received(cli, MARITAL)["code"]
    vi = cli.ok("status", code).stdout
    assert "Được tiếp nhận" in vi and "27/11/2026 (còn 4 ngày)" in vi and CITIZEN_NAME not in vi
    late = cli.ok("status", code, now="2026-11-30T08:00:00")
    assert "27/11/2026 (quá hạn)" in late.stdout
    assert cli.json("status", code, now="2026-11-30T08:00:00")["overdue"] is True
    assert "(overdue)" in cli.ok("status", code, "--lang", "en", now="2026-11-30T08:00:00").stdout


def test_status_refusals(cli, refuse, desk):
    received(cli)
    refuse(3, ["status", f"{AGENCY_ID}-261123-0002"], vi="Không tìm thấy hồ sơ", en="No dossier")
    refuse(2, ["status", "abc"], vi="không phải mã hồ sơ", en="is neither")


# ============================================================================== list


@pytest.fixture
def several(cli, desk):
    """d1 birth received 09:00 (due 23/11), d2 re-registration 09:30 (due 01/12), d3 a draft at 10:00,
    d4 another citizen's marital-status request entered back on 18/11 (due 23/11)."""
    cli.ok("citizen", "add", "--id", OTHER_ID, "--name", OTHER_NAME, "--dob", "02/09/1990", "--phone", "0387654321")
    d1 = received(cli, BIRTH)
    d2 = received(cli, REBIRTH, now="2026-11-23T09:30:00")
    d3 = new_draft(cli, MARITAL, now="2026-11-23T10:00:00")
    d4 = cli.json("dossier", "new", "--citizen", OTHER_ID, "--procedure", MARITAL)
    d4 = cli.json("dossier", "submit", d4["id"], "--presented", "to_khai", "--received-at", "18/11/2026 08:00")
    assert d4["due_date"] == "2026-11-23"
    return d1, d2, d3, d4


def ids(rows):
    return [r["id"] for r in rows]


def test_list_newest_first_with_masked_ids(cli, several):
    d1, d2, d3, d4 = several
    result = cli.ok("dossier", "list", "--json")
    rows = json.loads(result.stdout)
    assert ids(rows) == [d3["id"], d2["id"], d1["id"], d4["id"]]
    assert {r["citizen"]["personal_id"] for r in rows} == {MASKED_ID, "079******123"}
    assert CITIZEN_ID not in result.stdout and OTHER_ID not in result.stdout
    human = cli.ok("dossier", "list").stdout
    assert MASKED_ID in human and CITIZEN_ID not in human and OTHER_ID not in human
    assert d1["code"] in human and f"#{d3['id']}" in human


def test_list_filters(cli, several):
    d1, d2, d3, d4 = several
    assert ids(cli.json("dossier", "list", "--status", "received")) == [d2["id"], d1["id"], d4["id"]]
    assert ids(cli.json("dossier", "list", "--status", "0")) == [d3["id"]]
    assert cli.json("dossier", "list", "--status", "done") == []
    assert ids(cli.json("dossier", "list", "--citizen", OTHER_ID)) == [d4["id"]]
    assert ids(cli.json("dossier", "list", "--citizen", CITIZEN_ID)) == [d3["id"], d2["id"], d1["id"]]
    assert ids(cli.json("dossier", "list", "--procedure", REBIRTH)) == [d2["id"]]
    assert ids(cli.json("dossier", "list", "--procedure", MARITAL)) == [d3["id"], d4["id"]]
    assert ids(cli.json("dossier", "list", "--since", "20/11/2026")) == [d3["id"], d2["id"], d1["id"]]
    assert ids(cli.json("dossier", "list", "--since", "2026-11-18")) == [d3["id"], d2["id"], d1["id"], d4["id"]]
    assert ids(cli.json("dossier", "list", "--since", "24/11/2026")) == []
    assert ids(cli.json("dossier", "list", "--status", "received", "--citizen", CITIZEN_ID, "--procedure", BIRTH)) == [d1["id"]]
    assert len(cli.json("dossier", "list", "--limit", "2")) == 2


def test_list_overdue(cli, several):
    d1, d2, _d3, d4 = several
    assert cli.json("dossier", "list", "--overdue") == []  # today is the due date of d1 and d4: not late yet
    late = cli.json("dossier", "list", "--overdue", now="2026-11-24T09:00:00")
    assert ids(late) == [d1["id"], d4["id"]] and all(r["overdue"] for r in late)
    cli.ok("dossier", "move", d4["code"], "--to", "processing", now="2026-11-24T09:00:00")
    assert ids(cli.json("dossier", "list", "--overdue", now="2026-11-25T09:00:00")) == [d1["id"], d4["id"]]
    cli.ok("dossier", "move", d1["code"], "--to", "supplement_requested", now="2026-11-25T09:00:00")
    assert ids(cli.json("dossier", "list", "--overdue", now="2026-11-25T09:00:00")) == [d4["id"]]
    assert ids(cli.json("dossier", "list", "--overdue", now="2026-12-02T09:00:00")) == [d2["id"], d4["id"]]
    human = cli.ok("dossier", "list", "--overdue", now="2026-12-02T09:00:00").stdout
    assert "quá hạn" in human


def test_list_refusals(cli, refuse, several):
    refuse(2, ["dossier", "list", "--status", "bogus"], vi="Không có trạng thái", en="There is no state")
    refuse(3, ["dossier", "list", "--citizen", "001203099999"], vi="Không tìm thấy công dân", en="No such citizen")
    refuse(3, ["dossier", "list", "--procedure", "9.999999"], vi="Không có thủ tục", en="There is no procedure")
    refuse(2, ["dossier", "list", "--since", "32/11/2026"], vi="không có thật", en="not a real calendar date")


def test_list_empty(cli, desk):
    assert cli.json("dossier", "list") == []
    assert "Không tìm thấy gì." in cli.ok("dossier", "list").stdout


# ============================================================================== audit


def test_changes_are_audited(cli, desk, scans, db):
    draft = new_draft(cli)
    attach_all(cli, draft["id"], scans)
    code = cli.json("dossier", "submit", draft["id"])["code"]
    cli.ok("dossier", "move", code, "--to", "processing")
    conn = sqlite3.connect(db)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit WHERE entity = 'dossier' ORDER BY id")]
    conn.close()
    assert actions == ["dossier.open", "dossier.attach", "dossier.attach", "dossier.submit", "dossier.move"]
