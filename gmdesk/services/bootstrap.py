"""What every gmdesk database holds from the start: the policy presets, reply templates, an operator."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gmdesk.domain.enums import OperatorRole
from gmdesk.domain.policy import DEFAULT_PROFILE_NAME, PRESETS
from gmdesk.services import settings
from gmdesk.store.models import Operator, PolicyProfileRow, ReplyTemplate
from gmdesk.store.queries import reference

BUILTIN_REPLY_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    (
        "收到回应",
        "",
        "{称呼}您好！您的留言已收到，我们正在抓紧办理，将于{日期}前给您答复。感谢您对{账号}的关注和支持！",
    ),
    (
        "咨询答复",
        "咨询",
        "{称呼}您好！感谢您对{账号}的关注。关于您咨询的问题，经{单位}核实，答复如下：……。如有疑问，请在工作日拨打咨询电话。",
    ),
    ("建议答复", "建议", "{称呼}您好！感谢您提出的宝贵建议。{单位}已认真研究，……。欢迎继续关注{账号}。"),
    (
        "投诉答复",
        "投诉",
        "{称呼}您好！您反映的问题已收悉。经{单位}调查核实，情况如下：……。处理结果：……。感谢您的监督！",
    ),
    (
        "求助答复",
        "求助",
        "{称呼}您好！您的求助已收到，{单位}已安排专人跟进，……。如有紧急情况请拨打110或12345。",
    ),
    (
        "转办告知",
        "转办",
        "{称呼}您好！您反映的问题属于{单位}职责范围，我们已于{日期}转交{单位}办理，办理结果将及时告知您。",
    ),
    (
        "说明情况、指明途径",
        "说明情况",
        "{称呼}您好！经了解，您反映的事项不属于本单位职责范围。根据有关规定，该事项由……负责办理，"
        "建议您通过……（电话/地址/网上渠道）反映。感谢您对{账号}的关注！",
    ),
    (
        "不予受理说明",
        "其他",
        "{称呼}您好！您的留言内容与政务服务无关（或含有不文明用语），依据留言管理规定不予受理，敬请谅解。",
    ),
)


def ensure_defaults(session: Session) -> None:
    """Idempotent: add whatever of the built-in data is missing, never overwrite the office's edits."""
    existing = {row.name: row for row in reference.policy_profiles(session)}
    for name, profile in PRESETS.items():
        if name not in existing:
            row = PolicyProfileRow(
                name=name, description=profile.description, rules=profile.to_dict(), builtin=True
            )
            session.add(row)
            existing[name] = row
    if not any(row.is_active for row in existing.values()):
        existing[DEFAULT_PROFILE_NAME].is_active = True

    templates = reference.reply_template_names(session)
    for name, category, text in BUILTIN_REPLY_TEMPLATES:
        if name not in templates:
            session.add(ReplyTemplate(name=name, category=category, text=text, builtin=True))

    operator_name = settings.get(session, settings.CURRENT_OPERATOR)
    if reference.operator_by_name(session, operator_name) is None:
        session.add(Operator(name=operator_name, role=OperatorRole.ADMIN, may_see_personal_data=True))
