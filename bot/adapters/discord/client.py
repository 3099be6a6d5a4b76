"""The discord.py client: an app-command tree built from the shared registry; replies as embeds."""
from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord.buttons import ActionButton, message_kwargs, no_mentions
from bot.adapters.discord.mentions import Mentions
from bot.adapters.discord.render import FAILED, Message, render
from bot.core.clicks import run_action
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Completer, Registry
from bot.core.reply import Reply
from bot.digests.conversations import ConversationStore

__all__ = ["BriefClient", "FORBIDDEN", "SETTLED"]

log = logging.getLogger(__name__)

DEFER_AFTER = 1.0  # seconds of work before deferring (Discord allows 3 s for the first response); 0: always defer
DESCRIPTION = 100  # Discord's limit for command and option descriptions
CHOICE = 100  # Discord's limit for a choice's name and value
MAX_CHOICES = 25
FORBIDDEN = ("I don't have permission to post here. Ask a server admin to give me View Channel, "
             "Send Messages and Embed Links in this channel.")
THINKING = "briefbot.thinking"  # Interaction.extras: "public"/"private" while a deferred "thinking" message awaits
SETTLED = "Answered privately."  # what a public "thinking" message says for the moment before it is deleted
SUGGESTIONS = 1024  # autocomplete answers kept, per content version, option and text typed


async def deliver(interaction: discord.Interaction, messages: list[Message], *, private: bool) -> None:
    """Send messages as the response, into a deferred "thinking" message, or as follow-ups; `private` ones only
    to the user.

    A public "thinking" message cannot become private, and the first follow-up after a deferral fills it
    whatever its flags. So a private outcome after a public deferral (an error, or text meant only for the user)
    first settles it with a neutral line, then follows up ephemerally, then deletes it: nothing of the error or
    of the user's words reaches the channel. After a private deferral everything stays private.
    """
    thinking = interaction.extras.get(THINKING)
    withdraw = thinking == "public" and private
    first, *rest = messages
    if not interaction.response.is_done():
        await interaction.response.send_message(**message_kwargs(first), ephemeral=private)
    elif thinking is None:  # the response is already answered: everything follows it
        rest = messages
    else:
        if withdraw:
            await interaction.edit_original_response(content=SETTLED, embeds=[], allowed_mentions=no_mentions())
            rest = messages
        else:
            await interaction.edit_original_response(**message_kwargs(first))
            private = thinking == "private"
        del interaction.extras[THINKING]
    for message in rest:
        await interaction.followup.send(**message_kwargs(message), ephemeral=private)
    if withdraw:
        try:
            await interaction.delete_original_response()
        except discord.HTTPException as exc:
            log.warning("could not delete the settled 'thinking' message: %s", exc)


async def tell_failure(interaction: discord.Interaction, what: str, cause: BaseException) -> None:
    """A failure while answering `what` as a clear private message to the user and a log line."""
    if isinstance(cause, discord.Forbidden):
        log.warning("missing permissions for %s in channel %s (guild %s): %s",
                    what, interaction.channel_id, interaction.guild_id, cause.text)
        text = FORBIDDEN
    else:
        log.error("%s failed", what, exc_info=cause)
        text = FAILED
    try:
        await deliver(interaction, [Message(content=text)], private=True)
    except discord.HTTPException as exc:
        log.warning("could not tell the user that %s failed: %s", what, exc)


