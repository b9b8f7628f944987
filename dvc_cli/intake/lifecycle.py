"""Dossiers along the national lifecycle: intake (receipt code and appointment), moves, notices, new dates."""

from __future__ import annotations

import json
from datetime import date, datetime

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput, NotFound
from dvc_cli.intake.drafts import (
    PROCEDURE_COPY,
    document_key,
    procedure_fields,
    record_event,
    update_from,
)
from dvc_cli.intake.fields import check_text
from dvc_cli.queries import missing_documents
from dvc_cli.rules.codes import receipt_code
from dvc_cli.rules.dates import parse_date, parse_datetime, show_date
from dvc_cli.rules.lifecycle import (
    ALLOWED,
    PAUSED,
    RUNNING,
    Status,
    check_move,
    parse_status,
)
from dvc_cli.store import Row
from dvc_cli.strings import t


def submit(
    desk: Desk, ref: str, presented: list[str] | None = None, received_at: str | None = None, note: str = ""
) -> Row:
    """Intake at the desk: issue the receipt code and the appointment date (draft/registered → received).
    On a field device (`office set --role field`) submitting lodges the draft instead (→ registered,
    no code): only the desk issues codes."""
    dossier = desk.dossier(ref)
    current = Status(dossier["status"])
    if desk.store.office().get("role") == "field":
        return _lodge(desk, dossier, presented, note)
    check_move(current, Status.received)
    office = desk.office()
    keys = {document_key(desk, dossier, k) for k in presented or []}
    received = parse_datetime(received_at, now=desk.now()) if received_at else desk.now()
    missing = missing_documents(desk, dossier["id"], keys)
    if missing:
        raise Conflict("dossier.incomplete", missing="; ".join(f"{d['key']} ({d['name']})" for d in missing))
    snapshot = _snapshot(desk, dossier)
    due = desk.calendar.due_date(received, snapshot["processing_days"])
    with desk.store.transaction():
        number = desk.store.next_receipt_number(office["agency_id"], received.date().isoformat())
        code = receipt_code(office["agency_id"], received.date(), number)
        desk.store.mark_presented(dossier["id"], sorted(keys))
        update_from(desk, dossier, {
            **snapshot, "code": code, "status": int(Status.received), "received_at": received.isoformat(),
            "due_date": due.isoformat(), "updated_at": desk.now().isoformat(),
        })
        record_event(desk, dossier["id"], current, Status.received, note)
        desk.audit("dossier.submit", "dossier", dossier["id"], code=code)
    return desk.store.dossier(dossier["id"])


def _lodge(desk: Desk, dossier: Row, presented: list[str] | None, note: str) -> Row:
    """A field device's submit: the complete draft becomes "Mới đăng ký" (state 1) without a code;
    the desk issues the code when it accepts it (`dossier submit` there)."""
    current = Status(dossier["status"])
    if current is not Status.draft:
        raise Conflict("field.no_code", status=current)
    keys = {document_key(desk, dossier, k) for k in presented or []}
    missing = missing_documents(desk, dossier["id"], keys)
    if missing:
        raise Conflict("dossier.incomplete", missing="; ".join(f"{d['key']} ({d['name']})" for d in missing))
    with desk.store.transaction():
        desk.store.mark_presented(dossier["id"], sorted(keys))
        update_from(desk, dossier, {"status": int(Status.registered), "updated_at": desk.now().isoformat()})
        record_event(desk, dossier["id"], current, Status.registered, note)
        desk.audit("dossier.lodge", "dossier", dossier["id"])
    return desk.store.dossier(dossier["id"])


def _snapshot(desk: Desk, dossier: Row) -> Row:
    """The procedure's name, fee and time as they are on the day of receipt (kept if it left the catalogue)."""
    try:
        return procedure_fields(desk.catalogue.get(dossier["procedure_code"]))
    except NotFound:
        return {k: dossier[k] for k in PROCEDURE_COPY}


