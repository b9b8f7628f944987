"""Every human sentence, in Vietnamese and English, keyed by id.

`t(key, **params)` formats the sentence in the current language. The language is chosen once per
invocation with `set_lang()` (from `--lang` or `DVC_LANG`); Vietnamese is the default.
Each area keeps its sentences in its own module here; MESSAGES joins them (keys must not clash).
"""

from __future__ import annotations

import os

from dvc_cli.strings import core, slips, transfer, wizard

LANGS = ("vi", "en")
_lang = "vi"


def set_lang(lang: str | None) -> str:
    """Choose the language for this invocation; unknown values fall back to Vietnamese."""
    global _lang
    chosen = (lang or os.environ.get("DVC_LANG") or "vi").strip().lower()[:2]
    _lang = chosen if chosen in LANGS else "vi"
    return _lang


def lang() -> str:
    """The language in force."""
    return _lang


def t(key: str, /, **params: object) -> str:
    """The sentence `key` in the current language, formatted with `params`."""
    vi, en = MESSAGES[key]
    text = en if _lang == "en" else vi
    return text.format(**params) if params else text


def _join(*areas: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """One table from every area's sentences; a key defined twice is a programming error."""
    joined: dict[str, tuple[str, str]] = {}
    for area in areas:
        clash = joined.keys() & area.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        joined.update(area)
    return joined


MESSAGES = _join(core.MESSAGES, slips.MESSAGES, transfer.MESSAGES, wizard.MESSAGES)
