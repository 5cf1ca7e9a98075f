"""What the two Word forms print (domain §2 "Forms"): 新媒体平台开设申请表 and 新媒体平台备案登记表.

The templates in ``forms/`` only place the values; everything a clerk reads is decided here: the ticked
☑/☐ boxes (是否认证 only once the account is open), dates as 2026年11月20日, "—" in a cell that does not apply
to this form, and a blank line to fill by hand wherever a value is missing, so a printed form never shows
"None" and always leaves room for a pen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gmdesk.domain.enums import FilingKind, LabeledEnum, OpsMode, Role
from gmdesk.domain.errors import UserError

TICKED, EMPTY_BOX = "☑", "☐"
NOT_APPLICABLE = "—"
"""Printed in a cell that does not apply to this form (a 关停 date on an 开设 form, 运维单位 of 自行运维)."""
BLANK = "＿" * 8
"""Printed where a short value is missing: a line to write on."""
BLANK_DATE = "　　　　年　　月　　日"
MIN_CHANGE_ROWS = 3
"""A change form always has room for at least this many handwritten lines."""

PLAN_ITEMS = ("组织领导", "经费保障", "管理制度", "联系人及联系方式")
"""The 实施方案 要点 of the application (domain §2)."""

FORM_ROLES = (Role.PRINCIPAL, Role.DEPUTY, Role.EDITOR, Role.ADMIN)


class FilingType(LabeledEnum):
    """The 类型 boxes of the 备案登记表."""

    OPEN = "open", "开设"
    CHANGE = "change", "变更"
    CLOSE = "close", "关停"
    CANCEL = "cancel", "注销"


KIND_TYPES: dict[FilingKind, FilingType] = {
    FilingKind.OPEN_FILING: FilingType.OPEN,
    FilingKind.CHANGE_FILING: FilingType.CHANGE,
    FilingKind.CLOSURE_NOTICE: FilingType.CLOSE,
    FilingKind.CANCEL_FILING: FilingType.CANCEL,
}
TYPE_KINDS: dict[FilingType, FilingKind] = {v: k for k, v in KIND_TYPES.items()}


@dataclass(frozen=True)
class FormPerson:
    name: str = ""
    title: str = ""
    phone: str = ""


@dataclass(frozen=True)
class FormAccount:
    """An account and its unit as the forms need them (plain values, from the service)."""

    unit_name: str
    account_name: str
    platform: str
    credit_code: str = ""
    unit_type: str = ""
    supervisor: str = ""
    platform_account_id: str = ""
    home_url: str = ""
    verified_entity: str = ""
    is_verified: bool | None = None
    opened_on: date | None = None
    notice_on: date | None = None
    canceled_on: date | None = None
    closed_on: date | None = None
    purpose: str = ""
    scope: str = ""
    ops_mode: OpsMode | None = None
    ops_vendor: str = ""
    filing_number: str = ""
    close_reason: str = ""
    replacement_account: str = ""
    people: Mapping[Role, FormPerson] = field(default_factory=dict)
    plan: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FormEvent:
    """The filing event a 备案登记表 is for (its changes or its closure facts)."""

    kind: FilingKind
    triggered_on: date | None = None
    changes: Sequence[Mapping[str, str]] = ()
    close_reason: str = ""
    notice_on: date | None = None
    replacement_account: str = ""
    filing_number: str = ""


@dataclass(frozen=True)
class FormMeta:
    """Who fills the form and when."""

    fill_date: date | None = None
    filler: str = ""
    filler_phone: str = ""


def one_line(value: Any) -> str:
    """Text for a table cell: None and blanks become "", line breaks become spaces."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def line_or_blank(value: Any) -> str:
    text = one_line(value)
    return text if text else BLANK


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else ""


def date_or_blank(day: date | None) -> str:
    return chinese_date(day) if day is not None else BLANK_DATE


def boxes(options: Sequence[str], chosen: str | None) -> str:
    """ "☑自行运维　☐购买服务": every option with its box, the chosen one ticked."""
    return "　".join(f"{TICKED if option == chosen else EMPTY_BOX}{option}" for option in options)


