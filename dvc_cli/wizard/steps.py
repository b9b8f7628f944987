"""The seven steps of a guided intake, from the citizen to the receipt code.

Each step asks its questions and records the answer through a use-case at once, so nothing typed
is lost: from step 3 on the dossier is a draft in the database and `wizard --resume REF` continues
at the step where it stopped. Esc goes back one step; a step that needed no question (a procedure
with a single agency) is passed over on the way back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvc_cli import intake
from dvc_cli.errors import DvcError, NotFound
from dvc_cli.output import error_message, fee_text, show_day, show_fields, show_table
from dvc_cli.queries import appointment_preview, find_citizens, missing_documents
from dvc_cli.rules import ids
from dvc_cli.rules.dates import parse_date
from dvc_cli.strings import t
from dvc_cli.wizard import ask

if TYPE_CHECKING:
    from rich.console import Console

    from dvc_cli.catalogue import Procedure
    from dvc_cli.desk import Desk
    from dvc_cli.store import Row

PAPERS_STEP = 3
"""Index of the first step that works on a saved draft (where a resumed intake starts by default)."""


@dataclass
class Intake:
    """The answers so far."""

    desk: Desk
    console: Console
    citizen: Row | None = None
    procedure: Procedure | None = None
    agency: str | None = None
    dossier_id: int | None = None
    code: str | None = None

    @classmethod
    def resume(cls, desk: Desk, console: Console, ref: str) -> tuple[Intake, int]:
        """The answers of a saved draft and the step to continue at."""
        dossier = intake.draft(desk, ref)
        answers = cls(desk, console, desk.store.citizen(dossier["citizen_id"]),
                      desk.catalogue.get(dossier["procedure_code"]), dossier["agency_code"], dossier["id"])
        return answers, desk.store.wizard_step(dossier["id"]) or PAPERS_STEP

    @property
    def ref(self) -> str:
        return f"#{self.dossier_id}"

    def dossier(self) -> Row:
        return self.desk.store.dossier(self.dossier_id)

    def fail(self, error: DvcError) -> None:
        self.console.print(f"[red]✗[/] {error_message(error)}")


# --- step 1: the citizen ----------------------------------------------------------------------


def _citizen_line(view: dict[str, Any]) -> str:
    return _fit(f"{view['name']} — {show_day(view['dob'])} — {view['personal_id']}")


def _settle(question: str, default: str, settle: Callable[[str], Any], completer: Any = None) -> Any:
    """Ask `question` until `settle` turns an answer into a choice (None: ask again). Esc on the
    question goes back a step; Esc on a later question inside `settle` comes back to it."""
    while True:
        query = ask.text(question, default=default, completer=completer)
        if not query:
            continue
        try:
            found = settle(query)
        except ask.Back:
            continue
        if found is not None:
            return found


def citizen_step(it: Intake) -> bool:
    """Find the citizen by ID number or name, or register a new one."""
    default = it.citizen["personal_id"] if it.citizen else ""
    it.citizen = _settle(t("wiz.citizen_query"), default, lambda query: _citizen_for(it, query))
    return True


def _citizen_for(it: Intake, query: str) -> Row | None:
    """The citizen the clerk settles on for what was typed, or None to search again."""
    digits = query.replace(" ", "")
    if digits.isdigit() and len(digits) == 12:
        try:
            found = it.desk.citizen(digits)
        except NotFound:
            return _offer_new(it, digits)
        show_fields(it.console, t("wiz.citizen_found"), [
            (t("col.name"), found["name"]), (t("col.dob"), show_day(found["dob"])),
            (t("col.personal_id"), ids.mask(found["personal_id"])),
        ])
        return found if ask.yes(t("wiz.is_this_the_citizen")) else None
    matches = find_citizens(it.desk, query, limit=9)
    if not matches:
        it.console.print(t("wiz.no_match", query=query))
    chosen = ask.choose(t("wiz.pick_citizen"), [
        *((_citizen_line(m), ("pick", m["id"])) for m in matches),
        (t("wiz.register_new"), ("new", None)), (t("wiz.search_again"), ("again", None)),
    ])
    if chosen[0] == "pick":
        return it.desk.store.citizen(chosen[1])
    return _offer_new(it, None) if chosen[0] == "new" else None


def _offer_new(it: Intake, personal_id: str | None) -> Row | None:
    """Register a new citizen, field by field, each re-asked until valid; None if the clerk declines."""
    if personal_id is not None:
        try:
            ids.validate_personal_id(personal_id, today=it.desk.today())
        except DvcError as error:
            it.fail(error)
            return None
        if not ask.yes(t("wiz.not_registered"), default=True):
            return None
    today = it.desk.today()
    personal_id = personal_id or ask.text(
        t("wiz.ask_id"), check=lambda v: ids.validate_personal_id(v, today=today))
    name = ask.text(t("wiz.ask_name"), check=lambda v: intake.check_text("name", v, required=True))
    dob = ask.text(t("wiz.ask_dob"), check=lambda v: _dob_matching(personal_id, v, today))
    gender = ask.choose(t("wiz.ask_gender"), [(t("gender.male"), "male"), (t("gender.female"), "female")],
                        default=ids.gender_from_id(personal_id))
    phone = ask.text(t("wiz.ask_phone"), check=lambda v: ids.normalize_phone(v) if v else None)
    email = ask.text(t("wiz.ask_email"), check=lambda v: ids.validate_email(v) if v else None)
    address = ask.text(t("wiz.ask_address"), check=lambda v: intake.check_text("address", v))
    try:
        row, similar = intake.register_citizen(it.desk, intake.NewCitizen(
            personal_id, name, dob.strftime("%d/%m/%Y"), gender, phone, email, address))
    except DvcError as error:
        it.fail(error)
        return None
    for other in similar:
        it.console.print(f"[yellow]{t('word.warning')}:[/] {t('citizen.similar', number=other['id'])}")
    it.console.print(t("wiz.registered", name=row["name"]))
    return row


def _dob_matching(personal_id: str, value: str, today: Any) -> Any:
    """A birth date that is valid and agrees with the ID number's century and year digits."""
    dob = parse_date(value, today=today)
    ids.validate_personal_id(personal_id, dob=dob, today=today)
    return dob


