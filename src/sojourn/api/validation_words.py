"""What a 422 says of each field, in the caller's language.

The API validates bodies and queries with pydantic, whose messages are English only ("Input
should be a valid string"). Each kind of error it reports (its `type`) is worded here with
gettext instead, from the error's context (the length, the bound, the choices); a message a
validator of Sojourn raised (`value_error`) is already in the caller's language. A kind not
listed keeps pydantic's words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

Context = Mapping[str, Any]


def _required(c: Context) -> str:
    return _("This field is required.")


def _unknown(c: Context) -> str:
    return _("This field is unknown here; leave it out.")


def _text(c: Context) -> str:
    return _("Enter a text.")


def _whole(c: Context) -> str:
    return _("Enter a whole number.")


def _number(c: Context) -> str:
    return _("Enter a number.")


def _flag(c: Context) -> str:
    return _("Enter true or false.")


def _list(c: Context) -> str:
    return _("Enter a list.")


def _object(c: Context) -> str:
    return _("Enter an object.")


def _date(c: Context) -> str:
    return _("Enter a date as YYYY-MM-DD.")


def _moment(c: Context) -> str:
    return _("Enter a date and time with its time zone, such as 2026-03-02T09:00:00+08:00.")


def _short_text(c: Context) -> str:
    count = int(c["min_length"])
    return ngettext(
        "Enter at least %(count)d character.", "Enter at least %(count)d characters.", count
    ) % {"count": count}


def _long_text(c: Context) -> str:
    count = int(c["max_length"])
    return ngettext(
        "Enter at most %(count)d character.", "Enter at most %(count)d characters.", count
    ) % {"count": count}


def _short_list(c: Context) -> str:
    count = int(c["min_length"])
    return ngettext("Give at least %(count)d item.", "Give at least %(count)d items.", count) % {
        "count": count
    }


def _long_list(c: Context) -> str:
    count = int(c["max_length"])
    return ngettext("Give at most %(count)d item.", "Give at most %(count)d items.", count) % {
        "count": count
    }


def _bound(message: str, key: str) -> Callable[[Context], str]:
    return lambda c: _(message) % {"bound": c[key]}


def _choice(c: Context) -> str:
    # pydantic lists the choices in English: "'newest', 'risk' or 'departure'".
    choices = ", ".join(str(c["expected"]).replace(" or ", ", ").split(", "))
    return _("Choose one of: %(choices)s.") % {"choices": choices}


def _form(c: Context) -> str:
    return _("This value does not have the expected form.")


WORDS: dict[str, Callable[[Context], str]] = {
    "missing": _required,
    "extra_forbidden": _unknown,
    "string_type": _text,
    "int_type": _whole,
    "int_parsing": _whole,
    "int_from_float": _whole,
    "float_type": _number,
    "float_parsing": _number,
    "bool_type": _flag,
    "bool_parsing": _flag,
    "list_type": _list,
    "dict_type": _object,
    "model_type": _object,
    "model_attributes_type": _object,
    "date_type": _date,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "datetime_type": _moment,
    "datetime_parsing": _moment,
    "datetime_from_date_parsing": _moment,
    "timezone_aware": _moment,
    "string_too_short": _short_text,
    "string_too_long": _long_text,
    "too_short": _short_list,
    "too_long": _long_list,
    # Marked here, translated by _bound when worded, in the caller's language.
    "greater_than_equal": _bound(gettext_noop("Enter a number of at least %(bound)s."), "ge"),
    "less_than_equal": _bound(gettext_noop("Enter a number of at most %(bound)s."), "le"),
    "greater_than": _bound(gettext_noop("Enter a number greater than %(bound)s."), "gt"),
    "less_than": _bound(gettext_noop("Enter a number less than %(bound)s."), "lt"),
    "literal_error": _choice,
    "enum": _choice,
    "string_pattern_mismatch": _form,
}


def message_of(error: Mapping[str, Any]) -> str:
    """One error of pydantic's list (its `type`, `msg` and `ctx`) in the active language."""
    message = str(error.get("msg", ""))
    word = WORDS.get(str(error.get("type", "")))
    if word is None:
        return message.removeprefix("Value error, ")
    try:
        return word(error.get("ctx") or {})
    except (KeyError, TypeError, ValueError):  # a context of another shape: pydantic's words
        return message
