"""Staff training (domain §8, §9; seed 000): at least 4 internal and 2 external trainings a year for the people
who run the accounts. ``TRAINING_SHORT`` (a warning) from the profile's month (1 October) while the year's
count of either kind is below its target, saying which and how many are missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gmdesk.domain.enums import Severity, TrainingKind
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.policy import TrainingRules

HOURS_MAX = 200.0


@dataclass(frozen=True)
class TrainingCount:
    year: int
    internal: int
    external: int

    def of(self, kind: TrainingKind) -> int:
        return self.internal if kind is TrainingKind.INTERNAL else self.external


def target(kind: TrainingKind, rules: TrainingRules) -> int:
    return rules.internal_per_year if kind is TrainingKind.INTERNAL else rules.external_per_year


def shortfall_text(count: TrainingCount, rules: TrainingRules) -> str:
    """ "内部培训2次（目标4次，差2次）、外部培训0次（目标2次，差2次）" for the kinds below target; "" if none."""
    parts = []
    for kind in TrainingKind:
        done, wanted = count.of(kind), target(kind, rules)
        if done < wanted:
            parts.append(f"{kind.label}培训{done}次（目标{wanted}次，差{wanted - done}次）")
    return "、".join(parts)


def training_short(count: TrainingCount, as_of: date, rules: TrainingRules) -> Finding | None:
    """The year's trainings below target, from the first day of ``rules.warn_from_month`` to the year's end."""
    if as_of.year != count.year or as_of < date(count.year, rules.warn_from_month, 1):
        return None
    missing = shortfall_text(count, rules)
    if not missing:
        return None
    return Finding(
        RuleId.TRAINING_SHORT,
        Severity.WARNING,
        "",
        as_of,
        f"{count.year}年培训不足：{missing}；请在年底前补齐并登记（每年内部培训不少于"
        f"{rules.internal_per_year}次、外部培训不少于{rules.external_per_year}次）",
        None,
        f"training:{count.year}",
    )


def check_hours(hours: float) -> float:
    if hours < 0 or hours > HOURS_MAX:
        raise UserError(f"学时应在0到{HOURS_MAX:g}之间", field="hours")
    return round(hours, 1)
