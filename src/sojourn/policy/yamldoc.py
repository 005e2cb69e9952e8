"""YAML read safely, remembering where each value sits and refusing duplicate keys.

`yaml.safe_load` silently keeps the last of two equal keys; in a pack that would hide a duplicate
tier, so the document is composed first and checked node by node.

A hostile document is refused before it costs much: nesting deeper than `MAX_DEPTH` (which
would exhaust Python's stack while composing) is found in a first pass over the parser's
events, and an alias is walked as what it repeats, so "billion laughs" (anchors repeating
anchors) or an alias inside its own anchor stops at `MAX_VALUES` or `MAX_DEPTH`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sojourn.policy.problems import Path, Problem, dotted

# A pack nests four levels deep and holds a few hundred values; these bounds are far above that.
MAX_DEPTH = 20
MAX_VALUES = 50_000


@dataclass
class Document:
    data: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, path: Path, message: str) -> Problem:
        """A Problem at `path`, placed at the line of the nearest part of it the document has."""
        for end in range(len(path), -1, -1):
            position = self.positions.get(path[:end])
            if position:
                return Problem(dotted(path), message, *position)
        return Problem(dotted(path), message)


def _unreadable(text: str, error: yaml.YAMLError) -> Problem:
    """A character the YAML reader refuses, at its line and column when the error says where."""
    position = getattr(error, "position", None)
    if not isinstance(position, int):
        return Problem("", f"YAML error: {error}")
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return Problem("", f"YAML error: {error}", line, column)


class _TooMuch(Exception):
    """The document is nested or repeated beyond any pack's need; reading it stops."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _too_deep(text: str) -> Problem | None:
    """The first collection nested deeper than MAX_DEPTH, found without composing (the
    parser keeps its own stack, the composer recurses). Syntax errors are left to `read`."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"nested more than {MAX_DEPTH} levels deep; a pack needs a few"
                    mark = event.start_mark
                    if mark is None:
                        return Problem("", message)
                    return Problem("", message, mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def read(text: str) -> Document:
    document = Document()
    try:
        # The reader refuses characters YAML does not allow (say \x89) as it is built.
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as error:
        document.problems.append(_unreadable(text, error))
        return document
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            document.problems.append(too_deep)
            return document
        node = loader.get_single_node()
        if node is not None:
            _walk(node, (), document, [0])
            document.data = loader.construct_document(node)
    except _TooMuch as refused:
        document.problems.append(refused.problem)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        document.problems.append(Problem("", message, line, column))
    except yaml.YAMLError as error:
        document.problems.append(Problem("", f"YAML error: {error}"))
    finally:
        loader.dispose()
    return document


def _walk(node: yaml.Node, path: Path, document: Document, walked: list[int]) -> None:
    """Record where each value sits and refuse duplicate keys; `walked` counts the values
    seen, an alias counting as everything it repeats."""
    walked[0] += 1
    if walked[0] > MAX_VALUES:
        message = (
            f"the document holds more than {MAX_VALUES} values (an alias counts as all it "
            "repeats); a pack needs a few hundred: write the values out"
        )
        raise _TooMuch(Problem(dotted(path), message, *_mark(node)))
    if len(path) > MAX_DEPTH:
        message = f"nested more than {MAX_DEPTH} levels deep (an alias inside its own anchor?)"
        raise _TooMuch(Problem(dotted(path), message, *_mark(node)))
    document.positions[path] = _mark(node)
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), document, walked)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        kept = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                kept.append((key_node, value_node))
                continue
            key = key_node.value
            if key in seen:
                line = key_node.start_mark.line + 1
                column = key_node.start_mark.column + 1
                message = f"duplicate key '{key}': each key may appear only once"
                document.problems.append(Problem(dotted((*path, key)), message, line, column))
                continue
            seen.add(key)
            kept.append((key_node, value_node))
            _walk(value_node, (*path, key), document, walked)
        # The first of two equal keys is the one checked; the later one is reported, then dropped.
        node.value = kept
