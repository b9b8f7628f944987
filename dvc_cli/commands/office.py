"""`dvc-cli office`: the office's name and electronic agency identifier."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dvc_cli.options import JsonOpt, open_desk
from dvc_cli.output import Output, show_fields
from dvc_cli.strings import t

app = typer.Typer(help="Thông tin cơ quan / The office.", no_args_is_help=True)


SHOWN = ("name", "agency_id", "address", "phone", "bank_bin", "account", "account_name",
         "slips", "slip_dir", "paper", "font", "book", "return_time")


def _render(office: dict[str, str]):
    """The office panel: identity always, the other settings when set, and the device's role."""
    role = t(f"role.{office.get('role', 'desk')}")
    return lambda c: show_fields(
        c, t("office.title"),
        [*((t(f"office.{k}"), office.get(k)) for k in SHOWN if k in office or k in SHOWN[:4]), (t("office.role"), role)],
    )


@app.command("set")
def set_(
    name: Annotated[Optional[str], typer.Option("--name", help="Tên cơ quan / Office name.")] = None,
    agency_id: Annotated[Optional[str], typer.Option("--agency-id", help="Mã định danh điện tử, ví dụ 000.17.22.H56.")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="Địa chỉ / Address.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Số điện thoại / Phone.")] = None,
    role: Annotated[Optional[str], typer.Option("--role", help="desk | field: máy lưu động chỉ đăng ký hồ sơ, không cấp mã / a field device lodges dossiers, issues no codes.")] = None,
    bank_bin: Annotated[Optional[str], typer.Option("--bank-bin", help="Mã BIN ngân hàng của tài khoản thu, ví dụ 970436 / Bank BIN.")] = None,
    account: Annotated[Optional[str], typer.Option("--account", help="Số tài khoản thu của cơ quan (không dùng tài khoản cá nhân) / The office's collection account.")] = None,
    account_name: Annotated[Optional[str], typer.Option("--account-name", help="Tên chủ tài khoản / Account holder.")] = None,
    slips: Annotated[Optional[str], typer.Option("--slips", help="pdf | ask | off: in phiếu khi tiếp nhận, yêu cầu bổ sung, từ chối, hẹn lại / Slips at intake and notices.")] = None,
    slip_dir: Annotated[Optional[str], typer.Option("--slip-dir", help="Thư mục lưu phiếu / Folder for slips.")] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="a5 | a4")] = None,
    font: Annotated[Optional[str], typer.Option("--font", help="Tệp phông TrueType / TrueType font file.")] = None,
    book: Annotated[Optional[str], typer.Option("--book", help="Quyển số của Sổ theo dõi hồ sơ / Register book number.")] = None,
    return_time: Annotated[Optional[str], typer.Option("--return-time", help="Giờ hẹn trả HH:MM / Collection time.")] = None,
    json: JsonOpt = False,
) -> None:
    """Lưu thông tin cơ quan (dùng trong mã hồ sơ và phiếu) / Store the office's details."""
    from dvc_cli import intake

    office = intake.set_office(open_desk(), {
        "name": name, "agency_id": agency_id, "address": address, "phone": phone, "bank_bin": bank_bin,
        "account": account, "account_name": account_name, "slips": slips, "slip_dir": slip_dir, "paper": paper,
        "font": font, "book": book, "return_time": return_time, "role": role,
    })
    Output(json).emit(office, _render(office))


@app.command("show")
def show(json: JsonOpt = False) -> None:
    """Xem thông tin cơ quan / Show the office's details."""
    desk = open_desk()
    office = desk.store.office()
    out = Output(json)
    out.emit(office, _render(office))
    if not office.get("agency_id"):
        out.note(t("office.hint"))
