"""The Discord client in process (simcord): every command, defer and follow-ups, visibility, autocomplete, errors."""
from __future__ import annotations

import logging

import discord
import pytest
import simcord

from bot.adapters.discord.client import FORBIDDEN, BriefClient
from bot.adapters.discord.render import FAILED, render
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Option, Registry
from bot.core.reply import Reply
from tests.adapters.discord.conftest import BIG_BLOCKS, named
from tests.conftest import CONTENT

QUESTION = "What is Operation Absolute Resolve?"


@pytest.fixture
def world(simcord_env):
    """A guild with a channel, a plain member, a Manage Channels member and a Manage Server member."""
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("general")
    mods = guild.create_role("mods", permissions=discord.Permissions(manage_channels=True))
    owners = guild.create_role("owners", permissions=discord.Permissions(manage_guild=True))
    member = guild.add_member(simcord_env.create_user("alice"))
    mod = guild.add_member(simcord_env.create_user("bob"), roles=[mods])
    owner = guild.add_member(simcord_env.create_user("carol"), roles=[owners])
    return channel, member, mod, owner


def synced(env) -> dict[str, dict]:
    """The commands the bot registered with (simulated) Discord, by name."""
    puts = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    return {c["name"]: c for c in puts[-1].json}


async def test_every_registry_command_is_synced(simcord_env, test_registry: Registry):
    """Every registry command, including ones added later such as a /digest group, is synced with its options."""
    commands = synced(simcord_env)
    assert set(commands) == {c.name for c in test_registry}
    brief = {o["name"]: o for o in commands["brief"]["options"]}
    assert [c["value"] for c in brief["length"]["choices"]] == ["tldr", "short", "full"]
    assert brief["public"]["type"] == 5 and brief["briefing"]["autocomplete"] is True
    ask = {o["name"]: o for o in commands["ask"]["options"]}
    assert ask["question"]["required"] is True and ask["question"]["type"] == 3
    digest = {o["name"]: o for o in commands["digest"]["options"]}
    assert digest["add"]["type"] == 1 and digest["add"]["options"][0]["name"] == "schedule"


async def test_ask_answers_privately_with_the_citation(world, library: Library):
    """/ask answers at once, ephemeral, in an embed with the answer, the verbatim quote and the article footer."""
    channel, member, _, _ = world
    expected = library.current.engine.ask(QUESTION)
    result = await member.slash(channel, "ask", question=QUESTION)
    assert (result.acknowledged, result.deferred, result.ephemeral) == (True, False, True)
    assert result.response is not None
    [embed] = result.response.embeds
    assert embed.title == f"Q: {QUESTION}"
    assert embed.description == expected.text
    assert [(f.name, f.value) for f in embed.fields] == [("Citation", f"> \u201c{expected.citations[0].quote}\u201d")]
    meta = library.current.store.get(None).briefing.metadata
    assert embed.footer.text == f"{meta.title} \u2014 {meta.author} ({meta.kind})"


async def test_public_option_posts_in_the_channel(world):
    """public:true makes the answer visible to the channel."""
    channel, member, _, _ = world
    result = await member.slash(channel, "ask", question=QUESTION, public=True)
    assert result.response is not None
    assert (result.ephemeral, result.response.ephemeral) == (False, False)


@pytest.mark.parametrize(("name", "options"), [
    ("brief", {"length": "tldr"}), ("brief", {"length": "full"}), ("facts", {}), ("facts", {"topic": "Maduro"}),
    ("who", {"name": "Maduro"}), ("timeline", {}), ("quote", {}), ("source", {}), ("briefings", {}), ("help", {}),
])
async def test_each_command_answers_as_the_registry_does(world, test_registry: Registry, library: Library,
                                                         name, options):
    """Each briefing command answers with the registry's reply rendered as embeds, privately."""
    channel, member, _, _ = world
    expected = test_registry.run(Context(library=library), named(test_registry, name), options)
    result = await member.slash(channel, name, **options)
    assert result.ephemeral is True and expected.error is False and result.response is not None
    assert [e.to_dict() for e in result.response.embeds] == [e.to_dict() for e in render(expected)[0].embeds]


