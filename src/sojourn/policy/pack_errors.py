"""pydantic's validation errors, retold as Problems: the dotted path and what was expected."""

from __future__ import annotations

import datetime
import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from sojourn.policy.pack_schema import KEY_EXPECTATIONS, PackDoc, TextDoc
from sojourn.policy.problems import Path, Problem
from sojourn.policy.yamldoc import Document

BARE_WORDS = 'YAML reads bare yes, no, on, off as true or false: quote them (write Norway as "NO")'
MAPPING_ERRORS = {"model_type", "model_attributes_type", "dict_type"}


def problems_from(error: ValidationError, document: Document) -> list[Problem]:
    return [_problem(detail, document) for detail in error.errors()]


def _problem(detail: ErrorDetails, document: Document) -> Problem:
    loc: Path = tuple(detail["loc"])
    if "[key]" in loc:
        at = loc[: loc.index("[key]")]
        expected = KEY_EXPECTATIONS.get(str(at[0]), "a name") if at else "a name"
        return document.problem(at, f"invalid name {_shown(at[-1])}; expected {expected}")
    kind = detail["type"]
    where = _locate(loc)
    if kind == "extra_forbidden":
        keys = ", ".join(_keys(where.holder)) if where.holder else "?"
        return document.problem(loc, f"unknown key '{loc[-1]}'; expected one of: {keys}")
    expected = _expectation(detail, where)
    if kind == "missing":
        return document.problem(loc, f"missing required key; expected {expected}")
    if kind == "too_short":
        return document.problem(loc, f"must not be empty; expected {expected}")
    message = f"expected {expected}, got {_shown(detail['input'])}"
    if kind == "string_type" and isinstance(detail["input"], bool):
        message += f"; {BARE_WORDS}"
    return document.problem(loc, message)


def _expectation(detail: ErrorDetails, where: Location) -> str:
    if detail["type"] in MAPPING_ERRORS and where.value is TextDoc:
        return TextDoc.EXPECTED
    if detail["type"] in MAPPING_ERRORS and where.value is not None:
        return f"a mapping with keys: {', '.join(_keys(where.value))}"
    if where.field is not None and where.field.description:
        return where.field.description
    return detail["msg"][0].lower() + detail["msg"][1:]


def _keys(model: type[BaseModel]) -> list[str]:
    """The keys a document writes: a field's alias where it has one (`zh-hans`)."""
    return [field.alias or name for name, field in model.model_fields.items()]


@dataclass(frozen=True)
class Location:
    holder: type[BaseModel] | None
    """The model that holds the last key of the path."""
    field: FieldInfo | None
    """The last field the path went through (for a list item: the list's field)."""
    value: type[BaseModel] | None
    """The model the value at the path should be, when it should be one."""


def _locate(loc: Path) -> Location:
    holder: type[BaseModel] | None = None
    field: FieldInfo | None = None
    current: Any = PackDoc
    for part in loc:
        model = _model_of(current)
        if model is None:
            current = _inner(current)
            field = _described(current) or field
            continue
        holder = model
        field = _field(model, part) if isinstance(part, str) else None
        if field is None:
            return Location(holder, None, None)
        current = field.annotation
    return Location(holder, field, _model_of(current))


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    return next(
        (f for name, f in model.model_fields.items() if key in (name, f.alias)),
        None,
    )


def _inner(annotation: Any) -> Any:
    """The value type of a dict or the item type of a list."""
    annotation = _unwrap(annotation)
    args = get_args(annotation)
    return args[-1] if args else None


def _described(annotation: Any) -> FieldInfo | None:
    """The FieldInfo carrying a description in `Annotated[T, Field(description=...)]`."""
    if get_origin(annotation) is not Annotated:
        return None
    infos = [meta for meta in get_args(annotation)[1:] if isinstance(meta, FieldInfo)]
    return next((info for info in infos if info.description), None)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _unwrap(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _unwrap(kept[0]) if len(kept) == 1 else annotation
    return annotation


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return repr(value)
    return str(value)
