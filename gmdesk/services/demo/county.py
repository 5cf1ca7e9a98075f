"""Units and their staff: 主要负责人, 分管负责人, 总编辑/审核人, 管理员, 信息员, with 职务 and phones, and the
staff changes that later need 变更备案."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gmdesk.domain.enums import AccountState, Role, UnitType
from gmdesk.services.demo.catalog import COUNTY, ROADS, UnitSpec
from gmdesk.services.demo.names import NameMaker, PhoneMaker, credit_code
from gmdesk.services.demo.plan import AccountPlan, Change, Clock, PersonPlan, UnitPlan


def _head_title(spec: UnitSpec) -> str:
    name = spec.name
    if spec.unit_type is UnitType.TOWNSHIP:
        return "乡长" if name.endswith("乡人民政府") else "镇长"
    if spec.unit_type is UnitType.COUNTY_OFFICE:
        return "县政府办公室主任"
    for suffix, title in (
        ("大队", "大队长"),
        ("医院", "院长"),
        ("卫生院", "院长"),
        ("保健院", "院长"),
        ("学校", "校长"),
        ("中学", "校长"),
        ("小学", "校长"),
        ("馆", "馆长"),
        ("公司", "总经理"),
        ("局", "局长"),
    ):
        if name.endswith(suffix):
            return title
    return "主任"


def titles(spec: UnitSpec) -> dict[Role, str]:
    """职务 for each role, as such a unit would write them on the filing form."""
    head = _head_title(spec)
    if spec.unit_type is UnitType.COUNTY_OFFICE:
        return {
            Role.PRINCIPAL: head,
            Role.DEPUTY: "县政府办公室副主任",
            Role.EDITOR: "政务公开股股长",
            Role.ADMIN: "政务公开股科员",
            Role.INFORMANT: "县政府办公室科员",
        }
    if spec.unit_type is UnitType.TOWNSHIP:
        return {
            Role.PRINCIPAL: head,
            Role.DEPUTY: "党委委员、宣传委员",
            Role.EDITOR: "党政综合办公室主任",
            Role.ADMIN: "党政综合办公室科员",
            Role.INFORMANT: "党政综合办公室干事",
        }
    if "融媒体" in spec.name:
        return {
            Role.PRINCIPAL: head,
            Role.DEPUTY: "副主任",
            Role.EDITOR: "总编辑",
            Role.ADMIN: "新媒体部编辑",
            Role.INFORMANT: "记者",
        }
    return {
        Role.PRINCIPAL: head,
        Role.DEPUTY: "副" + head,
        Role.EDITOR: "办公室主任",
        Role.ADMIN: "办公室科员",
        Role.INFORMANT: "办公室干事" if spec.unit_type is UnitType.INSTITUTION else "科员",
    }


def _address(rng: random.Random, spec: UnitSpec) -> str:
    if spec.unit_type is UnitType.TOWNSHIP:
        return f"{COUNTY}{spec.short}{rng.choice(('政府街', '正街', '新街'))}{rng.randrange(1, 120)}号"
    return f"{COUNTY}{rng.choice(ROADS)}{rng.randrange(1, 400)}号"


def build_units(
    specs: list[UnitSpec], clock: Clock, rng: random.Random, names: NameMaker, phones: PhoneMaker
) -> list[UnitPlan]:
    units: list[UnitPlan] = []
    person_id = 0
    for unit_id, spec in enumerate(specs, start=1):
        unit = UnitPlan(
            id=unit_id,
            spec=spec,
            credit_code=credit_code(rng, spec.unit_type is UnitType.INSTITUTION),
            address=_address(rng, spec),
            phone=phones.mobile(),
        )
        role_titles = titles(spec)
        informants = 2 if rng.random() < 0.45 else 1
        slots = [(Role.PRINCIPAL, 0), (Role.DEPUTY, 0), (Role.EDITOR, 0), (Role.ADMIN, 0)]
        slots += [(Role.INFORMANT, i) for i in range(informants)]
        for role, position in slots:
            person_id += 1
            # Staff have held their roles for a while: 1 to 6 years before the demo date.
            since = clock.as_of - timedelta(days=rng.randrange(365, 6 * 365))
            person = PersonPlan(person_id, unit_id, names.person(), role_titles[role], phones.mobile(), since)
            unit.people.append(person)
            unit.staff[(role, position)] = [person]
        units.append(unit)
    return units


def plan_changes(
    units: list[UnitPlan],
    accounts: list[AccountPlan],
    clock: Clock,
    share: float,
    rng: random.Random,
    names: NameMaker,
    phones: PhoneMaker,
) -> None:
    """Replace some 管理员 and 分管负责人 within the period; two changes are scripted so that one 变更备案 is
    due within days and one is overdue on ``as_of``."""
    next_id = max(p.id for u in units for p in u.people) + 1
    running_units = {a.unit.id for a in accounts if a.state is AccountState.RUNNING and not a.scenarios}
    candidates = [u for u in units if u.id in running_units]
    scripted = {"due_soon": (Role.ADMIN, 4), "overdue": (Role.DEPUTY, 9)}
    chosen = rng.sample(candidates, min(len(candidates), len(scripted)))
    plans: list[tuple[UnitPlan, Role, date, str]] = [
        (unit, role, clock.workdays_before(clock.as_of, back), label)
        for unit, (label, (role, back)) in zip(chosen, scripted.items(), strict=False)
    ]
    span = (clock.as_of - clock.start).days
    for unit in units:
        if unit in chosen or rng.random() >= share:
            continue
        role = Role.ADMIN if rng.random() < 0.6 else Role.DEPUTY
        day = clock.start + timedelta(days=rng.randrange(30, max(31, span - 45)))
        plans.append((unit, role, day, ""))
    for unit, role, day, label in sorted(plans, key=lambda p: (p[0].id, p[2])):
        before = unit.current(role)
        if not clock.calendar.is_workday(day):
            day = clock.calendar.next_workday(day)
        after = PersonPlan(next_id, unit.id, names.person(), before.title, phones.mobile(), day)
        next_id += 1
        before.left_on = day
        if role is Role.ADMIN:
            before.active = False
            before.note = f"{day.year}年{day.month}月调离，账号密码已交接"
        else:
            before.note = f"{day.year}年{day.month}月起不再分管新媒体工作"
        unit.people.append(after)
        unit.staff[(role, 0)].append(after)
        unit.changes.append(Change(day, role, before, after, label))
