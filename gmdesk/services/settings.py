"""The office's settings kept in the database (not per-user window state, which lives in QSettings)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gmdesk.store.models import Setting

SUPERVISOR_NAME = "office.supervisor"
"""主管单位 full name, printed on forms and reports."""
COUNTY_NAME = "office.county"
CURRENT_OPERATOR = "office.operator"
OPERATOR_PHONE = "office.operator_phone"
"""联系电话 of the operator, printed beside 填报人 on reports."""
REPORTING_OFFICE = "office.reporting_office"
"""报告单位: the office that signs and stamps the county's reports and 通报; empty means the supervising office."""
REPORT_RECIPIENT = "office.report_recipient"
"""主送机关 of the county's self-inspection report (the superior office it goes to)."""
DOCUMENT_CODE = "office.document_code"
"""机关代字 of the office's 文号 (青政办), for the 通报's 青政办〔2025〕3号."""
DEMO_LOADED = "demo.loaded"
DEMO_OFFERED = "demo.offered"
SETUP_DONE = "office.setup_done"
"""The office setup (县名, 主管单位, 报告单位, the clerk, the profile) has been confirmed once."""

DEFAULTS: dict[str, Any] = {
    SUPERVISOR_NAME: "县人民政府办公室",
    COUNTY_NAME: "本县",
    CURRENT_OPERATOR: "管理员",
    OPERATOR_PHONE: "",
    REPORTING_OFFICE: "",
    REPORT_RECIPIENT: "市人民政府办公室",
    DOCUMENT_CODE: "县政办",
}


def text(session: Session, key: str) -> str:
    """A setting as trimmed text ("" when unset and without a default)."""
    return str(get(session, key) or "").strip()


def reporting_office(session: Session) -> str:
    """报告单位, defaulting to the supervising office (青岚县人民政府办公室)."""
    return text(session, REPORTING_OFFICE) or text(session, SUPERVISOR_NAME)


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