def move(desk: Desk, ref: str, to: str, note: str | None = None, reason: str | None = None,
         missing: list[str] | None = None) -> Row:
    """Move a dossier along the national lifecycle; pausing states stop the deadline clock.

    A move to "supplement requested" or "not received" records the notice its slip prints: the
    reason, and for a supplement the papers asked for (`missing` keys, else the checklist's gaps)."""
    target = parse_status(to)
    note = check_text("note", note) or ""
    reason = check_text("reason", reason) or ""
    if reason and target not in NOTICE_OF:
        raise InvalidInput("move.reason_only", target=target)
    if missing and target is not Status.supplement_requested:
        raise InvalidInput("move.missing_only")
    dossier = desk.dossier(ref)
    current = Status(dossier["status"])
    if target is Status.received and current in (Status.draft, Status.registered):
        return submit(desk, ref, note=note)
    check_move(current, target)
    if target is Status.supplement_requested:
        asked = [document_key(desk, dossier, k) for k in dict.fromkeys(missing or [])]
        missing = asked or [d["key"] for d in missing_documents(desk, dossier["id"])]
    now = desk.now()
    values: Row = {"status": int(target), "updated_at": now.isoformat()}
    if target in PAUSED:
        values["paused_at"] = now.isoformat()
    elif current in PAUSED:
        values.update(_resume(desk, dossier, now))
    if target is Status.done:
        values["done_at"] = now.isoformat()
    if not ALLOWED[target]:
        values["closed_at"] = now.isoformat()
    with desk.store.transaction():
        update_from(desk, dossier, values)
        record_event(desk, dossier["id"], current, target, note or reason)
        if target in NOTICE_OF:
            _record_notice(desk, dossier["id"], NOTICE_OF[target], reason, missing=missing or [])
        desk.audit("dossier.move", "dossier", dossier["id"], to=target.name)
    return desk.store.dossier(dossier["id"])


NOTICE_OF = {Status.supplement_requested: "supplement", Status.not_received: "refusal"}
"""Moves that issue a slip, and the kind of notice each records."""


def _record_notice(desk: Desk, dossier_id: int, kind: str, reason: str, missing: list[str] = (),
                   old_date: str | None = None, new_date: str | None = None) -> int:
    return desk.store.add_notice(
        {"dossier_id": dossier_id, "kind": kind, "at": desk.now().isoformat(), "clerk": desk.clerk,
         "reason": reason, "missing": json.dumps(list(missing)), "old_date": old_date, "new_date": new_date}
    )


def reschedule(desk: Desk, ref: str, new_date: str, reason: str | None) -> Row:
    """Set a later appointment date when the office will miss the one given (the apology slip):
    a change of the dossier with its own history entry, audit line and notice."""
    reason = check_text("reason", reason, required=True)
    day = parse_date(new_date, allow_future=True)
    dossier = desk.dossier(ref)
    current = Status(dossier["status"])
    if current not in RUNNING:
        raise Conflict("reschedule.state", status=current)
    old = date.fromisoformat(dossier["due_date"])
    if day <= old or day < desk.today():
        raise InvalidInput("reschedule.not_later", new=show_date(day), old=show_date(max(old, desk.today())))
    if not desk.calendar.is_working_day(day):
        raise InvalidInput("reschedule.day_off", new=show_date(day), next=show_date(desk.calendar.next_working_day(day)))
    with desk.store.transaction():
        update_from(desk, dossier, {"due_date": day.isoformat(), "updated_at": desk.now().isoformat()})
        record_event(desk, dossier["id"], current, current,
                      t("reschedule.event", old=show_date(old), new=show_date(day), reason=reason))
        _record_notice(desk, dossier["id"], "apology", reason, old_date=old.isoformat(), new_date=day.isoformat())
        desk.audit("dossier.reschedule", "dossier", dossier["id"], old=old.isoformat(), new=day.isoformat())
    return desk.store.dossier(dossier["id"])


def _resume(desk: Desk, dossier: Row, now: datetime) -> Row:
    """Leaving a paused state: push the appointment date by the working days paused."""
    paused = desk.calendar.pause_extension(datetime.fromisoformat(dossier["paused_at"]), now)
    values: Row = {"paused_at": None, "paused_days": dossier["paused_days"] + paused}
    if paused and dossier["due_date"]:
        values["due_date"] = desk.calendar.add_working_days(date.fromisoformat(dossier["due_date"]), paused).isoformat()
    return values
