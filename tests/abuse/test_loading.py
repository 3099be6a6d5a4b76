"""Findings 3, 4 and 5 replayed: malformed, hostile, huge, special and out-of-folder files, through `briefbot check`
(a real process) and through an admin's /briefbot reload on the Discord fake. Each is one message naming the file,
and the line where there is one: exit 2 for check, the live version kept for reload; never a traceback or a hang."""
from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.adapters.discord.service import DiscordService, use_endpoints
from bot.config import DiscordConfig
from bot.core.commands import build_registry
from bot.core.library import Library
from bot.ops.reload import reload_command
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord
from tests.core.test_loader import ARTICLE, GOOD
from tests.test_cli import briefbot
from tests.test_config import alias_bomb

MANAGE_CHANNELS = 1 << 4
SECRET = "password: hunter2"


def edit_briefing(old: str, new: str) -> Callable[[Path], Path]:
    """Replace `old` by `new` in the demo briefing; a surrogate in `new` (\udce9) is written as that raw byte."""
    def apply(folder: Path) -> Path:
        file = folder / "briefing.yaml"
        file.write_bytes(GOOD.replace(old, new).encode("utf-8", "surrogateescape"))
        return file
    return apply


def append_to_briefing(text: str) -> Callable[[Path], Path]:
    def apply(folder: Path) -> Path:
        file = folder / "briefing.yaml"
        file.write_text(GOOD + text, encoding="utf-8")
        return file
    return apply


def article_bytes(folder: Path) -> Path:
    file = folder / "article.txt"
    file.write_bytes(ARTICLE.encode() + b"caf\xe9\n")
    return file


def huge_article(folder: Path) -> Path:
    file = folder / "article.txt"
    with file.open("r+b") as f:
        f.truncate(100_000_000)  # sparse: 100 MB by its size, nothing written
    return file


def fifo_article(folder: Path) -> Path:
    file = folder / "article.txt"
    file.unlink()
    os.mkfifo(file)  # no writer ever opens it: reading it would block for good
    return file


def zero_article(folder: Path) -> Path:
    file = folder / "article.txt"
    file.unlink()
    file.symlink_to("/dev/zero")
    return file


def article_outside(folder: Path) -> Path:
    secret = folder.parent.parent / "secret.txt"
    secret.write_text(ARTICLE + SECRET + "\n", encoding="utf-8")
    file = folder / "article.txt"
    file.unlink()
    file.symlink_to(secret)
    return file


# (how to break the demo briefing, the line reported or None, what the message says)
CONTENT_CASES = {
    "briefing-not-utf8": (edit_briefing("Ann Author", "Ann \udce9Author"), 4, "not UTF-8: byte 0xe9"),
    "article-not-utf8": (article_bytes, 4, "not UTF-8: byte 0xe9"),
    "python-tag": (edit_briefing("author: Ann Author", "author: !!python/object/apply:os.system [id]"), 4,
                   "unknown tag '!!python/object/apply:os.system'"),
    "list-key": (edit_briefing("  author: Ann Author\n", "  ? [a, b]\n  : c\n"), 4, "a key must be a plain value"),
    "int-abc": (edit_briefing("reading_time_minutes: 1", "reading_time_minutes: !!int abc"), 5,
                "cannot read 'abc' as !!int"),
    "impossible-date": (edit_briefing("author: Ann Author", "author: !!timestamp 2024-99-99"), 4,
                        "cannot read '2024-99-99' as !!timestamp"),
    "nested-5000": (append_to_briefing("deep: " + "[" * 5000 + "]" * 5000 + "\n"), 19, "nested more than 64 levels"),
    "alias-bomb": (append_to_briefing(alias_bomb()), 23, "aliases repeat more than 10,000 values"),
    "article-100mb": (huge_article, None, "100,000,000 bytes, over the limit of 2,000,000 bytes"),
    "article-fifo": (fifo_article, None, "not a regular file"),
    "article-dev-zero": (zero_article, None, "links outside the content folder"),
    "article-links-out": (article_outside, None,
                          "links outside the content folder; set content_limits.follow_symlinks"),
}

CONFIG_CASES = {
    "not-utf8": (b"log_level: INFO\n# caf\xe9\n", 2, "not UTF-8: byte 0xe9"),
    "python-tag": (b"storage:\n  url: !!python/object/apply:os.system [id]\n", 2, "unknown tag '!!python/object/apply"),
    "list-key": (b"? [a, b]\n: c\n", 1, "a key must be a plain value"),
    "int-abc": (b"http:\n  port: !!int abc\n", 2, "cannot read 'abc' as !!int"),
    "impossible-date": (b"log_level: !!timestamp 2024-99-99\n", 1, "cannot read '2024-99-99' as !!timestamp"),
    "nested-5000": (b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1, "nested more than 64 levels"),
    "alias-bomb-469-bytes": (alias_bomb().encode(), 5, "aliases repeat more than 10,000 values"),
    "2mb": (b"# padding\n" * 200_000, None, "the config file is 2,000,000 bytes, over the limit of 1,000,000 bytes"),
    "fifo": (None, None, "cannot read the config file: not a regular file"),
}


def demo_content(tmp_path: Path) -> Path:
    """tmp_path/content/demo: a small valid briefing; returns the briefing folder."""
    folder = tmp_path / "content" / "demo"
    folder.mkdir(parents=True)
    write_good(folder)
    return folder


