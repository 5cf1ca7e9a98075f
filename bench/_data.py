"""Benchmark data: the large demo database, generated once and cached under ``bench/.cache/``.

The cache file name carries a fingerprint of the generator's source and the schema revision, so a change to
either regenerates the data instead of benchmarking a stale file. Later benchmarks call
:func:`large_demo_db` and open (or copy) the file it returns.
"""

from __future__ import annotations

import compileall
import hashlib
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as ``python bench/xxx.py`` from anywhere
    sys.path.insert(0, str(ROOT))

from gmdesk.services.database import open_database  # noqa: E402
from gmdesk.services.demo import DemoSummary, generate_demo  # noqa: E402
from gmdesk.store import schema  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
DEMO_SOURCES = ROOT / "gmdesk" / "services" / "demo"


def fingerprint() -> str:
    """Ten hex digits identifying the generator's code and the schema it writes."""
    sha = hashlib.sha256(schema.HEAD_REVISION.encode())
    for source in sorted(DEMO_SOURCES.glob("*.py")):
        sha.update(source.name.encode())
        sha.update(source.read_bytes())
    return sha.hexdigest()[:10]


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def generate_file(path: Path, scale: str, seed: int, as_of: date) -> DemoSummary:
    """Generate a demo database into ``path`` (replaced if present) and close it."""
    _remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database = open_database(path)
    try:
        return generate_demo(database, scale=scale, seed=seed, as_of=as_of)
    finally:
        database.close()


def cache_path(seed: int, as_of: date) -> Path:
    return CACHE / f"demo-large-seed{seed}-{as_of.isoformat()}-{fingerprint()}.db"


def install(generated: Path, seed: int, as_of: date) -> Path:
    """Move a freshly generated large database into the cache, dropping versions made by older code."""
    path = cache_path(seed, as_of)
    for stale in CACHE.glob(f"demo-large-seed{seed}-{as_of.isoformat()}-*.db"):
        _remove(stale)
    CACHE.mkdir(parents=True, exist_ok=True)
    generated.replace(path)  # only a complete file ever carries the final name
    return path


def large_demo_db(seed: int = 1, as_of: date = date(2026, 11, 20)) -> Path:
    """The path of the cached large demo database (500 accounts, 5 years), generating it on first use."""
    path = cache_path(seed, as_of)
    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    summary = generate_file(partial, "large", seed, as_of)
    install(partial, seed, as_of)
    print(f"已缓存大规模示例数据：{path}（用时 {summary.seconds:.0f} 秒）", file=sys.stderr)
    return path


def ensure_bytecode() -> None:
    """Compile gmdesk's modules before timing fresh processes: an installed gmdesk always has its bytecode
    (pip compiles at install, the Windows build ships it), but a checkout run with PYTHONDONTWRITEBYTECODE
    would otherwise compile every module again in every measured start."""
    compileall.compile_dir(ROOT / "gmdesk", quiet=1)


BARE_WINDOW = """
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
"""The baseline every whole-process goal is a ratio of: a bare PySide6 window shown, in a fresh process."""


def bare_window_seconds(env: dict[str, str], runs: int) -> list[float]:
    """Times of the bare window, from process start until it has shown (fresh processes)."""
    import subprocess
    import time

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", BARE_WINDOW], capture_output=True, text=True, env=env, check=True, cwd=ROOT
        )
        times.append(time.perf_counter() - started)
    return times


def openpyxl_read_seconds(path: Path) -> tuple[float, int]:
    """openpyxl's read-only load and one pass over every row of the first sheet: the least any import of the
    file must do. (seconds, rows)"""
    import time

    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return time.perf_counter() - started, count


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (issue 18's goal: ≤ 300 MB throughout)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
