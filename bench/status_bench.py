"""Benchmark: `dvc-cli status CODE` on a database of 1,000,000 dossiers, as whole processes.

Builds the database through the real migrations (dvc_cli.store.Store), bulk-loads realistic rows,
then times `dvc-cli --help`, `dvc-cli status CODE --json`, `dvc-cli status CODE` and
`sqlite-utils --help` in the same run. The goal (DESIGN.md section 3, issue 2): a status lookup
at this size is no slower than `sqlite-utils --help`.

    python bench/status_bench.py [--dossiers 1000000] [--runs 20] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from dvc_cli.catalogue import Procedure, load
from dvc_cli.rules.codes import receipt_code
from dvc_cli.rules.ids import PROVINCE_CODES
from dvc_cli.rules.lifecycle import ALLOWED, PAUSED, Status
from dvc_cli.rules.text import fold
from dvc_cli.store import Store

S = Status
OFFICE = {"name": "UBND xã Lương Phong", "agency_id": "000.17.22.H56"}
HISTORY_DAYS = 2500
"""Working days the dossiers are spread over (about ten years, ending today)."""
CHUNK_DAYS = 25
"""Working days of dossiers generated and loaded at a time."""
CLERKS = ("lan.nt", "hung.pv", "mai.lt", "tuan.dq")

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Đức", "Minh", "Ngọc", "Hữu", "Quang", "Thanh", "Kim", "Gia", "Xuân")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn",
         "Vy", "Yến")

PATHS: dict[Status, tuple[Status, ...]] = {
    S.draft: (S.draft,),
    S.registered: (S.draft, S.registered),
    S.not_received: (S.draft, S.registered, S.not_received),
    S.received: (S.draft, S.received),
    S.processing: (S.draft, S.received, S.processing),
    S.supplement_requested: (S.draft, S.received, S.supplement_requested),
    S.payment_requested: (S.draft, S.received, S.processing, S.payment_requested),
    S.withdrawn: (S.draft, S.received, S.withdrawn),
    S.stopped: (S.draft, S.received, S.processing, S.stopped),
    S.done: (S.draft, S.received, S.processing, S.done),
    S.returned: (S.draft, S.received, S.processing, S.done, S.returned),
}
"""The moves by which each final state was reached (each an allowed move)."""
UNCODED = frozenset({S.draft, S.registered, S.not_received})
"""Final states of dossiers never received, hence without a receipt code."""


def weighted(weights: dict) -> tuple:
    """Each choice repeated by its weight, for a quick `rng.choice`."""
    return tuple(choice for choice, weight in weights.items() for _ in range(weight))


OLD = weighted({S.returned: 85, S.done: 3, S.withdrawn: 4, S.stopped: 2, S.not_received: 2, S.draft: 1,
                S.processing: 1, S.supplement_requested: 1, S.payment_requested: 1})
RECENT = weighted({S.draft: 3, S.registered: 2, S.received: 20, S.processing: 30, S.supplement_requested: 8,
                   S.payment_requested: 4, S.done: 20, S.returned: 13})
RECENT_DAYS = 20
"""Dossiers opened in the last RECENT_DAYS working days are mostly open (RECENT), older ones closed (OLD)."""
CHANNELS = weighted({"direct": 70, "online": 25, "post": 5})
DELIVERIES = weighted({"desk": 85, "post": 10, "online": 5})
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)

INSERT = {
    "dossiers": "INSERT INTO dossiers (id, uid, code, status, citizen_id, procedure_code, procedure_name, "
                "procedure_field, processing_days, fee_amount, fee_mode, agency_code, agency_name, channel, "
                "delivery, received_at, due_date, paused_at, done_at, closed_at, created_at, updated_at, "
                "created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "dossier_documents": "INSERT INTO dossier_documents (dossier_id, key, name, form, required, presented, "
                         "position) VALUES (?,?,?,?,?,?,?)",
    "attachments": "INSERT INTO attachments (dossier_id, doc_key, filename, sha256, size, mime, attached_at, "
                   "clerk) VALUES (?,?,?,?,?,?,?,?)",
    "events": "INSERT INTO events (dossier_id, at, from_status, to_status, clerk, note) VALUES (?,?,?,?,?,?)",
    "receipt_sequence": "INSERT INTO receipt_sequence (agency_id, day, last) VALUES (?,?,?)",
}
INSERT_CITIZEN = ("INSERT INTO citizens (id, uid, personal_id, name, name_folded, dob, gender, phone, email, "
                  "address, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")


# --- generating rows ------------------------------------------------------------------------


def working_days(today: date, back: int, ahead: int) -> list[date]:
    """`back` weekdays up to and including `today`, then `ahead` more (holidays are ignored)."""
    def walk(step: int, count: int) -> list[date]:
        found, day = [], today
        while len(found) < count:
            day += timedelta(days=step)
            if day.weekday() < 5:
                found.append(day)
        return found

    return walk(-1, back - 1)[::-1] + [today] + walk(1, ahead)


def uid(rng: random.Random) -> str:
    """A random version-4 UUID (from the seeded generator, so builds repeat)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def citizen_rows(rng: random.Random, count: int, now: str) -> list[tuple]:
    """Citizens with valid 12-digit IDs (unique: the serial is the row number), folded names, phones."""
    provinces = sorted(PROVINCE_CODES)
    rows = []
    for i in range(count):
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 80))
        female = rng.random() < 0.5
        digit = (dob.year - 1900) // 100 * 2 + female
        pid = f"{provinces[i // 10**6 % len(provinces)]}{digit}{dob.year % 100:02d}{i % 10**6:06d}"
        name = f"{rng.choice(FAMILY)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"09{rng.randrange(10**8):08d}" if rng.random() < 0.7 else None
        rows.append((i + 1, uid(rng), pid, name, fold(name), dob.isoformat(), "female" if female else "male",
                     phone, None, f"Thôn {rng.randrange(1, 12)}, xã Lương Phong", now, now))
    return rows


