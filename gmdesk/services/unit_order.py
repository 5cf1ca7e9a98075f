"""The office's order of units (排序号), which reports, the 通报 and the account table follow: read it, set it
from a list the clerk arranged, or clear it back to administrative order (``gmdesk.domain.unit_order``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from gmdesk.domain.errors import UserError
from gmdesk.domain.permissions import Permission
from gmdesk.domain.unit_order import unit_order_key
from gmdesk.services import audit
from gmdesk.services.operators import requires
from gmdesk.store.queries import accounts as queries


@dataclass(frozen=True)
class UnitPlace:
    id: int
    name: str
    unit_type: str
    """单位类型 as the clerk reads it."""
    placed: bool
    """The clerk gave it a number (else it stands in administrative order)."""


def units_in_order(session: Session) -> list[UnitPlace]:
    units = sorted(queries.all_units(session), key=lambda u: unit_order_key(u.sort_order, u.unit_type, u.id))
    return [UnitPlace(u.id, u.name, u.unit_type.label, u.sort_order is not None) for u in units]


@requires(Permission.RECORD)
def save_unit_order(session: Session, unit_ids: Sequence[int], operator: str, now: datetime) -> int:
    """Number the units 1, 2, 3… in the order given; every unit must be listed once. Returns how many."""
    units = {u.id: u for u in queries.all_units(session)}
    if sorted(unit_ids) != sorted(units):
        raise UserError("单位列表已变化（其他窗口新增或删除了单位），请重新打开单位排序")
    for position, unit_id in enumerate(unit_ids, start=1):
        units[unit_id].sort_order = position
    audit.record(session, operator, "调整单位顺序", "unit", None, {"order": list(unit_ids)}, at=now)
    return len(unit_ids)


@requires(Permission.RECORD)
def reset_unit_order(session: Session, operator: str, now: datetime) -> None:
    """Back to administrative order: every 排序号 cleared."""
    for unit in queries.all_units(session):
        unit.sort_order = None
    audit.record(session, operator, "恢复单位默认顺序", "unit", None, {}, at=now)
