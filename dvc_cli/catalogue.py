"""The procedure catalogue: procedures.yaml -> frozen dataclasses, strict validation, search.

The shipped file is `dvc_cli/data/procedures.yaml`; an office overlays its own file of the same
shape. yaml and importlib.resources are imported only inside `load`, so importing this module
stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NoReturn

from dvc_cli.errors import InvalidInput, NotFound
from dvc_cli.rules.text import clean, fold

FORMS = ("original", "copy", "either")
FEE_MODES = ("before", "after", "exempt")
ONLINE_LEVELS = ("full", "partial", "none")

SHIPPED_NAME = "procedures.yaml"


@dataclass(frozen=True)
class Document:
    """One item of a procedure's dossier (thành phần hồ sơ)."""

    key: str
    name: str
    form: str
    required: bool
    note: str = ""


@dataclass(frozen=True)
class Fee:
    """A fee in VND; `amount` None means the office has to set it (HĐND tỉnh decides)."""

    amount: int | None
    mode: str
    exemptions: str = ""
    note: str = ""


@dataclass(frozen=True)
class Agency:
    """An agency that handles procedures (cơ quan giải quyết)."""

    code: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính)."""

    code: str
    name: str
    field: str
    processing_days: int
    processing_note: str
    fee: Fee
    online: str
    in_person: bool
    agencies: tuple[str, ...]
    result: str
    documents: tuple[Document, ...]
    aliases: tuple[str, ...]
    source: str

    def document(self, key: str) -> Document | None:
        """The document with `key`, or None."""
        return next((doc for doc in self.documents if doc.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `--json` output."""
        fee = self.fee
        return {
            "code": self.code,
            "name": self.name,
            "field": self.field,
            "processing_days": self.processing_days,
            "processing_note": self.processing_note,
            "fee": {"amount": fee.amount, "mode": fee.mode, "exemptions": fee.exemptions, "note": fee.note},
            "online": self.online,
            "in_person": self.in_person,
            "agencies": list(self.agencies),
            "result": self.result,
            "aliases": list(self.aliases),
            "documents": [
                {"key": d.key, "name": d.name, "form": d.form, "required": d.required, "note": d.note}
                for d in self.documents
            ],
            "source": self.source,
        }


# --- the catalogue and its search


