"""Citizens: validated once, the same way for `citizen add`, the wizard and imports."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, DvcError, InvalidInput
from dvc_cli.intake.fields import check_text
from dvc_cli.rules import ids
from dvc_cli.rules.dates import parse_date
from dvc_cli.rules.text import fold
from dvc_cli.store import Row


class NewCitizen(NamedTuple):
    """What a clerk types for a citizen, before validation (a plain tuple: a batch import makes many)."""

    personal_id: str | None
    name: str | None
    dob: str | None
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


CHECKED_FIELDS = ("personal_id", "name", "name_folded", "dob", "gender", "phone", "email", "address")
"""A checked citizen's fields as stored, in the order `CitizenChecks.check` gives its columns."""


class Checked(NamedTuple):
    """Citizens checked at once: the columns of CHECKED_FIELDS (a value per citizen, meaningless
    where the citizen was refused) and, by position, the first rule each refused citizen breaks."""

    columns: list[list[str | None]]
    errors: dict[int, DvcError]


V = TypeVar("V", bound=Hashable)
R = TypeVar("R")


def _optional(rule: Callable[[str], R]) -> Callable[[str | None], R | None]:
    """An optional field: blank (None or "", as `citizen edit --phone ""` clears it) is no value."""
    return lambda value: rule(value) if value else None


def _required(field: str, rule: Callable[[str], R]) -> Callable[[str | None], R]:
    def checked(value: str | None) -> R:
        if value is None:
            raise InvalidInput("field.empty", field=field)
        return rule(value)
    return checked


class CitizenChecks:
    """The rules of `citizen add` (and of the wizard, imports and bundles), for one citizen or
    many at once. They run column by column, once per distinct value: files repeat names, dates
    of birth and villages, so a big file costs a few microseconds a row. What a column's repeated
    values gave is remembered for the next call (an import checks its file a chunk at a time)."""

    _REMEMBERED = ("dob", "gender", "id_head", "name", "address")
    """Columns whose values repeat; an ID number, phone or email is met once, so not worth keeping."""
    _MEMO_LIMIT = 200_000
    """Values remembered per column at most; past that, each call only dedupes its own values."""

    def __init__(self, desk: Desk) -> None:
        self.today = desk.today()
        self.memos: dict[str, tuple[dict[Any, Any], dict[Any, DvcError]]] = {k: ({}, {}) for k in self._REMEMBERED}

    def _per_value(self, column: Sequence[V], rule: Callable[[V], R], errors: dict[int, DvcError], *,
                   memo: str | None = None, unchanged: Callable[[set[V]], set[V]] | None = None) -> dict[V, R]:
        """`rule` applied once to each distinct value of a column: its results by value (the values
        `unchanged` picks are their own results, as the rule says). A row whose value breaks the
        rule gets that error, unless an earlier rule failed the row already."""
        results, failed = self.memos[memo] if memo else ({}, {})
        if len(results) + len(failed) > self._MEMO_LIMIT:  # a column that hardly repeats: stop keeping it
            results, failed = {}, {}
        distinct = set(column)
        todo = distinct.difference(results, failed)
        if unchanged is not None:
            bare = unchanged(todo - {None})
            results.update(zip(bare, bare))
            todo -= bare
        for value in todo:
            try:
                results[value] = rule(value)
            except DvcError as error:
                failed[value] = error.with_traceback(None)  # kept: its frames (and this column) need not be
        if not failed.keys().isdisjoint(distinct):
            for row, value in enumerate(column):
                if value in failed:
                    errors.setdefault(row, failed[value])
        return results

    def _as_is_or_each(self, column: Sequence[V], rule: Callable[[V], R], errors: dict[int, DvcError], refused: R,
                       *, unchanged: Callable[[set[V]], set[V]], all_unchanged: Callable[[Sequence[V]], bool]) -> list[R]:
        """A column whose values hardly repeat (ID numbers, phones), checked: as it is when
        `all_unchanged` finds every value already as stored (one test over the whole column, the
        usual case), else value by value (`refused` where a value breaks the rule)."""
        if all_unchanged(column):
            return list(column)  # type: ignore[arg-type]  # unchanged values are their own results
        results = self._per_value(column, rule, errors, unchanged=unchanged)
        return list(map(results.get, column, repeat(refused)))

    def check(self, columns: Sequence[Sequence[str | None]]) -> Checked:
        """Check citizens given as columns, in the order of NewCitizen's fields (a list of
        NewCitizen transposed). Each refused citizen gets the first rule it breaks, in this
        order: date of birth, gender, ID number (its shape, then its digits against the birth
        date and gender), name, phone, email, address."""
        each, today = self._per_value, self.today
        pids, names, dobs, genders, phones, emails, addresses = columns
        errors: dict[int, DvcError] = {}
        # date of birth -> (ISO date, year); a refused row reads (None, None)
        day_of = each(dobs, _required("dob", lambda v: _iso_and_year(parse_date(v, today=today))), errors, memo="dob")
        days = list(map(day_of.get, dobs, repeat(_NEITHER)))
        gender_of = each(genders, _optional(ids.normalize_gender), errors, memo="gender")
        # ID number: its 12 digits ("" for a refused row), then what its first six say, against
        # the birth year and the gender typed, once per (first six digits, year, gender)
        digits = self._as_is_or_each(pids, _required("personal_id", ids.id_digits), errors, "",
                                     unchanged=ids.bare_ids, all_unchanged=ids.all_bare_ids)
        heads = list(zip(map(_FIRST_SIX, digits), map(_SECOND, days), genders))
        each(heads, _id_head(today.year), errors, memo="id_head")
        # name -> (name as stored, folded for search)
        name_of = each(names, lambda v: _name_and_folded(check_text("name", v, required=True)), errors, memo="name")
        named = list(map(name_of.get, names, repeat(_NEITHER)))
        stored_phones = self._as_is_or_each(phones, _optional(ids.normalize_phone), errors, None,
                                            unchanged=ids.bare_phones, all_unchanged=ids.all_bare_phones)
        email_of = each(emails, _optional(ids.validate_email), errors)
        address_of = each(addresses, lambda v: check_text("address", v), errors, memo="address")
        stored_genders = list(map(gender_of.get, genders))
        if None in stored_genders:  # not given: the gender follows the ID number
            stored_genders = [g or (d and ids.gender_from_id(d)) for g, d in zip(stored_genders, digits)]
        out = [digits, list(map(_FIRST, named)), list(map(_SECOND, named)), list(map(_FIRST, days)), stored_genders,
               stored_phones, list(map(email_of.get, emails)), list(map(address_of.get, addresses))]
        return Checked(out, errors)


