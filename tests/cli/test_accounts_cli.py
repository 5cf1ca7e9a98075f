"""``gmdesk form``, ``gmdesk export ledger`` and ``gmdesk import accounts`` as office IT scripts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from gmdesk.domain.enums import AccountState
from gmdesk.domain.platforms import Platform
from gmdesk.services.database import open_database
from gmdesk.store.database import Database
from gmdesk.store.models import Account
from tests.cli_runner import run
from tests.services.test_accounts_service import create, edit, make_unit, new_account


@pytest.fixture
def filled(database: Database, db_path: Path) -> Path:
    unit_id = make_unit(database)
    first = create(database, new_account(unit_id))
    create(database, new_account(unit_id, platform=Platform.DOUYIN))
    create(database, new_account(unit_id, platform=Platform.WEIBO))
    create(
        database,
        new_account(
            unit_id,
            AccountState.PROPOSED,
            name="城关镇服务",
            opened_on=None,
            platform=Platform.WECHAT_SERVICE,
        ),
    )
    edit(database, first, name="城关发布")
    database.close()
    return db_path


def doc_text(path: Path) -> str:
    document = Document(str(path))
    return "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )


def test_form_filing_for_the_current_event(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "变更.docx"
    code, stdout, _ = run(
        ["form", "filing", "--account", "城关发布", "--db", str(filled), "--out", str(out)], capsys
    )
    assert code == 0 and "已导出城关发布的新媒体平台备案登记表（变更）" in stdout
    text = doc_text(out)
    assert "☑变更" in text and "城关镇发布" in text and "城关发布" in text


def test_form_with_an_explicit_event_and_an_application(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "关停.docx"
    code, _, _ = run(
        [
            "form",
            "filing",
            "--account",
            "城关镇发布（抖音）",
            "--event",
            "close",
            "--db",
            str(filled),
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0 and "☑关停" in doc_text(out)
    code, _, _ = run(
        ["form", "change", "--account", "城关镇服务", "--db", str(filled), "--out", str(out)], capsys
    )
    assert code == 0 and "☑变更" in doc_text(out)
    apply = tmp_path / "申请.docx"
    code, _, _ = run(
        ["form", "apply", "--account", "4", "--db", str(filled), "--out", str(apply), "--date", "2026-11-20"],
        capsys,
    )
    assert code == 0
    assert "新媒体平台开设申请表" in doc_text(apply) and "填表日期：2026年11月20日" in doc_text(apply)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "没有的号"], "没有名为“没有的号”的账号"),
        (["--account", "99"], "没有编号为 99 的账号"),
        (["--account", "城关镇发布"], "有2个名为“城关镇发布”的账号，请改用编号或写成“名称（平台）”"),
        (["--account", "3", "--event", "reopen"], "参数 --event 的取值 'reopen' 无效"),
    ],
)
def test_form_refuses_with_a_chinese_message(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "x.docx"
    code, stdout, err = run(["form", "filing", *args, "--db", str(filled), "--out", str(out)], capsys)
    assert code == 2 and message in err and stdout == ""
    assert not out.exists()


def test_form_wants_a_docx(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["form", "apply", "--account", "3", "--db", str(filled), "--out", "x.pdf"], capsys)
    assert code == 2 and "输出文件应为 .docx" in err


@pytest.mark.sqlite_only  # (the backup an import makes)
def test_export_then_import_the_ledger(
    filled: Path, tmp_path: Path, template_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "台账.xlsx"
    code, stdout, _ = run(
        ["export", "ledger", "--db", str(filled), "--out", str(ledger), "--by-unit"], capsys
    )
    assert code == 0 and "已导出4个账号" in stdout
    fresh = tmp_path / "fresh.db"
    fresh.write_bytes(template_db.read_bytes())
    code, stdout, _ = run(["import", "accounts", str(ledger), "--db", str(fresh), "--dry-run"], capsys)
    assert code == 0 and "【试导入，未写入数据库】" in stdout and "新增账号4个" in stdout
    from gmdesk.store.backup import list_backups

    assert list_backups(fresh) == []  # a dry run writes nothing, not even a backup
    code, stdout, _ = run(["import", "accounts", str(ledger), "--db", str(fresh)], capsys)
    assert code == 0 and "新增账号4个" in stdout
    assert [b.reason for b in list_backups(fresh)] == ["import"]
    database = open_database(fresh)
    try:
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(Account)) == 4
    finally:
        database.close()


def test_import_of_a_broken_file_lists_every_problem_and_exits_2(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["主办单位", "账号名称", "平台", "开设时间"])
    workbook.active.append(["县教育局", "", "微博", "2026-02-30"])
    workbook.active.append(["县教育局", "青岚教育", "脸书", ""])
    path = tmp_path / "坏.xlsx"
    workbook.save(path)
    code, stdout, err = run(["import", "accounts", str(path), "--db", str(db_path)], capsys)
    assert code == 2 and stdout == ""
    assert "文件“坏.xlsx”未导入：发现3处问题，数据库未做任何修改。" in err
    assert "第2行，“账号名称”列：不能为空" in err and "第2行，“开设时间”列：日期“2026-02-30”无法识别" in err
    assert "第3行，“平台”列：未知平台“脸书”" in err


def test_the_blank_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "模板.xlsx"
    code, stdout, _ = run(["export", "ledger", "--template", "--out", str(out)], capsys)
    assert code == 0 and out.is_file() and "空白模板" in stdout
