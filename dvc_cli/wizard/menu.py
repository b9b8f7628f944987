"""The main menu shown by `dvc-cli` with no arguments in a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvc_cli.errors import DvcError
from dvc_cli.output import error_message
from dvc_cli.strings import t
from dvc_cli.wizard import ask
from dvc_cli.wizard.walk import walk

if TYPE_CHECKING:
    from rich.console import Console

    from dvc_cli.desk import Desk

ITEMS = ("new", "status", "citizen", "draft", "today", "overdue", "quit")


def _status(desk: Desk, console: Console) -> None:
    from dvc_cli.commands.dossier import render_status
    from dvc_cli.queries import status_view

    render_status(console, status_view(desk, ask.text(t("menu.ask_code"))))


def _citizen(desk: Desk, console: Console) -> None:
    from dvc_cli.commands.citizen import render_list
    from dvc_cli.queries import find_citizens

    render_list(console, find_citizens(desk, ask.text(t("menu.ask_citizen"))))


def _draft(desk: Desk, console: Console) -> None:
    from dvc_cli.queries import list_dossiers

    drafts = list_dossiers(desk, status="draft", limit=30)
    if not drafts:
        console.print(t("menu.no_drafts"))
        return
    number = ask.choose(t("menu.pick_draft"), [
        (f"#{d['id']} · {d['citizen']['name']} · {d['procedure']['name']}", d["id"]) for d in drafts
    ])
    walk(desk, console, resume=f"#{number}")


def _dossiers(desk: Desk, console: Console, **filters: object) -> None:
    from dvc_cli.commands.dossier import render_list
    from dvc_cli.queries import list_dossiers

    render_list(console, list_dossiers(desk, **filters))


def main_menu(desk: Desk, console: Console) -> None:
    """Offer the everyday tasks until the clerk quits (or presses Esc / Ctrl-C)."""
    actions = {
        "new": lambda: walk(desk, console),
        "status": lambda: _status(desk, console),
        "citizen": lambda: _citizen(desk, console),
        "draft": lambda: _draft(desk, console),
        "today": lambda: _dossiers(desk, console, since=desk.today()),
        "overdue": lambda: _dossiers(desk, console, overdue=True),
    }
    while True:
        console.print()
        try:
            choice = ask.choose(t("menu.title"), [(t(f"menu.{item}"), item) for item in ITEMS])
        except ask.Back:
            return
        if choice == "quit":
            return
        try:
            actions[choice]()
        except ask.Back:
            continue
        except DvcError as error:
            console.print(f"[red]✗[/] {error_message(error)}")
