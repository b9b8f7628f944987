"""The printed slips of the one-stop desk, laid out like the official forms (reference §2b):

- receipt    Giấy tiếp nhận hồ sơ và hẹn trả kết quả
- supplement Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ   (issued with the move to state 5)
- refusal    Phiếu từ chối tiếp nhận giải quyết hồ sơ  (issued with the move to state 3)
- apology    Phiếu xin lỗi và hẹn lại ngày trả kết quả (issued with `dossier reschedule`)

`build` reads everything a slip shows and returns a `Slip`: a list of blocks that both the
terminal and the PDF renderer draw, plus the plain values for `--json`. The QR code holds the
receipt code only, never personal data. Printing a slip (it carries the citizen's name, address
and phone) is recorded in the audit trail by `record_print`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput
from dvc_cli.output import days_text
from dvc_cli.payments import view as payment_view
from dvc_cli.rules.dates import show_date
from dvc_cli.rules.fees import money
from dvc_cli.rules.lifecycle import Status
from dvc_cli.store import Row
from dvc_cli.strings import t

KINDS = ("receipt", "supplement", "refusal", "apology")
DOTS = "…………………"
_PLACE = re.compile(r"(?:^|\s)(?:xã|phường|đặc khu|thị trấn)\s+(.+)$", re.IGNORECASE)


@dataclass
class Slip:
    """One slip, ready to draw. Blocks: ("field", label, value) · ("text", text) ·
    ("table", columns, rows, widths) · ("text", text, bold) · ("gap",)."""

    kind: str
    code: str | None
    office: str
    unit: str | None
    number: str | None
    date_line: str
    title: str
    subtitle: str | None
    blocks: list[tuple] = field(default_factory=list)
    signatures: list[tuple[str, str, str]] = field(default_factory=list)
    qr_caption: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        """What `--json` prints: the values, the title and the QR content."""
        return {"kind": self.kind, "code": self.code, "title": self.title, "number": self.number,
                "qr": self.code, **self.data}


def _place(office_name: str) -> str | None:
    """The place name in an office name such as `UBND xã Lương Phong` (for the date line)."""
    match = _PLACE.search(office_name)
    return match[1].strip() if match else None


def _date_line(office_name: str, day: date) -> str:
    text = t("slip.date", d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)
    place = _place(office_name)
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def _clock(moment: datetime) -> str:
    return t("slip.clock", h=f"{moment.hour:02d}", m=f"{moment.minute:02d}", day=show_date(moment.date()))


def _due_clock(office: dict[str, str], due: date) -> str:
    hour, _, minute = (office.get("return_time") or "").partition(":")
    if not hour:
        hour = minute = "……"
    return t("slip.clock", h=hour, m=minute, day=show_date(due))


def _person(citizen: Row) -> str:
    return t("slip.mr" if citizen["gender"] == "male" else "slip.ms")


def _applicant(citizen: Row, dossier: Row) -> list[tuple]:
    return [
        ("field", _person(citizen) + ":", citizen["name"]),
        ("field", t("slip.address"), citizen["address"] or DOTS),
        ("field", t("slip.phone"), citizen["phone"] or DOTS),
        ("field", t("slip.email"), citizen["email"] or DOTS),
        ("field", t("slip.request"), f"{dossier['procedure_name']} ({dossier['procedure_code']})"),
    ]


def _form(document: Row) -> str:
    return t(f"form.{document['form']}")


def _fee_line(fee: dict[str, Any]) -> str:
    status = fee["status"]
    if status == "paid":
        return t("slip.fee.paid", amount=money(fee["amount"]), method=t(f"pay.method.{fee['payment']['method']}"))
    if status == "unpaid":
        return t("slip.fee.unpaid", amount=money(fee["amount"]), mode=t(f"fee.mode.{fee['mode']}"))
    return t(f"slip.fee.{status}")


def _rows_or_blank(rows: list[list[str]], width: int) -> list[list[str]]:
    return rows or [[str(i), *([""] * (width - 1))] for i in (1, 2, 3)]


def _receipt(desk: Desk, office: dict[str, str], dossier: Row, citizen: Row) -> Slip:
    received = datetime.fromisoformat(dossier["received_at"])
    attached = {a["doc_key"] for a in desk.store.attachments(dossier["id"])}
    papers = [d for d in desk.store.documents(dossier["id"]) if d["key"] in attached or d["presented"]]
    rows = [[str(i), d["name"], t("slip.presented") if d["presented"] and d["key"] not in attached else _form(d), "1"]
            for i, d in enumerate(papers, 1)]
    receiver = next((e["clerk"] for e in desk.store.events(dossier["id"]) if e["to_status"] == Status.received),
                    dossier["created_by"])
    fee = payment_view(desk, dossier)
    due = date.fromisoformat(dossier["due_date"])
    number = dossier["code"].rsplit("-", 1)[1]
    where = {
        "desk": t("slip.collect.desk", office=office["name"]) + (f", {office['address']}" if office.get("address") else ""),
        "post": t("slip.collect.post", address=citizen["address"] or DOTS),
        "online": t("slip.collect.online"),
    }[dossier["delivery"]]
    blocks: list[tuple] = [
        ("text", t("slip.receipt.intro", office=office["name"])),
        *_applicant(citizen, dossier),
        ("text", t("slip.receipt.papers")),
        ("table", [t("slip.col.no"), t("slip.col.paper"), t("slip.col.form"), t("slip.col.count")],
         _rows_or_blank(rows, 4), (0.07, 0.53, 0.28, 0.12)),
        ("field", t("slip.receipt.sets"), "01"),
        ("field", t("slip.receipt.time"), days_text(dossier["processing_days"])),
        ("field", t("slip.receipt.received"), _clock(received)),
        ("field", t("slip.receipt.due"), _due_clock(office, due)),
        ("field", t("slip.receipt.where"), where),
        ("field", t("slip.receipt.fee"), _fee_line(fee)),
        ("field", t("slip.receipt.book"), t("slip.receipt.book_ref", book=office.get("book") or "……", n=number,
                                             day=show_date(received.date()))),
    ]
    return Slip(
        kind="receipt", code=dossier["code"], office=office["name"], unit=t("slip.unit"),
        number=t("slip.number", n=number, suffix="TN"), date_line=_date_line(office["name"], received.date()),
        title=t("slip.receipt.title"), subtitle=t("slip.code", code=dossier["code"]), blocks=blocks,
        signatures=[(t("slip.sign.submitter"), t("slip.sign.hint"), citizen["name"]),
                    (t("slip.sign.receiver"), t("slip.sign.hint"), receiver)],
        qr_caption=t("slip.qr_caption"),
        data={"received_at": dossier["received_at"], "due_date": dossier["due_date"],
              "procedure": {"code": dossier["procedure_code"], "name": dossier["procedure_name"]},
              "papers": [{"key": d["key"], "name": d["name"], "form": d["form"],
                          "presented": bool(d["presented"]) and d["key"] not in attached} for d in papers],
              "processing_days": dossier["processing_days"], "delivery": dossier["delivery"],
              "fee": {"status": fee["status"], "amount": fee["amount"]}, "receiver": receiver},
    )


def _notice(desk: Desk, dossier: Row, kind: str) -> Row:
    notice = desk.store.last_notice(dossier["id"], kind)
    if notice is None:
        raise Conflict(f"slip.no_{kind}", ref=dossier["code"] or f"#{dossier['id']}")
    return notice


def _supplement(desk: Desk, office: dict[str, str], dossier: Row, citizen: Row) -> Slip:
    notice = _notice(desk, dossier, "supplement")
    keys = json.loads(notice["missing"])
    documents = {d["key"]: d for d in desk.store.documents(dossier["id"])}
    rows = [[str(i), documents[k]["name"], _form(documents[k])] for i, k in enumerate(keys, 1) if k in documents]
    at = datetime.fromisoformat(notice["at"])
    blocks: list[tuple] = [
        *_applicant(citizen, dossier),
        ("text", t("slip.supplement.intro")),
        ("table", [t("slip.col.no"), t("slip.col.paper"), t("slip.col.form")], _rows_or_blank(rows, 3),
         (0.08, 0.67, 0.25)),
        ("field", t("slip.reason"), notice["reason"] or DOTS * 3),
        ("text", t("slip.supplement.contact", clerk=notice["clerk"], phone=office.get("phone") or DOTS)),
    ]
    return Slip(
        kind="supplement", code=dossier["code"], office=office["name"], unit=t("slip.unit"),
        number=t("slip.number", n=f"{notice['number']:02d}", suffix="HDHS"), date_line=_date_line(office["name"], at.date()),
        title=t("slip.supplement.title"), subtitle=t("slip.code", code=dossier["code"]), blocks=blocks,
        signatures=[("", "", ""), (t("slip.sign.guide"), t("slip.sign.hint"), notice["clerk"])],
        qr_caption=t("slip.qr_caption") if dossier["code"] else None,
        data={"at": notice["at"], "reason": notice["reason"], "clerk": notice["clerk"],
              "missing": [{"key": k, "name": documents[k]["name"], "form": documents[k]["form"]}
                          for k in keys if k in documents]},
    )


def _refusal(desk: Desk, office: dict[str, str], dossier: Row, citizen: Row) -> Slip:
    notice = _notice(desk, dossier, "refusal")
    at = datetime.fromisoformat(notice["at"])
    blocks: list[tuple] = [
        *_applicant(citizen, dossier),
        ("text", t("slip.refusal.intro")),
        ("text", notice["reason"] or DOTS * 6, True),
        ("text", t("slip.refusal.outro", person=_person(citizen))),
    ]
    return Slip(
        kind="refusal", code=dossier["code"], office=office["name"], unit=t("slip.unit"), number=None,
        date_line=_date_line(office["name"], at.date()), title=t("slip.refusal.title"),
        subtitle=t("slip.code", code=dossier["code"]) if dossier["code"] else None, blocks=blocks,
        signatures=[("", "", ""), (t("slip.sign.receiver"), t("slip.sign.hint"), notice["clerk"])],
        qr_caption=t("slip.qr_caption") if dossier["code"] else None,
        data={"at": notice["at"], "reason": notice["reason"], "clerk": notice["clerk"]},
    )


def _apology(desk: Desk, office: dict[str, str], dossier: Row, citizen: Row) -> Slip:
    notice = _notice(desk, dossier, "apology")
    at = datetime.fromisoformat(notice["at"])
    person = _person(citizen)
    old, new = date.fromisoformat(notice["old_date"]), date.fromisoformat(notice["new_date"])
    blocks: list[tuple] = [
        ("field", t("slip.apology.to"), f"{person} {citizen['name']}"),
        ("text", t("slip.apology.body", office=office["name"], person=person,
                   received=_clock(datetime.fromisoformat(dossier["received_at"])), code=dossier["code"],
                   procedure=dossier["procedure_name"], old=show_date(old))),
        ("text", t("slip.apology.reason", person=person, reason=notice["reason"])),
        ("text", t("slip.apology.new", office=office["name"], person=person, new=show_date(new))),
        ("text", t("slip.apology.thanks")),
    ]
    return Slip(
        kind="apology", code=dossier["code"], office=office["name"], unit=None,
        number=t("slip.number", n=f"{notice['number']:02d}", suffix="PXL"), date_line=_date_line(office["name"], at.date()),
        title=t("slip.apology.title"), subtitle=t("slip.code", code=dossier["code"]), blocks=blocks,
        signatures=[("", "", ""), (t("slip.sign.head"), t("slip.sign.head_hint"), "")],
        qr_caption=t("slip.qr_caption"),
        data={"at": notice["at"], "reason": notice["reason"], "old_date": notice["old_date"],
              "new_date": notice["new_date"]},
    )


_BUILDERS = {"receipt": _receipt, "supplement": _supplement, "refusal": _refusal, "apology": _apology}


def check_kind(kind: str | None) -> str:
    text = (kind or "").strip().lower()
    if text not in KINDS:
        raise InvalidInput("field.choice", field="--kind", value=kind, choices=", ".join(KINDS))
    return text


def build(desk: Desk, ref: str, kind: str) -> tuple[Row, Slip]:
    """The dossier and its slip of `kind`; refuses a receipt before intake and a notice never issued."""
    kind = check_kind(kind)
    office = desk.office()
    dossier = desk.dossier(ref)
    if kind == "receipt" and not dossier["code"]:
        raise Conflict("slip.no_receipt", ref=f"#{dossier['id']}")
    citizen = desk.store.citizen(dossier["citizen_id"])
    return dossier, _BUILDERS[kind](desk, office, dossier, citizen)


def record_print(desk: Desk, dossier: Row, kind: str, target: str) -> None:
    """A slip carries personal data: its printing is an export, kept in the audit trail."""
    with desk.store.transaction():
        desk.audit("dossier.slip", "dossier", dossier["id"], kind=kind, target=target)
