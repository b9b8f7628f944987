"""`dvc-cli dossier slip`, the notices behind it (`move --reason --missing`, `reschedule`) and the
receipt at intake, through the real CLI. Every QR code is read back by a real decoder (zxing-cpp):
from the terminal text, and from the PDF page rendered by PDFium; the PDF text is read back too.

Fonts: the tests print with Roboto from the `font-roboto` test dependency (DVC_FONT), never with
whatever fonts the machine has; the font search itself is tested on folders the tests make.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pypdf
import pytest

from dvc_cli import fonts
from tests.conftest import AGENCY_ID, BIRTH, CITIZEN_ID, CITIZEN_NAME, CITIZEN_PHONE, MARITAL, NOW, new_draft, received
from tests.qrkit import ROBOTO, decode, decode_terminal, pdf_pages, pdf_size_mm, pdf_text

RESIDENCE = "1.004222"  # Đăng ký thường trú: 7 working days, 20.000 đ
ADDRESS = "Thôn Đông, xã Lương Phong"


@pytest.fixture(autouse=True)
def roboto(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Print with the font the test extra installs, whatever the machine has."""
    monkeypatch.setenv("DVC_FONT", str(ROBOTO))
    return ROBOTO


@pytest.fixture
def no_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without any font: no DVC_FONT, no system or user font folder with a font."""
    monkeypatch.delenv("DVC_FONT")
    monkeypatch.setattr(fonts, "SYSTEM_DIRS", ())


def audit_rows(db: Path, action: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit WHERE action = ? ORDER BY id", (action,))]
    finally:
        conn.close()


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# ============================================================================== receipt


def test_receipt_on_the_terminal_has_the_fields_and_a_qr_code_of_the_code_only(cli, desk, db):
    code = received(cli, RESIDENCE)["code"]
    result = cli.ok("dossier", "slip", code, "--kind", "receipt")
    out = result.stdout
    for text in ("UBND XÃ LƯƠNG PHONG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {code}", CITIZEN_NAME, ADDRESS,
                 CITIZEN_PHONE, "Đăng ký thường trú (1.004222)", "Xuất trình bản chính", "7 ngày làm việc",
                 "09 giờ 00 phút, ngày 23/11/2026", "ngày 03/12/2026", "20.000 đ, chưa nộp",
                 "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Thị Bình", "Lương Phong, ngày 23 tháng 11 năm 2026"):
        assert text in out, text
    assert decode_terminal(out) == [code]
    assert audit_rows(db, "dossier.slip")[-1]["detail"] == json.dumps({"kind": "receipt", "target": "terminal"})


def test_receipt_pdf_a5_reads_back_in_vietnamese_with_its_qr_code(cli, desk, db, tmp_path):
    code = received(cli, RESIDENCE)["code"]
    target = tmp_path / "out" / "giay-tiep-nhan.pdf"
    result = cli.ok("dossier", "slip", code, "--kind", "receipt", "--pdf", target)
    assert result.stdout.strip() == str(target)
    assert "Đã lưu phiếu" in result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert pdf_size_mm(target) == (148, 210)
    text = pdf_text(target)
    assert nfc(text)
    for field in ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", f"Mã hồ sơ: {code}", CITIZEN_NAME, ADDRESS, CITIZEN_PHONE,
                  "Đăng ký thường trú (1.004222)", "7 ngày làm việc", "ngày 03/12/2026", "Trần Thị Bình"):
        assert field in text, field
    pages = pdf_pages(target)
    assert len(pages) == 1
    assert decode(pages[0]) == [code]
    # a second reader agrees on the Vietnamese text
    other = pypdf.PdfReader(target).pages[0].extract_text()
    assert CITIZEN_NAME in unicodedata.normalize("NFC", other)
    assert audit_rows(db, "dossier.slip")[-1]["detail"] == json.dumps(
        {"kind": "receipt", "target": str(target.resolve())}, ensure_ascii=False)


def test_receipt_pdf_a4_in_english_as_json(cli, desk, tmp_path):
    code = received(cli, RESIDENCE)["code"]
    target = tmp_path / "receipt.pdf"
    data = cli.json("dossier", "slip", code, "--kind", "receipt", "--pdf", target, "--paper", "a4", "--lang", "en")
    assert data["pdf"] == str(target.resolve()) and data["paper"] == "a4"
    assert data["kind"] == "receipt" and data["code"] == code and data["qr"] == code
    assert data["due_date"] == "2026-12-03" and data["fee"] == {"status": "unpaid", "amount": 20000}
    assert [p["key"] for p in data["papers"]] == ["to_khai_ct01", "giay_to_cho_o"]
    assert pdf_size_mm(target) == (210, 297)
    text = pdf_text(target)
    assert "RECEIPT OF DOSSIER AND APPOINTMENT FOR THE RESULT" in text and "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert CITIZEN_NAME in text
    assert decode(pdf_pages(target, dpi=100)[0]) == [code]


def test_receipt_lists_attached_and_presented_papers_and_the_office_settings(cli, desk, scans, tmp_path):
    cli.ok("office", "set", "--book", "03", "--return-time", "14h00")
    draft = new_draft(cli, BIRTH, "--attach", f"giay_chung_sinh={scans.pdf}")
    code = cli.json("dossier", "submit", draft["id"], "--presented", "to_khai")["code"]
    data = cli.json("dossier", "slip", code, "--kind", "receipt")
    assert [(p["key"], p["presented"]) for p in data["papers"]] == [("to_khai", True), ("giay_chung_sinh", False)]
    out = cli.ok("dossier", "slip", code, "--kind", "receipt").stdout
    assert "quyển số 03, số thứ tự 0001 ngày 23/11/2026" in out
    assert "14 giờ 00 phút, ngày 23/11/2026" in out
    assert "Giấy chứng sinh" in out and "Bản chính" in out


def test_any_font_folder_layout_is_found(cli, desk, tmp_path, monkeypatch, no_fonts):
    """A machine whose only font is DejaVu Sans in the user's font folder (here: Roboto's file
    under that name), and a Windows-style regular + bold pair found by --font."""
    code = received(cli)["code"]
    user_fonts = Path.home() / ".local" / "share" / "fonts" / "truetype"
    user_fonts.mkdir(parents=True)
    shutil.copy(ROBOTO, user_fonts / "DejaVuSans.ttf")
    assert fonts.find() == fonts.FontPair(user_fonts / "DejaVuSans.ttf", user_fonts / "DejaVuSans.ttf")
    cli.ok("dossier", "slip", code, "--kind", "receipt", "--pdf", tmp_path / "a.pdf")
    windows = tmp_path / "winfonts"
    windows.mkdir()
    shutil.copy(ROBOTO, windows / "times.ttf")
    shutil.copy(ROBOTO.with_name("Roboto-Bold.ttf"), windows / "timesbd.ttf")
    assert fonts.find(str(windows / "times.ttf")).bold == windows / "timesbd.ttf"
    assert fonts.find(str(ROBOTO)).bold == ROBOTO.with_name("Roboto-Bold.ttf")
    monkeypatch.setattr(fonts, "SYSTEM_DIRS", (str(windows),))
    assert fonts.find() == fonts.FontPair(windows / "times.ttf", windows / "timesbd.ttf")  # Times first


def test_a_machine_without_fonts_gets_a_clear_way_out(refuse, desk, cli, no_fonts, tmp_path):
    code = received(cli)["code"]
    target = tmp_path / "r.pdf"
    refuse(4, ["dossier", "slip", code, "--kind", "receipt", "--pdf", target],
           vi=["Không tìm thấy phông chữ TrueType có đủ dấu tiếng Việt", "--font", "DVC_FONT", "apt install"],
           en=["No TrueType font with every Vietnamese letter", "--font", "DVC_FONT"])
    assert not target.exists()
    # the terminal rendering needs no font
    assert decode_terminal(cli.ok("dossier", "slip", code, "--kind", "receipt").stdout) == [code]
    # the office's font setting is used when nothing else is given
    cli.ok("office", "set", "--font", str(ROBOTO))
    cli.ok("dossier", "slip", code, "--kind", "receipt", "--pdf", target)
    assert target.exists()


def latin_only_font(path: Path) -> Path:
    """A real TrueType font with ASCII glyphs only (no Vietnamese letters)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", *(f"g{c}" for c in range(32, 127))]
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((0, 500)), pen.lineTo((400, 500)), pen.closePath()
    glyph = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({c: f"g{c}" for c in range(32, 127)})
    builder.setupGlyf({n: glyph for n in names})
    builder.setupHorizontalMetrics({n: (500, 0) for n in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Latin Only", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_font_and_file_refusals_change_nothing(refuse, desk, cli, tmp_path):
    code = received(cli)["code"]
    target = tmp_path / "r.pdf"
    refuse(2, ["dossier", "slip", code, "--kind", "receipt", "--pdf", target, "--font", tmp_path / "none.ttf"],
           vi="Không có tệp phông chữ", en="There is no font file")
    not_font = tmp_path / "notes.ttf"
    not_font.write_text("not a font")
    refuse(2, ["dossier", "slip", code, "--kind", "receipt", "--pdf", target, "--font", not_font],
           vi="không phải phông chữ TrueType", en="is not a readable TrueType font")
    latin = latin_only_font(tmp_path / "latin.ttf")
    refuse(2, ["dossier", "slip", code, "--kind", "receipt", "--pdf", target, "--font", latin],
           vi=["thiếu chữ tiếng Việt", "Đ"], en="lacks Vietnamese letters")
    refuse(2, ["dossier", "slip", code, "--kind", "receipt", "--pdf", tmp_path],
           vi="là một thư mục", en="is a folder")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    refuse(2, ["dossier", "slip", code, "--kind", "receipt", "--pdf", blocker / "r.pdf"],
           vi="Không ghi được tệp", en="Cannot write")
    refuse(2, ["dossier", "slip", code, "--kind", "receipt", "--pdf", target, "--paper", "a3"],
           vi="a5, a4", en="a5, a4")
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_slip_refusals_change_nothing(refuse, cli, desk):
    draft = new_draft(cli)
    code = received(cli)["code"]
    refuse(2, ["dossier", "slip", code], vi="--kind", en="--kind")
    refuse(2, ["dossier", "slip", code, "--kind", "biên lai"], vi="receipt, supplement, refusal, apology",
           en="receipt, supplement, refusal, apology")
    refuse(4, ["dossier", "slip", draft["id"], "--kind", "receipt"], vi="chưa được tiếp nhận",
           en="has not been received")
    refuse(4, ["dossier", "slip", code, "--kind", "supplement"], vi=["chưa có yêu cầu bổ sung", "--missing"],
           en="has no supplement request")
    refuse(4, ["dossier", "slip", code, "--kind", "refusal"], vi="không bị từ chối", en="was not refused")
    refuse(4, ["dossier", "slip", code, "--kind", "apology"], vi="dossier reschedule", en="dossier reschedule")
    refuse(3, ["dossier", "slip", "000.17.22.H56-261123-0999", "--kind", "receipt"], vi="Không tìm thấy hồ sơ",
           en="No dossier")


def test_slip_needs_the_office(refuse, cli, citizen):
    refuse(4, ["dossier", "slip", "1", "--kind", "receipt"], vi="Chưa khai báo", en="not set")


# ============================================================================== supplement


def test_supplement_request_lists_the_papers_asked_for_with_the_reason(cli, desk, tmp_path):
    code = received(cli, RESIDENCE)["code"]
    moved = cli.json("dossier", "move", code, "--to", "supplement_requested", "--reason", "Thiếu ý kiến của chủ hộ",
                     "--missing", "dong_y_chu_ho", "--missing", "dong_y_chu_ho")
    assert moved["status"] == "supplement_requested"
    assert moved["history"][-1]["note"] == "Thiếu ý kiến của chủ hộ"
    data = cli.json("dossier", "slip", code, "--kind", "supplement")
    assert data["reason"] == "Thiếu ý kiến của chủ hộ" and data["clerk"] == "Trần Thị Bình"
    assert [m["key"] for m in data["missing"]] == ["dong_y_chu_ho"]
    assert data["number"] == "Số: 01/HDHS"
    target = tmp_path / "bo-sung.pdf"
    cli.ok("dossier", "slip", code, "--kind", "supplement", "--pdf", target)
    text = pdf_text(target)
    for field in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Số: 01/HDHS", "Ý kiến đồng ý của chủ hộ",
                  "Thiếu ý kiến của chủ hộ", "NGƯỜI HƯỚNG DẪN", "Trần Thị Bình", CITIZEN_NAME):
        assert field in text, field
    assert decode(pdf_pages(target)[0]) == [code]


def test_supplement_without_missing_keys_takes_the_checklists_gaps(cli, desk, tmp_path):
    code = received(cli, RESIDENCE)["code"]
    cli.ok("dossier", "move", code, "--to", "supplement_requested")
    data = cli.json("dossier", "slip", code, "--kind", "supplement")
    assert data["missing"] == [] and data["reason"] == ""
    out = cli.ok("dossier", "slip", code, "--kind", "supplement").stdout
    assert "Lý do:" in out and "……" in out  # blank lines to fill in by hand


def test_move_refuses_misplaced_reasons_and_unknown_papers(refuse, cli, desk):
    code = received(cli, RESIDENCE)["code"]
    refuse(2, ["dossier", "move", code, "--to", "supplement_requested", "--missing", "ho_chieu"],
           vi="không có giấy tờ “ho_chieu”", en="has no paper “ho_chieu”")
    refuse(2, ["dossier", "move", code, "--to", "processing", "--missing", "to_khai_ct01"],
           vi="--missing chỉ dùng khi yêu cầu bổ sung", en="--missing is only for a supplement request")
    refuse(2, ["dossier", "move", code, "--to", "processing", "--reason", "x"],
           vi=["--reason chỉ dùng", "--note"], en="use --note")


# ============================================================================== refusal


def test_refusal_of_a_lodged_dossier_has_its_reason_and_no_qr_code(cli, desk, tmp_path):
    draft = new_draft(cli, MARITAL)
    cli.ok("dossier", "move", draft["id"], "--to", "registered")
    reason = "Người yêu cầu đã có Giấy xác nhận tình trạng hôn nhân còn giá trị sử dụng."
    result = cli.ok("dossier", "move", draft["id"], "--to", "not_received", "--reason", reason)
    assert f"dvc-cli dossier slip #{draft['id']} --kind refusal" in result.stderr
    data = cli.json("dossier", "slip", draft["id"], "--kind", "refusal")
    assert data["reason"] == reason and data["code"] is None and data["qr"] is None
    target = tmp_path / "tu-choi.pdf"
    cli.ok("dossier", "slip", f"#{draft['id']}", "--kind", "refusal", "--pdf", target)
    text = pdf_text(target)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Xin thông báo để Ông được biết" in text
    assert "còn giá trị sử dụng" in text and nfc(text)
    assert decode(pdf_pages(target)[0]) == []


# ============================================================================== apology and new date


def test_reschedule_records_a_new_date_with_history_audit_and_apology(cli, desk, db, tmp_path):
    code = received(cli, MARITAL)["code"]  # due 27/11/2026 (24/11 is a holiday)
    view = cli.json("dossier", "reschedule", code, "--date", "02/12/2026", "--reason", "Cần xác minh tại nơi cư trú trước đây")
    assert view["due_date"] == "2026-12-02" and view["status"] == "received"
    last = view["history"][-1]
    assert (last["from"], last["to"]) == ("received", "received")
    assert "27/11/2026 → 02/12/2026" in last["note"] and "Cần xác minh" in last["note"]
    assert json.loads(audit_rows(db, "dossier.reschedule")[-1]["detail"]) == {"old": "2026-11-27", "new": "2026-12-02"}
    data = cli.json("dossier", "slip", code, "--kind", "apology")
    assert (data["old_date"], data["new_date"], data["number"]) == ("2026-11-27", "2026-12-02", "Số: 01/PXL")
    target = tmp_path / "xin-loi.pdf"
    cli.ok("dossier", "slip", code, "--kind", "apology", "--pdf", target)
    text = " ".join(pdf_text(target).split())
    for field in ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Kính gửi: Ông Nguyễn Văn An", "Ngày hẹn trả kết quả: 27/11/2026",
                  "Cần xác minh tại nơi cư trú trước đây", "là ngày 02/12/2026", "THỦ TRƯỞNG CƠ QUAN"):
        assert field in text, field
    assert decode(pdf_pages(target)[0]) == [code]
    # a second delay: a second apology, numbered on
    cli.ok("dossier", "reschedule", code, "--date", "2026-12-04", "--reason", "Chờ văn bản trả lời")
    assert cli.json("dossier", "slip", code, "--kind", "apology")["number"] == "Số: 02/PXL"


