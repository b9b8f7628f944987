"""Reading and writing tables: CSV (as Excel writes it), JSON Lines and Excel .xlsx.

Reading gives the header as written and every row with the line it starts on, so an error report
can point at it. Column names are matched after folding (case, diacritics, spaces, dashes), so
`Số định danh`, `so_dinh_danh` and `SO DINH DANH` are one column. Writing neutralises cells that a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from dvc_cli.errors import DvcError, InvalidInput
from dvc_cli.files import replacing
from dvc_cli.rules.dates import show_date, show_datetime
from dvc_cli.rules.text import fold, nfc

FORMATS = ("csv", "jsonl", "xlsx")
MAX_FIELD = 1 << 20
"""Longest CSV cell read (1 MiB); longer means the file is not a table of people and papers."""
MAX_FILE = 1 << 30
"""Largest file read (1 GiB)."""

_XLSX_MAGIC = b"PK\x03\x04"
_SEPARATORS = re.compile(r"[\s\-/.]+")


def column_key(header: object) -> str:
    """The form a column name is matched in: folded, words joined by `_` (`Ngày sinh` → `ngay_sinh`)."""
    return "_".join(_SEPARATORS.split(fold(str(header or "")).strip(" \"'_")))


class Piece(NamedTuple):
    """Some rows of a table, as a task read where it is checked (in a worker process that inherited
    the table, for a big file): the span [start, end) of a CSV's text, beginning on line `line`,
    or the rows [start, end) of a table read whole; or rows read already (`rows`)."""

    start: int
    end: int
    line: int = 1
    rows: list[tuple[int, list[Any]]] | None = None


class Misaligned(Exception):
    """A CSV piece did not end where a row ends (a quote out of place fooled the cut): its rows
    from there on must be read in order."""

    def __init__(self, piece: Piece) -> None:
        super().__init__(piece)
        self.piece = piece


@dataclass
class Table:
    """A table read from a file: headers as written, rows as (line, cells), unreadable rows apart.
    A CSV keeps its text and is parsed a piece at a time (`pieces`, `read`), so a big one is parsed
    by the processes that check it; JSON Lines and Excel are read whole into `rows`."""

    path: Path
    format: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    problems: dict[int, tuple[str, DvcError]] = field(default_factory=dict)
    """Rows that could not be read at all (a bad JSON line): line → (the text, why)."""
    expected: int = 0
    """How many rows the file holds, known or (for a CSV not parsed yet) guessed from its lines."""
    text: str = ""
    """A CSV's text; its rows start at `body`, on line `body_line`."""
    body: int = 0
    body_line: int = 1
    delimiter: str = ","

    def pieces(self, size: int) -> Iterator[Piece]:
        """The rows in pieces of about `size` rows. A CSV is cut at a line end outside quotes
        (an even number of quotes before it), found without parsing; `read` checks each cut. A
        quote inside an unquoted cell (`5" màn hình`) leaves the count odd: after looking as far
        as the longest cell read, the cut is made at the first line end (right unless a quoted
        cell does span it, which `read` then finds)."""
        if self.format != "csv":
            yield from (Piece(start, min(start + size, len(self.rows))) for start in range(0, len(self.rows), size))
            return
        text, start, line = self.text, self.body, self.body_line
        step = max(1, (len(text) - start) * size // max(self.expected, 1))  # the characters of `size` rows, about
        while start < len(text):
            end = first = text.find("\n", start + step) + 1 or len(text)
            quotes = text.count('"', start, end)
            while quotes % 2 and end < len(text):  # inside a quoted cell: on to the next line end
                if end - first > MAX_FIELD:  # no cell is that long: the count is off, not the cut
                    end = first
                    break
                after = text.find("\n", end) + 1 or len(text)
                quotes += text.count('"', end, after)
                end = after
            yield Piece(start, end, line)
            line += _line_breaks(text, start, end)
            start = end

    def read(self, piece: Piece) -> list[tuple[int, list[Any]]]:
        """The rows of a piece, each with its line. Raises Misaligned if a CSV piece that is not the
        last does not end at the end of a row, and InvalidInput (exit 2) for a line that cannot be read."""
        if piece.rows is not None:
            return piece.rows
        if self.format != "csv":
            return self.rows[piece.start:piece.end]
        span = self.text[piece.start:piece.end]
        if piece.end >= len(self.text):
            return list(_csv_lines(self._reader(span), piece.line))
        try:  # the mark must read as a row of its own: else the cut fell inside a quoted cell
            rows = list(_csv_lines(self._reader(span + _END_MARK), piece.line))
        except InvalidInput:  # maybe only because of a wrong cut: reading in order will tell
            raise Misaligned(piece) from None
        if not rows or rows[-1][1] != [_END_MARK]:
            raise Misaligned(piece)
        rows.pop()
        return rows

    def read_all(self) -> list[tuple[int, list[Any]]]:
        """Every row, read here and now."""
        return self.read(Piece(self.body, len(self.text), self.body_line)) if self.format == "csv" else self.rows

    def pieces_read_from(self, piece: Piece, size: int) -> Iterator[Piece]:
        """From where `piece` starts, the rows read here in order, `size` at a time (after Misaligned)."""
        rows = _csv_lines(self._reader(self.text[piece.start:]), piece.line)
        while part := list(islice(rows, size)):
            yield Piece(piece.start, piece.start, piece.line, part)

    def _reader(self, text: str) -> Any:
        return csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)


