"""错敏 hits marked in a text editor as the clerk types: a red wavy underline on a light red ground, the right
form in the tooltip (the post dialog's 正文 and the reply editor share it)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from gmdesk.domain.wording import Hit
from gmdesk.ui import palette

UNDERLINE = palette.DANGER
GROUND = palette.DANGER_SOFT


def mark_hits(editor: QTextEdit | QPlainTextEdit, hits: Iterable[Hit]) -> None:
    """Replace the editor's extra selections by one per hit."""
    selections = []
    for hit in hits:
        selection = QTextEdit.ExtraSelection()
        cursor = editor.textCursor()
        cursor.setPosition(hit.start)
        cursor.setPosition(hit.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        selection.format.setUnderlineColor(QColor(UNDERLINE))
        selection.format.setBackground(QColor(GROUND))
        selection.format.setToolTip(hit.describe())
        selections.append(selection)
    editor.setExtraSelections(selections)
