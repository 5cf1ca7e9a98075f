"""错敏 screening of every post title of the large demo (500 accounts, 5 years, 1.1M titles).

Three figures, measured in the same run on the same titles:

- the Aho–Corasick automaton (``gmdesk.domain.wording.Lexicon``, the shipped lexicon): titles per second, in
  batches as ``gmdesk wording``, the report and an import use it (``scan_many``), and one call a title as the
  post dialog uses it (``scan``);
- a plain loop of ``wrong in title`` over the same lexicon (what the automaton replaces): titles per second
  and the ratio (on ``--baseline`` titles, all by default);
- ``gmdesk wording``'s service over the whole period (reading the posts from the database included).

Both scanners must agree on which titles have a hit (the baseline ignores the exceptions and start dates, so
it may only find more).

    python bench/wording_scan.py [--baseline N] [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import generate_file, large_demo_db

from gmdesk.domain.wording import Lexicon, normalise
from gmdesk.services.database import open_database
from gmdesk.services.wording import scan_period, shipped_entries

AS_OF = date(2026, 11, 20)


def titles_of(path: Path) -> list[tuple[str, datetime]]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT title, at FROM posts WHERE status = 'published'").fetchall()
    finally:
        connection.close()
    return [(title, datetime.fromisoformat(at)) for title, at in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=int, default=0, help="titles for the `in` loop (0: all of them)")
    parser.add_argument("--quick", action="store_true", help="small demo (CI smoke run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-wording-"))
    try:
        path = work / "demo.db"
        if args.quick:
            generate_file(path, "small", 1, AS_OF)
        else:
            shutil.copyfile(large_demo_db(), path)
        titles = titles_of(path)
        entries = shipped_entries()
        lexicon = Lexicon(entries)
        # seed a few known mistakes so that both scanners have something to find
        noon = datetime.combine(AS_OF, datetime.min.time()).replace(hour=12)
        seeded = [
            ("截止目前全县新增市场主体", noon),
            ("县环保局开展执法检查", noon),
            ("再接再励推进项目建设", noon),
        ]
        titles = seeded + titles

        started = time.perf_counter()
        flagged = [i for i, _ in lexicon.scan_many([t for t, _ in titles], [at for _, at in titles])]
        automaton = time.perf_counter() - started
        started = time.perf_counter()
        one_by_one = [i for i, (title, at) in enumerate(titles) if lexicon.scan(title, at)]
        single = time.perf_counter() - started
        assert one_by_one == flagged

        sample = titles if not args.baseline else titles[: args.baseline]
        wrongs = [normalise(e.wrong) for e in entries]
        started = time.perf_counter()
        naive = []
        for i, (title, _) in enumerate(sample):
            plain = normalise(title)
            for wrong in wrongs:
                if wrong in plain:
                    naive.append(i)
                    break
        baseline = time.perf_counter() - started
        assert set(flagged) & set(range(len(sample))) <= set(naive), (
            "the automaton found what the loop did not"
        )
        assert {0, 1, 2} <= set(flagged)

        database = open_database(path)
        try:
            with database.session() as session:
                first = min(at for _, at in titles).date()
                started = time.perf_counter()
                scan = scan_period(session, first, AS_OF, lexicon=lexicon)
                service = time.perf_counter() - started
        finally:
            database.close()

        rate = len(titles) / automaton
        naive_rate = len(sample) / baseline
        print(f"lexicon: {len(entries)} entries; titles: {len(titles):,}")
        print(
            f"Aho–Corasick (pyahocorasick), batch: {automaton:6.2f} s  {rate:12,.0f} titles/s  "
            f"({len(flagged)} with a hit)"
        )
        print(f"Aho–Corasick, one call a title:      {single:6.2f} s  {len(titles) / single:12,.0f} titles/s")
        print(
            f"plain `in` loop:                     {baseline:6.2f} s  {naive_rate:12,.0f} titles/s  "
            f"(on {len(sample):,} titles, {len(naive)} with a hit)"
        )
        print(
            f"ratio: the automaton (batch) is {rate / naive_rate:,.1f} × the `in` loop; one call a title "
            f"{len(titles) / single / naive_rate:,.1f} ×"
        )
        print(
            f"gmdesk wording service, whole period from the database: {service:6.2f} s for {scan.scanned:,} posts "
            f"({scan.scanned / service:,.0f} posts/s), {scan.hits} hits"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
