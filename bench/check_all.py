"""``gmdesk check`` for every account of the large demo (500 accounts, 5 years, 1.1M posts).

Prints the time of the checks themselves inside the program (median of warm runs, and the first, cold run)
and the time of the whole command in a fresh process (start-up, opening the database, checks, JSON out)
against a bare PySide6 window started in turn with it: goal ≤ 0.5 s and ≤ 3× the window (issue 18).

    python bench/check_all.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import ROOT, bare_window_seconds, ensure_bytecode, generate_file, large_demo_db

from gmdesk.services.checks import run_checks
from gmdesk.services.database import open_database

AS_OF = date(2026, 11, 20)


def in_process(path: Path, runs: int) -> tuple[float, float, list[str]]:
    database = open_database(path)
    try:
        times = []
        rules: list[str] = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            with database.session() as session:
                findings = run_checks(session, AS_OF)
            times.append(time.perf_counter() - started)
            rules = [str(f.rule) for f in findings]
        return times[0], statistics.median(times[1:]), rules
    finally:
        database.close()


def command(path: Path, runs: int) -> tuple[float, float]:
    """Medians of the whole command and of the bare PySide6 window, fresh processes taking turns."""
    env = dict(os.environ, GMDESK_HOME=str(path.parent / "home"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = [sys.executable, "-m", "gmdesk", "check", "--db", str(path), "--date", AS_OF.isoformat(), "--json"]
    times, bare = [], []
    for _ in range(runs):
        bare.extend(bare_window_seconds(env, 1))
        started = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise RuntimeError(done.stderr)
        json.loads(done.stdout)
    return statistics.median(times), statistics.median(bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small demo, 1 run (CI smoke run)")
    args = parser.parse_args()
    ensure_bytecode()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-check-"))
    try:
        path = work / "demo.db"
        if args.quick:
            generate_file(path, "small", 1, AS_OF)
            runs = 1
        else:
            shutil.copyfile(
                large_demo_db(), path
            )  # opening a database may write (WAL): never the cached file
            runs = args.runs
        cold, warm, rules = in_process(path, runs)
        whole, bare = command(path, runs)
        database = open_database(path)
        with database.session() as session:
            from gmdesk.store.queries.overview import counts

            figures = counts(session)
        database.close()
        print(
            f"database: {figures.accounts} accounts ({figures.live_accounts} live), {figures.published_posts:,} published posts"
        )
        print(f"findings: {len(rules)} — " + ", ".join(f"{r} {n}" for r, n in Counter(rules).most_common()))
        print(f"checks in the program, first run:   {cold * 1000:7.0f} ms")
        print(f"checks in the program, warm median: {warm * 1000:7.0f} ms")
        print(f"bare PySide6 window, whole process: {bare * 1000:7.0f} ms   (median, same run)")
        print(
            f"`gmdesk check --json`, whole process:{whole * 1000:6.0f} ms   ratio {whole / bare:5.2f}"
            "   (goal ≤ 500 ms and ≤ 3.0)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
