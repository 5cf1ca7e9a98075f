"""What the clerk does from the calendar: plan, open, move and delete posts, notes, the gap filler, repost
tasks, import, export and printing. Mixed into the tab, which provides the context and the reloads."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QPlainTextEdit, QWidget

from gmdesk.domain.errors import UserError
from gmdesk.services import posts as post_service
from gmdesk.services import posts_day_notes as notes
from gmdesk.services.posts_calendar import NoteRow
from gmdesk.ui import bus, dialogs, files
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.form_dialog import FormDialog, submit_to_job

if TYPE_CHECKING:
    from gmdesk.ui.calendar.fill_dialog import FillDialog
    from gmdesk.ui.calendar.post_dialog import PostDialog
    from gmdesk.ui.calendar.repost_dialog import RepostDialog
    from gmdesk.ui.calendar.tab import CalendarTab

# The tools below are imported when first used: the tab is built at start-up, which is benchmarked.


class NoteDialog(FormDialog):
    def __init__(self, title: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.resize(420, 200)
        hint = QLabel("备注会显示在日历的这一天，例如：县委全会、停电检修、主题宣传活动。")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        self.shown = text
        """The note as the form showed it (or reloaded it): a save over another clerk's change is refused."""
        self.body.addWidget(hint)
        self.body.addWidget(self.text, 1)

    def show_latest(self, record: object) -> None:
        self.shown = str(record)
        self.text.setPlainText(self.shown)

    def values(self) -> str:
        if not self.text.toPlainText().strip():
            raise UserError("请填写备注内容", field="text")
        return self.text.toPlainText()


