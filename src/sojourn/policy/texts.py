"""A pack's human texts (titles, descriptions, tier labels, guidance) in each reader's language.

A pack writes a text either as a plain string (English only) or as a mapping of language to text,
`{en: ..., zh-hans: ...}`; English is required, other languages fall back to it. The engine keeps
the text whole and copies it into the assessment; the faces pick the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("en", "zh-hans")
"""The languages a pack may write its texts in; the first is required."""


@dataclass(frozen=True)
class Text:
    en: str
    zh_hans: str = ""

    def in_language(self, language: str | None) -> str:
        """The text in `language` (a Django code such as "zh-hans"), else the English."""
        if (language or "").lower().startswith("zh") and self.zh_hans:
            return self.zh_hans
        return self.en

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh-hans": self.zh_hans} if self.zh_hans else {"en": self.en}

    def __str__(self) -> str:
        return self.en


def text_of(value: object) -> Text | None:
    """A Text from what a snapshot stores: a mapping of languages, a plain string, or null."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, Mapping) and isinstance(value.get("en"), str):
        other = value.get("zh-hans")
        return Text(value["en"], other if isinstance(other, str) else "")
    return None


def in_language(value: object, language: str | None) -> str:
    """What a face shows of a stored text: the reader's language, English, or nothing."""
    text = text_of(value)
    return text.in_language(language) if text is not None else ""
