"""Importing 50,000 messages (domain §7 layout) into a copy of the large demo database (200,000 messages).

Builds a realistic file from the demo's own accounts (名称 and 平台, all four channels, every category, some
urgent, phone numbers in a third of the rows, 2% repeated rows that must be skipped), then times the check
(``read_messages``: every row parsed, accounts matched, duplicates found against the file and the database),
the write (``write_messages``: deadlines computed by the engine, rows and history inserted in one unit of
work), and a second import of the same file (everything skipped as duplicates, nothing written), then the
process's peak memory (goal ≤ 300 MB).

    python bench/import_messages.py [--rows 50000] [--quick]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import generate_file, large_demo_db, peak_memory_mb

NOW = datetime(2026, 11, 20, 9, 30)
HEADERS = ["账号名称", "平台", "渠道", "收到时间", "留言人", "联系方式", "内容", "类别", "紧急程度"]
SUBJECTS = (
    "小区路灯坏了一个月",
    "学校门口早晚高峰拥堵",
    "医保异地备案怎么办理",
    "农村公路修了一半停工",
    "物业费年年涨服务不到位",
    "夜间施工噪音扰民",
    "公交末班车太早",
    "养殖场污水直排河道",
    "老旧小区加装电梯补贴",
    "失业保险金申领流程",
    "身份证丢失补办",
    "超市卖过期食品",
)


def build_file(path: Path, rows: int, accounts: list[tuple[str, str]], seed: int = 7) -> int:
    """Write the file; returns how many rows repeat an earlier one (they must be skipped)."""
    from gmdesk.documents.xlsx import SheetSpec, write_workbook

    rng = random.Random(seed)
    channels = ("留言", "评论", "私信", "来信")
    categories = ("咨询", "建议", "投诉", "求助", "其他")
    start = datetime(2026, 11, 19, 23, 0)
    made: list[list[object]] = []
    repeats = 0
    for number in range(rows):
        if made and rng.random() < 0.02:
            made.append(list(rng.choice(made)))
            repeats += 1
            continue
        name, platform = rng.choice(accounts)
        at = start - timedelta(minutes=number * 7 + rng.randrange(7))  # the last ~8 months, newest first
        contact = f"17{rng.randrange(10**9):09d}" if rng.random() < 0.33 else ""
        text = f"{rng.choice(SUBJECTS)}，第{number}号反映，请尽快处理。"
        made.append(
            [
                name,
                platform,
                rng.choice(channels),
                at.strftime("%Y-%m-%d %H:%M"),
                f"网友{rng.randrange(10**6)}",
                contact,
                text,
                rng.choice(categories),
                "紧急" if rng.random() < 0.05 else "一般",
            ]
        )
    write_workbook(path, [SheetSpec("留言", HEADERS, made)])
    return repeats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="2,000 rows into the small demo (CI smoke run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-import-bench-"))
    try:
        if args.quick:
            source = work / "small.db"
            generate_file(source, "small", 1, date(2026, 11, 20))
            rows = 2_000
        else:
            source = large_demo_db()
            rows = args.rows
        path = work / "import.db"
        shutil.copyfile(source, path)  # the benchmark writes: never into the cache
        return run(path, work / "留言导入.xlsx", rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(db_path: Path, xlsx: Path, rows: int) -> int:
    from sqlalchemy import func, select

    from gmdesk.services import messages_io
    from gmdesk.services.database import open_database
    from gmdesk.services.lookups import account_choices
    from gmdesk.store.models import Message

    database = open_database(db_path)
    try:
        with database.read_session() as session:
            before = session.scalar(select(func.count()).select_from(Message)) or 0
            accounts = [(a.name, a.platform.label) for a in account_choices(session, live_only=True)]
        started = time.perf_counter()
        repeats = build_file(xlsx, rows, accounts)
        print(
            f"数据库：{before:,} 条留言；导入文件：{rows:,} 行（其中重复 {repeats:,} 行），"
            f"{xlsx.stat().st_size / 1e6:.1f} MB，生成用时 {time.perf_counter() - started:.1f} 秒"
        )

        with database.session() as session:
            started = time.perf_counter()
            plan = messages_io.read_messages(session, xlsx, NOW)
            checked = time.perf_counter() - started
            started = time.perf_counter()
            result = messages_io.write_messages(session, plan, "基准测试", NOW)
            written = time.perf_counter() - started
        with database.read_session() as session:
            after = session.scalar(select(func.count()).select_from(Message)) or 0
        assert after - before == result.imported == rows - repeats, (after, before, result)
        assert result.skipped == repeats
        print(f"检查（读取、匹配账号、查重）：{checked:6.1f} 秒（{rows / checked:,.0f} 行/秒）")
        print(
            f"写入（计算期限、写入留言和办理记录）：{written:6.1f} 秒（{result.imported / written:,.0f} 条/秒）"
        )
        print(f"合计：{checked + written:.1f} 秒 —— {result.describe()}")

        with database.session() as session:
            started = time.perf_counter()
            again = messages_io.import_messages(session, xlsx, "基准测试", NOW)
            repeated = time.perf_counter() - started
        assert again.imported == 0 and again.skipped == rows
        print(f"再次导入同一文件：{repeated:.1f} 秒，{again.skipped:,} 条全部作为重复跳过")
        print(f"本进程峰值内存：{peak_memory_mb():.0f} MB（目标 ≤ 300 MB）")
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
