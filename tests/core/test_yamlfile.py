"""YAML files read with libyaml's parser give what PyYAML's own parser gives: the same data, lines and errors."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import yamlfile
from bot.core.yamlfile import Document, YamlError
from tests.conftest import ROOT

# every YAML file of the project: briefings, question sets, configs, compose and CI files
FILES = sorted(p for p in ROOT.rglob("*.y*ml") if not {".venv", ".git", "node_modules"} & set(p.parts))


def nodes(node: yaml.Node | None) -> list[tuple[str, int, int, str]]:
    """Every node of a tree in document order: kind, line, column, tag (an alias's target again where used)."""
    if node is None:
        return []
    out = [(type(node).__name__, node.start_mark.line, node.start_mark.column, node.tag)]
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else [])
    return out + [row for child in children for row in nodes(child)]


def test_the_fast_parser_is_used_with_libyaml() -> None:
    """PyYAML built with libyaml (as its wheels are) reads through libyaml's parser."""
    assert yaml.__with_libyaml__ and yamlfile.FAST is not None


@pytest.mark.parametrize("file", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_parsers_read_every_project_file_alike(file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's parser and PyYAML's give each YAML file of the project the same data and the same node tree,
    marks included, so every line an error names is the same."""
    source = file.read_text(encoding="utf-8")
    fast = Document(file, source)
    monkeypatch.setattr(yamlfile, "FAST", None)
    pure = Document(file, source)
    assert fast.data == pure.data
    assert nodes(fast.node) == nodes(pure.node)


@pytest.mark.parametrize("source", ["a: [1, 2\nb: 3\n", "a: 'open\n", "- a\nb: c\n", "a: b: c\n", "a:\n\t- b\n",
                                    "? a\n? a\n", "x: *nowhere\n", "%YAML 9.9\n---\na: 1\n"])
def test_errors_are_worded_as_pyyaml_words_them(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A syntax error found by libyaml is reported as PyYAML's parser reports it, at the same line."""
    with pytest.raises(YamlError) as fast:
        Document("f.yaml", source)
    monkeypatch.setattr(yamlfile, "FAST", None)
    with pytest.raises(YamlError) as pure:
        Document("f.yaml", source)
    assert str(fast.value) == str(pure.value)


def nested(levels: int) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


def aliased(times: int, width: int = 99) -> str:
    return f"l0: &l0 [{', '.join(['x'] * width)}]\nl1: [{', '.join(['*l0'] * times)}]\n"


def deep_alias(anchored: int, around: int) -> str:
    return f"a: &a {'[' * anchored}{']' * anchored}\nb: {'[' * around}*a{']' * around}\n"


BOUNDS = [*(nested(n) for n in range(60, 66)), *(aliased(n) for n in (99, 100, 101)),
          *(deep_alias(a, b) for a in (31, 32) for b in (31, 32)), "loop: &me [*me]\n", "a: &a {b: *a}\n",
          "a: &a [1]\nb: *a\nc: [*a, *a]\n", "a: !!python/name:os.system x\n", "a: [!vault x]\n", "- &s x\n- *s\n"]


@pytest.mark.parametrize("source", BOUNDS, ids=range(len(BOUNDS)))
def test_the_checks_after_libyaml_composes_agree_with_the_checks_while_composing(
        source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree libyaml composed passes within_bounds exactly when the bounded loader accepts the file (at the
    nesting and alias limits, through aliases, aliases inside themselves, unknown tags); either way Document says
    what the bounded loader says."""
    node = yaml.CSafeLoader(source).get_single_node()
    assert node is not None
    monkeypatch.setattr(yamlfile, "FAST", None)
    try:
        pure = Document("f.yaml", source)
    except YamlError as exc:
        assert not yamlfile.within_bounds(node)
        monkeypatch.undo()
        with pytest.raises(YamlError) as fast:
            Document("f.yaml", source)
        assert str(fast.value) == str(exc)
    else:
        assert yamlfile.within_bounds(node)
        monkeypatch.undo()
        assert Document("f.yaml", source).data == pure.data
