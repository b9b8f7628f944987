"""`dvc-cli dossier edit`: changing a dossier before it is received (the use-case the wizard uses
when a clerk goes back a step), through the real CLI on a real SQLite file and real files."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import BIRTH, CITIZEN_ID, MARITAL, REBIRTH, files_dir, new_draft, received, sha256_of

OTHER_ID = "079190000123"


def test_change_procedure_keeps_files_of_papers_still_asked_for(cli, desk, scans, db):
    draft = new_draft(cli, BIRTH, "--attach", f"to_khai={scans.pdf}", "--attach", f"giay_chung_sinh={scans.pdf2}")
    view = cli.json("dossier", "edit", draft["id"], "--procedure", REBIRTH)
    assert view["procedure"]["code"] == REBIRTH
    assert view["procedure"]["processing_days"] == 5
    keys = [d["key"] for d in view["documents"]]
    assert "to_khai" in keys and "giay_chung_sinh" not in keys
    assert [a["key"] for a in view["attachments"]] == ["to_khai"]
    # the dropped paper's file left the store; the kept one is still there
    stored = {p.name for p in files_dir(db).rglob("*") if p.is_file()}
    assert sha256_of(scans.pdf) in stored and sha256_of(scans.pdf2) not in stored
    history = cli.json("dossier", "show", draft["id"])["history"]
    assert len(history) == 1  # an edit is not a move


def test_presented_flags_count_at_submit(cli, desk):
    draft = new_draft(cli, BIRTH)
    view = cli.json("dossier", "edit", draft["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh")
    assert view["missing_documents"] == []
    view = cli.json("dossier", "edit", draft["id"], "--not-presented", "giay_chung_sinh")
    assert [d["key"] for d in view["missing_documents"]] == ["giay_chung_sinh"]
    cli.fails(4, "dossier", "submit", draft["id"])
    cli.json("dossier", "edit", draft["id"], "--presented", "giay_chung_sinh")
    assert cli.json("dossier", "submit", draft["id"])["status"] == "received"


def test_post_delivery_defaults_to_the_citizens_address(cli, desk):
    draft = new_draft(cli, MARITAL)
    view = cli.json("dossier", "edit", draft["id"], "--delivery", "post")
    assert view["delivery"] == "post" and view["delivery_address"] == "Thôn Đông, xã Lương Phong"
    view = cli.json("dossier", "edit", draft["id"], "--address", "Số 5, ngõ 2, phố Huế")
    assert view["delivery_address"] == "Số 5, ngõ 2, phố Huế"
    view = cli.json("dossier", "edit", draft["id"], "--delivery", "desk")
    assert view["delivery_address"] is None
    shown = cli.ok("dossier", "show", draft["id"]).stdout
    assert "Địa chỉ nhận kết quả" not in shown


def test_change_citizen_and_channel(cli, desk, db):
    cli.json("citizen", "add", "--id", OTHER_ID, "--name", "Lê Thị Bích", "--dob", "01/02/1990")
    draft = new_draft(cli, BIRTH)
    view = cli.json("dossier", "edit", draft["id"], "--citizen", OTHER_ID, "--channel", "post")
    assert view["citizen"]["personal_id"] == OTHER_ID and view["channel"] == "post"
    audit = audit_of(db, draft["id"])
    assert audit[-1]["action"] == "dossier.edit"
    assert set(audit[-1]["fields"]) == {"channel", "citizen_id"}


def audit_of(db, dossier_id):
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT action, detail FROM audit WHERE entity = 'dossier' AND entity_id = ? ORDER BY id", (str(dossier_id),)
    ).fetchall()
    conn.close()
    return [{"action": a, **json.loads(d)} for a, d in rows]


def test_refusals_change_nothing(cli, desk, refuse):
    draft = new_draft(cli, BIRTH)
    refuse(2, ["dossier", "edit", draft["id"]], vi="Không có gì để sửa", en="Nothing to change")
    refuse(2, ["dossier", "edit", draft["id"], "--presented", "ho_chieu"], vi="không có giấy tờ “ho_chieu”",
           en="no paper “ho_chieu”")
    refuse(2, ["dossier", "edit", draft["id"], "--delivery", "pigeon"], vi="pigeon", en="pigeon")
    refuse(2, ["dossier", "edit", draft["id"], "--agency", "bhxh"], vi="không giải quyết", en="does not handle")
    refuse(3, ["dossier", "edit", draft["id"], "--procedure", "9.999999"], vi="9.999999", en="9.999999")
    refuse(3, ["dossier", "edit", draft["id"], "--citizen", OTHER_ID], vi="Không tìm thấy", en="No such citizen")
    done = received(cli, BIRTH)
    refuse(4, ["dossier", "edit", done["code"], "--channel", "post"], vi="đã được tiếp nhận", en="has been received")


def test_post_without_any_address_is_refused(cli, office, refuse):
    cli.json("citizen", "add", "--id", OTHER_ID, "--name", "Lê Thị Bích", "--dob", "01/02/1990")
    draft = cli.json("dossier", "new", "--citizen", OTHER_ID, "--procedure", MARITAL)
    refuse(2, ["dossier", "edit", draft["id"], "--delivery", "post"], vi="cần địa chỉ", en="needs an address")
    refuse(2, ["dossier", "new", "--citizen", OTHER_ID, "--procedure", MARITAL, "--delivery", "post"],
           vi="cần địa chỉ", en="needs an address")
    view = cli.json("dossier", "new", "--citizen", OTHER_ID, "--procedure", MARITAL, "--delivery", "post",
                    "--address", "Xóm Bãi, xã Lương Phong")
    assert view["delivery_address"] == "Xóm Bãi, xã Lương Phong"
    assert CITIZEN_ID not in view["citizen"]["personal_id"]
