"""Dossiers before receipt: opening a draft, changing it, attaching and removing papers."""

from __future__ import annotations

import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput, NotFound
from dvc_cli.files import StoredFile
from dvc_cli.intake.fields import check_choice, check_text
from dvc_cli.rules.lifecycle import EDITABLE, Status
from dvc_cli.store import Row

if TYPE_CHECKING:
    from dvc_cli.catalogue import Procedure

CHANNELS = ("direct", "online", "post")
DELIVERIES = ("desk", "post", "online")
PROCEDURE_COPY = ("procedure_code", "procedure_name", "procedure_field", "processing_days", "fee_amount", "fee_mode")


def document_key(desk: Desk, dossier: Row, key: str) -> str:
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


def procedure_fields(procedure: Procedure) -> Row:
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
    channel = check_choice("channel", channel, CHANNELS)
    delivery = check_choice("delivery", delivery, DELIVERIES)
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
                    **procedure_fields(procedure),
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
            record_event(desk, dossier_id, None, Status.draft, "")
            desk.audit("dossier.open", "dossier", dossier_id, procedure=procedure.code)
    return dossier_id


def draft(desk: Desk, ref: str) -> Row:
    """A dossier not yet received (a draft, or lodged by a field device); refused once it has a code."""
    dossier = desk.dossier(ref)
    if Status(dossier["status"]) not in (Status.draft, Status.registered):
        raise Conflict("dossier.not_draft", status=Status(dossier["status"]).name)
    return dossier


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
    dossier = draft(desk, ref)
    if changes == DraftChanges():
        raise InvalidInput("dossier.nothing")
    citizen = desk.citizen(changes.citizen) if changes.citizen else desk.store.citizen(dossier["citizen_id"])
    values: Row = {"citizen_id": citizen["id"]}
    procedure = desk.catalogue.get(changes.procedure) if changes.procedure else None
    if procedure is not None:
        values.update(procedure_fields(procedure))
    if procedure is not None or changes.agency:
        offered = procedure or desk.catalogue.get(dossier["procedure_code"])
        keep = dossier["agency_code"] if dossier["agency_code"] in offered.agencies else None
        values["agency_code"] = _agency_for(offered, changes.agency or keep)
        values["agency_name"] = desk.catalogue.agency(values["agency_code"]).name
    values["channel"] = check_choice("channel", changes.channel or dossier["channel"], CHANNELS)
    values["delivery"] = check_choice("delivery", changes.delivery or dossier["delivery"], DELIVERIES)
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
        update_from(desk, dossier, {**values, "updated_at": desk.now().isoformat()})
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


def record_event(desk: Desk, dossier_id: int, before: Status | None, after: Status, note: str) -> None:
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
    document_key(desk, dossier, key)
    with desk.files.staged(path) as blob, desk.store.transaction():
        added = _record_attachment(desk, dossier["id"], key, blob)
        if added:
            desk.audit("dossier.attach", "dossier", dossier["id"], key=key, sha256=blob.sha256)
    return added


def detach(desk: Desk, ref: str, key: str) -> int:
    """Remove every file attached to one paper; return how many were removed."""
    dossier = desk.dossier(ref)
    _editable(dossier)
    document_key(desk, dossier, key)
    with desk.store.transaction():
        removed = desk.store.remove_attachments(dossier["id"], key)
        if not removed:
            raise NotFound("attachment.none", key=key)
        desk.audit("dossier.detach", "dossier", dossier["id"], key=key)
    for row in removed:
        if not desk.store.blob_in_use(row["sha256"]):
            desk.files.remove(row["sha256"])
    return len(removed)


def update_from(desk: Desk, dossier: Row, values: Row) -> None:
    """Write a move, refusing (and so rolling back) if another terminal moved the dossier meanwhile."""
    if not desk.store.update_dossier_from(dossier["id"], dossier["status"], values):
        raise Conflict("dossier.changed", ref=dossier["code"] or dossier["id"])
