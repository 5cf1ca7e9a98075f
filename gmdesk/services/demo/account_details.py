"""The form fields of each account: platform ID and link, 认证主体, 运维方式, 宗旨, 实施方案, password history."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from gmdesk.domain.enums import AccountState, OpsMode, Role, UnitType
from gmdesk.domain.platforms import Platform
from gmdesk.services.demo.catalog import COUNTY, VENDOR_NAMES, VENDOR_TRADES
from gmdesk.services.demo.names import handle, wechat_original_id
from gmdesk.services.demo.plan import AccountPlan, Clock, Rotation

_DOMAIN_SCOPE = {
    "gov": (
        "全县重要政务信息、政府常务会议、重点项目建设",
        "政务动态、权威发布、政策解读、便民服务、回应关切",
    ),
    "town": ("本镇（乡）党委政府工作动态、惠民政策、乡村振兴", "镇村动态、政策宣传、便民服务、乡村风采"),
    "police": ("警务资讯、治安防范、反诈宣传、户政出入境便民服务", "警情通报、反诈提醒、便民服务、警营风采"),
    "edu": ("教育政策、招生考试、校园安全、学生资助", "教育动态、招生考试、政策解读、家校共育"),
    "hr": ("就业创业、社会保险、劳动维权、人才服务", "招聘信息、社保服务、政策解读、办事指南"),
    "health": ("卫生健康政策、疾病防控、健康科普、就医指南", "健康资讯、疾控提醒、就医指南、健康科普"),
    "culture": ("文化旅游资源推介、文化惠民活动、非遗保护", "文旅资讯、景区推介、文化活动、非遗传承"),
    "market": ("市场监管动态、食品药品安全、消费维权", "监管动态、抽检公告、消费提示、政策解读"),
    "medical": ("医保政策、参保缴费、待遇报销、基金监管", "医保政策、参保缴费、报销指南、办事服务"),
    "housing": ("住房和城乡建设、物业管理、燃气安全、建筑市场", "住建动态、政策解读、房屋安全、物业服务"),
    "transport": ("交通建设、出行服务、运输安全", "交通动态、出行提示、农村公路、安全宣传"),
    "emergency": ("安全生产、防灾减灾、应急救援、避险科普", "安全提示、预警信息、应急科普、工作动态"),
    "agri": ("农业生产、乡村振兴、农技推广、农产品质量安全", "农情动态、农技服务、惠农政策、乡村振兴"),
    "civil": ("民政服务、社会救助、养老服务、婚姻殡葬", "民政动态、救助政策、养老服务、办事指南"),
    "land": ("自然资源管理、耕地保护、不动产登记、地灾防治", "资源动态、耕地保护、不动产登记、地灾预警"),
    "env": ("生态环境保护、污染防治、环境质量公开", "环境动态、质量公开、环保科普、督察整改"),
}


def _identity(rng: random.Random, platform: Platform) -> tuple[str, str]:
    """(账号ID/原始ID, 主页链接); the IDs are random, the link shapes are the platforms' own."""
    if platform in (Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_SERVICE):
        return wechat_original_id(rng), ""
    if platform is Platform.WEIBO:
        uid = f"7{rng.randrange(10**9):09d}"
        return uid, f"https://weibo.com/u/{uid}"
    if platform is Platform.DOUYIN:
        user = handle(rng)
        return user, f"https://www.douyin.com/user/{user}"
    if platform is Platform.KUAISHOU:
        user = handle(rng, "ks")
        return user, f"https://www.kuaishou.com/profile/{user}"
    if platform is Platform.TOUTIAO:
        uid = f"{rng.randrange(10**10, 10**11)}"
        return uid, f"https://www.toutiao.com/c/user/{uid}/"
    if platform is Platform.XIAOHONGSHU:
        return (
            f"{rng.randrange(10**8, 10**9)}",
            f"https://www.xiaohongshu.com/user/profile/{rng.getrandbits(96):024x}",
        )
    if platform is Platform.BILIBILI:
        uid = f"{rng.randrange(10**8, 10**9)}"
        return uid, f"https://space.bilibili.com/{uid}"
    if platform is Platform.WECHAT_CHANNELS:
        return "sph" + handle(rng, ""), ""
    return "cn.qlrm.aiqinglan", ""


