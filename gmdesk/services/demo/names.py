"""Fictional people, nicknames, phone numbers and codes.

Names are composed from common surnames and given-name characters, so they look real without copying anyone's.
Phone numbers use the 170/171 virtual-operator ranges and ID-like numbers start with 999 (no region has that
code), so masking has something to mask and nothing real can leak from a demo database.
"""

from __future__ import annotations

import random
import string

from gmdesk.services.demo.catalog import COUNTY_SHORT

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Weighted towards the most common surnames, as in any office.
_SURNAME_WEIGHTS = [max(1.0, 12.0 - i * 0.25) for i in range(len(SURNAMES))]
GIVEN_MALE = "伟强磊军勇杰涛斌浩鹏辉明刚平健超波华峰宇航晨志国建文俊凯飞龙林成亮鑫海东博翔宏"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞婷雪慧莉琳燕红梅兰萍颖玲晶倩洁佳璐瑶欣怡琴月秀丹蕾薇雯婧"
GIVEN_NEUTRAL = "小子春永德振晓宁思嘉雨安新立天俊家可一心亚卫"

NICKNAME_STEMS = (
    "热心市民",
    "一位家长",
    "老党员",
    "小区业主",
    "退休教师",
    "返乡青年",
    "个体户",
    "外卖小哥",
    "上班族",
    "宝妈",
    "农民朋友",
    "老街坊",
    "骑行爱好者",
    "驾驶员",
    "大学生",
    "村民代表",
    "网友",
    "游客",
)
NICKNAME_DECOR = ("", "", "", "2018", "88", "_cc", "666", "的日常", "在路上", "1990")


class NameMaker:
    """Unique personal names for one county's staff."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def person(self) -> str:
        rng = self._rng
        for _ in range(200):
            surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
            pool = rng.choice((GIVEN_MALE, GIVEN_FEMALE))
            given = rng.choice(pool)
            if rng.random() < 0.72:  # most given names have two characters
                first = rng.choice(rng.choice((pool, GIVEN_NEUTRAL)))
                given = given if first == given else first + given
            name = surname + given
            if name not in self._used:
                self._used.add(name)
                return name
        raise RuntimeError("name pool exhausted")  # pragma: no cover - pools hold tens of thousands


def surname_salutation(rng: random.Random) -> str:
    """ "王先生", "李女士": how writers often sign."""
    return rng.choice(SURNAMES[:40]) + rng.choice(("先生", "女士", "师傅", "大爷", "阿姨"))


def nickname(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.25:
        return surname_salutation(rng)
    if roll < 0.40:
        return f"微信用户{rng.randrange(1000, 9999)}"
    if roll < 0.50:
        return f"手机用户{rng.randrange(100000, 999999)}"
    if roll < 0.62:
        return f"{COUNTY_SHORT}{rng.choice(('老王', '小李', '阿强', '老张', '小陈', '大刘'))}{rng.choice(NICKNAME_DECOR)}"
    return f"{rng.choice(NICKNAME_STEMS)}{rng.choice(NICKNAME_DECOR)}"


class PhoneMaker:
    """Distinct mobile numbers in the 170/171 virtual ranges."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def mobile(self) -> str:
        while True:
            number = f"17{self._rng.choice('01')}{self._rng.randrange(10**8):08d}"
            if number not in self._used:
                self._used.add(number)
                return number


def any_mobile(rng: random.Random) -> str:
    """A 170/171 number without the uniqueness book-keeping (citizens' contacts)."""
    return f"17{rng.choice('01')}{rng.randrange(10**8):08d}"


def id_like_number(rng: random.Random) -> str:
    """18 characters shaped like an ID card number, starting 999 so it is no one's."""
    body = f"999{rng.randrange(10**3):03d}{rng.randrange(1950, 2006)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    return body + f"{rng.randrange(1000):03d}" + rng.choice("0123456789X")


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code(rng: random.Random, institution: bool) -> str:
    """A 统一社会信用代码 with valid check characters (GB 32100, GB 11714) and the unused region 990000.

    Government organs are registered by the 机构编制 office: "11" for 机关, "12" for 事业单位.
    """
    org = "".join(rng.choice(string.digits) for _ in range(8))
    org_check = 11 - sum(int(c) * w for c, w in zip(org, _ORG_WEIGHTS, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(org_check, str(org_check))
    head = ("12" if institution else "11") + "990" + f"{rng.randrange(100, 999)}" + org
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(head, _CREDIT_WEIGHTS, strict=True))
    return head + _CREDIT_CHARS[(31 - total % 31) % 31]


def wechat_original_id(rng: random.Random) -> str:
    return "gh_" + f"{rng.getrandbits(48):012x}"


def handle(rng: random.Random, prefix: str = "ql") -> str:
    return (
        prefix
        + "".join(rng.choice(string.ascii_lowercase) for _ in range(3))
        + f"{rng.randrange(1000, 99999)}"
    )
