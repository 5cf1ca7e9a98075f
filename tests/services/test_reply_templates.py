"""The reply library (口径库): variables, categories, validation and ordering."""

from __future__ import annotations

from datetime import date

import pytest

from gmdesk.domain.enums import MessageCategory
from gmdesk.domain.errors import UserError
from gmdesk.services import reply_templates as rt
from gmdesk.store.database import Database


def test_built_in_templates_are_there_with_the_out_of_scope_answer(database: Database) -> None:
    with database.session() as session:
        names = {t.name: t for t in rt.list_templates(session)}
    assert {"收到回应", "投诉答复", "转办告知", "说明情况、指明途径", "不予受理说明"} <= set(names)
    assert names["说明情况、指明途径"].category == rt.OUT_OF_SCOPE and names["说明情况、指明途径"].builtin


def test_filling_the_variables() -> None:
    values = rt.template_values(
        writer_name="王先生", account_name="青岚发布", unit_name="县住建局", answer_due=date(2025, 10, 16)
    )
    text = rt.fill("{称呼}您好！{单位}将于{日期}前答复，感谢关注{账号}。{未知}", values)
    assert text == "王先生您好！县住建局将于10月16日前答复，感谢关注青岚发布。{未知}"
    anonymous = rt.template_values(
        writer_name="手机用户123",
        account_name="a",
        unit_name="b",
        answer_due=date(2025, 10, 16),
        transfer_date=date(2025, 10, 9),
        template_category=rt.TRANSFER,
    )
    assert anonymous["称呼"] == "网友" and anonymous["日期"] == "10月9日"


def test_saving_checks_names_categories_and_variables(database: Database) -> None:
    with database.session() as session:
        new_id = rt.save_template(session, "医保咨询", "咨询", "{称呼}您好！医保缴费……", "张三")
        with pytest.raises(UserError, match="无法识别的变量：\\{姓名\\}"):
            rt.save_template(session, "坏模板", "咨询", "{姓名}您好", "张三")
        with pytest.raises(UserError, match="已有名为“医保咨询”"):
            rt.save_template(session, "医保咨询", "咨询", "x", "张三")
        with pytest.raises(UserError, match="模板分类"):
            rt.save_template(session, "x", "闲聊", "x", "张三")
        rt.save_template(session, "医保咨询（新）", "咨询", "改过的", "张三", new_id)
    with database.session() as session:
        saved = next(t for t in rt.list_templates(session) if t.id == new_id)
        assert (saved.name, saved.text, saved.builtin) == ("医保咨询（新）", "改过的", False)
        rt.delete_template(session, new_id, "张三")
    with database.session() as session:
        assert all(t.id != new_id for t in rt.list_templates(session))


def test_order_follows_the_message() -> None:
    templates = [
        rt.TemplateInfo(1, "不予受理说明", "其他", "", True),
        rt.TemplateInfo(2, "收到回应", "", "", True),
        rt.TemplateInfo(3, "投诉答复", "投诉", "", True),
        rt.TemplateInfo(4, "转办告知", "转办", "", True),
        rt.TemplateInfo(5, "其他答复", "其他", "", False),
    ]
    before = [t.name for t in rt.templates_for(templates, MessageCategory.COMPLAINT, acknowledged=False)]
    after = [t.name for t in rt.templates_for(templates, MessageCategory.COMPLAINT, acknowledged=True)]
    assert before[0] == "收到回应" and after[0] == "投诉答复"
    other = [t.name for t in rt.templates_for(templates, MessageCategory.OTHER)]
    assert other[0] == "其他答复" and other[-1] == "不予受理说明"
