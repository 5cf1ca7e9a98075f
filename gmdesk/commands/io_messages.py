"""``gmdesk import messages FILE.xlsx`` and ``gmdesk export messages --out FILE.xlsx`` (domain §7 layout)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.io import add_import_parser
from gmdesk.commands.parsing import date_argument, fail, fail_file


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_import_parser(
        subparsers,
        "messages",
        help="导入留言（账号名称、渠道、收到时间、留言人、联系方式、内容、类别、紧急程度）",
        description="从 Excel 导入留言。重复的留言（同一账号、留言人、时间和内容）跳过并计数；"
        "任何一行有误则全部不导入，并列出每个问题所在的行和列。",
        handler=run_import,
    )


def register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "messages",
        help="导出留言及其期限、办理时间（保密留言不导出）",
        description="把留言导出为 Excel（每条留言一行，含首次回应期限、答复期限、状态、办理时间、办理部门）。"
        "保密留言一律不导出；手机号、身份证号等个人信息按当前操作员的权限去标识化。",
    )
    add_db_option(parser)
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    parser.add_argument(
        "--from", dest="start", type=date_argument, metavar="YYYY-MM-DD", help="收到日期起（含）"
    )
    parser.add_argument("--to", dest="end", type=date_argument, metavar="YYYY-MM-DD", help="收到日期止（含）")
    parser.add_argument(
        "--mask", action="store_true", help="遮蔽个人信息（默认即遮蔽，保留此选项以兼容旧脚本）"
    )
    parser.add_argument(
        "--unmasked",
        action="store_true",
        help="导出未遮蔽的个人信息：仅限有权限的操作员，须用 --reason 说明用途（记入操作日志）",
    )
    parser.add_argument("--reason", default="", metavar="用途", help="导出未遮蔽个人信息的用途")
    parser.set_defaults(handler=run_export)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import print_rejection
    from gmdesk.documents.xlsx import ImportRejected
    from gmdesk.services import messages_io
    from gmdesk.services.inbox import operator_rights

    database = open_for_command(args)
    try:
        now = _now()
        try:
            with database.session() as session:
                plan = messages_io.read_messages(session, args.file, now)
                operator = operator_rights(session).name
        except ImportRejected as error:
            return print_rejection(error)
        if args.dry_run:
            print(f"检查通过（未写入）：{plan.describe()}")
            return 0
        with database.session(writing=True) as session:
            result = messages_io.write_messages(session, plan, operator, now)
    finally:
        database.close()
    print(result.describe())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from gmdesk.services import messages_io
    from gmdesk.services.inbox import STATUS_ALL, MessageFilter, operator_rights

    if args.start and args.end and args.end < args.start:
        return fail("--to 的日期不能早于 --from")
    database = open_for_command(args)
    try:
        with database.session() as session:
            if args.unmasked and not args.reason.strip():
                return fail("导出未遮蔽的个人信息须用 --reason 说明用途（将记入操作日志）")
            reveal = args.reason if args.unmasked and not args.mask else ""
            f = MessageFilter(status=STATUS_ALL, received_from=args.start, received_to=args.end)
            try:
                result = messages_io.export_messages(
                    session,
                    args.out,
                    _now(),
                    reveal=reveal,
                    operator=operator_rights(session).name,
                    message_filter=f,
                )
            except OSError as error:  # open in Excel/WPS, read-only, disk full
                return fail_file(error)
    finally:
        database.close()
    print(result.describe(), file=sys.stdout)
    return 0
