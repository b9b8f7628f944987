"""`dvc-cli procedure` and `dvc-cli agency`: the catalogue of administrative procedures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from dvc_cli.options import JsonOpt, LimitOpt, open_desk
from dvc_cli.output import Output, days_text, fee_text, show_fields, show_table
from dvc_cli.strings import t

if TYPE_CHECKING:
    from rich.console import Console

    from dvc_cli.catalogue import Catalogue, Procedure

app = typer.Typer(help="Thủ tục hành chính / Administrative procedures.", no_args_is_help=True)
agency_app = typer.Typer(help="Cơ quan giải quyết / Handling agencies.", no_args_is_help=True)


def _rows(procedures: list[Procedure]) -> list[list[object]]:
    return [[p.code, p.name, days_text(p.processing_days), fee_text(p.fee.amount, p.fee.mode)] for p in procedures]


def _columns() -> list[str]:
    return [t("col.code"), t("col.procedure"), t("col.time"), t("col.fee")]


def render_procedure(console: Console, catalogue: Catalogue, proc: Procedure, brief: bool = False) -> None:
    """Everything to tell the citizen about one procedure: facts, then its papers. `brief` (the
    wizard) leaves out the sources and the document keys to fit a small terminal."""
    facts = [
        (t("col.field"), proc.field),
        (t("col.time"), days_text(proc.processing_days) + (f" ({proc.processing_note})" if proc.processing_note else "")),
        (t("col.fee"), fee_text(proc.fee.amount, proc.fee.mode)),
        (t("col.exemptions"), proc.fee.exemptions),
        (t("col.fee_note"), proc.fee.note),
        (t("col.in_person"), t("word.yes") if proc.in_person else t("word.no")),
        (t("col.online"), t(f"online.{proc.online}")),
        (t("col.agencies"), "; ".join(catalogue.agency(a).name for a in proc.agencies)),
        (t("col.result"), proc.result),
        (t("col.source"), proc.source),
    ]
    show_fields(console, f"{proc.code} — {proc.name}", [f for f in facts if not brief or f[0] != t("col.source")])
    skip = 1 if brief else 0
    show_table(console, [t("col.key"), t("col.document"), t("col.form"), t("col.required")][skip:], [
        [d.key, d.name + (f" — {d.note}" if d.note else ""), t(f"form.{d.form}"),
         t("word.required") if d.required else t("word.conditional")][skip:]
        for d in proc.documents
    ], title=t("col.documents"), keep_first=not brief)


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Vài từ, có dấu hoặc không / A few words, with or without diacritics.")],
    limit: LimitOpt = 10,
    json: JsonOpt = False,
) -> None:
    """Tìm thủ tục theo vài từ hoặc mã / Find a procedure by a few words or its code."""
    found = open_desk().catalogue.search(query, limit)
    Output(json).emit([p.to_json() for p in found], lambda c: show_table(c, _columns(), _rows(found)))


@app.command("list")
def list_(
    field: Annotated[Optional[str], typer.Option("--field", help="Lĩnh vực, ví dụ “Hộ tịch” / Field.")] = None,
    json: JsonOpt = False,
) -> None:
    """Liệt kê thủ tục / List procedures."""
    catalogue = open_desk().catalogue
    found = catalogue.in_field(field) if field else list(catalogue.procedures.values())
    Output(json).emit([p.to_json() for p in found], lambda c: show_table(c, _columns(), _rows(found)))


@app.command("show")
def show(
    code: Annotated[str, typer.Argument(help="Mã thủ tục, ví dụ 1.001193 / Procedure code.")],
    json: JsonOpt = False,
) -> None:
    """Mọi điều cần nói với công dân về một thủ tục / Everything to tell the citizen about a procedure."""
    catalogue = open_desk().catalogue
    proc = catalogue.get(code)
    Output(json).emit(proc.to_json(), lambda c: render_procedure(c, catalogue, proc))


@agency_app.command("list")
def agency_list(json: JsonOpt = False) -> None:
    """Liệt kê cơ quan giải quyết / List handling agencies."""
    agencies = list(open_desk().catalogue.agencies.values())
    Output(json).emit(
        [{"code": a.code, "name": a.name, "note": a.note} for a in agencies],
        lambda c: show_table(c, [t("col.code"), t("col.agency")], [[a.code, a.name] for a in agencies]),
    )
