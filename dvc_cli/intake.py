"""Use-cases that change things: the office, citizens, dossiers and their lifecycle, the calendar.

Every entrance (flag commands, the wizard, importers) calls these; no rule lives in an entrance.
Each use-case validates everything first, then writes inside one transaction, so a refused
command changes nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput, NotFound
from dvc_cli.files import StoredFile
from dvc_cli.queries import missing_documents
from dvc_cli.rules import ids
from dvc_cli.rules.codes import check_agency_id, receipt_code
from dvc_cli.rules.dates import parse_date, parse_datetime, show_date
from dvc_cli.rules.lifecycle import ALLOWED, EDITABLE, PAUSED, RUNNING, Status, check_move, parse_status
from dvc_cli.rules.text import clean, fold
from dvc_cli.store import Row
from dvc_cli.strings import t

if TYPE_CHECKING:
    from dvc_cli.catalogue import Procedure

CHANNELS = ("direct", "online", "post")
SLIP_MODES = ("pdf", "ask", "off")
PAPERS = ("a5", "a4")
DELIVERIES = ("desk", "post", "online")
OFFICE_FIELDS = ("name", "agency_id", "address", "phone", "role")
SLIP_SETTINGS = ("slips", "slip_dir", "paper", "font", "book", "return_time")
BANK_FIELDS = ("bank_bin", "account", "account_name")
ROLES = ("desk", "field")
"""A desk issues receipt codes; a field device (a volunteer's laptop) only lodges dossiers (state 1)."""
MAX_TEXT = 200
_PROCEDURE_COPY = ("procedure_code", "procedure_name", "procedure_field", "processing_days", "fee_amount", "fee_mode")


def check_text(field: str, value: str | None, required: bool = False) -> str | None:
    """Clean a free-text field: NFC, collapsed spaces, bounded length; None when blank."""
    text = clean(value) if value is not None else ""
    if not text:
        if required:
            raise InvalidInput("field.empty", field=field)
        return None
    if len(text) > MAX_TEXT:
        raise InvalidInput("field.too_long", field=field, limit=MAX_TEXT)
    return text


def _choice(field: str, value: str, choices: tuple[str, ...]) -> str:
    text = value.strip().lower()
    if text not in choices:
        raise InvalidInput("field.choice", field=field, value=value, choices=", ".join(choices))
    return text


# --- office -----------------------------------------------------------------------------------


def set_office(desk: Desk, values: dict[str, str | None]) -> dict[str, str]:
    """Store the office's name, electronic agency id, address and phone (only those given)."""
    changes: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "agency_id":
            changes[key] = check_agency_id(value)
        elif key == "phone":
            changes[key] = ids.normalize_office_phone(value)
        elif key == "role":
            changes[key] = _choice("role", value, ROLES)
        elif key in BANK_FIELDS or key in SLIP_SETTINGS:
            changes[key] = office_setting(key, value)
        else:
            changes[key] = check_text(f"office_{key}", value, required=True)
    if not changes:
        raise InvalidInput("office.nothing")
    with desk.store.transaction():
        desk.store.set_office(changes)
        desk.audit("office.set", "office", "office", fields=sorted(changes))
    return desk.store.office()


def office_setting(key: str, value: str) -> str:
    """Validate one of the office's payment-account and slip settings."""
    text = value.strip()
    if key == "bank_bin":
        if not (text.isascii() and text.isdigit() and len(text) == 6):
            raise InvalidInput("vietqr.bin", value=value)
    elif key == "account":
        text = text.replace(" ", "")
        if not (text.isascii() and text.isalnum() and 1 <= len(text) <= 19):
            raise InvalidInput("vietqr.account")
    elif key == "account_name":
        text = check_text(key, value, required=True)
    elif key == "slips":
        text = _choice("--slips", value, SLIP_MODES)
    elif key == "paper":
        text = _choice("--paper", value, PAPERS)
    elif key in ("slip_dir", "font"):
        if not text:
            raise InvalidInput("field.empty", field=key)
        text = str(Path(text).expanduser().resolve())
        if key == "font" and not Path(text).is_file():
            raise InvalidInput("font.missing", path=text)
    elif key == "return_time":
        match = re.fullmatch(r"([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])", text)
        if not match:
            raise InvalidInput("office.return_time_bad", value=value)
        text = f"{int(match[1]):02d}:{match[2]}"
    else:
        text = check_text(key, value, required=True)
    return text


# --- citizens ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCitizen:
    """What a clerk types for a citizen, before validation."""

    personal_id: str
    name: str
    dob: str
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


def _valid_citizen(desk: Desk, raw: NewCitizen) -> Row:
    """Validate and normalise every field; the ID must agree with the birth date and gender."""
    today = desk.today()
    dob = parse_date(raw.dob, today=today)
    gender = ids.normalize_gender(raw.gender) if raw.gender else None
    personal_id = ids.validate_personal_id(raw.personal_id, dob=dob, gender=raw.gender, today=today)
    name = check_text("name", raw.name, required=True)
    return {
        "personal_id": personal_id,
        "name": name,
        "name_folded": fold(name),
        "dob": dob.isoformat(),
        "gender": gender or ids.gender_from_id(personal_id),
        "phone": ids.normalize_phone(raw.phone) if raw.phone else None,
        "email": ids.validate_email(raw.email) if raw.email else None,
        "address": check_text("address", raw.address),
    }


def check_citizen(desk: Desk, raw: NewCitizen) -> Row:
    """Validate and normalise a citizen without storing it: the rules of `register_citizen`,
    for entrances that store many at once (batch imports, bundles)."""
    return _valid_citizen(desk, raw)


def register_citizen(desk: Desk, raw: NewCitizen) -> tuple[Row, list[Row]]:
    """Add a citizen. Refuses a second record with the same ID (exit 4); returns the new row and
    any existing citizens with the same name and date of birth (a likely duplicate to warn of)."""
    row = _valid_citizen(desk, raw)
    existing = desk.store.citizen_by_personal_id(row["personal_id"])
    if existing:
        raise Conflict("citizen.exists", masked=ids.mask(row["personal_id"]), number=existing["id"])
    similar = desk.store.citizens_named(row["name_folded"], row["dob"])
    now = desk.now().isoformat()
    with desk.store.transaction():
        citizen_id = desk.store.insert(
            "citizens", {"uid": str(uuid.uuid4()), **row, "created_at": now, "updated_at": now}
        )
        desk.audit("citizen.add", "citizen", citizen_id)
    return desk.store.citizen(citizen_id), similar


def edit_citizen(desk: Desk, ref: str, changes: dict[str, str | None]) -> Row:
    """Change some fields of a citizen; the whole record is validated again."""
    current = desk.citizen(ref)
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InvalidInput("citizen.nothing")
    merged = {k: current[k] for k in ("personal_id", "name", "dob", "phone", "email", "address")}
    merged.update(given)  # the gender follows the ID number unless the clerk gives one to check
    row = _valid_citizen(desk, NewCitizen(**merged))
    if row["personal_id"] != current["personal_id"] and desk.store.citizen_by_personal_id(row["personal_id"]):
        raise Conflict("citizen.exists", masked=ids.mask(row["personal_id"]), number=current["id"])
    changed = {k: v for k, v in row.items() if v != current[k]}
    if changed:
        with desk.store.transaction():
            desk.store.update("citizens", current["id"], {**changed, "updated_at": desk.now().isoformat()})
            desk.audit("citizen.edit", "citizen", current["id"], fields=sorted(changed))
    return desk.store.citizen(current["id"])


# --- dossiers ---------------------------------------------------------------------------------


def _document_key(desk: Desk, dossier: Row, key: str) -> str:
    keys = [d["key"] for d in desk.store.documents(dossier["id"])]
    if key not in keys:
        raise InvalidInput("document.unknown", key=key, choices=", ".join(keys))
    return key


def _editable(dossier: Row) -> None:
    if Status(dossier["status"]) not in EDITABLE:
        raise Conflict("dossier.locked", status=Status(dossier["status"]))


def parse_attach(spec: str) -> tuple[str, Path]:
    """Read a `KEY=PATH` attachment argument."""
    key, sep, path = spec.partition("=")
    if not sep or not key.strip() or not path.strip():
        raise InvalidInput("attach.spec", spec=spec)
    return key.strip(), Path(path.strip()).expanduser()


def _procedure_fields(procedure: Procedure) -> Row:
    """The procedure facts a dossier keeps a copy of (its name, field, time and fee that day)."""
    return {
        "procedure_code": procedure.code,
        "procedure_name": procedure.name,
        "procedure_field": procedure.field,
        "processing_days": procedure.processing_days,
        "fee_amount": procedure.fee.amount,
        "fee_mode": procedure.fee.mode,
    }


def _checklist(procedure: Procedure) -> list[Row]:
    """The dossier's papers, in the catalogue's order."""
    return [
        {"key": d.key, "name": d.name, "form": d.form, "required": int(d.required), "position": position}
        for position, d in enumerate(procedure.documents)
    ]


def _agency_for(procedure: Procedure, agency: str | None) -> str:
    """The agency asked for (it must handle the procedure), else the procedure's first one."""
    code = agency.strip() if agency else procedure.agencies[0]
    if code not in procedure.agencies:
        raise InvalidInput("dossier.agency", agency=code, choices=", ".join(procedure.agencies))
    return code


def _delivery_address(citizen: Row, delivery: str, address: str | None) -> str | None:
    """Where a postal result goes: the address given, else the citizen's; none unless by post."""
    if delivery != "post":
        return None
    chosen = check_text("address", address) or citizen["address"]
    if not chosen:
        raise InvalidInput("dossier.address_needed")
    return chosen


def open_dossier(
    desk: Desk,
    citizen_ref: str,
    procedure_code: str,
    agency: str | None = None,
    channel: str = "direct",
    delivery: str = "desk",
    attach: list[tuple[str, Path]] | None = None,
    address: str | None = None,
    external_ref: str | None = None,
) -> int:
    """Open a draft for a citizen and a procedure, with its checklist of papers; return its number.
    `external_ref` is the dossier's reference in the file it was imported from (kept unique)."""
    citizen = desk.citizen(citizen_ref)
    procedure = desk.catalogue.get(procedure_code)
    agency_code = _agency_for(procedure, agency)
    channel = _choice("channel", channel, CHANNELS)
    delivery = _choice("delivery", delivery, DELIVERIES)
    delivery_address = _delivery_address(citizen, delivery, address)
    keys = [d.key for d in procedure.documents]
    for key, _ in attach or []:
        if key not in keys:
            raise InvalidInput("document.unknown", key=key, choices=", ".join(keys))
    now = desk.now().isoformat()
    with ExitStack() as stack:
        stored = [(key, stack.enter_context(desk.files.staged(path))) for key, path in attach or []]
        with desk.store.transaction():
            dossier_id = desk.store.insert(
                "dossiers",
                {
                    "uid": str(uuid.uuid4()),
                    "status": int(Status.draft),
                    "citizen_id": citizen["id"],
                    **_procedure_fields(procedure),
                    "agency_code": agency_code,
                    "agency_name": desk.catalogue.agency(agency_code).name,
                    "channel": channel,
                    "delivery": delivery,
                    "delivery_address": delivery_address,
                    "created_at": now,
                    "updated_at": now,
                    "created_by": desk.clerk,
                    **({"external_ref": external_ref} if external_ref else {}),
                },
            )
            for document in _checklist(procedure):
                desk.store.insert("dossier_documents", {"dossier_id": dossier_id, **document})
            for key, blob in stored:
                _record_attachment(desk, dossier_id, key, blob)
            _record_event(desk, dossier_id, None, Status.draft, "")
            desk.audit("dossier.open", "dossier", dossier_id, procedure=procedure.code)
    return dossier_id


@dataclass(frozen=True)
class DraftChanges:
    """What may change on a dossier before it is received; None leaves a field as it is."""

    citizen: str | None = None
    procedure: str | None = None
    agency: str | None = None
    channel: str | None = None
    delivery: str | None = None
    address: str | None = None
    presented: dict[str, bool] = field(default_factory=dict)


def edit_draft(desk: Desk, ref: str, changes: DraftChanges) -> Row:
    """Change who, what, where and how of a dossier not yet received. A new procedure brings its own
    checklist: files attached to papers it still asks for stay, the others are removed."""
    dossier = desk.dossier(ref)
    if Status(dossier["status"]) not in (Status.draft, Status.registered):
        raise Conflict("dossier.not_draft", status=Status(dossier["status"]).name)
    if changes == DraftChanges():
        raise InvalidInput("dossier.nothing")
    citizen = desk.citizen(changes.citizen) if changes.citizen else desk.store.citizen(dossier["citizen_id"])
    values: Row = {"citizen_id": citizen["id"]}
    procedure = desk.catalogue.get(changes.procedure) if changes.procedure else None
    if procedure is not None:
        values.update(_procedure_fields(procedure))
    if procedure is not None or changes.agency:
        offered = procedure or desk.catalogue.get(dossier["procedure_code"])
        keep = dossier["agency_code"] if dossier["agency_code"] in offered.agencies else None
        values["agency_code"] = _agency_for(offered, changes.agency or keep)
        values["agency_name"] = desk.catalogue.agency(values["agency_code"]).name
    values["channel"] = _choice("channel", changes.channel or dossier["channel"], CHANNELS)
    values["delivery"] = _choice("delivery", changes.delivery or dossier["delivery"], DELIVERIES)
    kept_address = None if changes.citizen else dossier["delivery_address"]
    values["delivery_address"] = _delivery_address(citizen, values["delivery"], changes.address or kept_address)
    checklist = _checklist(procedure) if procedure is not None else desk.store.documents(dossier["id"])
    keys = [d["key"] for d in checklist]
    for key in changes.presented:
        if key not in keys:
            raise InvalidInput("document.unknown", key=key, choices=", ".join(keys))
    changed = sorted(k for k, v in values.items() if v != dossier[k]) + sorted(changes.presented)
    with desk.store.transaction():
        dropped = desk.store.replace_documents(dossier["id"], checklist) if procedure is not None else []
        desk.store.set_presented(dossier["id"], changes.presented)
        _update_from(desk, dossier, {**values, "updated_at": desk.now().isoformat()})
        desk.audit("dossier.edit", "dossier", dossier["id"], fields=changed)
    for row in dropped:
        if not desk.store.blob_in_use(row["sha256"]):
            desk.files.remove(row["sha256"])
    return desk.store.dossier(dossier["id"])


def save_wizard_step(desk: Desk, dossier_id: int, step: int) -> None:
    """Remember where a guided intake of this dossier stands, so it can be resumed there."""
    with desk.store.transaction():
        desk.store.save_wizard_step(dossier_id, step, desk.now().isoformat())


def _record_attachment(desk: Desk, dossier_id: int, key: str, blob: StoredFile) -> bool:
    return desk.store.add_attachment(
        {"dossier_id": dossier_id, "doc_key": key, "filename": blob.filename, "sha256": blob.sha256,
         "size": blob.size, "mime": blob.mime, "attached_at": desk.now().isoformat(), "clerk": desk.clerk}
    )


def _record_event(desk: Desk, dossier_id: int, before: Status | None, after: Status, note: str) -> None:
    desk.store.insert(
        "events",
        {"dossier_id": dossier_id, "at": desk.now().isoformat(),
         "from_status": None if before is None else int(before), "to_status": int(after),
         "clerk": desk.clerk, "note": note},
    )


def attach(desk: Desk, ref: str, key: str, path: Path) -> bool:
    """Attach a scan to one of the dossier's papers; False when that file was already attached."""
    dossier = desk.dossier(ref)
    _editable(dossier)
    _document_key(desk, dossier, key)
    with desk.files.staged(path) as blob, desk.store.transaction():
        added = _record_attachment(desk, dossier["id"], key, blob)
        if added:
            desk.audit("dossier.attach", "dossier", dossier["id"], key=key, sha256=blob.sha256)
    return added


def detach(desk: Desk, ref: str, key: str) -> int:
    """Remove every file attached to one paper; return how many were removed."""
    dossier = desk.dossier(ref)
    _editable(dossier)
    _document_key(desk, dossier, key)
    with desk.store.transaction():
        removed = desk.store.remove_attachments(dossier["id"], key)
        if not removed:
            raise NotFound("attachment.none", key=key)
        desk.audit("dossier.detach", "dossier", dossier["id"], key=key)
    for row in removed:
        if not desk.store.blob_in_use(row["sha256"]):
            desk.files.remove(row["sha256"])
    return len(removed)


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
    keys = {_document_key(desk, dossier, k) for k in presented or []}
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
        _update_from(desk, dossier, {
            **snapshot, "code": code, "status": int(Status.received), "received_at": received.isoformat(),
            "due_date": due.isoformat(), "updated_at": desk.now().isoformat(),
        })
        _record_event(desk, dossier["id"], current, Status.received, note)
        desk.audit("dossier.submit", "dossier", dossier["id"], code=code)
    return desk.store.dossier(dossier["id"])


def _lodge(desk: Desk, dossier: Row, presented: list[str] | None, note: str) -> Row:
    """A field device's submit: the complete draft becomes "Mới đăng ký" (state 1) without a code;
    the desk issues the code when it accepts it (`dossier submit` there)."""
    current = Status(dossier["status"])
    if current is not Status.draft:
        raise Conflict("field.no_code", status=current)
    keys = {_document_key(desk, dossier, k) for k in presented or []}
    missing = missing_documents(desk, dossier["id"], keys)
    if missing:
        raise Conflict("dossier.incomplete", missing="; ".join(f"{d['key']} ({d['name']})" for d in missing))
    with desk.store.transaction():
        desk.store.mark_presented(dossier["id"], sorted(keys))
        _update_from(desk, dossier, {"status": int(Status.registered), "updated_at": desk.now().isoformat()})
        _record_event(desk, dossier["id"], current, Status.registered, note)
        desk.audit("dossier.lodge", "dossier", dossier["id"])
    return desk.store.dossier(dossier["id"])


def _snapshot(desk: Desk, dossier: Row) -> Row:
    """The procedure's name, fee and time as they are on the day of receipt (kept if it left the catalogue)."""
    try:
        return _procedure_fields(desk.catalogue.get(dossier["procedure_code"]))
    except NotFound:
        return {k: dossier[k] for k in _PROCEDURE_COPY}


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
        asked = [_document_key(desk, dossier, k) for k in dict.fromkeys(missing or [])]
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
        _update_from(desk, dossier, values)
        _record_event(desk, dossier["id"], current, target, note or reason)
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
        _update_from(desk, dossier, {"due_date": day.isoformat(), "updated_at": desk.now().isoformat()})
        _record_event(desk, dossier["id"], current, current,
                      t("reschedule.event", old=show_date(old), new=show_date(day), reason=reason))
        _record_notice(desk, dossier["id"], "apology", reason, old_date=old.isoformat(), new_date=day.isoformat())
        desk.audit("dossier.reschedule", "dossier", dossier["id"], old=old.isoformat(), new=day.isoformat())
    return desk.store.dossier(dossier["id"])


def _update_from(desk: Desk, dossier: Row, values: Row) -> None:
    """Write a move, refusing (and so rolling back) if another terminal moved the dossier meanwhile."""
    if not desk.store.update_dossier_from(dossier["id"], dossier["status"], values):
        raise Conflict("dossier.changed", ref=dossier["code"] or dossier["id"])


def _resume(desk: Desk, dossier: Row, now: datetime) -> Row:
    """Leaving a paused state: push the appointment date by the working days paused."""
    paused = desk.calendar.pause_extension(datetime.fromisoformat(dossier["paused_at"]), now)
    values: Row = {"paused_at": None, "paused_days": dossier["paused_days"] + paused}
    if paused and dossier["due_date"]:
        values["due_date"] = desk.calendar.add_working_days(date.fromisoformat(dossier["due_date"]), paused).isoformat()
    return values


# --- calendar ---------------------------------------------------------------------------------


def set_calendar_day(desk: Desk, day: str, is_off: bool, note: str | None) -> date:
    """Mark a date as an office day off, or as an extra working day (e.g. a make-up Saturday)."""
    parsed = parse_date(day, allow_future=True)
    with desk.store.transaction():
        desk.store.set_calendar_override(
            {"day": parsed.isoformat(), "is_off": int(is_off), "note": check_text("note", note) or "",
             "clerk": desk.clerk, "at": desk.now().isoformat()}
        )
        desk.audit("calendar.set", "calendar", parsed.isoformat(), is_off=is_off)
    return parsed
