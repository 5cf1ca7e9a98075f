"""The annual self-inspection report of the large demo (500 accounts, 5 years, >1M posts, 200k messages):
goal ≤ 10 s for the whole report (figures + Word with charts), Excel appendices measured too.

    python bench/report_annual.py [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import generate_file, large_demo_db

from gmdesk.domain.report_period import year_period
from gmdesk.services.database import open_database
from gmdesk.services.inspection import inspect
from gmdesk.services.inspection_reports import ReportRequest, generate

AS_OF = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 30)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small demo, 1 run (CI smoke run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-report-"))
    try:
        path = work / "demo.db"
        if args.quick:
            generate_file(path, "small", 1, AS_OF)
            runs = 1
        else:
            shutil.copyfile(
                large_demo_db(), path
            )  # the report is kept in the database: never the cached file
            runs = args.runs
        database = open_database(path)
        period = year_period(AS_OF.year)
        try:
            figures = []
            for _ in range(runs + 1):
                with database.session() as session:
                    figures.append(timed(lambda s=session: inspect(s, period, NOW)))
            word, both = [], []
            for run in range(runs):
                with database.session() as session:
                    out = work / f"report-{run}.docx"
                    word.append(
                        timed(
                            lambda s=session, o=out: generate(s, ReportRequest(period), o, None, "bench", NOW)
                        )
                    )
                with database.session() as session:
                    out, xlsx = work / f"full-{run}.docx", work / f"full-{run}.xlsx"
                    both.append(
                        timed(
                            lambda s=session, o=out, x=xlsx: generate(
                                s, ReportRequest(period), o, x, "bench", NOW
                            )
                        )
                    )
            with database.session() as session:
                result = inspect(session, period, NOW)
        finally:
            database.close()
        o, p, r = result.overview, result.posting, result.replies
        print(
            f"scope: {o.accounts} accounts open in {period.label} ({o.passed} 合格, {o.failed} 不合格), "
            f"{p.posts:,} posts, {r.received:,} messages, {len(result.findings)} problems"
        )
        print(f"figures only, first run:      {figures[0] * 1000:7.0f} ms")
        print(f"figures only, warm median:    {statistics.median(figures[1:]) * 1000:7.0f} ms")
        print(f"Word report (figures+charts): {statistics.median(word) * 1000:7.0f} ms   (goal ≤ 10000 ms)")
        size = (work / "full-0.docx").stat().st_size // 1024
        xlsx_size = (work / "full-0.xlsx").stat().st_size // 1024
        print(
            f"Word + Excel appendices:      {statistics.median(both) * 1000:7.0f} ms   "
            f"(docx {size} KB, xlsx {xlsx_size} KB)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