def _code_prefixes(code: str) -> list[str]:
    """`code` and its shorter dotted prefixes: 1.001193.H19 → [1.001193.H19, 1.001193]."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 1, -1)] or [code]


_CODE_TOKEN = re.compile(r"[0-9a-z]+(\.[0-9a-z]+)+\.?")
_WORD = re.compile(r"[a-z0-9]+")
_EXACT, _PREFIX, _TYPO = 3, 2, 1


def _words(text: str) -> tuple[str, ...]:
    """The folded words of `text`."""
    return tuple(_WORD.findall(fold(text)))


def _within(a: str, b: str, budget: int) -> bool:
    """True when `a` and `b` are at most `budget` edits apart (adjacent swaps count as one)."""
    if abs(len(a) - len(b)) > budget:
        return False
    before, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > budget:
            return False
        before, previous = previous, current
    return previous[-1] <= budget


@lru_cache(maxsize=8192)
def _word_quality(typed: str, word: str) -> int:
    """How well a typed word matches a catalogue word: exact, prefix, small typo, or 0."""
    if typed == word:
        return _EXACT
    if len(typed) >= 2 and word.startswith(typed):
        return _PREFIX
    budget = 2 if len(typed) >= 8 else 1 if len(typed) >= 4 else 0
    return _TYPO if budget and _within(typed, word, budget) else 0


def _code_quality(typed: str, code: str) -> int:
    """How well a typed code matches a procedure code: exact (or local suffix), prefix, or 0."""
    code = code.lower()
    if code in _code_prefixes(typed):
        return _EXACT
    return _PREFIX if code.startswith(typed.rstrip(".")) else 0


def _phrase_score(typed: tuple[str, ...], phrase: tuple[str, ...]) -> tuple[int, int, int]:
    """(typed words matched, sum of match qualities, phrase words left unmatched)."""
    grid = [[_word_quality(t, w) for w in phrase] for t in typed]
    best = [max(row, default=0) for row in grid]
    unmatched = sum(1 for j in range(len(phrase)) if not any(row[j] for row in grid))
    return sum(1 for q in best if q), sum(best), unmatched


class Catalogue:
    """Procedures and agencies, in file order, with look-up and search."""

    def __init__(self, procedures: dict[str, Procedure], agencies: dict[str, Agency]) -> None:
        self.procedures = procedures
        self.agencies = agencies

    def get(self, code: str) -> Procedure:
        """The procedure with `code`; a provincial code with a local suffix finds its national one."""
        for candidate in _code_prefixes(code.strip()):
            if candidate in self.procedures:
                return self.procedures[candidate]
        raise NotFound("procedure.not_found", code=code)

    def agency(self, code: str) -> Agency:
        """The agency with `code`."""
        try:
            return self.agencies[code.strip()]
        except KeyError:
            raise NotFound("agency.not_found", code=code) from None

    def fields(self) -> list[str]:
        """The fields (lĩnh vực) in file order, each once."""
        return list(dict.fromkeys(p.field for p in self.procedures.values()))

    def in_field(self, field: str) -> list[Procedure]:
        """The procedures of `field`, matched with or without diacritics."""
        wanted = fold(field)
        found = [p for p in self.procedures.values() if fold(p.field) == wanted]
        if not found:
            raise NotFound("field.not_found", field=field, choices=", ".join(self.fields()))
        return found

    def search(self, query: str, limit: int = 10) -> list[Procedure]:
        """Procedures matching what a clerk typed, best first (see `_rank`)."""
        tokens = fold(query).split()
        codes = [t for t in tokens if _CODE_TOKEN.fullmatch(t)]
        words = tuple(w for t in tokens if t not in codes for w in _WORD.findall(t))
        if not codes and not words:
            return []
        ranked = []
        for order, entry in enumerate(self._index):
            rank = self._rank(entry, words, codes)
            if rank is not None:
                ranked.append((rank, order, entry[0]))
        ranked.sort(key=lambda item: item[:2])
        return [proc for _, _, proc in ranked[: max(limit, 0)]]

    @staticmethod
    def _rank(entry: tuple, words: tuple[str, ...], codes: list[str]) -> tuple | None:
        """Sort key, or None for no match: more words matched, better matches (exact > prefix >
        typo), a name or alias matched exactly as a whole, then the shortest name."""
        proc, phrases = entry
        code_hits = [_code_quality(c, proc.code) for c in codes]
        scores = [_phrase_score(words, phrase) for phrase in phrases]
        matched, quality, _ = max(scores, key=lambda s: (s[0], s[1], -s[2]))
        matched += sum(1 for q in code_hits if q)
        if not matched:
            return None
        whole = any(s[0] == len(words) and not s[2] for s in scores) and all(code_hits)
        return (-matched, -(quality + sum(code_hits)), not whole, scores[0][2])

    @cached_property
    def _index(self) -> list[tuple[Procedure, tuple[tuple[str, ...], ...]]]:
        """Each procedure with the folded words of its name (first) and aliases."""
        return [(p, tuple(_words(t) for t in (p.name, *p.aliases))) for p in self.procedures.values()]


# --- loading and validation

_STR, _INT, _BOOL, _NULL = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null")
)
_PROCEDURE_CODE = re.compile(r"[0-9A-Za-z]+(\.[0-9A-Za-z_-]+)+")
_AGENCY_CODE = re.compile(r"[a-z0-9][a-z0-9-]*")
_DOCUMENT_KEY = re.compile(r"[a-z][a-z0-9_]*")

_TOP_KEYS = ("agencies", "procedures")
_AGENCY_KEYS = ("code", "name", "note")
_FEE_KEYS = ("amount", "mode", "exemptions", "note")
_FEE_REQUIRED = ("amount", "mode")
_DOCUMENT_KEYS = ("key", "name", "form", "required", "note")
_DOCUMENT_REQUIRED = ("key", "name", "form", "required")
_PROCEDURE_KEYS = (
    "code", "name", "field", "processing_days", "processing_note", "fee", "online",
    "in_person", "agencies", "result", "aliases", "documents", "source",
)
_PROCEDURE_REQUIRED = (
    "name", "field", "processing_days", "fee", "online", "in_person", "agencies", "result",
    "documents", "source",
)


class _Reader:
    """Checks one file's YAML node tree; every error names the file and the line."""

    def __init__(self, file: str) -> None:
        import yaml

        self.file = file
        self._yaml = yaml
        self._constructor = yaml.constructor.SafeConstructor()

    def fail(self, message: str, node: Any, **params: object) -> NoReturn:
        """Raise InvalidInput(`message`) for `node`, with the file and its line."""
        raise InvalidInput(message, file=self.file, line=node.start_mark.line + 1, **params)

    def bad(self, node: Any, field: str, expected: str) -> NoReturn:
        """Raise `catalogue.bad_value` for `node`."""
        if isinstance(node, self._yaml.ScalarNode):
            shown = node.value
        else:
            shown = "[…]" if isinstance(node, self._yaml.SequenceNode) else "{…}"
        self.fail("catalogue.bad_value", node, value=shown, field=field, expected=expected)

    def mapping(self, node: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        """The value nodes of a mapping by key; unknown or repeated keys are errors."""
        if not isinstance(node, self._yaml.MappingNode):
            self.bad(node, where, "mapping")
        fields: dict[str, Any] = {}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, self._yaml.ScalarNode) else "{…}"
            if key not in allowed:
                self.fail("catalogue.unknown_key", key_node, key=key, where=where)
            if key in fields:
                self.fail("catalogue.duplicate", key_node, code=key)
            fields[key] = value
        return fields

    def require(self, fields: dict[str, Any], node: Any, names: tuple[str, ...], where: str) -> None:
        """Every one of `names` must be among `fields`."""
        for name in names:
            if name not in fields:
                self.fail("catalogue.missing_field", node, field=name, where=where)

    def sequence(self, node: Any, field: str) -> list[Any]:
        if not isinstance(node, self._yaml.SequenceNode):
            self.bad(node, field, "list")
        return node.value

    def scalar(self, node: Any, field: str, tags: tuple[str, ...], expected: str) -> Any:
        if not isinstance(node, self._yaml.ScalarNode) or node.tag not in tags:
            self.bad(node, field, expected)
        return self._constructor.construct_object(node)

    def text(self, node: Any, field: str) -> str:
        value = clean(self.scalar(node, field, (_STR,), "text"))
        if not value:
            self.bad(node, field, "text")
        return value

    def optional_text(self, node: Any, field: str) -> str:
        return clean(self.scalar(node, field, (_STR, _NULL), "text") or "")

    def texts(self, node: Any, field: str) -> tuple[str, ...]:
        return tuple(self.text(item, field) for item in self.sequence(node, field))

    def pattern(self, node: Any, field: str, regex: re.Pattern[str], expected: str) -> str:
        """Raw scalar text matching `regex` (so an unquoted 1.001193 keeps its zeros)."""
        valid = isinstance(node, self._yaml.ScalarNode) and node.tag not in (_BOOL, _NULL)
        if not valid or not regex.fullmatch(node.value):
            self.bad(node, field, expected)
        return node.value

    def count(self, node: Any, field: str, nullable: bool = False) -> int | None:
        """A non-negative integer (a YAML bool is not one), or null when `nullable`."""
        expected = "int ≥ 0 | null" if nullable else "int ≥ 0"
        value = self.scalar(node, field, (_INT, _NULL) if nullable else (_INT,), expected)
        if value is not None and value < 0:
            self.bad(node, field, expected)
        return value

    def flag(self, node: Any, field: str) -> bool:
        return self.scalar(node, field, (_BOOL,), "true | false")

    def choice(self, node: Any, field: str, choices: tuple[str, ...]) -> str:
        value = self.scalar(node, field, (_STR,), " | ".join(choices))
        if value not in choices:
            self.bad(node, field, " | ".join(choices))
        return value

    def fee(self, node: Any, where: str, base: dict[str, Any] | None) -> dict[str, Any]:
        """The fee keys given, over `base` (the shipped fee) when the procedure exists."""
        where = f"{where}.fee"
        fields = self.mapping(node, where, _FEE_KEYS)
        if base is None:
            self.require(fields, node, _FEE_REQUIRED, where)
        fee = dict(base or {"exemptions": "", "note": ""})
        readers = {"amount": lambda n: self.count(n, "fee.amount", nullable=True),
                   "mode": lambda n: self.choice(n, "fee.mode", FEE_MODES),
                   "exemptions": lambda n: self.optional_text(n, "fee.exemptions"),
                   "note": lambda n: self.optional_text(n, "fee.note")}
        fee.update({key: readers[key](value) for key, value in fields.items()})
        if fee["mode"] == "exempt" and fee["amount"]:
            self.bad(fields.get("amount", node), "fee.amount", "0 | null (mode: exempt)")
        return fee

    def documents(self, node: Any, where: str) -> tuple[Document, ...]:
        documents: dict[str, Document] = {}
        for index, item in enumerate(self.sequence(node, "documents"), 1):
            item_where = f"{where}.documents[{index}]"
            fields = self.mapping(item, item_where, _DOCUMENT_KEYS)
            self.require(fields, item, _DOCUMENT_REQUIRED, item_where)
            key = self.pattern(fields["key"], "documents.key", _DOCUMENT_KEY, "ascii snake_case")
            if key in documents:
                self.fail("catalogue.duplicate", fields["key"], code=key)
            documents[key] = Document(
                key=key,
                name=self.text(fields["name"], "documents.name"),
                form=self.choice(fields["form"], "documents.form", FORMS),
                required=self.flag(fields["required"], "documents.required"),
                note=self.optional_text(fields["note"], "documents.note") if "note" in fields else "",
            )
        return tuple(documents.values())


