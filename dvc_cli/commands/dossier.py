"""`dvc-cli dossier` and `dvc-cli status`: open, attach, submit, move and look up dossiers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dvc_cli.commands import slips
from dvc_cli.options import JsonOpt, LimitOpt, NoteOpt, open_desk, require
from dvc_cli.output import Output, fee_text, label, show_day, show_fields, show_moment, show_table
from dvc_cli.rules.lifecycle import Status
from dvc_cli.strings import t

app = typer.Typer(help="Hồ sơ / Dossiers.", no_args_is_help=True)

RefArg = Annotated[str, typer.Argument(help="Mã hồ sơ hoặc số nháp (#12) / Receipt code or draft number.")]
KeyArg = Annotated[str, typer.Argument(help="Khóa giấy tờ, xem `procedure show` / Document key.")]


def _ref(view: dict[str, Any]) -> str:
    return view["code"] or f"#{view['id']}"


def _deadline(view: dict[str, Any]) -> str | None:
    """`26/11/2026 (còn 3 ngày)` or `… (quá hạn)`."""
    if not view["due_date"]:
        return None
    text = show_day(view["due_date"])
    if view["overdue"]:
        return f"{text} ({t('dossier.overdue')})"
    if view["days_left"] is not None:
        return f"{text} ({t('dossier.days_left', n=view['days_left'])})"
    return text


def render_dossier(console: Any, view: dict[str, Any]) -> None:
    """One dossier: summary, papers and history."""
    show_fields(console, f"{t('col.dossier')} {_ref(view)}", [
        (t("col.status"), f"{label(view['status_code'])} ({view['status_code']})"),
        (t("col.citizen"), f"{view['citizen']['name']} — {view['citizen']['personal_id']}"),
        (t("col.procedure"), f"{view['procedure']['code']} {view['procedure']['name']}"),
        (t("col.agency"), view["agency"]["name"]),
        (t("col.channel"), t(f"channel.{view['channel']}")),
        (t("col.delivery"), t(f"delivery.{view['delivery']}")),
        *([(t("col.delivery_address"), view["delivery_address"])] if view["delivery_address"] else []),
        (t("col.fee"), fee_text(view["fee"]["amount"], view["fee"]["mode"])),
        (t("col.payment"), slips.payment_text(view["payment"])),
        (t("col.received"), show_moment(view["received_at"])),
        (t("col.due"), _deadline(view)),
    ])
    files: dict[str, list[str]] = {}
    for a in view["attachments"]:
        files.setdefault(a["key"], []).append(f"{a['filename']} ({a['size']:,} B)")
    show_table(console, [t("col.key"), t("col.document"), t("col.required"), t("col.state")], [
        [d["key"], d["name"], t("word.required") if d["required"] else t("word.conditional"),
         "; ".join(files.get(d["key"], [])) or (t("doc.presented") if d["presented"] else
                                                 t("doc.missing") if d["required"] else "—")]
        for d in view["documents"]
    ], title=t("col.documents"))
    show_table(console, [t("col.time_at"), t("col.status"), t("col.clerk"), t("col.note")], [
        [show_moment(e["at"]), label(Status[e["to"]]), e["clerk"], e["note"]] for e in view["history"]
    ], title=t("col.history"))


def _show(out: Output, ref: str) -> dict[str, Any]:
    from dvc_cli.queries import dossier_view

    view = dossier_view(open_desk(), ref)
    out.emit(view, lambda c: render_dossier(c, view))
    return view


@app.command("new")
def new(
    citizen: Annotated[Optional[str], typer.Option("--citizen", help="Số định danh công dân / Citizen's ID.")] = None,
    procedure: Annotated[Optional[str], typer.Option("--procedure", help="Mã thủ tục / Procedure code.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", help="Mã cơ quan / Agency code.")] = None,
    channel: Annotated[str, typer.Option("--channel", help="direct | online | post")] = "direct",
    delivery: Annotated[str, typer.Option("--delivery", help="desk | post | online")] = "desk",
    attach: Annotated[Optional[list[str]], typer.Option("--attach", help="KEY=PATH, lặp lại được / repeatable.")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="Địa chỉ nhận kết quả qua bưu điện / Postal address.")] = None,
    json: JsonOpt = False,
) -> None:
    """Mở hồ sơ nháp / Open a draft dossier."""
    from dvc_cli import intake

    citizen, procedure = require(citizen=citizen, procedure=procedure)
    specs = [intake.parse_attach(s) for s in attach or []]
    dossier_id = intake.open_dossier(open_desk(), citizen, procedure, agency, channel, delivery, specs, address)
    out = Output(json)
    _show(out, str(dossier_id))
    out.note(t("dossier.opened", number=dossier_id))


@app.command("edit")
def edit(
    ref: RefArg,
    citizen: Annotated[Optional[str], typer.Option("--citizen", help="Đổi công dân / Another citizen.")] = None,
    procedure: Annotated[Optional[str], typer.Option("--procedure", help="Đổi thủ tục / Another procedure.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", help="Mã cơ quan / Agency code.")] = None,
    channel: Annotated[Optional[str], typer.Option("--channel", help="direct | online | post")] = None,
    delivery: Annotated[Optional[str], typer.Option("--delivery", help="desk | post | online")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="Địa chỉ nhận kết quả qua bưu điện / Postal address.")] = None,
    presented: Annotated[Optional[list[str]], typer.Option("--presented", help="Giấy tờ đã xuất trình bản chính (KEY).")] = None,
    not_presented: Annotated[Optional[list[str]], typer.Option("--not-presented", help="Bỏ ghi nhận xuất trình (KEY).")] = None,
    json: JsonOpt = False,
) -> None:
    """Sửa hồ sơ chưa tiếp nhận / Change a dossier before it is received."""
    from dvc_cli import intake

    shown = {key: True for key in presented or []} | {key: False for key in not_presented or []}
    row = intake.edit_draft(open_desk(), ref, intake.DraftChanges(
        citizen=citizen, procedure=procedure, agency=agency, channel=channel, delivery=delivery,
        address=address, presented=shown,
    ))
    out = Output(json)
    _show(out, row["code"] or str(row["id"]))
    out.note(t("dossier.edited"))


@app.command("attach")
def attach(ref: RefArg, key: KeyArg, path: Annotated[Path, typer.Argument(help="Tệp PDF/JPEG/PNG / File.")], json: JsonOpt = False) -> None:
    """Đính kèm bản chụp một giấy tờ / Attach a scan of one paper."""
    from dvc_cli import intake

    added = intake.attach(open_desk(), ref, key, path)
    out = Output(json)
    _show(out, ref)
    out.note(t("dossier.attached" if added else "dossier.already_attached", key=key))


@app.command("detach")
def detach(ref: RefArg, key: KeyArg, json: JsonOpt = False) -> None:
    """Gỡ các tệp đã đính kèm cho một giấy tờ / Remove the files attached to one paper."""
    from dvc_cli import intake

    count = intake.detach(open_desk(), ref, key)
    out = Output(json)
    _show(out, ref)
    out.note(t("dossier.detached", key=key, n=count))


@app.command("submit")
def submit(
    ref: RefArg,
    presented: Annotated[Optional[list[str]], typer.Option("--presented", help="Giấy tờ xuất trình bản chính (KEY), lặp lại được.")] = None,
    received_at: Annotated[Optional[str], typer.Option("--received-at", help="Nhập lại hồ sơ giấy: “DD/MM/YYYY HH:MM”.")] = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tiếp nhận: cấp mã hồ sơ và ngày hẹn trả / Intake: issue the receipt code and appointment date."""
    from dvc_cli import intake

    row = intake.submit(open_desk(), ref, presented, received_at, note or "")
    out = Output(json)
    _show(out, row["code"] or str(row["id"]))
    if row["code"]:
        out.note(t("dossier.submitted", code=row["code"], due=show_day(row["due_date"])))
        slips.auto_slip(out, row["code"], "receipt")
    else:  # a field device lodges the dossier: the desk issues the code
        out.note(t("dossier.lodged", number=row["id"]))


