"""Start-up time of gmdesk on the large demo database against a bare PySide6 window, in the same run.

Each measurement is a fresh process, timed from its start to the moment it prints READY: for gmdesk, the
main window shown with the tab the clerk sees and every start-up job delivered (dashboard, status bar); for
the baseline, a QMainWindow with an empty QTabWidget shown and its events processed. gmdesk paints its window
before it imports the database layer, so the time to the first painted window is printed too, and it builds
its other tabs afterwards while idle, so the time until they are all built is printed as well. Prints the
medians, their ratios (goal ≤ 2.0) and gmdesk's peak memory (goal ≤ 300 MB).

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
from _data import ROOT, ensure_bytecode, generate_file, large_demo_db

BASELINE = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTabWidget())
window.resize(1280, 800)
window.show()
QCoreApplication.processEvents()
print("READY", flush=True)
"""

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small demo, 2 runs (CI smoke run)")
    args = parser.parse_args()
    ensure_bytecode()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-startup-"))
    try:
        if args.quick:
            from datetime import date

            database = work / "small.db"
            generate_file(database, "small", 1, date(2026, 11, 20))
            runs = 2
        else:
            database = work / "large.db"
            shutil.copyfile(large_demo_db(), database)  # the window writes (daily backup, settings)
            runs = args.runs
        env = dict(os.environ, GMDESK_HOME=str(work / "home"), GMDESK_STARTUP_PROBE="1")
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        gmdesk = [sys.executable, "-m", "gmdesk", "--db", str(database)]
        bare = [sys.executable, "-c", BASELINE]
        timed(bare, env)  # warm the disk cache for both
        timed(gmdesk, env, settles=True)
        gmdesk_times, gmdesk_shown, gmdesk_settled, bare_times = [], [], [], []
        for _ in range(runs):
            bare_times.append(timed(bare, env)[1])
            shown, idle, settled = timed(gmdesk, env, settles=True)
            gmdesk_shown.append(shown)
            gmdesk_times.append(idle)
            gmdesk_settled.append(settled)
        memory = subprocess.run(
            [sys.executable, "-c", MEMORY, str(database)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        peak_mb = (
            int(next(line.split()[1] for line in memory.stdout.splitlines() if line.startswith("PEAK_KB")))
            / 1024
        )
        g, b = statistics.median(gmdesk_times), statistics.median(bare_times)
        first = statistics.median(gmdesk_shown)
        size_mb = database.stat().st_size / 1e6
        print(f"database: {database.name} ({size_mb:.0f} MB), {runs} runs, medians")
        print(f"bare PySide6 window shown:        {b * 1000:7.0f} ms")
        print(f"gmdesk window shown (painted):    {first * 1000:7.0f} ms   ratio {first / b:5.2f}")
        print(f"gmdesk shown and idle (all data): {g * 1000:7.0f} ms   ratio {g / b:5.2f}   (goal ≤ 2.0)")
        print(
            f"… and the other tabs built:       {statistics.median(gmdesk_settled) * 1000:7.0f} ms   (in idle time)"
        )
        print(f"gmdesk peak memory:    {peak_mb:7.0f} MB (goal ≤ 300 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