class _Builder:
    """Accumulates the shipped file and then the office's file, and freezes the result."""

    def __init__(self) -> None:
        self.agencies: dict[str, Agency] = {}
        self.procedures: dict[str, dict[str, Any]] = {}

    def add(self, root: Any, reader: _Reader) -> None:
        """Merge one file's top-level node (None for an empty file)."""
        if root is None:
            return
        fields = reader.mapping(root, "(top level)", _TOP_KEYS)
        if "agencies" in fields:
            self._agencies(reader, fields["agencies"])
        if "procedures" in fields:
            seen: set[str] = set()
            for index, item in enumerate(reader.sequence(fields["procedures"], "procedures"), 1):
                self._procedure(reader, item, f"procedures[{index}]", seen)

    def _agencies(self, reader: _Reader, node: Any) -> None:
        seen: set[str] = set()
        for index, item in enumerate(reader.sequence(node, "agencies"), 1):
            where = f"agencies[{index}]"
            fields = reader.mapping(item, where, _AGENCY_KEYS)
            reader.require(fields, item, ("code",), where)
            code = reader.pattern(fields["code"], "code", _AGENCY_CODE, "a-z 0-9 -")
            if code in seen:
                reader.fail("catalogue.duplicate", fields["code"], code=code)
            seen.add(code)
            old = self.agencies.get(code)
            if old is None:
                reader.require(fields, item, ("name",), where)
            self.agencies[code] = Agency(
                code=code,
                name=reader.text(fields["name"], "name") if "name" in fields else old.name,
                note=reader.optional_text(fields["note"], "note") if "note" in fields
                else (old.note if old else ""),
            )

    def _procedure(self, reader: _Reader, item: Any, where: str, seen: set[str]) -> None:
        """Read one procedure: a new code must be complete, a known one may give some keys."""
        fields = reader.mapping(item, where, _PROCEDURE_KEYS)
        reader.require(fields, item, ("code",), where)
        code = reader.pattern(fields["code"], "code", _PROCEDURE_CODE, "code such as 1.001193")
        if code in seen:
            reader.fail("catalogue.duplicate", fields["code"], code=code)
        seen.add(code)
        where = f"procedures[{code}]"
        base = self.procedures.get(code)
        if base is None:
            reader.require(fields, item, _PROCEDURE_REQUIRED, where)
        values = dict(base or {"code": code, "processing_note": "", "aliases": ()})
        for key, node in fields.items():
            if key != "code":
                values[key] = self._value(reader, key, node, where, values)
        self.procedures[code] = values

    def _value(self, reader: _Reader, key: str, node: Any, where: str, values: dict[str, Any]) -> Any:
        """The checked value of one procedure key."""
        if key == "fee":
            return reader.fee(node, where, values.get("fee"))
        if key == "documents":
            return reader.documents(node, where)
        if key == "agencies":
            return self._agency_codes(reader, node)
        return _SIMPLE_READERS[key](reader, node, key)

    def _agency_codes(self, reader: _Reader, node: Any) -> tuple[str, ...]:
        codes = reader.texts(node, "agencies")
        if not codes:
            reader.bad(node, "agencies", "a non-empty list of agency codes")
        for code, item in zip(codes, node.value):
            if code not in self.agencies:
                reader.fail("catalogue.unknown_agency", item, agency=code)
        return codes

    def build(self) -> Catalogue:
        procedures = {
            code: Procedure(**{**values, "fee": Fee(**values["fee"])})
            for code, values in self.procedures.items()
        }
        return Catalogue(procedures, dict(self.agencies))


