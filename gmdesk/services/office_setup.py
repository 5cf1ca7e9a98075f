"""The office's setup: 县名, 主管单位 (the forms' default), 报告单位 (who signs reports), the clerk on this PC and
the rule profile in force. Asked on the first start of an empty database and kept in 工具 › 单位设置.

The clerk's name is ``settings.CURRENT_OPERATOR`` (the operators and roles of issue 12 build on it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from gmdesk.domain.errors import EditConflict, UserError
from gmdesk.services import audit, overview, settings
from gmdesk.services.conflicts import conflict_message, last_entry
from gmdesk.services.policy import list_profiles, set_active_profile
from gmdesk.store.queries import reference

DEFAULT_SUPERVISOR = str(settings.DEFAULTS[settings.SUPERVISOR_NAME])
"""县人民政府办公室 without a county: a placeholder the setup replaces as the county is typed."""


@dataclass(frozen=True)
class ProfileChoice:
    id: int
    name: str
    description: str


@dataclass(frozen=True)
class OfficeSetup:
    county: str
    """县名, e.g. 青岚县 (reports say 青岚县, not 本县)."""
    supervisor: str
    """主管单位: printed on the application and filing forms."""
    reporting_office: str
    """报告单位: signs the self-inspection report and the 通报; empty means the supervisor."""
    operator: str
    """The clerk on this PC (填报人, the name in the audit log)."""
    phone: str
    profile_id: int | None
    profiles: tuple[ProfileChoice, ...] = ()
    done: bool = False
    """Confirmed once already (the first-run question is not asked again)."""


def load(session: Session) -> OfficeSetup:
    profiles = list_profiles(session)
    active = next((p.id for p in profiles if p.is_active), None)
    county = settings.text(session, settings.COUNTY_NAME)
    return OfficeSetup(
        county="" if county == settings.DEFAULTS[settings.COUNTY_NAME] else county,
        supervisor=settings.text(session, settings.SUPERVISOR_NAME),
        reporting_office=settings.text(session, settings.REPORTING_OFFICE),
        operator=settings.text(session, settings.CURRENT_OPERATOR),
        phone=settings.text(session, settings.OPERATOR_PHONE),
        profile_id=active,
        profiles=tuple(ProfileChoice(p.id, p.name, p.description) for p in profiles),
        done=bool(settings.get(session, settings.SETUP_DONE, False)),
    )


FIELDS = {
    "county": "县（市、区）",
    "supervisor": "主管单位",
    "reporting_office": "报告单位",
    "operator": "本机操作员",
    "phone": "联系电话",
    "profile_id": "规则方案",
}
"""The settings of the form, as the clerk knows them."""


def _merged(session: Session, setup: OfficeSetup, shown: OfficeSetup) -> OfficeSetup:
    """``setup`` with every field the clerk left as ``shown`` taken as saved now (another clerk may have
    changed it meanwhile); EditConflict when both changed the same field differently."""
    saved = load(session)
    kept: dict[str, object] = {}
    clashes = []
    for field, label in FIELDS.items():
        mine, was, now = getattr(setup, field), getattr(shown, field), getattr(saved, field)
        if mine == was:
            kept[field] = now
        elif now != was and now != mine:
            clashes.append(label)
    if clashes:
        raise EditConflict(
            conflict_message(f"单位设置中的{'、'.join(clashes)}", last_entry(session, ["settings"], None))
        )
    return replace(setup, **kept)  # type: ignore[arg-type]


def save(session: Session, setup: OfficeSetup, operator: str, shown: OfficeSetup | None = None) -> None:
    """Keep the setup; a change of profile recomputes every pending deadline (as 工具 › 规则方案 does).
    ``shown``: the setup the form showed (None: not checked): the fields the clerk left alone keep whatever
    another clerk saved meanwhile, and a field both changed is refused (EditConflict)."""
    if shown is not None:
        unchanged_profile = setup.profile_id == shown.profile_id
        setup = _merged(session, setup, shown)
        if unchanged_profile:
            setup = replace(setup, profile_id=None)  # the clerk did not choose: leave the profile as it is
    county = setup.county.strip()
    if not county:
        raise UserError("请填写县（市、区）名称，如：青岚县", field="county")
    if not setup.supervisor.strip():
        raise UserError("请填写主管单位，如：青岚县人民政府办公室", field="supervisor")
    if not setup.operator.strip():
        raise UserError("请填写本机操作员（您的姓名）", field="operator")
    values = {
        settings.COUNTY_NAME: county,
        settings.SUPERVISOR_NAME: setup.supervisor.strip(),
        settings.REPORTING_OFFICE: setup.reporting_office.strip(),
        settings.CURRENT_OPERATOR: setup.operator.strip(),
        settings.OPERATOR_PHONE: setup.phone.strip(),
    }
    changed = {key: value for key, value in values.items() if settings.text(session, key) != value}
    _rename_first_operator(session, settings.text(session, settings.CURRENT_OPERATOR), setup.operator.strip())
    for key, value in values.items():
        settings.put(session, key, value)
    settings.put(session, settings.SETUP_DONE, True)
    if changed:
        audit.record(session, operator, "单位设置", "settings", None, changed)
    active = next((p for p in list_profiles(session) if p.is_active), None)
    if setup.profile_id is not None and (active is None or active.id != setup.profile_id):
        set_active_profile(session, setup.profile_id, setup.operator.strip() or operator)


def needs_first_run(session: Session) -> bool:
    """An empty database whose setup was never confirmed: the first start asks for it."""
    return overview.is_empty(session) and not settings.get(session, settings.SETUP_DONE, False)


def suggested_supervisor(county: str) -> str:
    """The usual 主管单位 of a county: its 人民政府办公室."""
    county = county.strip()
    return f"{county}人民政府办公室" if county else ""


def _rename_first_operator(session: Session, old: str, new: str) -> None:
    """On a new database the only operator is the default 管理员: the clerk who gives their name takes it over
    (with its right to see personal data), instead of becoming an operator nobody listed."""
    if old == new or old != settings.DEFAULTS[settings.CURRENT_OPERATOR]:
        return
    row = reference.operator_by_name(session, old)
    if row is not None and reference.operator_by_name(session, new) is None:
        row.name = new
