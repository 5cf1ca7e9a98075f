"""Inspection indicator sets as data (domain §6): the national vetoes and a province's 扣分 table.

An :class:`IndicatorSet` names, for each indicator, the per-account figure it reads (see :data:`FIGURES`),
the limit, whether breaking it is a 单项否决 or costs points (扣分), and the message the report prints. A
province's table is a dict (``IndicatorSet.from_dict``), kept in the office's settings or a JSON file, so it
is added without code. :func:`judge` gives one account's verdict (合格/不合格 with the reasons) under a set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from gmdesk.domain.findings import RuleId
from gmdesk.domain.policy import BASIS_INSPECTION_2019


@dataclass(frozen=True)
class FigureInfo:
    label: str
    unit: str = ""
    percent: bool = False
    """A fraction shown as a percentage (0.953 → 95.3%)."""

    def show(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.percent:
            return f"{value * 100:.1f}%"
        number = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{number}{self.unit}"


FIGURES: dict[str, FigureInfo] = {
    "posts": FigureInfo("信息发布量", "条"),
    "originals": FigureInfo("原创信息", "条"),
    "original_rate": FigureInfo("原创率", percent=True),
    "longest_gap_days": FigureInfo("最长连续未更新", "天"),
    "gap_breaches": FigureInfo("超期未更新次数", "次"),
    "gap_limit_days": FigureInfo("未更新时限", "天"),
    "interaction_enabled": FigureInfo("互动功能开通"),
    "received": FigureInfo("收到留言", "条"),
    "on_time_rate": FigureInfo("按期答复率", percent=True),
    "overdue_replies": FigureInfo("逾期答复", "条"),
    "open_long": FigureInfo("超3个月未办结留言", "条"),
    "repost_missed": FigureInfo("未完成转发任务", "项"),
    "three_review_rate": FigureInfo("三审合规率", percent=True),
    "incidents": FigureInfo("安全事件", "起"),
    "password_overdue": FigureInfo("密码超期未更换"),
    "filings_late": FigureInfo("备案逾期", "件"),
}
"""Every per-account figure an indicator may read, with how the report shows it."""


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    figure: str
    """A key of :data:`FIGURES`."""
    limit: float
    compare: str = "max"
    """"max": the figure may be at most ``limit``; "min": at least ``limit``."""
    veto: bool = False
    """Breaking it fails the account whatever the score (单项否决)."""
    points: float = 0.0
    """扣分 when broken (at most this much when ``per_each`` is given)."""
    per_each: float = 0.0
    """With a "max" indicator: points per unit over the limit, capped at ``points``."""
    rule: str = ""
    """The finding's rule id (§7); the key when empty."""
    message: str = ""
    """What the report says when broken; ``{figure_name}`` fields are filled from the account's figures,
    ``{value}`` and ``{limit}`` from this indicator. Empty: a sentence built from the figure's label."""
    basis: str = ""

    def broken(self, value: float | None) -> bool:
        if value is None:  # nothing to judge (no message fell due, no post to review)
            return False
        return value > self.limit if self.compare == "max" else value < self.limit

    def deduction(self, value: float) -> float:
        if self.per_each and self.compare == "max":
            points = self.per_each * (value - self.limit)
            return min(points, self.points) if self.points else points
        return self.points

    def describe(self, value: float, figures: Mapping[str, Any]) -> str:
        info = FIGURES[self.figure]
        if self.message:
            return self.message.format_map(
                {**figures, "value": info.show(value), "limit": info.show(self.limit)}
            )
        wanted = "不超过" if self.compare == "max" else "不低于"
        return f"{info.label}{info.show(value)}（要求{wanted}{info.show(self.limit)}）"


