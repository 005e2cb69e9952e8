"""A 422's field messages in the caller's language, from pydantic's error kinds."""

from __future__ import annotations

from django.utils import translation

from sojourn.api.validation_words import message_of


def test_choices_and_bounds_are_worded_in_chinese() -> None:
    with translation.override("zh-hans"):
        choice = message_of(
            {"type": "literal_error", "msg": "…", "ctx": {"expected": "'newest', 'risk' or 'x'"}}
        )
        bound = message_of({"type": "greater_than_equal", "msg": "…", "ctx": {"ge": 1}})
        required = message_of({"type": "missing", "msg": "Field required"})

    assert choice == "请从以下选项中选择：'newest', 'risk', 'x'。"
    assert bound == "请填写不小于 1 的数字。"
    assert required == "此字段为必填项。"


def test_a_message_of_sojourn_keeps_its_words_and_an_unknown_kind_pydantics() -> None:
    assert message_of({"type": "value_error", "msg": "Value error, Use FR."}) == "Use FR."
    assert message_of({"type": "uuid_type", "msg": "UUID input should be a string"}) == (
        "UUID input should be a string"
    )
