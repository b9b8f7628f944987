"""Domain errors. Each carries a message key (see strings.py), its parameters and an exit code.

Exit codes: 0 ok · 1 unexpected · 2 bad input or usage · 3 not found · 4 conflict.
"""

from __future__ import annotations


class DvcError(Exception):
    """Base of every error a user can cause; the CLI turns it into a message and an exit code."""

    exit_code = 1

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class InvalidInput(DvcError):
    """The input is malformed or out of range (exit 2)."""

    exit_code = 2


class NotFound(DvcError):
    """The thing named does not exist (exit 3)."""

    exit_code = 3


class Conflict(DvcError):
    """The input is well-formed but clashes with the state of things (exit 4)."""

    exit_code = 4
