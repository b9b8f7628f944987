"""One place for output: data to stdout (rich for people, one JSON document for scripts),
messages and errors to stderr. Colours follow the terminal and NO_COLOR."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from dvc_cli.errors import DvcError
from dvc_cli.rules.dates import show_date, show_datetime
from dvc_cli.rules.fees import money
from dvc_cli.rules.lifecycle import Status
from dvc_cli.strings import MESSAGES, t

if TYPE_CHECKING:
    from rich.console import Console


def label(status: Status | int) -> str:
    """A state's words in the current language, e.g. `Được tiếp nhận`."""
    return t(f"status.{int(status)}")


def show_day(iso: str | None) -> str | None:
    """An ISO date (or the date part of an ISO time) as people write it: DD/MM/YYYY."""
    from datetime import date

    return show_date(date.fromisoformat(iso[:10])) if iso else None


def show_moment(iso: str | None) -> str | None:
    """An ISO time as people write it: DD/MM/YYYY HH:MM."""
    from datetime import datetime

    return show_datetime(datetime.fromisoformat(iso)) if iso else None


def fee_text(amount: int | None, mode: str) -> str:
    """A fee in words: `8.000 đ (thu trước)`, `Miễn phí`, or `theo mức HĐND tỉnh`."""
    if mode == "exempt" or amount == 0:
        return t("fee.free")
    if amount is None:
        return t("fee.unknown")
    return f"{money(amount)} ({t('fee.mode.' + mode)})"


def days_text(days: int) -> str:
    """A processing time in words: same day, or N working days."""
    return t("days.same_day") if days == 0 else t("days.n", n=days)


def _describe(value: object) -> object:
    """Turn error parameters that are states (or lists of states) into words."""
    if isinstance(value, Status):
        return label(value)
    if isinstance(value, tuple) and all(isinstance(v, Status) for v in value):
        return ", ".join(f"{v.name} ({label(v)})" for v in value) or t("move.none")
    return value


class Output:
    """The output of one command."""

    def __init__(self, as_json: bool = False) -> None:
        self.as_json = as_json

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=False)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False)

    def emit(self, data: Any, render: Callable[[Console], None]) -> None:
        """Print `data` as JSON with --json, else let `render` draw it for people."""
        if self.as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        else:
            render(self.console)

    def note(self, message: str) -> None:
        """A message for people on stderr (silent with --json)."""
        if not self.as_json:
            self.err.print(message, markup=False, soft_wrap=True)

    def warn(self, message: str) -> None:
        """A warning on stderr, also with --json."""
        self.err.print(f"[yellow]{t('word.warning')}:[/] {_escape(message)}", soft_wrap=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def error_message(error: DvcError) -> str:
    """The user-facing sentence for a domain error; a `field` is named in the user's language."""
    params = {k: _describe(v) for k, v in error.params.items()}
    if f"fieldname.{params.get('field')}" in MESSAGES:
        params["field"] = t(f"fieldname.{params['field']}")
    return t(error.key, **params)


def print_error(error: DvcError, as_json: bool) -> None:
    """Write a domain error to stderr: one line of text, or one JSON object with --json."""
    message = error_message(error)
    if as_json:
        payload = {"error": error.key, "message": message, "exit_code": error.exit_code}
        sys.stderr.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"{t('word.error')}: {message}\n")


def show_fields(console: Console, title: str, rows: list[tuple[str, object]]) -> None:
    """A titled two-column panel of label/value pairs (values None are shown as —)."""
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name, value in rows:
        grid.add_row(name, "—" if value in (None, "") else str(value))
    console.print(Panel(grid, title=title, title_align="left", expand=False))


def show_table(console: Console, columns: list[str], rows: list[list[object]], title: str | None = None,
               keep_first: bool = True) -> None:
    """A plain table; an empty list prints a short 'nothing found' line instead. The first column
    (a code or key) is never wrapped unless `keep_first` is False."""
    from rich.table import Table

    if not rows:
        console.print(t("word.none_found"))
        return
    table = Table(title=title, title_justify="left")
    for position, column in enumerate(columns):
        table.add_column(column, no_wrap=keep_first and position == 0, overflow="fold")
    for row in rows:
        table.add_row(*("—" if v in (None, "") else str(v) for v in row))
    console.print(table)
