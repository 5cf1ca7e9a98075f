"""Post titles that read like a county's news: by unit, topic, season and category.

Templates take {u} (the unit's short name), {y} (the year), {t} (a topic of the unit's field), {s} (a topic of
the season) and {m} (the month). Reposts carry national and provincial headlines with their 来源.
"""

from __future__ import annotations

import random
from datetime import date

from gmdesk.domain.enums import PostCategory
from gmdesk.services.demo.catalog import CITY, COUNTY, COUNTY_SHORT, SCENIC

TOPICS: dict[str, tuple[str, ...]] = {
    "gov": (
        "优化营商环境",
        "重点项目建设",
        "政务公开",
        "12345热线办理",
        "民生实事项目",
        "招商引资",
        "“放管服”改革",
    ),
    "town": (
        "人居环境整治",
        "乡村振兴",
        "网格化管理",
        "移风易俗",
        "矛盾纠纷排查化解",
        "河长制巡河",
        "防返贫动态监测",
        "村级集体经济发展",
    ),
    "police": (
        "反电信网络诈骗宣传",
        "夏夜治安巡查",
        "道路交通安全整治",
        "扫黑除恶常态化",
        "户政业务便民服务",
        "校园周边安全巡防",
    ),
    "edu": (
        "校园安全",
        "义务教育招生",
        "教师能力提升培训",
        "“双减”政策落实",
        "学生资助",
        "校园食品安全",
        "课后服务",
    ),
    "hr": (
        "稳就业促就业",
        "城乡居民养老保险参保",
        "根治欠薪",
        "职业技能培训",
        "创业担保贷款",
        "春风行动招聘会",
    ),
    "health": (
        "家庭医生签约服务",
        "疫苗接种",
        "健康义诊进乡村",
        "爱国卫生运动",
        "医疗机构安全生产",
        "基层医疗能力提升",
    ),
    "culture": ("文旅推介", "非遗展演", "全民阅读", "乡村旅游", "文化惠民演出", "文物安全检查"),
    "market": (
        "食品安全抽检",
        "价格监督检查",
        "特种设备安全检查",
        "消费维权",
        "校园及周边食品安全",
        "计量器具检定",
    ),
    "medical": ("城乡居民医保集中参保", "医保基金监管", "异地就医备案", "门诊慢特病待遇", "医保码推广应用"),
    "housing": (
        "城镇老旧小区改造",
        "建筑施工安全",
        "城镇燃气安全排查整治",
        "自建房安全专项整治",
        "物业服务提升",
    ),
    "transport": ("农村公路建设", "道路运输安全检查", "“四好农村路”建设", "客运站安全隐患排查", "公路养护"),
    "emergency": ("安全生产隐患排查", "森林防灭火", "防汛应急演练", "应急避险科普", "危险化学品安全检查"),
    "agri": (
        "高标准农田建设",
        "春耕生产",
        "农机安全生产",
        "动物疫病防控",
        "农产品质量安全",
        "耕地“非粮化”整治",
    ),
    "civil": ("低保专项治理", "居家养老服务", "婚姻登记便民", "殡葬改革", "困境儿童关爱保护", "社会组织年检"),
    "land": ("耕地保护", "地质灾害防治", "不动产登记便民", "国土空间规划", "违法用地专项整治"),
    "env": ("大气污染防治", "河道水质监测", "秸秆禁烧", "中央环保督察反馈问题整改", "噪声污染治理"),
}

