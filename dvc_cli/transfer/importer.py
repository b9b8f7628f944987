"""Batch import of citizens and dossiers from CSV, JSON Lines or Excel.

Every row goes through the use-cases of intake.py: citizens through `check_citizen` (the rules of
`citizen add`), dossiers through `open_dossier` and `submit` (those of `dossier new` / `submit`).
The whole import is one transaction: a crash, Ctrl-C or `kill -9` leaves the database as it was,
and by default one rejected row means nothing is written (`partial=True` writes the good rows).
Re-running a file that was imported changes nothing: citizens are recognised by their ID number,
dossiers by the `ref` column (kept as the dossier's external reference).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dvc_cli import intake
from dvc_cli.desk import Desk
from dvc_cli.errors import DvcError, InvalidInput
from dvc_cli.output import error_message
from dvc_cli.rules.lifecycle import Status, parse_status
from dvc_cli.rules.text import fold
from dvc_cli.store import Row
from dvc_cli.transfer.tables import Table, cell_text, map_columns, read_table

CITIZEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "personal_id": ("so_dinh_danh", "so_dinh_danh_ca_nhan", "so_cccd", "cccd", "can_cuoc", "so_can_cuoc",
                    "ma_dinh_danh", "id", "id_number"),
    "name": ("ho_va_ten", "ho_ten", "ten", "full_name"),
    "dob": ("ngay_sinh", "date_of_birth", "birth_date", "birthday"),
    "gender": ("gioi_tinh", "sex"),
    "phone": ("dien_thoai", "so_dien_thoai", "sdt", "so_di_dong", "di_dong", "mobile", "phone_number"),
    "email": ("thu_dien_tu", "e_mail"),
    "address": ("dia_chi", "noi_o", "dia_chi_thuong_tru", "noi_thuong_tru"),
}
"""Column names accepted for each citizen field (compared folded: case, diacritics and spaces do not matter)."""

DOSSIER_COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ma_tham_chieu", "so_tham_chieu", "ma_ho_so_goc", "so_ho_so_goc", "external_ref", "reference"),
    "citizen": ("so_dinh_danh", "so_dinh_danh_cong_dan", "cong_dan", "cccd", "citizen_id", "personal_id"),
    "procedure": ("ma_thu_tuc", "thu_tuc", "procedure_code"),
    "agency": ("ma_co_quan", "co_quan", "co_quan_giai_quyet", "agency_code"),
    "channel": ("kenh", "kenh_nop", "kenh_thuc_hien"),
    "delivery": ("nhan_ket_qua", "hinh_thuc_nhan_ket_qua", "tra_ket_qua"),
    "attachments": ("tep_dinh_kem", "dinh_kem", "files", "attach"),
    "presented": ("xuat_trinh", "da_xuat_trinh", "giay_to_xuat_trinh", "ban_chinh_xuat_trinh"),
    "status": ("trang_thai",),
    "received_at": ("tiep_nhan_luc", "ngay_tiep_nhan", "thoi_diem_tiep_nhan", "received"),
    "note": ("ghi_chu",),
}
"""Column names accepted for each dossier field."""

CONFLICT_MODES = ("skip", "update", "fail")
_CITIZEN_FIELDS = ("personal_id", "name", "dob", "gender", "phone", "email", "address")
_COMPARED = ("name", "dob", "gender", "phone", "email", "address")
_FREE_TEXT = ("name", "address", "email")  # in this order, so the cell an error names never varies
_LIST_SPLIT = re.compile(r"[;|\n]+")
_KEYS_SPLIT = re.compile(r"[\s,;|]+")
_DEFER_INDEXES = 10_000
"""From this many new citizens on, the plain indexes are dropped and rebuilt around the inserts."""
MAX_REF = 100

_CHANNEL_WORDS = {"truc tiep": "direct", "truc tuyen": "online", "buu chinh": "post", "qua buu chinh": "post",
                  "buu chinh cong ich": "post", "qua buu chinh cong ich": "post"}
_DELIVERY_WORDS = {"tai quay": "desk", "tai bo phan mot cua": "desk", "truc tiep": "desk", "buu chinh": "post",
                   "qua buu chinh": "post", "buu chinh cong ich": "post", "truc tuyen": "online"}
_STATUS_WORDS = {"nhap": "draft", "duoc tiep nhan": "received", "tiep nhan": "received"}

Progress = Callable[[int, int], None]


@dataclass
class Rejected:
    """A row left out, with why (in the user's language)."""

    line: int
    original: list[Any] | str
    reason: str


@dataclass
class Report:
    """What an import did (or, with dry_run, would do)."""

    kind: str
    table: Table
    dry_run: bool = False
    partial: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    written: bool = False
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.table.rows) + len(self.table.problems)

    def summary(self) -> dict[str, Any]:
        """The one-line JSON summary (no personal data: counts and line numbers only)."""
        return {
            "kind": self.kind, "file": str(self.table.path), "format": self.table.format, "rows": self.rows,
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
            "rejected": len(self.rejected), "rejected_lines": sorted(r.line for r in self.rejected),
            "dry_run": self.dry_run, "written": self.written, "unknown_columns": self.unknown_columns,
        }

    def reject(self, line: int, original: list[Any] | str, error: DvcError) -> None:
        self.rejected.append(Rejected(line, original, error_message(error)))


