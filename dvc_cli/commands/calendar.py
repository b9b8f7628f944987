"""`dvc-cli calendar`: national holidays and the office's own days off and extra working days."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from dvc_cli.options import JsonOpt, NoteOpt, open_desk
from dvc_cli.output import Output, show_day, show_table
from dvc_cli.rules.dates import show_date
from dvc_cli.strings import t

app = typer.Typer(help="Lịch làm việc / Working-day calendar.", no_args_is_help=True)

DateArg = Annotated[str, typer.Argument(help="Ngày DD/MM/YYYY / Date.")]


def _render(view: dict[str, Any]):
    def render(console: Any) -> None:
        show_table(console, [t("col.date"), t("col.holiday")], [
            [show_day(h["date"]), h["name"]] for h in view["holidays"]
        ], title=t("calendar.national", year=view["year"]))
        show_table(console, [t("col.date"), t("col.kind"), t("col.note"), t("col.clerk")], [
            [show_day(o["date"]), t("calendar.off" if o["off"] else "calendar.work"),
             o["note"], o["clerk"]] for o in view["office"]
        ], title=t("calendar.office", year=view["year"]))
    return render


@app.command("show")
def show(
    year: Annotated[Optional[int], typer.Option("--year", min=1990, max=2100, help="Năm / Year.")] = None,
    json: JsonOpt = False,
) -> None:
    """Ngày nghỉ lễ quốc gia và ngày riêng của cơ quan / Holidays and the office's own days."""
    from dvc_cli.queries import calendar_view

    desk = open_desk()
    view = calendar_view(desk, year or desk.today().year)
    Output(json).emit(view, _render(view))


def _set(day: str, is_off: bool, note: str | None, json: bool) -> None:
    from dvc_cli import intake

    parsed = intake.set_calendar_day(open_desk(), day, is_off, note)
    out = Output(json)
    out.emit({"date": parsed.isoformat(), "off": is_off}, lambda c: c.print(
        t("calendar.set_off" if is_off else "calendar.set_work", day=show_date(parsed))))


@app.command("off")
def off(day: DateArg, note: NoteOpt = None, json: JsonOpt = False) -> None:
    """Đánh dấu ngày nghỉ riêng của cơ quan / Mark an office day off."""
    _set(day, True, note, json)


@app.command("work")
def work(day: DateArg, note: NoteOpt = None, json: JsonOpt = False) -> None:
    """Đánh dấu ngày làm việc bù / Mark an extra working day."""
    _set(day, False, note, json)
