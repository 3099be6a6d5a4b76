"""YAML and text files read safely: regular files only, bounded, UTF-8, every problem pointed at its line."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

__all__ = ["Document", "Loc", "YamlError", "read_text", "validation_message"]

Loc = tuple[str | int, ...]

MAX_DEPTH = 64  # nesting levels, counted with aliases expanded; no YAML file of this project comes near
MAX_ALIASED = 10_000  # values repeated through aliases in one file, in all: an alias bomb stops here
_STD = "tag:yaml.org,2002:"
# the tags SafeLoader can build, plus the two it reads as keys (<< and =); anything else (!!python/...) is refused
_TAGS = {t for t in yaml.SafeLoader.yaml_constructors if t} | {_STD + "merge", _STD + "value"}


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


def read_text(file: Path, limit: int, error: type[YamlError] = YamlError, *, what: str = "the file",
              setting: str | None = None) -> str:
    """The UTF-8 text of `file`, which must be a regular file of at most `limit` bytes (`setting` names the
    option that raises it). A FIFO or device is refused before it is read, so nothing blocks or reads forever;
    at most limit + 1 bytes are ever read; bad bytes are reported with their offset and line."""
    too_big = f"over the limit of {limit:,} bytes" + (f" (set {setting} to allow more)" if setting else "")
    try:
        st = os.stat(file)
        if not stat.S_ISREG(st.st_mode):
            raise error(file, f"cannot read {what}: not a regular file (a folder, FIFO or device)")
        if st.st_size > limit:
            raise error(file, f"{what} is {st.st_size:,} bytes, {too_big}")
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO swapped in meanwhile can't block
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise error(file, f"cannot read {what}: not a regular file (a folder, FIFO or device)")
            data = f.read(limit + 1)
    except OSError as exc:
        raise error(file, f"cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(file, f"{what} is {too_big}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(file, f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start:,}; save it as UTF-8",
                    line=line) from None


def _tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag


class _Bounded(yaml.composer.Composer, yaml.constructor.SafeConstructor):
    """SafeLoader's composer and constructor, bounded while they compose: known tags only, nesting and alias
    expansion limited, and a value its tag cannot read (`!!int abc`, `2024-99-99`) reported with its line instead
    of a crash. Mixed into a safe loader ahead of it, so PyYAML's composer (in Python) composes the events of that
    loader's parser, libyaml's or PyYAML's own, and every event passes the checks."""

    if TYPE_CHECKING:  # from the loader it is mixed into
        def peek_event(self) -> yaml.Event: ...

        def dispose(self) -> None: ...

    def _bound(self, file: Path | str, error: type[YamlError]) -> None:
        self._file, self._error = file, error
        self._depth = 0
        self._aliased = 0
        self._shape: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth), aliases expanded

    def _fail(self, problem: str, mark: Any) -> YamlError:
        return self._error(self._file, problem, (), mark.line + 1 if mark else None)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            target = super().compose_node(parent, index)
            shape = self._shape.get(id(target))
            if shape is None:
                raise self._fail(f"alias *{event.anchor} is inside the value it names", event.start_mark)
            self._aliased += shape[0]
            if self._aliased > MAX_ALIASED:
                raise self._fail(f"aliases repeat more than {MAX_ALIASED:,} values; write the values out",
                                 event.start_mark)
            if self._depth + shape[1] > MAX_DEPTH:
                raise self._fail(f"nested more than {MAX_DEPTH} levels deep (through alias *{event.anchor})",
                                 event.start_mark)
            return target
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise self._fail(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        assert node is not None  # a node event was peeked
        if node.tag not in _TAGS:
            raise self._fail(f"unknown tag {_tag(node.tag)!r}: only plain YAML values are read", node.start_mark)
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        shapes = [self._shape[id(child)] for child in children]
        self._shape[id(node)] = (1 + sum(s[0] for s in shapes), 1 + max((s[1] for s in shapes), default=0))
        return node

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, YamlError):
            raise
        except Exception:  # ValueError, KeyError, ... from a value its tag cannot read
            value = f"{node.value[:40]!r} " if isinstance(node.value, str) else ""
            raise self._fail(f"cannot read {value}as {_tag(node.tag)}; quote it if it is text",
                             node.start_mark) from None


class _Loader(_Bounded, yaml.SafeLoader):
    """The bounded SafeLoader: PyYAML's reader and parser in Python, whose messages the tests and users know."""

    def __init__(self, source: str, file: Path | str, error: type[YamlError]):
        yaml.SafeLoader.__init__(self, source)
        self._bound(file, error)


_Make = Callable[[str, Path | str, type[YamlError]], _Bounded]
class _OutOfBounds(Exception):
    """A tree composed without the checks fails one of them."""


_OPEN = (0, 0)  # the shape of a node being walked: met again inside itself, it is an alias inside its own value