class _Rollback(Exception):
    """Raised inside the transaction to undo it (a dry run, or rows rejected without --partial)."""


def _pause_for_tests() -> None:
    """Test hook: with DVC_IMPORT_PAUSE=FILE the import, holding its uncommitted writes, creates
    FILE and waits, so a test can kill the process at that very point."""
    marker = os.environ.get("DVC_IMPORT_PAUSE")
    if marker:
        Path(marker).touch()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.05)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _extra_cells(cells: list[Any], width: int) -> bool:
    return len(cells) > width and any(cell_text(c) for c in cells[width:])


_FORMULA_START = ("=", "+", "-", "@")


def _formula_like(value: str | None) -> bool:
    """A free-text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`): refused."""
    return value is not None and value.lstrip()[:1] in _FORMULA_START


def _require(header: str, value: str | None) -> str:
    if value is None:
        raise InvalidInput("field.empty", field=header)
    return value


_REQUIRED = {"citizens": ("personal_id", "name", "dob"), "dossiers": ("ref", "citizen", "procedure")}


def _start(desk: Desk, kind: str, path: Path, fmt: str | None, on_conflict: str, dry_run: bool,
           partial: bool) -> tuple[str, Report, dict[str, int]]:
    """Check the options, read the file and its columns (refusing a file that is unusable whole)."""
    on_conflict = intake.check_choice("--on-conflict", on_conflict, CONFLICT_MODES)
    table = read_table(path, fmt)
    known = CITIZEN_COLUMNS if kind == "citizens" else DOSSIER_COLUMNS
    columns, unknown = map_columns(table.headers, known, _REQUIRED[kind])
    report = Report(kind, table, dry_run, partial, unknown_columns=unknown)
    for line, (text, error) in table.problems.items():
        report.rejected.append(Rejected(line, text, error_message(error)))
    desk.fixed_now = desk.now()  # one import, one moment
    return on_conflict, report, columns


# --- citizens ---------------------------------------------------------------------------------


