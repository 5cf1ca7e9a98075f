"""Switching months in the calendar's month view of every account on the large demo: goal ≤ 100 ms.

A switch is what the tab runs when the clerk presses PageDown: one grouped query gives the counts of each day
(published, planned, overdue plans) with the day's holiday or 调休 name and notes — the grid is drawn from it.
The colours of the rules that break each day (every live account judged) follow from a second job; the tab
keeps them per month and works out the neighbouring months in the background, so paging on finds them ready.
All three figures are printed: the switch, the risks of a month worked out cold, and a switch whose risks
were prefetched. The accounts and their rules are resolved once per scope, as the tab does.

    python bench/calendar_month.py [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import generate_file, large_demo_db

from gmdesk.domain.workdays import add_months
from gmdesk.services import posts_calendar as calendar
from gmdesk.services.database import open_database

AS_OF = date(2026, 11, 20)


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.0f} ms, worst {max(values) * 1000:6.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small demo, three months (CI smoke run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-month-"))
    try:
        path = work / "demo.db"
        if args.quick:
            generate_file(path, "small", 1, AS_OF)
        else:
            shutil.copyfile(large_demo_db(), path)
        months = [add_months(date(2026, 1, 1), n) for n in range(3 if args.quick else 12)]
        database = open_database(path)
        try:
            with database.session() as session:
                started = time.perf_counter()
                context = calendar.prepare(session, calendar.Scope.everything())
                prepared = time.perf_counter() - started
                calendar.month(session, context, AS_OF, AS_OF)  # warm the page cache once
                switches, risks, cached = [], [], []
                store: dict[date, dict] = {}
                for first in months:
                    started = time.perf_counter()
                    period = calendar.month(session, context, first, AS_OF)
                    switches.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    store[first] = calendar.period_risks(session, context, period.first, period.last, AS_OF)
                    risks.append(time.perf_counter() - started)
                for first in months:
                    started = time.perf_counter()
                    period = calendar.month(session, context, first, AS_OF)
                    period = period.with_risks(store[first])
                    cached.append(time.perf_counter() - started)
                days_at_risk = sum(1 for c in period.cells if c.risk is not None)
                one = calendar.prepare(
                    session, calendar.Scope.account(context.ruled[0].id, context.ruled[0].facts.name)
                )
                single = []
                for first in months:
                    started = time.perf_counter()
                    calendar.month(session, one, first, AS_OF)
                    single.append(time.perf_counter() - started)
        finally:
            database.close()
        print(f"all {len(context.ids)} accounts ({len(context.ruled)} live), {len(months)} months of 2026")
        print(f"scope resolved once (accounts and rules): {prepared * 1000:.0f} ms")
        print(f"month switch, counts + holidays + notes:  {ms(switches)}   (goal ≤ 100 ms)")
        print(
            f"risks of a month for every account, cold: {ms(risks)}   (a background job; prefetched while paging)"
        )
        print(
            f"month switch with its risks prefetched:   {ms(cached)}   ({days_at_risk} days of {months[-1]:%Y-%m} coloured)"
        )
        print(f"one account's month (posts, risks, all):  {ms(single)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
