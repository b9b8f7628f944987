"""The fee rules: what a dossier owes and when a payment may be recorded."""

from __future__ import annotations

import pytest

from dvc_cli.errors import Conflict
from dvc_cli.rules.fees import can_assess, check_amount, fee_state, money, payable
from tests.rules.support import refused


@pytest.mark.parametrize("amount, mode, assessed, exempt, paid, status, owed", [
    (20000, "before", None, None, None, "unpaid", 20000),
    (20000, "after", 5000, None, None, "unpaid", 5000),
    (None, "before", None, None, None, "unassessed", None),
    (None, "before", 8000, None, None, "unpaid", 8000),
    (0, "before", None, None, None, "none", None),
    (None, "exempt", None, None, None, "none", None),
    (20000, "before", None, "Hộ nghèo", None, "exempt", None),
    (20000, "before", None, None, 20000, "paid", 20000),
])
def test_fee_state(amount, mode, assessed, exempt, paid, status, owed):
    state = fee_state(amount, mode, assessed, exempt, paid)
    assert (state.status, state.amount) == (status, owed)


def test_payable_amounts_and_conflicts():
    unpaid = fee_state(20000, "before", None, None, None)
    assert payable(unpaid, None) == 20000 and payable(unpaid, 20000) == 20000
    assert payable(fee_state(None, "before", None, None, None), 7000) == 7000
    for state, given, key in [
        (unpaid, 20001, "pay.over"), (unpaid, 19999, "pay.short"),
        (fee_state(20000, "before", None, None, 20000), None, "pay.twice"),
        (fee_state(0, "before", None, None, None), 1000, "pay.no_fee"),
        (fee_state(20000, "before", None, "x", None), None, "pay.exempt"),
    ]:
        with pytest.raises(Conflict) as caught:
            payable(state, given)
        assert caught.value.key == key
    refused("pay.amount_needed", payable, fee_state(None, "before", None, None, None), None)
    with pytest.raises(Conflict):
        can_assess(fee_state(20000, "before", None, None, 20000))


def test_amounts():
    assert money(1234567) == "1.234.567 đ"
    assert check_amount(None) is None and check_amount(1) == 1
    refused("pay.amount", check_amount, 0)
    refused("pay.amount", check_amount, 100_000_001)
