"""Writing a produced file (a slip PDF, a QR image) where the clerk asked: to a temporary name
beside it, then renamed into place, so a half-written file is never left behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dvc_cli.errors import InvalidInput


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` (creating its folder); refuse a folder or an unwritable place (exit 2)."""
    target = path.expanduser()
    if target.is_dir():
        raise InvalidInput("slip.path_is_dir", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise InvalidInput("slip.write", path=str(target), reason=error.strerror or str(error)) from None
    return target.resolve()
