"""`dvc-cli dossier slip | fee | pay | payqr | reschedule`: printed slips, fees and payment.

The commands are registered on the `dossier` sub-app (see `register`); the office's slip setting
(`office set --slips pdf|ask|off`) is applied after intake and after the moves that issue a slip
by `auto_slip`, which never makes the committed command fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dvc_cli.options import JsonOpt, open_desk, require
from dvc_cli.output import Output, error_message, fee_text, show_day, show_fields, show_moment
from dvc_cli.strings import t

RefArg = Annotated[str, typer.Argument(help="Mã hồ sơ hoặc số nháp (#12) / Receipt code or draft number.")]
ReasonOpt = Annotated[Optional[str], typer.Option("--reason", help="Lý do / Reason.")]


# --- printing ---------------------------------------------------------------------------------


def slip_path(desk: Any, ref: str, kind: str) -> Path:
    """Where a slip is saved when no file is named: the office's slip folder (default: a folder
    beside the database), one file per dossier and kind."""
    folder = desk.store.office().get("slip_dir") or desk.store.path.with_suffix(".slips")
    return Path(folder) / f"{ref.lstrip('#')}-{kind}.pdf"


def save_slip(desk: Any, ref: str, kind: str, path: Path, paper: str | None = None,
              font: str | None = None) -> tuple[Any, Path, str]:
    """Build the slip, render it to PDF, write it (atomically) and audit the print."""
    from dvc_cli import fonts, pdf, qr, slips
    from dvc_cli.export import write_atomic
    from dvc_cli.intake import PAPERS, check_choice

    office = desk.store.office()
    paper = check_choice("--paper", paper, PAPERS) if paper else office.get("paper") or "a5"
    dossier, slip = slips.build(desk, ref, kind)
    pair = fonts.find(font, office.get("font"))
    data = pdf.render(slip, pair, paper, qr.matrix(slip.code) if slip.code else None)
    written = write_atomic(path, data)
    slips.record_print(desk, dossier, slip.kind, str(written))
    return slip, written, paper


def _open(path: Path, out: Output) -> None:
    """Open a saved file in the desktop's viewer (for printing)."""
    try:
        if sys.platform == "win32":
            os.startfile(str(path))  # type: ignore[attr-defined]
        else:
            opener = "open" if sys.platform == "darwin" else "xdg-open"
            subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        out.warn(t("slip.open_failed", path=path))


def auto_slip(out: Output, ref: str, kind: str) -> None:
    """After a committed intake or move: print its slip per the office's setting. Whatever goes
    wrong here is a warning with the command to print later; the command itself stands."""
    from dvc_cli.errors import DvcError

    hint = t("slip.hint_kind", ref=ref, kind=kind)
    try:
        desk = open_desk()
        mode = desk.store.office().get("slips") or "ask"
        if mode == "off":
            return
        path = slip_path(desk, ref, kind)
        if mode == "ask" and not _offered(out, t("slip.offer", path=path)):
            out.note(hint)
            return
        _, written, _ = save_slip(desk, ref, kind, path)
        out.note(t("slip.written", path=written))
    except DvcError as error:
        out.warn(t("slip.auto_failed", reason=error_message(error), code=ref))
    except Exception as error:  # noqa: BLE001 - the intake is committed: never fail it afterwards
        out.warn(t("slip.auto_failed", reason=str(error) or type(error).__name__, code=ref))


def _offered(out: Output, question: str) -> bool:
    """Ask in a terminal whether to print now (Esc or Ctrl-C mean no); never in scripts."""
    from dvc_cli.wizard import ask

    if out.as_json or not ask.is_terminal():
        return False
    try:
        return ask.yes(question)
    except (ask.Back, KeyboardInterrupt):
        return False


