"""The real discord.py client on the wire against a local fake Discord (REST + gateway), through config URLs."""
from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.adapters.discord.client import SETTLED
from bot.adapters.discord.render import FAILED, render
from bot.adapters.discord.service import nonce
from bot.core.context import Context
from bot.core.delivery import ChannelGone, TransientDeliveryError
from bot.core.library import Library
from bot.core.registry import Command, Option, Registry
from bot.core.reply import Block, Citation, Reply, error_reply
from tests.adapters.discord.conftest import named
from tests.adapters.discord.fake_discord import APP_ID, CHANNEL_ID, CREATE_PUBLIC_THREADS, GUILD_ID

QUESTION = "What is Operation Absolute Resolve?"
EVIL = "[win a prize](https://evil.example) @everyone"
NO_MENTIONS: dict[str, list[str]] = {"parse": []}


async def test_connects_through_the_configured_urls_and_syncs_globally(connect, fake, test_registry: Registry):
    """With no guilds configured, the bot logs in via api_url, connects to gateway_url and syncs every command
    globally."""
    await connect()
    paths = [(c.method, c.path) for c in fake.calls]
    assert ("GET", "/users/@me") in paths and ("GET", "/oauth2/applications/@me") in paths
    assert [c["name"] for c in fake.commands["global"]] == [c.name for c in test_registry]
    assert GUILD_ID not in fake.commands


async def test_guilds_in_config_get_the_commands_instantly(connect, fake, test_registry: Registry):
    """With guilds configured, the commands are synced to each guild, not globally."""
    await connect(guilds=[int(GUILD_ID)])
    assert [c["name"] for c in fake.commands[GUILD_ID]] == [c.name for c in test_registry]
    assert "global" not in fake.commands


async def test_ask_over_the_gateway_answers_with_the_cited_embed(connect, fake, library: Library,
                                                                 test_registry: Registry):
    """INTERACTION_CREATE for /ask gets a callback with the answer embed, the verbatim citation and no mentions."""
    await connect()
    expected = library.current.engine.ask(QUESTION)
    iid, token = await fake.interact("ask", [{"name": "question", "type": 3, "value": QUESTION}])
    call = await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    assert call.json["type"] == 4
    data = call.json["data"]
    assert data["flags"] == 64 and data["allowed_mentions"] == NO_MENTIONS
    [embed] = data["embeds"]
    assert embed["title"] == f"Q: {QUESTION}" and embed["description"] == expected.text
    assert [(f["name"], f["value"]) for f in embed["fields"]] == [
        ("Citation", f"> \u201c{expected.citations[0].quote}\u201d")]
    reply = test_registry.dispatch(Context(library=library), "ask", QUESTION)
    assert data["embeds"] == [e.to_dict() for e in render(reply)[0].embeds]