def write_good(folder: Path) -> None:
    for name, text in (("briefing.yaml", GOOD), ("article.txt", ARTICLE)):
        if (folder / name).is_symlink() or (folder / name).exists():
            (folder / name).unlink()
        (folder / name).write_text(text, encoding="utf-8")


def assert_one_located_line(stderr: str, file: Path, line: int | None, problem: str) -> None:
    assert "Traceback" not in stderr
    [message] = stderr.splitlines()
    assert message.startswith(f"briefbot: {file}") and problem in message
    assert (f"(line {line}): " in message) if line else ("(line " not in message)


@pytest.mark.parametrize("case", CONTENT_CASES)
def test_check_on_bad_content_is_one_located_line_and_exit_2(tmp_path: Path, case: str) -> None:
    """`briefbot check` on each kind of bad content: exit 2, one line naming the file and line, nothing leaked."""
    breaks, line, problem = CONTENT_CASES[case]
    file = breaks(demo_content(tmp_path))
    config = tmp_path / "config.yaml"
    config.write_text("content_dir: content\n", encoding="utf-8")
    out = briefbot("--config", str(config), "check")
    assert out.returncode == 2, out.stderr
    assert_one_located_line(out.stderr, file, line, problem)
    assert out.stdout == "" and SECRET not in out.stderr


def test_the_config_file_sets_the_content_limits(tmp_path: Path) -> None:
    """content_limits in config.yaml reach the loader: a link out loads once follow_symlinks allows it, and a
    lower article limit refuses an article the default would take."""
    folder = demo_content(tmp_path)
    article_outside(folder)
    config = tmp_path / "config.yaml"
    config.write_text("content_dir: content\ncontent_limits:\n  follow_symlinks: true\n", encoding="utf-8")
    allowed = briefbot("--config", str(config), "check")
    assert allowed.returncode == 0 and "ok  demo" in allowed.stdout, allowed.stderr
    config.write_text("content_dir: content\ncontent_limits:\n  follow_symlinks: true\n  max_article_bytes: 10\n",
                      encoding="utf-8")
    small = briefbot("--config", str(config), "check")
    assert small.returncode == 2 and "over the limit of 10 bytes" in small.stderr, small.stderr


@pytest.mark.parametrize("case", CONFIG_CASES)
def test_check_on_a_bad_config_is_one_located_line_and_exit_2(tmp_path: Path, case: str) -> None:
    """`briefbot --config bad.yaml check` for each kind of bad config file: exit 2, one located line."""
    data, line, problem = CONFIG_CASES[case]
    config = tmp_path / "config.yaml"
    if data is None:
        os.mkfifo(config)  # nobody writes: reading it would block for good
    else:
        config.write_bytes(data)
    out = briefbot("--config", str(config), "check")
    assert out.returncode == 2, out.stderr
    assert_one_located_line(out.stderr, config, line, problem)


@pytest.fixture
async def discord_on(tmp_path: Path) -> AsyncIterator[tuple[FakeDiscord, Library, Path]]:
    """The real Discord service on the fake, serving /briefbot reload over a library of the demo content."""
    folder = demo_content(tmp_path)
    library = Library(folder.parent)
    fake = await FakeDiscord().start()
    config = DiscordConfig(enabled=True, token=SecretStr("fake-token"), api_url=fake.api_url,
                           gateway_url=fake.gateway_url)
    service = DiscordService(config, library, build_registry(reload_command()))
    await service.start()
    try:
        await asyncio.wait_for(fake.identified.wait(), 10)
        while not service.ready():
            await asyncio.sleep(0.01)
        service.client.defer_after = 0  # always "thinking" first, then the answer edits it: one path to wait on
        yield fake, library, folder
    finally:
        await service.stop()
        await fake.stop()
        use_endpoints(DiscordConfig().api_url, DiscordConfig().gateway_url)


async def test_admin_reload_of_bad_content_gets_the_located_message(
        discord_on: tuple[FakeDiscord, Library, Path]) -> None:
    """An admin's /briefbot reload on each kind of bad content is told, privately, the file, the line and the
    problem, and that the live version stays; never "Sorry, something went wrong". Good content then reloads."""
    fake, library, folder = discord_on
    for case, (breaks, line, problem) in CONTENT_CASES.items():
        file = breaks(folder)
        _, token = await fake.interact("briefbot", [{"name": "reload", "type": 1, "options": []}],
                                       permissions=MANAGE_CHANNELS)
        await fake.wait_for("PATCH", f"/webhooks/{APP_ID}/{token}/messages/@original", timeout=30)
        [shown] = fake.shown(token)
        text = str(shown)
        assert shown["ephemeral"] is True, case
        assert "version 1 stays live" in text and str(file) in text and problem in text, (case, text)
        assert ((f"(line {line})" in text) if line else ("(line " not in text)), (case, text)
        assert "Sorry, something went wrong" not in text and SECRET not in text, case
        assert library.current.version == 1
        write_good(folder)
    _, token = await fake.interact("briefbot", [{"name": "reload", "type": 1, "options": []}],
                                   permissions=MANAGE_CHANNELS)
    await fake.wait_for("PATCH", f"/webhooks/{APP_ID}/{token}/messages/@original", timeout=30)
    assert "Content reloaded: version 2" in str(fake.shown(token)) and library.current.version == 2
