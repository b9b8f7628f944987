"""Several terminals on one database: real OS processes submitting at the same moment get
distinct, gapless receipt codes; several processes opening a new database all see one schema."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import AGENCY_ID, BIRTH, NOW, new_draft

PROCESSES = 8

# Each process pays its start-up cost first, then waits for the starting gun, then runs the
# real console entry point: so the submissions really do overlap.
RUNNER = textwrap.dedent("""\
    import os, sys, time
    from pathlib import Path
    from dvc_cli.app import main
    go = Path(os.environ["GO_FILE"])
    Path(os.environ["READY_FILE"]).touch()
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    sys.argv = ["dvc-cli", *sys.argv[1:]]
    main()
""")


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_")}
    env.update({"DVC_DB": str(db), "DVC_NOW": NOW, "DVC_CLERK": "Quầy số {n}", "NO_COLOR": "1",
                "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    env.update(extra)
    return env


def _race(tmp_path: Path, db: Path, argvs: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Start one process per argv, wait until all are ready, fire them together, collect results."""
    go = tmp_path / "go"
    procs = []
    for n, argv in enumerate(argvs):
        ready = tmp_path / f"ready-{n}"
        env = _env(db, GO_FILE=str(go), READY_FILE=str(ready), DVC_CLERK=f"Quầy số {n}")
        procs.append((ready, subprocess.Popen(
            [sys.executable, "-c", RUNNER, *argv], env=env, cwd=tmp_path,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )))
    deadline = time.monotonic() + 60
    while not all(ready.exists() for ready, _ in procs):
        assert time.monotonic() < deadline, "the processes did not start"
        assert all(p.poll() is None for _, p in procs), [p.communicate() for _, p in procs if p.poll() is not None]
        time.sleep(0.005)
    go.touch()
    results = []
    for _, proc in procs:
        out, err = proc.communicate(timeout=60)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_simultaneous_submissions_get_distinct_gapless_codes(cli, desk, tmp_path, db):
    drafts = [new_draft(cli, BIRTH)["id"] for _ in range(PROCESSES)]
    results = _race(tmp_path, db, [
        ["dossier", "submit", str(d), "--presented", "to_khai", "--presented", "giay_chung_sinh", "--json"]
        for d in drafts
    ])
    for result in results:
        assert result.returncode == 0, result.stderr
    views = [json.loads(r.stdout) for r in results]
    codes = sorted(v["code"] for v in views)
    assert codes == [f"{AGENCY_ID}-261123-{n:04d}" for n in range(1, PROCESSES + 1)]
    assert sorted(v["id"] for v in views) == sorted(drafts)  # each process submitted its own draft
    # the database agrees: every dossier received once, the sequence stands at N
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT code, status FROM dossiers ORDER BY code").fetchall()
        last = conn.execute("SELECT last FROM receipt_sequence WHERE agency_id = ? AND day = ?",
                            (AGENCY_ID, "2026-11-23")).fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM events WHERE to_status = 2").fetchone()[0]
    finally:
        conn.close()
    assert [r[0] for r in rows] == codes and {r[1] for r in rows} == {2}
    assert last == PROCESSES and events == PROCESSES
    # and the next one continues the same sequence
    nxt = cli.json("dossier", "submit", new_draft(cli, BIRTH)["id"], "--presented", "to_khai", "--presented", "giay_chung_sinh")
    assert nxt["code"] == f"{AGENCY_ID}-261123-{PROCESSES + 1:04d}"


def test_simultaneous_first_use_of_a_new_database(tmp_path):
    db = tmp_path / "fresh" / "desk.sqlite3"
    results = _race(tmp_path, db, [["office", "show", "--json"] for _ in range(PROCESSES // 2)])
    for result in results:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {}
    from dvc_cli.migrations import MIGRATIONS

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    finally:
        conn.close()


def test_the_same_draft_submitted_twice_at_once_is_received_once(cli, desk, tmp_path, db):
    draft = new_draft(cli, BIRTH)["id"]
    args = ["dossier", "submit", str(draft), "--presented", "to_khai", "--presented", "giay_chung_sinh", "--json"]
    results = _race(tmp_path, db, [args, args, args])
    winners = [r for r in results if r.returncode == 0]
    losers = [r for r in results if r.returncode != 0]
    assert len(winners) == 1, [(r.returncode, r.stderr) for r in results]
    assert json.loads(winners[0].stdout)["code"] == f"{AGENCY_ID}-261123-0001"
    for loser in losers:  # refused as a conflict (it is no longer a draft), with a message
        assert loser.returncode == 4, loser.stderr
        assert loser.stdout == "" and loser.stderr.strip()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT last FROM receipt_sequence").fetchall() == [(1,)]
        assert conn.execute("SELECT COUNT(*) FROM events WHERE to_status = 2").fetchone()[0] == 1
    finally:
        conn.close()


def test_two_terminals_moving_the_same_dossier_at_once(cli, desk, tmp_path, db):
    """One clerk marks it done while another records a withdrawal: exactly one move happens;
    the other is refused against the state the first one left, and the history stays a chain."""
    code = cli.json("dossier", "submit", new_draft(cli, BIRTH)["id"], "--presented", "to_khai",
                    "--presented", "giay_chung_sinh")["code"]
    results = _race(tmp_path, db, [["dossier", "move", code, "--to", target] for target in ("done", "withdrawn") * 3])
    assert sorted(r.returncode for r in results) == [0, 4, 4, 4, 4, 4], [(r.returncode, r.stderr) for r in results]
    history = cli.json("dossier", "show", code)["history"]
    assert [(h["from"], h["to"]) for h in history][:2] == [(None, "draft"), ("draft", "received")]
    assert len(history) == 3
    for before, after in itertools.pairwise(history):
        assert after["from"] == before["to"]
