"""Shared helpers for the rule tests."""

from __future__ import annotations

import pytest

from dvc_cli.errors import InvalidInput
from dvc_cli.strings import MESSAGES


def refused(key: str, func, *args, **kwargs) -> InvalidInput:
    """Call `func`, expect InvalidInput with `key`, check its params fit the message, return it."""
    with pytest.raises(InvalidInput) as caught:
        func(*args, **kwargs)
    assert caught.value.key == key
    for text in MESSAGES[key]:
        text.format(**caught.value.params)
    return caught.value