async def test_always_defer_then_the_answer_edits_the_thinking_message(library: Library, test_registry: Registry):
    """With defer_after=0 the bot defers first (private "thinking"), then edits the answer into that response."""
    async with simcord.run(BriefClient(test_registry, library, defer_after=0)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        result = await member.slash(channel, "ask", question=QUESTION)
        calls = [(r.method, r.path.rsplit("/", 1)[-1], r.json) for r in env.http_requests
                 if "/interactions/" in r.path or "/webhooks/" in r.path]
        assert [(m, p) for m, p, _ in calls] == [("POST", "callback"), ("PATCH", "@original")]
        assert calls[0][2] == {"type": 5, "data": {"flags": 64}}
        assert result.ephemeral is True and result.response is not None and result.followups == []
        assert result.response.embeds[0].title == f"Q: {QUESTION}"


async def test_deferred_big_reply_continues_in_follow_ups(library: Library, test_registry: Registry):
    """After a public deferral, a reply too big for one message edits the response and adds public follow-ups."""
    async with simcord.run(BriefClient(test_registry, library, defer_after=0)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        result = await member.slash(channel, "big", public=True)
        messages = [result.response, *result.followups]
        expected = render(test_registry.run(Context(library=library), named(test_registry, "big"), {"public": True}))
        assert len(expected) > 1 and len(messages) == len(expected)
        assert [m.ephemeral for m in messages if m is not None] == [False] * len(expected)
        assert len([m for m in channel.history() if m.author.bot]) == len(expected)


async def test_a_reply_too_big_for_one_message_continues_in_follow_ups(world, test_registry: Registry,
                                                                       library: Library):
    """A reply past Discord's per-message limits arrives as the response plus follow-ups, all private."""
    channel, member, _, _ = world
    result = await member.slash(channel, "big")
    assert result.response is not None
    messages = [result.response, *result.followups]
    expected = render(test_registry.run(Context(library=library), named(test_registry, "big"), {}))
    assert len(expected) > 1 and len(messages) == len(expected)
    assert [m.ephemeral for m in messages] == [True] * len(expected)
    fields = [f for m in messages for e in m.embeds for f in e.fields]
    assert len(fields) == BIG_BLOCKS and all(len(e) <= 6000 for m in messages for e in m.embeds)


async def test_autocomplete_offers_the_registry_suggestions(world, test_registry: Registry, library: Library):
    """Autocomplete for an open option (person) offers what the registry's completer suggests."""
    channel, member, _, _ = world
    option = next(o for o in named(test_registry, "who").options if o.name == "name")
    assert option.complete is not None
    expected = option.complete(Context(library=library), "mad")
    choices = await member.autocomplete(channel, "who", "name", "mad")
    assert expected != [] and [c["value"] for c in choices] == expected


@pytest.mark.parametrize(("question", "says"), [
    ("   ", "/ask needs question."),
    ("x" * 501, "That question is too long (501 characters; the limit is 500)."),
])
async def test_bad_questions_get_a_clear_private_message(world, question, says):
    """An empty or over-long question gets the registry's explanation, privately, not an embed or a trace."""
    channel, member, _, _ = world
    result = await member.slash(channel, "ask", question=question, public=True)
    assert result.ephemeral is True and result.response is not None and result.response.embeds == []
    assert result.response.content == (f"{says}\nUsage:\n/ask [public] <question> [briefing:<briefing>] \u2014 "
                                       "Ask a question; answered from the article with a citation")


async def test_unknown_person_is_answered_with_close_matches(world, test_registry: Registry, library: Library):
    """/who with a misspelt name says so and suggests the close matches the registry found."""
    channel, member, _, _ = world
    expected = test_registry.run(Context(library=library), named(test_registry, "who"), {"name": "Madoro"})
    result = await member.slash(channel, "who", name="Madoro")
    assert expected.error is True and result.response is not None
    assert result.response.content == expected.plain_text()


async def test_mentions_in_echoed_text_are_never_allowed(world, simcord_env):
    """A question containing @everyone is echoed, but every response is sent with mentions disabled."""
    channel, member, _, _ = world
    await member.slash(channel, "ask", question="@everyone what happened?", public=True)
    callbacks = [r for r in simcord_env.http_requests if r.path.endswith("/callback")]
    assert [r.json["data"]["allowed_mentions"] for r in callbacks] == [{"parse": []}]


async def test_admin_is_read_from_the_member_permissions_each_call(world):
    """Manage Channels or Manage Server make a caller an admin; a plain member is refused admin commands."""
    channel, member, mod, owner = world

    async def answer(who, name: str, **options) -> str:
        response = (await who.slash(channel, name, **options)).response
        assert response is not None
        return response.embeds[0].title if response.embeds else response.content

    admin, plain = "admin=True dm=False platform=discord", "admin=False dm=False platform=discord"
    assert await answer(member, "settings") == "Sorry, only channel admins can use this command."
    assert await answer(mod, "settings") == admin
    assert await answer(owner, "whoami") == admin
    assert await answer(member, "whoami") == plain
    assert await answer(mod, "digest add", schedule="daily 08:00") == admin


async def test_commands_work_in_dms_but_guild_only_ones_are_not_offered(simcord_env):
    """In a DM the briefing commands answer; a guild-only command is not offered there (dm_permission false)."""
    user = simcord_env.create_user("dave")
    assert "serveronly" not in user.available_commands() and "ask" in user.available_commands()
    result = await user.slash("whoami")
    assert result.response is not None
    assert result.response.embeds[0].title == "admin=False dm=True platform=discord"
    assert synced(simcord_env)["serveronly"]["dm_permission"] is False


async def test_missing_permissions_get_a_clear_private_message_and_a_log_line(world, simcord_env, caplog):
    """When Discord refuses the bot (403 Missing Permissions) the user is told why, privately, and it is logged."""
    channel, member, _, _ = world
    simcord_env.inject_error("POST", "/interactions/*/*/callback", status=403, code=50013,
                             message="Missing Permissions")
    with caplog.at_level(logging.WARNING, logger="bot.adapters.discord.client"):
        result = await member.slash(channel, "ask", question=QUESTION, public=True)
    assert result.ephemeral is True and result.response is not None and result.response.content == FORBIDDEN
    assert [r.getMessage() for r in caplog.records] == [
        f"missing permissions for /ask in channel {channel.id} (guild {channel.guild.id}): Missing Permissions"]
    assert [type(e) for e in simcord_env.errors] == [discord.app_commands.CommandInvokeError]


async def test_an_unexpected_failure_is_a_polite_message(world, simcord_env, caplog):
    """Any other failure while answering becomes a polite private message and a logged traceback, not silence."""
    channel, member, _, _ = world
    simcord_env.inject_error("POST", "/interactions/*/*/callback", status=400, code=50035, message="Invalid Form Body")
    with caplog.at_level(logging.WARNING, logger="bot.adapters.discord.client"):
        result = await member.slash(channel, "source")
    assert result.ephemeral is True and result.response is not None and result.response.content == FAILED
    assert [(r.levelno, r.getMessage(), r.exc_info is not None) for r in caplog.records] == [
        (logging.ERROR, "/source failed", True)]
    assert [type(e) for e in simcord_env.errors] == [discord.app_commands.CommandInvokeError]


async def test_a_public_error_after_deferring_reaches_only_the_user(library: Library, test_registry: Registry):
    """Deferred publicly, an error reply is withdrawn from the channel and told to the user alone."""
    async with simcord.run(BriefClient(test_registry, library, defer_after=0)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        name = "[prize](https://evil.example) @everyone"
        result = await member.slash(channel, "who", name=name, public=True)
        [told] = result.followups
        expected = test_registry.run(Context(library=library), named(test_registry, "who"), {"name": name})
        assert result.response is None and told.ephemeral is True and told.content == expected.plain_text()
        assert [m for m in channel.history() if m.author.bot] == []


def counting(calls: list[str]) -> Registry:
    """A registry with /pick, whose completer records what it is asked and offers 30 long names."""
    def complete(ctx: Context, prefix: str) -> list[str]:
        calls.append(prefix)
        return [f"{i:02d}-{prefix}" + "x" * 200 for i in range(30)]
    return build_registry(Command("pick", "Pick a thing", lambda ctx, args: Reply(title="ok"),
                                  (Option("thing", "A thing", complete=complete),)))


async def test_autocomplete_is_cached_bounded_and_cut():
    """The same text is completed once per content version; a 10,000-character query reaches the completer cut to
    100 characters; at most 25 choices of at most 100 characters come back."""
    calls: list[str] = []
    library = Library(CONTENT)
    async with simcord.run(BriefClient(counting(calls), library)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        bob = guild.add_member(env.create_user("bob"))
        first = await alice.autocomplete(channel, "pick", "thing", "ab")
        again = await bob.autocomplete(channel, "pick", "thing", "ab")
        huge = await alice.autocomplete(channel, "pick", "thing", "q" * 10_000)
        library.reload()
        await alice.autocomplete(channel, "pick", "thing", "ab")
    assert first == again and len(first) == len(huge) == 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in first + huge)
    assert calls == ["ab", "q" * 100, "ab"]
