"""Units (主办单位) and their people (负责人, 审核人, 管理员, 信息员), managed in the ledger tab."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy.orm import Session

from gmdesk.domain.enums import Role, UnitType
from gmdesk.domain.lifecycle import LifecycleError
from gmdesk.domain.permissions import Permission
from gmdesk.services import audit
from gmdesk.services.accounts_data import PersonInfo, UnitInfo
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.store.models import Person, Unit
from gmdesk.store.queries import accounts as queries

Refused = LifecycleError

_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def guess_unit_type(name: str) -> UnitType:
    """A sensible type for a unit created by an import: 乡镇 by name, 事业单位 for centres and stations."""
    if re.search(r"(镇|乡|街道)(人民政府|办事处)?$", name):
        return UnitType.TOWNSHIP
    if "政府办公室" in name or name.endswith("政府办"):
        return UnitType.COUNTY_OFFICE
    if re.search(r"(中心|站|所|院|馆|台|学校|医院)$", name):
        return UnitType.INSTITUTION
    return UnitType.DEPARTMENT


def _info(unit: Unit, accounts: int = 0, people: int = 0) -> UnitInfo:
    return UnitInfo(
        id=unit.id,
        name=unit.name,
        short_name=unit.short_name or "",
        unit_type=unit.unit_type,
        credit_code=unit.credit_code or "",
        supervisor=unit.supervisor or "",
        address=unit.address or "",
        phone=unit.phone or "",
        note=unit.note or "",
        active=bool(unit.active),
        accounts=accounts,
        people=people,
        version=unit.version,
    )


def unit_infos(session: Session) -> list[UnitInfo]:
    accounts = queries.account_counts_by_unit(session)
    people = queries.people_counts_by_unit(session)
    return [_info(u, accounts.get(u.id, 0), people.get(u.id, 0)) for u in queries.all_units(session)]


def unit_info(session: Session, unit_id: int) -> UnitInfo:
    unit = queries.unit(session, unit_id)
    if unit is None:
        raise Refused("该单位已不存在，请刷新后重试")
    return _info(unit)


@requires(Permission.RECORD)
def save_unit(session: Session, info: UnitInfo, operator: str) -> int:
    name = " ".join(info.name.split())
    if not name:
        raise Refused("请填写单位全称（与公章一致）")
    code = info.credit_code.strip().upper()
    if code and not _CREDIT_CODE.match(code):
        raise Refused(f"统一社会信用代码“{code}”格式不正确：应为18位数字或大写字母（不含I、O、Z、S、V）")
    clash = queries.unit_by_name(session, name)
    if clash is not None and clash.id != info.id:
        raise Refused(f"已有名为“{name}”的单位")
    unit = queries.unit(session, info.id) if info.id is not None else None
    if info.id is not None and unit is None:
        raise Refused("该单位已不存在，请刷新后重试")
    if unit is not None:
        check_version(session, unit, info.version, f"单位“{unit.name}”")
    created = unit is None
    if unit is None:
        unit = Unit(name=name)
        session.add(unit)
    before = {"name": unit.name, "short_name": unit.short_name, "unit_type": unit.unit_type}
    unit.name, unit.short_name, unit.unit_type = name, info.short_name.strip(), info.unit_type
    unit.credit_code, unit.supervisor, unit.address = code, info.supervisor.strip(), info.address.strip()
    unit.phone, unit.note, unit.active = info.phone.strip(), info.note.strip(), info.active
    session.flush()
    audit.record(
        session,
        operator,
        "新增单位" if created else "修改单位",
        "unit",
        unit.id,
        {"name": name} if created else {"before": {k: str(v) for k, v in before.items()}, "name": name},
    )
    return unit.id


@requires(Permission.DELETE)
def delete_unit(session: Session, unit_id: int, operator: str) -> None:
    unit = queries.unit(session, unit_id)
    if unit is None:
        return
    if queries.account_counts_by_unit(session).get(unit_id):
        raise Refused(f"“{unit.name}”还有账号，不能删除；可将其设为“停用”")
    for person in queries.people_of(session, unit_id):
        if queries.role_count(session, person.id) or queries.custodian_count(session, person.id):
            raise Refused(f"“{unit.name}”的人员“{person.name}”仍在其他账号任职，不能删除该单位")
    audit.record(session, operator, "删除单位", "unit", unit_id, {"name": unit.name})
    for person in queries.people_of(session, unit_id):
        session.delete(person)
    session.delete(unit)


def people(session: Session, unit_id: int | None) -> list[PersonInfo]:
    found = queries.people_of(session, unit_id)
    roles: dict[int, list[str]] = defaultdict(list)
    for held in queries.roles_held(session, [p.id for p in found]):
        roles[held.person_id].append(f"{held.account_name} {Role(held.role).label}")
    return [
        PersonInfo(
            p.id,
            p.unit_id,
            p.name,
            p.title or "",
            p.phone or "",
            p.email or "",
            p.note or "",
            bool(p.active),
            "；".join(roles.get(p.id, [])),
            p.version,
        )
        for p in found
    ]


_PHONE = re.compile(r"^[0-9+\-()（） 、/转]*$")


@requires(Permission.RECORD)
def save_person(session: Session, info: PersonInfo, operator: str) -> int:
    name = info.name.strip()
    if not name:
        raise Refused("请填写姓名")
    if not _PHONE.match(info.phone.strip()):
        raise Refused(f"手机号码“{info.phone.strip()}”含有数字以外的字符")
    person = queries.person(session, info.id) if info.id is not None else None
    if info.id is not None and person is None:
        raise Refused("该人员已不存在，请刷新后重试")
    if person is not None:
        check_version(session, person, info.version, f"人员“{person.name}”")
    if person is None and info.unit_id is not None and queries.person_in_unit(session, info.unit_id, name):
        raise Refused(
            f"本单位已有名为“{name}”的人员；同名的两人请在姓名后注明以示区别（如“{name}（办公室）”）"
        )
    created = person is None
    if person is None:
        person = Person(unit_id=info.unit_id, name=name)
        session.add(person)
    before = {"name": person.name, "title": person.title, "phone": person.phone}
    person.name, person.title, person.phone = name, info.title.strip(), info.phone.strip()
    person.email, person.note, person.active = info.email.strip(), info.note.strip(), info.active
    if info.unit_id is not None:
        person.unit_id = info.unit_id
    session.flush()
    audit.record(
        session,
        operator,
        "新增人员" if created else "修改人员",
        "person",
        person.id,
        {"name": name}
        if created
        else {"before": before, "after": {"name": name, "title": person.title, "phone": person.phone}},
    )
    return person.id


@requires(Permission.DELETE)
def delete_person(session: Session, person_id: int, operator: str) -> None:
    person = queries.person(session, person_id)
    if person is None:
        return
    held = queries.role_count(session, person_id)
    if held or queries.custodian_count(session, person_id):
        raise Refused(
            f"“{person.name}”仍在账号中任职或保管密码，不能删除；请先在账号中更换人员，或将其设为“停用”"
        )
    audit.record(session, operator, "删除人员", "person", person_id, {"name": person.name})
    session.delete(person)