@app.command("move")
def move(
    ref: RefArg,
    to: Annotated[Optional[str], typer.Option("--to", help="Trạng thái mới (khóa hoặc số) / New state (key or code).")] = None,
    note: NoteOpt = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Lý do in trên phiếu bổ sung / từ chối / Reason printed on the supplement or refusal slip.")] = None,
    missing: Annotated[Optional[list[str]], typer.Option("--missing", help="Giấy tờ cần bổ sung (KEY), lặp lại được / Paper to supply (KEY), repeatable.")] = None,
    json: JsonOpt = False,
) -> None:
    """Chuyển trạng thái theo quy trình quốc gia / Move along the national lifecycle."""
    from dvc_cli import intake

    (to,) = require(to=to)
    row = intake.move(open_desk(), ref, to, note, reason, missing)
    out = Output(json)
    ref = row["code"] or f"#{row['id']}"
    _show(out, row["code"] or str(row["id"]))
    out.note(t("dossier.moved", status=label(row["status"])))
    kind = intake.NOTICE_OF.get(Status(row["status"]))
    if kind:
        slips.auto_slip(out, ref, kind)


@app.command("show")
def show(ref: RefArg, json: JsonOpt = False) -> None:
    """Xem đầy đủ một hồ sơ / Show one dossier in full."""
    _show(Output(json), ref)