def test_reschedule_refusals_change_nothing(refuse, cli, desk):
    code = received(cli, MARITAL)["code"]
    refuse(2, ["dossier", "reschedule", code, "--date", "02/12/2026"], vi="--reason", en="--reason")
    refuse(2, ["dossier", "reschedule", code, "--date", "26/11/2026", "--reason", "x"],
           vi="phải sau ngày 27/11/2026", en="must be after 27/11/2026")
    refuse(2, ["dossier", "reschedule", code, "--date", "28/11/2026", "--reason", "x"],
           vi=["không phải ngày làm việc", "30/11/2026"], en="the next working day is 30/11/2026")
    refuse(2, ["dossier", "reschedule", code, "--date", "31/11/2026", "--reason", "x"], vi="không có thật", en="not a real")
    draft = new_draft(cli)
    refuse(4, ["dossier", "reschedule", draft["id"], "--date", "02/12/2026", "--reason", "x"],
           vi="đang ở trạng thái “Nháp”", en="this one is “Draft”")


# ============================================================================== slips issued automatically


def test_office_setting_pdf_prints_the_receipt_at_intake(cli, desk, db, tmp_path):
    folder = tmp_path / "phieu"
    cli.ok("office", "set", "--slips", "pdf", "--slip-dir", folder)
    draft = new_draft(cli)
    result = cli.ok("dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh", "--json")
    code = json.loads(result.stdout)["code"]  # stdout is still exactly the dossier
    slip = folder / f"{code}-receipt.pdf"
    assert decode(pdf_pages(slip)[0]) == [code]
    # and the supplement request with the move to state 5
    cli.ok("dossier", "move", code, "--to", "supplement_requested", "--reason", "Thiếu giấy tờ")
    assert "Thiếu giấy tờ" in pdf_text(folder / f"{code}-supplement.pdf")