_END_MARK = "\ufdd0"
"""A noncharacter put after a CSV piece: read as a row of its own only if the piece ended a row."""


def _line_breaks(text: str, start: int, end: int) -> int:
    """Line ends in text[start:end] as the csv reader counts them (\\n, \\r\\n or \\r alone)."""
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


def detect_format(path: Path, head: bytes, override: str | None) -> str:
    """The format named by --format, else by the file's first bytes and name."""
    if override:
        fmt = override.strip().lower()
        if fmt not in FORMATS:
            raise InvalidInput("field.choice", field="--format", value=override, choices=", ".join(FORMATS))
        return fmt
    if head.startswith(_XLSX_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm"):
        return "xlsx"
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    if path.suffix.lower() not in (".csv", ".txt", ".tsv") and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl"
    return "csv"


def open_table(path: Path, fmt: str | None = None) -> Table:
    """Open a table: its headers read at once; a CSV's rows are read later, a piece at a time
    (a line further down that cannot be read is refused then, exit 2). A file that is missing,
    empty, binary or not UTF-8 is refused at once (exit 2)."""
    from dvc_cli.files import regular_size

    if regular_size(path) > MAX_FILE:
        raise InvalidInput("import.too_big", path=str(path), limit_mb=MAX_FILE >> 20)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        raise InvalidInput("file.unreadable", path=str(path)) from None
    kind = detect_format(path, head, fmt)
    if kind == "csv":
        return _open_csv(path, _text_of(path))
    table = _read_xlsx(path) if kind == "xlsx" else _read_jsonl(path, _text_of(path))
    table.expected = len(table.rows)
    return table


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:65536] or data.startswith(_XLSX_MAGIC):
        raise InvalidInput("import.binary", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput("import.encoding", path=str(path), line=line) from None
    if not text.strip():
        raise InvalidInput("file.empty", path=str(path))
    return text


def _delimiter(first_line: str) -> str:
    """Comma, semicolon (Excel in locales with a decimal comma) or tab: whichever the header uses most."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _open_csv(path: Path, text: str) -> Table:
    """A CSV table: its header (the first row that is not blank) read, its rows left in the text."""
    csv.field_size_limit(MAX_FIELD)
    lines = text.lstrip("\r\n")
    first = lines.find("\n")
    table = Table(path, "csv", [], text=text, delimiter=_delimiter(lines if first < 0 else lines[:first]))
    reader = csv.reader(_lines(text), delimiter=table.delimiter)
    header = next(_csv_lines(reader), None)
    if header is None:
        raise InvalidInput("file.empty", path=str(path))
    table.headers = header[1]
    table.body_line = reader.line_num + 1
    table.body = sum(map(len, islice(_lines(text), reader.line_num)))
    table.expected = max(text.count("\n", table.body), 1)  # a line per row, as a rule
    return table


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of a text one by one, ends kept, split as io.StringIO(text, newline="") splits them
    (\\n, \\r\\n or \\r alone), without copying the whole text first."""
    return (match.group() for match in _LINE.finditer(text))


def _csv_lines(reader: Any, first_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """The rows a csv reader gives, each with the line it starts on (counted from `first_line`),
    blank lines left out."""
    last = first_line - 1
    try:
        for cells in reader:
            line, last = last + 1, first_line - 1 + reader.line_num
            if cells and (cells[0].strip() or any(map(str.strip, cells))):  # not a blank line (str cells)
                yield line, cells
    except csv.Error as error:
        if "field larger" in str(error):
            raise InvalidInput("import.field_huge", line=last + 1, limit_kb=MAX_FIELD >> 10) from None
        raise InvalidInput("import.csv", line=last + 1, detail=str(error)) from None


def _read_jsonl(path: Path, text: str) -> Table:
    table = Table(path, "jsonl", [])
    seen: dict[str, None] = {}
    objects: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            table.problems[number] = (line, InvalidInput("import.json_line"))
            continue
        if not isinstance(value, dict):
            table.problems[number] = (line, InvalidInput("import.json_object"))
            continue
        bad = [k for k, v in value.items() if isinstance(v, (dict, list))]
        if bad:
            table.problems[number] = (line, InvalidInput("import.json_value", column=bad[0]))
            continue
        for key in value:
            seen.setdefault(str(key))
        objects.append((number, value))
    table.headers = list(seen)
    table.rows = [(number, [obj.get(h) for h in table.headers]) for number, obj in objects]
    return table


def _read_xlsx(path: Path) -> Table:
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = list(sheet.iter_rows(min_row=1, values_only=True))
        workbook.close()
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise InvalidInput("import.xlsx", path=str(path)) from None
    table = Table(path, "xlsx", [])
    headers: list[str] | None = None
    for number, values in enumerate(rows, 1):
        cells = list(values)
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if headers is None:
            headers = ["" if c is None else str(c) for c in cells]
            table.headers = headers
            continue
        table.rows.append((number, cells))
    if headers is None:
        raise InvalidInput("file.empty", path=str(path))
    return table


def map_columns(headers: Sequence[str], known: dict[str, tuple[str, ...]], required: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds each field: {field: index}, and the headers not understood.
    Refuses (exit 2) a file without a required column or with one field in two columns."""
    aliases = {alias: name for name, names in known.items() for alias in (name, *names)}
    found: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = column_key(header)
        name = aliases.get(key)
        if name is None:
            if key:
                unknown.append(str(header))
            continue
        if name in found:
            raise InvalidInput("import.column_twice", column=name, first=headers[found[name]], second=header)
        found[name] = index
    missing = [name for name in required if name not in found]
    if missing:
        raise InvalidInput("import.columns_missing", missing=", ".join(missing),
                           expected="; ".join(f"{n}: {', '.join(known[n][:3])}" for n in missing))
    return found, unknown


# --- writing ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?")


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (shown as text).
    Plain numbers such as `-5` or `+84912345678` are left alone: a spreadsheet reads them as
    numbers, never runs them, and the apostrophe would change the value."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return show_datetime(value)
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutralise(str(value))


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def render(fmt: str, headers: list[str], keys: list[str], rows: Iterable[Sequence[Any]], target: Any) -> int:
    """Write rows to a binary file object in `fmt`; return how many were written.
    CSV: UTF-8 with a BOM and CRLF (what Excel expects), comma-separated, headers in the user's
    language. JSON Lines: one object per row with stable keys. XLSX: typed cells, text as text."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            line = json.dumps({k: _json_value(v) for k, v in zip(keys, row)}, ensure_ascii=False)
            target.write(line.encode("utf-8") + b"\n")
            count += 1
        return count
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        target.write("\ufeff".encode("utf-8"))
        writer.writerow([_csv_cell(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
            if count % 5000 == 0:
                target.write(buffer.getvalue().encode("utf-8"))
                buffer.seek(0)
                buffer.truncate()
        target.write(buffer.getvalue().encode("utf-8"))
        return count
    return _render_xlsx(headers, rows, target)


def _render_xlsx(headers: list[str], rows: Iterable[Sequence[Any]], target: Any) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()

    def cell(value: Any) -> Any:
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            made.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(value, date):
            made.number_format = "DD/MM/YYYY"
        elif isinstance(value, str):
            made.data_type = "s"  # text stays text: a leading = is never a formula here
        return made

    sheet.append([cell(h) for h in headers])
    count = 0
    for row in rows:
        sheet.append([cell(v) for v in row])
        count += 1
    workbook.save(target)
    return count


def write_file(path: Path | None, fmt: str, headers: list[str], keys: list[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a table to `path` (a temporary name renamed at the end, so a half-written export is
    never seen) or, without a path, to stdout."""
    if path is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            raw = io.BytesIO()
            count = render(fmt, headers, keys, rows, raw)
            sys.stdout.write(raw.getvalue().decode("utf-8"))
            return count
        count = render(fmt, headers, keys, rows, stream)
        stream.flush()
        return count
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput("export.folder", path=str(path))
    with replacing(path) as temp, temp.open("wb") as handle:
        return render(fmt, headers, keys, rows, handle)


def cell_text(value: Any) -> str | None:
    """A read cell as NFC text (None when blank). Whole floats lose their `.0`; dates become ISO."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value if value.isascii() else nfc(value)
        return text if text.strip() else None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
