"""VietQR payloads against the reference's known-good vectors and a strict parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvc_cli.errors import InvalidInput
from dvc_cli.rules.vietqr import Transfer, build, crc16, parse, parse_tlv

VIETINBANK = ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
              "530370454061200005802VN62170813ung ho lu lut6304C15C")
VIETCOMBANK = ("00020101021238570010A00000072701270006970436011300110018008790208QRIBFTTA"
               "530370454061000005802VN62130809nhan tien6304D1EF")
TO_CARD = "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
INCONSISTENT = ("00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA"
                "53037045802VN6304F4E5")


def test_crc_check_value():
    assert crc16("123456789") == "29B1"


@pytest.mark.parametrize("payload, transfer", [
    (VIETINBANK, Transfer("970415", "0011001932418", 120000, "ung ho lu lut")),
    (VIETCOMBANK, Transfer("970436", "0011001800879", 100000, "nhan tien")),
    (TO_CARD, Transfer("970403", "9704031101234567", None, "", to_card=True)),
])
def test_known_vectors_build_and_parse(payload, transfer):
    assert build(transfer) == payload
    assert parse(payload) == transfer


def test_the_inconsistent_napas_example_is_refused_by_the_strict_parser():
    with pytest.raises(InvalidInput):
        parse(INCONSISTENT)


def test_purpose_is_ascii_and_cut_to_25_characters():
    payload = build(Transfer("970436", "1022663140", 8000, "Lệ phí hồ sơ 000.17.22.H56-261123-0001"))
    purpose = parse(payload).purpose
    assert purpose.isascii() and len(purpose) == 25 and purpose.startswith("Le phi ho so")


@pytest.mark.parametrize("transfer, key", [
    (Transfer("97043", "1"), "vietqr.bin"),
    (Transfer("970436", "12 34"), "vietqr.account"),
    (Transfer("970436", "1234", 0), "vietqr.amount"),
])
def test_bad_transfers_are_refused(transfer, key):
    with pytest.raises(InvalidInput) as caught:
        build(transfer)
    assert caught.value.key == key


@pytest.mark.parametrize("payload", ["", "6304", "đ" * 20, VIETCOMBANK[:-1]])
def test_garbage_is_refused_cleanly(payload):
    with pytest.raises(InvalidInput):
        parse(payload)


def test_a_changed_character_fails_the_crc():
    with pytest.raises(InvalidInput) as caught:
        parse(VIETCOMBANK.replace("100000", "900000"))
    assert caught.value.key == "vietqr.crc"


@given(
    bin_=st.from_regex(r"\A97[0-9]{4}\Z"),
    account=st.from_regex(r"\A[0-9]{6,19}\Z"),
    amount=st.one_of(st.none(), st.integers(1, 10**12)),
    purpose=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=25),
)
def test_any_transfer_round_trips_with_consistent_lengths(bin_, account, amount, purpose):
    payload = build(Transfer(bin_, account, amount, purpose))
    top = parse_tlv(payload)  # every top-level length is right, CRC included
    assert top["63"] == crc16(payload[:-4])
    assert parse(payload) == Transfer(bin_, account, amount, purpose.strip())
