"""``gmdesk profile list`` and ``gmdesk profile use NAME``: the office's rule profile, for office scripts."""

from __future__ import annotations

import argparse
from datetime import date

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="查看或切换本单位执行的规则方案",
        description="规则方案决定更新频率、答复期限、备案期限。",
    )
    actions = parser.add_subparsers(title="操作", dest="action", metavar="操作", required=True)
    listing = actions.add_parser("list", help="列出全部规则方案，标出当前方案")
    add_db_option(listing)
    listing.set_defaults(handler=run_list)
    use = actions.add_parser(
        "use",
        help="切换当前规则方案：先列出今天的检查结果因此增减的问题，再切换",
        description="切换后，全部待办备案和留言的期限立即按新方案重算。",
    )
    use.add_argument("name", metavar="NAME", help="方案名称（见 gmdesk profile list）")
    add_db_option(use)
    use.add_argument(
        "--date", type=date_argument, metavar="YYYY-MM-DD", help="比较检查结果的日期（默认今天）"
    )
    use.add_argument("--dry-run", action="store_true", help="只列出影响，不切换")
    use.set_defaults(handler=run_use)


def run_list(args: argparse.Namespace) -> int:
    from gmdesk.services.policy import list_profiles

    database = open_for_command(args)
    try:
        with database.session() as session:
            profiles = list_profiles(session)
    finally:
        database.close()
    for info in profiles:
        mark = "*" if info.is_active else " "
        kind = "内置" if info.builtin else "本单位"
        print(f"{mark} {info.name}（{kind}）　{info.description}")
    return 0


def run_use(args: argparse.Namespace) -> int:
    from gmdesk.services import operators, policy

    as_of = args.date or date.today()
    database = open_for_command(args)
    try:
        with database.session() as session:
            operator = operators.local_name(session)  # the 本机操作员, whose role decides (a 管理员's job)
            info = policy.profile_by_name(session, args.name)
            if info.is_active:
                print(f"“{info.name}”已是当前规则方案，未做改动。")
                return 0
            impact = policy.switch_impact(session, info.id, as_of)
            print(impact.describe())
            for line in impact.lines(limit=50):
                print("  " + line)
            if args.dry_run:
                print("（--dry-run：未切换）")
                return 0
            policy.set_active_profile(session, info.id, operator)
    finally:
        database.close()
    print(f"已切换为“{info.name}”，全部待办期限已按新方案重算。")
    return 0
