"""Use-cases that change things: the office, citizens, dossiers and their lifecycle, the calendar.

Every entrance (flag commands, the wizard, importers) calls these; no rule lives in an entrance.
Each use-case validates everything first, then writes inside one transaction, so a refused
command changes nothing.
"""

from __future__ import annotations

import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput, NotFound
from dvc_cli.files import StoredFile
from dvc_cli.queries import missing_documents
from dvc_cli.rules import ids
from dvc_cli.rules.codes import check_agency_id, receipt_code
from dvc_cli.rules.dates import parse_date, parse_datetime
from dvc_cli.rules.lifecycle import ALLOWED, EDITABLE, PAUSED, Status, check_move, parse_status
from dvc_cli.rules.text import clean, fold
from dvc_cli.store import Row

CHANNELS = ("direct", "online", "post")
DELIVERIES = ("desk", "post", "online")
OFFICE_FIELDS = ("name", "agency_id", "address", "phone", "role")
ROLES = ("desk", "field")
"""A desk issues receipt codes; a field device (a volunteer's laptop) only lodges dossiers (state 1)."""
MAX_TEXT = 200


def _text(field: str, value: str | None, required: bool = False) -> str | None:
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
            changes[key] = ids.normalize_phone(value)
        elif key == "role":
            changes[key] = _choice("role", value, ROLES)
        else:
            changes[key] = _text(key, value, required=True)
    if not changes:
        raise InvalidInput("office.nothing")
    with desk.store.transaction():
        desk.store.set_office(changes)
        desk.audit("office.set", "office", "office", fields=sorted(changes))
    return desk.store.office()


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
    dob = parse_date(raw.dob, today=desk.today())
    gender = ids.normalize_gender(raw.gender) if raw.gender else None
    personal_id = ids.validate_personal_id(raw.personal_id, dob=dob, gender=raw.gender, today=desk.today())
    name = _text("name", raw.name, required=True)
    return {
        "personal_id": personal_id,
        "name": name,
        "name_folded": fold(name),
        "dob": dob.isoformat(),
        "gender": gender or ids.gender_from_id(personal_id),
        "phone": ids.normalize_phone(raw.phone) if raw.phone else None,
        "email": ids.validate_email(raw.email) if raw.email else None,
        "address": _text("address", raw.address),
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


def open_dossier(
    desk: Desk,
    citizen_ref: str,
    procedure_code: str,
    agency: str | None = None,
    channel: str = "direct",
    delivery: str = "desk",
    attach: list[tuple[str, Path]] | None = None,
    external_ref: str | None = None,
) -> int:
    """Open a draft for a citizen and a procedure, with its checklist of papers; return its number.
    `external_ref` is the dossier's reference in the file it was imported from (kept unique)."""
    citizen = desk.citizen(citizen_ref)
    procedure = desk.catalogue.get(procedure_code)
    agency_code = agency.strip() if agency else procedure.agencies[0]
    if agency_code not in procedure.agencies:
        raise InvalidInput("dossier.agency", agency=agency_code, choices=", ".join(procedure.agencies))
    channel = _choice("channel", channel, CHANNELS)
    delivery = _choice("delivery", delivery, DELIVERIES)
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
                    "procedure_code": procedure.code,
                    "procedure_name": procedure.name,
                    "procedure_field": procedure.field,
                    "processing_days": procedure.processing_days,
                    "fee_amount": procedure.fee.amount,
                    "fee_mode": procedure.fee.mode,
                    "agency_code": agency_code,
                    "agency_name": desk.catalogue.agency(agency_code).name,
                    "channel": channel,
                    "delivery": delivery,
                    "created_at": now,
                    "updated_at": now,
                    "created_by": desk.clerk,
                    **({"external_ref": external_ref} if external_ref else {}),
                },
            )
            for position, doc in enumerate(procedure.documents):
                desk.store.insert(
                    "dossier_documents",
                    {"dossier_id": dossier_id, "key": doc.key, "name": doc.name, "form": doc.form,
                     "required": int(doc.required), "position": position},
                )
            for key, blob in stored:
                _record_attachment(desk, dossier_id, key, blob)
            _record_event(desk, dossier_id, None, Status.draft, "")
            desk.audit("dossier.open", "dossier", dossier_id, procedure=procedure.code)
    return dossier_id


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
        procedure = desk.catalogue.get(dossier["procedure_code"])
    except NotFound:
        return {k: dossier[k] for k in ("procedure_name", "procedure_field", "processing_days", "fee_amount", "fee_mode")}
    return {
        "procedure_name": procedure.name,
        "procedure_field": procedure.field,
        "processing_days": procedure.processing_days,
        "fee_amount": procedure.fee.amount,
        "fee_mode": procedure.fee.mode,
    }


def move(desk: Desk, ref: str, to: str, note: str | None = None) -> Row:
    """Move a dossier along the national lifecycle; pausing states stop the deadline clock."""
    target = parse_status(to)
    note = _text("note", note) or ""
    dossier = desk.dossier(ref)
    current = Status(dossier["status"])
    if target is Status.received and current in (Status.draft, Status.registered):
        return submit(desk, ref, note=note)
    check_move(current, target)
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
        _record_event(desk, dossier["id"], current, target, note)
        desk.audit("dossier.move", "dossier", dossier["id"], to=target.name)
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
            {"day": parsed.isoformat(), "is_off": int(is_off), "note": _text("note", note) or "",
             "clerk": desk.clerk, "at": desk.now().isoformat()}
        )
        desk.audit("calendar.set", "calendar", parsed.isoformat(), is_off=is_off)
    return parsed
