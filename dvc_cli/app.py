"""The root command: global options, one sub-app per noun, and errors turned into exit codes.

The root is lazy: `dvc-cli citizen find X` imports and builds the `citizen` sub-app only, and
`dvc-cli --help` lists every command from the `COMMANDS` table without building any of them
(building the Click commands of every sub-app took Typer ~70 ms on each call)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from gettext import gettext as _
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from dvc_cli import __version__
from dvc_cli.errors import DvcError, InvalidInput
from dvc_cli.options import hoist_global_options, settings
from dvc_cli.output import print_error
from dvc_cli.strings import set_lang, t


class Entry(NamedTuple):
    """Where a root command lives, and its help as `dvc-cli --help` shows it."""

    module: str
    attribute: str
    """A Typer sub-app, or a function for a plain command."""
    help: str
    """The command's help, word for word (a test holds it to the module's)."""


COMMANDS = {
    # In the order `dvc-cli --help` has always listed them: the two plain commands, then one
    # sub-app per noun in the order a clerk meets them.
    "status": Entry("dvc_cli.commands.dossier", "status", "Tra cứu tình trạng hồ sơ / Check a dossier's status."),
    "wizard": Entry("dvc_cli.commands.wizard", "wizard", "Hướng dẫn tiếp nhận hồ sơ từng bước / Guided intake, step by step."),
    "office": Entry("dvc_cli.commands.office", "app", "Thông tin cơ quan / The office."),
    "citizen": Entry("dvc_cli.commands.citizen", "app", "Công dân / Citizens."),
    "procedure": Entry("dvc_cli.commands.procedure", "app", "Thủ tục hành chính / Administrative procedures."),
    "agency": Entry("dvc_cli.commands.procedure", "agency_app", "Cơ quan giải quyết / Handling agencies."),
    "dossier": Entry("dvc_cli.commands.dossier", "app", "Hồ sơ / Dossiers."),
    "calendar": Entry("dvc_cli.commands.calendar", "app", "Lịch làm việc / Working-day calendar."),
    "import": Entry("dvc_cli.commands.transfer", "import_app", "Nhập hàng loạt từ CSV, JSONL, Excel / Batch import."),
    "export": Entry("dvc_cli.commands.transfer", "export_app", "Xuất dữ liệu ra CSV, JSONL, Excel / Export."),
    "bundle": Entry("dvc_cli.commands.transfer", "bundle_app", "Gói dữ liệu máy lưu động ↔ bộ phận một cửa / Laptop-to-desk bundles."),
}
"""Every root command; add new ones here, not with `app.command()` or `app.add_typer()`."""


def build_command(name: str) -> Any:
    """Import the module of one root command and turn it into its Click command, exactly as
    `app.add_typer()` / `app.command()` on the root would: through a bare Typer carrying the
    settings Typer hands down from the root (its help rendering: no rich markup)."""
    entry = COMMANDS[name]
    # __import__ rather than importlib.import_module, whose imports `python -X importtime` does not list
    target = getattr(__import__(entry.module, fromlist=[entry.attribute]), entry.attribute)
    holder = typer.Typer(rich_markup_mode=app.rich_markup_mode, pretty_exceptions_short=app.pretty_exceptions_short)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    # get_group is the half of the public get_command that makes a group (get_command also adds
    # the completion options, which belong to the root only); same signature from typer 0.16 to 0.27.
    return typer.main.get_group(holder).commands[name]


class LazyCommands(Mapping[str, Any]):
    """The root's commands by name, in `COMMANDS` order, each built the first time it is asked for.
    Everything Typer reads from a group's `commands` (lookup, names for "Did you mean") works."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = build_command(name)
        return self._built[name]

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        # Mapping.get would turn a KeyError raised while building into "no such command"
        return self[name] if name in COMMANDS else default

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class DeskGroup(TyperGroup):
    """Accepts global options anywhere, turns domain errors into a message and an exit code, and
    builds only the command being run."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.commands:
            raise TypeError(f"root commands belong in COMMANDS (dvc_cli/app.py): {', '.join(self.commands)}")
        self.commands = LazyCommands()

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # by name: TyperGroup's own would build every command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `dvc-cli --help`, as Typer writes it, from `COMMANDS` alone."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [(name, TyperCommand(name=name, help=entry.help).get_short_help_str(limit)) for name, entry in COMMANDS.items()]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = hoist_global_options(list(args))
        ctx.meta["dvc_json"] = "--json" in args
        set_lang(_value_of("--lang", args))  # early, so errors raised before the callback are translated too
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DvcError as error:
            print_error(error, ctx.meta.get("dvc_json", False))
            raise typer.Exit(error.exit_code) from None
        except Exception as error:
            usage = _usage_error(error)
            if usage is None:
                raise
            print_error(usage, ctx.meta.get("dvc_json", False))
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            sys.stderr.write(t("interrupted") + "\n")
            raise typer.Exit(130) from None


def _value_of(option: str, args: list[str]) -> str | None:
    """The value given to `option` in `args` (`--opt V` or `--opt=V`), if any."""
    for i, arg in enumerate(args):
        if arg == option and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def _usage_error(error: Exception) -> InvalidInput | None:
    """Typer's own usage errors (unknown option, missing argument, bad value), in the user's language.
    They are recognised by shape, since Typer does not export their classes."""
    if getattr(error, "exit_code", None) != 2 or not hasattr(error, "format_message"):
        return None
    kind = type(error).__name__
    if kind == "NoSuchOption":
        return InvalidInput("usage.no_such_option", option=error.option_name)
    param = getattr(error, "param", None)
    if kind == "MissingParameter" and param is not None:
        is_option = bool(param.opts) and param.opts[0].startswith("-")
        return InvalidInput("usage.missing", param=" / ".join(param.opts) if is_option else param.name.upper())
    return InvalidInput("usage.other", detail=error.format_message())


app = typer.Typer(
    cls=DeskGroup,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="dvc-cli — trợ lý bộ phận một cửa cấp xã / assistant for the commune one-stop-shop desk.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"dvc-cli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Optional[Path], typer.Option("--db", envvar="DVC_DB", help="Tệp cơ sở dữ liệu / Database file.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", envvar="DVC_LANG", help="vi | en")] = None,
    clerk: Annotated[Optional[str], typer.Option("--clerk", envvar="DVC_CLERK", help="Tên cán bộ ghi vào nhật ký / Clerk name for the audit trail.")] = None,
    catalogue: Annotated[Optional[Path], typer.Option("--catalogue", envvar="DVC_CATALOGUE", help="Danh mục thủ tục riêng của cơ quan (YAML) / The office's own catalogue file.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Phiên bản / Version.")] = False,
) -> None:
    """dvc-cli — trợ lý bộ phận một cửa cấp xã / assistant for the commune one-stop-shop desk."""
    set_lang(lang)
    settings.db, settings.clerk, settings.catalogue = db, clerk, catalogue
    if ctx.invoked_subcommand is None:  # `dvc-cli` alone: the menu for people, the help for scripts
        from dvc_cli.wizard.ask import is_terminal

        if not is_terminal():
            print(ctx.get_help())
            raise typer.Exit()
        from dvc_cli.commands import wizard

        wizard.menu()


def main() -> None:
    """Console entry point: no traceback for the user unless DVC_DEBUG is set."""
    set_lang(None)
    try:
        app()
    except Exception:  # an unexpected failure: a bug, not the user's doing
        if os.environ.get("DVC_DEBUG"):
            raise
        sys.stderr.write(t("unexpected") + "\n")
        sys.exit(1)
