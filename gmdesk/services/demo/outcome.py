"""What ``generate_demo`` hands back: a summary, or a refusal the CLI and the GUI show as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class DemoRefused(Exception):
    """The demo was not loaded and nothing changed; ``str(error)`` is a Chinese message for the clerk."""


class DemoCancelled(DemoRefused):
    """The user cancelled; the transaction was rolled back."""


@dataclass(frozen=True)
class DemoSummary:
    county: str
    scale: str
    seed: int
    as_of: date
    units: int
    people: int
    accounts: int
    posts: int
    planned_posts: int
    messages: int
    open_messages: int
    message_events: int
    replies: int
    transfers: int
    filing_events: int
    pending_filings: int
    password_rotations: int
    repost_tasks: int
    rectifications: int
    seconds: float

    def describe(self) -> str:
        """What the clerk reads after loading the demo: what is in it, in the clerk's words."""
        as_of = f"{self.as_of.year}年{self.as_of.month}月{self.as_of.day}日"
        size = "（大规模，用于试用程序在大量数据下的速度）" if self.scale == "large" else ""
        return (
            f"已载入示例数据：虚构的“{self.county}”{size}，数据截至{as_of}。\n\n"
            f"· {self.units:,} 个单位、{self.people:,} 名人员、{self.accounts:,} 个账号\n"
            f"· 发布记录 {self.posts:,} 条，另有发布计划 {self.planned_posts:,} 条\n"
            f"· 群众留言 {self.messages:,} 条（{self.open_messages:,} 条还在办理），回复 {self.replies:,} 条，"
            f"转办 {self.transfers:,} 件\n"
            f"· 备案事项 {self.filing_events:,} 件（{self.pending_filings:,} 件待办），转发任务 {self.repost_tasks:,} 个，"
            f"整改事项 {self.rectifications:,} 项\n\n"
            "单位、人员和留言都是虚构的。正式使用前，请用“文件 › 新建数据库”另建一个空数据库。"
        )

    def technical(self) -> str:
        """For office IT and benchmarks (the command line): how it was generated."""
        return (
            f"规模 {self.scale}，随机种子 {self.seed}，办理记录 {self.message_events:,} 条，"
            f"密码更换记录 {self.password_rotations:,} 条，用时 {self.seconds:.1f} 秒"
        )
