"""The reply editor under a message: a template from the 口径库 with its variables filled in, the text, and
whether this is the first response (or a progress note) or the answer. Ctrl+Enter saves.

What the clerk types is kept as the message's draft in the database a second after the last keystroke and
at once when another message is chosen; choosing the message again brings it back. Nothing typed here is
lost to a switch, a quit or a crash."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.wording import Hit, Lexicon
from gmdesk.services import reply_templates
from gmdesk.services.drafts import DraftKey, SavedDraft
from gmdesk.services.inbox import MessageDetail
from gmdesk.services.reply_templates import TemplateInfo
from gmdesk.ui.drafts import DraftKeeper
from gmdesk.ui.inbox.filters import combo_value
from gmdesk.ui.widgets.form_dialog import DRAFT_DELAY_MS
from gmdesk.ui.widgets.wording_marks import mark_hits

DRAFT_KIND = "reply"


def draft_key(message_id: int) -> DraftKey:
    return DraftKey(DRAFT_KIND, str(message_id))


class ReplyEditor(QWidget):
    save_requested = Signal(str, bool, object)
    """(text, final, template id or None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: MessageDetail | None = None
        self.templates: list[TemplateInfo] = []
        self.used_template: int | None = None
        self.drafts: DraftKeeper | None = None
        self._draft_written = False
        self._loading = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._write_draft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        restored_row = QHBoxLayout()
        self.restored = QLabel()
        self.restored.setProperty("role", "banner-warning")
        self.restored.setWordWrap(True)
        self.discard_button = QPushButton("放弃草稿")
        self.discard_button.clicked.connect(self.discard_draft)
        restored_row.addWidget(self.restored, 1)
        restored_row.addWidget(self.discard_button)
        layout.addLayout(restored_row)
        self.restored.hide()
        self.discard_button.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel("口径模板："))
        self.template = QComboBox()
        self.template.setMinimumWidth(240)
        self.template.setToolTip("选择模板后点“插入”，{称呼}{账号}{单位}{日期}会自动替换")
        top.addWidget(self.template, 1)
        self.insert = QPushButton("插入(&I)")
        self.insert.clicked.connect(self.insert_template)
        top.addWidget(self.insert)
        top.addSpacing(16)
        self.first = QRadioButton("首次回应/进展告知")
        self.final = QRadioButton("答复")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.first)
        self.kind.addButton(self.final)
        top.addWidget(self.first)
        top.addWidget(self.final)
        layout.addLayout(top)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            "在此输入回复内容，或先选择口径模板插入。保存前会检查是否含有手机号、身份证号等个人信息。"
        )
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(110)
        layout.addWidget(self.text, 1)
        bottom = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setProperty("role", "muted")
        bottom.addWidget(self.hint, 1)
        self.save = QPushButton("保存回复 (Ctrl+Enter)")
        self.save.setProperty("primary", True)
        self.save.clicked.connect(self._save)
        bottom.addWidget(self.save)
        layout.addLayout(bottom)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.text, activated=self._save)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.text.textChanged.connect(self._update_hint)
        self.text.textChanged.connect(self._typed)
        self.lexicon: Lexicon | None = None
        self.text.textChanged.connect(self._screen)

    # ------------------------------------------------------------------ 错敏
    def set_lexicon(self, lexicon: Lexicon) -> None:
        """The 错敏 lexicon (loaded in a job); the text is screened as it is typed and before it is saved."""
        self.lexicon = lexicon
        self._screen()

    def hits(self) -> list[Hit]:
        return self.lexicon.scan(self.text.toPlainText()) if self.lexicon is not None else []

    def _screen(self) -> None:
        hits = self.hits()
        mark_hits(self.text, hits)
        self._update_hint()

    def attach_drafts(self, drafts: DraftKeeper) -> None:
        self.drafts = drafts
        drafts.register(self)

    def set_templates(self, templates: list[TemplateInfo]) -> None:
        self.templates = templates
        self._fill_templates()

    def _fill_templates(self) -> None:
        self.template.clear()
        ordered = self.templates
        if self.detail is not None:
            acknowledged = self.detail.first_response_at is not None
            ordered = reply_templates.templates_for(self.templates, self.detail.category, acknowledged)
        for info in ordered:
            self.template.addItem(f"［{info.category_label}］{info.name}", info.id)
        self.template.setCurrentIndex(0)  # the most likely one for this message

    def show_message(self, detail: MessageDetail | None, keep_text: bool = False) -> None:
        same = detail is not None and self.detail is not None and detail.id == self.detail.id
        if not same:
            self.keep_unsaved()  # the reply to the message the clerk leaves waits for them in the database
        self.detail = detail
        open_ = detail is not None and detail.state.is_open
        for widget in (self.template, self.insert, self.text, self.save, self.first, self.final):
            widget.setEnabled(open_)
        if not (keep_text and same):
            self._set_text("")
            self.used_template = None
            self._draft_written = False
            self._show_restored(None)
            if open_ and detail is not None and self.drafts is not None:
                self.drafts.load(
                    draft_key(detail.id), lambda saved, m=detail.id: self._draft_loaded(m, saved), self
                )
        if detail is None:
            self.hint.setText("")
            return
        self._fill_templates()
        (self.final if detail.first_response_at is not None else self.first).setChecked(True)
        if not open_:
            self.hint.setText(f"该留言{detail.state.label}，如需再次答复请先“重新办理”。")
        else:
            self._update_hint()

    # ---------------------------------------------------------------- drafts
    def _set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.text.setPlainText(text)
        finally:
            self._loading = False

    def _typed(self) -> None:
        if not self._loading and self.detail is not None and self.drafts is not None:
            self._draft_timer.start()

    def _draft_loaded(self, message_id: int, saved: SavedDraft | None) -> None:
        if saved is None or self.detail is None or self.detail.id != message_id or self.text.toPlainText():
            return  # nothing kept, another message by now, or the clerk already started typing
        self._set_text(str(saved.payload.get("text", "")))
        final = saved.payload.get("final")
        if isinstance(final, bool):
            (self.final if final else self.first).setChecked(True)
        template = saved.payload.get("template")
        self.used_template = template if isinstance(template, int) else None
        self._draft_written = True
        self._show_restored(saved)
        self._update_hint()

    def _show_restored(self, saved: SavedDraft | None) -> None:
        if saved is not None:
            self.restored.setText(f"已恢复 {saved.saved_at:%m月%d日 %H:%M} 未保存的回复草稿。")
        self.restored.setVisible(saved is not None)
        self.discard_button.setVisible(saved is not None)

    def _payload(self) -> dict[str, object]:
        return {
            "text": self.text.toPlainText(),
            "final": self.final.isChecked(),
            "template": self.used_template,
        }

    def _write_draft(self) -> None:
        if self.detail is None or self.drafts is None:
            return
        if self.text.toPlainText().strip():
            self.drafts.keep(draft_key(self.detail.id), self.unsaved_title() or "", self._payload())
            self._draft_written = True
        elif self._draft_written:
            self.drafts.discard(draft_key(self.detail.id))
            self._draft_written = False

    def discard_draft(self) -> None:
        """放弃草稿: empty the editor and forget the kept text."""
        self.drop_unsaved()
        self._set_text("")
        self.used_template = None
        self._show_restored(None)

    # UnsavedInput: what the clerk is asked about on quitting
    def unsaved_title(self) -> str | None:
        if self.detail is None or not self.text.toPlainText().strip():
            return None
        return f"留言 #{self.detail.id}（{self.detail.writer_name or '未留名'}）的回复"

    def keep_unsaved(self) -> None:
        self._draft_timer.stop()
        self._write_draft()

    def drop_unsaved(self) -> None:
        self._draft_timer.stop()
        if self.detail is not None and self.drafts is not None and self._draft_written:
            self.drafts.discard(draft_key(self.detail.id))
        self._draft_written = False

    def values(self) -> dict[str, str]:
        assert self.detail is not None
        detail = self.detail
        info = next((t for t in self.templates if t.id == combo_value(self.template, 0)), None)
        transfer = detail.transfers[-1] if detail.transfers else None
        return reply_templates.template_values(
            writer_name=detail.writer_name,
            account_name=detail.account_name,
            unit_name=detail.assigned_unit or detail.unit_name,
            answer_due=detail.answer_due.date(),
            transfer_date=transfer.sent_at.date() if transfer else None,
            template_category=info.category if info else "",
        )

    def insert_template(self) -> None:
        if self.detail is None:
            return
        info = next((t for t in self.templates if t.id == combo_value(self.template, 0)), None)
        if info is None:
            return
        filled = reply_templates.fill(info.text, self.values())
        self.text.insertPlainText(filled)
        self.used_template = info.id
        if info.category in (reply_templates.TRANSFER, "") and self.detail.first_response_at is None:
            self.first.setChecked(True)
        elif info.category not in (reply_templates.TRANSFER, ""):
            self.final.setChecked(True)
        self.text.setFocus()

    def propose_answer(self, text: str) -> None:
        """Put a prepared answer (e.g. from the unit's report) in the editor, as the answer. What the clerk
        had written stays below it: a proposal never replaces typed text."""
        written = self.text.toPlainText().strip()
        self.text.setPlainText(f"{text}\n\n{written}" if written and written not in text else text)
        self.final.setChecked(True)
        self.text.setFocus()

    def _update_hint(self) -> None:
        if self.detail is None or not self.detail.state.is_open:
            return
        count = len(self.text.toPlainText().strip())
        unknown = reply_templates.unknown_variables(self.text.toPlainText())
        hits = self.hits()
        if hits:
            self.hint.setText(
                "⚠ 疑有错敏表述："
                + "；".join(h.describe() for h in hits[:3])
                + ("…" if len(hits) > 3 else "")
            )
        elif "……" in self.text.toPlainText():
            self.hint.setText("提示：模板中的“……”需替换为具体内容。")
        elif unknown:
            self.hint.setText(f"提示：有未替换的变量 {'、'.join('{' + u + '}' for u in unknown)}。")
        else:
            self.hint.setText(f"{count} 字")

    def _save(self) -> None:
        if self.detail is None or not self.save.isEnabled():
            return
        self.save_requested.emit(self.text.toPlainText().strip(), self.final.isChecked(), self.used_template)

    def clear_after_save(self, message_id: int) -> None:
        """The reply to ``message_id`` is saved: its draft is no longer needed (the clerk may be on another
        message by now, whose text stays)."""
        if self.detail is None or self.detail.id != message_id:
            if self.drafts is not None:
                self.drafts.discard(draft_key(message_id))
            return
        self.drop_unsaved()
        self._set_text("")
        self.used_template = None
        self._show_restored(None)
