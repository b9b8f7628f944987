"""The desk: what every use-case works with — the open database, the file store, the clerk,
the clock, and (loaded only when needed) the catalogue and the working-day calendar."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from dvc_cli.errors import Conflict, InvalidInput, NotFound
from dvc_cli.rules.codes import looks_like_receipt_code
from dvc_cli.store import Row, Store

if TYPE_CHECKING:
    from dvc_cli.catalogue import Catalogue
    from dvc_cli.files import FileStore
    from dvc_cli.rules.calendar import WorkCalendar


@dataclass
class Desk:
    """One invocation's working context."""

    store: Store
    clerk: str
    catalogue_file: Path | None = None
    fixed_now: datetime | None = field(default=None, repr=False)

    @classmethod
    def open(cls, db: Path, clerk: str, catalogue_file: Path | None = None) -> Desk:
        """Open (creating if needed) the database and the attachment folder beside it."""
        fixed = os.environ.get("DVC_NOW")
        try:
            fixed_now = datetime.fromisoformat(fixed) if fixed else None
        except ValueError:
            raise InvalidInput("now.invalid", value=fixed) from None
        try:
            store = Store(db)
        except (OSError, sqlite3.Error) as error:
            raise InvalidInput("db.unusable", path=str(db), reason=str(error)) from None
        return cls(store, clerk, catalogue_file, fixed_now)

    def now(self) -> datetime:
        """The current local time to the second (`DVC_NOW` fixes it for training and tests)."""
        return self.fixed_now or datetime.now().replace(microsecond=0)

    def today(self) -> date:
        return self.now().date()

    @cached_property
    def files(self) -> FileStore:
        """The attachment folder beside the database file."""
        from dvc_cli.files import FileStore

        return FileStore(self.store.path.with_suffix(".files"))

    @cached_property
    def catalogue(self) -> Catalogue:
        from dvc_cli.catalogue import load

        return load(self.catalogue_file)

    @cached_property
    def calendar(self) -> WorkCalendar:
        from dvc_cli.rules.calendar import WorkCalendar

        overrides = self.store.calendar_overrides()
        return WorkCalendar(
            days_off=[date.fromisoformat(r["day"]) for r in overrides if r["is_off"]],
            work_days=[date.fromisoformat(r["day"]) for r in overrides if not r["is_off"]],
        )

    def audit(self, action: str, entity: str, entity_id: object, **detail: object) -> None:
        """Append to the audit trail (inside the caller's transaction)."""
        self.store.insert(
            "audit",
            {
                "at": self.now().isoformat(),
                "clerk": self.clerk,
                "action": action,
                "entity": entity,
                "entity_id": str(entity_id),
                "detail": json.dumps(detail, ensure_ascii=False, default=str),
            },
        )

    def office(self) -> dict[str, str]:
        """The office settings; refuses (exit 4) until the office's name and agency id are set."""
        office = self.store.office()
        if not office.get("agency_id") or not office.get("name"):
            raise Conflict("office.not_set")
        return office

    def citizen(self, ref: str) -> Row:
        """A citizen by 12-digit personal ID or by internal number."""
        text = ref.strip().lstrip("#")
        row = None
        if text.isdigit():
            row = self.store.citizen_by_personal_id(text) if len(text) == 12 else self.store.citizen(int(text))
        if row is None:
            raise NotFound("citizen.not_found")
        return row

    def dossier(self, ref: str) -> Row:
        """A dossier by receipt code or by draft number (`12` or `#12`)."""
        text = ref.strip().upper()
        if looks_like_receipt_code(text):
            row = self.store.dossier_by_code(text)
        elif text.lstrip("#").isdigit():
            row = self.store.dossier(int(text.lstrip("#")))
        else:
            raise InvalidInput("dossier.bad_ref", ref=ref)
        if row is None:
            raise NotFound("dossier.not_found", ref=ref)
        return row
