"""Shared options, spelled the same in every command, and the per-invocation settings."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer

from dvc_cli.errors import InvalidInput
from dvc_cli.strings import t

JsonOpt = Annotated[bool, typer.Option("--json", help="In một tài liệu JSON ra stdout / Print one JSON document.")]
NoteOpt = Annotated[Optional[str], typer.Option("--note", help="Ghi chú / Note.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, max=100000, help="Số dòng tối đa / Most rows.")]

GLOBAL_OPTIONS = ("--db", "--lang", "--clerk", "--catalogue")
"""Options accepted anywhere on the command line (they are moved in front of the sub-command)."""


@dataclass
class Settings:
    """Where the data lives and who is working, for this invocation."""

    db: Path | None = None
    clerk: str | None = None
    catalogue: Path | None = None

    def db_path(self) -> Path:
        if self.db:
            return self.db.expanduser()
        return Path(typer.get_app_dir("dvc-cli")) / "dvc.sqlite3"

    def clerk_name(self) -> str:
        try:
            return self.clerk or getpass.getuser()
        except (KeyError, OSError):
            return os.environ.get("USER", "unknown")


settings = Settings()


def open_desk():
    """Open the desk for this invocation (imported lazily by commands to keep --help light)."""
    from dvc_cli.desk import Desk

    return Desk.open(settings.db_path(), settings.clerk_name(), settings.catalogue)


def require(**flags: str | None) -> list[str]:
    """The values of required flags, in order. In a terminal the missing ones are asked for;
    without one the command is refused with exit 2, naming every missing flag."""
    missing = [name for name, value in flags.items() if value is None]
    if missing:
        from dvc_cli.wizard import ask

        if not ask.is_terminal():
            raise InvalidInput("flags.missing", flags=", ".join(_flag(name) for name in missing))
        for name in missing:
            flags[name] = ask.text(t("ask.flag", label=t(f"flag.{name}"), flag=_flag(name)), check=_given)
    return list(flags.values())


def _flag(name: str) -> str:
    return f"--{name.replace('_', '-')}"


def _given(value: str) -> str:
    if not value:
        raise InvalidInput("ask.empty")
    return value


def hoist_global_options(args: list[str]) -> list[str]:
    """Move global options (and their values) found after the sub-command to the front,
    so `dvc-cli citizen add --lang en ...` works like `dvc-cli --lang en citizen add ...`."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_next = "=" not in arg and i + 1 < len(args)
            front.extend(args[i : i + 2] if takes_next else [arg])
            i += 2 if takes_next else 1
            continue
        rest.append(arg)
        i += 1
    return front + rest