@app.command("list")
def list_(
    status: Annotated[Optional[str], typer.Option("--status", help="Trạng thái (khóa hoặc số) / State.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Chỉ hồ sơ quá hạn / Only overdue ones.")] = False,
    citizen: Annotated[Optional[str], typer.Option("--citizen", help="Số định danh / Citizen's ID.")] = None,
    procedure: Annotated[Optional[str], typer.Option("--procedure", help="Mã thủ tục / Procedure code.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Từ ngày DD/MM/YYYY / Since date.")] = None,
    limit: LimitOpt = 100,
    json: JsonOpt = False,
) -> None:
    """Liệt kê hồ sơ, mới nhất trước / List dossiers, newest first."""
    from dvc_cli.queries import list_dossiers
    from dvc_cli.rules.dates import parse_date

    rows = list_dossiers(
        open_desk(), status, overdue, citizen, procedure,
        parse_date(since, allow_future=True) if since else None, limit,
    )
    Output(json).emit(rows, lambda c: render_list(c, rows))


def render_list(console: Any, rows: list[dict[str, Any]]) -> None:
    """Dossiers one per row: code, citizen (ID masked), procedure, state, appointment."""
    show_table(
        console, [t("col.code"), t("col.citizen"), t("col.procedure"), t("col.status"), t("col.due")],
        [[_ref(r), f"{r['citizen']['name']}\n{r['citizen']['personal_id']}", r["procedure"]["name"],
          label(r["status_code"]), _deadline(r)] for r in rows],
    )


def status(ref: RefArg, json: JsonOpt = False) -> None:
    """Tra cứu tình trạng hồ sơ / Check a dossier's status."""
    from dvc_cli.queries import status_view

    view = status_view(open_desk(), ref)
    Output(json).emit(view, lambda c: render_status(c, view))


def render_status(console: Any, view: dict[str, Any]) -> None:
    """What to tell a citizen who asks about their dossier (no personal data)."""
    show_fields(console, f"{t('col.dossier')} {_ref(view)}", [
        (t("col.status"), label(view["status_code"])),
        (t("col.procedure"), view["procedure"]["name"]),
        (t("col.received"), show_moment(view["received_at"])),
        (t("col.due"), _deadline(view)),
        (t("col.missing"), "; ".join(d["name"] for d in view["missing_documents"])),
        (t("col.payment"), slips.payment_text(view["payment"], private=False)),
    ])


slips.register(app)
