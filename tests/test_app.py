"""The root command builds only the command being run, yet lists every command in `--help`, and
each command's help is word for word what it was when the root added them all up front with
`add_typer` / `command`."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from dvc_cli.app import COMMANDS, DeskGroup, app, build_command

ROOT = Path(__file__).resolve().parents[1]

ORDER = ["status", "wizard", "office", "citizen", "procedure", "agency", "dossier", "calendar", "import", "export", "bundle"]
"""Every root command, in the order `dvc-cli --help` has always listed them."""


def run_entry(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m dvc_cli ARGS` in a new interpreter, with no terminal (stdin and stdout are pipes)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    environment.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "80", "DVC_DB": str(tmp_path / "desk.sqlite3")})
    return subprocess.run([sys.executable, "-m", "dvc_cli", *args], capture_output=True, text=True, check=False,
                          stdin=subprocess.DEVNULL, env=environment, cwd=tmp_path, timeout=60)


def listed(help_text: str) -> list[str]:
    """The command names under `Commands:` in a help text."""
    section = help_text.split("Commands:\n", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ") and not line.startswith("   ")]


def test_help_of_the_real_entry_lists_every_command_in_order(tmp_path):
    result = run_entry(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert listed(result.stdout) == ORDER
    assert "  bundle     Gói dữ liệu máy lưu động ↔ bộ phận một cửa / Laptop-to-desk...\n" in result.stdout
    # `dvc-cli` alone in a pipe prints the same help
    bare = run_entry(tmp_path)
    assert (bare.returncode, bare.stdout) == (0, result.stdout)
    assert not (tmp_path / "desk.sqlite3").exists()


def test_the_table_holds_every_command_with_its_own_help():
    assert list(COMMANDS) == ORDER
    for name, entry in COMMANDS.items():
        command = build_command(name)
        assert (command.name, command.help) == (name, entry.help)


@pytest.mark.parametrize("width", [50, 80, 200])
def test_help_lists_what_typer_would_list_with_every_command_built(width):
    """The list in `--help` comes from the table; Typer's own writes it from the built commands."""
    group = typer.main.get_command(app)
    ctx = group.make_context("dvc-cli", [])
    lazy, eager = ctx.make_formatter(), ctx.make_formatter()
    lazy.width = eager.width = width
    group.format_commands(ctx, lazy)
    TyperGroup.format_commands(group, ctx, eager)
    assert lazy.getvalue() == eager.getvalue()
    assert listed(lazy.getvalue()) == ORDER


# --- each command's own help ------------------------------------------------------------------


@pytest.fixture(scope="module")
def eager() -> typer.Typer:
    """The root the way it used to be put together, for comparing help: every sub-app added with
    `add_typer` and every plain command with `command`, under the root's help settings."""
    reference = typer.Typer(rich_markup_mode=app.rich_markup_mode, context_settings=app.info.context_settings)
    for name, entry in COMMANDS.items():
        target = getattr(importlib.import_module(entry.module), entry.attribute)
        if isinstance(target, typer.Typer):
            reference.add_typer(target, name=name)
        else:
            reference.command(name)(target)
    return reference


def every_help_request() -> list[list[str]]:
    requests: list[list[str]] = []
    for name in COMMANDS:
        requests.append([name, "--help"])
        for sub in getattr(build_command(name), "commands", {}):
            requests.append([name, sub, "--help"])
    return requests


HELP_REQUESTS = every_help_request()


def test_every_sub_command_is_asked_for():
    assert len(HELP_REQUESTS) == len(ORDER) + 33  # the 33 sub-commands of the 9 sub-apps
    assert ["import", "citizens", "--help"] in HELP_REQUESTS and ["dossier", "payqr", "--help"] in HELP_REQUESTS


@pytest.mark.parametrize("args", HELP_REQUESTS, ids=" ".join)
def test_help_of_a_command_is_what_the_eager_root_gave(eager, args):
    runner = CliRunner()
    expected = runner.invoke(eager, args, prog_name="dvc-cli", env={"COLUMNS": "80"})
    assert expected.exit_code == 0 and expected.stdout.startswith(f"Usage: dvc-cli {' '.join(args[:-1])} ")
    for extra in ([], ["--lang", "en"], ["-h"]):
        result = runner.invoke(app, [*args, *extra], prog_name="dvc-cli", env={"COLUMNS": "80"})
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected.stdout, "")


def test_a_sub_app_help_is_plain_text(cli):
    """No rich panels: a sub-app gets the root's rendering, not Typer's default one."""
    assert cli.ok("citizen", "--help", env={"COLUMNS": "80"}).stdout == (
        "Usage: root citizen [OPTIONS] COMMAND [ARGS]...\n"
        "\n"
        "  Công dân / Citizens.\n"
        "\n"
        "Options:\n"
        "  -h, --help  Show this message and exit.\n"
        "\n"
        "Commands:\n"
        "  add   Đăng ký công dân mới / Register a new citizen.\n"
        "  show  Xem đầy đủ một công dân và các hồ sơ / Show one citizen and their...\n"
        "  find  Tìm công dân / Find citizens by name, phone or ID prefix.\n"
        "  edit  Sửa thông tin công dân / Correct a citizen's details.\n"
    )


# --- usage errors -----------------------------------------------------------------------------


def test_an_unknown_command_names_the_nearest_one(refuse):
    vi, en = refuse(2, ["citzen"], vi="Lệnh gõ chưa đúng: No such command 'citzen'.",
                    en="The command is not right: No such command 'citzen'.")
    if hasattr(typer.Typer(), "suggest_commands"):  # the Typer versions that suggest
        assert "Did you mean 'citizen'?" in vi and "Did you mean 'citizen'?" in en


def test_a_command_added_the_eager_way_is_refused():
    other = typer.Typer(cls=DeskGroup)
    other.command("extra")(lambda: None)
    other.callback()(lambda: None)
    with pytest.raises(TypeError, match="COMMANDS"):
        typer.main.get_command(other)
