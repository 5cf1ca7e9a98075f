"""``gmdesk backup`` and ``gmdesk restore``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from gmdesk.commands.common import add_db_option, database_path
from gmdesk.commands.parsing import existing_file, fail

PASSPHRASE_ENV = "GMDESK_BACKUP_PASSPHRASE"


class NoPassphrase(Exception):
    """No passphrase in the environment and no terminal to ask on."""


def read_passphrase(confirm: bool) -> str:
    """The backup passphrase: from GMDESK_BACKUP_PASSPHRASE, or asked on the terminal (twice when new)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise NoPassphrase
    first = getpass.getpass("备份密码：")
    if confirm and getpass.getpass("再输入一次：") != first:
        raise ValueError("两次输入的备份密码不一致")
    return first


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup", help="备份数据库（SQLite 在线备份）", description="备份数据库到指定文件夹。"
    )
    add_db_option(backup)
    backup.add_argument(
        "--to", metavar="DIR", type=Path, help="备份文件夹（默认为数据库旁的 backups 文件夹）"
    )
    backup.add_argument(
        "--encrypt",
        action="store_true",
        help=f"用密码加密备份（AES-GCM）；密码取自环境变量 {PASSPHRASE_ENV}，没有则在终端询问",
    )
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="从备份恢复数据库",
        description="用备份文件替换数据库内容；恢复前会先备份当前数据。加密的备份需要备份密码"
        f"（环境变量 {PASSPHRASE_ENV}，没有则在终端询问）。",
    )
    restore.add_argument("backup", metavar="BACKUP", type=existing_file, help="备份文件")
    add_db_option(restore)
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from gmdesk.store.backup import create_backup, inspect_backup  # the parser is built without the store

    path = database_path(args)
    if isinstance(path, str):
        return server_backup(args, path)
    if not path.exists():
        return fail(f"数据库文件不存在：{path}")
    from gmdesk.services.database import open_database

    open_database(path).close()  # refuses a newer, foreign or damaged file before copying it
    passphrase = None
    if args.encrypt:
        try:
            passphrase = read_passphrase(confirm=True)
        except NoPassphrase:
            return fail(f"加密备份需要密码：请设置环境变量 {PASSPHRASE_ENV}，或在终端中运行以便输入密码")
        except ValueError as error:
            return fail(str(error))
    target = create_backup(path, "manual", args.to, passphrase=passphrase)
    print(f"已备份并校验：{target}")
    print(f"内容：{inspect_backup(target).contents()}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from gmdesk.store.backup import PassphraseNeeded, inspect_backup, restore_backup
    from gmdesk.store.backup_files import attachments_dir

    path = database_path(args)
    if isinstance(path, str):
        return server_restore(args, path)
    holder = lock_holder(path)
    if holder:
        return fail(f"数据库正被 gmdesk 窗口使用（{holder}），请先关闭该窗口再恢复。")
    facts = inspect_backup(args.backup)  # a damaged, foreign or newer backup is refused before anything else
    passphrase = None
    if facts.encrypted:
        try:
            passphrase = read_passphrase(confirm=False)
        except NoPassphrase:
            return fail(f"该备份已加密：请设置环境变量 {PASSPHRASE_ENV}，或在终端中运行以便输入备份密码")
    try:
        result = restore_backup(args.backup, path, passphrase)
    except PassphraseNeeded as error:
        return fail(error.message)
    from gmdesk.services.database import open_database

    database = open_database(path)  # migrate an older backup now, with its own safety copy
    try:
        from gmdesk.services.backups import record_restore

        with database.session() as session:
            record_restore(session, database.operator, result)
    finally:
        database.close()
    if result.safety:
        kept = "（当前数据库已损坏，保留的是损坏文件的副本）" if result.safety_damaged else ""
        print(f"恢复前的数据已保存到：{result.safety}{kept}")
    print(f"已从 {args.backup} 恢复到 {path}，并通过完整性检查")
    if result.files is None:
        print("该备份由较早的版本制作，不含附件；附件文件夹未改动。")
    else:
        print(f"{result.files.describe()}已恢复到：{attachments_dir(path)}")
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


def server_backup(args: argparse.Namespace, url: str) -> int:
    """A server database: pg_dump into --to (default: the backups folder this PC keeps for that database)."""
    from gmdesk.services.database import open_database
    from gmdesk.store.backup import backups_dir
    from gmdesk.store.server_backup import dump

    if args.encrypt:
        return fail(
            "服务器数据库的备份由 pg_dump 制作，暂不能加密（--encrypt）；请把备份文件存放在只有管理员能访问的位置。"
        )
    open_database(url).close()  # refuses a newer or foreign database, says why the server cannot be reached
    target = dump(url, args.to or backups_dir(url))
    print(f"已备份并校验（pg_dump，服务器数据库 {_shown(url)}，含附件）：{target}")
    return 0


def server_restore(args: argparse.Namespace, url: str) -> int:
    """A server database: pg_restore the dump in one transaction, after a safety dump of the current data."""
    from gmdesk.services import audit
    from gmdesk.services.database import open_database
    from gmdesk.store.backup import backups_dir
    from gmdesk.store.server_backup import DUMP_SUFFIX, restore

    if args.backup.suffix != DUMP_SUFFIX:
        return fail(f"服务器数据库只能从 pg_dump 制作的备份（*{DUMP_SUFFIX}）恢复：{args.backup}")
    safety = restore(url, args.backup, backups_dir(url))
    database = open_database(url)  # migrate an older dump now
    try:
        with database.session() as session:
            audit.record(
                session,
                database.operator,
                "从备份恢复",
                "database",
                None,
                {"backup": args.backup.name, "safety": str(safety)},
            )
    finally:
        database.close()
    print(f"恢复前的数据已保存到：{safety}")
    print(f"已从 {args.backup} 恢复到服务器数据库 {_shown(url)}")
    return 0


def _shown(url: str) -> str:
    from gmdesk.store.dialect import safe_url

    return safe_url(url)
