"""`dvc-cli import`, `dvc-cli export` and `dvc-cli bundle`: batch files and laptop-to-desk bundles.

Exit codes beyond the common ones: 5 = some rows were rejected (see --errors); without --partial
nothing was written then.
"""

from __future__ import annotations

import json as jsonlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dvc_cli.options import JsonOpt, open_desk, require
from dvc_cli.output import Output, show_fields
from dvc_cli.strings import t

ROWS_REJECTED = 5
"""Exit code of an import in which some rows were rejected."""

import_app = typer.Typer(help="Nhập hàng loạt từ CSV, JSONL, Excel / Batch import.", no_args_is_help=True)
export_app = typer.Typer(help="Xuất dữ liệu ra CSV, JSONL, Excel / Export.", no_args_is_help=True)
bundle_app = typer.Typer(help="Gói dữ liệu máy lưu động ↔ bộ phận một cửa / Laptop-to-desk bundles.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="Tệp CSV, JSONL hoặc XLSX / The file.")]
FormatOpt = Annotated[Optional[str], typer.Option("--format", help="csv | jsonl | xlsx (mặc định: theo tệp / default: from the file).")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Chỉ kiểm tra, không ghi gì / Check only, change nothing.")]
ConflictOpt = Annotated[str, typer.Option("--on-conflict", help="skip | update | fail: khi đã có bản ghi khác thông tin / when a record exists with other details.")]
ErrorsOpt = Annotated[Optional[Path], typer.Option("--errors", help="Ghi các dòng bị từ chối và lý do vào tệp này (CSV hoặc .jsonl) / Write rejected rows here.")]
PartialOpt = Annotated[bool, typer.Option("--partial", help="Vẫn ghi các dòng hợp lệ khi có dòng bị từ chối / Write the good rows even if some are rejected.")]
OutOpt = Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp ghi ra (mặc định: stdout) / Output file.")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="Từ ngày DD/MM/YYYY / Since date.")]
StatusOpt = Annotated[Optional[str], typer.Option("--status", help="Trạng thái (khóa hoặc số) / State.")]
ExportFormatOpt = Annotated[str, typer.Option("--format", help="csv | jsonl | xlsx")]


@contextmanager
def _progress(out: Output, what: str) -> Iterator[Any]:
    """A rich progress bar on a terminal (stderr); nothing in pipes, scripts or with --json."""
    if out.as_json or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=out.err, transient=True) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _run_import(kind: str, file: Path, format: str | None, dry_run: bool, on_conflict: str,
                errors: Path | None, partial: bool, json: bool) -> None:
    from dvc_cli.transfer import importer

    desk = open_desk()
    out = Output(json)
    run = importer.import_citizens if kind == "citizens" else importer.import_dossiers
    with _progress(out, t(f"import.progress.{kind}")) as tick:
        report = run(desk, file, format, on_conflict, dry_run, partial, tick)
    if errors is not None:
        importer.write_errors(report, errors)
    summary = report.summary()
    if json:
        sys.stdout.write(jsonlib.dumps(summary, ensure_ascii=False) + "\n")
    else:
        show_fields(out.console, t(f"import.title.{kind}", file=file.name), [
            (t("import.count.rows"), summary["rows"]),
            (t("import.count.added"), summary["added"]),
            (t("import.count.updated"), summary["updated"]),
            (t("import.count.unchanged"), summary["unchanged"]),
            (t("import.count.skipped"), summary["skipped"]),
            (t("import.count.rejected"), summary["rejected"]),
        ])
    if report.unknown_columns:
        out.warn(t("import.unknown_columns", columns=", ".join(report.unknown_columns)))
    if report.rejected:
        lines = summary["rejected_lines"]
        shown = ", ".join(map(str, lines[:20])) + (" …" if len(lines) > 20 else "")
        out.warn(t("import.rejected_lines", n=len(lines), lines=shown))
        if errors is None:
            out.warn(t("import.errors_hint"))
    if dry_run:
        out.note(t("import.dry_run"))
    elif report.written:
        out.note(t("import.written"))
    else:
        out.note(t("import.nothing_written"))
    if report.rejected:
        raise typer.Exit(ROWS_REJECTED)


@import_app.command("citizens")
def import_citizens(
    file: FileArg, format: FormatOpt = None, dry_run: DryRunOpt = False, on_conflict: ConflictOpt = "skip",
    errors: ErrorsOpt = None, partial: PartialOpt = False, json: JsonOpt = False,
) -> None:
    """Nhập danh sách công dân / Import citizens."""
    _run_import("citizens", file, format, dry_run, on_conflict, errors, partial, json)


@import_app.command("dossiers")
def import_dossiers(
    file: FileArg, format: FormatOpt = None, dry_run: DryRunOpt = False, on_conflict: ConflictOpt = "skip",
    errors: ErrorsOpt = None, partial: PartialOpt = False, json: JsonOpt = False,
) -> None:
    """Nhập hồ sơ (mở, đính kèm, tiếp nhận) / Import dossiers (open, attach, submit)."""
    _run_import("dossiers", file, format, dry_run, on_conflict, errors, partial, json)


# --- export -----------------------------------------------------------------------------------


def _run_export(what: str, format: str, output: Path | None, since: str | None, status: str | None, json: bool) -> None:
    from dvc_cli.transfer.exporter import export

    if json and output is None:
        from dvc_cli.errors import InvalidInput

        raise InvalidInput("export.json_needs_file")
    result = export(open_desk(), what, format, output, since, status)
    out = Output(json)
    if output is not None:
        if json:
            sys.stdout.write(jsonlib.dumps(result, ensure_ascii=False) + "\n")
        out.note(t("export.done", n=result["rows"], file=str(output)))


@export_app.command("citizens")
def export_citizens(format: ExportFormatOpt = "csv", output: OutOpt = None, since: SinceOpt = None,
                    status: StatusOpt = None, json: JsonOpt = False) -> None:
    """Xuất danh sách công dân / Export citizens."""
    _run_export("citizens", format, output, since, status, json)


@export_app.command("dossiers")
def export_dossiers(format: ExportFormatOpt = "csv", output: OutOpt = None, since: SinceOpt = None,
                    status: StatusOpt = None, json: JsonOpt = False) -> None:
    """Xuất danh sách hồ sơ / Export dossiers."""
    _run_export("dossiers", format, output, since, status, json)


@export_app.command("book")
def export_book(format: ExportFormatOpt = "csv", output: OutOpt = None, since: SinceOpt = None,
                status: StatusOpt = None, json: JsonOpt = False) -> None:
    """Sổ theo dõi hồ sơ / The dossier tracking book."""
    _run_export("book", format, output, since, status, json)


# --- bundles ----------------------------------------------------------------------------------


@bundle_app.command("export")
def bundle_export(output: OutOpt = None, since: SinceOpt = None, json: JsonOpt = False) -> None:
    """Đóng gói dữ liệu mới từ lần trước để mang về bộ phận một cửa / Pack what changed since the last bundle."""
    from dvc_cli.transfer import bundle

    output = Path(require(output=output)[0])
    result = bundle.export_bundle(open_desk(), output, since)
    out = Output(json)
    out.emit(result, lambda c: show_fields(c, t("bundle.title", file=output.name), [
        (t("bundle.count.citizens"), result["counts"]["citizens"]),
        (t("bundle.count.dossiers"), result["counts"]["dossiers"]),
        (t("bundle.count.files"), result["counts"]["files"]),
        (t("bundle.since"), result["since"] or t("bundle.since_all")),
    ]))
    out.note(t("bundle.exported", file=str(output)))


@bundle_app.command("import")
def bundle_import(file: Annotated[Path, typer.Argument(help="Tệp .zip / The bundle.")],
                  dry_run: DryRunOpt = False, json: JsonOpt = False) -> None:
    """Nhận gói dữ liệu từ máy lưu động / Merge a bundle from a field device."""
    from dvc_cli.transfer import bundle

    result = bundle.import_bundle(open_desk(), file, dry_run)
    out = Output(json)
    c = result["counts"]
    out.emit(result, lambda console: show_fields(console, t("bundle.title", file=file.name), [
        (t("bundle.count.citizens_added"), c["citizens_added"]),
        (t("bundle.count.citizens_updated"), c["citizens_updated"]),
        (t("bundle.count.dossiers_added"), c["dossiers_added"]),
        (t("bundle.count.dossiers_updated"), c["dossiers_updated"]),
        (t("bundle.count.unchanged"), c["unchanged"]),
        (t("bundle.count.kept"), c["kept_desk_version"]),
        (t("bundle.count.files"), c["files_added"]),
    ]))
    if c["kept_desk_version"]:
        out.warn(t("bundle.kept", n=c["kept_desk_version"]))
    if result["registered"]:
        out.note(t("bundle.registered_hint", n=result["registered"]))
    out.note(t("import.dry_run") if dry_run else t("bundle.imported"))
