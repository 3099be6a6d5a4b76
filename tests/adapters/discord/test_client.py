"""The Discord client in process (simcord): every command, defer and follow-ups, visibility, autocomplete, errors."""
from __future__ import annotations

import logging

import discord
import pytest
import simcord

from bot.adapters.discord.client import FAILED, FORBIDDEN, BriefClient
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Option, Registry
from bot.core.reply import Reply
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
    assert result.acknowledged and not result.deferred and result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == f"Q: {QUESTION}"
    assert expected.text in embed.description
    assert embed.fields[0].name == "Citation" and expected.citations[0].quote in embed.fields[0].value
    meta = library.current.store.get(None).briefing.metadata
    assert meta.title in embed.footer.text and meta.author in embed.footer.text


async def test_public_option_posts_in_the_channel(world):
    """public:true makes the answer visible to the channel."""
    channel, member, _, _ = world
    result = await member.slash(channel, "ask", question=QUESTION, public=True)
    assert not result.ephemeral and not result.response.ephemeral


@pytest.mark.parametrize(("name", "options"), [
    ("brief", {"length": "tldr"}), ("brief", {"length": "full"}), ("facts", {}), ("facts", {"topic": "Maduro"}),
    ("who", {"name": "Maduro"}), ("timeline", {}), ("quote", {}), ("source", {}), ("briefings", {}), ("help", {}),
])
async def test_each_command_answers_as_the_registry_does(world, test_registry: Registry, library: Library, name, options):
    """Each briefing command answers with the registry's reply rendered as an embed, privately."""
    channel, member, _, _ = world
    expected = test_registry.run(Context(library=library), test_registry.get(name), options)
    result = await member.slash(channel, name, **options)
    assert result.ephemeral and not expected.error
    embed = result.response.embeds[0]
    assert embed.title == expected.title[:256]
    first = next(b for b in expected.blocks if b.text)
    assert first.text[:50] in embed.description