# --- steps 2 and 3: the procedure and the agency ---------------------------------------------


def _procedure_completer(it: Intake) -> Any:
    """Suggestions while typing, from the catalogue's own search (diacritics optional, typos allowed)."""
    from prompt_toolkit.completion import Completer, Completion

    catalogue = it.desk.catalogue

    class ProcedureCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            typed = document.text_before_cursor
            if len(typed.strip()) < 2:
                return
            for proc in catalogue.search(typed, 6):
                yield Completion(proc.code, start_position=-len(typed), display=f"{proc.code} {proc.name}")

    return ProcedureCompleter()


def _fit(text: str) -> str:
    """Cut a choice to the terminal's width (questionary does not wrap), with an ellipsis."""
    import shutil

    width = max(30, shutil.get_terminal_size((80, 24)).columns - 8)
    return text if len(text) <= width else text[: width - 1] + "…"


def _procedure_line(proc: Procedure) -> str:
    """`1.001193 · trong ngày · 8.000 đ · Đăng ký khai sinh`, short enough for one line."""
    days = t("wiz.same_day") if proc.processing_days == 0 else t("wiz.n_days", n=proc.processing_days)
    fee = proc.fee
    if fee.mode == "exempt" or fee.amount == 0:
        cost = t("fee.free")
    else:
        cost = t("wiz.fee_council") if fee.amount is None else f"{fee.amount:,} đ".replace(",", ".")
    return _fit(f"{proc.code} · {days} · {cost} · {proc.name}")


def procedure_step(it: Intake) -> bool:
    """Find the procedure by a few words or its code; show its facts before confirming."""
    default = it.procedure.code if it.procedure else ""
    it.procedure = _settle(t("wiz.procedure_query"), default, lambda query: _procedure_for(it, query),
                           completer=_procedure_completer(it))
    return True


def _procedure_for(it: Intake, query: str) -> Procedure | None:
    """The procedure the clerk confirms for what was typed, or None to search again."""
    from dvc_cli.commands.procedure import render_procedure

    found = it.desk.catalogue.search(query, 9)
    exact = [p for p in found if p.code == query.strip()]
    if exact:
        chosen = exact[0]
    elif not found:
        it.console.print(t("wiz.no_procedure", query=query))
        return None
    else:
        chosen = ask.choose(t("wiz.pick_procedure"), [
            *((_procedure_line(p), p) for p in found), (t("wiz.search_again"), None),
        ])
        if chosen is None:
            return None
    render_procedure(it.console, it.desk.catalogue, chosen, brief=True)
    return chosen if ask.yes(t("wiz.use_procedure")) else None


def agency_step(it: Intake) -> bool:
    """Pick the handling agency (passed over when the procedure has only one); then save the draft."""
    offered = it.procedure.agencies
    asked = len(offered) > 1
    if asked:
        it.agency = ask.choose(t("wiz.pick_agency"), [(it.desk.catalogue.agency(a).name, a) for a in offered],
                               default=it.agency if it.agency in offered else None)
    else:
        it.agency = offered[0]
        it.console.print(t("wiz.only_agency", agency=it.desk.catalogue.agency(it.agency).name))
    _save_draft(it)
    return asked


