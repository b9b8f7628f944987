"""Bundles: a field device's work (citizens, dossiers with their history, scanned papers) carried
to the desk in one zip file with a manifest of sha256 checksums.

Export writes what changed since the device's last bundle. Import checks the whole zip first
(safe names only, every checksum, every record valid, every needed file present) and only then
merges, in one transaction: records are matched by their stable uid (citizens also by ID number),
so importing a bundle twice changes nothing and two laptops' bundles never collide. A dossier
the desk has taken further (it issued a code, refused it, ...) keeps the desk's version.
The checksums protect against damage and tampering in transit, not against a forged bundle made
with this tool (there is no signature).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dvc_cli import intake
from dvc_cli.desk import Desk
from dvc_cli.errors import Conflict, DvcError, InvalidInput
from dvc_cli.files import MAX_SIZE
from dvc_cli.output import error_message
from dvc_cli.rules.dates import parse_date
from dvc_cli.rules.codes import looks_like_receipt_code
from dvc_cli.rules.lifecycle import Status
from dvc_cli.store import Row

FORMAT = "dvc-bundle"
VERSION = 1
MANIFEST = "manifest.json"
TABLES = ("citizens.jsonl", "dossiers.jsonl")
MAX_TABLE = 256 << 20
MAX_MANIFEST = 16 << 20
_FILE_NAME = re.compile(r"files/([0-9a-f]{64})")

CITIZEN_FIELDS = ("uid", "personal_id", "name", "dob", "gender", "phone", "email", "address", "created_at", "updated_at")
DOSSIER_FIELDS = (
    "uid", "code", "status", "procedure_code", "procedure_name", "procedure_field", "processing_days", "fee_amount",
    "fee_mode", "agency_code", "agency_name", "channel", "delivery", "received_at", "due_date", "paused_at",
    "paused_days", "done_at", "closed_at", "created_at", "updated_at", "created_by", "external_ref",
)
_MOMENTS = ("received_at", "paused_at", "done_at", "closed_at", "created_at", "updated_at")
_STRINGS = ("uid", "procedure_code", "procedure_name", "procedure_field", "fee_mode", "agency_code", "agency_name",
            "created_by")


def device_id(desk: Desk) -> str:
    """This machine's stable identity in bundles (made on first use)."""
    office = desk.store.office()
    if office.get("device_id"):
        return office["device_id"]
    made = str(uuid.uuid4())
    with desk.store.transaction():
        desk.store.set_office({"device_id": made})
    return made


# --- export -----------------------------------------------------------------------------------


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" for r in records)


