"""VietQR (NAPAS IBFT over EMVCo merchant-presented QR): build and parse payloads. Pure.

Each field is TLV: a 2-digit tag, a 2-digit length and the value. The payload ends with tag 63,
a CRC-16/CCITT-FALSE over everything before it including the literal "6304".
"""

from __future__ import annotations

from dataclasses import dataclass

from dvc_cli.errors import InvalidInput
from dvc_cli.rules.text import ascii_only

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
TO_CARD = "QRIBFTTC"
MAX_PURPOSE = 25

BANKS = {
    "970436": "Vietcombank", "970415": "VietinBank", "970418": "BIDV", "970405": "Agribank",
    "970407": "Techcombank", "970422": "MB", "970416": "ACB", "970403": "Sacombank", "970432": "VPBank",
    "970423": "TPBank", "970441": "VIB", "970443": "SHB", "970437": "HDBank", "970448": "OCB",
    "970426": "MSB", "970431": "Eximbank", "970440": "SeABank", "970449": "LPBank", "970454": "Bản Việt",
    "970429": "SCB",
}
"""Bank BINs named in the reference (subiz/vietqr bank.csv), to show beside the account."""


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise InvalidInput("vietqr.too_long", tag=tag)
    return f"{tag}{len(value):02d}{value}"


@dataclass(frozen=True)
class Transfer:
    """A transfer order: bank BIN, account (or card) number, amount in VND and purpose text."""

    bin: str
    account: str
    amount: int | None = None
    purpose: str = ""
    to_card: bool = False


def build(transfer: Transfer) -> str:
    """The payload string for a transfer; dynamic (01=12) when it carries an amount."""
    if not (transfer.bin.isascii() and transfer.bin.isdigit() and len(transfer.bin) == 6):
        raise InvalidInput("vietqr.bin", value=transfer.bin)
    if not (transfer.account.isalnum() and transfer.account.isascii() and 1 <= len(transfer.account) <= 19):
        raise InvalidInput("vietqr.account")
    if transfer.amount is not None and transfer.amount <= 0:
        raise InvalidInput("vietqr.amount", value=transfer.amount)
    beneficiary = _tlv("00", transfer.bin) + _tlv("01", transfer.account)
    service = TO_CARD if transfer.to_card else TO_ACCOUNT
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service)
    purpose = ascii_only(transfer.purpose).strip()[:MAX_PURPOSE]
    payload = (
        _tlv("00", "01")
        + _tlv("01", "12" if transfer.amount else "11")
        + _tlv("38", merchant)
        + _tlv("53", "704")
        + (_tlv("54", str(transfer.amount)) if transfer.amount else "")
        + _tlv("58", "VN")
        + (_tlv("62", _tlv("08", purpose)) if purpose else "")
        + "6304"
    )
    return payload + crc16(payload)


def purpose_for(code: str) -> str:
    """The transfer purpose for a receipt code: the code itself when it fits the 25-character
    limit, else without the dots of the agency part, else its last 25 characters (the date and
    number, which tell dossiers apart; the agency is the same on every transfer to the office)."""
    text = ascii_only(code).strip()
    if len(text) > MAX_PURPOSE:
        text = text.replace(".", "")
    return text[-MAX_PURPOSE:]


def parse_tlv(data: str) -> dict[str, str]:
    """Split a TLV string into {tag: value}; refuses lengths that run past the end."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(data):
        tag, length = data[i : i + 2], data[i + 2 : i + 4]
        if len(tag) < 2 or not length.isdigit() or i + 4 + int(length) > len(data):
            raise InvalidInput("vietqr.malformed")
        fields[tag] = data[i + 4 : i + 4 + int(length)]
        i += 4 + int(length)
    return fields


def parse(payload: str) -> Transfer:
    """Read a payload back, checking the CRC and every nested length."""
    if not payload.isascii() or len(payload) < 8 or payload[-8:-4] != "6304" or crc16(payload[:-4]) != payload[-4:].upper():
        raise InvalidInput("vietqr.crc")
    top = parse_tlv(payload[:-8])
    merchant = parse_tlv(top.get("38", ""))
    beneficiary = parse_tlv(merchant.get("01", ""))
    if merchant.get("00") != NAPAS_GUID or "00" not in beneficiary or "01" not in beneficiary:
        raise InvalidInput("vietqr.malformed")
    return Transfer(
        bin=beneficiary["00"],
        account=beneficiary["01"],
        amount=int(top["54"]) if "54" in top else None,
        purpose=parse_tlv(top["62"]).get("08", "") if "62" in top else "",
        to_card=merchant.get("02") == TO_CARD,
    )
