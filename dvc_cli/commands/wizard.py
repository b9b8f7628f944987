"""`dvc-cli wizard`: the guided intake, one keyboard-only walk from citizen to receipt."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dvc_cli.errors import InvalidInput
from dvc_cli.options import open_desk
from dvc_cli.output import Output


def wizard(
    resume: Annotated[Optional[str], typer.Option("--resume", help="Tiếp tục hồ sơ nháp (số nháp, ví dụ 12) / Continue a saved draft.")] = None,
) -> None:
    """Hướng dẫn tiếp nhận hồ sơ từng bước / Guided intake, step by step."""
    from dvc_cli.wizard import ask
    from dvc_cli.wizard.walk import walk

    if not ask.is_terminal():
        raise InvalidInput("wizard.no_terminal")
    walk(open_desk(), Output().console, resume)


def menu() -> None:
    """The main menu, for `dvc-cli` with no arguments in a terminal."""
    from dvc_cli.wizard.menu import main_menu

    main_menu(open_desk(), Output().console)
