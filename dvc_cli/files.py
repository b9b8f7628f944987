"""Content-addressed attachment store: each file is kept once, under its sha256, written to a
temporary name and renamed, so a half-written file is never visible."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dvc_cli.errors import InvalidInput

MAX_SIZE = 20 * 1024 * 1024
"""Largest attachment accepted, in bytes (a phone photo or a scanned PDF fits easily)."""

_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


@dataclass(frozen=True)
class StoredFile:
    """A file kept in the store."""

    sha256: str
    size: int
    mime: str
    filename: str


def sniff(head: bytes) -> str | None:
    """The MIME type of a PDF, JPEG or PNG from its first bytes; None for anything else."""
    return next((mime for magic, mime in _MAGIC if head.startswith(magic)), None)


def check(path: Path) -> tuple[int, str]:
    """Refuse anything that is not a readable, non-empty PDF/JPEG/PNG within the size limit."""
    if not path.exists():
        raise InvalidInput("file.missing", path=str(path))
    if not path.is_file():
        raise InvalidInput("file.not_regular", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput("file.empty", path=str(path))
    if size > MAX_SIZE:
        raise InvalidInput("file.too_big", path=str(path), size_mb=round(size / 2**20, 1), limit_mb=MAX_SIZE // 2**20)
    try:
        with path.open("rb") as handle:
            mime = sniff(handle.read(16))
    except OSError:
        raise InvalidInput("file.unreadable", path=str(path)) from None
    if mime is None:
        raise InvalidInput("file.type", path=str(path))
    return size, mime


class FileStore:
    """The folder of attachments beside the database."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        """Where the blob with this hash lives."""
        return self.root / sha256[:2] / sha256

    @contextmanager
    def staged(self, source: Path) -> Iterator[StoredFile]:
        """Copy `source` into the store for the duration of a database change.

        If the block raises, a blob this call created is removed again, so a failed command
        leaves the folder as it was.
        """
        size, mime = check(source)
        digest, tmp = self._copy_to_temp(source)
        target = self.path_of(digest)
        created = not target.exists()
        if created:
            os.replace(tmp, target)
        else:
            tmp.unlink()
        try:
            yield StoredFile(digest, size, mime, source.name)
        except BaseException:
            if created:
                self.remove(digest)
            raise

    def _copy_to_temp(self, source: Path) -> tuple[str, Path]:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        hexdigest = digest.hexdigest()
        (self.root / hexdigest[:2]).mkdir(exist_ok=True)
        return hexdigest, Path(name)

    def remove(self, sha256: str) -> None:
        """Delete a blob no attachment refers to any more (and its folder, once empty)."""
        path = self.path_of(sha256)
        path.unlink(missing_ok=True)
        try:
            path.parent.rmdir()
        except OSError:
            pass  # other blobs share the folder
