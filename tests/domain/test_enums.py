"""Parsing the closed vocabularies from what a file or a clerk writes: codes, labels and aliases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gmdesk.domain import enums
from gmdesk.domain.enums import AccountState, LabeledEnum, MessageCategory, PostKind, Role

VOCABULARIES: list[type[LabeledEnum]] = sorted(
    (
        value
        for value in vars(enums).values()
        if isinstance(value, type) and issubclass(value, LabeledEnum) and value is not LabeledEnum
    ),
    key=lambda kind: kind.__name__,
)


def walked(kind: type[LabeledEnum], text: str) -> LabeledEnum | None:
    """The rule as first written: a code or a label, in the order declared; then an alias."""
    wanted = str(text).strip()
    for member in kind:
        if wanted in (member.value, member.label):
            return member
    for member in kind:
        if wanted and wanted in enums._aliases(member):
            return member
    return None


def every_text(kind: type[LabeledEnum]) -> list[str]:
    return [t for m in kind for t in (m.value, m.label, *enums._aliases(m))]


@pytest.mark.parametrize("kind", VOCABULARIES, ids=lambda kind: kind.__name__)
def test_every_code_label_and_alias_parses_as_the_members_walked_in_order(kind: type[LabeledEnum]) -> None:
    for text in every_text(kind):
        for written in (text, f"  {text}\t"):
            assert kind.from_text(written) is walked(kind, written)


@given(st.sampled_from(VOCABULARIES), st.text(max_size=6))
def test_any_text_parses_as_the_walk_or_is_refused_with_the_choices(
    kind: type[LabeledEnum], text: str
) -> None:
    expected = walked(kind, text)
    if expected is not None:
        assert kind.from_text(text) is expected
    else:
        with pytest.raises(ValueError, match="不是有效的取值，应为："):
            kind.from_text(text)


def test_known_texts() -> None:
    assert AccountState.from_text("已备案") is AccountState.RUNNING
    assert Role.from_text("审核人") is Role.EDITOR
    assert PostKind.from_text(" 转载 ") is PostKind.REPOST
    assert MessageCategory.from_text(MessageCategory.OTHER.value) is MessageCategory.OTHER
    with pytest.raises(ValueError, match="“也许”不是有效的取值"):
        PostKind.from_text("也许")
