"""How long each imported text may be: the length of the database column it lands in.

An import reads a column of the file into a column of a table; a cell longer than that column is refused at
its row and column (a 1,048,576-character account name used to be accepted into a 120-character column).
Columns the schema keeps as unbounded ``Text`` (a message, a problem, a purpose) get :data:`LONG_TEXT`, far
above any real text and far below a memory problem.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import InstrumentedAttribute

from gmdesk.documents import posts_xlsx, rectification_xlsx, trainings_xlsx, wording_xlsx
from gmdesk.store.models import (
    Account,
    HolidayOverride,
    Message,
    Person,
    Post,
    RectificationItem,
    Training,
    Unit,
    WordingTerm,
)

LONG_TEXT = 10_000
"""Characters of a ``Text`` column (Excel's own cell limit is 32,767)."""


def length(column: InstrumentedAttribute[str]) -> int:
    """The schema's length of a text column (LONG_TEXT for an unbounded one)."""
    kind = column.property.columns[0].type
    return kind.length if isinstance(kind, String) and kind.length else LONG_TEXT


POSTS = {
    posts_xlsx.ACCOUNT: length(Account.name),
    posts_xlsx.TITLE: length(Post.title),
    posts_xlsx.SOURCE: length(Post.source),
    posts_xlsx.URL: length(Post.url),
    posts_xlsx.UNIT: length(Unit.name),
}

MESSAGES = {
    "账号名称": length(Account.name),
    "留言人": length(Message.writer_name),
    "联系方式": length(Message.writer_contact),
    "内容": length(Message.content),
    "办理部门": length(Unit.name),
}

RECTIFICATIONS = {
    rectification_xlsx.PROBLEM: length(RectificationItem.problem),
    rectification_xlsx.MEASURE: length(RectificationItem.measure),
    rectification_xlsx.RESPONSIBLE: length(RectificationItem.responsible),
    rectification_xlsx.NOTICE: length(RectificationItem.notice_ref),
    rectification_xlsx.UNIT: length(Unit.name),
    rectification_xlsx.ACCOUNT: length(Account.name),
}

LEDGER = {
    "主办单位": length(Unit.name),
    "账号名称": length(Account.name),
    "账号ID": length(Account.platform_account_id),
    "认证主体": length(Account.verified_entity),
    "宗旨": length(Account.purpose),
    "运维单位": length(Account.ops_vendor),
    "备案编号": length(Account.filing_number),
    "备注": length(Account.note),
    "主页链接": length(Account.home_url),
    "主要栏目": length(Account.scope),
    **{name: length(Person.name) for name in ("主要负责人", "分管负责人", "总编辑", "管理员")},
    **{f"{name}电话": length(Person.phone) for name in ("主要负责人", "分管负责人", "总编辑", "管理员")},
}

HOLIDAYS = {"名称": length(HolidayOverride.name), "来源": length(HolidayOverride.source)}

TRAININGS = {
    trainings_xlsx.TITLE: length(Training.title),
    trainings_xlsx.ORGANISER: length(Training.organiser),
    trainings_xlsx.ATTENDEES: LONG_TEXT,
}

WORDING = {
    wording_xlsx.WRONG: length(WordingTerm.wrong),
    wording_xlsx.RIGHT: length(WordingTerm.right),
    wording_xlsx.NOTE: LONG_TEXT,
}
