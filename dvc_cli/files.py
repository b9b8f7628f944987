"""Files on disk: the content-addressed attachment store (each file kept once, under its sha256),
and writing any produced file under a temporary name renamed at the end, so a half-written file
is never visible."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
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


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write; when the block succeeds it is flushed to disk and
    renamed onto `path`, when it fails it is removed."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def sniff(head: bytes) -> str | None:
    """The MIME type of a PDF, JPEG or PNG from its first bytes; None for anything else."""
    return next((mime for magic, mime in _MAGIC if head.startswith(magic)), None)


def regular_size(path: Path) -> int:
    """The size of an existing, non-empty regular file; refuses (exit 2) anything else."""
    if not path.exists():
        raise InvalidInput("file.missing", path=str(path))
    if not path.is_file():
        raise InvalidInput("file.not_regular", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput("file.empty", path=str(path))
    return size


def check(path: Path) -> tuple[int, str]:
    """Refuse anything that is not a readable, non-empty PDF/JPEG/PNG within the size limit."""
    size = regular_size(path)
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
        self._journal: Path | None = None

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
            self._note_in_journal(digest)
            os.replace(tmp, target)
        else:
            tmp.unlink()
            os.utime(target)  # fresh again, so no clean-up of old leftovers takes it meanwhile
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

    # --- batches (imports, bundles): many files for one database transaction

    @contextmanager
    def journal(self, in_use: Callable[[str], bool]) -> Iterator[None]:
        """Record every blob created while the block runs in a journal file, written before the blob
        appears. When the block ends (committed, rolled back or failed), created blobs that no
        attachment refers to are removed, and the journal with them. A process killed meanwhile
        leaves its journal behind: the next batch removes that batch's unreferenced blobs first."""
        self.recover(in_use)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=f".journal-{os.getpid()}-")
        os.close(fd)
        self._journal = Path(name)
        try:
            yield
        finally:
            self._journal = None
            self._clean_journal(Path(name), in_use)

    def _note_in_journal(self, digest: str) -> None:
        if self._journal is None:
            return
        with self._journal.open("a", encoding="ascii") as handle:
            handle.write(digest + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def _clean_journal(self, journal: Path, in_use: Callable[[str], bool]) -> None:
        try:
            digests = journal.read_text(encoding="ascii").split()
        except OSError:
            return
        for digest in digests:
            if len(digest) == 64 and not in_use(digest):
                self.remove(digest)
        journal.unlink(missing_ok=True)

    def recover(self, in_use: Callable[[str], bool], stale_after: float = 3600) -> None:
        """Undo what killed batches left: their journals' unreferenced blobs, and old temp files."""
        if not self.root.is_dir():
            return
        now = time.time()
        for path in self.root.glob(".journal-*"):
            pid = path.name.split("-")[1]
            if not _alive(pid) or now - path.stat().st_mtime > 24 * 3600:
                self._clean_journal(path, in_use)
        for path in self.root.glob(".incoming-*"):
            try:
                if now - path.stat().st_mtime > stale_after:
                    path.unlink()
            except OSError:
                pass


def _alive(pid: str) -> bool:
    """Whether the process that wrote a journal still runs (on this machine)."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
