"""Start-up time of gmdesk against a bare PySide6 window, in the same run (issue 18's goals).

Each measurement is a fresh process, timed from its start to the moment it prints READY: for gmdesk, the
main window shown with the tab the clerk sees and every start-up job delivered (dashboard, status bar); for
the baseline, a QMainWindow with an empty QTabWidget shown and its events processed. gmdesk paints its window
before it imports the database layer, so the time to the first painted window is printed too, and it builds
its other tabs afterwards while idle, so the time until they are all built is printed as well. Prints, for the
small demo and the large one, the medians and their ratios to the bare window (goals: small ≤ 2, large ≤ 3),
``--self-test`` on the large demo (goal ≤ 3) and gmdesk's peak memory (goal ≤ 300 MB).

    python bench/startup.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import BARE_WINDOW, ROOT, ensure_bytecode, generate_file, large_demo_db

BASELINE = BARE_WINDOW

MEMORY = """
import resource, runpy, sys
sys.argv = ["gmdesk", "--db", sys.argv[1]]
try:
    runpy.run_module("gmdesk", run_name="__main__")
except SystemExit:
    pass
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def timed(command: list[str], env: dict[str, str], settles: bool = False) -> tuple[float, float, float]:
    """(seconds to the first painted window, to idle, to SETTLED if ``settles``: every tab built), all from
    process start."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    shown = ready = None
    for line in process.stdout:
        if line.startswith("SHOWN") and shown is None:
            shown = time.perf_counter() - started
        if line.strip() == "READY":
            ready = time.perf_counter() - started
        if ready is not None and (not settles or line.strip() == "SETTLED"):
            break
    if ready is None:
        raise RuntimeError(f"{command} did not report READY")
    settled = time.perf_counter() - started
    process.stdout.close()
    process.wait(timeout=60)
    return (shown if shown is not None else ready), ready, settled


def first_screens(database: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """Medians of the bare window and of gmdesk's window (painted, with its data, every tab built), the
    runs alternating so that both see the same machine."""
    gmdesk = [sys.executable, "-m", "gmdesk", "--db", str(database)]
    bare = [sys.executable, "-c", BASELINE]
    timed(bare, env)  # warm the disk cache for both
    timed(gmdesk, env, settles=True)  # (and the day's first start makes its daily backup: not timed)
    samples: dict[str, list[float]] = {"bare": [], "shown": [], "idle": [], "settled": []}
    for _ in range(runs):
        samples["bare"].append(timed(bare, env)[1])
        shown, idle, settled = timed(gmdesk, env, settles=True)
        samples["shown"].append(shown)
        samples["idle"].append(idle)
        samples["settled"].append(settled)
    return {key: statistics.median(values) for key, values in samples.items()}


def self_test_seconds(database: Path, env: dict[str, str], runs: int) -> float:
    """``gmdesk --self-test`` (every tab visited with its data), whole process, median."""
    command = [sys.executable, "-m", "gmdesk", "--db", str(database), "--self-test"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_memory_mb(database: Path, env: dict[str, str]) -> float:
    memory = subprocess.run(
        [sys.executable, "-c", MEMORY, str(database)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return (
        int(next(line.split()[1] for line in memory.stdout.splitlines() if line.startswith("PEAK_KB"))) / 1024
    )


def report(label: str, database: Path, times: dict[str, float], goal: float) -> None:
    b = times["bare"]
    print(f"{label}: {database.name} ({database.stat().st_size / 1e6:.0f} MB), medians")
    print(f"  bare PySide6 window shown:        {b * 1000:7.0f} ms")
    print(
        f"  gmdesk window shown (painted):    {times['shown'] * 1000:7.0f} ms   ratio {times['shown'] / b:5.2f}"
    )
    print(
        f"  first screen with its data:       {times['idle'] * 1000:7.0f} ms   ratio {times['idle'] / b:5.2f}"
        f"   (goal ≤ {goal:.1f})"
    )
    print(f"  … and every tab built:            {times['settled'] * 1000:7.0f} ms   (goal ≤ 1500 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small demo, 2 runs (CI smoke run)")
    args = parser.parse_args()
    ensure_bytecode()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-startup-"))
    try:
        from datetime import date

        small = work / "small.db"
        generate_file(small, "small", 1, date(2026, 11, 20))
        env = dict(os.environ, GMDESK_HOME=str(work / "home"), GMDESK_STARTUP_PROBE="1")
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        runs = 2 if args.quick else args.runs
        report("small demo", small, first_screens(small, env, runs), 2.0)
        if args.quick:
            return
        database = work / "large.db"
        shutil.copyfile(large_demo_db(), database)  # the window writes (daily backup, settings)
        times = first_screens(database, env, runs)
        report("large demo", database, times, 3.0)
        tested = self_test_seconds(database, env, runs)
        print(
            f"  --self-test (every tab visited):  {tested * 1000:7.0f} ms   ratio {tested / times['bare']:5.2f}"
            "   (goal ≤ 3.0)"
        )
        print(f"  peak memory:                      {peak_memory_mb(database, env):7.0f} MB  (goal ≤ 300 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
