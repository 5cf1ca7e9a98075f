"""``gmdesk wording``: screen the published posts of a period for 错敏 (domain §9); exit 1 when a hit that is a
violation (严重表述错误, 违规用语) is neither corrected nor verified."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument, fail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "wording",
        help="错敏检查：检查一段时间内已发布信息的标题和正文（错别字、过时表述、严重表述错误、违规用语）",
        description="按错敏词库（内置词库加本单位词条和例外）检查已发布信息。默认检查最近14天。"
        "退出码：0 无未处理的违规，1 存在未处理的严重表述错误或违规用语，2 输入有误。",
    )
    add_db_option(parser)
    parser.add_argument(
        "--from", dest="first", type=date_argument, metavar="YYYY-MM-DD", help="起始日期（含）"
    )
    parser.add_argument(
        "--to", dest="last", type=date_argument, metavar="YYYY-MM-DD", help="截止日期（含，默认今天）"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（每条信息及其命中）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gmdesk.domain.enums import Severity
    from gmdesk.services.wording import scan_period

    last = args.last or date.today()
    first = args.first or last - timedelta(days=13)
    if first > last:
        return fail("起始日期不能晚于截止日期")
    database = open_for_command(args)
    try:
        with database.session() as session:
            scan = scan_period(session, first, last)
    finally:
        database.close()
    if args.json:
        print(
            json.dumps(
                {
                    "from": first.isoformat(),
                    "to": last.isoformat(),
                    "scanned": scan.scanned,
                    "hits": scan.hits,
                    "corrected": scan.corrected,
                    "verified": scan.verified,
                    "posts": [p.to_json() for p in scan.posts],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"{first.isoformat()} 至 {last.isoformat()}：{scan.summary()}")
        for post in scan.posts:
            state = f"［{post.mark.label}］" if post.mark else ""
            hits = "；".join(h.describe() for h in post.hits)
            print(f"{post.at:%Y-%m-%d %H:%M} 【{post.account}】《{post.title}》{state} {hits}")
    bad = any(
        h.category.severity is not Severity.WARNING for p in scan.posts if p.mark is None for h in p.hits
    )
    return 1 if bad else 0
