"""Walking the seven steps: forward, back with Esc, and stopping safely with Ctrl-C."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvc_cli import intake
from dvc_cli.errors import DvcError
from dvc_cli.strings import t
from dvc_cli.wizard import ask
from dvc_cli.wizard.steps import STEPS, Intake

if TYPE_CHECKING:
    from rich.console import Console

    from dvc_cli.desk import Desk


def _header(console: Console, index: int, key: str) -> None:
    from rich.rule import Rule

    console.print()
    console.print(Rule(t("wiz.step", n=index + 1, total=len(STEPS), title=t(key)), align="left"))
    console.print(t("wiz.keys_hint"), style="dim")


def walk(desk: Desk, console: Console, resume: str | None = None) -> str | None:
    """Run an intake from the start, or from where a saved draft stopped; return the receipt code,
    or None when the clerk leaves from the first step. Ctrl-C keeps the draft and says how to resume."""
    desk.office()  # an office must be set up before anything is asked (it issues the codes)
    it, index = Intake.resume(desk, console, resume) if resume else (Intake(desk, console), 0)
    if resume:
        console.print(t("wiz.resuming", number=it.dossier_id, name=it.citizen["name"]))
    going_back = False
    try:
        while index < len(STEPS):
            key, step = STEPS[index]
            _header(console, index, key)
            try:
                asked = step(it)
            except ask.Back:
                if index == 0:
                    _left(it)
                    return None
                index, going_back = index - 1, True
                continue
            except DvcError as error:  # a use-case refused: say why and ask this step again
                it.fail(error)
                continue
            if going_back and not asked and index > 0:
                index -= 1
                continue
            index, going_back = index + 1, False
            if it.dossier_id is not None and it.code is None:
                intake.save_wizard_step(desk, it.dossier_id, index)
    except KeyboardInterrupt:
        _left(it)
        raise
    return it.code


def _left(it: Intake) -> None:
    """Say what was kept and how to go on."""
    if it.dossier_id is not None and it.code is None:
        it.console.print(t("wiz.kept", number=it.dossier_id))
    elif it.citizen is not None and it.code is None:
        it.console.print(t("wiz.kept_citizen", name=it.citizen["name"]))
