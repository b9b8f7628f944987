"""The root command: global options, one sub-app per noun, and errors turned into exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from dvc_cli import __version__
from dvc_cli.commands import calendar, citizen, dossier, office, procedure, transfer, wizard
from dvc_cli.errors import DvcError, InvalidInput
from dvc_cli.options import hoist_global_options, settings
from dvc_cli.output import print_error
from dvc_cli.strings import set_lang, t


class DeskGroup(TyperGroup):
    """Accepts global options anywhere and turns domain errors into a message and an exit code."""

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

# One sub-app per noun, in the order a clerk meets them.
app.add_typer(office.app, name="office")
app.add_typer(citizen.app, name="citizen")
app.add_typer(procedure.app, name="procedure")
app.add_typer(procedure.agency_app, name="agency")
app.add_typer(dossier.app, name="dossier")
app.add_typer(calendar.app, name="calendar")
app.add_typer(transfer.import_app, name="import")
app.add_typer(transfer.export_app, name="export")
app.add_typer(transfer.bundle_app, name="bundle")
app.command("status")(dossier.status)
app.command("wizard")(wizard.wizard)


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
