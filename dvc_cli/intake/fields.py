"""Free-text and choice fields, cleaned the same way by every use-case."""

from __future__ import annotations

from dvc_cli.errors import InvalidInput
from dvc_cli.rules.text import clean

MAX_TEXT = 200


def check_text(field: str, value: str | None, required: bool = False) -> str | None:
    """Clean a free-text field: NFC, collapsed spaces, bounded length; None when blank."""
    text = clean(value) if value is not None else ""
    if not text:
        if required:
            raise InvalidInput("field.empty", field=field)
        return None
    if len(text) > MAX_TEXT:
        raise InvalidInput("field.too_long", field=field, limit=MAX_TEXT)
    return text


def check_choice(field: str, value: str, choices: tuple[str, ...]) -> str:
    text = value.strip().lower()
    if text not in choices:
        raise InvalidInput("field.choice", field=field, value=value, choices=", ".join(choices))
    return text
