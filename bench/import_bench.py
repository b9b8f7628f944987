"""Benchmark: `dvc-cli import citizens` of 100,000 valid citizens from CSV, next to
`sqlite-utils insert --csv` of the same file and a plain sqlite3 `executemany`, in the same run.

Goal (issue 5): at least 5x faster than `sqlite-utils insert`, and within 4x of the plain
executemany, with full validation. Every command runs as a whole process into a fresh database.

    python bench/import_bench.py [--citizens 100000] [--runs 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dvc_cli.rules.ids import PROVINCE_CODES

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Quang", "Thanh", "Kim", "Gia", "Xuân")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn")
VILLAGES = ("Thôn Đông", "Thôn Tây", "Xóm Mới", "Thôn Thượng", "Thôn Hạ", "Tổ dân phố 3")

EXECUTEMANY = """\
import csv, sqlite3, sys
db, path = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
with open(path, newline="", encoding="utf-8-sig") as handle:
    reader = csv.reader(handle)
    header = next(reader)
    conn.execute(f"CREATE TABLE citizens ({', '.join(header)})")
    with conn:
        conn.executemany(f"INSERT INTO citizens VALUES ({', '.join('?' for _ in header)})", reader)
print(conn.execute("SELECT COUNT(*) FROM citizens").fetchone()[0])
"""


def make_csv(path: Path, n: int) -> None:
    """n valid, distinct citizens as Excel's "CSV UTF-8" writes them (BOM, CRLF)."""
    rng = random.Random(5)
    provinces = sorted(PROVINCE_CODES)
    seen: set[str] = set()
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["so_dinh_danh", "ho_va_ten", "ngay_sinh", "gioi_tinh", "dien_thoai", "dia_chi"])
        while len(seen) < n:
            year = rng.randint(1940, 2020)
            female = rng.random() < 0.5
            digit = (0 if year < 2000 else 2) + female
            pid = f"{rng.choice(provinces)}{digit}{year % 100:02d}{rng.randrange(10**6):06d}"
            if pid in seen:
                continue
            seen.add(pid)
            name = f"{rng.choice(FAMILY)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            dob = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
            phone = f"0{rng.choice('35789')}{rng.randrange(10**8):08d}" if rng.random() < 0.8 else ""
            writer.writerow([pid, name, dob, "nữ" if female else "nam", phone, f"{rng.choice(VILLAGES)}, xã Lương Phong"])


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="dvc-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "citizens.csv"
    make_csv(source, args.citizens)
    bindir = Path(sys.executable).parent
    # as installed tools run: with their byte-code cached (pip compiles it at install; an editable
    # install writes it on first use unless PYTHONDONTWRITEBYTECODE forbids it)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_") and k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {"dvc-cli import citizens": [], "sqlite-utils insert --csv": [],
                                     "sqlite3 executemany": []}
    for run in range(-1, args.runs):  # round -1 warms up (byte-code, the file in the page cache), untimed
        dbs = {name: folder / f"run{run}-{i}.sqlite3" for i, name in enumerate(times)}
        for db in dbs.values():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        commands = {
            "dvc-cli import citizens": [str(bindir / "dvc-cli"), "import", "citizens", str(source), "--json",
                                        "--db", str(dbs["dvc-cli import citizens"])],
            "sqlite-utils insert --csv": [str(bindir / "sqlite-utils"), "insert", str(dbs["sqlite-utils insert --csv"]),
                                          "citizens", str(source), "--csv"],
            "sqlite3 executemany": [sys.executable, "-c", EXECUTEMANY, str(dbs["sqlite3 executemany"]), str(source)],
        }
        order = list(commands)
        random.Random(run).shuffle(order)  # so a change in the machine's load does not always hit the same one
        for name in order:
            elapsed = timed(commands[name], env)
            if run >= 0:
                times[name].append(elapsed)
        for name, db in dbs.items():
            conn = sqlite3.connect(db)
            rows = conn.execute("SELECT COUNT(*) FROM citizens").fetchone()[0]
            conn.close()
            if rows != args.citizens:
                sys.exit(f"{name} stored {rows} rows, not {args.citizens}")
    print(f"{args.citizens:,} citizens, {args.runs} runs; Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"{'command':28} {'min':>8} {'median':>8} {'mean':>8}")
    for name, values in times.items():
        print(f"{name:28} {min(values):7.2f}s {statistics.median(values):7.2f}s {statistics.mean(values):7.2f}s")
    ours, utils, plain = (times[name] for name in ("dvc-cli import citizens", "sqlite-utils insert --csv",
                                                    "sqlite3 executemany"))
    rounds_faster = statistics.median(u / o for u, o in zip(utils, ours))  # each round ran the three back to back
    rounds_within = statistics.median(o / p for o, p in zip(ours, plain))
    faster = statistics.median(utils) / statistics.median(ours)
    within = statistics.median(ours) / statistics.median(plain)
    print("ratios of the medians, and the median of each round's own ratio:")
    print(f"sqlite-utils / dvc-cli = {faster:.1f}x, per round {rounds_faster:.1f}x (goal >= 5x): "
          f"{'met' if min(faster, rounds_faster) >= 5 else 'NOT met'}")
    print(f"dvc-cli / executemany = {within:.1f}x, per round {rounds_within:.1f}x (goal <= 4x): "
          f"{'met' if max(within, rounds_within) <= 4 else 'NOT met'}")


if __name__ == "__main__":
    main()
