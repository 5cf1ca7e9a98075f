"""What citizens write, by field and category, and what the office answers.

Slots: {town} a township, {village} a village, {community} a housing estate, {road}/{road2} streets,
{scenic} a scenic spot. A message's field decides which department it is forwarded to (转办).
"""

from __future__ import annotations

import random

from gmdesk.domain.enums import MessageCategory
from gmdesk.services.demo.catalog import COMMUNITIES, COUNTY, ROADS, SCENIC, VILLAGES
from gmdesk.services.demo.names import any_mobile, id_like_number

C, S, X, H, OT = (
    MessageCategory.CONSULT,
    MessageCategory.SUGGEST,
    MessageCategory.COMPLAINT,
    MessageCategory.HELP,
    MessageCategory.OTHER,
)

# (field, category, text)
TEMPLATES: tuple[tuple[str, MessageCategory, str], ...] = (
    (
        "edu",
        C,
        "请问今年秋季小学一年级招生什么时候报名？户口在{town}但房子在城区{community}，孩子可以在城区上学吗？",
    ),
    ("edu", C, "想咨询一下家庭经济困难学生资助怎么申请，需要准备哪些材料？"),
    ("edu", S, "建议{road}实验小学放学时段安排交警或志愿者疏导，校门口接孩子的车太多，很危险。"),
    ("edu", X, "{town}中心学校课后服务收费不透明，家长没有自愿选择的权利，希望有关部门核查。"),
    ("edu", X, "孩子所在学校食堂饭菜分量少、价格高，多次向学校反映没有改善。"),
    ("hr", C, "灵活就业人员怎么在网上缴纳城乡居民养老保险？每年最低缴多少？"),
    ("hr", C, "请问失业保险金在哪里申领？我原单位在{road}，今年已经离职两个月了。"),
    ("hr", X, "我们在{town}一个工地干了四个月，包工头拖欠工资三万多元至今未付，恳请帮忙讨薪！"),
    ("hr", H, "父亲退休后养老金一直没有到账，社保窗口说要等，已经三个月了，家里困难，请帮帮忙。"),
    ("hr", S, "建议春风行动招聘会多安排几场在乡镇举办，很多人进城不方便。"),
    ("medical", C, "在外省打工，住院了怎么办理异地就医备案？能不能在手机上办？"),
    ("medical", C, "请问{y}年度城乡居民医保缴费截止时间是哪天？错过了还能补缴吗？"),
    ("medical", X, "{town}某药店刷医保卡买药被要求搭配保健品，涉嫌违规使用医保基金。"),
    ("medical", H, "母亲患尿毒症需要长期透析，门诊慢特病怎么申请？费用实在负担不起了。"),
    ("health", C, "请问县人民医院周末有没有儿科门诊？网上挂号在哪里挂？"),
    ("health", S, "建议{town}卫生院增加口腔科，村里老人看牙要跑到县城。"),
    ("health", X, "在{town}卫生院就诊，医生态度很差，还让做了很多不必要的检查。"),
    ("health", H, "家里老人{village}独居，行动不便，能否安排家庭医生上门随访？"),
    ("housing", C, "{community}老旧小区改造什么时候开工？改造内容包不包括加装电梯？"),
    ("housing", X, "{community}物业费年年涨，电梯经常坏，物业公司不作为，业主投诉无门。"),
    ("housing", X, "{road}一处工地夜间施工到凌晨两点，噪音严重影响休息，已经持续一周了。"),
    ("housing", H, "{community}一栋楼外墙瓷砖脱落，砸坏了楼下的车，存在很大安全隐患，请尽快处理！"),
    ("housing", S, "建议在{community}附近增设公共停车场，晚上道路两边停满车，消防车都进不去。"),
    ("transport", C, "请问县城到{town}的公交车末班车是几点？节假日会不会加班？"),
    ("transport", S, "建议在{road}与{road2}交叉口增设红绿灯，早晚高峰车多人多，经常发生剐蹭。"),
    ("transport", X, "{town}到{village}的通村公路修了一半就停工了，下雨天泥泞根本走不了车。"),
    ("transport", H, "{road}有一处井盖破损塌陷，晚上很危险，已经有电动车摔倒了，请尽快修复！"),
    ("police", C, "身份证丢了，请问在哪里补办？能不能异地办理？需要多长时间？"),
    ("police", X, "{community}门口一家KTV每晚营业到凌晨，喝酒闹事的人很多，严重扰民。"),
    ("police", H, "我接到一个自称客服的电话，让我转账解冻账户，已经转了五千元，怎么办？"),
    ("police", S, "建议在{road}学校门口上下学时段加强交通管理，电动车乱停乱放很严重。"),
    ("market", X, "在{road}一家超市买到过期的牛奶，商家拒绝退换，请市场监管部门处理。"),
    ("market", X, "{scenic}景区周边餐馆宰客，一盘青菜收八十元，明码标价形同虚设。"),
    ("market", C, "想开一家小餐馆，办理食品经营许可证需要哪些材料？能不能网上申请？"),
    ("market", S, "建议对校园周边的小卖部加强检查，很多三无辣条在卖给孩子。"),
    ("env", X, "{town}{village}附近有个养殖场粪污直排小河，气味刺鼻，河水发黑。"),
    ("env", X, "{road}附近一家工厂晚上偷偷排放黑烟，周边居民不敢开窗。"),
    ("env", S, "建议在{scenic}增设分类垃圾桶，节假日游客多，垃圾到处都是。"),
    ("agri", C, "请问今年耕地地力保护补贴什么时候发放？标准是每亩多少？"),
    ("agri", H, "家里种的{n}亩柑橘今年滞销，眼看要烂在地里，能不能帮忙联系销路？"),
    ("agri", S, "建议多组织一些农技培训到村里，教大家科学用药施肥。"),
    ("civil", C, "老人八十岁了，高龄津贴怎么申请？在{town}民政办就可以办吗？"),
    ("civil", H, "我家孩子父亲去世、母亲改嫁，由奶奶抚养，家里很困难，能申请什么救助？"),
    ("civil", X, "{village}有人不符合条件却领了低保，真正困难的人反而没有，希望认真核查。"),
    ("land", C, "农村宅基地上建房需要办理什么手续？在{town}哪个部门申请？"),
    ("land", C, "买的二手房办理不动产登记需要多长时间？能不能预约办理？"),
    ("land", H, "{town}{village}屋后山体出现裂缝，下雨后有泥土滑落，担心发生滑坡，请派人来看看！"),
    ("emergency", H, "{community}地下车库有很浓的燃气味，已经通知物业但没人来，请紧急处理！"),
    ("emergency", X, "{road}一家烟花爆竹店开在居民楼下，存在很大安全隐患。"),
    ("emergency", S, "建议在{scenic}等户外景点设置更多防火警示牌和灭火器材。"),
    ("culture", C, "请问县图书馆周一开放吗？办借书证需要带什么？"),
    ("culture", S, "建议在{scenic}增加停车位和公共厕所，节假日游客太多了。"),
    ("culture", C, "{scenic}门票有没有老年人优惠？六十五岁以上是不是免费？"),
    ("town", C, "请问{town}便民服务中心周末上班吗？想办理老人的养老认证。"),
    ("town", S, "建议{town}{village}村口安装几盏路灯，晚上出行太黑了，老人小孩都不安全。"),
    ("town", X, "{town}{village}垃圾收集点好几天没人清运，臭气熏天，苍蝇到处飞。"),
    ("town", X, "{town}集镇上占道经营严重，摊位摆到马路中间，车辆根本过不去。"),
    ("town", H, "{town}{village}一位独居老人已经两天没出门，电话也打不通，请村里派人去看看！"),
    ("town", S, "建议{town}在集镇上建一个农贸市场，现在赶集都在路边，又乱又不安全。"),
    ("gov", C, "请问县政务服务中心中午有没有人值班？上班时间没空，只能中午去办事。"),
    ("gov", S, "建议政府网站和公众号的办事指南再写得通俗一些，很多老年人看不懂。"),
    ("gov", S, "建议县里多建几个口袋公园和健身场地，城区的居民锻炼没地方去。"),
    ("gov", OT, "点赞{COUNTY}政务服务中心的工作人员，帮我一次办好了营业执照，服务非常耐心！"),
    ("gov", OT, "感谢相关部门上次及时修复了{road}的路灯，现在晚上走路放心多了。"),
    ("gov", OT, "请问你们公众号的留言多久能回复？"),
)

