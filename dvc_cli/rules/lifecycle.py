"""The national dossier lifecycle: the ten states (plus a local draft) and the allowed moves."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from dvc_cli.errors import Conflict, InvalidInput


class Status(IntEnum):
    """Dossier states; the numeric codes are the national portal's and appear in exports."""

    draft = 0
    registered = 1
    received = 2
    not_received = 3
    processing = 4
    supplement_requested = 5
    payment_requested = 6
    withdrawn = 7
    stopped = 8
    done = 9
    returned = 10


S = Status
ALLOWED: dict[Status, tuple[Status, ...]] = {
    S.draft: (S.received, S.registered),
    S.registered: (S.received, S.not_received, S.withdrawn),
    S.received: (S.processing, S.supplement_requested, S.payment_requested, S.done, S.withdrawn, S.stopped),
    S.processing: (S.supplement_requested, S.payment_requested, S.done, S.withdrawn, S.stopped),
    S.supplement_requested: (S.processing, S.withdrawn, S.stopped),
    S.payment_requested: (S.processing, S.withdrawn, S.stopped),
    S.done: (S.returned,),
    S.not_received: (),
    S.withdrawn: (),
    S.stopped: (),
    S.returned: (),
}

PAUSED = frozenset({S.supplement_requested, S.payment_requested})
"""States in which the deadline clock does not run."""

RUNNING = frozenset({S.received, S.processing})
"""States in which the office holds the dossier and its deadline clock runs."""

EDITABLE = frozenset({S.draft, S.registered, S.supplement_requested})
"""States in which papers may still be attached or removed."""


def parse_status(value: str) -> Status:
    """Read a state from its key (`processing`) or numeric code (`4`)."""
    text = value.strip().lower().replace("-", "_")
    if text.isdigit() and int(text) in Status._value2member_map_:
        return Status(int(text))
    if text in Status.__members__:
        return Status[text]
    raise InvalidInput("status.unknown", value=value, choices=", ".join(s.name for s in Status))


def check_move(current: Status, target: Status) -> None:
    """Refuse a move the national lifecycle does not allow, naming the allowed next states."""
    if target not in ALLOWED[current]:
        raise Conflict("move.not_allowed", current=current, target=target, allowed=ALLOWED[current])


def is_overdue(status: Status, due: date | None, ended: date | None, today: date) -> bool:
    """Not done by the appointment date: the end of processing (or today, while the office
    still holds the dossier) is after the due date. The clock is paused in states 5 and 6,
    and a dossier refused, withdrawn or stopped is never overdue."""
    if due is None or status in PAUSED or status in (S.not_received, S.withdrawn, S.stopped):
        return False
    return (ended or today) > due