def _citizen_values(table: Table, columns: dict[str, int], cells: list[Any]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    width = len(cells)
    if table.format == "csv":  # all text: blank is None; the validators normalise (NFC, spaces) themselves
        for name in _CITIZEN_FIELDS:
            index = columns.get(name)
            values[name] = (cells[index].strip() or None) if index is not None and index < width else None
        return values
    for name in _CITIZEN_FIELDS:
        index = columns.get(name)
        raw = cells[index] if index is not None and index < width else None
        if table.format == "xlsx" and isinstance(raw, int):
            # Excel keeps numbers, not text: a number typed in a cell loses its leading zeros.
            if name == "personal_id":
                raw = str(raw).zfill(12)
            elif name == "phone" and len(str(raw)) == 9:
                raw = "0" + str(raw)
        values[name] = cell_text(raw)
    return values


ROW_KEYS = ("personal_id", "name", "name_folded", "dob", "gender", "phone", "email", "address")
"""The keys of a row from `intake.check_citizen`, in order: a checked row travels as a tuple of its
values, followed by the new citizen's uid (used only if it is inserted)."""
_OPTIONAL = {"phone": 1, "email": 2, "address": 4}
"""The optional fields a row may leave blank, as bits of a mask: an update only changes the fields the file gives."""


def _citizen_checker(desk: Desk, table: Table, columns: dict[str, int]) -> Callable[[list[Any]], tuple[tuple[Any, ...], int]]:
    """The check of one row of this table: the cells' checks of an import (extra cells, formulas,
    required columns), then `intake.check_citizen` (the rules of `citizen add`). Gives the row's
    values (in the order of ROW_KEYS) and the mask of the optional fields it gives. The column
    positions are worked out once here, not for every row."""
    headers = table.headers
    width = len(headers)
    positions = {name: i for i, name in enumerate(_CITIZEN_FIELDS)}
    formula = [(headers[columns[name]], positions[name]) for name in _FREE_TEXT if name in columns]
    required = [(headers[columns[name]], positions[name]) for name in _REQUIRED["citizens"]]
    optional = [(positions[name], bit) for name, bit in _OPTIONAL.items()]
    indexes = [columns.get(name) for name in _CITIZEN_FIELDS]
    check, new_citizen = intake.check_citizen, intake.NewCitizen
    csv_text = table.format == "csv"

    def checked(cells: list[Any]) -> tuple[tuple[Any, ...], int]:
        n = len(cells)
        if n > width and _extra_cells(cells, width):
            raise InvalidInput("import.extra_cells")
        if csv_text:  # all text: blank is None; the validators normalise (NFC, spaces) themselves
            values = [(cells[i].strip() or None) if i is not None and i < n else None for i in indexes]
        else:
            values = list(_citizen_values(table, columns, cells).values())
        for header, at in formula:
            if _formula_like(values[at]):
                raise InvalidInput("import.formula", column=header)
        for header, at in required:
            if values[at] is None:
                raise InvalidInput("field.empty", field=header)
        given = 0
        for at, bit in optional:
            if values[at] is not None:
                given |= bit
        return tuple(check(desk, new_citizen(*values)).values()), given

    return checked


_CHUNK = 2000
"""Rows checked at a time: between two progress updates, per task of the worker processes, and per insert."""
_PARALLEL = 20_000
"""From this many rows on, the rows are checked in worker processes (where fork exists)."""
_forked: tuple[Desk, Table, dict[str, int]] | None = None
"""What the forked workers check: set before they start, inherited, never pickled."""

Checked = list[tuple[int, Any, Any]]


def _check_chunk(start: int) -> Checked:
    """Check rows start.._CHUNK of the table: (line, the row's values and a new uid, mask of given
    fields) for a valid row, or (line, None, the reason in the user's language). Plain tuples and
    ints, not dicts: they cross from the workers at a fraction of the cost."""
    desk, table, columns = _forked
    check = _citizen_checker(desk, table, columns)
    rows = table.rows[start:start + _CHUNK]
    uids = iter(_uuid4_strings(len(rows)))
    out: Checked = []
    for line, cells in rows:
        try:
            values, given = check(cells)
        except DvcError as error:
            out.append((line, None, error_message(error)))
        else:
            out.append((line, (*values, next(uids)), given))
    return out


def _uuid4_strings(n: int) -> list[str]:
    """n random version-4 UUIDs as text, like str(uuid.uuid4()) but made in bulk (a tenth of the cost)."""
    digits = os.urandom(16 * n).hex()
    out = []
    for i in range(0, 32 * n, 32):
        h = digits[i:i + 32]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}")
    return out


