"""Exports: the citizen register, the dossiers, and the tracking book (sổ theo dõi hồ sơ).

Exports hold full personal data by design (they feed the office's own spreadsheets and reports),
so every one is recorded in the audit trail: who, when, what, which filters, how many rows, where.
CSV and Excel get headings and labels in the user's language; JSON Lines gets stable keys and codes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dvc_cli.desk import Desk
from dvc_cli.errors import InvalidInput
from dvc_cli.rules.dates import parse_date
from dvc_cli.rules.lifecycle import PAUSED, Status, parse_status
from dvc_cli.store import Row
from dvc_cli.strings import t
from dvc_cli.transfer.tables import FORMATS, write_file

WHAT = ("citizens", "dossiers", "book")
Columns = list[tuple[str, str]]
"""(JSON key, heading message key) per column."""


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def _moment(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


def timing(row: Row, today: date) -> str:
    """early / on_time / late for a finished dossier (done by, on or after its appointment date);
    pending or overdue while the office holds it; closed when refused, withdrawn or stopped."""
    status = Status(row["status"])
    due = _day(row["due_date"])
    if row["done_at"] and due:
        done = _day(row["done_at"])
        return "early" if done < due else "on_time" if done == due else "late"
    if status in (Status.not_received, Status.withdrawn, Status.stopped):
        return "closed"
    if due and today > due and status not in PAUSED:
        return "overdue"
    return "pending"


CITIZEN_COLUMNS: Columns = [
    ("personal_id", "col.personal_id"), ("name", "col.name"), ("dob", "col.dob"), ("gender", "col.gender"),
    ("phone", "col.phone"), ("email", "col.email"), ("address", "col.address"),
    ("created_at", "export.col.created"), ("updated_at", "export.col.updated"), ("uid", "export.col.uid"),
]


def _citizens(desk: Desk, since: date | None, status: int | None, human: bool) -> list[list[Any]]:
    rows = desk.store.export_citizens(since.isoformat() if since else None)
    return [[
        r["personal_id"], r["name"], _day(r["dob"]) if human else r["dob"],
        t(f"gender.{r['gender']}") if human else r["gender"], r["phone"], r["email"], r["address"],
        _moment(r["created_at"]) if human else r["created_at"], _moment(r["updated_at"]) if human else r["updated_at"],
        r["uid"],
    ] for r in rows]


DOSSIER_COLUMNS: Columns = [
    ("code", "col.code"), ("external_ref", "export.col.external_ref"), ("status_code", "export.col.status_code"),
    ("status", "col.status"), ("citizen_personal_id", "col.personal_id"), ("citizen_name", "col.name"),
    ("procedure_code", "export.col.procedure_code"), ("procedure_name", "col.procedure"),
    ("agency_code", "export.col.agency_code"), ("agency_name", "col.agency"), ("channel", "col.channel"),
    ("delivery", "col.delivery"), ("fee_amount", "export.col.fee"), ("received_at", "col.received"),
    ("due_date", "col.due"), ("done_at", "export.col.done"), ("closed_at", "export.col.closed"),
    ("created_at", "export.col.created"), ("uid", "export.col.uid"),
]


def _dossiers(desk: Desk, since: date | None, status: int | None, human: bool) -> list[list[Any]]:
    rows = desk.store.export_dossiers(since.isoformat() if since else None, status, received_only=False)
    out = []
    for r in rows:
        out.append([
            r["code"], r["external_ref"], r["status"], t(f"status.{r['status']}") if human else Status(r["status"]).name,
            r["citizen_personal_id"], r["citizen_name"], r["procedure_code"], r["procedure_name"], r["agency_code"],
            r["agency_name"], t(f"channel.{r['channel']}") if human else r["channel"],
            t(f"delivery.{r['delivery']}") if human else r["delivery"], r["fee_amount"],
            *((_moment(r["received_at"]), _day(r["due_date"]), _moment(r["done_at"]), _moment(r["closed_at"]),
               _moment(r["created_at"])) if human else
              (r["received_at"], r["due_date"], r["done_at"], r["closed_at"], r["created_at"])),
            r["uid"],
        ])
    return out


BOOK_COLUMNS: Columns = [
    ("no", "export.col.no"), ("code", "col.code"), ("citizen_name", "col.name"),
    ("citizen_personal_id", "col.personal_id"), ("procedure_name", "col.procedure"), ("received_at", "col.received"),
    ("due_date", "col.due"), ("processing_at", "export.col.processing"), ("done_at", "export.col.done"),
    ("returned_at", "export.col.returned"), ("status", "col.status"), ("timing", "export.col.timing"),
]


def _book(desk: Desk, since: date | None, status: int | None, human: bool) -> list[list[Any]]:
    """Sổ theo dõi hồ sơ (Mẫu 06): every dossier received, oldest first, with its key dates."""
    rows = desk.store.export_dossiers(since.isoformat() if since else None, status, received_only=True)
    today = desk.today()
    out = []
    for number, r in enumerate(rows, 1):
        when = timing(r, today)
        moments = (r["received_at"], r["processing_at"], r["done_at"], r["returned_at"])
        if human:
            received, processing, done, returned = (_moment(m) for m in moments)
        else:
            received, processing, done, returned = moments
        out.append([
            number, r["code"], r["citizen_name"], r["citizen_personal_id"], r["procedure_name"], received,
            _day(r["due_date"]) if human else r["due_date"], processing, done, returned,
            t(f"status.{r['status']}") if human else Status(r["status"]).name,
            t(f"timing.{when}") if human else when,
        ])
    return out


_BUILDERS: dict[str, tuple[Columns, Callable[..., list[list[Any]]]]] = {
    "citizens": (CITIZEN_COLUMNS, _citizens),
    "dossiers": (DOSSIER_COLUMNS, _dossiers),
    "book": (BOOK_COLUMNS, _book),
}


def export(desk: Desk, what: str, fmt: str, output: Path | None, since: str | None, status: str | None) -> dict[str, Any]:
    """Write one register to `output` (stdout when None) and record the export in the audit trail."""
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput("field.choice", field="--format", value=fmt, choices=", ".join(FORMATS))
    if fmt == "xlsx" and output is None:
        raise InvalidInput("export.xlsx_needs_file")
    if what == "citizens" and status:
        raise InvalidInput("export.status_citizens")
    since_day = parse_date(since, allow_future=True) if since else None
    status_code = int(parse_status(status)) if status else None
    columns, build = _BUILDERS[what]
    human = fmt != "jsonl"
    rows = build(desk, since_day, status_code, human)
    # The audit row and the file stand or fall together: the file is renamed into place inside the
    # transaction, and a failed write rolls the audit row back.
    with desk.store.transaction():
        count = write_file(output, fmt, [t(key) for _, key in columns], [k for k, _ in columns], rows)
        desk.audit("export", "export", what, rows=count, format=fmt, file=str(output) if output else "stdout",
                   since=since_day.isoformat() if since_day else None, status=status_code)
    return {"what": what, "format": fmt, "file": str(output) if output else None, "rows": count,
            "since": since_day.isoformat() if since_day else None, "status": status_code}