async def test_slow_work_is_deferred_within_the_deadline_then_edited(connect, fake, test_registry: Registry):
    """Work that outlasts defer_after is deferred (type 5, thinking) and the answer then edits @original."""
    test_registry.add(slow(Reply(title="done")))
    service = await connect()
    service.client.defer_after = 0.05
    iid, token = await fake.interact("slow")
    assert (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json == {
        "type": 5, "data": {"flags": 64}}
    edit = await fake.wait_for("PATCH", f"/webhooks/{fake.commands['global'][0]['application_id']}/{token}"
                                        "/messages/@original")
    assert edit.json["embeds"][0]["title"] == "done" and edit.json["allowed_mentions"] == NO_MENTIONS


def slow(reply: Reply) -> Command:
    """A command that outlasts defer_after, then answers `reply`; it takes `public` like the briefing commands."""
    def answer(ctx: Context, args: Mapping[str, Any]) -> Reply:
        time.sleep(0.3)
        return reply

    return Command("slow", "Takes a while", answer, (Option("public", "Post publicly", type=bool),))


@pytest.mark.parametrize("public", [True, False])
async def test_a_slow_error_reaches_only_the_user(connect, fake, test_registry: Registry, public: bool):
    """A deferred command that ends in an error, asked public or not: the error, with the user's own text in it,
    reaches only the user; a public "thinking" message is settled with a neutral line, then deleted."""
    error = error_reply(f"Nothing matches {EVIL}.")
    test_registry.add(slow(error))
    service = await connect()
    service.client.defer_after = 0.05
    iid, token = await fake.interact("slow", [{"name": "public", "type": 5, "value": public}])
    defer = await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    assert defer.json["type"] == 5 and (defer.json.get("data") or {}).get("flags", 0) == (0 if public else 64)
    if public:
        await fake.wait_for("DELETE", f"/webhooks/{APP_ID}/{token}/messages/@original")
    else:
        await fake.wait_for("PATCH", f"/webhooks/{APP_ID}/{token}/messages/@original")
    [shown] = fake.shown(token)
    assert shown == {"content": error.plain_text(), "embeds": [], "ephemeral": True}
    edits = [c.json["content"] for c in fake.calls if c.method == "PATCH" and token in c.path]
    assert edits == ([SETTLED] if public else [shown["content"]])


async def test_a_failure_after_a_public_deferral_is_told_privately(connect, fake, test_registry: Registry, caplog):
    """Discord refusing the public answer (400 on the edit) ends as a private apology; nothing stays public."""
    test_registry.add(slow(Reply(title="A public answer", ephemeral=False)))
    service = await connect()
    service.client.defer_after = 0.05
    fake.fail("PATCH", "/messages/@original", 400, {"message": "Invalid Form Body", "code": 50035})
    _, token = await fake.interact("slow", [{"name": "public", "type": 5, "value": True}])
    await fake.wait_for("DELETE", f"/webhooks/{APP_ID}/{token}/messages/@original")
    assert fake.shown(token) == [{"content": FAILED, "embeds": [], "ephemeral": True}]


async def test_a_slow_public_answer_stays_public(connect, fake, test_registry: Registry):
    """Withdrawing is only for private outcomes: a public answer fills the public "thinking" message."""
    test_registry.add(slow(Reply(title="A public answer", ephemeral=False)))
    service = await connect()
    service.client.defer_after = 0.05
    _, token = await fake.interact("slow", [{"name": "public", "type": 5, "value": True}])
    await fake.wait_for("PATCH", f"/webhooks/{APP_ID}/{token}/messages/@original")
    [shown] = fake.shown(token)
    assert shown["ephemeral"] is False and shown["embeds"][0]["title"] == "A public answer"
    assert [c for c in fake.calls if c.method == "DELETE"] == []


async def test_a_rate_limited_follow_up_is_retried_and_arrives_once(connect, fake, test_registry: Registry,
                                                                   library: Library):
    """A 429 (JSON retry_after, Via and rate-limit headers) on a follow-up is slept off; each follow-up arrives once."""
    await connect()
    parts = len(render(test_registry.run(Context(library=library), named(test_registry, "big"), {})))
    fake.rate_limit("POST", "/webhooks/")
    await fake.interact("big")
    calls = await fake.wait_count("POST", "/webhooks/", parts)  # parts - 1 follow-ups, plus the 429
    assert [c.status for c in calls] == [429] + [200] * (parts - 1)
    assert calls[0].json == calls[1].json and len({str(c.json) for c in calls}) == parts - 1
    assert all(c.json["allowed_mentions"] == NO_MENTIONS for c in calls)


async def test_guild_only_command_in_a_dm_is_refused_clearly(connect, fake):
    """A guild-only command arriving from a DM is answered with the registry's clear refusal."""
    await connect()
    iid, token = await fake.interact("serveronly", dm=True)
    call = await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    assert call.json["data"]["content"] == "This command works in a channel, not in direct messages."


@pytest.mark.parametrize(("permissions", "admin"), [(0, False), (1 << 4, True), (1 << 5, True)])
async def test_admin_comes_from_the_interaction_permissions(connect, fake, permissions: int, admin: bool):
    """Manage Channels (1<<4) or Manage Server (1<<5) in the interaction's member permissions make an admin."""
    await connect()
    iid, token = await fake.interact("whoami", permissions=permissions)
    call = await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    assert call.json["data"]["embeds"][0]["title"] == f"admin={admin} dm=False platform=discord"


def digest(quote: str = "a verbatim line") -> Reply:
    return Reply(title="Your digest", blocks=(Block("Summary @everyone", citation=Citation(quote, "b", "T")),),
                 footer="Article \u2014 Author", ephemeral=False)


async def test_post_sends_once_with_nonce_and_no_mentions_despite_a_429(connect, fake):
    """Poster.post: a 429 is retried by discord.py and the message is created once, with nonce + enforce_nonce."""
    service = await connect()
    fake.rate_limit("POST", f"/channels/{CHANNEL_ID}/messages")
    await service.post(CHANNEL_ID, digest(), "sub1:2026-01-05T08:00")
    posts = [c for c in fake.calls if c.path == f"/channels/{CHANNEL_ID}/messages"]
    assert [c.status for c in posts] == [429, 200] and len(fake.messages) == 1
    body = posts[1].json
    assert body["nonce"] == "sub1:2026-01-05T08:00" and body["enforce_nonce"] is True
    assert body["allowed_mentions"] == NO_MENTIONS and body["embeds"][0]["fields"][0]["name"] == "Citation"


@pytest.mark.parametrize(("status", "code", "error"), [
    (404, 10003, ChannelGone), (403, 50001, ChannelGone), (503, 0, TransientDeliveryError)])
async def test_post_maps_failures_to_delivery_errors(connect, fake, status: int, code: int, error: type):
    """Unknown channel / missing access mean the channel is gone; a 5xx is worth retrying later."""
    service = await connect()
    fake.fail("POST", "/channels/", status, {"message": "no", "code": code})
    with pytest.raises(error):
        await service.post(CHANNEL_ID, digest(), "k1")


async def test_post_timeout_is_transient(connect, fake):
    """A Discord that does not answer within post_timeout is a transient failure, not a hang."""
    service = await connect()
    service.post_timeout = 0.1
    fake.delay = 1.0
    with pytest.raises(TransientDeliveryError):
        await service.post(CHANNEL_ID, digest(), "k2")


def big_digest() -> Reply:
    cite = Citation("q" * 400, "b", "T")
    return Reply(title="Big digest", blocks=tuple(Block(f"point {i} " + "x" * 200, citation=cite) for i in range(40)),
                 ephemeral=False)


async def test_a_resumed_delivery_posts_only_the_parts_not_yet_in_the_channel(connect, fake):
    """A split digest cut short after its first part, then 120 chat messages, resumed with `since`: the paged
    GET messages?after= shows that part's nonce, only the others are sent (no create is attempted twice)."""
    service = await connect()
    parts = len(render(big_digest()))
    await service.post(CHANNEL_ID, big_digest(), "k-big")
    del fake.messages[1:]  # the first attempt died after one part
    fake.messages += [fake._message({"content": "chat"}, channel_id=CHANNEL_ID) for _ in range(120)]
    await service.post(CHANNEL_ID, big_digest(), "k-big", since=datetime.now(UTC) - timedelta(minutes=5))
    nonces = [m["nonce"] for m in fake.messages if m["nonce"]]
    assert parts > 1 and nonces == [nonce("k-big", part) for part in range(parts)] and fake.nonce_hits == 0
    checks = [c for c in fake.calls if c.method == "GET" and c.path == f"/channels/{CHANNEL_ID}/messages"]
    assert [c.query["limit"] for c in checks] == ["100", "100"]
    assert int(checks[1].query["after"]) > int(checks[0].query["after"])  # paged on from the newest seen


async def test_a_failing_check_is_transient_and_sends_nothing(connect, fake):
    """GET messages answering 503: TransientDeliveryError (retry later), never a blind post."""
    service = await connect()
    fake.fail("GET", f"/channels/{CHANNEL_ID}/messages", 503, {"message": "unavailable", "code": 0})
    with pytest.raises(TransientDeliveryError):
        await service.post(CHANNEL_ID, digest(), "k3", since=datetime.now(UTC) - timedelta(minutes=5))
    assert [c for c in fake.calls if c.method == "POST" and c.path.startswith("/channels/")] == []


THREADED = Reply(title="Digest #2: the article", blocks=(Block("The TL;DR."),), ephemeral=False,
                 thread=tuple(Reply(title="", blocks=(Block(f"Key fact {i}"),), ephemeral=False) for i in range(4)))
A_WHILE_AGO = datetime.now(UTC) - timedelta(minutes=5)
# View Channel, Send Messages, Create Public Threads, Send Messages in Threads
POST_AND_THREAD = (1 << 10) | (1 << 11) | CREATE_PUBLIC_THREADS | (1 << 38)


def parts(fake, key: str) -> list[tuple[int, str]]:
    """The delivery's messages the fake holds, in order: (part, where: "channel", "thread" or "reply")."""
    out = []
    for m in fake.messages:
        part = next((p for p in range(10) if nonce(key, p) == m["nonce"]), None)
        if part is not None:
            reply = "reply" if m.get("message_reference") else "channel"
            out.append((part, "thread" if m["channel_id"] in fake.threads else reply))
    return out


async def test_a_threaded_digest_is_one_post_with_its_facts_in_a_thread_started_from_it(connect, fake):
    """The top message in the channel, a public thread started from it (named after the digest), then each thread
    reply in that thread, nonces numbered on through the thread."""
    fake.guild_permissions = POST_AND_THREAD
    service = await connect()
    await service.post(CHANNEL_ID, THREADED, "k-thread")
    top = fake.messages[0]
    assert parts(fake, "k-thread") == [(0, "channel")] + [(p, "thread") for p in range(1, 5)]
    [created] = [c for c in fake.calls if c.method == "POST" and c.path.endswith("/threads")]
    assert created.path == f"/channels/{CHANNEL_ID}/messages/{top['id']}/threads"
    assert created.json["name"] == "Digest #2: the article" and fake.threads[top["id"]]["parent_id"] == CHANNEL_ID
    assert [m["embeds"][0]["description"] for m in fake.in_channel(top["id"])] == [f"Key fact {i}" for i in range(4)]


async def test_a_resumed_threaded_digest_posts_only_the_replies_missing_from_its_thread(connect, fake):
    """Cut short after the top and two replies, resumed with `since`: the channel's history finds the top, the
    thread's history the two replies; only the other two are sent, in that thread, no thread started again."""
    fake.guild_permissions = POST_AND_THREAD
    service = await connect()
    await service.post(CHANNEL_ID, THREADED, "k-thread")
    del fake.messages[3:]  # the first attempt died after the top and two replies
    thread = fake.messages[0]["id"]
    await service.post(CHANNEL_ID, THREADED, "k-thread", since=A_WHILE_AGO)
    assert parts(fake, "k-thread") == [(0, "channel")] + [(p, "thread") for p in range(1, 5)]
    assert fake.nonce_hits == 0 and len([c for c in fake.calls if c.path.endswith("/threads")]) == 1
    assert [c.path for c in fake.calls if c.method == "GET" and "/messages" in c.path][-1] == (
        f"/channels/{thread}/messages")
    await service.post(CHANNEL_ID, THREADED, "k-thread", since=A_WHILE_AGO)  # complete: nothing more
    assert len(fake.messages) == 5 and fake.nonce_hits == 0


async def test_a_resumed_digest_whose_thread_was_never_started_starts_it(connect, fake):
    """The top posted, then the crash before its thread: the thread's history is Unknown Channel (404), which is
    no thread yet, not a channel gone; the thread is started and every reply sent in it."""
    fake.guild_permissions = POST_AND_THREAD
    service = await connect()
    await service.post(CHANNEL_ID, Reply(title="Digest #2: the article", blocks=(Block("The TL;DR."),),
                                         ephemeral=False), "k-thread")
    await service.post(CHANNEL_ID, THREADED, "k-thread", since=A_WHILE_AGO)
    top = fake.messages[0]["id"]
    assert [c.status for c in fake.calls if c.method == "GET" and c.path == f"/channels/{top}/messages"] == [404]
    assert parts(fake, "k-thread") == [(0, "channel")] + [(p, "thread") for p in range(1, 5)]


async def test_a_thread_discord_refuses_gets_the_replies_answering_the_digest_in_the_channel(connect, fake):
    """Without Create Public Threads (403 on the thread): each thread reply is sent in the channel as a reply to
    the top message; a resumed delivery finds them there and sends nothing twice."""
    fake.guild_permissions = POST_AND_THREAD & ~CREATE_PUBLIC_THREADS
    service = await connect()
    await service.post(CHANNEL_ID, THREADED, "k-thread")
    top = fake.messages[0]["id"]
    assert parts(fake, "k-thread") == [(0, "channel")] + [(p, "reply") for p in range(1, 5)]
    assert {str(m["message_reference"]["message_id"]) for m in fake.messages[1:]} == {top} and fake.threads == {}
    del fake.messages[2:]
    await service.post(CHANNEL_ID, THREADED, "k-thread", since=A_WHILE_AGO)
    assert parts(fake, "k-thread") == [(0, "channel")] + [(p, "reply") for p in range(1, 5)]
    assert fake.nonce_hits == 0


async def test_a_thread_that_cannot_be_read_is_transient_and_sends_nothing(connect, fake):
    """The top is there but its thread's history answers 503: TransientDeliveryError, no reply sent blindly."""
    fake.guild_permissions = POST_AND_THREAD
    service = await connect()
    await service.post(CHANNEL_ID, THREADED, "k-thread")
    del fake.messages[1:]
    top = fake.messages[0]["id"]
    sent = len([c for c in fake.calls if c.method == "POST"])
    fake.fail("GET", f"/channels/{top}/messages", 503, {"message": "unavailable", "code": 0})
    with pytest.raises(TransientDeliveryError):
        await service.post(CHANNEL_ID, THREADED, "k-thread", since=A_WHILE_AGO)
    assert len([c for c in fake.calls if c.method == "POST"]) == sent and len(fake.messages) == 1