def render_slip(console: Any, slip: Any) -> None:
    """A slip on the terminal: the same blocks as the PDF, then its QR code in block characters."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from dvc_cli import qr

    head = Table.grid(expand=True)
    head.add_column(justify="center", ratio=2)
    head.add_column(justify="center", ratio=3)
    left = "\n".join(x for x in (slip.office.upper(), slip.unit, slip.number) if x)
    head.add_row(Text(left, style="bold"), Text(f"{t('slip.motto.1')}\n{t('slip.motto.2')}\n{slip.date_line}"))
    parts: list[Any] = [head, Text(""), Text(slip.title, style="bold", justify="center")]
    if slip.subtitle:
        parts.append(Text(slip.subtitle, style="bold", justify="center"))
    parts.append(Text(""))
    for kind, *rest in slip.blocks:
        if kind == "field":
            grid = Table.grid(padding=(0, 1))
            grid.add_column()
            grid.add_column(style="bold")
            grid.add_row(*rest)
            parts.append(grid)
        elif kind == "text":
            parts.append(Text(rest[0], style="bold" if rest[1:] and rest[1] else ""))
        elif kind == "table":
            table = Table(*rest[0], show_lines=False)
            for row in rest[1]:
                table.add_row(*row)
            parts.append(table)
    signs = Table.grid(expand=True)
    signs.add_column(justify="center")
    signs.add_column(justify="center")
    signs.add_row(*(Text(f"{title}\n{hint}\n\n{name}", style="bold") for title, hint, name in slip.signatures[:2]))
    parts.extend([Text(""), signs])
    console.print(Panel(Group(*parts), expand=False, width=min(console.width, 100)))
    if slip.code:
        console.print(qr.terminal(slip.code), markup=False, highlight=False, crop=False, soft_wrap=True)
        console.print(slip.code, markup=False)
        if slip.qr_caption:
            console.print(slip.qr_caption, markup=False)


# --- commands ---------------------------------------------------------------------------------


def slip(
    ref: RefArg,
    kind: Annotated[Optional[str], typer.Option("--kind", help="receipt | supplement | refusal | apology")] = None,
    pdf: Annotated[Optional[Path], typer.Option("--pdf", help="Lưu ra tệp PDF / Save to a PDF file.")] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="a5 | a4")] = None,
    font: Annotated[Optional[str], typer.Option("--font", help="Tệp phông TrueType / TrueType font file (DVC_FONT).")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Mở tệp PDF để in / Open the PDF to print it.")] = False,
    json: JsonOpt = False,
) -> None:
    """In phiếu: giấy tiếp nhận, yêu cầu bổ sung, từ chối, xin lỗi hẹn lại / Print a slip."""
    from dvc_cli import slips

    (kind,) = require(kind=kind)
    kind = slips.check_kind(kind)
    desk = open_desk()
    out = Output(json)
    if pdf is None and not open_:
        dossier, built = slips.build(desk, ref, kind)
        slips.record_print(desk, dossier, kind, "terminal")
        out.emit(built.json(), lambda c: render_slip(c, built))
        return
    dossier = desk.dossier(ref)
    target = pdf or slip_path(desk, dossier["code"] or f"#{dossier['id']}", kind)
    built, written, paper = save_slip(desk, ref, kind, target, paper, font)
    out.emit({**built.json(), "pdf": str(written), "paper": paper}, lambda c: c.print(str(written), markup=False))
    out.note(t("slip.written", path=written))
    if open_:
        _open(written, out)


def fee(
    ref: RefArg,
    amount: Annotated[Optional[int], typer.Option("--amount", help="Mức phí (đồng) / Fee in dong.")] = None,
    exempt: Annotated[bool, typer.Option("--exempt", help="Miễn phí, lệ phí / Waive the fee.")] = False,
    reason: ReasonOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ghi mức phí (tính theo trang, theo mức HĐND tỉnh) hoặc miễn phí / Set or waive a dossier's fee."""
    from dvc_cli import payments

    (reason,) = require(reason=reason)
    desk = open_desk()
    row = payments.assess(desk, ref, amount, exempt, reason)
    view = payments.view(desk, row)
    out = Output(json)
    out.emit(view, lambda c: c.print(payment_text(view), markup=False))
    out.note(t("fee.exempted", reason=reason) if exempt else t("fee.set", fee=fee_text(amount, row["fee_mode"])))