def test_a_receipt_that_cannot_be_printed_never_undoes_the_intake(cli, desk, db, tmp_path, no_fonts):
    cli.ok("office", "set", "--slips", "pdf", "--slip-dir", tmp_path / "phieu")
    draft = new_draft(cli)
    result = cli.ok("dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh")
    view = cli.json("dossier", "show", draft["id"])
    assert view["status"] == "received"
    assert "Hồ sơ đã được tiếp nhận, nhưng chưa in được giấy tiếp nhận" in result.stderr
    assert f"dvc-cli dossier slip {view['code']} --kind receipt" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "phieu").exists()


def test_default_setting_offers_the_print_command_and_off_is_silent(cli, desk):
    first = received(cli)  # no terminal here: 'ask' only says how to print
    result = cli.ok("dossier", "show", first["code"])
    assert "In phiếu" not in result.stderr
    draft = new_draft(cli)
    asked = cli.ok("dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh")
    assert "dvc-cli dossier slip" in asked.stderr and "--kind receipt" in asked.stderr
    cli.ok("office", "set", "--slips", "off")
    draft = new_draft(cli)
    quiet = cli.ok("dossier", "submit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh")
    assert "dvc-cli dossier slip" not in quiet.stderr


def test_office_slip_settings_are_validated(refuse, cli, office):
    refuse(2, ["office", "set", "--slips", "always"], vi="pdf, ask, off", en="pdf, ask, off")
    refuse(2, ["office", "set", "--return-time", "25:00"], vi="HH:MM", en="HH:MM")
    refuse(2, ["office", "set", "--font", "/khong/co.ttf"], vi="Không có tệp phông chữ", en="There is no font file")
    refuse(2, ["office", "set", "--paper", "letter"], vi="a5, a4", en="a5, a4")


# ============================================================================== start-up cost


def test_status_and_help_never_load_the_pdf_or_font_libraries(cli, desk, db, tmp_path):
    from tests.test_imports import loaded

    view = received(cli)
    env = {"DVC_DB": str(db), "DVC_NOW": NOW}
    heavy = {"fpdf", "fontTools", "PIL", "qrcode"}
    for args in (["status", view["code"]], ["dossier", "slip", "--help"], ["--help"]):
        code, modules, _ = loaded(tmp_path, *args, env=env)
        assert code == 0 and sorted(modules & heavy) == [], args
    assert AGENCY_ID in view["code"] and CITIZEN_ID not in view["code"]
