"""The ``gmdesk`` command: opens the main window, or runs a sub-command for scripts and office IT."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from gmdesk import APP_TITLE, __version__
from gmdesk.collector import long_lived
from gmdesk.commands import COMMAND_MODULES
from gmdesk.commands.common import add_db_option, database_path
from gmdesk.commands.parsing import ChineseArgumentParser, fail
from gmdesk.winconsole import attach_parent_console, program_name

EPILOG = """在 Windows 上，脚本和计划任务请用 gmdesk-cli（命令行程序：等待完成，退出码和输出重定向可用）。

示例：
  gmdesk                                   打开主窗口（默认数据库）
  gmdesk --db D:\\新媒体\\gmdesk.db          打开指定数据库
  gmdesk demo --db demo.db                 生成示例数据
  gmdesk check --db gmdesk.db --json       检查全部规则
  gmdesk backup --db gmdesk.db --to E:\\备份
"""


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog=program_name(), description=f"{APP_TITLE}（gmdesk {__version__}）", epilog=EPILOG
    )
    parser.add_argument(
        "--version", action="version", version=f"gmdesk {__version__}", help="显示版本号并退出"
    )
    add_db_option(parser, command=False)
    gui = parser.add_argument_group("窗口")
    gui.add_argument(
        "--self-test", action="store_true", help="在后台打开主窗口、逐个访问各页签，成功则输出 OK 并退出"
    )
    gui.add_argument(
        "--screenshots", metavar="DIR", type=Path, help="把主窗口的每个页签截图保存到 DIR 后退出"
    )
    gui.add_argument("--manual", action="store_true", help="只打开使用手册")
    subparsers = parser.add_subparsers(
        title="命令", dest="command", metavar="命令", parser_class=ChineseArgumentParser
    )
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    attach_parent_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from gmdesk.domain.errors import UserError
    from gmdesk.store.errors import StoreError, classify_os_error

    try:
        if args.command:
            if args.self_test or args.screenshots or args.manual:
                return fail("--self-test、--screenshots、--manual 不能与子命令同时使用")
            if getattr(args, "opens_database", False):  # its layer imported first, the collector paused
                with long_lived():
                    importlib.import_module("gmdesk.services.database")
            handler = args.handler
            return int(handler(args))
        if args.manual:
            from gmdesk.ui.app import run_manual

            return run_manual()
        from gmdesk.ui.app import run_gui

        return run_gui(database_path(args), self_test=args.self_test, screenshots=args.screenshots)
    except StoreError as error:
        return fail(error.message + _recovery_hint(error))
    except UserError as error:  # the user's mistake, said plainly (exit 2); anything else is a bug
        return fail(error.message)
    except OSError as error:  # disk full, a read-only folder, a missing drive: the environment, not a bug
        friendly = classify_os_error(error, Path(error.filename) if error.filename else None, "操作")
        return fail(friendly.message if friendly else f"文件操作失败：{error}")
    except KeyboardInterrupt:
        return fail("已中断", 130)


def _recovery_hint(error: BaseException) -> str:
    """For a damaged database: the newest backup that passes its check and the command that restores it."""
    candidate = getattr(error, "candidate", None)
    if candidate is None:
        return ""
    return (
        f"\n最近一份通过检查的备份：{candidate.path}（{candidate.made_at:%Y-%m-%d %H:%M}，{candidate.reason_label}）。"
        f'\n恢复（恢复前会先保留损坏文件的副本）：gmdesk restore "{candidate.path}" --db "{getattr(error, "path", "")}"'
    )


def main_gui_only() -> int:
    """Entry point of ``gmdeskw`` (no console window on Windows): the same command line."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
