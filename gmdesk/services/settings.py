"""The office's settings kept in the database (not per-user window state, which lives in QSettings)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gmdesk.store.models import Setting

SUPERVISOR_NAME = "office.supervisor"
"""主管单位 full name, printed on forms and reports."""
COUNTY_NAME = "office.county"
CURRENT_OPERATOR = "office.operator"
DEMO_LOADED = "demo.loaded"
DEMO_OFFERED = "demo.offered"

DEFAULTS: dict[str, Any] = {
    SUPERVISOR_NAME: "县人民政府办公室",
    COUNTY_NAME: "本县",
    CURRENT_OPERATOR: "管理员",
}


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    if row is not None:
        return row.value
    return DEFAULTS.get(key, default)


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