def _checked_chunks(desk: Desk, table: Table, columns: dict[str, int]) -> Iterator[Checked]:
    """Every row checked, a chunk at a time and in order. A big file is checked by one worker
    process per CPU (forked, so they start at once with the table already in memory; each runs
    the same checks, `_citizen_checker` and so `intake.check_citizen`) while this process stores
    the chunks already checked; a small one is checked here."""
    global _forked
    starts = range(0, len(table.rows), _CHUNK)
    _forked = (desk, table, columns)
    try:
        workers = min(os.cpu_count() or 1, len(starts))
        if len(table.rows) < _PARALLEL or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_check_chunk, starts)
            return
        with multiprocessing.get_context("fork").Pool(workers, os.nice, (10,)) as pool:
            yield from pool.imap(_check_chunk, starts)
    finally:
        _forked = None


def import_citizens(
    desk: Desk, path: Path, fmt: str | None = None, on_conflict: str = "skip", dry_run: bool = False,
    partial: bool = False, progress: Progress | None = None,
) -> Report:
    """Import citizens. An ID already in the database with the same details is unchanged; with
    other details it is skipped, updated (only the fields the file gives) or rejected, as
    `on_conflict` says. An ID twice in the file with other details is rejected the second time."""
    on_conflict, report, columns = _start(desk, "citizens", path, fmt, on_conflict, dry_run, partial)
    table = report.table
    try:
        with desk.store.transaction(), _CitizenLoad(desk, report, on_conflict) as load:
            done = 0
            for results in _checked_chunks(desk, table, columns):
                load.take(results, table.rows[done:done + len(results)])
                done += len(results)
                if progress:
                    progress(done, len(table.rows))
            load.finish()
            if dry_run or (report.rejected and not partial):
                raise _Rollback
            if report.added or report.updated:  # a re-run that changes nothing leaves no trace either
                desk.audit("import.citizens", "import", path.name, sha256=_file_sha256(path), **_counts(report))
    except _Rollback:
        return report
    report.written = True
    return report


def _counts(report: Report) -> dict[str, int]:
    return {k: report.summary()[k] for k in ("rows", "added", "updated", "unchanged", "skipped", "rejected")}


