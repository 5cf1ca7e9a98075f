"""Which indicator sets the office can inspect with: the built-in ones plus any kept as data in the settings
(a province's 扣分 table added without code), or read from a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.errors import UserError
from gmdesk.domain.indicators import BUILTIN_SETS, NATIONAL, IndicatorSet
from gmdesk.domain.permissions import Permission
from gmdesk.services import audit, settings
from gmdesk.services.operators import requires

SETTING_KEY = "inspection.indicator_sets"
"""A list of ``IndicatorSet.to_dict()`` values."""


def available_sets(session: Session) -> list[IndicatorSet]:
    """Built-in sets first, then the office's own (a stored set with a built-in name replaces it)."""
    own = [IndicatorSet.from_dict(data) for data in settings.get(session, SETTING_KEY, []) or []]
    names = {s.name for s in own}
    return [s for s in BUILTIN_SETS if s.name not in names] + own


def find_set(session: Session, name: str | None) -> IndicatorSet:
    if not name:
        return NATIONAL
    for candidate in available_sets(session):
        if candidate.name == name:
            return candidate
    choices = "、".join(s.name for s in available_sets(session))
    raise UserError(f"没有名为“{name}”的指标体系，可用：{choices}")


@requires(Permission.CONFIGURE)
def save_set(session: Session, indicator_set: IndicatorSet, operator: str) -> None:
    """Keep a set in the office's settings (replacing one of the same name)."""
    stored: list[dict[str, Any]] = [
        d for d in settings.get(session, SETTING_KEY, []) or [] if d.get("name") != indicator_set.name
    ]
    stored.append(indicator_set.to_dict())
    settings.put(session, SETTING_KEY, stored)
    audit.record(session, operator, "保存考核指标体系", "setting", None, {"name": indicator_set.name})


def read_set_file(path: Path | str) -> IndicatorSet:
    """A set from a JSON file (the shape of ``IndicatorSet.to_dict``), with a Chinese message when wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(f"无法读取指标体系文件 {path}：{error}") from error
    except json.JSONDecodeError as error:
        raise UserError(
            f"指标体系文件 {path} 第{error.lineno}行第{error.colno}列格式错误：{error.msg}"
        ) from error
    if not isinstance(data, dict):
        raise UserError(f"指标体系文件 {path} 应为一个 JSON 对象")
    return IndicatorSet.from_dict(data)