def _id_head(this_year: int) -> Callable[[tuple[str, int | None, str | None]], None]:
    def check(head: tuple[str, int | None, str | None]) -> None:
        first_six, birth_year, gender = head
        if first_six:  # else the ID number was refused already
            ids.check_id_head(first_six, birth_year, gender, this_year)
    return check


def _iso_and_year(day: date) -> tuple[str, int]:
    return day.isoformat(), day.year


def _name_and_folded(name: str) -> tuple[str, str]:
    return name, fold(name)


_NEITHER = (None, None)
"""What a refused row's pairs read as."""
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_FIRST_SIX = itemgetter(slice(0, 6))
"""The first six digits of an ID number: its province, gender/century and year of birth."""


def check_citizen(desk: Desk, raw: NewCitizen) -> Row:
    """Validate and normalise every field of one citizen without storing it (see `CitizenChecks`);
    raise the first rule it breaks."""
    checked = CitizenChecks(desk).check([[value] for value in raw])
    if checked.errors:
        raise checked.errors[0]
    return {name: column[0] for name, column in zip(CHECKED_FIELDS, checked.columns)}


def register_citizen(desk: Desk, raw: NewCitizen) -> tuple[Row, list[Row]]:
    """Add a citizen. Refuses a second record with the same ID (exit 4); returns the new row and
    any existing citizens with the same name and date of birth (a likely duplicate to warn of)."""
    row = check_citizen(desk, raw)
    existing = desk.store.citizen_by_personal_id(row["personal_id"])
    if existing:
        raise Conflict("citizen.exists", masked=ids.mask(row["personal_id"]), number=existing["id"])
    similar = desk.store.citizens_named(row["name_folded"], row["dob"])
    now = desk.now().isoformat()
    with desk.store.transaction():
        citizen_id = desk.store.insert(
            "citizens", {"uid": str(uuid.uuid4()), **row, "created_at": now, "updated_at": now}
        )
        desk.audit("citizen.add", "citizen", citizen_id)
    return desk.store.citizen(citizen_id), similar


def edit_citizen(desk: Desk, ref: str, changes: dict[str, str | None]) -> Row:
    """Change some fields of a citizen; the whole record is validated again."""
    current = desk.citizen(ref)
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InvalidInput("citizen.nothing")
    merged = {k: current[k] for k in ("personal_id", "name", "dob", "phone", "email", "address")}
    merged.update(given)  # the gender follows the ID number unless the clerk gives one to check
    row = check_citizen(desk, NewCitizen(**merged))
    if row["personal_id"] != current["personal_id"] and desk.store.citizen_by_personal_id(row["personal_id"]):
        raise Conflict("citizen.exists", masked=ids.mask(row["personal_id"]), number=current["id"])
    changed = {k: v for k, v in row.items() if v != current[k]}
    if changed:
        with desk.store.transaction():
            desk.store.update("citizens", current["id"], {**changed, "updated_at": desk.now().isoformat()})
            desk.audit("citizen.edit", "citizen", current["id"], fields=sorted(changed))
    return desk.store.citizen(current["id"])