SEASONS: dict[int, tuple[str, ...]] = {
    1: ("春节期间安全生产", "冬春季森林防火", "春运保障", "困难群众走访慰问"),
    2: ("春节期间安全生产", "节后复工复产安全", "春季开学安全", "冬春季森林防火"),
    3: ("春耕备耕", "春季森林防火", "植树造林", "学雷锋志愿服务"),
    4: ("清明节祭扫安全", "春季森林防火", "安全生产大检查", "春季动物疫病防控"),
    5: ("防汛备汛", "防溺水安全教育", "“安全生产月”准备", "“三夏”生产"),
    6: ("“安全生产月”", "防汛抗旱", "高考服务保障", "防溺水安全教育"),
    7: ("防汛抗旱", "暑期学生安全", "高温天气安全防范", "地质灾害防治"),
    8: ("防汛抗旱", "秋季开学准备", "高温天气安全防范", "地质灾害防治"),
    9: ("秋收秋种", "秋季开学安全", "国庆节前安全检查", "秋冬季森林防火"),
    10: ("国庆假期安全", "秋冬季森林防火", "秋收秋种", "冬季安全生产"),
    11: ("秋冬季森林防火", "冬季安全生产", "根治欠薪冬季专项行动", "冬季燃气安全"),
    12: ("年终岁末安全生产", "冬季森林防火", "元旦春节“两节”市场保供", "根治欠薪冬季专项行动"),
}

AFFAIRS = (
    "{u}召开{y}年{s}工作部署会",
    "{u}召开{t}工作推进会",
    "{u}扎实推进{t}工作",
    "{u}开展{t}专项行动",
    "{u}全力做好{s}工作",
    "{u}组织开展{t}业务培训",
    "{u}召开{m}月份工作例会",
    "{u}主要负责同志带队督导{s}工作",
    "{u}：{t}取得阶段性成效",
    "{u}召开党组（扩大）会议传达学习上级会议精神",
    "{u}开展“{t}”主题宣传活动",
    "{u}迎接{s}工作督查",
)
TOWN_AFFAIRS = (
    "{u}召开党委（扩大）会议部署{s}工作",
    "{u}：党员干部下沉一线助力{t}",
    "{u}开展{t}“回头看”",
    "{u}召开村（社区）党组织书记例会",
    "{u}多措并举推进{t}",
)
POLICY = (
    "【政策解读】一图读懂{y}年{t}政策",
    "【政策解读】{t}十问十答",
    "关于做好{y}年{s}工作的通知",
    "关于进一步加强{t}工作的通知",
    "{COUNTY}{t}实施方案（{y}—{y2}年）政策问答",
    "【权威解读】{t}新规{m}月起施行",
)
SERVICE = (
    "便民提醒｜{t}办理指南",
    "收藏！{y}年{t}服务指南来了",
    "重要提醒！{s}，这些事项请注意",
    "{t}，这些事项可以“掌上办”",
    "@{COUNTY_SHORT}人，{t}最新消息",
    "温馨提示｜{s}注意事项",
)
RESPONSE = (
    "关于网民反映“{t}”有关问题的回复",
    "回应关切｜{t}，最新进展来了",
    "群众关心的{t}问题，权威回应来了",
)
OTHER = (
    "【最美{COUNTY_SHORT}】{scenic}的{season_word}",
    "今天，向坚守岗位的{COUNTY_SHORT}人致敬！",
    "【身边榜样】{u}干部{t}一线纪实",
    "{scenic}：{season_word}正当时",
)
GREETINGS = ("{u}祝大家节日快乐！", "假期出行提示｜{s}，请注意安全", "节日我在岗｜{u}干部坚守一线")
REPOSTS = (
    ("国务院常务会议部署{national}", "中国政府网"),
    ("国务院办公厅印发《关于{national}的意见》", "中国政府网"),
    ("新华时评：以实干推动{national}见行见效", "新华社"),
    ("人民日报评论：扎实推进{national}", "人民日报"),
    ("权威发布！{y}年{national}重点任务明确", "新华社"),
    ("省政府新闻办召开新闻发布会介绍{national}有关情况", "省人民政府网站"),
    ("省政府常务会议研究{national}等工作", "省人民政府网站"),
    (CITY + "召开{s}工作会议", CITY + "人民政府网站"),
    (CITY + "印发{national}工作方案", CITY + "人民政府网站"),
    ("{COUNTY}召开{y}年{s}工作会议", "青岚发布"),
    ("{COUNTY}政府常务会议研究部署{s}等工作", "青岚发布"),
)
NATIONAL = (
    "推动高质量发展",
    "优化营商环境",
    "扩大内需促进消费",
    "安全生产治本攻坚",
    "防汛抗旱",
    "全面推进乡村振兴",
    "稳就业",
    "加快发展新质生产力",
    "生态环境保护",
    "民营经济发展",
    "养老服务体系建设",
    "基层减负",
)
SEASON_WORDS = {
    1: "冬韵",
    2: "早春",
    3: "春色",
    4: "花海",
    5: "初夏",
    6: "夏日",
    7: "盛夏",
    8: "清凉",
    9: "秋意",
    10: "金秋",
    11: "深秋",
    12: "冬日",
}