_SIMPLE_READERS = {
    "name": _Reader.text,
    "field": _Reader.text,
    "processing_days": _Reader.count,
    "processing_note": _Reader.optional_text,
    "online": lambda reader, node, key: reader.choice(node, key, ONLINE_LEVELS),
    "in_person": _Reader.flag,
    "result": _Reader.text,
    "aliases": _Reader.texts,
    "source": _Reader.text,
}


def _compose(data: bytes, file: str) -> Any:
    """The YAML node tree of `data`, or InvalidInput("catalogue.yaml_syntax") with its line."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(data, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is not None:
            line, problem = mark.line + 1, exc.problem or str(exc)
        else:  # a ReaderError (bad encoding) knows only its byte position
            line = data[: getattr(exc, "position", 0)].count(b"\n") + 1
            problem = getattr(exc, "reason", None) or str(exc)
        raise InvalidInput("catalogue.yaml_syntax", file=file, line=line, problem=problem) from None


def load(extra: str | Path | None = None) -> Catalogue:
    """The shipped catalogue, overlaid with the office's file `extra` when given.

    A missing `extra` file raises InvalidInput("catalogue.not_found"): the user named it.
    """
    from importlib import resources

    builder = _Builder()
    shipped = resources.files("dvc_cli.data").joinpath(SHIPPED_NAME).read_bytes()
    builder.add(_compose(shipped, SHIPPED_NAME), _Reader(SHIPPED_NAME))
    if extra is not None:
        path = Path(extra)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise InvalidInput("catalogue.not_found", file=str(path)) from None
        builder.add(_compose(data, str(path)), _Reader(str(path)))
    return builder.build()