async def test_always_defer_then_the_answer_edits_the_thinking_message(library: Library, test_registry: Registry):
    """With defer_after=0 the bot defers first (private "thinking"), then edits the answer into that response."""
    async with simcord.run(BriefClient(test_registry, library, defer_after=0)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        result = await member.slash(channel, "ask", question=QUESTION)
        calls = [(r.method, r.path.rsplit("/", 1)[-1], r.json) for r in env.http_requests if "/interactions/" in r.path
                 or "/webhooks/" in r.path]
        assert [(m, p) for m, p, _ in calls] == [("POST", "callback"), ("PATCH", "@original")]
        assert calls[0][2]["type"] == 5 and calls[0][2]["data"]["flags"] == 64
        assert result.ephemeral and result.response.embeds[0].title == f"Q: {QUESTION}" and not result.followups


async def test_deferred_big_reply_continues_in_follow_ups(library: Library, test_registry: Registry):
    """After a public deferral, a reply too big for one message edits the response and adds public follow-ups."""
    async with simcord.run(BriefClient(test_registry, library, defer_after=0)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        result = await member.slash(channel, "big", public=True)
        messages = [result.response, *result.followups]
        assert len(messages) > 1 and not any(m.ephemeral for m in messages)
        assert len([m for m in channel.history() if m.author.bot]) == len(messages)


async def test_a_reply_too_big_for_one_message_continues_in_follow_ups(world):
    """A reply past Discord's per-message limits arrives as the response plus follow-ups, all private."""
    channel, member, _, _ = world
    result = await member.slash(channel, "big")
    messages = [result.response, *result.followups]
    assert len(messages) > 1 and all(m.ephemeral for m in messages)
    fields = [f for m in messages for e in m.embeds for f in e.fields]
    assert len(fields) == 40 and all(len(e) <= 6000 for m in messages for e in m.embeds)


async def test_autocomplete_offers_the_registry_suggestions(world, test_registry: Registry, library: Library):
    """Autocomplete for an open option (person) offers what the registry's completer suggests."""
    channel, member, _, _ = world
    option = next(o for o in test_registry.get("who").options if o.name == "name")
    expected = option.complete(Context(library=library), "mad")
    choices = await member.autocomplete(channel, "who", "name", "mad")
    assert expected and [c["value"] for c in choices] == expected


@pytest.mark.parametrize(("question", "says"), [
    ("   ", "/ask needs question."),
    ("x" * 501, "That question is too long (501 characters; the limit is 500)."),
])
async def test_bad_questions_get_a_clear_private_message(world, question, says):
    """An empty or over-long question gets the registry's explanation, privately, not an embed or a trace."""
    channel, member, _, _ = world
    result = await member.slash(channel, "ask", question=question, public=True)
    assert result.ephemeral and result.response.content.startswith(says) and not result.response.embeds


async def test_unknown_person_is_answered_with_close_matches(world, test_registry: Registry, library: Library):
    """/who with a misspelt name says so and suggests the close matches the registry found."""
    channel, member, _, _ = world
    expected = test_registry.run(Context(library=library), test_registry.get("who"), {"name": "Madoro"})
    result = await member.slash(channel, "who", name="Madoro")
    assert expected.error and result.response.content == expected.plain_text()


async def test_mentions_in_echoed_text_are_never_allowed(world, simcord_env):
    """A question containing @everyone is echoed, but every response is sent with mentions disabled."""
    channel, member, _, _ = world
    await member.slash(channel, "ask", question="@everyone what happened?", public=True)
    callbacks = [r for r in simcord_env.http_requests if r.path.endswith("/callback")]
    assert callbacks and all(r.json["data"]["allowed_mentions"] == {"parse": []} for r in callbacks)


async def test_admin_is_read_from_the_member_permissions_each_call(world):
    """Manage Channels or Manage Server make a caller an admin; a plain member is refused admin commands."""
    channel, member, mod, owner = world
    assert (await member.slash(channel, "settings")).response.content.startswith("Sorry, only channel admins")
    assert (await mod.slash(channel, "settings")).response.embeds[0].title.startswith("admin=True dm=False")
    assert (await owner.slash(channel, "whoami")).response.embeds[0].title.startswith("admin=True")
    assert (await member.slash(channel, "whoami")).response.embeds[0].title.startswith("admin=False")
    assert (await mod.slash(channel, "digest add", schedule="daily 08:00")).response.embeds[0].title.startswith("admin=True")


async def test_commands_work_in_dms_but_guild_only_ones_are_not_offered(simcord_env):
    """In a DM the briefing commands answer; a guild-only command is not offered there (dm_permission false)."""
    user = simcord_env.create_user("dave")
    assert "serveronly" not in user.available_commands() and "ask" in user.available_commands()
    result = await user.slash("whoami")
    assert result.response.embeds[0].title == "admin=False dm=True platform=discord"
    assert synced(simcord_env)["serveronly"]["dm_permission"] is False


async def test_missing_permissions_get_a_clear_private_message_and_a_log_line(world, simcord_env, caplog):
    """When Discord refuses the bot (403 Missing Permissions) the user is told why, privately, and it is logged."""
    channel, member, _, _ = world
    simcord_env.inject_error("POST", "/interactions/*/*/callback", status=403, code=50013, message="Missing Permissions")
    with caplog.at_level(logging.WARNING, logger="bot.adapters.discord.client"):
        result = await member.slash(channel, "ask", question=QUESTION, public=True)
    assert result.ephemeral and result.response.content == FORBIDDEN
    assert any("missing permissions for /ask" in r.getMessage() for r in caplog.records)
    assert [type(e) for e in simcord_env.errors] == [discord.app_commands.CommandInvokeError]


async def test_an_unexpected_failure_is_a_polite_message(world, simcord_env, caplog):
    """Any other failure while answering becomes a polite private message and a logged traceback, not silence."""
    channel, member, _, _ = world
    simcord_env.inject_error("POST", "/interactions/*/*/callback", status=400, code=50035, message="Invalid Form Body")
    result = await member.slash(channel, "source")
    assert result.ephemeral and result.response.content == FAILED
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
    assert simcord_env.errors


async def test_a_public_error_after_deferring_reaches_only_the_user(library: Library, test_registry: Registry):
    """Deferred publicly, an error reply is withdrawn from the channel and told to the user alone."""
    async with simcord.run(BriefClient(test_registry, library, defer_after=0)) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        result = await member.slash(channel, "who", name="[prize](https://evil.example) @everyone", public=True)
        [told] = result.followups
        assert result.response is None and told.ephemeral and "https://evil.example" in told.content
        assert not [m for m in channel.history() if m.author.bot]


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