_ORIGINAL_CATEGORIES = (
    PostCategory.AFFAIRS,
    PostCategory.SERVICE,
    PostCategory.POLICY,
    PostCategory.RESPONSE,
    PostCategory.OTHER,
)
_ORIGINAL_WEIGHTS = (50, 24, 12, 5, 9)
_REPOST_CATEGORIES = (PostCategory.SUPERIOR, PostCategory.POLICY, PostCategory.AFFAIRS, PostCategory.SERVICE)
_REPOST_WEIGHTS = (55, 20, 15, 10)


class TitleMaker:
    def __init__(
        self, rng: random.Random, short: str, domain: str, township: bool, account: str = ""
    ) -> None:
        self._rng = rng
        self._reposts = tuple(r for r in REPOSTS if r[1] != account)  # no account reposts itself
        self._short = short
        self._topics = TOPICS.get(domain, TOPICS["gov"])
        self._affairs = AFFAIRS + TOWN_AFFAIRS if township else AFFAIRS

    def original(self, day: date, holiday: bool = False) -> tuple[str, PostCategory]:
        rng = self._rng
        if holiday and rng.random() < 0.6:
            return self._fill(rng.choice(GREETINGS), day), PostCategory.OTHER
        category = rng.choices(_ORIGINAL_CATEGORIES, _ORIGINAL_WEIGHTS)[0]
        pool = {
            PostCategory.AFFAIRS: self._affairs,
            PostCategory.SERVICE: SERVICE,
            PostCategory.POLICY: POLICY,
            PostCategory.RESPONSE: RESPONSE,
        }.get(category, OTHER)
        return self._fill(rng.choice(pool), day), category

    def repost(self, day: date) -> tuple[str, str, PostCategory]:
        template, source = self._rng.choice(self._reposts)
        category = self._rng.choices(_REPOST_CATEGORIES, _REPOST_WEIGHTS)[0]
        return self._fill(template, day), source, category

    def _fill(self, template: str, day: date) -> str:
        # Only the slots a template names are drawn: a million titles make every random call count.
        return template.format_map(_Slots(self, day))


class _Slots(dict[str, object]):
    def __init__(self, maker: TitleMaker, day: date) -> None:
        super().__init__(u=maker._short, y=day.year, y2=day.year + 2, m=day.month, COUNTY=COUNTY)
        self._maker = maker
        self._day = day

    def __missing__(self, key: str) -> object:
        rng, day = self._maker._rng, self._day
        value: object = {
            "t": lambda: rng.choice(self._maker._topics),
            "s": lambda: rng.choice(SEASONS[day.month]),
            "national": lambda: rng.choice(NATIONAL),
            "scenic": lambda: rng.choice(SCENIC),
            "season_word": lambda: SEASON_WORDS[day.month],
            "COUNTY_SHORT": lambda: COUNTY_SHORT,
        }[key]()
        self[key] = value
        return value


def launch_title(account_name: str) -> str:
    return f"你好！“{account_name}”正式上线啦"


def closure_title(account_name: str, replacement: str) -> str:
    return f"关于“{account_name}”停止更新的公告（请关注{replacement}）"
