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
        return (
            f"已生成示例数据：{self.county}（规模 {self.scale}，种子 {self.seed}，截至 {self.as_of.isoformat()}）\n"
            f"  单位 {self.units:,} 个，人员 {self.people:,} 人，账号 {self.accounts:,} 个\n"
            f"  发布 {self.posts:,} 条（其中计划 {self.planned_posts:,} 条）\n"
            f"  留言 {self.messages:,} 条（未办结 {self.open_messages:,} 条），办理记录 {self.message_events:,} 条，"
            f"回复 {self.replies:,} 条，转办 {self.transfers:,} 件\n"
            f"  备案事项 {self.filing_events:,} 件（待办 {self.pending_filings:,} 件），密码更换记录 {self.password_rotations:,} 条，"
            f"转发任务 {self.repost_tasks:,} 个，整改事项 {self.rectifications:,} 项\n"
            f"  用时 {self.seconds:.1f} 秒"
        )