class _CitizenLoad:
    """The checked rows of a citizen import, taken a chunk at a time inside its transaction: a
    person twice in the file, the comparison with the database, and the insert of the new ones
    at once (while the workers check the next chunks). Nothing more is inserted once a row is
    rejected (unless partial) or in a dry run: that transaction will be undone anyway."""

    def __init__(self, desk: Desk, report: Report, on_conflict: str) -> None:
        self.desk, self.report, self.on_conflict = desk, report, on_conflict
        self.store = desk.store
        self.now = desk.now().isoformat()
        self.first: dict[str, tuple[int, tuple[Any, ...]]] = {}
        """Each ID number met in the file: the line it was first on and its values."""
        self.updates: list[tuple[int, Row]] = []
        self.stack = ExitStack()
        self.known = 0
        self.taken = 0
        """Rows of the file taken so far."""

    def __enter__(self) -> _CitizenLoad:
        self.known = self.store.citizen_count()
        return self

    def _first_insert(self) -> None:
        """Before the first insert: with many rows still to come into a smaller table, drop the
        plain indexes and build them once at the end (one sort) instead of a random insert per row.
        Decided here, not at the start, so a re-run that inserts nothing never touches them."""
        if len(self.report.table.rows) - self.taken >= max(_DEFER_INDEXES, self.known):
            self.store.grow_cache()
            self.stack.enter_context(self.store.indexes_deferred("citizens"))

    def __exit__(self, *exc: Any) -> None:
        # An exception (a rollback among them) reaches the deferred indexes: they are not built
        # again for nothing, since undoing the transaction brings them back.
        self.stack.__exit__(*exc)

    def take(self, results: Checked, rows: list[tuple[int, list[Any]]]) -> None:
        report = self.report
        fresh: list[tuple[int, tuple[Any, ...], int, list[Any]]] = []
        for (line, values, given), (_, cells) in zip(results, rows):
            if values is None:
                report.rejected.append(Rejected(line, cells, given))
                continue
            first = self.first.get(values[0])
            if first is None:
                self.first[values[0]] = (line, values)
                fresh.append((line, values, given, cells))
            elif first[1][:-1] == values[:-1]:  # the uids differ
                report.skipped += 1  # the same person twice in the file: once is enough
            else:
                report.reject(line, cells, InvalidInput("import.duplicate_in_file", first=first[0]))
        existing = self.store.citizens_by_personal_ids([f[1][0] for f in fresh]) if self.known else {}
        inserts = []
        for line, values, given, cells in fresh:
            current = existing.get(values[0])
            if current is None:
                inserts.append(values)
            else:
                self._compare(line, values, given, cells, current)
        first_insert = report.added == 0
        report.added += len(inserts)
        if inserts and self._writing():
            if first_insert:
                self._first_insert()
            self.store.insert_citizens((*ROW_KEYS, "uid"), self.now, inserts)
            if first_insert:
                _pause_for_tests()
        self.taken += len(rows)

    def _writing(self) -> bool:
        return not (self.report.dry_run or (self.report.rejected and not self.report.partial))

    def _compare(self, line: int, values: tuple[Any, ...], given: int, cells: list[Any], current: Row) -> None:
        """A row whose ID number is in the database already: unchanged, skipped, updated or rejected."""
        report = self.report
        row = dict(zip(ROW_KEYS, values))
        changed = {k: row[k] for k in _COMPARED if current[k] != row[k] and (k not in _OPTIONAL or given & _OPTIONAL[k])}
        if "name" in changed:
            changed["name_folded"] = row["name_folded"]
        if not changed:
            report.unchanged += 1
        elif self.on_conflict == "skip":
            report.skipped += 1
        elif self.on_conflict == "update":
            self.updates.append((current["id"], {**changed, "updated_at": self.now}))
        else:
            report.reject(line, cells, InvalidInput(
                "import.citizen_differs", number=current["id"], fields=", ".join(sorted(changed))))

    def finish(self) -> None:
        """After the last chunk: the updates, and the rejections in line order."""
        self.report.updated = len(self.updates)
        self.report.rejected.sort(key=lambda r: r.line)
        if self._writing():
            for citizen_id, values in self.updates:
                self.store.update("citizens", citizen_id, values)


# --- dossiers ---------------------------------------------------------------------------------


def _word(value: str | None, words: dict[str, str]) -> str | None:
    if value is None:
        return None
    return words.get(fold(value), value)


def _attachments(base: Path, value: str | None) -> list[tuple[str, Path]]:
    """`key=path; key=path`, the paths relative to the import file and inside its folder."""
    specs = []
    for part in _LIST_SPLIT.split(value or ""):
        if not part.strip():
            continue
        key, path = intake.parse_attach(part)
        if path.is_absolute() or path.drive:
            raise InvalidInput("import.attachment_outside", path=str(path))
        resolved = (base / path).resolve()
        if not resolved.is_relative_to(base):
            raise InvalidInput("import.attachment_outside", path=str(path))
        specs.append((key, resolved))
    return specs


