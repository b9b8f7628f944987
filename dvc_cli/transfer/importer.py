"""Batch import of citizens and dossiers from CSV, JSON Lines or Excel.

Every row goes through the use-cases of `intake`: citizens through `CitizenChecks` (the rules of
`citizen add`, a chunk of rows at a time, in worker processes for a big file), dossiers through
`open_dossier` and `submit` (those of `dossier new` / `submit`).
The whole import is one transaction: a crash, Ctrl-C or `kill -9` leaves the database as it was,
and by default one rejected row means nothing is written (`partial=True` writes the good rows).
Re-running a file that was imported changes nothing: citizens are recognised by their ID number,
dossiers by the `ref` column (kept as the dossier's external reference).
"""

from __future__ import annotations

import binascii
import gc
import hashlib
import multiprocessing
import os
import re
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from dvc_cli import intake
from dvc_cli.desk import Desk
from dvc_cli.errors import DvcError, InvalidInput
from dvc_cli.output import error_message
from dvc_cli.rules.lifecycle import Status, parse_status
from dvc_cli.rules.text import fold
from dvc_cli.store import Row
from dvc_cli.transfer.tables import Misaligned, Piece, Table, cell_text, map_columns, open_table

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
_CITIZEN_FIELDS = intake.NewCitizen._fields
_OPTIONAL = ("phone", "email", "address")
"""Fields a row may leave blank: an update keeps what the database has for them."""
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
    rows_read: int = 0
    """Rows read from the file (those that could not be read at all are in table.problems)."""

    @property
    def rows(self) -> int:
        return self.rows_read + len(self.table.problems)

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
    """Check the options, open the file and read its columns (refusing a file that is unusable
    whole); its rows are read later, from `report.table`."""
    on_conflict = intake.check_choice("--on-conflict", on_conflict, CONFLICT_MODES)
    table = open_table(path, fmt)
    known = CITIZEN_COLUMNS if kind == "citizens" else DOSSIER_COLUMNS
    columns, unknown = map_columns(table.headers, known, _REQUIRED[kind])
    report = Report(kind, table, dry_run, partial, unknown_columns=unknown)
    for line, (text, error) in table.problems.items():
        report.rejected.append(Rejected(line, text, error_message(error)))
    desk.fixed_now = desk.now()  # one import, one moment
    return on_conflict, report, columns


# --- citizens ---------------------------------------------------------------------------------


