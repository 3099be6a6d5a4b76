"""The content loader: valid briefings load side by side; bad content stops with file, path and line."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bot.core import yamlfile
from bot.core.loader import ContentError, load_content
from bot.core.settings import ContentLimits
from bot.core.text import fold
from tests.conftest import CONTENT, MAIN_ID, SECOND_ID


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each YAML test runs on libyaml's parser (used when PyYAML has it) and on PyYAML's own (the fallback)."""
    if request.param == "libyaml":
        assert yamlfile.FAST is not None, "PyYAML without libyaml: the fast parser is not tested"
    else:
        monkeypatch.setattr(yamlfile, "FAST", None)
    return str(request.param)


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
    assert spans != [] and [s for s in spans if fold(s) not in text] == []


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
     "facts[0].evidence", 13, "not found verbatim in article.txt: 'On March 2, the mayor opened a tunnel'"),
    (lambda s: s.replace("  - {id: q1,", "  - {id: q1, speaker: mayor, text: great day}\n  - {id: q1,"),
     "quotes[1].id", 19, "duplicate id 'q1'"),
    (lambda s: s.replace("entities: [mayor]", "entities: [major]"),
     "facts[0].entities[0]", 14, "unknown entity id 'major'"),
    (lambda s: s.replace("  tldr: A bridge opened.\n", "  tldr: A bridge opened.\n  tldr: again\n"),
     "summaries", 8, "duplicate key 'tldr'"),
    (lambda s: s.replace("short: [A bridge opened.]", "short: [A bridge opened."),
     "", 9, "YAML syntax error: expected ',' or ']', but got ':'"),
])
@pytest.mark.usefixtures("parser")
def test_bad_content_names_file_path_and_line(tmp_path: Path, edit, path: str, line: int, problem: str) -> None:
    """Each kind of bad content stops the load with one message naming the file, YAML path and line."""
    file = write(tmp_path, edit(GOOD))
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    where = f"{file}: {path}" if path else str(file)
    assert str(info.value) == f"{where} (line {line}): {problem}"


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


# --- malformed and hostile files: one located ContentError each, never a crash, a hang or a huge read ---------

