"""Fees and their payment: what a dossier owes and whether a payment may be recorded. Pure.

A dossier's fee is the catalogue's amount snapshotted at receipt, unless the clerk assessed it
(a per-page fee, the province's amount for "theo mức HĐND tỉnh") or exempted it with a reason.
One payment settles the fee: paying more than is owed, paying twice, or paying a dossier that owes
nothing is a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from dvc_cli.errors import Conflict, InvalidInput

METHODS = ("cash", "transfer", "online")
MAX_AMOUNT = 100_000_000
"""Largest fee accepted, in dong (commune fees are a few thousand to a few hundred thousand)."""


@dataclass(frozen=True)
class FeeState:
    """Where a dossier stands with its fee.

    status: `none` (the procedure has no fee), `exempt` (the clerk exempted it), `unassessed`
    (the amount is set by the province and not entered yet), `unpaid`, or `paid`.
    amount: what is owed (or was paid); None while unassessed or when nothing is owed.
    """

    status: str
    amount: int | None
    mode: str
    exempt_reason: str | None = None
    paid: int | None = None


def fee_state(amount: int | None, mode: str, assessed: int | None, exempt_reason: str | None,
              paid: int | None) -> FeeState:
    """The fee state from the snapshot (`amount`, `mode`), the clerk's assessment and exemption,
    and the amount paid (None when no payment is recorded)."""
    if paid is not None:
        return FeeState("paid", paid, mode, None, paid)
    if exempt_reason:
        return FeeState("exempt", None, mode, exempt_reason)
    due = assessed if assessed is not None else amount
    if mode == "exempt" or due == 0:
        return FeeState("none", None, mode)
    if due is None:
        return FeeState("unassessed", None, mode)
    return FeeState("unpaid", due, mode)


def money(amount: int) -> str:
    """An amount of dong as people write it: `20.000 đ`."""
    return f"{amount:,} đ".replace(",", ".")


def check_amount(value: int | None) -> int | None:
    """A typed amount of dong: a positive whole number within reason."""
    if value is None:
        return None
    if value <= 0 or value > MAX_AMOUNT:
        raise InvalidInput("pay.amount", value=value, limit=money(MAX_AMOUNT))
    return value


def payable(state: FeeState, given: int | None) -> int:
    """The amount to record for a payment, or why none may be recorded."""
    if state.status == "paid":
        raise Conflict("pay.twice", amount=money(state.paid or 0))
    if state.status == "none":
        raise Conflict("pay.no_fee")
    if state.status == "exempt":
        raise Conflict("pay.exempt")
    if state.status == "unassessed":
        if given is None:
            raise InvalidInput("pay.amount_needed")
        return given
    assert state.amount is not None
    if given is not None and given > state.amount:
        raise Conflict("pay.over", given=money(given), due=money(state.amount))
    if given is not None and given < state.amount:
        raise Conflict("pay.short", given=money(given), due=money(state.amount))
    return state.amount


def can_assess(state: FeeState) -> None:
    """The clerk may set or waive the fee only while nothing has been paid."""
    if state.status == "paid":
        raise Conflict("fee.already_paid", amount=money(state.paid or 0))