def export_bundle(desk: Desk, output: Path, since: str | None) -> dict[str, Any]:
    """Write the bundle of everything changed since `since` (default: this device's last bundle)."""
    me = device_id(desk)
    if since:
        since_iso: str | None = parse_date(since, allow_future=True).isoformat()
    else:
        last = desk.store.last_bundle_export()
        since_iso = last["at"] if last else None
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput("export.folder", path=str(output))
    now = desk.now().isoformat()
    dossiers = desk.store.bundle_dossiers(since_iso)
    citizens = {r["id"]: r for r in desk.store.export_citizens(since_iso)}
    for citizen in desk.store.citizens_by_ids([d["citizen_id"] for d in dossiers if d["citizen_id"] not in citizens]):
        citizens[citizen["id"]] = citizen
    files: dict[str, Path] = {}
    dossier_records = []
    for d in dossiers:
        citizen = citizens[d["citizen_id"]]
        attachments = desk.store.attachments(d["id"])
        for a in attachments:
            if since_iso is None or a["attached_at"] >= since_iso:
                files[a["sha256"]] = desk.files.path_of(a["sha256"])
        dossier_records.append({
            **{k: d[k] for k in DOSSIER_FIELDS}, "citizen_uid": citizen["uid"],
            "citizen_personal_id": citizen["personal_id"],
            "documents": [{k: doc[k] for k in ("key", "name", "form", "required", "presented", "position")}
                          for doc in desk.store.documents(d["id"])],
            "attachments": [{k: a[k] for k in ("doc_key", "filename", "sha256", "size", "mime", "attached_at", "clerk")}
                            for a in attachments],
            "events": [{k: e[k] for k in ("at", "from_status", "to_status", "clerk", "note")}
                       for e in desk.store.events(d["id"])],
        })
    tables = {
        "citizens.jsonl": _jsonl([{k: c[k] for k in CITIZEN_FIELDS} for c in citizens.values()]),
        "dossiers.jsonl": _jsonl(dossier_records),
    }
    bundle_uid = str(uuid.uuid4())
    counts = {"citizens": len(citizens), "dossiers": len(dossier_records), "files": len(files)}
    manifest: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "bundle": bundle_uid, "device": me, "made_at": now, "since": since_iso,
        "clerk": desk.clerk, "role": desk.store.office().get("role", "desk"), "counts": counts,
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in tables.items()},
    }
    for sha, path in files.items():
        manifest["files"][f"files/{sha}"] = {"sha256": sha, "size": path.stat().st_size}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name, data in tables.items():
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
            for sha, path in files.items():
                archive.write(path, f"files/{sha}", compress_type=zipfile.ZIP_STORED)
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
                             compress_type=zipfile.ZIP_DEFLATED)
        with desk.store.transaction():
            desk.store.insert("bundles", {"uid": bundle_uid, "direction": "export", "device_id": me, "made_at": now,
                                          "since": since_iso, "at": now, "clerk": desk.clerk, "counts": json.dumps(counts)})
            desk.audit("bundle.export", "bundle", bundle_uid, file=str(output), since=since_iso, **counts)
            os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"bundle": bundle_uid, "file": str(output), "since": since_iso, "counts": counts}


# --- import: check everything first -----------------------------------------------------------


