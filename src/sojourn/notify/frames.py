"""Rendering a notification's templates once per language and filling them in.

The worker words thousands of notifications a pass from a few dozen templates: rendering a
Django template per message was most of the cost of writing and sending them. `render(name,
context)` gives exactly what `render_to_string(name, context)` gives, from a **frame**: the
template rendered once, in the active language, with a marker in place of each value it only
prints, then filled with each message's values, rendered as Django would render them there
(localised, and escaped where the template escapes).

Whether a value can be a marker is read from the compiled template once:
- printed as it is (`{{ title }}`, or a `{% blocktranslate %}` placeholder): a marker;
- only tested (`{% if hours %}`): the frame is chosen by whether the value is true, and a true
  value printed as well is still a marker (a false one is rendered as it is);
- anything else (a filter, a lookup, a comparison, a plural's count): the frame is chosen by the
  value itself, rendered as it is;
- a tag this module does not know (it could read anything from the context): no frame, the
  template is rendered as before.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.template import Context, Node, NodeList
from django.template.base import (
    FilterExpression,
    TextNode,
    TokenType,
    Variable,
    VariableNode,
    render_value_in_context,
)
from django.template.base import Template as Compiled
from django.template.defaulttags import AutoEscapeControlNode, CommentNode, IfNode, LoadNode
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import IncludeNode
from django.templatetags.i18n import BlockTranslateNode, GetCurrentLanguageNode, TranslateNode
from django.utils import translation


def render(name: str, context: Mapping[str, Any]) -> str:
    """`render_to_string(name, context)`, from the template's frame in the active language."""
    shape = _shape(name)
    if shape.opaque:
        return render_to_string(name, dict(context))
    key, markers = shape.choose(context)
    frame = _frames.get((name, translation.get_language(), key))
    if frame is None:
        frame = _frame(name, context, markers)
        if len(_frames) >= MOST:  # values that choose frames are few, but never unbounded
            _frames.clear()
        _frames[(name, translation.get_language(), key)] = frame
    return frame.fill(context)


@dataclass(frozen=True)
class _Frame:
    text: str
    pattern: re.Pattern[str]

    def fill(self, context: Mapping[str, Any]) -> str:
        def value(match: re.Match[str]) -> str:
            escaped, name = match.group(1) == "&amp;", match.group(2)
            return render_value_in_context(context[name], Context(autoescape=escaped))

        return self.pattern.sub(value, self.text)


# Frames by (template, language, key); a few per template and language.
MOST = 4096
_frames: dict[tuple[str, str | None, tuple[Any, ...]], _Frame] = {}


def _frame(name: str, context: Mapping[str, Any], markers: frozenset[str]) -> _Frame:
    # A marker of a fresh random token, so no value rendered into the frame can look like one;
    # its `&` shows whether the template escaped it there.
    token = secrets.token_hex(8)
    marked = {
        key: (f"\x01&{token}:{key}\x01" if key in markers else value)
        for key, value in context.items()
    }
    text = render_to_string(name, marked)
    pattern = re.compile("\x01(&|&amp;)" + token + r":(\w+)\x01")
    return _Frame(text, pattern)


@dataclass
class _Shape:
    """How a template uses each name of its context."""

    printed: set[str] = field(default_factory=set)
    tested: set[str] = field(default_factory=set)
    valued: set[str] = field(default_factory=set)
    opaque: bool = False

    def choose(self, context: Mapping[str, Any]) -> tuple[tuple[Any, ...], frozenset[str]]:
        """The key of the frame for these values, and the names that are markers in it. The
        names given are part of it: a name missing reads as nothing, a name given as its value."""
        key: list[Any] = [tuple(sorted(context))]
        markers = set()
        for name in sorted(context):
            value = context[name]
            if name in self.valued:
                key.append((name, "=", repr(value)))
            elif name in self.printed and (name not in self.tested or value):
                markers.add(name)
            elif name in self.printed:  # tested and false: printed as it is
                key.append((name, "=", repr(value)))
            elif name in self.tested:
                key.append((name, bool(value)))
        return tuple(key), frozenset(markers)


@cache
def _shape(name: str) -> _Shape:
    shape = _Shape()
    compiled = get_template(name).template  # type: ignore[attr-defined]
    assert isinstance(compiled, Compiled)
    _walk(compiled.nodelist, shape)
    return shape


def _walk(nodes: NodeList, shape: _Shape) -> None:
    for node in nodes:
        _visit(node, shape)


def _visit(node: Node, shape: _Shape) -> None:
    if isinstance(node, TextNode | LoadNode | CommentNode | GetCurrentLanguageNode):
        return
    if isinstance(node, VariableNode):
        _use(node.filter_expression, shape, shape.printed)
    elif isinstance(node, AutoEscapeControlNode):
        _walk(node.nodelist, shape)
    elif isinstance(node, IfNode):
        _visit_if(node, shape)
    elif isinstance(node, TranslateNode):
        _value(node.filter_expression, shape)
        if node.message_context is not None:
            _value(node.message_context, shape)
    elif isinstance(node, BlockTranslateNode):
        _visit_blocktranslate(node, shape)
    elif isinstance(node, IncludeNode) and isinstance(node.template.var, str):
        for value in node.extra_context.values():
            _value(value, shape)
        included = _shape(node.template.var)
        shape.printed |= included.printed
        shape.tested |= included.tested
        shape.valued |= included.valued
        shape.opaque |= included.opaque
    else:
        shape.opaque = True


def _visit_if(node: IfNode, shape: _Shape) -> None:
    for condition, nodelist in node.conditions_nodelists:
        if condition is not None:
            literal = getattr(condition, "value", None)
            if isinstance(literal, FilterExpression) and _plain(literal):
                _use(literal, shape, shape.tested)
            else:
                for expression in _expressions(condition):
                    _value(expression, shape)
        _walk(nodelist, shape)


def _expressions(condition: Any) -> Iterator[FilterExpression]:
    """The filter expressions of an `{% if %}` condition (smartif's tree)."""
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield condition.value
    for side in ("first", "second"):
        part = getattr(condition, side, None)
        if part is not None:
            yield from _expressions(part)


def _visit_blocktranslate(node: BlockTranslateNode, shape: _Shape) -> None:
    aliases = set(node.extra_context)
    for expression in node.extra_context.values():
        _use(expression, shape, shape.printed)
    for token in [*node.singular, *(node.plural or [])]:
        if token.token_type == TokenType.VAR and token.contents not in aliases:
            shape.printed.add(token.contents)
    for optional in (node.counter, node.message_context):
        if optional is not None:
            _value(optional, shape)


def _plain(expression: FilterExpression) -> bool:
    """`{{ name }}`: one name, no lookup, no filter."""
    variable = expression.var
    return (
        not expression.filters
        and isinstance(variable, Variable)
        and variable.lookups is not None
        and len(variable.lookups) == 1
    )


def _use(expression: FilterExpression, shape: _Shape, how: set[str]) -> None:
    if _plain(expression):
        variable = expression.var
        assert isinstance(variable, Variable)
        assert variable.lookups is not None
        how.add(variable.lookups[0])
    else:
        _value(expression, shape)


def _value(expression: FilterExpression, shape: _Shape) -> None:
    """Every name the expression reads chooses the frame by its value."""
    variables = [expression.var] + [
        argument for _filter, arguments in expression.filters for _lookup, argument in arguments
    ]
    for variable in variables:
        if isinstance(variable, Variable) and variable.lookups:
            shape.valued.add(variable.lookups[0])
