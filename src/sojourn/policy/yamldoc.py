"""YAML read safely, remembering where each value sits and refusing duplicate keys.

`yaml.safe_load` silently keeps the last of two equal keys; in a pack that would hide a duplicate
tier, so the document is composed first and checked node by node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sojourn.policy.problems import Path, Problem, dotted


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


def read(text: str) -> Document:
    document = Document()
    try:
        # The reader refuses characters YAML does not allow (say \x89) as it is built.
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as error:
        document.problems.append(_unreadable(text, error))
        return document
    try:
        node = loader.get_single_node()
        if node is not None:
            _walk(node, (), document)
            document.data = loader.construct_document(node)
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


def _walk(node: yaml.Node, path: Path, document: Document) -> None:
    document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), document)
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
            _walk(value_node, (*path, key), document)
        # The first of two equal keys is the one checked; the later one is reported, then dropped.
        node.value = kept
