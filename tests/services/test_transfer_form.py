"""The 转办单 and the case file: real .docx files read back with python-docx."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from sqlalchemy import select

from gmdesk.domain.enums import MessageCategory
from gmdesk.services import inbox_actions, inbox_documents
from gmdesk.store.database import Database
from gmdesk.store.models import AuditEntry
from tests.services.test_inbox_actions import enter, make_office

NOW = datetime(2026, 11, 20, 9, 30)
VALID_ID = "11010519491231002X"


def text_of(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def forwarded(database: Database, confidential: bool = False) -> tuple[int, int]:
    office = make_office(database)
    message_id = enter(
        database,
        office.weibo,
        datetime(2026, 11, 16, 9, 0),
        f"楼道堆放杂物，我的电话13812345678，身份证{VALID_ID}",
        writer_name="王先生",
        writer_contact="13812345678",
        category=MessageCategory.COMPLAINT,
        confidential=confidential,
    )
    with database.session() as session:
        due = inbox_actions.default_transfer_due(session, message_id, datetime(2026, 11, 16, 11, 0))
        transfer_id = inbox_actions.transfer(
            session,
            message_id,
            office.housing,
            due,
            operator="张三",
            at=datetime(2026, 11, 16, 11, 0),
            note="请现场核实",
        )
    return message_id, transfer_id


def test_the_transfer_form_carries_the_contact_the_unit_needs_and_masks_the_rest(
    database: Database, tmp_path: Path
) -> None:
    message_id, transfer_id = forwarded(database)
    path = tmp_path / "转办单.docx"
    with database.session() as session:
        inbox_documents.write_transfer_form(session, transfer_id, path, now=NOW)
    text = text_of(path)
    assert "政务新媒体留言转办单" in text
    assert "青岚县住房和城乡建设局" in text and f"#{message_id}" in text
    assert "请于2026年11月23日（5个工作日）前将办理结果反馈县人民政府办公室" in text
    assert "请现场核实" in text and "负责人签字" in text
    # the unit must call the writer back: the contact is there, with the note on what it may be used for
    assert "13812345678" in text and "仅供承办单位办理、答复本件留言使用" in text
    assert "我的电话138****5678" in text  # the text itself stays masked
    assert "110105********002X" in text and VALID_ID not in text
    with database.session() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "生成转办单")).one()
        assert logged.entity_id == transfer_id and "含留言人联系方式" in logged.detail["contact"]
    assert f"转〔2026〕第{transfer_id:04d}号" in text


def test_a_confidential_writer_is_never_named_on_the_form(database: Database, tmp_path: Path) -> None:
    _, transfer_id = forwarded(database, confidential=True)
    path = tmp_path / "转办单.docx"
    with database.session() as session:
        inbox_documents.write_transfer_form(session, transfer_id, path, now=NOW)
    text = text_of(path)
    assert "王先生" not in text and "13812345678" not in text
    assert "留言人要求对其个人信息保密" in text
    assert VALID_ID not in text and "110105********002X" in text, (
        "it leaves the office: masked whatever the role"
    )


def test_the_case_file_holds_the_message_steps_transfer_and_replies(
    database: Database, tmp_path: Path
) -> None:
    message_id, transfer_id = forwarded(database)
    with database.session() as session:
        inbox_actions.record_transfer_answer(
            session, transfer_id, "已清理。", answered_at=datetime(2026, 11, 18, 15, 0), operator="李四"
        )
        inbox_actions.save_reply(
            session,
            message_id,
            "王先生您好，杂物已清理。",
            final=True,
            operator="张三",
            at=datetime(2026, 11, 19, 9, 0),
        )
        inbox_actions.close(session, message_id, operator="张三", at=datetime(2026, 11, 19, 9, 5))
    path = tmp_path / "案卷.docx"
    with database.session() as session:
        inbox_documents.write_case_file(session, message_id, path, now=NOW, operator="张三")
    text = text_of(path)
    for wanted in (
        f"留言办理案卷（#{message_id}）",
        "一、留言信息",
        "二、办理期限",
        "三、办理过程",
        "四、转办情况",
        "五、回复内容",
        "2026-11-25",
        "按期答复",
        "已清理。",
        "李四",
        "承办单位已答复",
        "已办结",
        "王先生您好，杂物已清理。",
        "个人信息已去标识化处理",
        "138****5678",
    ):
        assert wanted in text, wanted
    assert "13812345678" not in text
    # a step, a transfer or a fact is read whole: no table row breaks across a page
    from docx import Document

    for table in Document(str(path)).tables:
        for row in table.rows:
            assert (
                row._tr.trPr is not None
                and row._tr.trPr.find(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit"
                )
                is not None
            )
