"""Making the Word forms for accounts: one file each or one merged document, tracked as paper on the event.

The 备案登记表 of an account is for its current filing event (a pending 开设/变更/关停/注销 first, else the
latest done one); a kind may be asked for explicitly, and an account without such an event still gets a
form with the 类型 ticked and the blanks to fill by hand. Making a form moves the event's paper to 已生成.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.domain.enums import AccountState, FilingKind, Role
from gmdesk.domain.forms_data import (
    TYPE_KINDS,
    FilingType,
    FormAccount,
    FormEvent,
    FormMeta,
    FormPerson,
    application_context,
    filing_context,
)
from gmdesk.domain.lifecycle import FILING_FORM_KINDS, LifecycleError
from gmdesk.domain.permissions import Permission
from gmdesk.domain.platforms import parse_platform
from gmdesk.services import audit
from gmdesk.services import settings as office_settings
from gmdesk.services.filings import mark_generated
from gmdesk.services.operators import requires
from gmdesk.store.models import Account, FilingEvent
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import filings as filing_queries

# The import inside a function keeps python-docx out of start-up: documents.forms imports it at its top.

Progress = Callable[[int, int, str], None]


class FormKind(StrEnum):
    APPLICATION = "apply"
    FILING = "filing"

    @property
    def title(self) -> str:  # type: ignore[override]  # the form's Chinese title, not str.title()
        return "新媒体平台开设申请表" if self is FormKind.APPLICATION else "新媒体平台备案登记表"

    @property
    def short(self) -> str:
        return "申请表" if self is FormKind.APPLICATION else "备案表"


@dataclass(frozen=True)
class ExportedForm:
    account_id: int
    account_name: str
    event_id: int | None
    filing_type: str
    path: Path


@dataclass(frozen=True)
class ExportResult:
    kind: FormKind
    forms: list[ExportedForm]
    files: list[Path]
    """What was written: one file per form, or the one merged document."""
    seconds: float

    @property
    def per_form_ms(self) -> float:
        return self.seconds * 1000 / len(self.forms) if self.forms else 0.0


def form_account(account: Account, supervisor: str) -> FormAccount:
    """The account as the forms print it (its unit and role holders must be loaded)."""
    unit = account.unit
    people: dict[Role, FormPerson] = {
        r.role: FormPerson(r.person.name, r.person.title or "", r.person.phone or "")
        for r in account.roles
        if r.position == 0 and r.role is not Role.INFORMANT
    }
    plan = account.plan or {}
    return FormAccount(
        unit_name=unit.name,
        account_name=account.name,
        platform=account.platform.label,
        credit_code=unit.credit_code or "",
        unit_type=unit.unit_type.label,
        supervisor=(unit.supervisor or "").strip() or supervisor,
        platform_account_id=account.platform_account_id or "",
        home_url=account.home_url or "",
        verified_entity=account.verified_entity or "",
        is_verified=bool(account.is_verified) if account.verified_entity else None,
        opened_on=account.opened_on,
        notice_on=account.notice_on,
        canceled_on=account.canceled_on,
        closed_on=account.closed_on,
        purpose=account.purpose or "",
        scope=account.scope or "",
        ops_mode=account.ops_mode,
        ops_vendor=account.ops_vendor or "",
        filing_number=account.filing_number or "",
        close_reason=account.close_reason or "",
        replacement_account=account.replacement_account or "",
        people=people,
        plan={str(k): str(v) for k, v in plan.items()},
    )


def form_event(event: FilingEvent | None, kind: FilingKind) -> FormEvent:
    if event is None:
        return FormEvent(kind)
    return FormEvent(
        event.kind,
        event.triggered_on,
        list(event.changes or []),
        event.close_reason or "",
        event.notice_on,
        event.replacement_account or "",
        event.filing_number or "",
    )


def _kind_for(account: Account, event: FilingEvent | None, wanted: FilingType | None) -> FilingKind:
    if wanted is not None:
        return TYPE_KINDS[wanted]
    if event is not None:
        return event.kind
    # no event at all (taken over, or imported): the form matches the account's state

    return {
        AccountState.CLOSING: FilingKind.CLOSURE_NOTICE,
        AccountState.CANCELED: FilingKind.CANCEL_FILING,
        AccountState.CLOSED: FilingKind.CANCEL_FILING,
    }.get(account.state, FilingKind.OPEN_FILING)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(account: Account, kind: FormKind, filing_label: str = "") -> str:
    """ "城关镇发布（微博）-备案登记表-变更.docx": readable in a folder of many forms."""
    base = f"{account.name}（{account.platform.label}）-{kind.title}" + (
        f"-{filing_label}" if filing_label else ""
    )
    return _UNSAFE.sub("_", base).strip(" .")[:150] + ".docx"


@dataclass(frozen=True)
class _Planned:
    account: Account
    event: FilingEvent | None
    filing_kind: FilingKind | None


def _plan(
    session: Session,
    kind: FormKind,
    account_ids: Sequence[int],
    filing_type: FilingType | None,
    event_ids: dict[int, int] | None,
) -> list[_Planned]:
    accounts = account_queries.accounts_with_people(session, account_ids)
    order = {account_id: index for index, account_id in enumerate(account_ids)}
    accounts = sorted(accounts, key=lambda a: order.get(a.id, len(order)))
    if len(accounts) != len(set(account_ids)):
        raise LifecycleError("所选账号中有已被删除的，请刷新后重试")
    if kind is FormKind.APPLICATION:
        events = filing_queries.latest_by_account(session, account_ids, [FilingKind.APPLICATION])
        return [_Planned(a, events.get(a.id), None) for a in accounts]
    kinds = [TYPE_KINDS[filing_type]] if filing_type is not None else list(FILING_FORM_KINDS)
    events = filing_queries.latest_by_account(session, account_ids, kinds)
    chosen = []
    for account in accounts:
        event = events.get(account.id)
        if event_ids and account.id in event_ids:
            event = filing_queries.event(session, event_ids[account.id])
            if event is None or event.account_id != account.id:
                raise LifecycleError("所选备案事项已不存在，请刷新后重试")
        chosen.append(_Planned(account, event, _kind_for(account, event, filing_type)))
    return chosen


@requires(Permission.RECORD)
def export_forms(
    session: Session,
    kind: FormKind,
    account_ids: Iterable[int],
    target: Path,
    *,
    merged: bool,
    operator: str,
    now: datetime,
    filing_type: FilingType | None = None,
    event_ids: dict[int, int] | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the forms of the accounts: into the folder ``target`` one file each, or as the one file
    ``target`` (merged, or a single account). ``progress(done, total, text)`` may raise to cancel."""
    from gmdesk.documents.forms import merge_documents, render_application, render_filing

    ids = list(dict.fromkeys(account_ids))
    if not ids:
        raise LifecycleError("请先选择账号")
    started = time.perf_counter()
    planned = _plan(session, kind, ids, filing_type, event_ids)
    supervisor = str(office_settings.get(session, office_settings.SUPERVISOR_NAME) or "")
    meta = FormMeta(fill_date=now.date())
    total = len(planned) + (1 if merged and len(planned) > 1 else 0)
    forms: list[ExportedForm] = []
    used: set[str] = set()
    step = max(1, len(planned) // 50)  # about fifty progress steps: enough for the bar, few signals
    with tempfile.TemporaryDirectory(prefix="gmdesk-forms-") as scratch:
        for number, item in enumerate(planned, start=1):
            account = form_account(item.account, supervisor)
            label = ""
            if kind is FormKind.APPLICATION:
                context = application_context(account, meta)
                render = render_application
            else:
                assert item.filing_kind is not None
                context = filing_context(account, form_event(item.event, item.filing_kind), meta)
                label = context["filing_type"]
                render = render_filing
            if len(planned) == 1:
                path = Path(target)
            elif merged:
                path = Path(scratch) / f"{number:05d}.docx"
            else:
                name = file_name(item.account, kind, label)
                while name in used:
                    name = name.removesuffix(".docx") + f"-{item.account.id}.docx"
                used.add(name)
                path = Path(target) / name
            render(context, path)
            forms.append(
                ExportedForm(
                    item.account.id, item.account.name, item.event.id if item.event else None, label, path
                )
            )
            if progress is not None and (number % step == 0 or number == len(planned)):
                progress(number, total, f"{item.account.name}（{number}/{len(planned)}）")
        if merged and len(planned) > 1:
            merge_documents([f.path for f in forms], target)
            if progress is not None:
                progress(total, total, "合并完成")
            forms = [
                ExportedForm(f.account_id, f.account_name, f.event_id, f.filing_type, Path(target))
                for f in forms
            ]
    for form in forms:
        if form.event_id is not None:
            mark_generated(session, form.event_id, form.path, operator, now)

    audit.record(
        session,
        operator,
        f"导出{kind.short}",
        "account",
        ids[0] if len(ids) == 1 else None,
        {"accounts": len(ids), "merged": merged, "target": str(target)},
    )
    files = sorted({f.path for f in forms}, key=lambda p: str(p))
    return ExportResult(kind, forms, files, time.perf_counter() - started)


def resolve_account(session: Session, reference: str) -> Account:
    """An account named on the command line: its id, or its 账号名称 (with “（平台）” or the unit to tell
    apart accounts of the same name)."""
    text = reference.strip()
    if text.isdigit():
        account = account_queries.account(session, int(text))
        if account is None:
            raise LifecycleError(f"没有编号为 {text} 的账号")
        return account
    matches = list(account_queries.accounts_named(session, text))
    qualified = re.fullmatch(r"(.+?)[（(](.+)[）)]", text)
    if not matches and qualified:  # “城关镇发布（抖音）”: the name and the platform or the unit
        name, extra = qualified[1].strip(), qualified[2].strip()
        matches = [
            a
            for a in account_queries.accounts_named(session, name)
            if extra in (a.platform.label, a.unit.name, a.unit.short_name)
        ]
        try:
            wanted = parse_platform(extra)
            matches = matches or [
                a for a in account_queries.accounts_named(session, name) if a.platform is wanted
            ]
        except ValueError:
            pass
    if not matches:
        raise LifecycleError(f"没有名为“{text}”的账号")
    if len(matches) > 1:
        listed = "；".join(f"{a.id}：{a.name}（{a.platform.label} · {a.unit.name}）" for a in matches)
        raise LifecycleError(
            f"有{len(matches)}个名为“{text}”的账号，请改用编号或写成“名称（平台）”：{listed}"
        )
    return matches[0]