def pay(
    ref: RefArg,
    method: Annotated[Optional[str], typer.Option("--method", help="cash | transfer | online")] = None,
    amount: Annotated[Optional[int], typer.Option("--amount", help="Số tiền (đồng) / Amount in dong.")] = None,
    reference: Annotated[Optional[str], typer.Option("--reference", help="Mã giao dịch, số biên lai / Transaction or receipt number.")] = None,
    json: JsonOpt = False,
) -> None:
    """Ghi nhận nộp phí, lệ phí / Record the payment of a dossier's fee."""
    from dvc_cli import payments
    from dvc_cli.rules.fees import money
    from dvc_cli.rules.lifecycle import Status

    (method,) = require(method=method)
    desk = open_desk()
    payment = payments.pay(desk, ref, method, amount, reference)
    dossier = desk.dossier(ref)
    view = payments.view(desk, dossier)
    out = Output(json)
    out.emit(view, lambda c: c.print(payment_text(view), markup=False))
    out.note(t("pay.recorded", amount=money(payment["amount"]), method=t(f"pay.method.{payment['method']}")))
    if dossier["status"] == Status.payment_requested:
        out.note(t("pay.resume_hint", ref=dossier["code"]))


def payqr(
    ref: RefArg,
    png: Annotated[Optional[Path], typer.Option("--png", help="Lưu ảnh PNG / Save as a PNG image.")] = None,
    payload: Annotated[bool, typer.Option("--payload", help="Chỉ in chuỗi VietQR / Print the payload alone.")] = False,
    json: JsonOpt = False,
) -> None:
    """Mã VietQR chuyển khoản phí vào tài khoản của cơ quan / VietQR code to pay the fee by transfer."""
    from dvc_cli import payments, qr
    from dvc_cli.export import write_atomic
    from dvc_cli.rules.fees import money

    data = payments.transfer(open_desk(), ref)
    out = Output(json)
    if png is not None:
        data["png"] = str(write_atomic(png, qr.png(data["payload"])))
    if payload and not json:
        sys.stdout.write(data["payload"] + "\n")
    else:
        def render(console: Any) -> None:
            bank = f"{data['bank']} ({data['bank_bin']})" if data["bank"] else data["bank_bin"]
            show_fields(console, t("payqr.title", code=data["code"]), [
                (t("payqr.bank"), bank), (t("payqr.account"), data["account"]),
                (t("payqr.account_name"), data["account_name"]), (t("payqr.amount"), money(data["amount"])),
                (t("payqr.purpose"), data["purpose"]),
            ])
            if png is None:
                console.print(qr.terminal(data["payload"]), markup=False, highlight=False, crop=False, soft_wrap=True)
                console.print(t("payqr.scan"), markup=False)

        out.emit(data, render)
    if png is not None:
        out.note(t("payqr.saved", path=data["png"]))


def reschedule(
    ref: RefArg,
    date: Annotated[Optional[str], typer.Option("--date", help="Ngày hẹn mới DD/MM/YYYY / New date.")] = None,
    reason: ReasonOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hẹn lại ngày trả kết quả (phiếu xin lỗi) / Set a new date for the result (apology slip)."""
    from dvc_cli import intake
    from dvc_cli.commands.dossier import _show

    date, reason = require(date=date, reason=reason)
    row = intake.reschedule(open_desk(), ref, date, reason)
    out = Output(json)
    _show(out, row["code"])
    out.note(t("reschedule.done", new=show_day(row["due_date"])))
    auto_slip(out, row["code"], "apology")


def payment_text(view: dict[str, Any], private: bool = True) -> str:
    """A dossier's fee state in words, for `dossier show` and `status`."""
    from dvc_cli.rules.fees import money

    status = view["status"]
    if status == "paid" and private and view.get("payment"):
        p = view["payment"]
        return t("payment.paid_detail", amount=money(p["amount"]), method=t(f"pay.method.{p['method']}"),
                 at=show_moment(p["paid_at"]), clerk=p["clerk"])
    if status == "exempt" and private and view.get("exempt_reason"):
        return t("payment.exempt_reason", reason=view["exempt_reason"])
    if status in ("paid", "unpaid"):
        return t(f"payment.{status}", amount=money(view["amount"]))
    return t(f"payment.{status}")


def register(app: typer.Typer) -> None:
    """Add these commands to the `dossier` sub-app."""
    app.command("slip")(slip)
    app.command("fee")(fee)
    app.command("pay")(pay)
    app.command("payqr")(payqr)
    app.command("reschedule")(reschedule)