@dataclass(frozen=True)
class IndicatorSet:
    name: str
    description: str = ""
    indicators: tuple[Indicator, ...] = ()
    full_score: float | None = None
    """With a 扣分 table: the score each account starts from (100); None for pass/fail only."""
    pass_score: float | None = None
    """Below this score the account fails (60)."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["indicators"] = [asdict(i) for i in self.indicators]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndicatorSet:
        """Read a set from data (settings, a JSON file), with a Chinese message naming what is wrong."""
        name = str(data.get("name", "")).strip()
        if not name:
            raise ValueError("指标体系缺少名称（name）")
        indicators = []
        for number, item in enumerate(data.get("indicators", ()), start=1):
            where = f"指标体系“{name}”第{number}项指标"
            if not isinstance(item, Mapping):
                raise ValueError(f"{where}格式不正确")
            figure = str(item.get("figure", ""))
            if figure not in FIGURES:
                raise ValueError(f"{where}读取的数据项“{figure}”不存在，可用：{'、'.join(FIGURES)}")
            compare = str(item.get("compare", "max"))
            if compare not in ("max", "min"):
                raise ValueError(f"{where}的比较方式应为 max 或 min")
            try:
                indicators.append(
                    Indicator(
                        key=str(item.get("key") or figure),
                        title=str(item.get("title") or FIGURES[figure].label),
                        figure=figure,
                        limit=float(item["limit"]),
                        compare=compare,
                        veto=bool(item.get("veto", False)),
                        points=float(item.get("points", 0)),
                        per_each=float(item.get("per_each", 0)),
                        rule=str(item.get("rule", "")),
                        message=str(item.get("message", "")),
                        basis=str(item.get("basis", "")),
                    )
                )
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"{where}的限值或分值不是数字：{error}") from error
        full = data.get("full_score")
        passing = data.get("pass_score")
        return cls(
            name,
            str(data.get("description", "")),
            tuple(indicators),
            float(full) if full is not None else None,
            float(passing) if passing is not None else None,
        )


@dataclass(frozen=True)
class Breach:
    indicator: Indicator
    value: float
    points: float
    reason: str


@dataclass(frozen=True)
class Verdict:
    passed: bool
    score: float | None
    breaches: tuple[Breach, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return "合格" if self.passed else "不合格"

    @property
    def vetoes(self) -> tuple[Breach, ...]:
        return tuple(b for b in self.breaches if b.indicator.veto)

    def reasons(self) -> list[str]:
        """单项否决 first, then the deductions."""
        ordered = sorted(self.breaches, key=lambda b: not b.indicator.veto)
        out = []
        for breach in ordered:
            tag = "单项否决" if breach.indicator.veto else f"扣{breach.points:g}分"
            out.append(f"{breach.indicator.title}（{tag}）：{breach.reason}")
        return out


def judge(figures: Mapping[str, Any], indicators: IndicatorSet) -> Verdict:
    """One account's verdict: failed by any veto, or by a score below the pass mark."""
    breaches = []
    for indicator in indicators.indicators:
        value = figures.get(indicator.figure)
        if value is not None and indicator.broken(value):  # (broken() is False for None too)
            points = 0.0 if indicator.veto else indicator.deduction(float(value))
            breaches.append(Breach(indicator, float(value), points, indicator.describe(value, figures)))
    score = None
    if indicators.full_score is not None:
        score = max(0.0, indicators.full_score - sum(b.points for b in breaches))
    passed = not any(b.indicator.veto for b in breaches)
    if passed and score is not None and indicators.pass_score is not None:
        passed = score >= indicators.pass_score
    return Verdict(passed, score, tuple(breaches))


# --------------------------------------------------------------------------- the built-in sets
_VETOES = (
    Indicator(
        "SECURITY",
        "安全、泄密等严重问题",
        "incidents",
        0,
        veto=True,
        rule="SECURITY_INCIDENT",
        message="统计期内发生安全事件{incidents}起",
        basis=BASIS_INSPECTION_2019,
    ),
    Indicator(
        "UPDATE_GAP",
        "内容不更新",
        "gap_breaches",
        0,
        veto=True,
        rule=RuleId.UPDATE_GAP,
        message="统计期内{gap_breaches}次连续{gap_limit_days}天以上未更新，最长连续{longest_gap_days}天未更新",
        basis=BASIS_INSPECTION_2019,
    ),
    Indicator(
        "NO_INTERACTION",
        "互动回应差（未开通互动功能）",
        "interaction_enabled",
        1,
        compare="min",
        veto=True,
        rule=RuleId.NO_INTERACTION,
        message="留言、评论或私信功能未开通",
        basis=BASIS_INSPECTION_2019,
    ),
    Indicator(
        "OPEN_LONG",
        "互动回应差（长期未回复）",
        "open_long",
        0,
        veto=True,
        rule=RuleId.REPLY_OVERDUE,
        message="有{open_long}条留言超过3个月未办结",
        basis=BASIS_INSPECTION_2019,
    ),
)

NATIONAL = IndicatorSet(
    "国办单项否决指标",
    "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）的三项单项否决：安全、泄密等严重问题，"
    "内容不更新（连续2周），互动回应差。",
    _VETOES,
)

SAMPLE_PROVINCE = IndicatorSet(
    "省级考核扣分表（示例）",
    "单项否决加百分制扣分，低于60分为不合格。各省可按本省考核细则另设指标体系。",
    (
        *_VETOES,
        Indicator(
            "ORIGINAL_RATE",
            "原创信息不足",
            "original_rate",
            0.3,
            compare="min",
            points=10,
            rule=RuleId.ORIGINAL_MIN,
        ),
        Indicator(
            "REPLY_RATE",
            "留言按期答复率偏低",
            "on_time_rate",
            0.9,
            compare="min",
            points=15,
            rule=RuleId.REPLY_OVERDUE,
        ),
        Indicator(
            "REPOST",
            "转发任务未完成",
            "repost_missed",
            0,
            points=10,
            per_each=2,
            rule=RuleId.REPOST_OVERDUE,
            message="{repost_missed}项上级转发任务未按要求转发",
        ),
        Indicator(
            "THREE_REVIEWS",
            "三审制度落实不到位",
            "three_review_rate",
            1.0,
            compare="min",
            points=10,
            rule="THREE_REVIEWS",
            message="三审合规率{value}，部分信息未留存撰稿、审核、审签记录",
        ),
        Indicator(
            "PASSWORD",
            "账号密码未定期更换",
            "password_overdue",
            0,
            points=5,
            rule=RuleId.PASSWORD_ROTATION,
            message="账号密码超期未更换或未登记保管人",
        ),
        Indicator(
            "FILING_LATE",
            "备案不及时",
            "filings_late",
            0,
            points=9,
            per_each=3,
            rule=RuleId.FILING_OVERDUE,
            message="{filings_late}件备案事项未在时限内办理",
        ),
    ),
    full_score=100,
    pass_score=60,
)

BUILTIN_SETS: tuple[IndicatorSet, ...] = (NATIONAL, SAMPLE_PROVINCE)
