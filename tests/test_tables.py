"""Reading a CSV a piece at a time (as the worker processes of a big import do) gives exactly the
rows, cells and line numbers of reading it whole, however its cells are quoted."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from dvc_cli.transfer.tables import Misaligned, Piece, open_table

CELLS = ["An", "Thôn Đông", "", "  ", "a,b", "a;b", 'nói "có"', "dòng 1\ndòng 2", "dòng 1\r\ndòng 2", "\n", '"', "x\ry"]
STRAY = ['5" màn hình', 'a"b"c"']
"""Quotes inside an unquoted cell: the csv reader keeps them as they are, but they fool a count of quotes."""


def _cell(value: str) -> str:
    if value in STRAY:
        return value
    if any(c in value for c in ',;"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _random_csv(rng: random.Random, stray: bool) -> str:
    end = rng.choice(["\r\n", "\n", "\r"])
    lines = [""] * rng.choice([0, 0, 1, 2]) + ["so_dinh_danh,ho_va_ten,dia_chi"] + ([""] if rng.random() < 0.3 else [])
    pool = CELLS + (STRAY if stray else [])
    for _ in range(rng.randint(0, 60)):
        if rng.random() < 0.1:
            lines.append("")  # a blank line
        lines.append(",".join(_cell(rng.choice(pool)) for _ in range(rng.randint(1, 4))))
    return end.join(lines) + (end if rng.random() < 0.7 else "")


def _whole(text: str) -> list[tuple[int, list[str]]]:
    """The rows as one csv reader over the whole text gives them (the header first), with the line
    each starts on, blank ones left out."""
    reader, rows, last = csv.reader(io.StringIO(text, newline="")), [], 0
    for cells in reader:
        line, last = last + 1, reader.line_num
        if any(c.strip() for c in cells):
            rows.append((line, cells))
    return rows


def _in_pieces(path: Path, size: int) -> tuple[list[str], list[tuple[int, list[str]]], bool]:
    """The header and rows read a piece at a time, each piece on its own (as a worker would), going
    on in order from the first misaligned piece, as the importer does; and whether one was."""
    table = open_table(path)
    rows: list[tuple[int, list[str]]] = []
    misaligned = False
    pieces = table.pieces(size)
    for piece in pieces:
        try:
            rows += table.read(piece)
        except Misaligned as error:
            misaligned = True
            rows += [row for p in table.pieces_read_from(error.piece, size) for row in table.read(p)]
            break
    return table.headers, rows, misaligned


@pytest.mark.parametrize("stray", [False, True])
def test_a_csv_read_in_pieces_gives_the_rows_of_the_whole(tmp_path, stray):
    rng = random.Random(11 + stray)
    path = tmp_path / "t.csv"
    misaligned = 0
    for _ in range(150):
        text = _random_csv(rng, stray)
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        header, *rows = _whole(text)
        assert open_table(path).read_all() == rows
        for size in (1, 2, 3, 7, 1000):
            got_header, got, was = _in_pieces(path, size)
            assert (got_header, got) == (header[1], rows), (text, size)
            misaligned += was
    assert (misaligned > 0) == stray  # a stray quote before a quoted line break fools the cut, and is caught


def test_a_cut_inside_a_quoted_cell_is_caught(tmp_path):
    """A quote inside an unquoted cell makes the count of quotes odd, so the next line end inside a
    quoted cell looks like a row's end: reading that piece says so instead of giving wrong rows."""
    path = tmp_path / "t.csv"
    path.write_text('a,b\n5" x,1\n2,"dòng 1\ndòng 2"\n3,4\n', encoding="utf-8")
    table = open_table(path)
    pieces = list(table.pieces(1))
    assert [table.text[p.start:p.end] for p in pieces] == ['5" x,1\n2,"dòng 1\n', 'dòng 2"\n3,4\n']
    with pytest.raises(Misaligned) as caught:
        table.read(pieces[0])
    assert caught.value.piece == pieces[0]
    again = list(table.pieces_read_from(pieces[0], 1))
    assert [p.rows for p in again] == [[(2, ['5" x', "1"])], [(3, ["2", "dòng 1\ndòng 2"])], [(5, ["3", "4"])]]
    assert table.read(again[1]) == again[1].rows


def test_pieces_of_a_table_read_whole_are_slices_of_its_rows(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("".join(f'{{"so_dinh_danh": "{n}"}}\n' for n in range(5)), encoding="utf-8")
    table = open_table(path)
    assert list(table.pieces(2)) == [Piece(0, 2), Piece(2, 4), Piece(4, 5)]
    assert [row for p in table.pieces(2) for row in table.read(p)] == table.read_all() == table.rows
    assert table.read_all() == [(n + 1, [str(n)]) for n in range(5)]


def test_a_stray_quote_does_not_make_the_rest_of_the_file_one_piece(tmp_path, monkeypatch):
    """An odd count of quotes with no quoted line break within the longest cell allowed: the file
    is still cut at line ends, and every cut reads right."""
    from dvc_cli.transfer import tables

    monkeypatch.setattr(tables, "MAX_FIELD", 200)  # 1 MiB in use: this file is smaller
    path = tmp_path / "t.csv"
    rows = [f"{n},Nhà {n}" for n in range(400)]
    rows[5] = '5,Hẻm 12" số 3'
    path.write_text("so,dia_chi\n" + "\n".join(rows) + "\n", encoding="utf-8")
    table = open_table(path)
    pieces = list(table.pieces(100))
    assert len(pieces) >= 4
    assert [row for p in pieces for row in table.read(p)] == _whole(path.read_text(encoding="utf-8"))[1:]


def test_an_error_that_only_a_wrong_cut_makes_is_not_reported(tmp_path, monkeypatch):
    """A quoted cell just under the longest allowed, cut inside after a stray quote: read with the
    mark it would be one character too long. That says the cut was wrong, not that the file is bad."""
    from dvc_cli.transfer import tables

    monkeypatch.setattr(tables, "MAX_FIELD", 50)
    path = tmp_path / "t.csv"
    path.write_text('a,b\n5" x,1\n2,"' + "y" * 49 + '\n"\n3,4\n', encoding="utf-8")
    table = open_table(path)
    first = next(table.pieces(1))
    with pytest.raises(Misaligned):
        table.read(first)
    again = [row for p in table.pieces_read_from(first, 1) for row in table.read(p)]
    assert again == [(2, ['5" x', "1"]), (3, ["2", "y" * 49 + "\n"]), (5, ["3", "4"])]
