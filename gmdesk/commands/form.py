"""``gmdesk form``: the 新媒体平台开设申请表 or 备案登记表 of one account as a Word file."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument, fail

EVENTS = {"open": "开设", "change": "变更", "close": "关停", "cancel": "注销"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "form",
        help="导出账号的开设申请表（apply）或备案登记表（filing）",
        description="导出一个账号的 Word 表格。备案登记表默认用于该账号当前的备案事项（待办优先），"
        "--event 指定类型：open 开设、change 变更、close 关停、cancel 注销。\n"
        "示例：gmdesk form filing --account 城关镇发布 --event change --db gmdesk.db --out 变更备案.docx",
    )
    parser.add_argument(
        "kind",
        choices=("apply", "filing", "change", "close"),
        metavar="类型",
        help="apply 开设申请表；filing 备案登记表；change、close 为 filing --event change/close 的简写",
    )
    parser.add_argument("--account", required=True, metavar="ID_OR_NAME", help="账号编号或账号名称")
    parser.add_argument("--event", choices=tuple(EVENTS), help="备案类型：open、change、close、cancel")
    add_db_option(parser)
    parser.add_argument("--out", metavar="FILE", type=Path, required=True, help="输出文件（.docx）")
    parser.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD", help="填表日期（默认今天）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gmdesk.documents.atomic import OutputFileBusy
    from gmdesk.domain.forms_data import FilingType
    from gmdesk.domain.lifecycle import LifecycleError
    from gmdesk.services import settings
    from gmdesk.services.filings_forms import FormKind, export_forms, resolve_account

    out: Path = args.out
    if out.suffix.lower() != ".docx":
        return fail(f"输出文件应为 .docx：{out}")
    event = args.event or {"change": "change", "close": "close"}.get(args.kind)
    if args.kind == "apply" and event:
        return fail("开设申请表没有 --event 选项")
    kind = FormKind.APPLICATION if args.kind == "apply" else FormKind.FILING
    filing_type = FilingType(event) if event else None
    now = datetime.combine(args.date or date.today(), time(9, 0))
    database = open_for_command(args)
    try:
        with database.session() as session:
            account = resolve_account(session, args.account)
            operator = str(settings.get(session, settings.CURRENT_OPERATOR))
            result = export_forms(
                session,
                kind,
                [account.id],
                out,
                merged=False,
                operator=operator,
                now=now,
                filing_type=filing_type,
            )
    except LifecycleError as error:
        return fail(str(error))
    except OutputFileBusy as error:
        return fail(str(error))
    finally:
        database.close()
    form = result.forms[0]
    what = f"{kind.title}（{form.filing_type}）" if form.filing_type else kind.title
    print(f"已导出{form.account_name}的{what}：{out}")
    return 0
