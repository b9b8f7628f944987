"""Start-up cost is a feature: `--help` and a status lookup must not import the heavy modules.

Each check runs the real entry point in a fresh interpreter and lists the modules it loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import NOW, received

ROOT = Path(__file__).resolve().parents[1]

RUNNER = textwrap.dedent("""\
    import json, sys
    out = sys.argv[1]
    sys.argv = ["dvc-cli", *sys.argv[2:]]
    code = 0
    try:
        from dvc_cli.app import main
        main()
    except SystemExit as exit:
        code = exit.code or 0
    finally:
        with open(out, "w") as handle:
            json.dump({"code": code, "modules": sorted(sys.modules)}, handle)
""")

HEAVY_FOR_HELP = ("questionary", "qrcode", "yaml", "holidays", "sqlite_utils", "prompt_toolkit")
HEAVY_FOR_STATUS = ("questionary", "qrcode", "yaml", "holidays", "prompt_toolkit")


def loaded(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, set[str], str]:
    """Run `dvc-cli ARGS` in a new interpreter; return its exit code, the top-level packages it
    imported, and its stdout."""
    code, modules, stdout = loaded_modules(tmp_path, *args, env=env)
    return code, {name.split(".")[0] for name in modules}, stdout


def loaded_modules(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, set[str], str]:
    """Run `dvc-cli ARGS` in a new interpreter; return its exit code, every module it imported,
    and its stdout."""
    out = tmp_path / "modules.json"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    environment.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})})
    result = subprocess.run([sys.executable, "-c", RUNNER, str(out), *args], capture_output=True, text=True, check=False,
                            env=environment, cwd=tmp_path, timeout=60)
    report = json.loads(out.read_text())
    return report["code"], set(report["modules"]), result.stdout


def test_help_imports_nothing_heavy(tmp_path):
    code, modules, stdout = loaded(tmp_path, "--help")
    assert code == 0 and "dossier" in stdout
    assert "dvc_cli" in modules and "typer" in modules  # the check itself sees imports
    assert sorted(modules & set(HEAVY_FOR_HELP)) == []


@pytest.mark.parametrize("args", [["dossier", "--help"], ["citizen", "add", "--help"], ["--version"],
                                  ["wizard", "--help"], []])
def test_sub_command_help_imports_nothing_heavy(tmp_path, args):
    code, modules, _ = loaded(tmp_path, *args)
    assert code == 0
    assert sorted(modules & set(HEAVY_FOR_HELP)) == []


def test_status_lookup_imports_nothing_heavy(cli, desk, tmp_path, db):
    view = received(cli)
    env = {"DVC_DB": str(db), "DVC_NOW": NOW}
    code, modules, stdout = loaded(tmp_path, "status", view["code"], "--json", env=env)
    assert code == 0
    assert json.loads(stdout)["code"] == view["code"]
    assert "sqlite3" in modules
    assert sorted(modules & set(HEAVY_FOR_STATUS)) == []
    # the human view too
    code, modules, stdout = loaded(tmp_path, "status", view["code"], env=env)
    assert code == 0 and "Được tiếp nhận" in stdout
    assert sorted(modules & set(HEAVY_FOR_STATUS)) == []


@pytest.mark.parametrize("args, modules", [
    (["--help"], set()),
    ([], set()),
    (["--version"], set()),
    (["status", "NOPE", "--json"], {"dossier", "slips"}),  # `dvc-cli dossier slip` and co. live in slips
    (["citizen", "find", "An", "--json"], {"citizen"}),
    (["import", "citizens", "--help"], {"transfer"}),
    (["agency", "list", "--json"], {"procedure"}),
    (["wizard"], {"wizard"}),
    (["nosuch"], set()),
])
def test_a_command_imports_only_its_own_commands_module(tmp_path, args, modules):
    """The root builds only the command being run: the other command modules are not even imported."""
    env = {"DVC_DB": str(tmp_path / "desk.sqlite3"), "DVC_NOW": NOW}
    _, imported, _ = loaded_modules(tmp_path, *args, env=env)
    commands = {name.removeprefix("dvc_cli.commands.") for name in imported if name.startswith("dvc_cli.commands.")}
    assert commands == modules


def test_python_dash_m_works(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    environment["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "dvc_cli", "--version"], capture_output=True, text=True, check=False,
                            env=environment, cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("dvc-cli ")


def test_an_unexpected_error_is_one_line_without_traceback(tmp_path):
    """Exit 1 and a plain sentence for a failure no user input explains (here: a database file
    that is not a database)."""
    bogus = tmp_path / "not-a-db.sqlite3"
    bogus.write_bytes(b"this is not sqlite" * 100)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    environment.update({"PYTHONPATH": str(ROOT), "DVC_DB": str(bogus)})
    result = subprocess.run([sys.executable, "-m", "dvc_cli", "office", "show"], capture_output=True, text=True, check=False,
                            env=environment, cwd=tmp_path, timeout=60)
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.strip()