def _save_draft(it: Intake) -> None:
    """Open the draft, or bring a saved one in line with the answers of steps 1–3."""
    if it.dossier_id is None:
        it.dossier_id = intake.open_dossier(it.desk, f"#{it.citizen['id']}", it.procedure.code, it.agency)
        it.console.print(t("wiz.draft_saved", number=it.dossier_id))
        return
    saved = it.dossier()
    changes = intake.DraftChanges(
        citizen=f"#{it.citizen['id']}" if saved["citizen_id"] != it.citizen["id"] else None,
        procedure=it.procedure.code if saved["procedure_code"] != it.procedure.code else None,
        agency=it.agency if saved["agency_code"] != it.agency else None,
    )
    if changes != intake.DraftChanges():
        intake.edit_draft(it.desk, it.ref, changes)


# --- step 4: the papers -----------------------------------------------------------------------


def _files_of(it: Intake) -> dict[str, list[Row]]:
    files: dict[str, list[Row]] = {}
    for a in it.desk.store.attachments(it.dossier_id):
        files.setdefault(a["doc_key"], []).append(a)
    return files


def _paper_state(doc: Row, files: list[Row]) -> str:
    if files:
        return "; ".join(f"{f['filename']} ({f['size']:,} B)" for f in files)
    if doc["presented"]:
        return t("doc.presented")
    return t("doc.missing") if doc["required"] else "—"


def _attach(it: Intake, doc: Row) -> None:
    """Ask for a scan until one passes the same checks as `dossier attach`; empty or Esc gives up."""
    def store(raw: str) -> bool:
        if not raw:
            raise ask.Back
        return intake.attach(it.desk, it.ref, doc["key"], Path(raw))

    try:
        added = ask.path(t("wiz.ask_file", paper=doc["name"]), check=store)
    except ask.Back:
        return
    it.console.print(t("dossier.attached" if added else "dossier.already_attached", key=doc["name"]))


def _one_paper(it: Intake, doc: Row) -> None:
    """Attach a file, or record the original as presented, for one paper."""
    while True:
        files = _files_of(it).get(doc["key"], [])
        done = bool(files) or bool(doc["presented"])
        options: list[tuple[str, str]] = []
        if done:
            options.append((t("wiz.keep", state=_paper_state(doc, files)), "keep"))
        options += [(t("wiz.attach_more") if files else t("wiz.attach"), "attach"),
                    (t("wiz.present"), "present")]
        if files:
            options.append((t("wiz.detach"), "detach"))
        action = ask.choose(t("wiz.paper", paper=doc["name"], form=t(f"form.{doc['form']}")), options)
        if action == "keep":
            return
        if action == "present":
            intake.edit_draft(it.desk, it.ref, intake.DraftChanges(presented={doc["key"]: True}))
            return
        if action == "detach":
            intake.detach(it.desk, it.ref, doc["key"])
        else:
            _attach(it, doc)
        doc = next(d for d in it.desk.store.documents(it.dossier_id) if d["key"] == doc["key"])
        if action == "attach" and _files_of(it).get(doc["key"]):
            return


def papers_step(it: Intake) -> bool:
    """The checklist: every required paper, and the conditional ones the citizen brings; asked
    again while a required paper is missing (another terminal may have removed a file)."""
    while True:
        _walk_papers(it)
        _papers_table(it)
        missing = missing_documents(it.desk, it.dossier_id)
        if not missing:
            return True
        it.console.print(t("wiz.still_missing", missing="; ".join(d["name"] for d in missing)))


def _walk_papers(it: Intake) -> None:
    documents = it.desk.store.documents(it.dossier_id)
    files = _files_of(it)
    optional = [d for d in documents if not d["required"]]
    chosen: set[str] = set()
    if optional:
        had = [d["key"] for d in optional if files.get(d["key"]) or d["presented"]]
        chosen = set(ask.pick(t("wiz.pick_optional"), [(d["name"], d["key"]) for d in optional], had))
        for d in optional:
            if d["key"] not in chosen and d["key"] in had:
                _forget(it, d, files)
    for doc in documents:
        if doc["required"] or doc["key"] in chosen:
            _one_paper(it, doc)


def _forget(it: Intake, doc: Row, files: dict[str, list[Row]]) -> None:
    """A conditional paper the clerk unticked: its files and 'presented' mark go."""
    if files.get(doc["key"]):
        intake.detach(it.desk, it.ref, doc["key"])
    if doc["presented"]:
        intake.edit_draft(it.desk, it.ref, intake.DraftChanges(presented={doc["key"]: False}))


def _papers_table(it: Intake) -> None:
    files = _files_of(it)
    show_table(it.console, [t("col.document"), t("col.form"), t("col.state")], [
        [d["name"], t(f"form.{d['form']}"), _paper_state(d, files.get(d["key"], []))]
        for d in it.desk.store.documents(it.dossier_id)
        if d["required"] or files.get(d["key"]) or d["presented"]
    ], title=t("col.documents"), keep_first=False)


