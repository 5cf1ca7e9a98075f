"""Time ``gmdesk demo`` at both scales and print rows, seconds, throughput, file size and peak memory.

    python bench/demo_generate.py                 # small and large (a few minutes)
    python bench/demo_generate.py --scale small   # quick smoke run
    python bench/demo_generate.py --cache         # also keep the large file in bench/.cache/ for later runs

Targets: small well under 30 s (aim ≤ 10 s), large within a few minutes on a two-core machine.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _data import generate_file, install

TABLES = (
    "units",
    "people",
    "accounts",
    "account_roles",
    "password_rotations",
    "filing_events",
    "posts",
    "repost_tasks",
    "repost_targets",
    "messages",
    "message_events",
    "replies",
    "transfers",
    "day_notes",
    "rectification_items",
    "security_incidents",
)
TARGETS = {"small": 30.0, "large": 300.0}


def row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def run(scale: str, folder: Path, seed: int, as_of: date) -> dict[str, int]:
    path = folder / f"demo-{scale}.db"
    started = time.perf_counter()
    summary = generate_file(path, scale, seed, as_of)
    wall = time.perf_counter() - started
    counts = row_counts(path)
    total = sum(counts.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "OK" if wall <= TARGETS[scale] else f"慢于目标 {TARGETS[scale]:.0f} 秒"
    print(f"\n[{scale}] 生成 {summary.seconds:.1f} 秒（含打开/关闭 {wall:.1f} 秒），{verdict}")
    print(
        f"  共 {total:,} 行，{total / summary.seconds:,.0f} 行/秒；文件 {path.stat().st_size / 2**20:,.0f} MB；峰值内存 {peak_mb:,.0f} MB"
    )
    for table, count in counts.items():
        print(f"  {table:<20} {count:>12,}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("small", "large", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 20))
    parser.add_argument("--cache", action="store_true", help="keep the large database in bench/.cache/")
    parser.add_argument("--quick", action="store_true", help="small scale only (the CI smoke run)")
    args = parser.parse_args()
    scales = ("small", "large") if args.scale == "both" else (args.scale,)
    if args.quick:
        scales = ("small",)
    with tempfile.TemporaryDirectory(prefix="gmdesk-bench-") as folder:
        for scale in scales:
            counts = run(scale, Path(folder), args.seed, args.as_of)
            if scale == "large":
                assert counts["posts"] > 1_000_000 and counts["messages"] == 200_000, counts
                if args.cache:
                    print(f"  已缓存：{install(Path(folder) / 'demo-large.db', args.seed, args.as_of)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
