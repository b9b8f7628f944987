"""Questions asked in a terminal: Esc goes back a step, Ctrl-C (or a closed terminal) interrupts.

A wrong answer is re-asked with the reason printed above the question, so the reason stays
visible on screen and in the scrollback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from dvc_cli.errors import DvcError
from dvc_cli.output import error_message
from dvc_cli.strings import t

T = TypeVar("T")


class Back(Exception):
    """The user pressed Esc: go back to the previous question or step."""


def is_terminal() -> bool:
    """True when a person is at the keyboard (stdin and stdout are both a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _run(question: Any) -> Any:
    """Ask a questionary question with Esc bound to `Back`; a closed input counts as Ctrl-C."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    keys = KeyBindings()

    @keys.add("escape", eager=True)
    def _back(event: Any) -> None:
        event.app.exit(exception=Back())

    application = question.application
    application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), keys])
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def _say_wrong(reason: str) -> None:
    from rich.console import Console

    Console(highlight=False).print(f"[red]✗[/] {reason}", markup=True)


def checked(ask: Callable[[], str], check: Callable[[str], T] | None) -> T | str:
    """Ask until `check` accepts the answer (it raises a DvcError with the reason otherwise)."""
    while True:
        answer = ask()
        if check is None:
            return answer
        try:
            return check(answer)
        except DvcError as error:
            _say_wrong(error_message(error))


def text(message: str, *, default: str = "", check: Callable[[str], T] | None = None,
         completer: Any = None) -> T | str:
    """A line of text; `check` turns it into a value or refuses it with a reason."""
    import questionary

    extra = {"completer": completer, "complete_while_typing": True} if completer is not None else {}
    return checked(lambda: _run(questionary.text(message, default=default or "", **extra)).strip(), check)


def path(message: str, *, check: Callable[[str], T]) -> T:
    """A file path with Tab completion; quotes from drag-and-drop and a leading ~ are handled."""
    import questionary

    def clean(raw: str) -> str:
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
            raw = raw[1:-1]
        return str(Path(raw).expanduser()) if raw else raw

    return checked(lambda: clean(_run(questionary.path(message))), check)


def choose(message: str, options: Sequence[tuple[str, T]], default: T | None = None,
           keys: Sequence[str | None] = (), hint: str | None = None) -> T:
    """One of `options` (label, value), by arrows or by its number (or its own key from `keys`)."""
    import questionary

    given = list(keys) + [None] * (len(options) - len(keys))
    choices = [questionary.Choice(label, value=value, shortcut_key=key if key else True)
               for (label, value), key in zip(options, given)]
    chosen = next((c for c in choices if c.value == default), None) if default is not None else None
    return _run(questionary.select(
        message, choices, default=chosen, use_shortcuts=len(choices) <= 36, use_jk_keys=False,
        instruction=hint or t("ask.choose_hint"),
    ))


def pick(message: str, options: Sequence[tuple[str, T]], ticked: Sequence[T] = ()) -> list[T]:
    """Any number of `options`: each choice ticks or unticks one; "done" (the default) ends."""
    chosen = [value for _, value in options if value in ticked]
    done = object()
    while True:
        answer = choose(message, [
            (t("ask.done", n=len(chosen)), done),
            *((("☒ " if value in chosen else "☐ ") + label, value) for label, value in options),
        ])
        if answer is done:
            return chosen
        chosen = [v for v in chosen if v != answer] if answer in chosen else [*chosen, answer]


def yes(message: str, *, default: bool = True) -> bool:
    """Yes or no: Enter for the default, or the first letter of the answer (c/k, y/n)."""
    options = [(t("word.yes"), True), (t("word.no"), False)]
    hint = t("ask.yes_hint" if default else "ask.no_hint")
    return choose(message, options, default=default, keys=[t("ask.yes_key"), t("ask.no_key")], hint=hint)