def within_bounds(root: yaml.Node) -> bool:
    """Whether a node tree composed without the checks (by libyaml, in C) passes them: every tag known, no alias
    inside the value it names, nesting and alias expansion within MAX_DEPTH and MAX_ALIASED. The sums of
    `_Bounded.compose_node`, made after the fact, with no names or lines: a tree that fails is composed again
    by the bounded loader, which says what and where."""
    shapes: dict[int, tuple[int, int]] = {id(root): _OPEN}  # id(node) -> (values, depth), aliases expanded
    aliased = 0

    def walk(node: yaml.Node, level: int) -> tuple[int, int]:
        nonlocal aliased
        values, deepest = 1, 0
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        for child in children:
            shape = shapes.get(id(child))
            if shape is _OPEN:
                raise _OutOfBounds
            if shape is not None:  # an alias
                aliased += shape[0]
                if aliased > MAX_ALIASED or level + shape[1] > MAX_DEPTH:
                    raise _OutOfBounds
            elif level + 1 > MAX_DEPTH or child.tag not in _TAGS:
                raise _OutOfBounds
            elif isinstance(child, yaml.ScalarNode):
                shape = shapes[id(child)] = (1, 1)
            else:
                shapes[id(child)] = _OPEN
                shape = shapes[id(child)] = walk(child, level + 1)
            values += shape[0]
            deepest = max(deepest, shape[1])
        return values, deepest + 1

    try:
        return root.tag in _TAGS and (isinstance(root, yaml.ScalarNode) or bool(walk(root, 1)))
    except _OutOfBounds:
        return False


FAST: _Make | None = None  # the bounded CSafeLoader, when PyYAML was built with libyaml
if yaml.__with_libyaml__:
    class _FastLoader(_Bounded, yaml.CSafeLoader):
        """The bounded CSafeLoader: libyaml's parser (in C, about 10 times faster than PyYAML's); the composer
        and constructor are still PyYAML's, with the checks above, and its marks give the same lines."""

        def __init__(self, source: str, file: Path | str, error: type[YamlError]):
            yaml.CSafeLoader.__init__(self, source)
            yaml.composer.Composer.__init__(self)  # CSafeLoader composes in C and never sets up the composer
            self._bound(file, error)

    FAST = _FastLoader


class Document:
    """A parsed YAML file: its data and its node tree, for line look-ups. Every problem is one `error`."""

    def __init__(self, file: Path | str, source: str, error: type[YamlError] = YamlError):
        self.file, self._error = file, error
        bad = yaml.reader.Reader.NON_PRINTABLE.search(source)  # PyYAML's own test, which libyaml's matches
        if bad:  # a control character the YAML spec does not allow
            line = source.count("\n", 0, bad.start()) + 1
            raise error(file, f"character U+{ord(bad.group()):04X} is not allowed in YAML", (), line)
        if FAST is not None and self._native(source):
            return
        try:
            if FAST is not None:
                try:
                    self.node, self.data = self._parse(FAST(source, file, error))
                    return
                except (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.reader.ReaderError):
                    pass  # libyaml words a syntax error its own way: PyYAML's parser says it, as it always has
            self.node, self.data = self._parse(_Loader(source, file, error))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            syntax = isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError))
            problem = (f"YAML syntax error: {exc.problem}" if syntax
                       else ", ".join(filter(None, (exc.context, exc.problem))))
            raise error(file, problem, (), mark.line + 1 if mark else None) from None

    def _native(self, source: str) -> bool:
        """Read the file with libyaml's own composer (in C, twice as fast again) and check the tree after; True
        if all went well. On any problem, nothing is kept and the bounded loader reads the file again, to
        stop where the problem is and say it as it always has."""
        loader = yaml.CSafeLoader(source)
        try:
            node = loader.get_single_node()
            if node is not None and not within_bounds(node):
                return False
            if node is not None:
                self._check_keys(node, ())
            self.node, self.data = node, loader.construct_document(node) if node is not None else None
            return True
        except Exception:  # a syntax error, a value its tag cannot read, a repeated key...: the bounded loader says
            return False
        finally:
            loader.dispose()

    def _parse(self, loader: _Bounded) -> tuple[yaml.Node | None, Any]:
        """The node tree (keys checked) and the data of the one document, or (None, None) for an empty file."""
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            self._check_keys(node, ())
            return node, loader.construct_document(node)
        finally:
            loader.dispose()

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

    def _check_keys(self, node: yaml.Node, loc: Loc) -> None:
        """Keys are plain values (not lists or mappings) and none is repeated in its mapping."""
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise self._error(self.file, "a key must be a plain value, not a list or mapping", loc,
                                      key.start_mark.line + 1)
                if key.value in seen:
                    raise self._error(self.file, f"duplicate key {key.value!r}", loc, key.start_mark.line + 1)
                seen.add(key.value)
                self._check_keys(value, (*loc, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._check_keys(item, (*loc, i))


def validation_message(exc: Any) -> tuple[str, Loc]:
    """The first problem of a pydantic ValidationError and its location."""
    err = exc.errors()[0]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return msg + more, tuple(err["loc"])
