"""UI fixtures: isolated QSettings, recorded message boxes, a shell over a fresh database, a pinned clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from gmdesk.ui import dialogs
from gmdesk.ui.app import Shell, configure_application

PINNED_NOW = datetime(2026, 11, 20, 9, 30)


class PromptRecorder:
    """Stands in for every message box: records it and answers questions from a queue (default 否)."""

    def __init__(self) -> None:
        self.prompts: list[dialogs.Prompt] = []
        self.answers: list[bool] = []
        self.unsaved_answers: list[str] = []
        """Answers to 保存/不保存/取消 (default 不保存, as a clerk who closes on purpose)."""

    def __call__(self, prompt: dialogs.Prompt, parent: QWidget | None) -> bool | str:
        self.prompts.append(prompt)
        if prompt.kind == "question":
            return self.answers.pop(0) if self.answers else False
        if prompt.kind == "unsaved":
            return self.unsaved_answers.pop(0) if self.unsaved_answers else dialogs.DISCARD
        return True

    def titles(self) -> list[str]:
        return [p.title for p in self.prompts]

    def texts(self) -> str:
        return "\n".join(f"{p.title}：{p.text}\n{p.details}" for p in self.prompts)


@pytest.fixture(autouse=True)
def prompts(monkeypatch: pytest.MonkeyPatch) -> PromptRecorder:
    recorder = PromptRecorder()
    monkeypatch.setattr(dialogs, "responder", recorder)
    return recorder


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path, qapp: QApplication) -> None:
    configure_application(qapp)  # GMDESK_HOME is per test (isolated_home): window settings go under it


@pytest.fixture
def shell(qapp: QApplication, db_path: Path) -> Iterator[Shell]:
    """The application over a fresh database, window shown offscreen, clock pinned to 2026-11-20 09:30."""
    instance = Shell(qapp, headless=True, now=lambda: PINNED_NOW)
    assert instance.open(db_path)
    assert instance.ctx is not None
    instance.show()
    instance.wait_idle()
    yield instance
    instance.close()
