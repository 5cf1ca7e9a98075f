"""The fictional county's organisation chart: townships, departments, institutions and their accounts.

青岚县 of 云江市 exists nowhere; township and department names are the generic ones every Chinese county
has, so the demo reads like a real ledger without describing a real place. Lists are ordered by how likely a
unit is to run accounts: the small scale takes the head of each list, the large scale takes more and then
derives one 中心学校 and one 卫生院 per township.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmdesk.domain.enums import UnitType
from gmdesk.domain.platforms import Platform

COUNTY = "青岚县"
COUNTY_SHORT = "青岚"
CITY = "云江市"
FILING_PREFIX = "青政新媒"
"""The 主管单位's filing numbers: 青政新媒〔2025〕017号."""

P = Platform
SUB, SVC, CHANNELS = P.WECHAT_SUBSCRIPTION, P.WECHAT_SERVICE, P.WECHAT_CHANNELS
WEIBO, DOUYIN, KUAISHOU, TOUTIAO = P.WEIBO, P.DOUYIN, P.KUAISHOU, P.TOUTIAO
XHS, BILI, APP = P.XIAOHONGSHU, P.BILIBILI, P.APP


@dataclass(frozen=True)
class UnitSpec:
    name: str
    """全称 as on the 公章."""
    short: str
    unit_type: UnitType
    domain: str
    """What citizens write to it about (see message_texts.DOMAINS)."""
    brand: str
    """The account name its accounts carry."""
    menu: tuple[Platform, ...]
    """Platforms it opens, most likely first; the same platform twice makes a 重复开设 case."""
    second_name: str = ""
    """The name of the second account when ``menu`` repeats a platform."""


TOWNSHIPS: tuple[str, ...] = (
    "城关镇",
    "石桥镇",
    "白沙镇",
    "柳溪乡",
    "青山镇",
    "龙泉镇",
    "桃林镇",
    "双河镇",
    "马坪乡",
    "清水镇",
    "高桥镇",
    "新安镇",
    "黄土岭乡",
    "梅子坳乡",
    "三溪镇",
    "长乐镇",
    "永丰镇",
    "大河镇",
    "龙潭镇",
    "凤凰镇",
    "金竹乡",
    "杨柳镇",
    "太平镇",
    "石门镇",
    "枫林镇",
    "沙坪镇",
    "松岭乡",
    "花桥镇",
    "平安镇",
    "东岳乡",
    "北山镇",
    "南岭乡",
    "西河镇",
    "葛藤乡",
    "竹溪镇",
    "水口镇",
    "鹤鸣镇",
    "观音阁镇",
    "古城镇",
    "新田乡",
    "莲塘镇",
    "荷花乡",
    "白马镇",
    "兴隆镇",
    "土桥镇",
)

_TOWN_MENU = (SUB, DOUYIN, CHANNELS, TOUTIAO, KUAISHOU)

