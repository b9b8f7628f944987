"""Writing a produced file (a slip PDF, a QR image) where the clerk asked: to a temporary name
beside it, then renamed into place, so a half-written file is never left behind."""

from __future__ import annotations

from pathlib import Path

from dvc_cli.errors import InvalidInput
from dvc_cli.files import replacing


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` (creating its folder); refuse a folder or an unwritable place (exit 2)."""
    target = path.expanduser()
    if target.is_dir():
        raise InvalidInput("slip.path_is_dir", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as temp:
            temp.write_bytes(data)
    except OSError as error:
        raise InvalidInput("slip.write", path=str(target), reason=error.strerror or str(error)) from None
    return target.resolve()
