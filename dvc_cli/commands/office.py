"""`dvc-cli office`: the office's name and electronic agency identifier."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dvc_cli.options import JsonOpt, open_desk
from dvc_cli.output import Output, show_fields
from dvc_cli.strings import t

app = typer.Typer(help="Thông tin cơ quan / The office.", no_args_is_help=True)


def _render(office: dict[str, str]):
    role = t(f"role.{office.get('role', 'desk')}")
    return lambda c: show_fields(
        c, t("office.title"),
        [*((t(f"office.{k}"), office.get(k)) for k in ("name", "agency_id", "address", "phone")), (t("office.role"), role)],
    )


@app.command("set")
def set_(
    name: Annotated[Optional[str], typer.Option("--name", help="Tên cơ quan / Office name.")] = None,
    agency_id: Annotated[Optional[str], typer.Option("--agency-id", help="Mã định danh điện tử, ví dụ 000.17.22.H56.")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="Địa chỉ / Address.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Số điện thoại / Phone.")] = None,
    role: Annotated[Optional[str], typer.Option("--role", help="desk | field: máy lưu động chỉ đăng ký hồ sơ, không cấp mã / a field device lodges dossiers, issues no codes.")] = None,
    json: JsonOpt = False,
) -> None:
    """Lưu thông tin cơ quan (dùng trong mã hồ sơ và phiếu) / Store the office's details."""
    from dvc_cli import intake

    office = intake.set_office(open_desk(), {"name": name, "agency_id": agency_id, "address": address, "phone": phone, "role": role})
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
