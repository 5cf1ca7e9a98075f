"""Importing 100,000 posts into the large demo (a copy) against openpyxl alone reading the same file.

Both are measured in the same run on the same file: openpyxl's read-only load and one pass over every row
(the least any import must do), then ``gmdesk``'s whole import — read, check every cell, match accounts,
find duplicates, write in one transaction. Prints both and their ratio (goal ≤ 1.2, issue 18), medians of
runs taking turns, each import into a fresh copy of the database. The backup taken before
an import (GUI and CLI) is timed separately: it depends on the size of the database, not of the file. The
process's peak memory is printed last (goal ≤ 300 MB).

    python bench/import_posts.py [--rows 100000] [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import generate_file, large_demo_db, openpyxl_read_seconds, peak_memory_mb

from gmdesk.services.database import open_database
from gmdesk.services.lookups import accounts_by_name
from gmdesk.services.posts_io import read_posts, write_posts

AS_OF = date(2026, 11, 20)
HEADERS = ["账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数", "平台"]
"""The §7 columns and 平台, which tells apart a unit's accounts of the same name on different platforms."""
TOPICS = ("冬季供暖保障", "森林防火", "医保缴费", "营商环境", "乡村振兴", "安全生产", "文明创建", "民生实事")


def write_file(database_path: Path, path: Path, rows: int) -> int:
    from openpyxl import Workbook

    database = open_database(database_path)
    try:
        with database.session() as session:
            names = sorted(
                (c.name, c.platform.label)
                for found in accounts_by_name(session).values()
                for c in found
                if c.state.is_live
            )
    finally:
        database.close()
    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("发布记录")
    sheet.append(HEADERS)
    start = datetime(2021, 1, 4, 7, 0)
    for index in range(rows):
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 5))
        repost = rng.random() < 0.35
        name, platform = rng.choice(names)
        sheet.append(
            [
                name,
                at.strftime("%Y-%m-%d %H:%M"),
                f"{rng.choice(TOPICS)}工作动态（导入第{index + 1}条）",
                "转载" if repost else "原创",
                "云江市人民政府网站" if repost else "",
                "是" if rng.random() < 0.2 else "否",
                f"https://mp.weixin.qq.com/s/{rng.getrandbits(64):016x}",
                rng.randrange(0, 5000),
                platform,
            ]
        )
    book.save(path)
    return len(names)


def gmdesk_import(database_path: Path, path: Path) -> tuple[float, float, float, str]:
    """(whole import without its backup, of which reading and checking, the backup the import makes before
    writing, result) — one unit of work, committed."""
    from gmdesk.services import backups

    now = datetime.combine(AS_OF, datetime.min.time())
    database = open_database(database_path)
    spent = [0.0]
    original = backups.before_write

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - began

    backups.before_write = timed  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        with database.session() as session:
            parsed = read_posts(session, path, now)
            checked = time.perf_counter()
            result = write_posts(session, parsed, "基准测试", now)
        return time.perf_counter() - started - spent[0], checked - started, spent[0], result.describe()
    finally:
        backups.before_write = original  # type: ignore[assignment]
        database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="imports timed, each into a fresh copy")
    parser.add_argument("--quick", action="store_true", help="small demo, 2,000 rows, 1 run (CI smoke run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-import-"))
    try:
        source = work / "source.db"
        if args.quick:
            generate_file(source, "small", 1, AS_OF)
            rows, runs = 2_000, 1
        else:
            shutil.copyfile(large_demo_db(), source)  # opening may write (WAL): never the cached file
            rows, runs = args.rows, args.runs
        path = work / "posts.xlsx"
        accounts = write_file(source, path, rows)
        openpyxl_read_seconds(path)  # warm the disk cache for both
        reads, imports, checks, backups, summary = [], [], [], [], ""
        database = work / "demo.db"
        for _ in range(runs):  # openpyxl and gmdesk take turns: both see the same machine
            reads.append(openpyxl_read_seconds(path)[0])
            shutil.copyfile(source, database)  # the import writes: never the cached file
            import_time, check_time, backup_time, summary = gmdesk_import(database, path)
            imports.append(import_time)
            checks.append(check_time)
            backups.append(backup_time)
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        read_time, import_time = statistics.median(reads), statistics.median(imports)
        check_time = statistics.median(checks)
        size = database.stat().st_size / 1e6
        print(
            f"file: {rows:,} posts for {accounts} accounts ({path.stat().st_size / 1e6:.1f} MB); database {size:.0f} MB;"
            f" medians of {runs}"
        )
        print(f"openpyxl alone (read every row): {read_time * 1000:8.0f} ms")
        print(f"gmdesk import (check + write):   {import_time * 1000:8.0f} ms  {summary}")
        print(
            f"  of which reading and checking: {check_time * 1000:8.0f} ms (ratio {check_time / read_time:.2f});"
            f" duplicates, writing, commit: {(import_time - check_time) * 1000:.0f} ms"
        )
        print(f"ratio:                           {import_time / read_time:8.2f}   (goal ≤ 1.2)")
        print(
            f"backup the import made (check, copy, verify, not counted above): {statistics.median(backups) * 1000:.0f} ms"
        )
        print(
            f"peak memory of this process (file, reads, imports): {peak_memory_mb():.0f} MB  (goal ≤ 300 MB)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
