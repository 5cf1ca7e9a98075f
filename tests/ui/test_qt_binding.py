"""Guards the PySide6 pin: 6.12.0 dropped a reference to None/True on every call, and CPython 3.11 aborts
when their count reaches zero (None and True are immortal only from 3.12). A release with that fault must
fail here, not crash a clerk's session hours later."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 5_000


class _Emitter(QObject):
    flag = Signal(bool)


def test_calls_and_emits_keep_the_reference_counts_of_none_and_true(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        label.setText("青岚发布")  # returns None
        emitter.flag.emit(True)  # returns True
    received.clear()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert abs(after[0] - before[0]) < CALLS // 10 and abs(after[1] - before[1]) < CALLS // 10
