"""The life of a public message as a guarded state machine (domain §4).

待处理 → 已回应 → 已转办 → 已答复 → 已办结, and 不予受理 (with a reason) from any open state. A message may be
forwarded before it is acknowledged and answered without being forwarded; a closed, answered or refused
message may be reopened (the writer objects, or the clerk clicked the wrong button), which the history keeps.
Every refusal is a :class:`TransitionRefused` with a Chinese reason the clerk can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmdesk.domain.enums import LabeledEnum, MessageEventKind, MessageState
from gmdesk.domain.errors import UserError


class Action(LabeledEnum):
    ACKNOWLEDGE = "acknowledge", "首次回应"
    TRANSFER = "transfer", "转办"
    TRANSFER_ANSWER = "transfer_answer", "登记承办单位答复"
    ANSWER = "answer", "答复"
    CLOSE = "close", "办结"
    REJECT = "reject", "不予受理"
    EXTEND = "extend", "延期"
    COMMIT = "commit", "承诺答复期限"
    REOPEN = "reopen", "重新办理"
    NOTE = "note", "备注"


class TransitionRefused(UserError):
    """The action is not possible in the message's current state; the text says why."""


@dataclass(frozen=True)
class Status:
    """What the guards look at: the state, whether the writer has had a first response, open 转办."""

    state: MessageState
    acknowledged: bool = False
    open_transfers: int = 0
    """转办 whose unit has not answered yet."""
    transfers: int = 0


P, A, T, D, C, R = (
    MessageState.PENDING,
    MessageState.ACKNOWLEDGED,
    MessageState.TRANSFERRED,
    MessageState.ANSWERED,
    MessageState.CLOSED,
    MessageState.REJECTED,
)

_MOVES: dict[Action, dict[MessageState, MessageState]] = {
    Action.ACKNOWLEDGE: {P: A, T: T},
    Action.TRANSFER: {P: T, A: T, T: T},
    Action.TRANSFER_ANSWER: {T: T, D: D},
    Action.ANSWER: {P: D, A: D, T: D},
    Action.CLOSE: {D: C},
    Action.REJECT: {P: R, A: R, T: R},
    Action.EXTEND: {P: P, A: A, T: T},
    Action.COMMIT: {P: P, A: A, T: T},
    Action.REOPEN: {D: A, C: A, R: A},
    Action.NOTE: {s: s for s in MessageState},
}

EVENT_OF: dict[Action, MessageEventKind] = {
    Action.ACKNOWLEDGE: MessageEventKind.ACKNOWLEDGED,
    Action.TRANSFER: MessageEventKind.TRANSFERRED,
    Action.TRANSFER_ANSWER: MessageEventKind.TRANSFER_ANSWERED,
    Action.ANSWER: MessageEventKind.ANSWERED,
    Action.CLOSE: MessageEventKind.CLOSED,
    Action.REJECT: MessageEventKind.REJECTED,
    Action.EXTEND: MessageEventKind.EXTENDED,
    Action.COMMIT: MessageEventKind.NOTE,
    Action.REOPEN: MessageEventKind.NOTE,
    Action.NOTE: MessageEventKind.NOTE,
}


def _refusal(status: Status, action: Action) -> str | None:
    """Why ``action`` is not possible, or None when it is."""
    state = status.state
    if action is Action.ACKNOWLEDGE and status.acknowledged:
        return "该留言已首次回应，无需再次回应；如需告知办理进展，可保存一条进展告知或添加备注"
    if action is Action.TRANSFER_ANSWER and status.open_transfers == 0:
        return "该留言没有待答复的转办，无需登记承办单位答复"
    if state in _MOVES[action]:
        return None
    if action is Action.CLOSE:
        if state.is_open:
            return f"留言尚未答复（当前状态：{state.label}），请先答复留言人再办结"
        return f"留言已是“{state.label}”状态，不能再办结"
    if action is Action.REOPEN:
        return f"留言正在办理中（{state.label}），无需重新办理"
    if action is Action.ACKNOWLEDGE:
        return f"留言已是“{state.label}”状态，不能再首次回应"
    return f"“{state.label}”的留言不能{action.label}"


def allowed(status: Status, action: Action) -> bool:
    return _refusal(status, action) is None


def allowed_actions(status: Status) -> tuple[Action, ...]:
    return tuple(action for action in Action if allowed(status, action))


def next_state(status: Status, action: Action) -> MessageState:
    """The state after ``action``; TransitionRefused when the guards say no."""
    reason = _refusal(status, action)
    if reason is not None:
        raise TransitionRefused(reason)
    target = _MOVES[action][status.state]
    if action is Action.REOPEN:
        if status.open_transfers:
            return MessageState.TRANSFERRED
        return MessageState.ACKNOWLEDGED if status.acknowledged else MessageState.PENDING
    return target


def cautions(status: Status, action: Action) -> list[str]:
    """Things the clerk should confirm before an allowed action (asked, not refused)."""
    out = []
    if action is Action.ANSWER and status.open_transfers:
        out.append(f"还有{status.open_transfers}件转办的承办单位尚未答复，确定现在就答复留言人吗？")
    if action is Action.REJECT and status.transfers:
        out.append("该留言已转办，不予受理后承办单位无需再办理，请同时告知承办单位。")
    return out
