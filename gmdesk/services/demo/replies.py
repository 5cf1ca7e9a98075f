"""Reply texts: the built-in templates of the reply library (口径库) filled in, or a clerk's own words."""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from gmdesk.domain.enums import MessageCategory
from gmdesk.services.demo.message_flow import Flow
from gmdesk.services.demo.message_texts import ANSWERS
from gmdesk.services.demo.plan import UnitPlan
from gmdesk.store.models import ReplyTemplate

if TYPE_CHECKING:
    from gmdesk.services.demo.messages import Draft

ReplyRow = tuple[str, datetime, bool, int | None]
"""(text, replied_at, is_final, template_id)."""

_POLITE_ENDINGS = ("先生", "女士", "师傅", "大爷", "阿姨")
_THANKS = (
    "感谢您的肯定与支持！我们将继续改进作风，提供更优质的服务。",
    "感谢您的关注！相关情况我们已记录，将在今后工作中认真改进。",
)


def _short_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


class ReplyTexts:
    def __init__(self, connection: Connection) -> None:
        rows = connection.execute(
            select(ReplyTemplate.id, ReplyTemplate.name, ReplyTemplate.category, ReplyTemplate.text).order_by(
                ReplyTemplate.id
            )
        )
        self._by_name: dict[str, tuple[int, str]] = {}
        self._by_category: dict[str, tuple[int, str]] = {}
        for template_id, name, category, text in rows:
            self._by_name[name] = (template_id, text)
            if category and category not in self._by_category and "不予受理" not in name:
                self._by_category[category] = (template_id, text)

    def _fill(self, name: str, values: dict[str, str]) -> tuple[str, int | None] | None:
        found = self._by_name.get(name)
        if found is None:  # the office deleted or renamed the template
            return None
        template_id, text = found
        try:
            return text.format(**values), template_id
        except (KeyError, IndexError, ValueError):
            return None

    @staticmethod
    def salutation(writer: str) -> str:
        return writer if writer.endswith(_POLITE_ENDINGS) else "网友"

    def for_message(
        self, draft: Draft, flow: Flow, target: UnitPlan | None, writer: str, rng: random.Random
    ) -> list[ReplyRow]:
        account = draft.account
        values = {
            "称呼": self.salutation(writer),
            "账号": account.name,
            "单位": account.unit.name,
            "日期": _short_date(flow.answer_due.date()),
        }
        out: list[ReplyRow] = []
        if flow.rejected is not None:
            filled = self._fill("不予受理说明", values)
            text, template_id = filled or (
                f"{values['称呼']}您好！{flow.rejected_reason}，依据留言管理规定不予受理。",
                None,
            )
            return [(text, flow.rejected, True, template_id)]
        if flow.ack is not None:
            filled = self._fill("收到回应", values)
            text, template_id = filled or (f"{values['称呼']}您好！您的留言已收到，我们将尽快办理。", None)
            out.append((text, flow.ack, False, template_id))
        if flow.transfer_sent is not None and target is not None:
            sent = {**values, "单位": target.name, "日期": _short_date(flow.transfer_sent.date())}
            filled = self._fill("转办告知", sent)
            if filled:
                out.append((filled[0], flow.transfer_sent, False, filled[1]))
        if flow.answered is not None:
            text, template_id = self._answer(draft, values, rng)
            out.append((text, flow.answered, True, template_id))
        return out

    def _answer(self, draft: Draft, values: dict[str, str], rng: random.Random) -> tuple[str, int | None]:
        """Half the answers start from the category's template (its …… filled in), half are written freely."""
        sentence = rng.choice(ANSWERS.get(draft.text_field, ANSWERS["gov"]))
        if draft.category is MessageCategory.OTHER:
            return f"{values['称呼']}您好！{rng.choice(_THANKS)}", None
        template = self._by_category.get(draft.category.label)
        if template is not None and rng.random() < 0.5:
            template_id, text = template
            parts = iter((sentence, "已督促责任单位整改到位，并举一反三开展排查"))
            while "……" in text:
                text = text.replace("……", next(parts, ""), 1)
            try:
                return text.format(**values), template_id
            except (KeyError, IndexError, ValueError):
                pass
        return (
            f"{values['称呼']}您好！感谢您对{values['账号']}的关注。经核实，{sentence}。如有疑问，请在工作日与我们联系。",
            None,
        )

    def transfer_answer(self, draft: Draft, target: UnitPlan) -> str:
        return f"经{target.name}核实：{ANSWERS.get(draft.text_field, ANSWERS['gov'])[0]}。"
