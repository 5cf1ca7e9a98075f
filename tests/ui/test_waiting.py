"""ui/waiting.py: slow work off the UI thread, the window still turning its event loop meanwhile."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from gmdesk.domain.errors import UserError
from gmdesk.ui.waiting import run_waiting


def test_the_result_comes_back_and_the_event_loop_turned_while_waiting(qtbot) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    ui_thread = threading.get_ident()

    def slow() -> int:
        assert threading.get_ident() != ui_thread
        time.sleep(0.6)
        return 42

    assert run_waiting(None, "正在检查备份……", slow) == 42
    timer.stop()
    assert len(ticks) >= 10  # a blocked UI thread would have ticked at most once, after the work


def test_the_work_s_error_is_raised_on_the_ui_thread(qtbot) -> None:
    def refused() -> None:
        raise UserError("备份已损坏")

    with pytest.raises(UserError, match="备份已损坏"):
        run_waiting(None, "正在检查备份……", refused)