# --- step 5: channel and result delivery ------------------------------------------------------


def delivery_step(it: Intake) -> bool:
    """How the dossier came in and how the result goes back (postal address from the citizen)."""
    saved = it.dossier()
    channel = ask.choose(t("col.channel") + ":", [(t(f"channel.{c}"), c) for c in intake.CHANNELS], saved["channel"])
    delivery = ask.choose(t("col.delivery") + ":", [(t(f"delivery.{d}"), d) for d in intake.DELIVERIES], saved["delivery"])
    address = None
    if delivery == "post":
        address = ask.text(t("wiz.ask_post_address"),
                           default=saved["delivery_address"] or it.citizen["address"] or "",
                           check=lambda v: intake.check_text("address", v, required=True))
    changes = intake.DraftChanges(channel=channel, delivery=delivery, address=address)
    intake.edit_draft(it.desk, it.ref, changes)
    return True


# --- steps 6 and 7: review and confirm --------------------------------------------------------


def review_step(it: Intake) -> bool:
    """Everything on one screen, with the appointment date the dossier would get now."""
    saved = it.dossier()
    delivery = t(f"delivery.{saved['delivery']}")
    if saved["delivery_address"]:
        delivery += f" — {saved['delivery_address']}"
    show_fields(it.console, t("wiz.review_title", number=it.dossier_id), [
        (t("col.citizen"), f"{it.citizen['name']} — {ids.mask(it.citizen['personal_id'])}"),
        (t("col.procedure"), f"{saved['procedure_code']} {saved['procedure_name']}"),
        (t("col.agency"), saved["agency_name"]),
        (t("col.channel"), t(f"channel.{saved['channel']}")),
        (t("col.delivery"), delivery),
        (t("col.fee"), fee_text(saved["fee_amount"], saved["fee_mode"])),
        (t("wiz.due_if_now"), show_day(appointment_preview(it.desk, it.dossier_id).isoformat())),
    ])
    _papers_table(it)
    if not ask.yes(t("wiz.all_correct")):
        raise ask.Back
    return True


def _exemption(it: Intake) -> str | None:
    """When the catalogue names groups exempt from the fee, ask whether the citizen is one of them;
    the reason offered is the catalogue's first case (on-time birth registration, …), editable."""
    saved = it.dossier()
    fee = it.desk.catalogue.get(saved["procedure_code"]).fee
    if fee.mode == "exempt" or fee.amount == 0 or not fee.exemptions:
        return None
    it.console.print(t("wiz.exemptions", text=fee.exemptions))
    if not ask.yes(t("wiz.is_exempt"), default=False):
        return None
    first_case = fee.exemptions.split(";")[0].strip().rstrip(".")
    return ask.text(t("wiz.exempt_reason"), default=first_case,
                    check=lambda v: intake.check_text("reason", v, required=True))


def confirm_step(it: Intake) -> bool:
    """Fee exemption, the citizen's declaration, then intake: the receipt code and the appointment
    date. Once the code is issued nothing here can undo it: what follows only warns."""
    from dvc_cli import payments, qr
    from dvc_cli.commands.slips import auto_slip
    from dvc_cli.output import Output

    exempt_reason = _exemption(it)
    it.console.print(f"\n[bold]{t('wiz.declaration')}[/]\n")
    if not ask.yes(t("wiz.confirm_submit")):
        raise ask.Back
    row = intake.submit(it.desk, it.ref)
    it.code = row["code"]
    if exempt_reason:
        try:
            payments.assess(it.desk, row["code"], None, True, exempt_reason)
        except DvcError as error:
            it.fail(error)
    it.console.print(qr.terminal(row["code"]), markup=False, highlight=False, no_wrap=True, crop=False)
    it.console.print(t("wiz.qr_note"))
    show_fields(it.console, t("wiz.done_title"), [
        (t("col.code"), row["code"]),
        (t("col.due"), show_day(row["due_date"])),
        (t("col.citizen"), it.citizen["name"]),
        (t("col.procedure"), row["procedure_name"]),
        (t("col.fee"), t("wiz.fee_exempt") if exempt_reason else fee_text(row["fee_amount"], row["fee_mode"])),
    ])
    auto_slip(Output(), row["code"], "receipt")  # print the receipt now, or say how, per the office
    return True


STEPS: list[tuple[str, Callable[[Intake], bool]]] = [
    ("wiz.step_citizen", citizen_step),
    ("wiz.step_procedure", procedure_step),
    ("wiz.step_agency", agency_step),
    ("wiz.step_papers", papers_step),
    ("wiz.step_delivery", delivery_step),
    ("wiz.step_review", review_step),
    ("wiz.step_confirm", confirm_step),
]
