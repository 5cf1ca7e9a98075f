"""The reply library (口径库): approved wording with the variables {称呼}, {账号}, {单位}, {日期}.

A template belongs to a message category (咨询…), to 转办, to 说明情况 (the 说明情况、指明途径 answers for what
is not the office's duty), to 不予受理, or to none (通用). Filling never fails: an unknown ``{…}`` is left
for the clerk to see and correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from gmdesk.domain.enums import MessageCategory
from gmdesk.domain.errors import UserError
from gmdesk.domain.permissions import Permission
from gmdesk.services import audit
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.store.models import ReplyTemplate
from gmdesk.store.queries import reply_templates as queries

VARIABLES: tuple[tuple[str, str], ...] = (
    ("称呼", "留言人的称呼：姓名带“先生/女士”等时照用，否则为“网友”"),
    ("账号", "留言所在的账号名称"),
    ("单位", "承办单位（已转办时）或账号的主办单位"),
    ("日期", "转办类模板为转办日期，其余为答复期限，如“10月16日”"),
)
TRANSFER = "转办"
OUT_OF_SCOPE = "说明情况"
REJECT = "不予受理"
GENERAL = ""
CATEGORIES: tuple[str, ...] = (GENERAL, *(c.label for c in MessageCategory), TRANSFER, OUT_OF_SCOPE, REJECT)
"""What a template may be filed under; "" is 通用 (any message)."""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_POLITE = ("先生", "女士", "同志", "师傅", "老师", "大爷", "阿姨", "奶奶", "爷爷")


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str
    category: str
    text: str
    builtin: bool
    uses: int = 0
    version: int | None = None
    """The template's version as read; a save over a newer one is refused."""

    @property
    def category_label(self) -> str:
        return self.category or "通用"


def list_templates(session: Session, with_usage: bool = False) -> list[TemplateInfo]:
    uses = queries.usage_counts(session) if with_usage else {}
    return [
        TemplateInfo(t.id, t.name, t.category, t.text, t.builtin, uses.get(t.id, 0), t.version)
        for t in queries.all_templates(session)
    ]


def templates_for(
    templates: list[TemplateInfo], category: MessageCategory, acknowledged: bool = True
) -> list[TemplateInfo]:
    """In the order a clerk reaches for them: before the first response the general ones (收到回应); after it
    the message's own category; then 转办 and 说明情况; refusals always last."""
    first, second = (category.label, GENERAL) if acknowledged else (GENERAL, category.label)
    order = {first: 0, second: 1, TRANSFER: 2, OUT_OF_SCOPE: 3}

    def key(info: TemplateInfo) -> tuple[int, int, str]:
        refusal = info.category == REJECT or REJECT in info.name
        return (9 if refusal else order.get(info.category, 4), 0, info.name)

    return sorted(templates, key=key)


def unknown_variables(text: str) -> list[str]:
    known = {name for name, _ in VARIABLES}
    return sorted({m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1) not in known})


@requires(Permission.CONFIGURE)
def save_template(
    session: Session,
    name: str,
    category: str,
    text: str,
    operator: str,
    template_id: int | None = None,
    version: int | None = None,
) -> int:
    """Create or change a template (``version``: the one the editor showed; None: not checked); UserError in
    Chinese for an empty or duplicate name, unknown variables, or another clerk's change saved meanwhile."""
    name, text = name.strip(), text.strip()
    if not name:
        raise UserError("模板名称不能为空")
    if not text:
        raise UserError("模板内容不能为空")
    if category not in CATEGORIES:
        raise UserError(f"模板分类“{category}”无效，应为：{'、'.join(c or '通用' for c in CATEGORIES)}")
    unknown = unknown_variables(text)
    if unknown:
        names = "、".join("{" + u + "}" for u in unknown)
        allowed = "、".join("{" + v + "}" for v, _ in VARIABLES)
        raise UserError(f"模板中有无法识别的变量：{names}（可用：{allowed}）")
    same = queries.template_by_name(session, name)
    if same is not None and same.id != template_id:
        raise UserError(f"已有名为“{name}”的模板")
    if template_id is None:
        row = ReplyTemplate(name=name, category=category, text=text, builtin=False)
        session.add(row)
    else:
        found = queries.template(session, template_id)
        if found is None:
            raise UserError("该模板已不存在")
        check_version(session, found, version, f"模板“{found.name}”")
        row = found
        row.name, row.category, row.text = name, category, text
    session.flush()
    audit.record(session, operator, "保存回复模板", "reply_template", row.id, {"name": name})
    return row.id


@requires(Permission.CONFIGURE)
def delete_template(session: Session, template_id: int, operator: str) -> None:
    row = queries.template(session, template_id)
    if row is None:
        return
    audit.record(session, operator, "删除回复模板", "reply_template", template_id, {"name": row.name})
    session.delete(row)


def salutation(writer_name: str) -> str:
    """王先生 stays 王先生; a nickname or nothing becomes 网友."""
    name = writer_name.strip()
    return name if name.endswith(_POLITE) else "网友"


def short_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


def template_values(
    *,
    writer_name: str,
    account_name: str,
    unit_name: str,
    answer_due: date,
    transfer_date: date | None = None,
    template_category: str = "",
) -> dict[str, str]:
    """The values of the variables for one message (see :data:`VARIABLES`)."""
    day = transfer_date if template_category == TRANSFER and transfer_date is not None else answer_due
    return {"称呼": salutation(writer_name), "账号": account_name, "单位": unit_name, "日期": short_date(day)}


def fill(text: str, values: dict[str, str]) -> str:
    """The template with its variables replaced; unknown ``{…}`` stay as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
