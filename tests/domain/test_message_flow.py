"""The message state machine: 待处理 → 已回应 → 已转办 → 已答复 → 已办结, plus 不予受理, with guards."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.enums import MessageState
from gmdesk.domain.message_flow import (
    Action,
    Status,
    TransitionRefused,
    allowed,
    allowed_actions,
    cautions,
    next_state,
)

P, A, T, D, C, R = (
    MessageState.PENDING,
    MessageState.ACKNOWLEDGED,
    MessageState.TRANSFERRED,
    MessageState.ANSWERED,
    MessageState.CLOSED,
    MessageState.REJECTED,
)


def test_the_happy_path() -> None:
    state = next_state(Status(P), Action.ACKNOWLEDGE)
    assert state is A
    state = next_state(Status(state, acknowledged=True), Action.TRANSFER)
    assert state is T
    state = next_state(Status(state, True, open_transfers=1, transfers=1), Action.TRANSFER_ANSWER)
    assert state is T
    state = next_state(Status(state, True, transfers=1), Action.ANSWER)
    assert state is D
    assert next_state(Status(state, True, transfers=1), Action.CLOSE) is C


@pytest.mark.parametrize(
    ("status", "action", "reason"),
    [
        (Status(P), Action.CLOSE, "请先答复留言人再办结"),
        (Status(A, True), Action.ACKNOWLEDGE, "已首次回应"),
        (Status(T, True), Action.TRANSFER_ANSWER, "没有待答复的转办"),
        (Status(C, True), Action.ANSWER, "“已办结”的留言不能答复"),
        (Status(R), Action.TRANSFER, "“不予受理”的留言不能转办"),
        (Status(D, True), Action.REJECT, "“已答复”的留言不能不予受理"),
        (Status(C, True), Action.EXTEND, "不能延期"),
        (Status(A, True), Action.REOPEN, "无需重新办理"),
        (Status(C, True), Action.CLOSE, "不能再办结"),
    ],
)
def test_refusals_say_why(status: Status, action: Action, reason: str) -> None:
    assert not allowed(status, action)
    with pytest.raises(TransitionRefused, match=reason):
        next_state(status, action)


def test_forwarding_before_acknowledging_and_answering_directly() -> None:
    assert next_state(Status(P), Action.TRANSFER) is T
    assert next_state(Status(T, False, 1, 1), Action.ACKNOWLEDGE) is T, "acknowledging keeps it forwarded"
    assert next_state(Status(P), Action.ANSWER) is D
    assert next_state(Status(T, True, 1, 1), Action.TRANSFER) is T, "forward to a second unit"


def test_reopening_returns_to_work() -> None:
    assert next_state(Status(C, True), Action.REOPEN) is A
    assert next_state(Status(R), Action.REOPEN) is P, "refused before any response: back to 待处理"
    assert next_state(Status(R, True), Action.REOPEN) is A
    assert next_state(Status(D, True, open_transfers=1, transfers=1), Action.REOPEN) is T


def test_cautions_before_answering_with_an_open_transfer() -> None:
    assert cautions(Status(T, True, 1, 1), Action.ANSWER) == [
        "还有1件转办的承办单位尚未答复，确定现在就答复留言人吗？"
    ]
    assert cautions(Status(A, True), Action.ANSWER) == []


def test_the_buttons_of_each_state() -> None:
    assert set(allowed_actions(Status(P))) == {
        Action.ACKNOWLEDGE,
        Action.TRANSFER,
        Action.ANSWER,
        Action.REJECT,
        Action.EXTEND,
        Action.COMMIT,
        Action.NOTE,
    }
    assert set(allowed_actions(Status(D, True))) == {Action.CLOSE, Action.REOPEN, Action.NOTE}
    assert set(allowed_actions(Status(C, True))) == {Action.REOPEN, Action.NOTE}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(Action)), max_size=12))
def test_any_sequence_of_allowed_actions_keeps_a_consistent_state(actions: list[Action]) -> None:
    """Replaying what a clerk may click: closed only after answered, open transfers only when forwarded."""
    status = Status(P)
    answered_ever = False
    for action in actions:
        if not allowed(status, action):
            with pytest.raises(TransitionRefused):
                next_state(status, action)
            continue
        state = next_state(status, action)
        if state is C and status.state is not C:
            assert status.state is D, "closed only after answered"
        answered_ever |= state is D
        acknowledged = status.acknowledged or action in (Action.ACKNOWLEDGE, Action.ANSWER)
        open_transfers = status.open_transfers
        if action is Action.TRANSFER:
            open_transfers += 1
        if action is Action.TRANSFER_ANSWER:
            open_transfers -= 1
        transfers = status.transfers + (action is Action.TRANSFER)
        if state is T:
            assert transfers >= 1
        status = Status(state, acknowledged, open_transfers, transfers)
        assert status.open_transfers >= 0
    if status.state is C:
        assert answered_ever