def _xlsx_number(name: str, raw: Any) -> Any:
    """Excel keeps numbers, not text: a number typed in a cell loses its leading zeros."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        if name == "personal_id":
            return str(raw).zfill(12)
        if name == "phone" and len(str(raw)) == 9:
            return "0" + str(raw)
    return raw


def _citizen_columns(table: Table, rows: list[tuple[int, list[Any]]], columns: dict[str, int],
                     errors: dict[int, DvcError]) -> list[list[str | None]]:
    """The cells of each citizen field (in the order of NewCitizen) of these rows, as text or None
    when blank, column by column. The checks an import adds (extra cells, formula-like text,
    required columns) go to `errors`, by position in `rows`, before any rule of `citizen add`."""
    width = len(table.headers)
    cells = [c for _, c in rows]
    for row, c in enumerate(cells):
        if len(c) != width:
            if _extra_cells(c, width):
                errors.setdefault(row, InvalidInput("import.extra_cells"))
            cells[row] = (list(c) + [""] * width)[:width]
    by_index = list(zip(*cells))
    values: dict[str, list[str | None]] = {}
    for name in _CITIZEN_FIELDS:
        index = columns.get(name)
        if index is None:
            values[name] = [None] * len(cells)
        elif table.format == "csv":  # all text; the rules normalise (NFC, spaces) themselves
            values[name] = [v or None for v in map(str.strip, by_index[index])]
        elif table.format == "xlsx":
            values[name] = [cell_text(_xlsx_number(name, v)) for v in by_index[index]]
        else:
            values[name] = [cell_text(v) for v in by_index[index]]
    for name in _FREE_TEXT:
        formulas = {v for v in set(values[name]) if _formula_like(v)}
        if formulas:
            for row, value in enumerate(values[name]):
                if value in formulas:
                    errors.setdefault(row, InvalidInput("import.formula", column=table.headers[columns[name]]))
    for name in _REQUIRED["citizens"]:
        if None in values[name]:
            for row, value in enumerate(values[name]):
                if value is None:
                    errors.setdefault(row, InvalidInput("field.empty", field=table.headers[columns[name]]))
    return list(values.values())


ROW_KEYS = (*intake.CHECKED_FIELDS, "uid")
"""The columns a chunk gives for its valid rows: their values as stored, and a new uid."""


class _Chunk(NamedTuple):
    """A piece of the file read and checked (in a worker process for a big file). Plain lists of
    text: they cross between processes cheaply, and go into the database as they are."""

    piece: Piece
    size: int
    """Rows in the piece."""
    kept: list[int] | None
    """Positions in the piece of the valid rows; None when all are."""
    lines: list[int]
    """The line of each valid row."""
    columns: list[list[Any]]
    """ROW_KEYS of the valid rows."""
    rejected: list[tuple[int, list[Any], str]]
    """Each rejected row: its line, its cells as read, and why (in the user's language)."""


_CHUNK = 10_000
"""Rows read and checked at a time (about): a task of the worker processes, and a step of the progress bar."""
_PARALLEL = 20_000
"""From this many rows on, the rows are checked in worker processes (where fork exists)."""
_forked: tuple[intake.CitizenChecks, Table, dict[str, int]] | None = None
"""What the forked workers check with: set before they start, inherited, never pickled."""


def _check_rows(piece: Piece) -> _Chunk:
    """Read a piece of the file and check its rows: the import's own checks, then the rules of
    `citizen add` (`intake.CitizenChecks`)."""
    checks, table, columns = _forked
    rows = table.read(piece)
    errors: dict[int, DvcError] = {}
    checked = checks.check(_citizen_columns(table, rows, columns, errors))
    for at, error in checked.errors.items():
        errors.setdefault(at, error)  # the import's own checks come first
    out, kept = checked.columns, None
    lines = [line for line, _ in rows]
    if errors:
        kept = [at for at in range(len(rows)) if at not in errors]
        out = [[column[at] for at in kept] for column in out]
        lines = [lines[at] for at in kept]
    out.append(_uuid4_strings(len(out[0])))
    rejected = [(*rows[at], error_message(error)) for at, error in sorted(errors.items())]
    return _Chunk(piece, len(rows), kept, lines, out, rejected)


def _uuid4_strings(n: int) -> list[str]:
    """n random version-4 UUIDs as text, like str(uuid.uuid4()) but made in bulk: each of the 32
    hex digits is copied into its place in every UUID at once (6 ms for 10,000, against 93 ms
    for str(uuid.uuid4()))."""
    raw = bytearray(os.urandom(16 * n))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    digits = binascii.hexlify(raw)
    text = bytearray(b"-" * (37 * n))  # 36 characters and a space each
    for digit, place in _UUID_PLACES:
        text[place::37] = digits[digit::32]
    text[36::37] = b" " * n
    return text.decode("ascii").split()


_UUID_PLACES = [(digit, digit + sum(digit >= d for d in (8, 12, 16, 20))) for digit in range(32)]
"""Where each hex digit of a UUID goes in its text: after a dash at 8, 12, 16 and 20 digits (8-4-4-4-12)."""
_VERSION_4 = bytes(b & 0x0F | 0x40 for b in range(256))
"""Byte 6 of a UUID: its high four bits say version 4 (random)."""
_VARIANT = bytes(b & 0x3F | 0x80 for b in range(256))
"""Byte 8 of a UUID: its high two bits say the RFC 4122 variant."""


def _checked_chunks(desk: Desk, table: Table, columns: dict[str, int]) -> Iterator[_Chunk]:
    """Every row read and checked, a piece of the file at a time and in order. A big file is read
    and checked by one worker process per CPU (forked, so they start at once with the file, the
    rules and the columns in memory: a task is where a piece starts and ends) while this process
    stores the pieces already checked; a small one is read and checked here. If a piece of a CSV
    was cut inside a quoted cell (a quote out of place in the file), the rest is read here, in order."""
    global _forked
    _forked = (intake.CitizenChecks(desk), table, columns)
    try:
        pieces = table.pieces(_CHUNK)
        workers = min(_cpus(), -(-table.expected // _CHUNK))  # no more than there are pieces
        try:
            if table.expected < _PARALLEL or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
                yield from map(_check_rows, pieces)
                return
            with multiprocessing.get_context("fork").Pool(workers, _worker_start) as pool:
                yield from pool.imap(_check_rows, pieces)
        except Misaligned as error:
            yield from map(_check_rows, table.pieces_read_from(error.piece, _CHUNK))
    finally:
        _forked = None


def import_citizens(
    desk: Desk, path: Path, fmt: str | None = None, on_conflict: str = "skip", dry_run: bool = False,
    partial: bool = False, progress: Progress | None = None,
) -> Report:
    """Import citizens. An ID already in the database with the same details is unchanged; with
    other details it is skipped, updated (only the fields the file gives) or rejected, as
    `on_conflict` says. An ID twice in the file with other details is rejected the second time."""
    with _collector_paused():  # on return, the rows are gone with _load_citizens' frame before the collector is back
        return _load_citizens(desk, path, fmt, on_conflict, dry_run, partial, progress)


def _load_citizens(desk: Desk, path: Path, fmt: str | None, on_conflict: str, dry_run: bool, partial: bool,
                   progress: Progress | None) -> Report:
    """`import_citizens` itself, in a frame of its own: the rows it holds go when it returns."""
    on_conflict, report, columns = _start(desk, "citizens", path, fmt, on_conflict, dry_run, partial)
    table = report.table
    try:
        with desk.store.transaction(), _CitizenLoad(desk, report, on_conflict) as load:
            for chunk in _checked_chunks(desk, table, columns):
                load.take(chunk)
                if progress:
                    progress(report.rows_read, max(table.expected, report.rows_read))
            load.finish()
            if dry_run or (report.rejected and not partial):
                raise _Rollback
            if report.added or report.updated:  # a re-run that changes nothing leaves no trace either
                desk.audit("import.citizens", "import", path.name, sha256=_file_sha256(path), **_counts(report))
    except _Rollback:
        return report
    report.written = True
    return report


def _worker_start() -> None:
    """A worker runs at a lower priority, so the process that writes is never starved, and leaves
    Ctrl-C to that process (which stops the pool), instead of printing a traceback of its own."""
    os.nice(10)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _cpus() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a big file is checked and loaded (forked workers
    inherit this): its rows hold no cycles, yet the collector would walk all of them again and
    again as they are made (measured: about a third of the time of 100,000 rows). Let go of the
    rows before the end (return from the frame that holds them): the collector's first pass
    afterwards walks every object still there that was made meanwhile (50 ms for 100,000 rows kept)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _given(columns: list[list[Any]], picked: Sequence[int]) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """The columns (ROW_KEYS) of the picked rows that some of them give, and those rows: a
    column none of them gives (email, often) is left to its default, not bound as NULL a row at a time."""
    if len(picked) < len(columns[0]):
        columns = [[column[i] for i in picked] for column in columns]
    given = [(name, column) for name, column in zip(ROW_KEYS, columns) if column.count(None) < len(column)]
    return tuple(name for name, _ in given), zip(*(column for _, column in given))


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
        self.piece_read: tuple[Piece | None, list[tuple[int, list[Any]]]] = (None, [])
        """The last piece read again by `_cells`, and its rows."""

    def __enter__(self) -> _CitizenLoad:
        self.known = self.store.citizen_count()
        return self

    def _first_insert(self) -> None:
        """Before the first insert: with many rows still to come (the file's lines tell how many)
        into a smaller table, drop the indexes and build them once at the end (one sort each)
        instead of a random insert per row; the unique ones too when the table is empty, since
        nothing is then looked up in it (the file's own repeats are found in `first`). Decided
        here, not at the start, so a re-run that inserts nothing never touches them."""
        if self.report.table.expected - self.report.rows_read >= max(_DEFER_INDEXES, self.known):
            self.store.grow_cache()
            self.stack.enter_context(self.store.indexes_deferred("citizens", unique=self.known == 0))

    def __exit__(self, *exc: Any) -> None:
        # An exception (a rollback among them) reaches the deferred indexes: they are not built
        # again for nothing, since undoing the transaction brings them back.
        self.stack.__exit__(*exc)

    def take(self, chunk: _Chunk) -> None:
        report = self.report
        report.rejected.extend(Rejected(*rejected) for rejected in chunk.rejected)
        values = list(zip(*chunk.columns))  # each valid row's values and a new uid
        lines, pids = chunk.lines, chunk.columns[0]
        fresh: Sequence[int] = range(len(values))
        if len(set(pids)) == len(pids) and self.first.keys().isdisjoint(pids):  # no one twice: the usual case
            self.first.update(zip(pids, zip(lines, values)))
        else:
            fresh = []
            for i, row in enumerate(values):
                first = self.first.setdefault(row[0], (lines[i], row))
                if first[1] is row:
                    fresh.append(i)
                elif first[1][:-1] == row[:-1]:  # the uids differ
                    report.skipped += 1  # the same person twice in the file: once is enough
                else:
                    report.reject(lines[i], self._cells(chunk, i), InvalidInput("import.duplicate_in_file", first=first[0]))
        existing = self.store.citizens_by_personal_ids([pids[i] for i in fresh]) if self.known else {}
        if existing:
            new = []
            for i in fresh:
                current = existing.get(pids[i])
                if current is None:
                    new.append(i)
                else:
                    self._compare(lines[i], values[i], chunk, i, current)
            fresh = new
        first_insert = report.added == 0
        report.added += len(fresh)
        if fresh and self._writing():
            if first_insert:
                self._first_insert()
            self.store.insert_citizens(*_given(chunk.columns, fresh), self.now)
            if first_insert:
                _pause_for_tests()
        report.rows_read += chunk.size

    def _cells(self, chunk: _Chunk, i: int) -> list[Any]:
        """The cells of the chunk's i-th valid row as the file has them, for a rejection (its piece
        is read again here, once)."""
        if self.piece_read[0] is not chunk.piece:
            self.piece_read = (chunk.piece, self.report.table.read(chunk.piece))
        return self.piece_read[1][i if chunk.kept is None else chunk.kept[i]][1]

    def _writing(self) -> bool:
        return not (self.report.dry_run or (self.report.rejected and not self.report.partial))

    def _compare(self, line: int, values: tuple[Any, ...], chunk: _Chunk, i: int, current: Row) -> None:
        """A row whose ID number is in the database already: unchanged, skipped, updated or
        rejected. An optional field the file leaves blank keeps what the database has."""
        report = self.report
        row = dict(zip(ROW_KEYS, values))
        changed = {k: row[k] for k in _COMPARED if current[k] != row[k] and (k not in _OPTIONAL or row[k] is not None)}
        if "name" in changed:
            changed["name_folded"] = row["name_folded"]
        if not changed:
            report.unchanged += 1
        elif self.on_conflict == "skip":
            report.skipped += 1
        elif self.on_conflict == "update":
            self.updates.append((current["id"], {**changed, "updated_at": self.now}))
        else:
            report.reject(line, self._cells(chunk, i), InvalidInput(
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
    rows = table.read_all()  # the whole file first: one unreadable further down is refused before any row
    report.rows_read = total = len(rows)
    base = path.parent.resolve()
    header = {name: table.headers[index] for name, index in columns.items()}
    seen: dict[str, int] = {}
    try:
        with desk.files.journal(desk.store.blob_in_use), desk.store.transaction():
            for done, (line, cells) in enumerate(rows, 1):
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