def _people(account: FormAccount) -> dict[str, dict[str, str]]:
    keys = {Role.PRINCIPAL: "principal", Role.DEPUTY: "deputy", Role.EDITOR: "editor", Role.ADMIN: "admin"}
    result = {}
    for role in FORM_ROLES:
        person = account.people.get(role, FormPerson())
        result[keys[role]] = {
            "name": one_line(person.name),
            "title": one_line(person.title),
            "phone": one_line(person.phone),
        }
    return result


def _common(account: FormAccount, meta: FormMeta) -> dict[str, Any]:
    admin = account.people.get(Role.ADMIN, FormPerson())
    # ticked only for a fact: an account not yet open (or with no 认证主体) has neither box ticked
    known = account.is_verified is not None and account.opened_on is not None
    verified = ("是" if account.is_verified else "否") if known else None
    return {
        "unit_name": one_line(account.unit_name),
        "credit_code": one_line(account.credit_code),
        "unit_type": one_line(account.unit_type),
        "supervisor": one_line(account.supervisor),
        "account_name": one_line(account.account_name),
        "platform": one_line(account.platform),
        "platform_account_id": one_line(account.platform_account_id),
        "home_url": one_line(account.home_url),
        "verified_entity": one_line(account.verified_entity),
        "verified_boxes": boxes(("是", "否"), verified),
        "opened_on": chinese_date(account.opened_on),
        "purpose": one_line(account.purpose),
        "scope": one_line(account.scope),
        "ops_boxes": boxes([m.label for m in OpsMode], account.ops_mode.label if account.ops_mode else None),
        "ops_vendor": (
            one_line(account.ops_vendor)
            if account.ops_mode is OpsMode.OUTSOURCED
            else NOT_APPLICABLE
            if account.ops_mode is OpsMode.SELF
            else ""
        ),
        **_people(account),
        "filler": line_or_blank(meta.filler or admin.name),
        "filler_phone": line_or_blank(meta.filler_phone or admin.phone),
        "fill_date": date_or_blank(meta.fill_date),
    }


def application_context(account: FormAccount, meta: FormMeta) -> dict[str, Any]:
    """The context of 新媒体平台开设申请表."""
    context = _common(account, meta)
    context["plan"] = {
        f"item{i}": one_line(account.plan.get(name, "")) for i, name in enumerate(PLAN_ITEMS, 1)
    }
    return context


def filing_context(account: FormAccount, event: FormEvent, meta: FormMeta) -> dict[str, Any]:
    """The context of 新媒体平台备案登记表 for one event (类型 from the event's kind)."""
    kind = KIND_TYPES.get(event.kind)
    if kind is None:
        raise UserError(f"“{event.kind.label}”没有备案登记表")
    context = _common(account, meta)
    context["type_boxes"] = boxes(FilingType.labels(), kind.label)
    context["filing_type"] = kind.label
    context["filing_number"] = one_line(event.filing_number or account.filing_number)
    closing = kind in (FilingType.CLOSE, FilingType.CANCEL)
    changing = kind is FilingType.CHANGE
    context["closing"], context["is_change"] = closing, changing
    # 关停/注销时间: the day the account actually stopped (关停, else its 注销 on the platform) or was 注销; empty
    # (to fill by hand) while it is not known yet — never the notice's date, which is printed on its own line
    end = account.canceled_on if kind is FilingType.CANCEL else (account.closed_on or account.canceled_on)
    context["closed_on"] = chinese_date(end) if closing else NOT_APPLICABLE
    changes = (
        [
            {
                "field": one_line(c.get("field")),
                "before": one_line(c.get("before")),
                "after": one_line(c.get("after")),
            }
            for c in event.changes
        ]
        if changing
        else []
    )
    changes += [{"field": "", "before": "", "after": ""}] * max(0, MIN_CHANGE_ROWS - len(changes))
    context["changes"] = changes
    context["change_day"] = chinese_date(event.triggered_on) if changing else NOT_APPLICABLE
    # the date beside 开设时间: the change's own date on a 变更 form, else 关停/注销时间
    context["date_label"] = "变更日期" if changing else "关停/注销时间"
    context["date_value"] = context["change_day"] if changing else context["closed_on"]
    if closing:
        context["close_reason"] = one_line(event.close_reason or account.close_reason)
        context["notice_on"] = chinese_date(event.notice_on or account.notice_on)
        context["replacement"] = one_line(event.replacement_account or account.replacement_account)
    else:
        context["close_reason"] = context["notice_on"] = context["replacement"] = NOT_APPLICABLE
    return context