class Tree(app_commands.CommandTree):
    """Turns any failure while answering into a clear private message and a log line."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        name = interaction.command.qualified_name if interaction.command else "?"
        await tell_failure(interaction, f"/{name}", cause)


class BriefClient(discord.Client):
    """A gateway client answering the registry's commands as Discord application commands."""

    def __init__(self, registry: Registry, library: Library, *, guilds: Iterable[int] = (),
                 defer_after: float = DEFER_AFTER, conversations: ConversationStore | None = None) -> None:
        # The bot never joins voice, so discord.py's start-up notes that PyNaCl and davey are missing are noise.
        # discord.py has no option for them, only these warn-once flags of its own (its maintainers' answer in
        # discord.py PR #9220): marked as given, they are not logged. No log filter is involved.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        # Messages (not their content: that intent is privileged) for questions asked by mention; Discord sends the
        # content of those that mention the bot and of DMs. No message cache: nothing reads it.
        super().__init__(intents=discord.Intents(guilds=True, guild_messages=True, dm_messages=True),
                         allowed_mentions=no_mentions(), guild_ready_timeout=0, max_messages=None)
        self.registry = registry
        self.library = library
        self.guild_ids = list(guilds)
        self.defer_after = defer_after
        self._suggest = functools.lru_cache(maxsize=SUGGESTIONS)(self.suggest)
        self.tree = Tree(self)
        self.mentions = Mentions(self, registry, library, conversations)
        self.add_dynamic_items(ActionButton)  # clicks on any of its buttons, however old, come to `click`
        for command in registry:
            self.tree.add_command(self._app_command(command))

    async def setup_hook(self) -> None:
        """Sync the commands that can work on Discord here (not /digest when no digests post to Discord): to each
        configured guild (instant) or globally (may take a while to show)."""
        here = Context(library=self.library, platform="discord")
        for command in self.registry:
            if not command.available(here):
                self.tree.remove_command(command.name)
        if not self.guild_ids:
            synced = await self.tree.sync()
            log.info("synced %d commands globally", len(synced))
        for guild_id in self.guild_ids:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)

    async def on_message(self, message: discord.Message) -> None:
        await self.mentions.on_message(message)

    def context(self, interaction: discord.Interaction) -> Context:
        """Who is asking and where; admin rights are read from the interaction on every call."""
        perms = interaction.permissions
        return Context(library=self.library, platform="discord", user_id=str(interaction.user.id),
                       channel_id=str(interaction.channel_id or ""), server_id=str(interaction.guild_id or ""),
                       is_admin=perms.manage_channels or perms.manage_guild,
                       is_dm=interaction.guild_id is None)

    # -- building the tree ------------------------------------------------------------------

    def _app_command(self, command: Command) -> app_commands.Command[Any, ..., Any] | app_commands.Group:
        if command.subcommands:
            group = app_commands.Group(name=command.name, description=command.description[:DESCRIPTION],
                                       guild_only=command.guild_only)
            for sub in command.subcommands:
                group.add_command(self._app_command(sub))
            return group
        callback = self._callback(command)
        if command.guild_only:
            callback = app_commands.guild_only(callback)
        return app_commands.Command(name=command.name, description=command.description[:DESCRIPTION],
                                    callback=callback)

    def _callback(self, command: Command) -> Any:
        """A callback whose signature declares the command's options, as discord.py reads them."""

        async def callback(interaction: discord.Interaction, **values: Any) -> None:
            await self.answer(interaction, command, {k: v for k, v in values.items() if v is not None})

        params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        for opt in command.options:
            params.append(inspect.Parameter(
                opt.name, inspect.Parameter.KEYWORD_ONLY,
                annotation=opt.type if opt.required else opt.type | None,
                default=inspect.Parameter.empty if opt.required else None))
        callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]  # inspect reads it
        app_commands.describe(**{o.name: o.description[:DESCRIPTION] for o in command.options})(callback)
        choices = {o.name: [app_commands.Choice(name=c, value=c) for c in o.choices]
                   for o in command.options if o.choices}
        if choices:
            app_commands.choices(**choices)(callback)
        completers = {o.name: self._autocomplete(o.name, o.complete)
                      for o in command.options if o.complete and not o.choices}
        if completers:
            app_commands.autocomplete(**completers)(callback)
        return callback

    def _autocomplete(self, name: str, complete: Completer) -> Any:
        async def autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            try:
                names = await asyncio.to_thread(self._suggest, complete, self.library.current.version,
                                                current[:CHOICE])
            except Exception:
                log.exception("autocomplete for %s failed", name)
                return []
            return [app_commands.Choice(name=n, value=n) for n in names]

        return autocomplete

    def suggest(self, complete: Completer, version: int, current: str) -> tuple[str, ...]:
        """What `complete` suggests for `current`, at most 25 of at most 100 characters (Discord's limits).

        Cached (self._suggest) per content version, completer and text typed, shared by everyone: a keystroke
        that someone typed before costs nothing. So the completer gets a context without the caller: suggestions
        depend on the content and the text, never on who asks. The text is cut to 100 characters by the caller,
        as no choice is longer, so a huge query cannot make matching slow.
        """
        names = complete(Context(library=self.library, platform="discord"), current)
        return tuple(n[:CHOICE] for n in names[:MAX_CHOICES])

    # -- answering --------------------------------------------------------------------------

    async def answer(self, interaction: discord.Interaction, command: Command, args: Mapping[str, Any]) -> None:
        """Run the command off the event loop; defer if it is not done in time, then send the reply."""
        ctx = self.context(interaction)
        work = asyncio.ensure_future(asyncio.to_thread(self.registry.run, ctx, command, args))
        if self.defer_after <= 0 or not (await asyncio.wait({work}, timeout=self.defer_after))[0]:
            # the "thinking" message; its visibility is fixed now, so it follows the request
            public = bool(args.get("public", False))
            await interaction.response.defer(ephemeral=not public, thinking=True)
            interaction.extras[THINKING] = "public" if public else "private"
        await self.send(interaction, await work)

    async def click(self, interaction: discord.Interaction, custom_id: str) -> None:
        """Run a button click as the command it stands for (bot.core.clicks), with the Context a command gets.

        A slow click is deferred without a "thinking" message (type 6 for a component): that message's visibility
        would be fixed before the reply says whether it is private (Show passage) or public (Share in channel);
        the reply then follows up with its own.
        """
        try:
            work = asyncio.ensure_future(asyncio.to_thread(run_action, self.registry, self.context(interaction),
                                                           custom_id))
            if self.defer_after <= 0 or not (await asyncio.wait({work}, timeout=self.defer_after))[0]:
                await interaction.response.defer()
            await self.send(interaction, await work)
        except Exception as exc:
            await tell_failure(interaction, "a button click", exc)

    async def send(self, interaction: discord.Interaction, reply: Reply) -> None:
        """Send the rendered reply; an error always only to the user, whatever was asked."""
        await deliver(interaction, render(reply), private=reply.ephemeral or reply.error)
