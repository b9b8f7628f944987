"""Read-only use-cases: the views of citizens and dossiers that commands print or emit as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dvc_cli import payments
from dvc_cli.desk import Desk
from dvc_cli.rules.ids import mask, province_name
from dvc_cli.rules.lifecycle import PAUSED, RUNNING, Status, is_overdue, parse_status
from dvc_cli.rules.text import clean, fold
from dvc_cli.store import Row
from dvc_cli.strings import lang, t

CITIZEN_FIELDS = ("id", "personal_id", "name", "dob", "gender", "phone", "email", "address", "created_at", "updated_at")


def citizen_view(row: Row, masked: bool = False) -> dict[str, Any]:
    """A citizen as shown to people and scripts; lists mask the ID and phone numbers."""
    view = {k: row[k] for k in CITIZEN_FIELDS}
    if masked:
        view["personal_id"] = mask(row["personal_id"])
        view["phone"] = mask(row["phone"]) if row["phone"] else None
    return view


def show_citizen(desk: Desk, ref: str) -> dict[str, Any]:
    """One citizen in full (the read is recorded in the audit trail) with their dossiers."""
    row = desk.citizen(ref)
    with desk.store.transaction():
        desk.audit("citizen.show", "citizen", row["id"])
    view = citizen_view(row)
    view["birth_province"] = province_name(row["personal_id"][:3])
    view["dossiers"] = [_summary(desk, d) for d in desk.store.list_dossiers({"citizen_id": row["id"]}, 100)]
    return view


def find_citizens(desk: Desk, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Citizens by name (diacritics optional), ID prefix or phone digits; numbers masked."""
    text = clean(query)
    digits = text.replace(" ", "").replace(".", "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not digits.isdigit():
        digits = ""
    rows = desk.store.find_citizens(fold(text).split(), digits, limit)
    return [citizen_view(r, masked=True) for r in rows]


def _dates(dossier: Row) -> tuple[date | None, date | None]:
    due = date.fromisoformat(dossier["due_date"]) if dossier["due_date"] else None
    ended = dossier["done_at"] or dossier["closed_at"]
    return due, datetime.fromisoformat(ended).date() if ended else None


def _timing(desk: Desk, dossier: Row) -> dict[str, Any]:
    """Overdue flag and calendar days left until the appointment date (while the clock runs)."""
    status = Status(dossier["status"])
    due, ended = _dates(dossier)
    running = due is not None and ended is None and status not in PAUSED
    return {
        "due_date": dossier["due_date"],
        "overdue": is_overdue(status, due, ended, desk.today()),
        "days_left": (due - desk.today()).days if running else None,
    }


def _summary(desk: Desk, dossier: Row) -> dict[str, Any]:
    status = Status(dossier["status"])
    return {
        "id": dossier["id"],
        "code": dossier["code"],
        "status": status.name,
        "status_code": int(status),
        "procedure": {"code": dossier["procedure_code"], "name": dossier["procedure_name"]},
        "received_at": dossier["received_at"],
        **_timing(desk, dossier),
    }


def missing_documents(desk: Desk, dossier_id: int, presented: set[str] = frozenset()) -> list[Row]:
    """Required papers neither attached nor presented in person."""
    attached = {a["doc_key"] for a in desk.store.attachments(dossier_id)}
    return [
        d for d in desk.store.documents(dossier_id)
        if d["required"] and not d["presented"] and d["key"] not in attached | presented
    ]


def appointment_preview(desk: Desk, dossier_id: int) -> date:
    """The appointment date a dossier not yet received would get if it were received now."""
    dossier = desk.store.dossier(dossier_id)
    return desk.calendar.due_date(desk.now(), dossier["processing_days"])


def dossier_view(desk: Desk, ref: str) -> dict[str, Any]:
    """Everything about one dossier: the JSON of `dossier show`."""
    dossier = desk.dossier(ref)
    citizen = desk.store.citizen(dossier["citizen_id"])
    attachments = desk.store.attachments(dossier["id"])
    attached = {a["doc_key"] for a in attachments}
    documents = [
        {"key": d["key"], "name": d["name"], "form": d["form"], "required": bool(d["required"]),
         "presented": bool(d["presented"]), "attached": d["key"] in attached}
        for d in desk.store.documents(dossier["id"])
    ]
    return {
        **_summary(desk, dossier),
        "uid": dossier["uid"],
        "citizen": {k: citizen[k] for k in ("id", "personal_id", "name", "phone")},
        "procedure": {"code": dossier["procedure_code"], "name": dossier["procedure_name"],
                      "field": dossier["procedure_field"], "processing_days": dossier["processing_days"]},
        "agency": {"code": dossier["agency_code"], "name": dossier["agency_name"]},
        "channel": dossier["channel"],
        "delivery": dossier["delivery"],
        "delivery_address": dossier["delivery_address"],
        "created_at": dossier["created_at"],
        "paused_days": dossier["paused_days"],
        "done_at": dossier["done_at"],
        "fee": {"amount": dossier["fee_amount"], "mode": dossier["fee_mode"]},
        "payment": payments.view(desk, dossier),
        "documents": documents,
        "attachments": [
            {k: a[k] for k in ("filename", "sha256", "size", "mime", "attached_at")} | {"key": a["doc_key"]}
            for a in attachments
        ],
        "missing_documents": [{"key": d["key"], "name": d["name"]} for d in missing_documents(desk, dossier["id"])],
        "history": [
            {"at": e["at"], "from": None if e["from_status"] is None else Status(e["from_status"]).name,
             "to": Status(e["to_status"]).name, "clerk": e["clerk"], "note": e["note"]}
            for e in desk.store.events(dossier["id"])
        ],
    }


def list_dossiers(
    desk: Desk,
    status: str | None = None,
    overdue: bool = False,
    citizen: str | None = None,
    procedure: str | None = None,
    since: date | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Dossiers newest first, with the citizen's ID masked."""
    filters: dict[str, Any] = {
        "status": int(parse_status(status)) if status else None,
        "citizen_id": desk.citizen(citizen)["id"] if citizen else None,
        "procedure_code": desk.catalogue.get(procedure).code if procedure else None,
        "since": since.isoformat() if since else None,
    }
    if overdue:
        filters["open_statuses"] = sorted(int(s) for s in RUNNING)
        filters["due_before"] = desk.today().isoformat()
    rows = desk.store.list_dossiers(filters, limit)
    return [
        {**_summary(desk, r), "citizen": {"name": r["citizen_name"], "personal_id": mask(r["citizen_personal_id"])}}
        for r in rows
    ]


def status_view(desk: Desk, ref: str) -> dict[str, Any]:
    """What a citizen asks at the desk: state, appointment date, days left, what is missing.
    Holds no personal data, so it can be read out or shown on a screen."""
    dossier = desk.dossier(ref)
    return {
        **_summary(desk, dossier),
        "status_label": t(f"status.{dossier['status']}"),
        "missing_documents": [{"key": d["key"], "name": d["name"]} for d in missing_documents(desk, dossier["id"])],
        "payment": payments.view(desk, dossier, private=False),
    }


def calendar_view(desk: Desk, year: int) -> dict[str, Any]:
    """The national holidays of a year and the office's own exceptions."""
    return {
        "year": year,
        "holidays": [
            {"date": d.isoformat(), "name": name}
            for d, name in desk.calendar.national_holidays(year, "vi" if lang() == "vi" else "en_US")
        ],
        "office": [
            {"date": r["day"], "off": bool(r["is_off"]), "note": r["note"], "clerk": r["clerk"]}
            for r in desk.store.calendar_overrides() if r["day"].startswith(str(year))
        ],
    }
