"""``gmdesk demo``: a realistic county to try gmdesk on, or to benchmark it."""

from __future__ import annotations

import argparse
import sys

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument, fail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="生成示例数据（虚构的县：单位、账号、发布、留言、备案）",
        description="向空数据库写入一个虚构县的示例数据；同一 --seed 与 --as-of 总是生成相同的数据。",
    )
    add_db_option(parser)
    parser.add_argument(
        "--scale",
        choices=("small", "large"),
        default="small",
        help="small：约60个账号两年数据；large：500个账号五年数据（用于性能测试）",
    )
    parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    parser.add_argument("--as-of", type=date_argument, metavar="YYYY-MM-DD", help="数据截止日期（默认今天）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gmdesk.services.demo import DemoRefused, generate_demo

    database = open_for_command(args)
    try:
        terminal = sys.stderr.isatty()
        said = [""]

        def progress(done: int, total: int, text: str) -> None:
            if terminal:  # one line, rewritten: \x1b[K clears its rest (Chinese is two columns wide)
                print(f"\r[{done:>3}/{total}] {text}\x1b[K", end="", file=sys.stderr, flush=True)
            elif text != said[0]:  # a log or a pipe: a plain line per step, no control characters
                said[0] = text
                print(f"[{done}/{total}] {text}", file=sys.stderr, flush=True)

        try:
            summary = generate_demo(
                database, scale=args.scale, seed=args.seed, as_of=args.as_of, progress=progress
            )
        except DemoRefused as error:
            if terminal:
                print(file=sys.stderr)
            return fail(str(error))
        if terminal:
            print(file=sys.stderr)
        print(summary.describe())
        print(f"（{summary.technical()}）")
        return 0
    finally:
        database.close()
