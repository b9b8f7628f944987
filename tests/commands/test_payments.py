"""`dvc-cli dossier fee | pay | payqr` and the office's collection account, through the real CLI.
VietQR codes are read back with a real decoder from the terminal text and from the PNG file, and
the payload is checked by the strict parser."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvc_cli import qr
from dvc_cli.rules.vietqr import Transfer, build, parse, purpose_for
from tests.conftest import BIRTH, new_draft, received
from tests.qrkit import decode, decode_png, decode_terminal

RESIDENCE = "1.004222"  # Đăng ký thường trú: 20.000 đ, thu trước
MARRIAGE = "1.000894"   # Đăng ký kết hôn: no fee
MARITAL = "1.004873"    # Cấp Giấy xác nhận tình trạng hôn nhân: fee set by the province (unknown)
BANK = ("--bank-bin", "970436", "--account", "1022663140", "--account-name", "UBND XA LUONG PHONG")


@pytest.fixture
def bank(cli, office):
    return cli.json("office", "set", *BANK)


# ============================================================================== pay


def test_pay_records_amount_method_time_and_clerk(cli, desk):
    code = received(cli, RESIDENCE)["code"]
    assert cli.json("status", code)["payment"] == {"status": "unpaid", "amount": 20000, "mode": "before"}
    result = cli.ok("dossier", "pay", code, "--method", "cash", "--reference", "BL-0042")
    assert "Đã ghi nhận nộp 20.000 đ (tiền mặt)." in result.stderr
    payment = cli.json("dossier", "show", code)["payment"]
    assert payment["status"] == "paid" and payment["amount"] == 20000
    assert payment["payment"] == {"amount": 20000, "method": "cash", "reference": "BL-0042",
                                  "paid_at": "2026-11-23T09:00:00", "clerk": "Trần Thị Bình"}
    shown = cli.ok("dossier", "show", code).stdout
    assert "Đã nộp 20.000 đ (tiền mặt, 23/11/2026 09:00, Trần Thị Bình)" in shown
    status = cli.ok("status", code).stdout
    assert "Đã nộp 20.000 đ" in status and "Trần Thị Bình" not in status and "BL-0042" not in status
    assert cli.json("status", code)["payment"] == {"status": "paid", "amount": 20000, "mode": "before"}
    assert "Paid: 20.000 đ" in cli.ok("status", code, "--lang", "en").stdout


def test_an_exact_amount_is_accepted_and_a_transfer_needs_no_reference(cli, desk):
    code = received(cli, RESIDENCE)["code"]
    view = cli.json("dossier", "pay", code, "--method", "TRANSFER", "--amount", "20000")
    assert view["payment"]["method"] == "transfer" and view["payment"]["reference"] is None


def test_paying_twice_overpaying_underpaying_and_no_fee_are_refused(refuse, cli, desk):
    code = received(cli, RESIDENCE)["code"]
    refuse(4, ["dossier", "pay", code, "--method", "cash", "--amount", "50000"],
           vi="Số tiền 50.000 đ nhiều hơn phí phải nộp (20.000 đ)", en="50.000 đ is more than the fee owed (20.000 đ)")
    refuse(4, ["dossier", "pay", code, "--method", "cash", "--amount", "10000"],
           vi="ít hơn phí phải nộp", en="less than the fee owed")
    cli.ok("dossier", "pay", code, "--method", "cash")
    refuse(4, ["dossier", "pay", code, "--method", "cash"], vi="đã nộp phí (20.000 đ)", en="already paid (20.000 đ)")
    free = received(cli, MARRIAGE)["code"]
    refuse(4, ["dossier", "pay", free, "--method", "cash", "--amount", "5000"], vi="không thu phí", en="has no fee")
    assert cli.json("status", free)["payment"]["status"] == "none"
    assert "Không thu phí" in cli.ok("status", free).stdout


def test_bad_payment_input_is_refused(refuse, cli, desk):
    code = received(cli, RESIDENCE)["code"]
    refuse(2, ["dossier", "pay", code], vi="--method", en="--method")
    refuse(2, ["dossier", "pay", code, "--method", "bitcoin"], vi="cash, transfer, online", en="cash, transfer, online")
    refuse(2, ["dossier", "pay", code, "--method", "cash", "--amount", "0"], vi="số nguyên dương", en="positive whole number")
    refuse(2, ["dossier", "pay", code, "--method", "cash", "--amount", "-5"], vi="số nguyên dương", en="positive whole number")
    refuse(2, ["dossier", "pay", code, "--method", "cash", "--amount", "2e4"], vi="Lệnh gõ chưa đúng", en="not right")
    refuse(2, ["dossier", "pay", code, "--method", "cash", "--reference", "x" * 201], vi="dài quá", en="longer than")


def test_paying_before_intake_or_after_a_refusal_is_refused(refuse, cli, desk):
    draft = new_draft(cli, RESIDENCE)
    refuse(4, ["dossier", "pay", draft["id"], "--method", "cash"], vi="chưa được tiếp nhận", en="has not been received")
    code = received(cli, RESIDENCE)["code"]
    cli.ok("dossier", "move", code, "--to", "withdrawn")
    refuse(4, ["dossier", "pay", code, "--method", "cash"], vi="Công dân yêu cầu rút hồ sơ", en="Withdrawn by the citizen")


def test_a_fee_set_by_the_province_needs_an_amount(refuse, cli, desk):
    code = received(cli, MARITAL)["code"]
    assert cli.json("status", code)["payment"]["status"] == "unassessed"
    refuse(2, ["dossier", "pay", code, "--method", "cash"], vi=["HĐND tỉnh", "--amount"], en=["provincial council", "--amount"])
    view = cli.json("dossier", "pay", code, "--method", "cash", "--amount", "8000")
    assert (view["status"], view["amount"]) == ("paid", 8000)


def test_paying_while_payment_is_requested_says_how_to_move_on(cli, desk):
    code = received(cli, RESIDENCE)["code"]
    cli.ok("dossier", "move", code, "--to", "payment_requested")
    result = cli.ok("dossier", "pay", code, "--method", "online", "--reference", "DVCQG-123")
    assert f"dvc-cli dossier move {code} --to processing" in result.stderr


# ============================================================================== fee: assess or waive


def test_the_clerk_sets_a_per_page_fee_then_it_is_what_is_owed(cli, desk):
    code = received(cli, "2.000815")["code"]  # 2.000đ/page for pages 1–2, then 1.000đ
    view = cli.json("dossier", "fee", code, "--amount", "5000", "--reason", "Bản chính 3 trang")
    assert (view["status"], view["amount"], view["assessed_reason"]) == ("unpaid", 5000, "Bản chính 3 trang")
    assert cli.json("dossier", "pay", code, "--method", "cash")["amount"] == 5000


def test_an_exemption_is_recorded_with_its_reason_and_kept_out_of_status(refuse, cli, desk, bank):
    code = received(cli, RESIDENCE)["code"]
    view = cli.json("dossier", "fee", code, "--exempt", "--reason", "Hộ nghèo (sổ hộ nghèo số 12)")
    assert view["status"] == "exempt" and view["exempt_reason"] == "Hộ nghèo (sổ hộ nghèo số 12)"
    assert "Được miễn: Hộ nghèo" in cli.ok("dossier", "show", code).stdout
    status = cli.ok("status", code).stdout
    assert "Được miễn" in status and "nghèo" not in status
    refuse(4, ["dossier", "pay", code, "--method", "cash"], vi="đã được miễn", en="exempted")
    refuse(4, ["dossier", "payqr", code], vi="đã được miễn", en="exempted")
    # the clerk may still correct it before anything is paid
    assert cli.json("dossier", "fee", code, "--amount", "20000", "--reason", "Nhầm")["status"] == "unpaid"


def test_fee_refusals_change_nothing(refuse, cli, desk):
    code = received(cli, RESIDENCE)["code"]
    refuse(2, ["dossier", "fee", code, "--exempt"], vi="--reason", en="--reason")
    refuse(2, ["dossier", "fee", code, "--reason", "x"], vi="--amount", en="--exempt")
    refuse(2, ["dossier", "fee", code, "--amount", "1", "--exempt", "--reason", "x"], vi="đúng một", en="exactly one")
    refuse(2, ["dossier", "fee", code, "--amount", "0", "--reason", "x"], vi="số nguyên dương", en="positive")
    refuse(4, ["dossier", "fee", received(cli, MARRIAGE)["code"], "--exempt", "--reason", "x"],
           vi="không thu phí", en="has no fee")
    cli.ok("dossier", "pay", code, "--method", "cash")
    refuse(4, ["dossier", "fee", code, "--exempt", "--reason", "x"], vi="không sửa được mức phí", en="can no longer be changed")


# ============================================================================== payqr


def test_payqr_payload_parses_to_the_fee_the_account_and_the_code(cli, desk, bank):
    code = received(cli, RESIDENCE)["code"]
    result = cli.ok("dossier", "payqr", code, "--payload")
    payload = result.stdout.strip()
    assert result.stdout == payload + "\n" and result.stderr == ""
    assert parse(payload) == Transfer("970436", "1022663140", 20000, code)
    assert payload == build(Transfer("970436", "1022663140", 20000, code))
    data = cli.json("dossier", "payqr", code)
    assert data == {"code": code, "payload": payload, "bank_bin": "970436", "bank": "Vietcombank",
                    "account": "1022663140", "account_name": "UBND XA LUONG PHONG", "amount": 20000, "purpose": code}


def test_payqr_on_the_terminal_scans_to_the_payload(cli, desk, bank):
    code = received(cli, RESIDENCE)["code"]
    out = cli.ok("dossier", "payqr", code).stdout
    payload = cli.ok("dossier", "payqr", code, "--payload").stdout.strip()
    assert "Vietcombank (970436)" in out and "1022663140" in out and "20.000 đ" in out
    assert decode_terminal(out) == [payload]


def test_payqr_png_scans_to_the_payload(cli, desk, bank, tmp_path):
    code = received(cli, RESIDENCE)["code"]
    target = tmp_path / "qr" / "chuyen-khoan.png"
    data = cli.json("dossier", "payqr", code, "--png", target)
    assert data["png"] == str(target.resolve())
    assert decode_png(target) == [data["payload"]]
    human = cli.ok("dossier", "payqr", code, "--png", target)
    assert "Đã lưu ảnh mã QR" in human.stderr and "█" not in human.stdout


def test_payqr_refusals(refuse, cli, desk, tmp_path):
    code = received(cli, RESIDENCE)["code"]
    refuse(4, ["dossier", "payqr", code], vi=["Chưa khai báo tài khoản thu", "--bank-bin"], en="collection account is not set")
    cli.ok("office", "set", *BANK)
    unknown = received(cli, MARITAL)["code"]
    refuse(4, ["dossier", "payqr", unknown], vi="dvc-cli dossier fee", en="Set it first")
    refuse(4, ["dossier", "payqr", new_draft(cli)["id"]], vi="chưa được tiếp nhận", en="has not been received")
    refuse(2, ["dossier", "payqr", code, "--png", tmp_path], vi="là một thư mục", en="is a folder")
    cli.ok("dossier", "pay", code, "--method", "transfer")
    refuse(4, ["dossier", "payqr", code], vi="đã nộp phí", en="already paid")


def test_bank_settings_are_validated(refuse, cli, office):
    refuse(2, ["office", "set", "--bank-bin", "97043"], vi="6 chữ số", en="6 digits")
    refuse(2, ["office", "set", "--account", "1022-663-140"], vi="Số tài khoản", en="account number")
    refuse(2, ["office", "set", "--account-name", "  "], vi="không được để trống", en="must not be empty")
    shown = cli.json("office", "set", "--account", "1022 663 140", "--bank-bin", "970436")
    assert shown["account"] == "1022663140"
    assert "Số tài khoản thu" in cli.ok("office", "show").stdout


# ============================================================================== VietQR drawing and purpose


@pytest.mark.parametrize("code, purpose", [
    ("000.17.22.H56-261123-0001", "000.17.22.H56-261123-0001"),
    ("000.17.22.H56-261123-12345", "0001722H56-261123-12345"),
    ("000.123.456.H56-261123-12345", "000123456H56-261123-12345"),
    ("0000.1234.5678.H56-261123-12345", "012345678H56-261123-12345"),
])
def test_the_purpose_is_the_code_within_25_ascii_characters(code, purpose):
    assert purpose_for(code) == purpose and len(purpose) <= 25 and purpose.isascii()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bin_=st.from_regex(r"\A97[0-9]{4}\Z"),
    account=st.from_regex(r"\A[0-9A-Z]{1,19}\Z"),
    amount=st.integers(1, 10**9),
    seq=st.integers(1, 99999),
)
def test_any_transfer_drawn_as_png_decodes_and_parses_back(bin_, account, amount, seq):
    from io import BytesIO

    from PIL import Image

    transfer = Transfer(bin_, account, amount, purpose_for(f"000.17.22.H56-261123-{seq:04d}"))
    payload = build(transfer)
    assert decode(Image.open(BytesIO(qr.png(payload, scale=4)))) == [payload]
    assert parse(payload) == transfer


def test_no_payqr_for_a_birth_registered_on_time(refuse, cli, desk, bank):
    code = received(cli, BIRTH)["code"]
    cli.ok("dossier", "fee", code, "--exempt", "--reason", "Đăng ký đúng hạn (Luật Hộ tịch Đ11)")
    refuse(4, ["dossier", "payqr", code], vi="miễn", en="exempted")