SPAM: tuple[str, ...] = (
    "高价回收茅台、冬虫夏草，有意者私聊。",
    "兼职刷单日赚三百，加微信了解详情！",
    "哈哈哈哈哈哈",
)

URGENT_WORDS = ("紧急！", "十万火急！", "急！")
OPENINGS = ("", "", "", "你好，", "您好！", "领导好，", "小编你好，")
CLOSINGS = ("", "", "谢谢！", "盼复。", "望尽快处理。", "麻烦尽快回复，谢谢。", "希望能得到答复。")

ANSWERS: dict[str, tuple[str, ...]] = {
    "edu": (
        "义务教育阶段招生按“划片招生、就近入学”原则进行，报名时间为每年7月上旬，具体以县教育局发布的招生公告为准",
    ),
    "hr": (
        "可通过省人社网上服务平台或“掌上人社”APP办理，也可携带身份证到县社会保险服务中心窗口办理",
        "经核实，已责成施工企业于15日内结清拖欠工资，劳动保障监察大队将全程跟踪",
    ),
    "medical": ("异地就医备案可通过“国家医保服务平台”APP或医保局窗口办理，备案即时生效",),
    "health": (
        "县人民医院儿科实行365天无假日门诊，可通过医院服务号预约挂号",
        "已安排签约家庭医生团队于本周内上门随访，并建立健康档案",
    ),
    "housing": (
        "该小区已列入今年老旧小区改造计划，预计下半年开工，加装电梯需业主协商一致后申请",
        "经执法人员现场核查，已责令施工单位停止夜间施工，并依法处理",
    ),
    "transport": (
        "该路段已列入今年农村公路建设计划，施工单位已复工，预计月底前完成路面硬化",
        "已通知养护单位对破损井盖进行更换，并设置警示标志",
    ),
    "police": (
        "身份证补领可在全省任一公安户籍窗口办理，一般15个工作日内可领取，也可申请邮寄",
        "辖区派出所已对该场所开展检查并责令整改，将持续加强巡查",
    ),
    "market": ("执法人员已到现场核查，对该经营者违法行为立案调查，并督促其为消费者退换商品",),
    "env": ("生态环境分局已会同属地乡镇现场检查，责令该养殖场立即停止排污并限期整改",),
    "agri": (
        "耕地地力保护补贴资金将于近期通过“一卡通”发放到户，具体标准以当年公示为准",
        "已联系县供销社及电商服务中心对接销售渠道，工作人员将与您电话联系",
    ),
    "civil": (
        "高龄津贴可由本人或家属携带身份证、户口本到户籍所在乡镇（街道）民政办申请",
        "经核实，已将该家庭纳入临时救助，并按程序申请认定为事实无人抚养儿童",
    ),
    "land": (
        "农村村民建房需向村民委员会提出申请，经乡镇人民政府审核批准后办理乡村建设规划许可",
        "县自然资源局已安排地质灾害防治技术人员现场踏勘，并落实监测责任人",
    ),
    "emergency": ("接到反映后，燃气公司抢修人员已到场处置，经检测为管道接口松动，已修复",),
    "culture": ("县图书馆每周二至周日开放，周一闭馆；凭身份证即可免费办理借书证",),
    "town": (
        "镇（乡）便民服务中心实行周末轮班制，周六上午正常办理业务",
        "已安排村委会和环卫人员对该点位进行清运，并建立每日巡查制度",
    ),
    "gov": (
        "您的建议已转相关部门研究，将在今后工作中认真吸收采纳",
        "县政务服务中心实行午间不打烊服务，工作日12:00至14:00设有专窗",
    ),
}


def fill(rng: random.Random, text: str, year: int, town: str) -> str:
    road, road2 = rng.sample(ROADS, 2)
    return text.format(
        town=town,
        village=rng.choice(VILLAGES),
        community=rng.choice(COMMUNITIES),
        road=road,
        road2=road2,
        scenic=rng.choice(SCENIC),
        y=year,
        n=rng.randrange(5, 40),
        COUNTY=COUNTY,
    )


def decorate(rng: random.Random, text: str, urgent: bool) -> str:
    """Opening and closing words; sometimes a phone or an ID-like number, so masking has work to do."""
    body = rng.choice(OPENINGS) + text + rng.choice(CLOSINGS)
    if urgent:
        body = rng.choice(URGENT_WORDS) + body
    roll = rng.random()
    if roll < 0.06:
        body += f"我的电话{any_mobile(rng)}。"
    elif roll < 0.08:
        body += f"本人身份证号{id_like_number(rng)}，联系电话{any_mobile(rng)}。"
    return body
