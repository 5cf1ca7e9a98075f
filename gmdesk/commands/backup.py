"""``gmdesk backup`` and ``gmdesk restore``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from gmdesk.commands.common import add_db_option, database_path
from gmdesk.commands.parsing import existing_file, fail
from gmdesk.store.backup import create_backup, restore_backup


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = subparsers.add_parser("backup", help="备份数据库（SQLite 在线备份）", description="备份数据库到指定文件夹。")
    add_db_option(backup)
    backup.add_argument("--to", metavar="DIR", type=Path, help="备份文件夹（默认为数据库旁的 backups 文件夹）")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="从备份恢复数据库", description="用备份文件替换数据库内容；恢复前会先备份当前数据。"
    )
    restore.add_argument("backup", metavar="BACKUP", type=existing_file, help="备份文件")
    add_db_option(restore)
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    path = database_path(args)
    if not path.exists():
        return fail(f"数据库文件不存在：{path}")
    from gmdesk.services.database import open_database

    open_database(path).close()  # refuses a newer or foreign file before copying it
    target = create_backup(path, "manual", args.to)
    print(f"已备份到：{target}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    path = database_path(args)
    holder = lock_holder(path)
    if holder:
        return fail(f"数据库正被 gmdesk 窗口使用（{holder}），请先关闭该窗口再恢复。")
    safety = restore_backup(args.backup, path)
    from gmdesk.services.database import open_database

    open_database(path).close()  # migrate an older backup now, with its own safety copy
    if safety:
        print(f"恢复前的数据已备份到：{safety}")
    print(f"已从 {args.backup} 恢复到 {path}")
    return 0


def lock_holder(db_path: Path) -> str:
    """Who holds the GUI's lock on the database (QLockFile's file: pid, app name, host), if alive."""
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return ""
    try:
        os.kill(pid, 0)
    except OSError:
        return ""
    return f"进程 {pid}"
