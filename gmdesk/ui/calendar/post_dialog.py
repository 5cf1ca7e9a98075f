"""The post dialog: every field of a planned or published post, the 三审 sign-offs, the account's rules
and its 群发 quota. Saving runs the service's checks: refusals are explained (with the quota left) and the
dialog stays open, other breaches are asked about before the post is saved. What the clerk types is kept
as the post's draft until it is saved, and closing a changed post asks first."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gmdesk.domain.enums import PostCategory, PostKind, PostStatus, Severity, WordingMark
from gmdesk.domain.errors import EditConflict, UserError
from gmdesk.domain.gap_filler import push_times
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_rules import PostDraft
from gmdesk.domain.wording import Hit, Lexicon
from gmdesk.services import lookups, wording
from gmdesk.services import posts as post_service
from gmdesk.services.drafts import DraftKey
from gmdesk.ui import bus, dialogs, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.dates import DateTimeEdit, from_qdatetime, to_qdatetime
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job
from gmdesk.ui.widgets.wording_marks import GROUND, mark_hits

NOT_SIGNED = QDateTime(QDate(2000, 1, 1), QTime(0, 0))


class SignOff(QWidget):
    """One step of 三审: who signed and when (a blank time reads 未签)."""

    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setPlaceholderText("姓名")
        self.name.setMaximumWidth(120)
        self.when = DateTimeEdit()
        self.when.setMinimumDateTime(NOT_SIGNED)
        self.when.setSpecialValueText("未签")
        self.when.setDateTime(NOT_SIGNED)
        self._now = now
        stamp = QPushButton("现在")
        stamp.setToolTip("签名时间填为当前时间")
        stamp.clicked.connect(lambda: self.when.setDateTime(to_qdatetime(self._now)))
        layout.addWidget(self.name)
        layout.addWidget(self.when, 1)
        layout.addWidget(stamp)

    def set(self, name: str, at: datetime | None) -> None:
        self.name.setText(name)
        self.when.setDateTime(to_qdatetime(at) if at is not None else NOT_SIGNED)

    def value(self) -> tuple[str, datetime | None]:
        signed = self.when.dateTime() != NOT_SIGNED
        return self.name.text().strip(), from_qdatetime(self.when.dateTime()) if signed else None


class MarkDialog(FormDialog):
    """已核实 (with the reason) or 已更正 on a published post's 错敏 hits, or taking the mark back."""

    def __init__(self, current: wording.PostWording | None, parent: QWidget | None = None) -> None:
        super().__init__("错敏表述 — 核实与更正", parent, ok_text="登记")
        form = QFormLayout()
        self.body.addLayout(form)
        hits = "\n".join(h.describe() for h in current.hits) if current else ""
        found = QLabel(hits or "（未发现）")
        found.setWordWrap(True)
        self.mark = QComboBox()
        for mark in WordingMark:
            self.mark.addItem(mark.label, mark)
        self.mark.addItem("撤销标记", None)
        if current is not None and current.mark is not None:
            self.mark.setCurrentIndex(self.mark.findData(current.mark))
        self.note = QLineEdit(current.note if current else "")
        self.note.setPlaceholderText("已核实：写明理由（专有名称、引用原文、历史表述）；已更正：写明如何更正")
        form.addRow("命中", found)
        form.addRow("标记为", self.mark)
        form.addRow("说明", self.note)

    def values(self) -> tuple[WordingMark | None, str]:
        data = self.mark.currentData()
        mark = WordingMark(data) if data else None
        if mark is WordingMark.VERIFIED and not self.note.text().strip():
            raise UserError("请写明核实的理由（如：专有名称、引用原文、历史表述）", field="note")
        return mark, self.note.text().strip()


