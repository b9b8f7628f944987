"""Citizens: validated once, the same way for `citizen add`, the wizard and imports."""

from __future__ import annotations

import uuid
from typing import NamedTuple

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput
from dvc_cli.intake.fields import check_text
from dvc_cli.rules import ids
from dvc_cli.rules.dates import parse_date
from dvc_cli.rules.text import fold
from dvc_cli.store import Row


class NewCitizen(NamedTuple):
    """What a clerk types for a citizen, before validation (a plain tuple: a batch import makes many)."""

    personal_id: str
    name: str
    dob: str
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


def check_citizen(desk: Desk, raw: NewCitizen) -> Row:
    """Validate and normalise every field of a citizen without storing it (the ID must agree with
    the birth date and gender): the rules of `citizen add`, also used by imports and bundles."""
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


def register_citizen(desk: Desk, raw: NewCitizen) -> tuple[Row, list[Row]]:
    """Add a citizen. Refuses a second record with the same ID (exit 4); returns the new row and
    any existing citizens with the same name and date of birth (a likely duplicate to warn of)."""
    row = check_citizen(desk, raw)
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
    row = check_citizen(desk, NewCitizen(**merged))
    if row["personal_id"] != current["personal_id"] and desk.store.citizen_by_personal_id(row["personal_id"]):
        raise Conflict("citizen.exists", masked=ids.mask(row["personal_id"]), number=current["id"])
    changed = {k: v for k, v in row.items() if v != current[k]}
    if changed:
        with desk.store.transaction():
            desk.store.update("citizens", current["id"], {**changed, "updated_at": desk.now().isoformat()})
            desk.audit("citizen.edit", "citizen", current["id"], fields=sorted(changed))
    return desk.store.citizen(current["id"])