def alias_bomb(levels: int = 8, width: int = 9) -> str:
    """`levels` anchors, each a list of `width` aliases of the one before: width**levels values once expanded."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def load_error(root: Path, limits: ContentLimits | None = None) -> str:
    with pytest.raises(ContentError) as info:
        load_content(root, limits)
    return str(info.value)


PLAIN_ONLY = ": only plain YAML values are read"
QUOTE_IT = "; quote it if it is text"


@pytest.mark.parametrize(("edit", "line", "problem"), [
    (lambda s: s.replace("author: Ann Author", "author: !!python/object/apply:os.system [id]"), 4,
     "unknown tag '!!python/object/apply:os.system'" + PLAIN_ONLY),
    (lambda s: s.replace("author: Ann Author", "author: !vault secret"), 4, "unknown tag '!vault'" + PLAIN_ONLY),
    (lambda s: s.replace("  author: Ann Author\n", "  ? [a, b]\n  : Ann Author\n"), 4,
     "a key must be a plain value, not a list or mapping"),
    (lambda s: s.replace("reading_time_minutes: 1", "reading_time_minutes: !!int abc"), 5,
     "cannot read 'abc' as !!int" + QUOTE_IT),
    (lambda s: s.replace("author: Ann Author", "author: !!timestamp 2024-99-99"), 4,
     "cannot read '2024-99-99' as !!timestamp" + QUOTE_IT),
    (lambda s: s.replace("author: Ann Author", "author: 2024-99-99"), 4,
     "cannot read '2024-99-99' as !!timestamp" + QUOTE_IT),
    (lambda s: s.replace("author: Ann Author", "author: Ann\x00Author"), 4, "character U+0000 is not allowed in YAML"),
    (lambda s: s + "deep: " + "[" * 5000 + "]" * 5000 + "\n", 19, "nested more than 64 levels deep"),
    (lambda s: s + "deep:\n" + "- " * 5000 + "x\n", 20, "nested more than 64 levels deep"),
    (lambda s: s + alias_bomb(), 23, "aliases repeat more than 10,000 values; write the values out"),
    (lambda s: s + "loop: &me [*me]\n", 19, "alias *me is inside the value it names"),
    (lambda s: s + "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 40 + "*a" + "]" * 40 + "\n", 20,
     "nested more than 64 levels deep (through alias *a)"),
])
@pytest.mark.usefixtures("parser")
def test_hostile_yaml_is_one_located_error(tmp_path: Path, edit, line: int, problem: str) -> None:
    """Unknown tags (!!python/... included), list keys, values their tag cannot read, control characters, deep
    nesting, alias bombs and self-including aliases each stop the load with the file, the line and the problem."""
    file = write(tmp_path, edit(GOOD))
    message = load_error(tmp_path)
    # the file, then the YAML path where the parser knows it (`: metadata` for the list key), the line, the problem
    assert re.fullmatch(rf"{re.escape(str(file))}(: metadata)? \(line {line}\): {re.escape(problem)}", message)


def test_non_utf8_bytes_name_the_file_line_and_offset(tmp_path: Path) -> None:
    """A byte that is not UTF-8, in briefing.yaml or in article.txt, is reported with its line and byte offset."""
    file = write(tmp_path, GOOD)
    file.write_bytes(GOOD.encode().replace(b"Ann Author", b"Ann \xe9Author"))
    offset = GOOD.index("Author")
    assert load_error(tmp_path) == f"{file} (line 4): not UTF-8: byte 0xe9 at offset {offset}; save it as UTF-8"
    file.write_text(GOOD, encoding="utf-8")
    article = tmp_path / "demo" / "article.txt"
    article.write_bytes(b"Demo\nOn March 2,\xff the mayor\n")
    assert load_error(tmp_path) == f"{article} (line 2): not UTF-8: byte 0xff at offset 16; save it as UTF-8"


def test_size_limits_refuse_big_files_before_reading_them(tmp_path: Path) -> None:
    """A 100 MB article (sparse: nothing is written) is refused by its size, naming the setting that allows more;
    a briefing over its own limit likewise; raised limits load the same files."""
    write(tmp_path, GOOD)
    article = tmp_path / "demo" / "article.txt"
    with article.open("r+b") as f:
        f.truncate(100_000_000)
    assert load_error(tmp_path) == (f"{article}: the article text is 100,000,000 bytes, over the limit of 2,000,000 "
                                    "bytes (set content_limits.max_article_bytes to allow more)")
    article.write_text(ARTICLE, encoding="utf-8")
    size = len(GOOD.encode())
    assert load_error(tmp_path, ContentLimits(max_briefing_bytes=size - 1)) == (
        f"{tmp_path / 'demo' / 'briefing.yaml'}: the briefing is {size} bytes, over the limit of {size - 1} bytes "
        "(set content_limits.max_briefing_bytes to allow more)")
    raised = ContentLimits(max_briefing_bytes=size, max_article_bytes=len(ARTICLE.encode()))
    assert [lb.briefing.id for lb in load_content(tmp_path, raised)] == ["demo"]


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc (a regular file of size 0)")
def test_reading_stops_at_the_limit_whatever_the_size_says(tmp_path: Path) -> None:
    """A file whose size says 0 but that reads on (/proc) is read only up to the limit, then refused."""
    write(tmp_path, GOOD)
    article = tmp_path / "demo" / "article.txt"
    article.unlink()
    article.symlink_to("/proc/self/status")
    message = load_error(tmp_path, ContentLimits(max_article_bytes=50, follow_symlinks=True))
    assert message == (f"{article}: the article text is over the limit of 50 bytes "
                       "(set content_limits.max_article_bytes to allow more)")


def test_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    """A FIFO as article.txt is refused (nothing blocks on it: no writer is ever attached), and so is /dev/zero
    even where links may leave the content folder, and a folder named briefing.yaml."""
    write(tmp_path, GOOD)
    article = tmp_path / "demo" / "article.txt"
    article.unlink()
    os.mkfifo(article)
    not_regular = "not a regular file (a folder, FIFO or device)"
    assert load_error(tmp_path) == f"{article}: cannot read the article text: {not_regular}"
    article.unlink()
    article.symlink_to("/dev/zero")
    assert load_error(tmp_path, ContentLimits(follow_symlinks=True)) == (
        f"{article}: cannot read the article text: {not_regular}")
    shutil.rmtree(tmp_path / "demo")
    (tmp_path / "demo" / "briefing.yaml").mkdir(parents=True)
    assert load_error(tmp_path) == f"{tmp_path / 'demo' / 'briefing.yaml'}: cannot read the briefing: {not_regular}"


def test_links_out_of_the_content_folder_are_refused_unless_allowed(tmp_path: Path) -> None:
    """article.txt linked to a file elsewhere, or a briefing folder linked from elsewhere, is refused with the
    setting that allows it; links inside the content folder, and a content folder that is itself a link, load."""
    root = tmp_path / "content"
    write(root, GOOD)
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE + "password: hunter2\n", encoding="utf-8")
    article = root / "demo" / "article.txt"
    article.unlink()
    article.symlink_to(secret)
    refused = f"{article}: links outside the content folder; set content_limits.follow_symlinks: true to allow it"
    assert load_error(root) == refused
    assert load_content(root, ContentLimits(follow_symlinks=True))[0].article == ARTICLE + "password: hunter2\n"

    article.unlink()
    shutil.copy(secret, root / "shared.txt")
    article.symlink_to("../shared.txt")
    assert load_content(root)[0].briefing.id == "demo"
    link = tmp_path / "link"
    link.symlink_to(root)
    assert load_content(link)[0].briefing.id == "demo"

    article.unlink()
    article.write_text(ARTICLE, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "demo").rename(elsewhere / "demo")
    (root / "demo").symlink_to(elsewhere / "demo")
    assert load_error(root) == (f"{root / 'demo' / 'briefing.yaml'}: links outside the content folder; "
                                "set content_limits.follow_symlinks: true to allow it")
