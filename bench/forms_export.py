"""Word forms for every account of the large demo (500), made in a worker with progress and cancel.

Goal: ≤ 100 ms per form. Three runs through the tab's job runner (``ctx.jobs.run(..., progress=…,
cancellable=True)``), each in its own unit of work on a copy of the database (making a form records its
paper state, so the cached file is never written):

1. 备案登记表, one .docx per account into a folder;
2. 开设申请表, all of them merged into one document;
3. the same export cancelled after 50 forms: the job stops, its unit of work is rolled back.

    python bench/forms_export.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import generate_file, large_demo_db

AS_OF = date(2026, 11, 20)

CANCEL_AFTER = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small demo (CI smoke run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gmdesk-forms-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GMDESK_HOME"] = str(work / "home")
    try:
        path = work / "demo.db"
        if args.quick:
            generate_file(path, "small", 1, AS_OF)
        else:
            shutil.copyfile(large_demo_db(), path)
        measure(path, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(path: Path, work: Path) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gmdesk.services.filings_forms import ExportResult, FormKind, export_forms
    from gmdesk.store.database import Database
    from gmdesk.store.models import FilingEvent
    from gmdesk.store.queries import accounts as account_queries
    from gmdesk.ui.jobs import JobRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    database = Database.open(path, backup_before_migration=False)
    now = datetime.combine(AS_OF, datetime.min.time()).replace(hour=9)
    errors: list[BaseException] = []
    jobs = JobRunner(database, on_unhandled=errors.append)
    try:
        with database.session() as session:
            ids = [a.id for a in account_queries.all_accounts(session)]

        def run(
            kind: FormKind, target: Path, merged: bool, cancel_after: int | None = None
        ) -> tuple[ExportResult | None, float, int]:
            progress: list[int] = []
            outcome: list[ExportResult] = []
            loop = QEventLoop()

            def op(session, control):  # type: ignore[no-untyped-def]
                return export_forms(
                    session,
                    kind,
                    ids,
                    target,
                    merged=merged,
                    operator="性能测试",
                    now=now,
                    progress=control.progress,
                )

            def delivered(result: ExportResult) -> None:
                outcome.append(result)

            job = jobs.run_with_control(
                op, write=True, on_done=delivered, progress="正在生成表格…", cancellable=True
            )

            def step(done: int, _total: int, _text: str) -> None:
                progress.append(done)
                if cancel_after and done >= cancel_after:
                    job.cancel()  # what the progress dialog's 取消 does

            job.signals.progress.connect(step)
            job.finished.connect(loop.quit)
            QTimer.singleShot(600_000, loop.quit)
            started = time.perf_counter()
            loop.exec()
            elapsed = time.perf_counter() - started
            app.processEvents()
            return (outcome[0] if outcome else None), elapsed, max(progress, default=0)

        folder = work / "each"
        folder.mkdir()
        each, each_seconds, each_steps = run(FormKind.FILING, folder, merged=False)
        merged, merged_seconds, _ = run(FormKind.APPLICATION, work / "merged.docx", merged=True)
        with database.session() as session:
            generated_before = _generated(session, FilingEvent)
        cancelled_folder = work / "cancelled"
        cancelled_folder.mkdir()
        cancelled, cancel_seconds, cancel_steps = run(
            FormKind.FILING, cancelled_folder, merged=False, cancel_after=CANCEL_AFTER
        )
        if errors:
            raise errors[0]
        assert each is not None and merged is not None
        files = len(list(folder.iterdir()))
        print(f"database: {path.name} ({path.stat().st_size / 1e6:.0f} MB), {len(ids)} accounts")
        print(
            f"备案登记表, one file each:  {len(each.forms)} forms, {files} files in {each_seconds:.1f} s → "
            f"{each_seconds * 1000 / len(each.forms):.1f} ms per form (progress reached {each_steps}/{len(ids)})"
        )
        print(
            f"开设申请表, merged:         {len(merged.forms)} forms in one file ({merged.files[0].stat().st_size / 1e3:.0f} KB)"
            f" in {merged_seconds:.1f} s → {merged_seconds * 1000 / len(merged.forms):.1f} ms per form"
        )
        written = len(list(cancelled_folder.iterdir()))
        with database.session() as session:
            generated_after = _generated(session, FilingEvent)
        print(
            f"cancelled after {cancel_steps} of {len(ids)}: job stopped in {cancel_seconds:.1f} s, "
            f"result delivered: {cancelled is not None}, {written} files left in the folder, "
            f"paper states recorded by the cancelled job: {generated_after - generated_before} (rolled back)"
        )
        per_form = max(each_seconds * 1000 / len(each.forms), merged_seconds * 1000 / len(merged.forms))
        print(f"goal: ≤ 100 ms per form → {'met' if per_form <= 100 else 'NOT met'}")
    finally:
        jobs.wait_for_done(30_000)
        database.close()


def _generated(session, model) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from gmdesk.domain.enums import PaperState

    return (
        session.scalar(select(func.count()).select_from(model).where(model.paper_state != PaperState.NONE))
        or 0
    )


if __name__ == "__main__":
    main()
