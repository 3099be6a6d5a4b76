"""YAML with line numbers: parse once, point errors at the exact line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class YamlError(Exception):
    """A problem in a YAML file: names the file, the YAML path and the line."""

    def __init__(self, file: Path | str, problem: str, loc: Loc = (), line: int | None = None):
        self.file, self.problem, self.loc, self.line = file, problem, loc, line
        where = str(file)
        if loc:
            where += f": {format_loc(loc)}"
        if line is not None:
            where += f" (line {line})"
        super().__init__(f"{where}: {problem}")


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Document:
    """A parsed YAML file: its data and its node tree, for line look-ups."""

    def __init__(self, file: Path | str, source: str, error: type[YamlError] = YamlError):
        self.file, self._error = file, error
        try:
            node = yaml.compose(source, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise error(file, f"YAML syntax error: {exc.problem}", (), mark.line + 1 if mark else None) from None
        self.node = node
        if node is not None:
            self._check_duplicate_keys(node, ())
        self.data: Any = yaml.safe_load(source) if node is not None else None

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the key (or item) at `loc`, or of its deepest existing parent."""
        node, line = self.node, 0
        if node is None:
            return None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == part), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line, pair[1]  # the key's line reads best
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line
            else:
                break
        return line + 1

    def fail(self, problem: str, loc: Loc = ()) -> YamlError:
        """The error to raise for a problem at `loc`."""
        return self._error(self.file, problem, loc, self.line_of(loc))

    def _check_duplicate_keys(self, node: yaml.Node, loc: Loc) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key, value in node.value:
                if key.value in seen:
                    raise self._error(self.file, f"duplicate key {key.value!r}", loc, key.start_mark.line + 1)
                seen.add(key.value)
                self._check_duplicate_keys(value, (*loc, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._check_duplicate_keys(item, (*loc, i))


def validation_message(exc: Any) -> tuple[str, Loc]:
    """The first problem of a pydantic ValidationError and its location."""
    err = exc.errors()[0]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return msg + more, tuple(err["loc"])
