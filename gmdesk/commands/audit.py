"""``gmdesk audit verify`` (is the trail intact?) and ``gmdesk audit export`` (the trail as Excel)."""

from __future__ import annotations

import argparse
from pathlib import Path

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import ChineseArgumentParser, date_argument, fail, fail_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "audit", help="操作日志：校验完整性、导出", description="操作日志（谁在何时做了什么，逐条哈希链接）。"
    )
    actions = parser.add_subparsers(
        title="操作", dest="action", metavar="操作", parser_class=ChineseArgumentParser
    )
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="校验操作日志是否被修改或删除（完整返回 0，发现断点返回 1 并指出第一处）",
        description="逐条校验操作日志的哈希链：任何一条被修改或删除都会被发现，并指出第一处断点。",
    )
    add_db_option(verify)
    verify.set_defaults(handler=run_verify)
    export = actions.add_parser(
        "export", help="导出操作日志为 Excel", description="导出操作日志（含每条的校验值）。"
    )
    add_db_option(export)
    export.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx", help="导出文件")
    export.add_argument(
        "--from", dest="start", type=date_argument, metavar="YYYY-MM-DD", help="起始日期（含）"
    )
    export.add_argument("--to", dest="end", type=date_argument, metavar="YYYY-MM-DD", help="截止日期（含）")
    export.add_argument("--operator", default="", metavar="姓名", help="只导出该操作员的记录")
    export.add_argument(
        "--unmasked",
        action="store_true",
        help="不遮蔽日志中的个人信息：仅限有权限的操作员，须用 --reason 说明用途（记入操作日志）",
    )
    export.add_argument("--reason", default="", metavar="用途", help="导出未遮蔽个人信息的用途")
    export.set_defaults(handler=run_export)


def run_verify(args: argparse.Namespace) -> int:
    from gmdesk.services import audit

    database = open_for_command(args)
    try:
        with database.read_session() as session:
            result = audit.verify(session)
    finally:
        database.close()
    print(result.describe())
    return 0 if result.ok else 1


def run_export(args: argparse.Namespace) -> int:
    from gmdesk.services import audit, operators

    if args.start and args.end and args.end < args.start:
        return fail("--to 的日期不能早于 --from")
    database = open_for_command(args)
    try:
        with database.session() as session:
            if args.unmasked and not args.reason.strip():
                return fail("导出未遮蔽的个人信息须用 --reason 说明用途（将记入操作日志）")
            purpose = args.reason if args.unmasked else ""
            reveal = operators.reveal(session, None, purpose, "audit_log", {"file": Path(args.out).name})
            f = audit.LogFilter(start=args.start, end=args.end, operator=args.operator)
            count = audit.export(session, args.out, f, reveal=reveal)
    except OSError as error:
        return fail_file(error)
    finally:
        database.close()
    print(f"已导出{count}条操作日志到 {args.out}" + ("" if reveal else "（个人信息已遮蔽）"))
    return 0