def import_dossiers(
    desk: Desk, path: Path, fmt: str | None = None, on_conflict: str = "skip", dry_run: bool = False,
    partial: bool = False, progress: Progress | None = None,
) -> Report:
    """Import dossiers: each row is `dossier new` (with its attachments) and, unless its status
    says draft, `dossier submit` (with `received_at` for back-entry; on a field device this
    lodges it instead). A row whose `ref` was imported before is unchanged (`fail`: rejected)."""
    if desk.store.office().get("role") != "field":
        desk.office()  # the desk issues codes: refuse the whole file (exit 4) until the office is set
    on_conflict, report, columns = _start(desk, "dossiers", path, fmt, on_conflict, dry_run, partial)
    table = report.table
    base = path.parent.resolve()
    header = {name: table.headers[index] for name, index in columns.items()}
    seen: dict[str, int] = {}
    total = len(table.rows)
    try:
        with desk.files.journal(desk.store.blob_in_use), desk.store.transaction():
            for done, (line, cells) in enumerate(table.rows, 1):
                try:
                    with desk.store.transaction():
                        outcome = _dossier_row(desk, report, columns, header, cells, base, seen, line, on_conflict)
                except DvcError as error:
                    report.reject(line, cells, error)
                else:
                    setattr(report, outcome, getattr(report, outcome) + 1)
                if progress:
                    progress(done, total)
                if done == 1:
                    _pause_for_tests()
            report.rejected.sort(key=lambda r: r.line)
            if dry_run or (report.rejected and not partial):
                raise _Rollback
            if report.added:
                desk.audit("import.dossiers", "import", path.name, sha256=_file_sha256(path), **_counts(report))
    except _Rollback:
        return report
    report.written = True
    return report


def _dossier_row(
    desk: Desk, report: Report, columns: dict[str, int], header: dict[str, str], cells: list[Any], base: Path,
    seen: dict[str, int], line: int, on_conflict: str,
) -> str:
    """Run one row through the use-cases; return which count it adds to."""
    if _extra_cells(cells, len(report.table.headers)):
        raise InvalidInput("import.extra_cells")
    width = len(cells)
    v = {name: cell_text(cells[index]) if index < width else None for name, index in columns.items()}
    ref = _require(header["ref"], v["ref"]).strip()
    if len(ref) > MAX_REF:
        raise InvalidInput("field.too_long", field=header["ref"], limit=MAX_REF)
    if _formula_like(ref):
        raise InvalidInput("import.formula", column=header["ref"])
    if ref in seen:
        raise InvalidInput("import.duplicate_ref", first=seen[ref])
    seen[ref] = line
    if desk.store.dossier_by_external_ref(ref) is not None:
        if on_conflict == "fail":
            raise InvalidInput("import.dossier_exists", ref=ref)
        return "unchanged"
    status = parse_status(_word(v.get("status"), _STATUS_WORDS) or "received")
    if status not in (Status.draft, Status.received):
        raise InvalidInput("import.status", value=v.get("status"))
    presented = [k for k in _KEYS_SPLIT.split(v.get("presented") or "") if k]
    dossier_id = intake.open_dossier(
        desk, _require(header["citizen"], v["citizen"]), _require(header["procedure"], v["procedure"]).strip(),
        v.get("agency"), _word(v.get("channel"), _CHANNEL_WORDS) or "direct",
        _word(v.get("delivery"), _DELIVERY_WORDS) or "desk", _attachments(base, v.get("attachments")),
        external_ref=ref,
    )
    if status is Status.received:
        intake.submit(desk, str(dossier_id), presented, v.get("received_at"), (v.get("note") or "").strip())
    elif presented or v.get("received_at"):
        raise InvalidInput("import.draft_extra")
    return "added"


def write_errors(report: Report, path: Path) -> None:
    """The rejected rows as they were in the file, each with its line and the reason, in the
    user's language: CSV for Excel (BOM, formula-looking cells neutralised), or JSON Lines when
    the name ends in .jsonl. Written even when nothing was rejected, so scripts can rely on it."""
    from dvc_cli.strings import t
    from dvc_cli.transfer.tables import cell_text, write_file

    headers = [t("import.col.line"), t("import.col.reason")]
    if path.suffix.lower() == ".jsonl":
        rows = [[r.line, r.reason, r.original if isinstance(r.original, str) else
                 {h: cell_text(c) for h, c in zip(report.table.headers, r.original)}] for r in report.rejected]
        write_file(path, "jsonl", headers, ["line", "reason", "row"], rows)
        return
    width = len(report.table.headers)
    rows = []
    for r in report.rejected:
        cells = [r.original] if isinstance(r.original, str) else [cell_text(c) for c in r.original]
        rows.append([r.line, r.reason, *cells, *[None] * (width - len(cells))])
    write_file(path, "csv", headers + list(report.table.headers), [], rows)
