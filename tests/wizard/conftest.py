"""Driving the wizard and the menu with keystrokes: prompt_toolkit reads them from a pipe while the
real CLI runs on a real SQLite file. When the keys run out the pipe closes, which the wizard treats
like a closed terminal (it stops and keeps the draft), so a test can never hang."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import Result

ENTER = "\r"
ESC = "\x1b"
CTRL_C = "\x03"
DOWN = "\x1b[B"


def line(text: str) -> str:
    """Type `text` and press Enter."""
    return text + ENTER


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI believe a person sits at a terminal."""
    monkeypatch.setattr("dvc_cli.wizard.ask.is_terminal", lambda: True)


@pytest.fixture
def typed(cli, terminal) -> Callable[..., Result]:
    """`typed(*args, keys=...)`: run `dvc-cli ARGS` with `keys` typed at its prompts."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    def run(*args: object, keys: str, **kw: object) -> Result:
        with create_pipe_input() as keyboard, create_app_session(input=keyboard, output=DummyOutput()):
            keyboard.send_text(keys)
            keyboard.close()
            return cli(*args, **kw)

    return run
