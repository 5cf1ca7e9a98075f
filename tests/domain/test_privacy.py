"""Personal data in message texts: found before a reply goes public, masked in lists and exports."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.privacy import (
    DataKind,
    contains_writer_data,
    describe_hits,
    find_personal_data,
    id_check_digit_ok,
    mask_contact,
    mask_text,
)

VALID_ID = "11010519491231002X"  # the GB 11643 example number: valid check digit


def kinds(text: str) -> list[DataKind]:
    return [hit.kind for hit in find_personal_data(text)]


def test_the_standard_example_id_has_a_valid_check_digit() -> None:
    assert id_check_digit_ok(VALID_ID)
    assert not id_check_digit_ok("110105194912310021")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我的电话13812345678，请回电", [DataKind.MOBILE]),
        ("联系：138 1234 5678", [DataKind.MOBILE]),
        ("+86 138-1234-5678", [DataKind.MOBILE]),
        (f"身份证号{VALID_ID}，已经丢失", [DataKind.ID_CARD]),
        ("身份证 999123198503150417 请核实", [DataKind.ID_CARD_LIKE]),  # the demo's fictional numbers
        ("办公室电话0571-88886666转123", [DataKind.LANDLINE]),
        ("卡号 6222 0212 3456 7890 127", []),  # fails the Luhn check: an order number, not a card
        ("卡号 4111 1111 1111 1111", [DataKind.BANK_CARD]),
        ("邮箱 zhang.san@example.com", [DataKind.EMAIL]),
        ("住在幸福小区3栋2单元501室", [DataKind.ADDRESS]),
        ("请拨打12345或110", []),
        ("2025-10-01 放假，共8天，补贴300元，编号20250930", []),
        ("订单号123456789012", []),
    ],
)
def test_detection(text: str, expected: list[DataKind]) -> None:
    assert kinds(text) == expected


def test_a_mobile_number_inside_an_id_number_is_not_counted_twice() -> None:
    assert kinds(f"{VALID_ID} 和 13912345678") == [DataKind.ID_CARD, DataKind.MOBILE]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13812345678", "电话138****5678"),
        ("电话 138 1234 5678。", "电话 138 **** 5678。"),
        (f"身份证{VALID_ID}", "身份证110105********002X"),
        ("座机0571-88886666", "座机0571-****6666"),
        ("卡号4111111111111111", "卡号4111********1111"),
        ("邮箱 zhang.san@example.com", "邮箱 z***@example.com"),
        ("幸福小区3栋2单元501室", "幸福小区*栋*单元***室"),
        ("没有个人信息", "没有个人信息"),
        ("", ""),
    ],
)
def test_masking(text: str, masked: str) -> None:
    assert mask_text(text) == masked


def test_contact_fields_are_masked_even_when_unusual() -> None:
    assert mask_contact("17012345678") == "170****5678"
    assert mask_contact("QQ 123456789") == "QQ 12*****89"
    assert mask_contact("微信同号") == "微信同号"
    assert mask_contact("") == ""


def test_warning_lines_show_masked_values() -> None:
    hits = find_personal_data(f"电话13812345678，身份证{VALID_ID}")
    text = describe_hits(hits)
    assert "手机号：138****5678" in text and "身份证号：110105********002X" in text
    assert "13812345678" not in text


def test_a_reply_naming_the_writer_of_a_confidential_message_is_caught() -> None:
    found = contains_writer_data("张建国同志您好，您反映的问题……", "张建国", "13812345678")
    assert found == ["留言人姓名“张建国”"]
    assert contains_writer_data("网友您好", "网友", "") == []


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.text(alphabet="请联系我电话号码，。 abc", max_size=10),
    second=st.sampled_from("3456789"),
    rest=st.text(alphabet="0123456789", min_size=9, max_size=9),
    suffix=st.text(alphabet="谢谢！。 ", max_size=5),
)
def test_every_mobile_number_is_masked(prefix: str, second: str, rest: str, suffix: str) -> None:
    number = f"1{second}{rest}"
    masked = mask_text(prefix + number + suffix)
    assert number not in masked
    assert f"{number[:3]}****{number[-4:]}" in masked


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_masking_never_reveals_a_detected_value(text: str) -> None:
    masked = mask_text(text)
    for hit in find_personal_data(text):
        if sum(ch.isdigit() for ch in hit.text) >= 7:
            assert hit.text not in masked
    assert find_personal_data(masked) == [] or masked != text
