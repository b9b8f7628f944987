"""Text normalisation: NFC storage form and the folded form used for search."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form everything is stored in."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC-normalise, trim and collapse runs of white space to one space."""
    return " ".join(nfc(text).split())  # str.split() and the regex \s agree on what white space is


_FOLDED_WORDS: dict[str, str] = {}
"""Words already folded: names and addresses reuse few words."""


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ→d, so `Đăng ký` and `dang ky` compare equal."""
    words = []
    for word in text.lower().split():
        folded = _FOLDED_WORDS.get(word)
        if folded is None:
            folded = _fold_word(word)
            if len(_FOLDED_WORDS) < 50_000:
                _FOLDED_WORDS[word] = folded
        if folded:
            words.append(folded)
    return " ".join(words)


def ascii_only(text: str) -> str:
    """Fold diacritics but keep case; drop anything still outside printable ASCII."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if 32 <= ord(ch) < 127)