class CalendarActions:
    """Methods of CalendarTab that open dialogs and run writes."""

    def _tab(self) -> CalendarTab:
        return self  # type: ignore[return-value]  # a mixin of CalendarTab

    def build_menu(self) -> QMenu:
        """The 日历 menu the main window shows while the tab is current (with its shortcuts)."""
        tab = self._tab()
        menu = QMenu("日历(&C)", tab)

        def add(text: str, slot: Any, shortcut: str | QKeySequence | None = None) -> QAction:
            action = menu.addAction(text)
            action.triggered.connect(slot)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            return action

        add("新建发布(&N)…", lambda: tab.new_post())
        add("转发任务(&R)…", tab.repost_tasks, "Ctrl+Shift+R")
        menu.addSeparator()
        add("今天(&T)", tab.go_today, "Ctrl+T")
        add("上一月/上一周(&B)", lambda: tab.step(-1), "Ctrl+PgUp")
        add("下一月/下一周(&X)", lambda: tab.step(1), "Ctrl+PgDown")
        add("月视图(&M)", lambda: tab.set_view("month"), "Ctrl+Shift+M")
        add("周视图(&W)", lambda: tab.set_view("week"), "Ctrl+Shift+W")
        add("列表视图(&L)", lambda: tab.set_view("list"), "Ctrl+Shift+L")
        menu.addSeparator()
        add("导入发布记录(&I)…", tab.import_posts)
        add("下载导入模板…", tab.import_template)
        add("导出本期发布记录(&E)…", lambda: tab.export_posts(False))
        add("导出全部发布记录…", lambda: tab.export_posts(True))
        menu.addSeparator()
        add("打印月历(&P)…", tab.print_month, QKeySequence.StandardKey.Print)
        return menu

    # ------------------------------------------------------------------ posts
    def new_post(self, day: date | None = None, account_id: int | None = None) -> PostDialog:
        from gmdesk.ui.calendar.post_dialog import PostDialog

        tab = self._tab()
        scope = tab.scope
        if account_id is None and scope.kind == "account":
            account_id = scope.id
        dialog = PostDialog(tab.ctx, tab, day=day or tab.selected, account_id=account_id)
        dialog.open()
        return dialog

    def open_post(self, post_id: int) -> None:
        from gmdesk.ui.calendar.post_dialog import PostDialog

        tab = self._tab()

        def loaded(draft: object) -> None:
            dialog = PostDialog(tab.ctx, tab, draft=draft)  # type: ignore[arg-type]  # the job's result: a PostDraft
            dialog.open()

        tab.ctx.jobs.run(
            lambda session: post_service.load_draft(session, post_id),
            on_done=loaded,
            on_error=lambda e: show_error(e, tab),
        )

    def move_post(self, post_id: int, day: date, confirmed: bool = False) -> None:
        tab = self._tab()
        operator, now = tab.ctx.operator, tab.ctx.now()

        def failed(error: BaseException) -> None:
            if isinstance(error, post_service.PostRefused):
                text = "\n".join(f"· {r}" for r in error.reasons)
                dialogs.warn(tab, "不能改期", text)
            elif isinstance(error, post_service.NeedsConfirmation):
                if dialogs.ask(
                    tab, "请确认改期", "\n".join(f"· {w}" for w in error.warnings) + "\n\n仍然改期吗？"
                ):
                    self.move_post(post_id, day, confirmed=True)
            else:
                show_error(error, tab)

        tab.ctx.jobs.run(
            lambda session: post_service.move_post(session, post_id, day, operator, now, confirmed),
            write=True,
            changes={bus.POSTS},
            on_error=failed,
        )

    # ------------------------------------------------------------------ notes
    def add_note(self, day: date) -> NoteDialog:
        tab = self._tab()
        dialog = NoteDialog(f"{day:%Y-%m-%d} 的备注", parent=tab)
        operator = tab.ctx.operator
        account_id = tab.scope.id if tab.scope.kind == "account" else None
        submit_to_job(
            dialog,
            tab.ctx.jobs.run,
            lambda text: lambda session: notes.add_note(session, day, text, operator, account_id),
            lambda _: None,
            {bus.POSTS},
        )
        dialog.open()
        return dialog

    def edit_note(self, note: NoteRow) -> NoteDialog:
        tab = self._tab()
        dialog = NoteDialog(f"{note.day:%Y-%m-%d} 的备注", note.text, tab)
        operator = tab.ctx.operator

        def op(text: str) -> Any:
            shown = dialog.shown
            return lambda session: notes.update_note(session, note.id, text, operator, shown)

        submit_to_job(
            dialog,
            tab.ctx.jobs.run,
            op,
            lambda _: None,
            {bus.POSTS},
            reload=lambda session: notes.note_text(session, note.id),
        )
        dialog.open()
        return dialog

    def delete_note(self, note: NoteRow) -> None:
        tab = self._tab()
        if dialogs.ask(tab, "删除备注", f"删除备注“{note.text}”？"):
            operator = tab.ctx.operator
            tab.ctx.jobs.run(
                lambda session: notes.delete_note(session, note.id, operator), write=True, changes={bus.POSTS}
            )

    # ------------------------------------------------------------------ tools
    def fill_gaps(self, account_id: int) -> FillDialog:
        from gmdesk.ui.calendar.fill_dialog import FillDialog

        dialog = FillDialog(self._tab().ctx, account_id, self._tab())
        dialog.open()
        return dialog

    def repost_tasks(self) -> RepostDialog:
        from gmdesk.ui.calendar.repost_dialog import RepostDialog

        dialog = RepostDialog(self._tab().ctx, self._tab())
        dialog.open()
        return dialog

    def import_posts(self) -> None:
        from gmdesk.ui.calendar.import_dialog import ImportDialog

        tab = self._tab()
        path = files.choose_open_path(tab, "导入发布记录", files.EXCEL_FILTER, "posts-import")
        if path is not None:
            ImportDialog(tab.ctx, path, tab).open()

    def import_template(self) -> None:
        from gmdesk.services import posts_io

        tab = self._tab()
        path = files.choose_save_path(
            tab, "保存导入模板", "发布记录导入模板.xlsx", files.EXCEL_FILTER, "posts-import"
        )
        if path is None:
            return
        today = tab.ctx.today()
        tab.ctx.jobs.run(
            lambda control: posts_io.write_template(path, today),
            with_session=False,
            on_done=lambda _: dialogs.inform(tab, "模板已保存", f"已保存到：{path}"),
            on_error=lambda e: show_error(e, tab),
        )

    def export_posts(self, whole: bool = False) -> None:
        from gmdesk.services import posts_io

        tab = self._tab()
        first, last = (None, None) if whole else (tab.period_bounds())
        scope = tab.scope
        name = f"发布记录_{scope.label if scope.kind != 'all' else '全部账号'}"
        name += "" if whole or first is None else f"_{first:%Y%m}"
        path = files.choose_save_path(
            tab, "导出发布记录", f"{_safe(name)}.xlsx", files.EXCEL_FILTER, "posts-export"
        )
        if path is None:
            return
        ids = None if scope.kind == "all" or tab.context is None else list(tab.context.ids)

        def done(count: int) -> None:
            if dialogs.ask(tab, "导出完成", f"已导出{count}条发布记录到：\n{path}\n\n现在打开吗？"):
                files.open_file(path)

        tab.ctx.jobs.run_with_control(
            lambda session, control: posts_io.export_posts(session, path, first, last, ids, control.progress),
            on_done=done,
            on_error=lambda e: show_error(e, tab),
            progress="正在导出发布记录…",
            parent=tab,
            cancellable=True,
        )

    def print_month(self) -> None:
        from gmdesk.services.posts_print import print_month

        tab = self._tab()
        month, scope, today = tab.selected.replace(day=1), tab.scope, tab.ctx.today()
        label = "全部账号" if scope.kind == "all" else scope.label.split("（")[0]
        suggested = f"发布日历_{month:%Y年%m月}_{_safe(label)}.docx"
        path = files.choose_save_path(
            tab, "打印月历（保存为 Word）", suggested, files.WORD_FILTER, "calendar-print"
        )
        if path is None:
            return

        def done(saved: Path) -> None:
            if dialogs.ask(tab, "月历已生成", f"已保存到：\n{saved}\n\n现在用 Word/WPS 打开以便打印吗？"):
                files.open_file(saved)

        tab.ctx.jobs.run(
            lambda session: print_month(session, scope, month, today, path),
            on_done=done,
            on_error=lambda e: show_error(e, tab),
            progress="正在生成月历…",
            parent=tab,
        )


def _safe(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text)
