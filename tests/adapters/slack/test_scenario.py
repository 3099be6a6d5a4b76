"""A whole Slack conversation on the loopback fake, on a made-up briefing: a mention answered in a thread, a
follow-up with a pronoun answered from the thread's context (kept in SQLite across a restart), a button click,
and a private answer shared in the channel."""
from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack.app import SlackService
from bot.core.commands import build_registry
from bot.core.library import Library
from bot.digests.conversations import ConversationStore, ThreadKey
from bot.digests.storage import make_engine
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack, buttons, click_payload, event_body
from tests.core.test_conversation import ARTICLE, BRIEFING

THREAD = "1700000100.000100"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    folder = tmp_path / "content" / "calloway-dredging"
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "briefing.yaml").write_text(BRIEFING, encoding="utf-8")
    return Library(tmp_path / "content")


@pytest.fixture
def conversations(tmp_path: Path) -> ConversationStore:
    store = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'bot.db'}"))
    store.migrate()
    return store


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def started(fake: FakeSlack, library: Library, conversations: ConversationStore,
                  session: aiohttp.ClientSession) -> HttpBot:
    service = SlackService(slack_config(fake, "http"), library, build_registry(), conversations=conversations)
    await service.start()
    return HttpBot(service, fake, session)


def title(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["text"]["text"])


async def test_a_conversation_mention_follow_up_after_a_restart_click_and_share(
        fake: FakeSlack, library: Library, conversations: ConversationStore,
        session: aiohttp.ClientSession) -> None:
    """Mention -> answer in its thread; restart; 'she' in a follow-up in that thread is the person of the first
    answer; Show passage under it answers the clicker; a private /ask shared lands in the channel by name."""
    bot = await started(fake, library, conversations, session)
    try:
        await bot.event(event_body("<@UBOT> Who is Mara Velden?", ts=THREAD, event_id="Ev-1"))
        await fake.wait_for(lambda: len(fake.posts) == 1)
    finally:
        await bot.service.stop()
    first = fake.posts[0]
    assert first["thread_ts"] == THREAD and title(first) == "*Q: Who is Mara Velden?*"
    remembered = conversations.get(ThreadKey("slack", "T1", "C1", THREAD))
    assert remembered is not None and remembered.entities[0].name == "Mara Velden"

    bot = await started(fake, library, conversations, session)  # a new process, the same database
    try:
        await bot.event(event_body("<@UBOT> When did she visit Calloway?", ts="1700000200.000200",
                                   thread_ts=THREAD, event_id="Ev-2"))
        await fake.wait_for(lambda: len(fake.posts) == 2)
        follow_up = fake.posts[1]
        assert follow_up["thread_ts"] == THREAD
        assert title(follow_up) == "*Q: When did Mara Velden visit Calloway?*"
        assert "visited Calloway on 4 April 2024" in str(follow_up["blocks"])

        hook = fake.response_url()
        shown = buttons(follow_up)
        assert "Share in channel" not in shown  # a public answer has nothing to share
        await bot.interact(click_payload(shown["Show passage"], hook, ephemeral=False,
                                         message_ts=fake.messages[1]["ts"], thread_ts=THREAD))
        await fake.wait_for(lambda: bool(fake.hooks_for(hook)))
        [passage] = fake.hooks_for(hook)
        assert passage["response_type"] == "ephemeral" and title(passage).startswith("*Passage: paragraph ")

        [private] = await bot.answer(await bot.send("/ask", "How many ships did the authority handle in 2024?"))
        share = fake.response_url()
        await bot.interact(click_payload(buttons(private)["Share in channel"], share, user="U5"))
        await fake.wait_for(lambda: len(fake.posts) == 3 and bool(fake.hooks_for(share)))
    finally:
        await bot.service.stop()
    shared = fake.posts[2]
    assert "thread_ts" not in shared and title(shared) == title(private)
    assert shared["blocks"][1]["elements"][0]["text"] == "Shared by person-u5"
    assert fake.hooks_for(share)[0]["delete_original"] is True
