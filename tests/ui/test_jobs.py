"""The background-job helper: results and errors come back on the UI thread; writes broadcast changes."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from gmdesk.store.errors import DatabaseLocked
from gmdesk.store.models import Unit
from gmdesk.ui.app import Shell
from tests.ui.conftest import PromptRecorder


def test_a_job_runs_off_the_ui_thread_and_delivers_on_it(shell: Shell, qtbot: QtBot) -> None:
    assert shell.ctx is not None
    main_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def op(session):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.get_ident()
        session.add(Unit(name="县审计局"))
        return "done"

    results: list[str] = []
    changes: list[frozenset[str]] = []
    shell.ctx.bus.changed.connect(changes.append)
    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=5000):
        shell.ctx.jobs.run(
            op,
            write=True,
            changes={"accounts"},
            on_done=lambda r: (results.append(r), seen.setdefault("done", threading.get_ident())),
        )
    assert results == ["done"]
    assert seen["worker"] != main_thread
    assert seen["done"] == main_thread
    assert frozenset({"accounts"}) in changes
    with shell.ctx.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 1


def test_a_failing_job_writes_nothing_and_reports(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None

    def op(session):  # type: ignore[no-untyped-def]
        session.add(Unit(name="半途而废"))
        session.flush()
        raise ValueError("bug in a job")

    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=5000):
        shell.ctx.jobs.run(op, write=True)
    assert "程序出错" in prompts.titles()
    assert "ValueError: bug in a job" in prompts.texts()
    with shell.ctx.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 0


def test_environment_errors_are_explained_not_reported_as_bugs(
    shell: Shell, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    assert shell.ctx is not None

    def op(session):  # type: ignore[no-untyped-def]
        raise DatabaseLocked("数据库正被其他程序占用，请稍后重试。")

    with qtbot.waitSignal(shell.ctx.jobs.idle, timeout=5000):
        shell.ctx.jobs.run(op)
    assert prompts.titles() == ["无法完成操作"]


def test_a_cancelled_job_rolls_back_silently(shell: Shell, qtbot: QtBot, prompts: PromptRecorder) -> None:
    assert shell.ctx is not None
    started = threading.Event()
    release = threading.Event()

    def op(session, control):  # type: ignore[no-untyped-def]
        session.add(Unit(name="取消的单位"))
        started.set()
        release.wait(5)
        control.progress(1, 2, "第二步")
        return "should not arrive"

    done: list[object] = []
    job = shell.ctx.jobs.run_with_control(op, write=True, on_done=done.append, cancellable=True)
    assert started.wait(5)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: not shell.ctx.jobs.busy, timeout=5000)
    assert done == []
    assert prompts.prompts == []
    with shell.ctx.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 0
