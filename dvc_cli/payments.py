"""Use-cases for a dossier's fee: assess or waive it, record its payment, build the VietQR transfer
to the office's account, and the views `dossier show` and `status` print.

The rules are in rules/fees.py; here they meet the database, inside one transaction each, so a
payment recorded from another terminal meanwhile is seen before anything is written.
"""

from __future__ import annotations

from typing import Any

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, InvalidInput
from dvc_cli.rules import fees, vietqr
from dvc_cli.rules.fees import FeeState
from dvc_cli.rules.lifecycle import Status
from dvc_cli.store import Row

CLOSED = (Status.not_received, Status.withdrawn, Status.stopped)


def state_of(desk: Desk, dossier: Row) -> FeeState:
    """Where the dossier stands with its fee (read inside the caller's transaction when writing)."""
    payment = desk.store.payment(dossier["id"])
    return fees.fee_state(dossier["fee_amount"], dossier["fee_mode"], dossier.get("fee_due"),
                          dossier.get("fee_exempt_reason"), payment["amount"] if payment else None)


def _open_for_fees(dossier: Row) -> None:
    """Fees are collected once the desk has received the dossier, and not after it was refused,
    withdrawn or stopped."""
    status = Status(dossier["status"])
    if status in (Status.draft, Status.registered):
        raise Conflict("pay.not_received", ref=f"#{dossier['id']}")
    if status in CLOSED:
        raise Conflict("pay.closed", status=status)


def assess(desk: Desk, ref: str, amount: int | None, exempt: bool, reason: str | None) -> Row:
    """The clerk sets the fee (`amount`: per page, the province's amount) or waives it (`exempt`),
    with a reason; only before it is paid, and not for a procedure that has no fee."""
    if (amount is None) == (not exempt):
        raise InvalidInput("fee.choose")
    from dvc_cli.intake import check_text  # here, not at the top: `status` reads views without intake

    amount = fees.check_amount(amount)
    reason = check_text("--reason", reason, required=True)
    dossier = desk.dossier(ref)
    if Status(dossier["status"]) in CLOSED:
        raise Conflict("pay.closed", status=Status(dossier["status"]))
    with desk.store.transaction():
        state = state_of(desk, dossier)
        fees.can_assess(state)
        if state.status == "none" and not dossier.get("fee_due"):
            raise Conflict("pay.no_fee")
        values = {"fee_due": None, "fee_exempt_reason": reason, "fee_reason": None} if exempt else \
            {"fee_due": amount, "fee_exempt_reason": None, "fee_reason": reason}
        desk.store.update("dossiers", dossier["id"], values)
        desk.audit("dossier.fee", "dossier", dossier["id"], exempt=exempt, amount=amount)
    return desk.store.dossier(dossier["id"])


def pay(desk: Desk, ref: str, method: str | None, amount: int | None = None, reference: str | None = None) -> Row:
    """Record the payment of the dossier's fee, with the time and the clerk."""
    from dvc_cli.intake import check_text

    if method is None or method.strip().lower() not in fees.METHODS:
        raise InvalidInput("field.choice", field="--method", value=method, choices=", ".join(fees.METHODS))
    method = method.strip().lower()
    amount = fees.check_amount(amount)
    reference = check_text("--reference", reference)
    dossier = desk.dossier(ref)
    _open_for_fees(dossier)
    with desk.store.transaction():
        state = state_of(desk, dossier)
        paid = fees.payable(state, amount)
        row = {"dossier_id": dossier["id"], "amount": paid, "method": method, "reference": reference,
               "paid_at": desk.now().isoformat(), "clerk": desk.clerk}
        if not desk.store.add_payment(row):
            raise Conflict("pay.twice", amount=fees.money(paid))
        if state.status == "unassessed":
            desk.store.update("dossiers", dossier["id"], {"fee_due": paid, "fee_reason": None})
        desk.audit("dossier.pay", "dossier", dossier["id"], amount=paid, method=method)
    return desk.store.payment(dossier["id"])


def transfer(desk: Desk, ref: str) -> dict[str, Any]:
    """The VietQR transfer of what the dossier still owes to the office's collection account,
    with the receipt code as the purpose."""
    office = desk.office()
    if not office.get("bank_bin") or not office.get("account"):
        raise Conflict("office.bank_not_set")
    dossier = desk.dossier(ref)
    _open_for_fees(dossier)
    state = state_of(desk, dossier)
    if state.status == "paid":
        raise Conflict("pay.twice", amount=fees.money(state.paid or 0))
    if state.status == "none":
        raise Conflict("pay.no_fee")
    if state.status == "exempt":
        raise Conflict("pay.exempt")
    if state.status == "unassessed":
        raise Conflict("payqr.unassessed", ref=dossier["code"])
    purpose = vietqr.purpose_for(dossier["code"])
    payload = vietqr.build(vietqr.Transfer(office["bank_bin"], office["account"], state.amount, purpose))
    return {
        "code": dossier["code"],
        "payload": payload,
        "bank_bin": office["bank_bin"],
        "bank": vietqr.BANKS.get(office["bank_bin"]),
        "account": office["account"],
        "account_name": office.get("account_name"),
        "amount": state.amount,
        "purpose": purpose,
    }


def view(desk: Desk, dossier: Row, private: bool = True) -> dict[str, Any]:
    """The fee and its payment for `dossier show`; `private=False` (for `status`) leaves out the
    exemption reason, the payment reference and the clerk."""
    state = state_of(desk, dossier)
    data: dict[str, Any] = {"status": state.status, "amount": state.amount, "mode": state.mode}
    if not private:
        return data
    payment = desk.store.payment(dossier["id"])
    data["exempt_reason"] = state.exempt_reason
    data["assessed_reason"] = dossier.get("fee_reason") if dossier.get("fee_due") is not None else None
    data["payment"] = None if payment is None else {
        k: payment[k] for k in ("amount", "method", "reference", "paid_at", "clerk")
    }
    return data
