"""Text normalisation: NFC storage form and the folded form used for search."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form everything is stored in."""
    return unicodedata.normalize("NFC", text)


_MEMO_ENTRIES = 50_000
_MEMO_LENGTH = 256
"""Bounds of the memos below: at most this many entries, each for a text at most this long."""

_CLEANED: dict[str, str] = {}
"""Texts already cleaned: a batch import cleans the same names and villages over and over."""


def clean(text: str) -> str:
    """NFC-normalise, trim and collapse runs of white space to one space."""
    cleaned = _CLEANED.get(text)
    if cleaned is None:
        cleaned = " ".join(nfc(text).split())  # str.split() and the regex \s agree on what white space is
        if len(_CLEANED) < _MEMO_ENTRIES and len(text) <= _MEMO_LENGTH:
            _CLEANED[text] = cleaned
    return cleaned


_FOLDED_WORDS: dict[str, str] = {}
"""Words already folded: names and addresses reuse few words, and batch imports fold many."""
_FOLDED: dict[str, str] = {}
"""Whole texts already folded (names repeat too)."""


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ→d, so `Đăng ký` and `dang ky` compare equal."""
    folded = _FOLDED.get(text)
    if folded is None:
        folded = _fold(text)
        if len(_FOLDED) < _MEMO_ENTRIES and len(text) <= _MEMO_LENGTH:
            _FOLDED[text] = folded
    return folded


def _fold(text: str) -> str:
    words = []
    for word in text.lower().split():
        folded = _FOLDED_WORDS.get(word)
        if folded is None:
            folded = _fold_word(word)
            if len(_FOLDED_WORDS) < _MEMO_ENTRIES:
                _FOLDED_WORDS[word] = folded
        if folded:
            words.append(folded)
    return " ".join(words)


def ascii_only(text: str) -> str:
    """Fold diacritics but keep case; drop anything still outside printable ASCII."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if 32 <= ord(ch) < 127)
