"""Shared fixtures: every test gets its own real SQLite file in a temp dir, a fixed clock, and a
runner for the real CLI with stdout and stderr kept apart.

The clock is fixed at Monday 23/11/2026 09:00 (`DVC_NOW`); the next day, Tuesday 24/11/2026,
is a public holiday (Ngày Văn hóa Việt Nam) in the `holidays` package.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from dvc_cli.app import app

NOW = "2026-11-23T09:00:00"
"""Monday, a working day; 24/11/2026 is a public holiday."""

AGENCY_ID = "000.17.22.H56"
OFFICE_NAME = "UBND xã Lương Phong"

# A real citizen record: province 001 (Hà Nội), 4th digit 2 = male born 2000–2099, year 03.
CITIZEN_ID = "001203012345"
CITIZEN_NAME = "Nguyễn Văn An"
CITIZEN_DOB = "15/03/2003"
CITIZEN_PHONE = "0912345678"

# Procedures used throughout (shipped catalogue).
BIRTH = "1.001193"  # Đăng ký khai sinh: same day; required to_khai, giay_chung_sinh
BIRTH_DOCS = ("to_khai", "giay_chung_sinh")
REBIRTH = "1.004884"  # Đăng ký lại khai sinh: 5 working days; required to_khai, giay_to_ca_nhan
REBIRTH_DOCS = ("to_khai", "giay_to_ca_nhan")
MARITAL = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: 3 working days; required to_khai


# --- environment ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def desk_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database per test, a fixed clock and clerk, and no access to the real home."""
    home = tmp_path / "home"
    home.mkdir()
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("DVC_DB", str(db))
    monkeypatch.setenv("DVC_CLERK", "Trần Thị Bình")
    monkeypatch.setenv("DVC_NOW", NOW)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("DVC_LANG", "DVC_CATALOGUE", "DVC_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return db


@pytest.fixture
def db(desk_env: Path) -> Path:
    """The database file of this test."""
    return desk_env


def files_dir(db: Path) -> Path:
    """The attachment folder beside the database."""
    return db.with_suffix(".files")


# --- running the CLI --------------------------------------------------------------------------


class Cli:
    """Runs the real root app in-process; stdout and stderr come back separately."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: object, now: str | None = None, env: dict[str, str] | None = None) -> Result:
        """Run `dvc-cli ARGS`; `now` moves the clock for this one invocation."""
        extra = dict(env or {})
        if now is not None:
            extra["DVC_NOW"] = now
        result = self.runner.invoke(app, [str(a) for a in args], env=extra or None)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(
                f"dvc-cli {' '.join(map(str, args))} crashed: {result.exception!r}\n"
                f"stderr: {result.stderr}"
            ) from result.exception
        return result

    def ok(self, *args: object, **kw: Any) -> Result:
        """Run and insist on exit code 0."""
        result = self(*args, **kw)
        assert result.exit_code == 0, (
            f"dvc-cli {' '.join(map(str, args))} -> {result.exit_code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result

    def json(self, *args: object, **kw: Any) -> Any:
        """Run with --json, insist on success and on exactly one JSON document on stdout."""
        result = self.ok(*args, "--json", **kw)
        return json.loads(result.stdout)

    def fails(self, code: int, *args: object, **kw: Any) -> Result:
        """Run, insist on exit `code`, nothing on stdout and a message on stderr."""
        result = self(*args, **kw)
        assert result.exit_code == code, (
            f"dvc-cli {' '.join(map(str, args))} -> {result.exit_code}, expected {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        assert result.stdout == "", f"stdout should be empty on error, got: {result.stdout!r}"
        assert result.stderr.strip(), "an error must say something on stderr"
        assert "Traceback" not in result.stderr
        return result


@pytest.fixture(scope="session", autouse=True)
def _command_built_once() -> Iterator[None]:
    """Build the Click command tree of the app once per session instead of once per invocation
    (Typer rebuilds it on every `CliRunner.invoke`, ~70 ms); the command itself is unchanged."""
    import typer.main
    import typer.testing

    original = getattr(typer.testing, "_get_command", None)
    if original is None:  # another Typer layout: just run unoptimised
        yield
        return
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda a: command if a is app else original(a))
        yield


@pytest.fixture(scope="session", autouse=True)
def _catalogue_parsed_once_per_content() -> Iterator[None]:
    """Parse each catalogue (shipped file + office file content) once per session instead of on
    every in-process invocation (~50 ms each). The real loader still does every parse and every
    refusal; a changed office file has new content, so it is parsed again."""
    from dvc_cli import catalogue

    original = catalogue.load
    parsed: dict[tuple[str | None, bytes | None], catalogue.Catalogue] = {}

    def load(extra: str | Path | None = None) -> catalogue.Catalogue:
        if extra is None:
            key: tuple[str | None, bytes | None] = (None, None)
        else:
            try:
                key = (str(extra), Path(extra).read_bytes())
            except OSError:
                return original(extra)
        if key not in parsed:
            parsed[key] = original(extra)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalogue, "load", load)
        yield


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def refuse(cli: Cli, unchanged: Callable[[], Any]) -> Callable[..., tuple[str, str]]:
    """`refuse(code, args, vi=..., en=...)`: the command fails with exit `code` in Vietnamese
    (the default) and in English (`--lang en`), prints nothing on stdout, says what is wrong on
    stderr, and leaves the database and the attachment folder exactly as they were.
    Returns the two messages."""

    def check(code: int, args: list[object] | tuple[object, ...], *, vi: str | list[str], en: str | list[str],
              **kw: Any) -> tuple[str, str]:
        with unchanged():
            vi_result = cli.fails(code, *args, **kw)
            en_result = cli.fails(code, *args, "--lang", "en", **kw)
        for fragment in [vi] if isinstance(vi, str) else vi:
            assert fragment in vi_result.stderr, f"{fragment!r} not in {vi_result.stderr!r}"
        for fragment in [en] if isinstance(en, str) else en:
            assert fragment in en_result.stderr, f"{fragment!r} not in {en_result.stderr!r}"
        assert vi_result.stderr.startswith("Lỗi: "), vi_result.stderr
        assert en_result.stderr.startswith("Error: "), en_result.stderr
        return vi_result.stderr, en_result.stderr

    return check


# --- "nothing changed" ------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Everything a command could change: every row of every table and every stored file."""

    dump: tuple[str, ...]
    files: tuple[tuple[str, str], ...]


def snapshot(db: Path) -> Snapshot:
    """A dump of all tables and the listing (with content hashes) of the attachment folder."""
    if db.exists():
        conn = sqlite3.connect(db)
        try:
            dump = tuple(conn.iterdump())
        finally:
            conn.close()
    else:
        dump = ()
    root = files_dir(db)
    listing: list[tuple[str, str]] = []
    if root.exists():
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            listing.append((rel, hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"))
    return Snapshot(dump, tuple(listing))


@pytest.fixture
def unchanged(db: Path) -> Callable[[], Any]:
    """`with unchanged(): ...` asserts the database and the file store are exactly as before."""
    from contextlib import contextmanager

    @contextmanager
    def check() -> Iterator[None]:
        before = snapshot(db)
        yield
        after = snapshot(db)
        assert after.files == before.files, f"attachment folder changed:\n{before.files}\n->\n{after.files}"
        assert after.dump == before.dump, "database changed:\n" + "\n".join(
            sorted(set(after.dump) ^ set(before.dump))
        )

    return check


# --- real files -------------------------------------------------------------------------------


def png_bytes(width: int = 1, height: int = 1, rgb: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    """A real, valid PNG image (signature, IHDR, IDAT, IEND with correct CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(text: str = "To khai") -> bytes:
    """A minimal but well-formed one-page PDF."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def jpeg_bytes() -> bytes:
    """A real baseline JPEG: one 8x8 mid-grey block (JFIF header, quantisation and Huffman
    tables, frame, scan with a single DC-0 + end-of-block code, end marker)."""

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    one_code = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1 for symbol 0
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, b"\x00" + bytes([1] * 64))
        + segment(0xC0, b"\x08" + struct.pack(">HH", 8, 8) + b"\x01\x01\x11\x00")
        + segment(0xC4, b"\x00" + one_code)
        + segment(0xC4, b"\x10" + one_code)
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"  # DC difference 0 ('0'), end of block ('0'), padded with 1s
        + b"\xff\xd9"
    )


@dataclass(frozen=True)
class Scans:
    """Real files on disk, as a clerk's scanner or phone would produce them."""

    pdf: Path
    pdf2: Path
    png: Path
    jpeg: Path
    folder: Path

    def make(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path


@pytest.fixture
def scans(tmp_path: Path) -> Scans:
    folder = tmp_path / "scans"
    folder.mkdir()
    pdf = folder / "to_khai.pdf"
    pdf.write_bytes(pdf_bytes("To khai dang ky khai sinh"))
    pdf2 = folder / "giay_chung_sinh.pdf"
    pdf2.write_bytes(pdf_bytes("Giay chung sinh"))
    png = folder / "anh_chup.png"
    png.write_bytes(png_bytes(2, 2))
    jpeg = folder / "anh.jpg"
    jpeg.write_bytes(jpeg_bytes())
    return Scans(pdf, pdf2, png, jpeg, folder)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- a ready desk -----------------------------------------------------------------------------


@pytest.fixture
def office(cli: Cli) -> dict[str, str]:
    """The office is set up (name and electronic agency id)."""
    return cli.json("office", "set", "--name", OFFICE_NAME, "--agency-id", AGENCY_ID)


@pytest.fixture
def citizen(cli: Cli) -> dict[str, Any]:
    """One registered citizen."""
    return cli.json(
        "citizen", "add", "--id", CITIZEN_ID, "--name", CITIZEN_NAME, "--dob", CITIZEN_DOB,
        "--phone", CITIZEN_PHONE, "--address", "Thôn Đông, xã Lương Phong",
    )


@pytest.fixture
def desk(office: dict[str, str], citizen: dict[str, Any]) -> dict[str, Any]:
    """Office and citizen both ready."""
    return {"office": office, "citizen": citizen}


def new_draft(cli: Cli, procedure: str = BIRTH, *extra: object, **kw: Any) -> dict[str, Any]:
    """Open a draft for the standard citizen and return its JSON view."""
    return cli.json("dossier", "new", "--citizen", CITIZEN_ID, "--procedure", procedure, *extra, **kw)


@cache
def required_keys(procedure: str) -> tuple[str, ...]:
    """The required papers of a shipped procedure."""
    from dvc_cli.catalogue import load

    return tuple(d.key for d in load().get(procedure).documents if d.required)


def received(cli: Cli, procedure: str = BIRTH, *, now: str | None = None, **kw: Any) -> dict[str, Any]:
    """Open a draft and submit it with every required paper presented in person."""
    keys = required_keys(procedure)
    draft = new_draft(cli, procedure, now=now)
    presented = [arg for key in keys for arg in ("--presented", key)]
    return cli.json("dossier", "submit", draft["id"], *presented, now=now, **kw)
