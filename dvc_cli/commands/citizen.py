"""`dvc-cli citizen`: the person registry (add, show, find, edit)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from dvc_cli.options import JsonOpt, LimitOpt, open_desk, require
from dvc_cli.output import Output, show_day, show_fields, show_table
from dvc_cli.strings import t

app = typer.Typer(help="Công dân / Citizens.", no_args_is_help=True)

IdOpt = Annotated[Optional[str], typer.Option("--id", help="Số định danh cá nhân (12 số) / Personal ID number.")]
NameOpt = Annotated[Optional[str], typer.Option("--name", help="Họ và tên / Full name.")]
DobOpt = Annotated[Optional[str], typer.Option("--dob", help="Ngày sinh DD/MM/YYYY / Date of birth.")]
GenderOpt = Annotated[Optional[str], typer.Option("--gender", help="nam | nữ (male | female).")]
PhoneOpt = Annotated[Optional[str], typer.Option("--phone", help="Số di động / Mobile number.")]
EmailOpt = Annotated[Optional[str], typer.Option("--email", help="Email.")]
AddressOpt = Annotated[Optional[str], typer.Option("--address", help="Địa chỉ / Address.")]


def render_citizen(console: Any, view: dict[str, Any]) -> None:
    """One citizen in full."""
    show_fields(console, f"{view['name']} (#{view['id']})", [
        (t("col.personal_id"), view["personal_id"]),
        (t("col.dob"), show_day(view["dob"])),
        *([(t("col.birth_province"), view["birth_province"])] if "birth_province" in view else []),
        (t("col.gender"), t(f"gender.{view['gender']}")),
        (t("col.phone"), view["phone"]),
        (t("col.email"), view["email"]),
        (t("col.address"), view["address"]),
    ])


def render_list(console: Any, rows: list[dict[str, Any]]) -> None:
    """Citizens one per row, ID and phone masked."""
    show_table(
        console,
        ["#", t("col.personal_id"), t("col.name"), t("col.dob"), t("col.phone")],
        [[r["id"], r["personal_id"], r["name"], show_day(r["dob"]), r["phone"]] for r in rows],
    )


@app.command("add")
def add(
    id: IdOpt = None, name: NameOpt = None, dob: DobOpt = None, gender: GenderOpt = None,
    phone: PhoneOpt = None, email: EmailOpt = None, address: AddressOpt = None, json: JsonOpt = False,
) -> None:
    """Đăng ký công dân mới / Register a new citizen."""
    from dvc_cli import intake
    from dvc_cli.queries import citizen_view

    id, name, dob = require(id=id, name=name, dob=dob)
    row, similar = intake.register_citizen(
        open_desk(), intake.NewCitizen(id, name, dob, gender, phone, email, address)
    )
    out = Output(json)
    for other in similar:
        out.warn(t("citizen.similar", number=other["id"]))
    view = citizen_view(row)
    out.emit(view, lambda c: render_citizen(c, view))
    out.note(t("citizen.added", number=row["id"]))


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(help="Số định danh hoặc số thứ tự (#) / Personal ID or number.")],
    json: JsonOpt = False,
) -> None:
    """Xem đầy đủ một công dân và các hồ sơ / Show one citizen and their dossiers."""
    from dvc_cli.queries import show_citizen

    view = show_citizen(open_desk(), ref)

    def render(console: Any) -> None:
        render_citizen(console, view)
        show_table(console, [t("col.code"), t("col.procedure"), t("col.status")], [
            [d["code"] or f"#{d['id']}", d["procedure"]["name"], t(f"status.{d['status_code']}")]
            for d in view["dossiers"]
        ], title=t("col.dossiers"))

    Output(json).emit(view, render)


@app.command("find")
def find(
    query: Annotated[str, typer.Argument(help="Tên (không dấu cũng được), số điện thoại, đầu số định danh.")],
    limit: LimitOpt = 50,
    json: JsonOpt = False,
) -> None:
    """Tìm công dân / Find citizens by name, phone or ID prefix."""
    from dvc_cli.queries import find_citizens

    rows = find_citizens(open_desk(), query, limit)
    Output(json).emit(rows, lambda c: render_list(c, rows))


@app.command("edit")
def edit(
    ref: Annotated[str, typer.Argument(help="Số định danh hoặc số thứ tự (#) / Personal ID or number.")],
    id: IdOpt = None, name: NameOpt = None, dob: DobOpt = None, gender: GenderOpt = None,
    phone: PhoneOpt = None, email: EmailOpt = None, address: AddressOpt = None, json: JsonOpt = False,
) -> None:
    """Sửa thông tin công dân / Correct a citizen's details."""
    from dvc_cli import intake
    from dvc_cli.queries import citizen_view

    row = intake.edit_citizen(open_desk(), ref, {
        "personal_id": id, "name": name, "dob": dob, "gender": gender,
        "phone": phone, "email": email, "address": address,
    })
    view = citizen_view(row)
    Output(json).emit(view, lambda c: render_citizen(c, view))
