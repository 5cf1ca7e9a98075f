"""转发任务: the tasks from the superior office and, for the chosen one, each account's repost to tick off."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.errors import UserError
from gmdesk.services import lookups, reposts
from gmdesk.services.drafts import DraftKey
from gmdesk.ui import bus, dialogs, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.dates import DateEdit, DateTimeEdit
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job

LATE = palette.DANGER
DONE = palette.GOOD


class RepostDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("转发任务")
        self.resize(1220, 640)
        self.tasks: list[reposts.TaskRow] = []
        self.targets: list[reposts.TargetRow] = []
        self.last_time: datetime | None = None
        """The repost time the clerk gave last: the next tick offers it (a batch reposted together)."""
        self.time_dialog: RepostTimeDialog | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "登记上级要求转发的文章和时限；各账号转发后在右侧勾选（或在发布对话框中选择该任务，发布后自动登记）。逾期未转发的计入检查结果。"
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.task_table = QTableWidget(0, 4)
        self.task_table.setHorizontalHeaderLabels(["截止时间", "标题", "下达单位", "完成"])
        self.task_table.verticalHeader().hide()
        self.task_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.task_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.task_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.task_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.task_table.setColumnWidth(0, 122)
        self.task_table.setColumnWidth(2, 120)
        self.task_table.setColumnWidth(3, 56)
        self.task_table.itemSelectionChanged.connect(self._task_selected)
        left_layout.addWidget(self.task_table, 1)
        buttons = QHBoxLayout()
        for text, slot in (("新建任务…", self._new), ("修改…", self._edit), ("删除", self._delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.task_label = QLabel("选择左侧的任务")
        self.task_label.setWordWrap(True)
        right_layout.addWidget(self.task_label)
        self.target_table = QTableWidget(0, 5)
        self.target_table.setHorizontalHeaderLabels(["已转发", "账号", "平台", "主办单位", "转发时间/状态"])
        self.target_table.verticalHeader().hide()
        self.target_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for column, width in enumerate((52, 110, 120, 130)):
            self.target_table.setColumnWidth(column, width)
        self.target_table.horizontalHeader().setStretchLastSection(True)
        self.target_table.itemChanged.connect(self._ticked)
        self.target_table.cellDoubleClicked.connect(self._retime)
        self.target_table.setToolTip("勾选“已转发”后填写转发时间；双击已转发的行可更正时间")
        right_layout.addWidget(self.target_table, 1)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 560])
        layout.addWidget(split, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    # ------------------------------------------------------------------ tasks
    def reload(self, select: int | None = None) -> None:
        self.ctx.jobs.run(
            reposts.list_tasks, on_done=lambda rows: self._show_tasks(rows, select), parent=self
        )

    def _show_tasks(self, rows: list[reposts.TaskRow], select: int | None) -> None:
        now = self.ctx.now()
        keep = select if select is not None else (self.current_task().id if self.current_task() else None)
        self.tasks = rows
        self.task_table.setRowCount(len(rows))
        for index, task in enumerate(rows):
            cells = [f"{task.due_at:%Y-%m-%d %H:%M}", task.title, task.issued_by, task.progress()]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setForeground(
                        QBrush(
                            QColor(
                                LATE if task.is_overdue(now) else DONE if not task.missing() else palette.TEXT
                            )
                        )
                    )
                    item.setToolTip(f"{task.done}/{task.targets} 个账号已转发，其中逾期{task.late}个")
                self.task_table.setItem(index, column, item)
        row = next((i for i, t in enumerate(rows) if t.id == keep), 0 if rows else -1)
        if row >= 0:
            self.task_table.blockSignals(True)  # the same row stays chosen: no selection signal would come
            self.task_table.selectRow(row)
            self.task_table.blockSignals(False)
            self._task_selected()  # its accounts' status changed with the tick (逾期未转发 → 逾期转发)

    def current_task(self) -> reposts.TaskRow | None:
        rows = self.task_table.selectionModel().selectedRows() if self.task_table.selectionModel() else []
        return self.tasks[rows[0].row()] if rows and rows[0].row() < len(self.tasks) else None

    def _task_selected(self) -> None:
        task = self.current_task()
        if task is None:
            return
        self.task_label.setText(
            f"<b>{task.title}</b><br>{task.issued_by} · {task.issued_on:%Y-%m-%d}下达 · "
            f"{task.due_at:%Y-%m-%d %H:%M}前转发" + (f"<br>{task.url}" if task.url else "")
        )
        self.ctx.jobs.run(
            lambda session: reposts.task_targets(session, task.id),
            on_done=lambda rows: self._show_targets(task, rows),
            parent=self,
        )

    def _show_targets(self, task: reposts.TaskRow, rows: list[reposts.TargetRow]) -> None:
        now = self.ctx.now()
        self.targets = rows
        self.target_table.blockSignals(True)
        self.target_table.setRowCount(len(rows))
        for index, target in enumerate(rows):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Checked if target.done_at else Qt.CheckState.Unchecked)
            self.target_table.setItem(index, 0, tick)
            status = target.status(task.due_at, now)
            when = f"{status} {target.done_at:%m-%d %H:%M}" if target.done_at else status
            for column, text in enumerate(
                (target.account, target.platform.label, target.unit, when), start=1
            ):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setForeground(
                        QBrush(
                            QColor(LATE if "逾期" in status else DONE if target.done_at else palette.MUTED)
                        )
                    )
                self.target_table.setItem(index, column, item)
        self.target_table.blockSignals(False)

    def _ticked(self, item: QTableWidgetItem) -> None:
        task = self.current_task()
        if task is None or item.column() != 0 or item.row() >= len(self.targets):
            return
        target = self.targets[item.row()]
        if item.checkState() == Qt.CheckState.Checked:
            self._ask_time(task, target)
        else:
            self._save_tick(task, target, None)

    def _retime(self, row: int, column: int) -> None:
        """Double-click on a reposted account: correct its repost time."""
        task = self.current_task()
        if task is None or column == 0 or row >= len(self.targets) or self.targets[row].done_at is None:
            return
        self._ask_time(task, self.targets[row])

    def _ask_time(self, task: reposts.TaskRow, target: reposts.TargetRow) -> None:
        now = self.ctx.now().replace(second=0, microsecond=0)
        offered = target.done_at or self.last_time or now
        dialog = RepostTimeDialog(task, target, offered, now, self)
        self.time_dialog = dialog

        def chosen(when: datetime) -> None:
            self.last_time = when
            self._save_tick(task, target, when, dialog)

        dialog.submitted.connect(chosen)
        dialog.rejected.connect(lambda: self._task_selected())  # the tick goes back
        dialog.open()

    def _save_tick(
        self,
        task: reposts.TaskRow,
        target: reposts.TargetRow,
        done: datetime | None,
        dialog: RepostTimeDialog | None = None,
    ) -> None:
        operator = self.ctx.operator

        def saved(_: object) -> None:
            if dialog is not None:
                dialog.succeed()
            self.reload(task.id)

        def failed(error: BaseException) -> None:
            if dialog is not None and isinstance(error, UserError):
                dialog.fail(error.message, error.field)
                return
            show_error(error, self)

        self.ctx.jobs.run(
            lambda session: reposts.tick(session, task.id, target.account_id, done, operator),
            write=True,
            changes={bus.POSTS},
            on_done=saved,
            on_error=failed,
            parent=self,
        )

    def _new(self) -> None:
        self._open_editor(None, None)

    def _edit(self) -> None:
        task = self.current_task()
        if task is not None:
            task_id = task.id
            self.ctx.jobs.run(
                lambda session: reposts.load_task(session, task_id),
                on_done=lambda draft: self._open_editor(task_id, draft),
                on_error=lambda error: show_error(error, self, "无法打开"),
                parent=self,
            )

    def _open_editor(self, task_id: int | None, draft: reposts.TaskDraft | None) -> None:
        def loaded(choices: list[lookups.AccountChoice]) -> None:
            editor = TaskEditor(self.ctx, choices, task_id, draft, self)
            self.editor = editor
            editor.accepted.connect(lambda: editor.saved_id is not None and self.reload(editor.saved_id))
            editor.open()

        self.ctx.jobs.run(
            lambda session: lookups.account_choices(session, live_only=True), on_done=loaded, parent=self
        )

    def _delete(self) -> None:
        task = self.current_task()
        if task is None or not dialogs.ask(self, "删除转发任务", f"删除转发任务“{task.title}”及其登记情况？"):
            return
        operator = self.ctx.operator
        self.ctx.jobs.run(
            lambda session: reposts.delete_task(session, task.id, operator),
            write=True,
            changes={bus.POSTS},
            on_done=lambda _: self.reload(),
            parent=self,
        )


class RepostTimeDialog(FormDialog):
    """When the account reposted the article: the clerk gives it (a repost made yesterday is entered today)."""

    def __init__(
        self,
        task: reposts.TaskRow,
        target: reposts.TargetRow,
        offered: datetime,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("登记转发", parent, ok_text="登记")
        self.now = now
        self.due_at = task.due_at
        intro = QLabel(f"<b>{target.account}</b> 转发“{task.title}”<br>转发截止 {task.due_at:%Y-%m-%d %H:%M}")
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        form = QFormLayout()
        self.done_at = DateTimeEdit(offered)
        self.done_at.dateTimeChanged.connect(lambda _: self._hint())
        form.addRow("转发时间 *", self.done_at)
        self.hint = QLabel()
        self.hint.setProperty("role", "muted")
        form.addRow("", self.hint)
        self.body.addLayout(form)
        self._hint()

    def chosen(self) -> datetime:
        return self.done_at.moment()

    def _hint(self) -> None:
        when = self.chosen()
        self.hint.setText("逾期转发" if when > self.due_at else "按时转发")

    def values(self) -> datetime:
        when = self.chosen()
        if when > self.now:
            raise UserError(f"转发时间不能晚于现在（{self.now:%Y-%m-%d %H:%M}）", field="done_at")
        return when


class TaskEditor(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        choices: list[lookups.AccountChoice],
        task_id: int | None,
        task: reposts.TaskDraft | None,
        parent: QWidget | None = None,
    ) -> None:
        """``task``: the task as saved (:func:`reposts.load_task`) when ``task_id`` is given."""
        super().__init__(
            "修改转发任务" if task_id else "新建转发任务",
            parent,
            drafts=ctx.drafts,
            draft_key=DraftKey.of("repost_task", task_id),
        )
        self.ctx = ctx
        self.task_id = task_id
        self.task = task
        self.saved_id: int | None = None
        self.resize(640, 620)
        form = QFormLayout()
        self.body.addLayout(form)
        today = ctx.today()
        self.title = QLineEdit()
        self.url = QLineEdit()
        self.issued_by = QLineEdit()
        self.issued_by.setPlaceholderText("如：市人民政府办公室")
        self.issued_on = DateEdit(today)
        self.due_at = DateTimeEdit(datetime.combine(today, time(17, 30)))
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(50)
        self.filter = QLineEdit()
        self.filter.setProperty("draftIgnore", True)  # narrows the list; not part of the task
        self.filter.setPlaceholderText("筛选账号…")
        self.filter.textChanged.connect(self._filter)
        self.accounts = QListWidget()
        for choice in choices:
            item = QListWidgetItem(choice.display)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.accounts.addItem(item)
        self.all_box = QCheckBox("全部账号")
        self.all_box.toggled.connect(self._all)
        form.addRow("文章标题 *", self.title)
        form.addRow("链接", self.url)
        form.addRow("下达单位", self.issued_by)
        form.addRow("下达日期", self.issued_on)
        form.addRow("转发截止 *", self.due_at)
        form.addRow("要求", self.note)
        form.addRow("转发账号 *", self.all_box)
        form.addRow(self.filter)
        form.addRow(self.accounts)
        if task is not None:
            self._show(task)
        operator = ctx.operator
        submit_to_job(
            self,
            ctx.jobs.run,
            lambda draft: lambda session: reposts.save_task(session, draft, operator, task_id),
            lambda new_id: setattr(self, "saved_id", new_id),
            {bus.POSTS},
            reload=(lambda session: reposts.load_task(session, task_id)) if task_id is not None else None,
        )

    def _show(self, task: reposts.TaskDraft) -> None:
        self.title.setText(task.title)
        self.url.setText(task.url)
        self.issued_by.setText(task.issued_by)
        self.issued_on.set_value(task.issued_on)
        self.due_at.set_moment(task.due_at)
        self.note.setPlainText(task.note)
        chosen = set(task.account_ids)
        for index in range(self.accounts.count()):
            item = self.accounts.item(index)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def show_latest(self, record: object) -> None:
        assert isinstance(record, reposts.TaskDraft)
        self.task = record
        self._show(record)

    def _filter(self, text: str) -> None:
        for index in range(self.accounts.count()):
            item = self.accounts.item(index)
            item.setHidden(bool(text) and text not in item.text())

    def _all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for index in range(self.accounts.count()):
            item = self.accounts.item(index)
            if not item.isHidden():
                item.setCheckState(state)

    def chosen(self) -> list[int]:
        return [
            self.accounts.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.accounts.count())
            if self.accounts.item(i).checkState() == Qt.CheckState.Checked
        ]

    def values(self) -> reposts.TaskDraft:
        return reposts.TaskDraft(
            self.title.text(),
            self.issued_by.text(),
            self.issued_on.day(),
            self.due_at.moment(),
            self.chosen(),
            self.url.text(),
            self.note.toPlainText(),
            self.task.version if self.task is not None else None,
        )

    def save(self) -> None:
        self.submit()