class Builder:
    """Turns dossier number i of n into its rows: the dossier, its checklist, attachments, history.
    Dossier i is opened on working day i * len(history) // n, so the n dossiers fill the history."""

    def __init__(self, n: int, days: list[date]) -> None:
        catalogue = load()
        self.n, self.days, self.span = n, days, HISTORY_DAYS
        self.rng = random.Random()
        self.citizens = max(1, n // 5)
        self.procedures = list(catalogue.procedures.values())
        self.agencies = {code: agency.name for code, agency in catalogue.agencies.items()}
        self.midnights = [datetime.combine(day, datetime.min.time()) for day in days]

    def chunk(self, first_day: int) -> dict[str, list[tuple]]:
        """Rows of every table for the dossiers opened on CHUNK_DAYS days from `first_day`,
        with those days' receipt sequences (numbered without gaps)."""
        self.rng.seed(first_day)
        rows: dict[str, list[tuple]] = {table: [] for table in INSERT}
        sequence: dict[int, int] = {}
        last_day = min(first_day + CHUNK_DAYS, self.span)
        for i in range(-(-first_day * self.n // self.span), -(-last_day * self.n // self.span)):
            final, seq = self.final(i), None
            if final not in UNCODED:
                seq = sequence[self.day(i)] = sequence.get(self.day(i), 0) + 1
            for table, more in self.rows(i, final, seq).items():
                rows[table].extend(more)
        rows["receipt_sequence"] = [(OFFICE["agency_id"], self.days[d].isoformat(), last)
                                    for d, last in sequence.items()]
        return rows

    def day(self, i: int) -> int:
        return i * self.span // self.n

    def final(self, i: int) -> Status:
        """The state dossier i is in today: mostly closed when old, mostly open when recent."""
        return self.rng.choice(OLD if self.span - self.day(i) > RECENT_DAYS else RECENT)

    def times(self, i: int, d: int, days: int) -> tuple[int, tuple[datetime, ...]]:
        """The index of dossier i's appointment day and the times of its successive moves:
        opened, received, taken up, finished (5% of them late), returned."""
        received = self.midnights[d] + timedelta(seconds=27000 + i * self.span % self.n * 28800 // self.n)
        due = d + days + (days == 0 and received.hour >= 15)
        late = 2 if self.rng.random() < 0.05 else 0
        finish = max(self.midnights[min(due + late, self.span - 1)] + 14 * HOUR, received + 3 * HOUR)
        return due, (received - 10 * MINUTE, received, received + 2 * HOUR, finish, finish + 2 * DAY)

    def rows(self, i: int, final: Status, seq: int | None) -> dict[str, list[tuple]]:
        """Rows of every table for dossier i; `seq` is its number in its day's receipt sequence."""
        rng, proc, d, dossier_id = self.rng, self.rng.choice(self.procedures), self.day(i), i + 1
        due, stamps = self.times(i, d, proc.processing_days)
        path = PATHS[final]
        at = {status: stamps[k].isoformat() for k, status in enumerate(path)}
        last, clerk, agency = at[final], rng.choice(CLERKS), proc.agencies[0]
        code = None if seq is None else receipt_code(OFFICE["agency_id"], self.days[d], seq)
        dossier = (
            dossier_id, uid(rng), code, int(final), rng.randrange(1, self.citizens + 1), proc.code, proc.name,
            proc.field, proc.processing_days, proc.fee.amount, proc.fee.mode, agency, self.agencies[agency],
            rng.choice(CHANNELS), rng.choice(DELIVERIES), at.get(S.received),
            None if code is None else self.days[due].isoformat(), last if final in PAUSED else None,
            at.get(S.done), None if ALLOWED[final] else last, at[S.draft], last, clerk,
        )
        return {
            "dossiers": [dossier],
            **self.papers(dossier_id, proc, final, at[S.draft], clerk),
            "events": [(dossier_id, at[after], None if k == 0 else int(path[k - 1]), int(after), clerk, "")
                       for k, after in enumerate(path)],
        }

    def papers(self, dossier_id: int, proc: Procedure, final: Status, at: str, clerk: str) -> dict[str, list]:
        """The checklist: required papers presented at the desk, or scanned for one dossier in ten;
        a dossier waiting for a supplement still lacks its first paper."""
        scanned = dossier_id % 10 == 0
        documents, attachments = [], []
        for position, doc in enumerate(proc.documents):
            present = doc.required and not (final is S.supplement_requested and position == 0)
            documents.append((dossier_id, doc.key, doc.name, doc.form, int(doc.required),
                              int(present and not scanned), position))
            if present and scanned:
                attachments.append((dossier_id, doc.key, f"{doc.key}.pdf", f"{self.rng.getrandbits(256):064x}",
                                    self.rng.randrange(40_000, 2_000_000), "application/pdf", at, clerk))
        return {"dossier_documents": documents, "attachments": attachments}


# --- loading the database -------------------------------------------------------------------


def build(path: Path, n: int) -> None:
    """Create the schema with the real migrations, then load n dossiers in one transaction,
    a chunk of days at a time (without foreign-key checks: every row refers to rows loaded before it)."""
    store = Store(path)
    for pragma in ("synchronous = OFF", "cache_size = -1000000", "foreign_keys = OFF"):
        store.conn.execute(f"PRAGMA {pragma}")
    builder = Builder(n, working_days(date.today(), HISTORY_DAYS, 40))
    now = datetime.now().replace(microsecond=0).isoformat()
    with store.transaction():
        store.set_office(OFFICE)
        store.conn.executemany(INSERT_CITIZEN, citizen_rows(random.Random(0), builder.citizens, now))
        for first_day in range(0, HISTORY_DAYS, CHUNK_DAYS):
            for table, rows in builder.chunk(first_day).items():
                store.conn.executemany(INSERT[table], rows)
    store.close()


def middle_code(path: Path) -> str:
    """The receipt code of the dossier in the middle of the table."""
    store = Store(path)
    row = store.conn.execute("SELECT code FROM dossiers WHERE id >= (SELECT MAX(id) / 2 FROM dossiers) "
                             "AND code IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    store.close()
    return row[0]


def database_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


# --- timing whole processes -----------------------------------------------------------------


def run(argv: list[str], env: dict[str, str], expect: str) -> float:
    """Wall-clock seconds of one process; fails loudly unless it exits 0 and prints `expect`."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or expect not in done.stdout:
        sys.exit(f"FAILED: {' '.join(argv)} exited {done.returncode} without {expect!r} on stdout\n"
                 f"stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}")
    return elapsed


def measure(commands: dict[str, tuple[list[str], str]], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """One warm-up of each command, then `runs` rounds in which each command runs once (interleaved)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, (argv, expect) in commands.items():
            elapsed = run(argv, env, expect)
            if round_:
                times[name].append(elapsed)
    return times


def commands(code: str) -> dict[str, tuple[list[str], str]]:
    """What to time, with the text each must print: the console scripts of this very venv."""
    bin_dir = Path(sys.executable).parent
    dvc, sqlite_utils = str(bin_dir / "dvc-cli"), str(bin_dir / "sqlite-utils")
    return {
        "dvc-cli --help": ([dvc, "--help"], "status"),
        "dvc-cli status CODE --json": ([dvc, "status", code, "--json"], f'"code": "{code}"'),
        "dvc-cli status CODE": ([dvc, "status", code], code),
        "sqlite-utils --help": ([sqlite_utils, "--help"], "Usage"),
    }


def report(times: dict[str, list[float]], status: str, baseline: str) -> None:
    """Print min / median / mean per command and the verdict on the goal (medians compared)."""
    width = max(map(len, times))
    print(f"\n{'command':<{width}}  {'min':>7}  {'median':>7}  {'mean':>7}   (ms)")
    for name, values in times.items():
        print(f"{name:<{width}}  {min(values) * 1e3:7.1f}  {statistics.median(values) * 1e3:7.1f}  "
              f"{statistics.mean(values) * 1e3:7.1f}")
    ours, theirs = statistics.median(times[status]), statistics.median(times[baseline])
    print(f"\nGoal: `{status}` no slower than `{baseline}` (medians): "
          f"{'MET' if ours <= theirs else 'NOT MET'}: {ours * 1e3:.1f} ms vs {theirs * 1e3:.1f} ms "
          f"({(ours - theirs) * 1e3:+.1f} ms, x{ours / theirs:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers to build (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (default 20)")
    parser.add_argument("--out", type=Path, help="folder to build and keep the database in (default: temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvc-bench-") as temp:
        path = (args.out or Path(temp)) / f"dossiers-{args.dossiers}.sqlite3"
        for old in path.parent.glob(path.name + "*"):
            old.unlink()
        print(f"Building {args.dossiers:,} dossiers in {path} ...", flush=True)
        start = time.perf_counter()
        build(path, args.dossiers)
        built = time.perf_counter() - start
        code = middle_code(path)
        print(f"Built in {built:.1f} s: {database_size(path) / 2**20:,.0f} MiB. Looking up {code}; "
              f"{args.runs} runs of each command after a warm-up ...", flush=True)
        # as an installed tool runs: its byte-code cached (PYTHONDONTWRITEBYTECODE would compile it each time)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        times = measure(commands(code), {**env, "DVC_DB": str(path)}, args.runs)
    report(times, "dvc-cli status CODE --json", "sqlite-utils --help")
    print(f"Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}, {date.today().isoformat()}")


if __name__ == "__main__":
    main()