# (full-name tail, short, domain, brand, menu); "县" names get the county prefixed.
_DEPARTMENTS: tuple[tuple[str, str, str, str, tuple[Platform, ...]], ...] = (
    ("县公安局", "县公安局", "police", "平安青岚", (SUB, WEIBO, DOUYIN, KUAISHOU)),
    ("县教育局", "县教育局", "edu", "青岚教育", (SUB, TOUTIAO, DOUYIN)),
    ("县人力资源和社会保障局", "县人社局", "hr", "青岚人社", (SVC, SUB, DOUYIN)),
    ("县卫生健康局", "县卫健局", "health", "健康青岚", (SUB, WEIBO, DOUYIN)),
    ("县文化广电和旅游局", "县文旅局", "culture", "青岚文旅", (SUB, SUB, XHS, DOUYIN)),
    ("县市场监督管理局", "县市场监管局", "market", "青岚市场监管", (SUB, WEIBO, TOUTIAO)),
    ("县医疗保障局", "县医保局", "medical", "青岚医保", (SVC, SUB, DOUYIN)),
    ("县住房和城乡建设局", "县住建局", "housing", "青岚住建", (SUB, TOUTIAO, DOUYIN)),
    ("县交通运输局", "县交通运输局", "transport", "青岚交通", (SUB, WEIBO, DOUYIN)),
    ("县应急管理局", "县应急局", "emergency", "青岚应急", (SUB, DOUYIN, WEIBO)),
    ("县农业农村局", "县农业农村局", "agri", "青岚农业农村", (SUB, TOUTIAO, CHANNELS)),
    ("县民政局", "县民政局", "civil", "青岚民政", (SUB, TOUTIAO, DOUYIN)),
    ("县自然资源局", "县自然资源局", "land", "青岚自然资源", (SUB, TOUTIAO, WEIBO)),
    ("市生态环境局青岚分局", "生态环境分局", "env", "青岚生态环境", (SUB, WEIBO, DOUYIN)),
    ("县发展和改革局", "县发改局", "gov", "青岚发改", (SUB, TOUTIAO, WEIBO)),
    ("县财政局", "县财政局", "gov", "青岚财政", (SUB, TOUTIAO, DOUYIN)),
    ("县司法局", "县司法局", "civil", "青岚司法", (SUB, DOUYIN, WEIBO)),
    ("县水利局", "县水利局", "emergency", "青岚水利", (SUB, TOUTIAO, DOUYIN)),
    ("县林业局", "县林业局", "land", "青岚林业", (SUB, DOUYIN, TOUTIAO)),
    ("县退役军人事务局", "县退役军人局", "civil", "青岚退役军人", (SUB, DOUYIN, TOUTIAO)),
    ("县统计局", "县统计局", "gov", "青岚统计", (SUB, TOUTIAO, WEIBO)),
    ("县审计局", "县审计局", "gov", "青岚审计", (SUB, TOUTIAO, WEIBO)),
    ("县商务局", "县商务局", "market", "青岚商务", (SUB, DOUYIN, TOUTIAO)),
    ("县工业和信息化局", "县工信局", "gov", "青岚工信", (SUB, TOUTIAO, WEIBO)),
    ("县科学技术局", "县科技局", "edu", "青岚科技", (SUB, TOUTIAO, DOUYIN)),
    ("县综合行政执法局", "县执法局", "housing", "青岚城管", (SUB, DOUYIN, WEIBO)),
    ("县信访局", "县信访局", "gov", "青岚信访", (SUB, TOUTIAO, WEIBO)),
    ("县乡村振兴服务中心", "县乡村振兴中心", "agri", "青岚乡村振兴", (SUB, DOUYIN, CHANNELS)),
    ("县人民防空办公室", "县人防办", "emergency", "青岚人防", (SUB, TOUTIAO, WEIBO)),
    ("县行政审批服务局", "县行政审批局", "gov", "青岚审批", (SVC, SUB, TOUTIAO)),
    ("县城市管理局", "县城管局", "housing", "青岚城市管理", (SUB, DOUYIN, WEIBO)),
    ("县水务局", "县水务局", "housing", "青岚水务", (SVC, SUB, DOUYIN)),
    ("县粮食和物资储备局", "县粮储局", "agri", "青岚粮储", (SUB, TOUTIAO, WEIBO)),
    ("县机关事务管理局", "县机关事务局", "gov", "青岚机关事务", (SUB, TOUTIAO, WEIBO)),
    ("县档案局", "县档案局", "culture", "青岚档案", (SUB, TOUTIAO, WEIBO)),
    ("县体育运动发展中心", "县体育中心", "culture", "青岚体育", (SUB, DOUYIN, KUAISHOU)),
    ("县地方金融服务中心", "县金融中心", "gov", "青岚金融", (SUB, TOUTIAO, WEIBO)),
    ("县供销合作社联合社", "县供销社", "agri", "青岚供销", (SUB, DOUYIN, TOUTIAO)),
    ("县气象局", "县气象局", "emergency", "青岚气象", (SUB, WEIBO, DOUYIN)),
    ("县消防救援大队", "县消防救援大队", "emergency", "青岚消防", (SUB, DOUYIN, WEIBO)),
)

_INSTITUTIONS: tuple[tuple[str, str, str, str, tuple[Platform, ...]], ...] = (
    (
        "县融媒体中心",
        "县融媒体中心",
        "gov",
        "青岚融媒",
        (APP, DOUYIN, CHANNELS, BILI, KUAISHOU, WEIBO, TOUTIAO),
    ),
    ("县政务服务中心", "县政务服务中心", "gov", "青岚政务服务", (SVC, SUB, DOUYIN)),
    ("县人民医院", "县人民医院", "health", "青岚县人民医院", (SVC, SUB, DOUYIN)),
    ("县中医医院", "县中医医院", "health", "青岚县中医医院", (SVC, SUB, DOUYIN)),
    ("县疾病预防控制中心", "县疾控中心", "health", "青岚疾控", (SUB, WEIBO, DOUYIN)),
    ("县妇幼保健院", "县妇幼保健院", "health", "青岚妇幼", (SVC, SUB, DOUYIN)),
    ("县第一中学", "县一中", "edu", "青岚一中", (SUB, DOUYIN, CHANNELS)),
    ("县第二中学", "县二中", "edu", "青岚二中", (SUB, DOUYIN, CHANNELS)),
    ("县职业中等专业学校", "县职专", "edu", "青岚职专", (SUB, DOUYIN, KUAISHOU)),
    ("县实验小学", "县实验小学", "edu", "青岚实验小学", (SUB, CHANNELS, DOUYIN)),
    ("县图书馆", "县图书馆", "culture", "青岚县图书馆", (SUB, DOUYIN, XHS)),
    ("县文化馆", "县文化馆", "culture", "青岚县文化馆", (SUB, DOUYIN, CHANNELS)),
    ("县博物馆", "县博物馆", "culture", "青岚县博物馆", (SUB, XHS, DOUYIN)),
    ("县公共资源交易中心", "县公共资源交易中心", "gov", "青岚公共资源交易", (SUB, TOUTIAO, WEIBO)),
    ("县不动产登记中心", "县不动产登记中心", "land", "青岚不动产登记", (SVC, SUB, TOUTIAO)),
    ("县社会保险服务中心", "县社保中心", "hr", "青岚社保", (SVC, SUB, DOUYIN)),
    ("县就业服务中心", "县就业服务中心", "hr", "青岚就业", (SUB, DOUYIN, KUAISHOU)),
    ("县政务服务便民热线中心", "县12345热线中心", "gov", "青岚12345", (SUB, WEIBO, TOUTIAO)),
    ("县城乡供水有限责任公司", "县供水公司", "housing", "青岚供水", (SVC, SUB, DOUYIN)),
    ("县旅游服务中心", "县旅游服务中心", "culture", "青岚旅游服务", (SUB, DOUYIN, XHS)),
)


