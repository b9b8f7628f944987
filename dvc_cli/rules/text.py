"""Text normalisation: NFC storage form and the folded form used for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form everything is stored in."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC-normalise, trim and collapse runs of white space to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ→d, so `Đăng ký` and `dang ky` compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def ascii_only(text: str) -> str:
    """Fold diacritics but keep case; drop anything still outside printable ASCII."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if 32 <= ord(ch) < 127)
