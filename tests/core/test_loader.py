"""The content loader: valid briefings load side by side; bad content stops with file, path and line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.loader import ContentError, load_content
from bot.core.text import fold
from tests.conftest import CONTENT, MAIN_ID, SECOND_ID

GOOD = """\
id: demo
metadata:
  title: Demo
  author: Ann Author
  reading_time_minutes: 1
summaries:
  tldr: A bridge opened.
  short: [A bridge opened.]
  full: [{heading: Bridge, text: A bridge opened.}]
facts:
  - id: bridge
    statement: The mayor opened a bridge.
    evidence: On March 2, the mayor opened a bridge
    entities: [mayor]
entities:
  - {id: mayor, name: Joe Quimby, type: person, role: Mayor}
quotes:
  - {id: q1, speaker: mayor, text: "It's a great day"}
"""
ARTICLE = "Demo\nOn March 2,   the mayor opened a bridge.\n\u201cIt\u2019s a great day,\u201d he said.\n"


def write(root: Path, yaml_text: str, folder: str = "demo") -> Path:
    d = root / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "briefing.yaml").write_text(yaml_text, encoding="utf-8")
    return d / "briefing.yaml"


def test_bundled_content_is_valid_and_fully_verbatim() -> None:
    """Every evidence quote and quote of the bundled briefing is verbatim in its article."""
    [lb] = load_content(CONTENT)
    text = fold(lb.article)
    assert lb.briefing.id == MAIN_ID
    spans = [f.evidence for f in lb.briefing.facts] + [q.text for q in lb.briefing.quotes]
    assert spans and all(fold(s) in text for s in spans)


def test_article_text_has_no_page_chrome() -> None:
    """The bundled article keeps the text as published but drops '6 min read' and the comment prompts."""
    article = (CONTENT / MAIN_ID / "article.txt").read_text(encoding="utf-8")
    assert "Jett James Pruitt is a Native American" in article
    for chrome in ("6 days ago", "6 min read", "Comments", "share this article"):
        assert chrome not in article


def test_two_briefings_load_side_by_side(two_briefings: Path) -> None:
    """Several briefing folders load together, each with its own article."""
    ids = [lb.briefing.id for lb in load_content(two_briefings)]
    assert ids == [MAIN_ID, SECOND_ID]


def test_typographic_quotes_and_whitespace_are_normalised(tmp_path: Path) -> None:
    """Curly vs straight quotes and runs of spaces do not break the verbatim check."""
    write(tmp_path, GOOD)
    assert load_content(tmp_path)[0].briefing.facts[0].id == "bridge"


@pytest.mark.parametrize(("edit", "path", "line", "problem"), [
    (lambda s: s.replace("  reading_time_minutes: 1\n", "  reading_time_minutes: 1\n  colour: red\n"),
     "metadata.colour", 6, "unknown key"),
    (lambda s: s.replace("  author: Ann Author\n", ""), "metadata.author", 2, "Field required"),
    (lambda s: s.replace("the mayor opened a bridge\n", "the mayor opened a tunnel\n"),
     "facts[0].evidence", 13, "not found verbatim"),
    (lambda s: s.replace("  - {id: q1,", "  - {id: q1, speaker: mayor, text: great day}\n  - {id: q1,"),
     "quotes[1].id", 19, "duplicate id 'q1'"),
    (lambda s: s.replace("entities: [mayor]", "entities: [major]"), "facts[0].entities[0]", 14, "unknown entity id 'major'"),
    (lambda s: s.replace("  tldr: A bridge opened.\n", "  tldr: A bridge opened.\n  tldr: again\n"),
     "summaries", 8, "duplicate key 'tldr'"),
    (lambda s: s.replace("short: [A bridge opened.]", "short: [A bridge opened."), "", None, "YAML syntax error"),
])
def test_bad_content_names_file_path_and_line(tmp_path: Path, edit, path: str, line: int | None, problem: str) -> None:
    """Each kind of bad content stops the load with one message naming the file, YAML path and line."""
    file = write(tmp_path, edit(GOOD))
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    message = str(info.value)
    assert message.startswith(str(file))
    assert problem in message
    assert f": {path} " in message or not path
    if line is not None:
        assert f"(line {line})" in message
    else:
        assert "(line " in message


def test_folder_name_must_match_id(tmp_path: Path) -> None:
    """A briefing whose id differs from its folder is refused, so ids stay unique across folders."""
    write(tmp_path, GOOD, folder="other")
    with pytest.raises(ContentError, match="must match the folder name 'other'"):
        load_content(tmp_path)


def test_empty_content_folder_is_an_error(tmp_path: Path) -> None:
    """A content folder with no briefing says what it expected."""
    with pytest.raises(ContentError, match="no briefings found"):
        load_content(tmp_path)


def test_second_fixture_is_a_copy_not_a_link(two_briefings: Path) -> None:
    """The two-briefing fixture is a private copy, so tests may edit it freely."""
    target = two_briefings / MAIN_ID / "article.txt"
    assert not target.is_symlink()
    shutil.rmtree(two_briefings / SECOND_ID)
    assert (CONTENT / MAIN_ID / "article.txt").exists()
