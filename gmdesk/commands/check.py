"""``gmdesk check``: every current finding, as text or as the JSON of domain §7; exit 1 when any needs attention."""

from __future__ import annotations

import argparse
import json
from datetime import date

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="检查全部规则（更新频率、备案、留言等），有否决或违规时退出码为 1",
        description="列出指定日期的全部检查结果。退出码：0 无需处理，1 存在单项否决或违规，2 输入有误。",
    )
    add_db_option(parser)
    parser.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD", help="检查日期（默认今天）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")
    parser.add_argument(
        "--with-source",
        action="store_true",
        help="JSON 中每项另加 source：判定所依据的规则方案（本单位当前方案或账号指定方案及单独调整）",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gmdesk.services.checks import run_checks
    from gmdesk.services.rules_in_force import ensure_in_force

    as_of = args.date or date.today()
    database = open_for_command(args)
    try:
        with database.session() as session:
            ensure_in_force(
                session
            )  # deadlines stored under other rules (a file from an older gmdesk) follow
            findings = run_checks(session, as_of)
    finally:
        database.close()
    if args.json:
        print(json.dumps([f.to_json(args.with_source) for f in findings], ensure_ascii=False, indent=2))
    else:
        if not findings:
            print(f"{as_of.isoformat()}：未发现问题。")
        for finding in findings:
            who = f"【{finding.account}】" if finding.account else ""
            basis = f"〔{finding.source}〕" if finding.source else ""
            print(
                f"{finding.date.isoformat()} [{finding.severity.label}] {finding.rule} {who}{finding.message}{basis}"
            )
    return 1 if any(f.needs_attention for f in findings) else 0