class PostDialog(FormDialog):
    saved = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        draft: PostDraft | None = None,
        day: date | None = None,
        account_id: int | None = None,
    ) -> None:
        post_id = draft.id if draft is not None else None
        super().__init__(
            f"编辑发布 — {draft.title}" if draft and draft.id else "新建发布",
            parent,
            drafts=ctx.drafts,
            draft_key=DraftKey.of("post", post_id),
        )
        self.ctx = ctx
        self.draft = draft
        self.ready_on_show = False  # the account list arrives in a job; the form is ready after it
        self.setMinimumWidth(720)
        now = ctx.now()
        self._info: post_service.PlanningInfo | None = None
        self._lexicon: Lexicon | None = None
        self._wording: wording.PostWording | None = None
        layout = self.body
        self.rules_label = QLabel("请选择账号")
        self.rules_label.setProperty("role", "banner-warning")
        self.rules_label.setWordWrap(True)
        layout.addWidget(self.rules_label)

        form = QFormLayout()
        self._build_fields(form)
        layout.addLayout(form)
        self._build_reviews(layout, now)
        self._build_buttons(draft)

        self._fill(draft, day, account_id, now)
        self.title.textChanged.connect(lambda _: self._screen())
        self.content.textChanged.connect(self._screen)
        self.when.dateTimeChanged.connect(lambda _: self._screen())
        self._load_lexicon()
        self.account.currentIndexChanged.connect(lambda _: self._refresh_info())
        self.when.dateTimeChanged.connect(lambda _: self._refresh_info())
        self.mass.toggled.connect(lambda _: self._show_quota())
        self._load_accounts(account_id if draft is None else draft.account_id, live_only=draft is None)

    # ------------------------------------------------------------------ building
    def _build_fields(self, form: QFormLayout) -> None:
        """The post's own fields, in the order the clerk fills them (the tab order follows)."""
        self.account = QComboBox()
        self.account.setEditable(True)
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.account.setMinimumWidth(360)
        self.status = QComboBox()
        for status in PostStatus:
            self.status.addItem(status.label, status)
        when_row = self._build_when_row()
        self.title = QLineEdit()
        self.title.setPlaceholderText("信息标题")
        wording_row = self._build_wording_row()
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(
            "正文（可选）：粘贴全文，发布前与标题一起检查错别字、过时表述等错敏问题"
        )
        self.content.setMaximumHeight(90)
        kind_row = self._build_kind_row()
        flags = self._build_flags_row()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.reads = QSpinBox()
        self.reads.setRange(0, 100_000_000)
        self.reads.setGroupSeparatorShown(True)
        self.task = QComboBox()
        self.task.addItem("（无）", None)
        self.task.activated.connect(self._task_chosen)
        form.addRow("账号 *", self.account)
        form.addRow("状态", self.status)
        form.addRow("时间 *", when_row)
        form.addRow("标题 *", self.title)
        form.addRow("", wording_row)
        form.addRow("正文", self.content)
        form.addRow("类型", kind_row)
        form.addRow("分类", flags)
        form.addRow("", self.quota_label)
        form.addRow("链接", self.url)
        form.addRow("阅读数", self.reads)
        form.addRow("转发任务", self.task)

    def _build_when_row(self) -> QHBoxLayout:
        """The time, with the recommended push times beside it."""
        self.when = DateTimeEdit()
        self.times = QComboBox()
        self.times.setProperty("draftIgnore", True)  # a picker for the time above, not an input of its own
        self.times.setToolTip("推荐推送时段（7—9时、12—14时、19—22时）")
        self.times.activated.connect(self._pick_time)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(QLabel("推荐时间："))
        when_row.addWidget(self.times)
        return when_row

    def _build_wording_row(self) -> QHBoxLayout:
        """The 错敏 warning under the title, and the button that marks a hit checked or corrected."""
        self.wording_label = QLabel()
        self.wording_label.setWordWrap(True)
        self.wording_label.setProperty("role", "banner-warning")
        self.wording_label.hide()
        self.mark_button = QPushButton("标记核实/更正…")
        self.mark_button.setToolTip(
            "已发布信息的错敏表述：核实无误的标记“已核实”并注明理由，已在平台更正的标记“已更正”"
        )
        self.mark_button.setProperty("draftIgnore", True)
        self.mark_button.clicked.connect(self._open_mark)
        self.mark_button.hide()
        wording_row = QHBoxLayout()
        wording_row.addWidget(self.wording_label, 1)
        wording_row.addWidget(self.mark_button)
        return wording_row

    def _build_kind_row(self) -> QHBoxLayout:
        """原创 or 转载, and the source a 转载 must name."""
        self.original = QRadioButton("原创")
        self.repost = QRadioButton("转载")
        kinds = QButtonGroup(self)
        kinds.addButton(self.original)
        kinds.addButton(self.repost)
        self.original.setChecked(True)
        self.source = QLineEdit()
        self.source.setPlaceholderText("转载必须注明来源，如：中国政府网、省人民政府网站")
        self.repost.toggled.connect(self._kind_changed)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.original)
        kind_row.addWidget(self.repost)
        kind_row.addWidget(QLabel("来源："))
        kind_row.addWidget(self.source, 1)
        return kind_row

    def _build_flags_row(self) -> QHBoxLayout:
        """分类, 群发 and 重要信息, with the platform's remaining 群发 count under them."""
        self.category = QComboBox()
        for category in PostCategory:
            self.category.addItem(category.label, category)
        self.mass = QCheckBox("群发（计入平台群发次数）")
        self.important = QCheckBox("重要信息（须单位领导审签）")
        self.quota_label = QLabel()
        self.quota_label.setProperty("role", "muted")
        flags = QHBoxLayout()
        flags.addWidget(self.category)
        flags.addWidget(self.mass)
        flags.addWidget(self.important)
        flags.addStretch(1)
        return flags

    def _build_reviews(self, layout: QVBoxLayout, now: datetime) -> None:
        """三审 (撰稿, 审核, 审签) and the 备注."""
        reviews = QGroupBox("三审（先审后发）")
        grid = QGridLayout(reviews)
        self.signoffs = {step: SignOff(now) for step in ("撰稿", "审核", "审签")}
        for row, (step, widget) in enumerate(self.signoffs.items()):
            grid.addWidget(QLabel(step), row, 0)
            grid.addWidget(widget, row, 1)
        self.leaders_label = QLabel()
        self.leaders_label.setProperty("role", "muted")
        grid.addWidget(self.leaders_label, 3, 1)
        layout.addWidget(reviews)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("备注")
        self.note.setMaximumHeight(60)
        layout.addWidget(self.note)

    def _build_buttons(self, draft: PostDraft | None) -> None:
        """删除 beside 保存, for a post that exists."""
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(self._delete)
        self.delete_button.setVisible(bool(draft and draft.id))
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.save_button = self.ok_button
        self.save_button.setDefault(True)
        self.submitted.connect(lambda post: self.save(post))

    # ------------------------------------------------------------------ filling
    def _fill(self, draft: PostDraft | None, day: date | None, account_id: int | None, now: datetime) -> None:
        times = push_times(UpdateRules())
        for value in times:
            self.times.addItem(value.strftime("%H:%M"), value)
        if draft is None:
            when = day or now.date()
            slot = (
                next((t for t in times if datetime.combine(when, t) > now), times[-1])
                if when == now.date()
                else times[0]
            )
            self.when.setDateTime(to_qdatetime(datetime.combine(when, slot)))
            self.status.setCurrentIndex(self.status.findData(PostStatus.PLANNED))
            self._kind_changed()
            return
        self._show(draft)

    def _show(self, draft: PostDraft) -> None:
        self.when.setDateTime(to_qdatetime(draft.at))
        self.status.setCurrentIndex(self.status.findData(draft.status))
        self.title.setText(draft.title)
        (self.repost if draft.kind is PostKind.REPOST else self.original).setChecked(True)
        self.source.setText(draft.source)
        self.category.setCurrentIndex(self.category.findData(draft.category))
        self.mass.setChecked(draft.is_mass_push)
        self.important.setChecked(draft.is_important)
        self.url.setText(draft.url)
        self.reads.setValue(draft.reads)
        for (step, widget), (name, at) in zip(
            self.signoffs.items(),
            (
                (draft.drafted_by, draft.drafted_at),
                (draft.reviewed_by, draft.reviewed_at),
                (draft.approved_by, draft.approved_at),
            ),
            strict=True,
        ):
            del step
            widget.set(name, at)
        self.note.setPlainText(draft.note)
        self.content.setPlainText(draft.body)
        self._kind_changed()

    def _load_accounts(self, wanted: int | None, live_only: bool) -> None:
        def loaded(choices: list[lookups.AccountChoice]) -> None:
            self.account.blockSignals(True)
            self.account.clear()
            for choice in choices:
                if live_only and not choice.state.is_live and choice.id != wanted:
                    continue
                self.account.addItem(choice.display, choice.id)
            index = self.account.findData(wanted) if wanted is not None else -1
            self.account.setCurrentIndex(max(index, 0) if wanted is not None else -1)
            self.account.blockSignals(False)
            self._refresh_info()
            if self.account.currentData() is None:
                self.ready()  # nothing more to load; otherwise ready once the account's rules are shown

        self.ctx.jobs.run(lambda session: lookups.account_choices(session), on_done=loaded, parent=self)

    def _refresh_info(self) -> None:
        account_id = self.account.currentData()
        if account_id is None:
            return
        at = from_qdatetime(self.when.dateTime())
        post_id = self.draft.id if self.draft is not None else None

        def shown(info: post_service.PlanningInfo) -> None:
            if self.account.currentData() != info.account_id:
                return  # the clerk has moved on to another account
            self._info = info
            self.rules_label.setText(
                f"{info.account}（{info.platform}）执行“{info.profile}”：" + "；".join(info.rules)
            )
            leaders = "、".join(info.leaders) or "（本账号未登记主要负责人、分管负责人）"
            self.leaders_label.setText(f"重要信息由单位领导审签：{leaders}")
            self._fill_tasks(info)
            self._fill_times(info.push_times)
            self._show_quota()
            self.ready()  # from here on a change is the clerk's; a kept draft comes back now

        self.ctx.jobs.run(
            lambda session: post_service.planning_info(session, account_id, at, post_id),
            on_done=shown,
            on_error=lambda e: show_error(e, self),
            parent=self,
        )

    def _fill_times(self, values: tuple[str, ...]) -> None:
        self.times.clear()
        for value in push_times(UpdateRules(preferred_push_times=values)):
            self.times.addItem(value.strftime("%H:%M"), value)

    def _fill_tasks(self, info: post_service.PlanningInfo) -> None:
        chosen = self.task.currentData()
        current = chosen[0] if chosen else (self.draft.repost_task_id if self.draft is not None else None)
        self.task.clear()
        self.task.addItem("（无）", None)
        for task_id, title, issued_by, url in info.open_tasks:
            self.task.addItem(f"{title}（{issued_by}）", (task_id, title, issued_by, url))
        for index in range(self.task.count()):
            data = self.task.itemData(index)
            if data is not None and data[0] == current:
                self.task.setCurrentIndex(index)

    def _show_quota(self) -> None:
        info = self._info
        if info is None:
            return
        exhausted = info.quota_left is not None and info.quota_left <= 0 and self.mass.isChecked()
        self.quota_label.setText(("⚠ " if exhausted else "") + info.quota)
        self.quota_label.setStyleSheet(f"color: {palette.DANGER};" if exhausted else "")

    def _pick_time(self, index: int) -> None:
        chosen: time = self.times.itemData(index)
        current = from_qdatetime(self.when.dateTime())
        self.when.setDateTime(to_qdatetime(datetime.combine(current.date(), chosen)))

    def _kind_changed(self) -> None:
        self.source.setEnabled(self.repost.isChecked())

    def _task_chosen(self, index: int) -> None:
        data = self.task.itemData(index)
        if data is None:
            return
        _, title, issued_by, url = data
        self.title.setText(self.title.text() or title)
        self.repost.setChecked(True)
        self.source.setText(self.source.text() or issued_by)
        self.url.setText(self.url.text() or url)
        self.category.setCurrentIndex(self.category.findData(PostCategory.SUPERIOR))

    # ------------------------------------------------------------------ 错敏
    def _load_lexicon(self) -> None:
        post_id = self.draft.id if self.draft is not None else None

        def load(session: Any) -> tuple[Lexicon, wording.PostWording | None]:
            lexicon = wording.load_lexicon(session)
            return lexicon, wording.post_wording(session, post_id, lexicon) if post_id else None

        def loaded(result: tuple[Lexicon, wording.PostWording | None]) -> None:
            if isValid(self):
                self._lexicon, self._wording = result
                self._screen()

        self.ctx.jobs.run(load, on_done=loaded, parent=self)

    def hits(self) -> list[Hit]:
        """The 错敏 hits in the title and the text as they stand (the lexicon is loaded when the dialog opens)."""
        if self._lexicon is None:
            return []
        on = from_qdatetime(self.when.dateTime())
        return self._lexicon.scan(self.title.text(), on) + self._lexicon.scan(self.content.toPlainText(), on)

    def _screen(self) -> None:
        """Mark the hits as the clerk types: the list with the right forms above the text, the hits in the
        text underlined (their tooltip gives the right form)."""
        if self._lexicon is None:
            return
        on = from_qdatetime(self.when.dateTime())
        title_hits = self._lexicon.scan(self.title.text(), on)
        text_hits = self._lexicon.scan(self.content.toPlainText(), on)
        hits = title_hits + text_hits
        mark_hits(self.content, text_hits)
        self.title.setProperty("wording", bool(title_hits))
        self.title.setToolTip("；".join(h.describe() for h in title_hits))
        self.title.setStyleSheet(f"QLineEdit {{ background: {GROUND}; }}" if title_hits else "")
        mark = self._wording
        published = (
            self.draft is not None and self.draft.id is not None and self.draft.status is PostStatus.PUBLISHED
        )
        if not hits and not (mark and mark.mark):
            self.wording_label.hide()
            self.mark_button.hide()
            return
        worst = max((h.severity for h in hits), key=lambda s: s.rank, default=None)
        text = "；".join(h.describe() for h in hits[:6]) + ("…" if len(hits) > 6 else "")
        state = f"（已标记“{mark.mark.label}”：{mark.note}）" if mark and mark.mark else ""
        self.wording_label.setText((f"⚠ 疑有错敏表述：{text}" if hits else "错敏表述") + state)
        self.wording_label.setProperty(
            "role", "banner-danger" if worst is Severity.VIOLATION else "banner-warning"
        )
        self.wording_label.style().unpolish(self.wording_label)
        self.wording_label.style().polish(self.wording_label)
        self.wording_label.show()
        self.mark_button.setVisible(published)

    def _open_mark(self) -> None:
        if self.draft is None or self.draft.id is None:
            return
        dialog = MarkDialog(self._wording, self)
        self.mark_dialog = dialog
        post_id, operator, now = self.draft.id, self.ctx.operator, self.ctx.now()

        def op(values: tuple[WordingMark | None, str]) -> Any:
            return lambda session: (
                wording.mark_post(session, post_id, values[0], values[1], operator, now),
                wording.post_wording(session, post_id),
            )[1]

        def marked(result: wording.PostWording) -> None:
            if isValid(self):
                self._wording = result
                self._screen()

        submit_to_job(dialog, self.ctx.jobs.run, op, marked, {bus.POSTS, bus.WORDING})
        dialog.open()

    # ------------------------------------------------------------------ saving
    def current_draft(self) -> PostDraft | None:
        account_id = self.account.currentData()
        if account_id is None or self.account.currentIndex() < 0:
            return None
        signed = [w.value() for w in self.signoffs.values()]
        task = self.task.currentData()
        return PostDraft(
            account_id=account_id,
            title=self.title.text(),
            at=from_qdatetime(self.when.dateTime()),
            status=PostStatus(self.status.currentData()),  # combo data come back as plain str
            kind=PostKind.REPOST if self.repost.isChecked() else PostKind.ORIGINAL,
            source=self.source.text() if self.repost.isChecked() else "",
            category=PostCategory(self.category.currentData()),
            is_mass_push=self.mass.isChecked(),
            is_important=self.important.isChecked(),
            url=self.url.text(),
            reads=self.reads.value(),
            drafted_by=signed[0][0],
            drafted_at=signed[0][1],
            reviewed_by=signed[1][0],
            reviewed_at=signed[1][1],
            approved_by=signed[2][0],
            approved_at=signed[2][1],
            note=self.note.toPlainText().strip(),
            repost_task_id=task[0] if task else None,
            id=self.draft.id if self.draft is not None else None,
            planned_at=self.draft.planned_at if self.draft is not None else None,
            body=self.content.toPlainText().strip(),
            version=self.draft.version if self.draft is not None else None,
        )

    def values(self) -> PostDraft:
        draft = self.current_draft()
        if draft is None:
            raise UserError("请先选择账号", field="account")
        return draft

    def save(self, draft: PostDraft, confirmed: bool = False) -> None:
        operator, now = self.ctx.operator, self.ctx.now()
        self.busy = True
        self.save_button.setEnabled(False)
        self.ctx.jobs.run(
            lambda session: post_service.save_post(session, draft, operator, now, confirmed),
            write=True,
            changes={bus.POSTS},
            owner=self,
            on_done=self._saved,
            on_error=lambda error: self._refused(error, draft),
            parent=self,
        )

    def _saved(self, result: post_service.Saved) -> None:
        self.saved.emit(result.id)
        self.succeed()

    def show_latest(self, record: object) -> None:
        assert isinstance(record, PostDraft)
        self.draft = record
        self.setWindowTitle(f"编辑发布 — {record.title}")
        self._show(record)
        index = self.account.findData(record.account_id)
        if index >= 0:
            self.account.setCurrentIndex(index)

    def _reload_latest(self) -> None:
        if self.draft is None or self.draft.id is None:
            return
        post_id = self.draft.id

        def failed(error: BaseException) -> None:
            self.reload_button.setEnabled(True)
            show_error(error, self, "无法重新载入")

        self.ctx.jobs.run(
            lambda session: post_service.load_draft(session, post_id),
            owner=self,
            on_done=self.merge_latest,
            on_error=failed,
            parent=self,
        )

    def _refused(self, error: BaseException, draft: PostDraft) -> None:
        if isinstance(error, EditConflict):
            self.offer_reload(error.message, self._reload_latest)
            return
        if isinstance(error, post_service.NeedsConfirmation):
            question = "\n".join(f"· {w}" for w in error.warnings) + "\n\n仍然保存吗？"
            if dialogs.ask(self, "请确认", question):
                self.save(draft, confirmed=True)
                return
            self.fail("未保存：可修改后再保存，或点“取消”放弃。")
            return
        if isinstance(error, post_service.PostRefused):
            text = "\n".join(f"· {r}" for r in error.reasons)
            if error.quota is not None:
                text += f"\n\n群发剩余次数：{error.quota.remaining}（{error.quota.describe()}）"
            self.fail("不能保存：" + "；".join(error.reasons), error.field)
            dialogs.warn(self, "不能保存", text)
            return
        self.fail("保存失败，填写的内容仍在这里。错误已记录。")
        show_error(error, self)

    def _delete(self, confirmed: bool = False) -> None:
        if self.draft is None or self.draft.id is None:
            return
        if not confirmed and not dialogs.ask(
            self, "删除发布记录", f"删除“{self.draft.title}”？此操作不能撤销。"
        ):
            return
        post_id, operator, now = self.draft.id, self.ctx.operator, self.ctx.now()

        def failed(error: BaseException) -> None:
            if isinstance(error, post_service.NeedsConfirmation):
                if dialogs.ask(self, "请确认", "\n".join(error.warnings) + "\n\n仍然删除吗？"):
                    self.ctx.jobs.run(
                        lambda session: post_service.delete_post(session, post_id, operator, now, True),
                        write=True,
                        changes={bus.POSTS},
                        on_done=lambda _: self.succeed(),
                        parent=self,
                    )
            else:
                show_error(error, self)

        self.ctx.jobs.run(
            lambda session: post_service.delete_post(session, post_id, operator, now),
            write=True,
            changes={bus.POSTS},
            on_done=lambda _: self.succeed(),
            on_error=failed,
            parent=self,
        )
