"""What the forms print: ticked boxes, Chinese dates, blank lines for missing values, never "None"."""

from __future__ import annotations

from datetime import date

import pytest

from gmdesk.domain.enums import FilingKind, OpsMode, Role
from gmdesk.domain.errors import UserError
from gmdesk.domain.forms_data import (
    BLANK,
    BLANK_DATE,
    MIN_CHANGE_ROWS,
    FormAccount,
    FormEvent,
    FormMeta,
    FormPerson,
    application_context,
    boxes,
    filing_context,
)

ACCOUNT = FormAccount(
    unit_name="青岚县城关镇人民政府",
    account_name="城关镇发布",
    platform="微博",
    ops_mode=OpsMode.OUTSOURCED,
    ops_vendor="青岚县某某传媒有限公司",
    opened_on=date(2023, 3, 1),
    notice_on=date(2026, 11, 2),
    canceled_on=date(2026, 11, 25),
    close_reason="机构改革",
    replacement_account="青岚发布",
    purpose="第一行\n第二行",
    is_verified=True,
    filing_number="青政新媒〔2023〕8号",
    people={
        Role.ADMIN: FormPerson("赵丽", "干部", "17000000002"),
        Role.PRINCIPAL: FormPerson("张建国", "书记", "1"),
    },
    plan={"组织领导": "成立领导小组", "联系人及联系方式": "赵丽 17000000002"},
)


def walk(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in walk(v)]
    if isinstance(value, list):
        return [s for v in value for s in walk(v)]
    return [str(value)]


@pytest.mark.parametrize(
    ("kind", "ticked"),
    [
        (FilingKind.OPEN_FILING, "开设"),
        (FilingKind.CHANGE_FILING, "变更"),
        (FilingKind.CLOSURE_NOTICE, "关停"),
        (FilingKind.CANCEL_FILING, "注销"),
    ],
)
def test_the_right_type_box_is_ticked(kind: FilingKind, ticked: str) -> None:
    context = filing_context(ACCOUNT, FormEvent(kind), FormMeta(date(2026, 11, 20)))
    assert f"☑{ticked}" in context["type_boxes"]
    assert context["type_boxes"].count("☑") == 1 and context["type_boxes"].count("☐") == 3


def test_a_change_form_lists_the_changes_and_leaves_room_for_more() -> None:
    event = FormEvent(
        FilingKind.CHANGE_FILING, date(2026, 9, 29), [{"field": "管理员", "before": "赵丽", "after": "孙伟"}]
    )
    context = filing_context(ACCOUNT, event, FormMeta())
    assert context["changes"][0] == {"field": "管理员", "before": "赵丽", "after": "孙伟"}
    assert len(context["changes"]) == MIN_CHANGE_ROWS
    assert context["close_reason"] == "—" and context["closed_on"] == "—"  # cells that do not apply
    assert context["change_day"] == "2026年9月29日"
    assert (context["date_label"], context["date_value"]) == ("变更日期", "2026年9月29日")
    assert (context["is_change"], context["closing"]) == (True, False)


def test_a_closure_form_carries_the_reason_notice_and_replacement() -> None:
    close = filing_context(
        ACCOUNT, FormEvent(FilingKind.CLOSURE_NOTICE, notice_on=date(2026, 11, 3)), FormMeta()
    )
    assert (close["close_reason"], close["notice_on"], close["replacement"]) == (
        "机构改革",
        "2026年11月3日",
        "青岚发布",
    )
    # 关停/注销时间 is the day the account stopped (here its 注销), never the notice's date
    assert close["closed_on"] == "2026年11月25日" and close["date_label"] == "关停/注销时间"
    closed = FormAccount(**{**ACCOUNT.__dict__, "closed_on": date(2026, 11, 28)})
    assert (
        filing_context(closed, FormEvent(FilingKind.CLOSURE_NOTICE), FormMeta())["closed_on"]
        == "2026年11月28日"
    )
    not_yet = FormAccount(**{**ACCOUNT.__dict__, "canceled_on": None})
    assert filing_context(not_yet, FormEvent(FilingKind.CLOSURE_NOTICE), FormMeta())["closed_on"] == ""
    cancel = filing_context(ACCOUNT, FormEvent(FilingKind.CANCEL_FILING), FormMeta())
    assert cancel["closed_on"] == "2026年11月25日" and cancel["change_day"] == "—"
    assert all(c == {"field": "", "before": "", "after": ""} for c in cancel["changes"])


def test_missing_values_print_blank_lines_never_none() -> None:
    bare = FormAccount(unit_name="县教育局", account_name="教育发布", platform="抖音")
    for context in (
        application_context(bare, FormMeta()),
        filing_context(bare, FormEvent(FilingKind.OPEN_FILING), FormMeta()),
    ):
        texts = walk(context)
        assert not any("None" in t for t in texts)
        assert context["filler"] == BLANK and context["filler_phone"] == BLANK
        assert context["fill_date"] == BLANK_DATE
        assert context["admin"] == {"name": "", "title": "", "phone": ""}
        assert context["verified_boxes"] == "☐是　☐否"
        assert context["ops_boxes"] == "☐自行运维　☐购买服务"


def test_application_fields() -> None:
    context = application_context(ACCOUNT, FormMeta(date(2026, 11, 20)))
    assert context["purpose"] == "第一行 第二行"
    assert (
        context["ops_boxes"] == "☐自行运维　☑购买服务" and context["ops_vendor"] == "青岚县某某传媒有限公司"
    )
    assert context["plan"] == {"item1": "成立领导小组", "item2": "", "item3": "", "item4": "赵丽 17000000002"}
    assert (context["filler"], context["filler_phone"], context["fill_date"]) == (
        "赵丽",
        "17000000002",
        "2026年11月20日",
    )
    assert context["verified_boxes"] == "☑是　☐否"
    assert context["principal"]["name"] == "张建国"


def test_是否认证_is_ticked_only_for_a_fact() -> None:
    not_open = FormAccount(**{**ACCOUNT.__dict__, "opened_on": None})
    assert application_context(not_open, FormMeta())["verified_boxes"] == "☐是　☐否"
    unverified = FormAccount(**{**ACCOUNT.__dict__, "is_verified": False})
    assert application_context(unverified, FormMeta())["verified_boxes"] == "☐是　☑否"
    self_run = FormAccount(**{**ACCOUNT.__dict__, "ops_mode": OpsMode.SELF})
    assert application_context(self_run, FormMeta())["ops_vendor"] == "—"


def test_boxes() -> None:
    assert boxes(("甲", "乙"), "乙") == "☐甲　☑乙"
    assert boxes(("甲", "乙"), None) == "☐甲　☐乙"


def test_an_application_has_no_filing_form() -> None:
    with pytest.raises(UserError, match="没有备案登记表"):
        filing_context(ACCOUNT, FormEvent(FilingKind.APPLICATION), FormMeta())