def _check_name(info: zipfile.ZipInfo) -> None:
    """Refuse names that could land outside a target folder, and links."""
    name = info.filename
    parts = name.split("/")
    unsafe = (
        name.startswith(("/", "\\")) or "\\" in name or ":" in name or "\x00" in name
        or any(p in ("", ".", "..") for p in parts)
        or (info.external_attr >> 16) & 0o170000 == 0o120000
    )
    if unsafe:
        raise InvalidInput("bundle.bad_path", name=name[:120])


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, sink: Any) -> tuple[str, int]:
    """Stream one member into `sink`, refusing more than `limit` bytes whatever the header says."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            size += len(chunk)
            if size > limit:
                raise InvalidInput("bundle.too_big", name=info.filename)
            digest.update(chunk)
            sink(chunk)
    return digest.hexdigest(), size


class _Checked:
    """A bundle whose every byte was checked, unpacked into a temporary folder."""

    def __init__(self, manifest: dict[str, Any], citizens: list[dict[str, Any]], dossiers: list[dict[str, Any]],
                 folder: Path, shas: set[str]) -> None:
        self.manifest, self.citizens, self.dossiers, self.folder, self.shas = manifest, citizens, dossiers, folder, shas


def _open(path: Path, folder: Path) -> _Checked:
    if not path.exists():
        raise InvalidInput("file.missing", path=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput("bundle.not_zip", path=str(path)) from None
    with archive:
        infos = archive.infolist()
        names: set[str] = set()
        for info in infos:
            _check_name(info)
            if info.filename in names:
                raise InvalidInput("bundle.unexpected", name=info.filename[:120])
            names.add(info.filename)
            if info.filename not in (MANIFEST, *TABLES) and not _FILE_NAME.fullmatch(info.filename):
                raise InvalidInput("bundle.unexpected", name=info.filename[:120])
        if MANIFEST not in names:
            raise InvalidInput("bundle.manifest", detail=MANIFEST)
        manifest = _manifest(archive, archive.getinfo(MANIFEST))
        listed = manifest["files"]
        for name in names - {MANIFEST}:
            if name not in listed:
                raise InvalidInput("bundle.unexpected", name=name)
        for name in listed:
            if name not in names:
                raise InvalidInput("bundle.missing_member", name=str(name)[:120])
        tables: dict[str, bytes] = {}
        shas: set[str] = set()
        for name, expected in listed.items():
            info = archive.getinfo(name)
            match = _FILE_NAME.fullmatch(name)
            if match:
                with (folder / match[1]).open("wb") as out:
                    actual, _ = _read_member(archive, info, MAX_SIZE, out.write)
                if actual != match[1]:
                    raise InvalidInput("bundle.checksum", name=name)
                shas.add(actual)
            else:
                chunks: list[bytes] = []
                actual, _ = _read_member(archive, info, MAX_TABLE, chunks.append)
                tables[name] = b"".join(chunks)
            if not isinstance(expected, dict) or actual != expected.get("sha256"):
                raise InvalidInput("bundle.checksum", name=name)
    return _Checked(manifest, _records(tables.get("citizens.jsonl", b""), "citizens.jsonl"),
                    _records(tables.get("dossiers.jsonl", b""), "dossiers.jsonl"), folder, shas)


def _manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, Any]:
    chunks: list[bytes] = []
    _read_member(archive, info, MAX_MANIFEST, chunks.append)
    try:
        manifest = json.loads(b"".join(chunks).decode("utf-8"))
    except ValueError as error:
        raise InvalidInput("bundle.manifest", detail=type(error).__name__) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput("bundle.manifest", detail="format")
    if manifest.get("version") != VERSION:
        raise InvalidInput("bundle.version", version=str(manifest.get("version"))[:20])
    if not isinstance(manifest.get("files"), dict) or not all(t in manifest["files"] for t in TABLES):
        raise InvalidInput("bundle.manifest", detail="files")
    if not isinstance(manifest.get("device"), str) or not isinstance(manifest.get("bundle"), str):
        raise InvalidInput("bundle.manifest", detail="device")
    return manifest


def _records(data: bytes, name: str) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(data.decode("utf-8", errors="strict").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise InvalidInput("bundle.manifest", detail=f"{name}:{number}") from None
        if not isinstance(record, dict):
            raise InvalidInput("bundle.manifest", detail=f"{name}:{number}")
        records.append(record)
    return records


def _bad(what: str, number: int, reason: str) -> InvalidInput:
    return InvalidInput("bundle.record", what=what, number=number, reason=reason)


def _moment_ok(value: Any) -> bool:
    if value is None:
        return True
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _valid_citizens(desk: Desk, records: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Row]]:
    """Each citizen through the rules of `citizen add`; the bundle is refused at the first bad one."""
    checked = []
    for number, c in enumerate(records, 1):
        try:
            if not isinstance(c.get("uid"), str) or not c["uid"]:
                raise InvalidInput("field.empty", field="uid")
            if not (_moment_ok(c.get("created_at")) and _moment_ok(c.get("updated_at"))) or not c.get("updated_at"):
                raise InvalidInput("field.empty", field="updated_at")
            row = intake.check_citizen(desk, intake.NewCitizen(*(
                None if c.get(k) is None else str(c[k]) for k in ("personal_id", "name", "dob", "gender", "phone", "email", "address")
            )))
        except (DvcError, TypeError) as error:
            reason = error_message(error) if isinstance(error, DvcError) else type(error).__name__
            raise _bad("citizen", number, reason) from None
        checked.append((c, row))
    return checked


def _check_dossier(desk: Desk, number: int, d: dict[str, Any], citizen_uids: set[str], shas: set[str]) -> None:
    def need(ok: bool, field: str) -> None:
        if not ok:
            raise _bad("dossier", number, field)

    for key in _STRINGS:
        need(isinstance(d.get(key), str) and d[key] != "", key)
    need(d.get("status") in Status._value2member_map_, "status")
    need(d.get("code") is None or (isinstance(d["code"], str) and looks_like_receipt_code(d["code"])), "code")
    need(d.get("external_ref") is None or isinstance(d["external_ref"], str), "external_ref")
    need(d.get("channel") in intake.CHANNELS, "channel")
    need(d.get("delivery") in intake.DELIVERIES, "delivery")
    need(isinstance(d.get("processing_days"), int) and isinstance(d.get("paused_days"), int), "processing_days")
    need(d.get("fee_amount") is None or isinstance(d["fee_amount"], int), "fee_amount")
    need(all(_moment_ok(d.get(k)) for k in _MOMENTS) and d.get("updated_at") is not None, "updated_at")
    if d.get("due_date") is not None:
        try:
            date.fromisoformat(d["due_date"])
        except (TypeError, ValueError):
            need(False, "due_date")
    need(d.get("citizen_uid") in citizen_uids, "citizen_uid")
    need(isinstance(d.get("documents"), list) and all(
        isinstance(doc, dict) and isinstance(doc.get("key"), str) and isinstance(doc.get("name"), str)
        and isinstance(doc.get("form"), str) and doc.get("required") in (0, 1) and doc.get("presented") in (0, 1)
        and isinstance(doc.get("position"), int) for doc in d["documents"]), "documents")
    need(isinstance(d.get("events"), list) and all(
        isinstance(e, dict) and _moment_ok(e.get("at")) and e.get("at") and e.get("to_status") in Status._value2member_map_
        and (e.get("from_status") is None or e.get("from_status") in Status._value2member_map_)
        and isinstance(e.get("clerk"), str) and isinstance(e.get("note"), str) for e in d["events"]), "events")
    need(isinstance(d.get("attachments"), list), "attachments")
    keys = {doc["key"] for doc in d["documents"]}
    for a in d["attachments"]:
        need(isinstance(a, dict) and a.get("doc_key") in keys and isinstance(a.get("filename"), str)
             and isinstance(a.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", a["sha256"]) is not None
             and isinstance(a.get("size"), int) and isinstance(a.get("mime"), str) and _moment_ok(a.get("attached_at"))
             and isinstance(a.get("clerk"), str), "attachments")
        if a["sha256"] not in shas and not desk.files.path_of(a["sha256"]).is_file():
            raise InvalidInput("bundle.missing_file", sha=a["sha256"][:12])


# --- import: merge ----------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def import_bundle(desk: Desk, path: Path, dry_run: bool = False) -> dict[str, Any]:
    """Check the whole bundle, then merge it in one transaction (nothing changes if anything is wrong)."""
    folder = Path(tempfile.mkdtemp(prefix="dvc-bundle-"))
    try:
        checked = _open(path, folder)
        citizens = _valid_citizens(desk, checked.citizens)
        citizen_uids = {c["uid"] for c, _ in citizens}
        for number, d in enumerate(checked.dossiers, 1):
            _check_dossier(desk, number, d, citizen_uids, checked.shas)
        return _merge(desk, checked, citizens, dry_run)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _merge(desk: Desk, checked: _Checked, citizens: list[tuple[dict[str, Any], Row]], dry_run: bool) -> dict[str, Any]:
    counts = dict.fromkeys(("citizens_added", "citizens_updated", "dossiers_added", "dossiers_updated", "unchanged",
                            "kept_desk_version", "files_added"), 0)
    registered = 0
    store = desk.store
    manifest = checked.manifest
    try:
        with desk.files.journal(store.blob_in_use), ExitStack() as stack, store.transaction():
            for sha in sorted(checked.shas):
                existed = desk.files.path_of(sha).is_file()
                stack.enter_context(desk.files.staged(checked.folder / sha))
                counts["files_added"] += not existed
            local_ids: dict[str, int] = {}
            for c, row in citizens:
                local_ids[c["uid"]] = _merge_citizen(store, c, row, counts)
            for d in checked.dossiers:
                if _merge_dossier(store, d, local_ids[d["citizen_uid"]], counts) and d["status"] == Status.registered:
                    registered += 1
            now = desk.now().isoformat()
            store.insert("bundles", {"uid": manifest["bundle"], "direction": "import", "device_id": manifest["device"],
                                     "made_at": str(manifest.get("made_at")), "since": manifest.get("since"), "at": now,
                                     "clerk": desk.clerk, "counts": json.dumps(counts)})
            desk.audit("bundle.import", "bundle", manifest["bundle"], device=manifest["device"], **counts)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return {"bundle": manifest["bundle"], "device": manifest["device"], "made_at": manifest.get("made_at"),
            "counts": counts, "registered": registered, "dry_run": dry_run}


def _merge_citizen(store: Any, c: dict[str, Any], row: Row, counts: dict[str, int]) -> int:
    """Match by uid, then by ID number; a newer record updates the fields that differ."""
    local = store.citizen_by_uid(c["uid"]) or store.citizen_by_personal_id(row["personal_id"])
    if local is None:
        counts["citizens_added"] += 1
        return store.insert("citizens", {"uid": c["uid"], **row, "created_at": c.get("created_at") or c["updated_at"],
                                         "updated_at": c["updated_at"]})
    changed = {k: v for k, v in row.items() if local[k] != v}
    if changed and c["updated_at"] > local["updated_at"]:
        if "personal_id" in changed and store.citizen_by_personal_id(row["personal_id"]) is not None:
            counts["kept_desk_version"] += 1  # the new ID number belongs to another citizen here
        else:
            store.update("citizens", local["id"], {**changed, "updated_at": c["updated_at"]})
            counts["citizens_updated"] += 1
    else:
        counts["unchanged"] += 1
    return local["id"]


def _event_key(e: Row) -> tuple[Any, ...]:
    return (e["at"], e["from_status"], e["to_status"], e["clerk"], e["note"])


def _merge_dossier(store: Any, d: dict[str, Any], citizen_id: int, counts: dict[str, int]) -> bool:
    """Insert a new dossier; update one the desk has not taken further; else keep the desk's.
    Returns whether anything changed."""
    local = store.dossier_by_uid(d["uid"])
    if local is None:
        for field in ("code", "external_ref"):
            if d.get(field) and store.dossier_where(field, d[field]) is not None:
                raise Conflict("bundle.code_clash", code=d[field])
        dossier_id = store.insert("dossiers", {**{k: d.get(k) for k in DOSSIER_FIELDS}, "citizen_id": citizen_id})
        for doc in d["documents"]:
            store.insert("dossier_documents", {**{k: doc[k] for k in ("key", "name", "form", "required", "presented",
                                                                      "position")}, "dossier_id": dossier_id})
        _add_attachments(store, dossier_id, d)
        _add_events(store, dossier_id, d)
        counts["dossiers_added"] += 1
        return True
    field_owned = local["code"] is None and local["status"] in (Status.draft, Status.registered)
    newer = d["updated_at"] > local["updated_at"]
    if not field_owned:
        known = {_event_key(e) for e in store.events(local["id"])}
        news = newer or any(_event_key(e) not in known for e in d["events"])
        counts["kept_desk_version" if news else "unchanged"] += 1
        return False
    changed = False
    if newer:
        store.update("dossiers", local["id"], {k: d.get(k) for k in DOSSIER_FIELDS if k not in ("uid", "code")})
        keys = {doc["key"] for doc in store.documents(local["id"])}
        for doc in d["documents"]:
            if doc["key"] in keys:
                store.set_presented(local["id"], {doc["key"]: bool(doc["presented"])})
            else:
                store.insert("dossier_documents", {**{k: doc[k] for k in ("key", "name", "form", "required", "presented",
                                                                          "position")}, "dossier_id": local["id"]})
        changed = True
    changed = _add_attachments(store, local["id"], d) or changed
    changed = _add_events(store, local["id"], d) or changed
    counts["dossiers_updated" if changed else "unchanged"] += 1
    return changed


def _add_attachments(store: Any, dossier_id: int, d: dict[str, Any]) -> bool:
    added = False
    for a in d["attachments"]:
        added = store.add_attachment({**{k: a[k] for k in ("doc_key", "filename", "sha256", "size", "mime",
                                                           "attached_at", "clerk")}, "dossier_id": dossier_id}) or added
    return added


def _add_events(store: Any, dossier_id: int, d: dict[str, Any]) -> bool:
    known = {_event_key(e) for e in store.events(dossier_id)}
    added = False
    for e in d["events"]:
        if _event_key(e) not in known:
            store.insert("events", {**{k: e[k] for k in ("at", "from_status", "to_status", "clerk", "note")},
                                    "dossier_id": dossier_id})
            known.add(_event_key(e))
            added = True
    return added
