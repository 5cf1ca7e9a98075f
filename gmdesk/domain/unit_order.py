"""The office's order of units (排序号): how reports, the 通报 and the account table list them.

A unit the clerk has placed (``sort_order`` set) comes first, by its number; the others follow in
administrative order — 县政府办, 乡镇, 部门, 事业单位, 其他 — each group in the order the units were entered,
which is how a county's own documents list them (a database nobody has sorted is all in this order). Names
are never compared: code-point order puts 云江市… before 青岚县… and 城关镇 after 白沙镇.
"""

from __future__ import annotations

from gmdesk.domain.enums import UnitType

ADMINISTRATIVE_RANK: dict[UnitType, int] = {
    UnitType.COUNTY_OFFICE: 0,
    UnitType.TOWNSHIP: 1,
    UnitType.DEPARTMENT: 2,
    UnitType.INSTITUTION: 3,
    UnitType.OTHER: 4,
}


def unit_order_key(
    sort_order: int | None, unit_type: UnitType | None, unit_id: int
) -> tuple[int, int, int, int]:
    """Sort key of a unit: placed units by their number, then the rest in administrative order."""
    if sort_order is not None:
        return (0, sort_order, 0, unit_id)
    return (1, 0, ADMINISTRATIVE_RANK.get(unit_type or UnitType.OTHER, 4), unit_id)