def _county_name(tail: str) -> str:
    if tail.startswith("县"):
        return COUNTY + tail[1:]
    if tail.startswith("市"):
        return CITY + tail[1:]
    return tail


def _spec(row: tuple[str, str, str, str, tuple[Platform, ...]], unit_type: UnitType) -> UnitSpec:
    tail, short, domain, brand, menu = row
    second = "青岚旅游" if menu.count(SUB) > 1 else ""
    return UnitSpec(_county_name(tail), short, unit_type, domain, brand, menu, second)


def county_office() -> UnitSpec:
    return UnitSpec(
        f"{COUNTY}人民政府办公室",
        "县政府办",
        UnitType.COUNTY_OFFICE,
        "gov",
        "青岚发布",
        (SUB, WEIBO, DOUYIN, TOUTIAO, CHANNELS, KUAISHOU),
    )


def township(short: str) -> UnitSpec:
    brand = f"{short}发布" if len(short) <= 3 else short
    return UnitSpec(f"{COUNTY}{short}人民政府", short, UnitType.TOWNSHIP, "town", brand, _TOWN_MENU)


def units_for(
    townships: int, departments: int, institutions: int, per_town_institutions: bool
) -> list[UnitSpec]:
    """The county office first, then townships, departments and institutions (the order of the ids)."""
    specs = [county_office()]
    specs += [township(name) for name in TOWNSHIPS[:townships]]
    specs += [_spec(row, UnitType.DEPARTMENT) for row in _DEPARTMENTS[:departments]]
    specs += [_spec(row, UnitType.INSTITUTION) for row in _INSTITUTIONS[:institutions]]
    if per_town_institutions:
        for name in TOWNSHIPS[:townships]:
            specs.append(
                UnitSpec(
                    f"{COUNTY}{name}中心学校",
                    f"{name}中心学校",
                    UnitType.INSTITUTION,
                    "edu",
                    f"{name}中心学校",
                    (SUB, CHANNELS),
                )
            )
            specs.append(
                UnitSpec(
                    f"{COUNTY}{name}卫生院",
                    f"{name}卫生院",
                    UnitType.INSTITUTION,
                    "health",
                    f"{name}卫生院",
                    (SUB, DOUYIN),
                )
            )
    return specs


ROADS: tuple[str, ...] = (
    "人民路",
    "建设路",
    "解放路",
    "青岚大道",
    "滨江路",
    "文化路",
    "迎宾大道",
    "新华路",
    "五一路",
    "环城北路",
)
COMMUNITIES: tuple[str, ...] = (
    "滨江花园",
    "锦绣华庭",
    "青岚名苑",
    "书香雅苑",
    "金水湾",
    "翠湖小区",
    "幸福家园",
    "和平里小区",
    "阳光新城",
    "桂园小区",
)
VILLAGES: tuple[str, ...] = (
    "新民村",
    "红星村",
    "上坪村",
    "石板村",
    "河口村",
    "杨家湾村",
    "李家坪村",
    "高岭村",
    "田心村",
    "竹山村",
    "大塘村",
    "枫树村",
)
SCENIC: tuple[str, ...] = (
    "青岚山",
    "柳溪古镇",
    "白沙湖湿地公园",
    "龙泉峡谷",
    "桃林花海",
    "青山茶园",
    "双河口古渡",
)
VENDOR_NAMES: tuple[str, ...] = ("云帆", "星火", "青禾", "启明", "博远", "鼎新", "优创", "睿思")
VENDOR_TRADES: tuple[str, ...] = ("文化传媒", "网络科技", "信息技术", "广告传媒")