def _entity(account: AccountPlan) -> str:
    """认证主体: the unit's full name, except for the mismatch cases (an old name or an internal office)."""
    unit = account.unit
    if "mismatch" not in account.scenarios:
        return unit.name
    if "融媒体" in unit.name:
        return f"{COUNTY}广播电视台"
    if unit.spec.unit_type is UnitType.TOWNSHIP:
        return f"{COUNTY}{unit.spec.short}党政综合办公室"
    return f"{unit.name}办公室"


def application_plan(account: AccountPlan) -> dict[str, Any]:
    """实施方案 要点 of the application form, with the people who held the roles when it was written."""
    unit = account.unit
    day = account.first_day
    principal, deputy = unit.holder(Role.PRINCIPAL, day), unit.holder(Role.DEPUTY, day)
    editor, admin = unit.holder(Role.EDITOR, day), unit.holder(Role.ADMIN, day)
    return {
        "组织领导": f"成立由{principal.name}（{principal.title}）任组长、{deputy.name}任副组长的政务新媒体工作领导小组",
        "经费保障": "运维经费纳入本单位年度预算，专款专用",
        "管理制度": f"落实“三审三校”：{admin.name}撰稿，{editor.name}审核，{deputy.name}审签；重要信息报主要负责人审定",
        "联系人及联系方式": f"{admin.name} {admin.phone}",
    }


def fill_details(accounts: list[AccountPlan], rng: random.Random) -> None:
    outsourced_pool = [
        a
        for a in accounts
        if a.platform in (Platform.DOUYIN, Platform.KUAISHOU, Platform.WECHAT_CHANNELS, Platform.BILIBILI)
    ]
    outsourced = set(
        a.id for a in rng.sample(outsourced_pool, min(len(outsourced_pool), max(3, len(accounts) // 12)))
    )
    for account in accounts:
        account.platform_account_id, account.home_url = _identity(rng, account.platform)
        if account.state in (AccountState.PROPOSED, AccountState.APPLYING, AccountState.APPROVED):
            account.platform_account_id, account.home_url = "", ""
            account.verified_entity, account.is_verified, account.followers = "", False, 0
        else:
            account.verified_entity = _entity(account)
        if account.state is AccountState.OPENED:
            account.followers = rng.randrange(30, 900)
            # The newest account is still waiting for the platform's 认证.
            account.is_verified = account.opened_on is not None and account.opened_on != max(
                a.opened_on for a in accounts if a.state is AccountState.OPENED and a.opened_on
            )
        if account.id in outsourced:
            account.ops_mode = OpsMode.OUTSOURCED
            account.ops_vendor = f"{COUNTY}{rng.choice(VENDOR_NAMES)}{rng.choice(VENDOR_TRADES)}有限公司"


def purpose_and_scope(account: AccountPlan) -> tuple[str, str]:
    topics, columns = _DOMAIN_SCOPE.get(account.unit.spec.domain, _DOMAIN_SCOPE["gov"])
    purpose = f"发布{account.unit.spec.short}{topics}等信息，解读政策、回应关切、提供便民服务，传播正能量。"
    return purpose, f"主要栏目：{columns}"


def plan_rotations(accounts: list[AccountPlan], clock: Clock, rng: random.Random) -> None:
    """Passwords changed every two to three months by the 管理员, at every 管理员 handover, and — for about
    one account in seven — not for months (PASSWORD_ROTATION)."""
    for account in accounts:
        if account.opened_on is None:
            continue
        unit = account.unit
        end = min(account.canceled_on or clock.as_of, clock.as_of)
        if rng.random() < 0.15 and account.state.is_live:
            end = clock.as_of - timedelta(days=rng.randrange(100, 250))
        handovers = {c.day: c for c in unit.changes if c.role is Role.ADMIN}
        day = max(account.opened_on, clock.start - timedelta(days=rng.randrange(0, 90)))
        rotations: list[Rotation] = []
        while day <= end:
            rotations.append(Rotation(_workday(clock, day), unit.holder(Role.ADMIN, day)))
            day += timedelta(days=rng.randrange(55, 92))
        for change_day, change in handovers.items():
            if account.opened_on < change_day <= min(account.canceled_on or clock.as_of, clock.as_of):
                rotations.append(Rotation(change_day, change.after, handover=True))
        account.rotations = sorted(rotations, key=lambda r: (r.day, r.handover))


def _workday(clock: Clock, day: date) -> date:
    """Passwords are changed in the office: the day itself or the next working day, never after as_of."""
    if clock.calendar.is_workday(day):
        return day
    following = clock.calendar.next_workday(day)
    return following if following <= clock.as_of else clock.calendar.previous_workday(day)
