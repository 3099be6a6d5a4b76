"""The discord.py client: an app-command tree built from the shared registry; replies as embeds."""
from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord.render import render
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Completer, Option, Registry
from bot.core.reply import Reply

log = logging.getLogger(__name__)

DEFER_AFTER = 1.0  # seconds of work before deferring (Discord allows 3 s for the first response); 0: always defer
DESCRIPTION = 100  # Discord's limit for command and option descriptions
CHOICE = 100  # Discord's limit for a choice's name and value
MAX_CHOICES = 25
FORBIDDEN = ("I don't have permission to post here. Ask a server admin to give me View Channel, "
             "Send Messages and Embed Links in this channel.")
FAILED = "Sorry, something went wrong answering that. The error has been logged."


def no_mentions() -> discord.AllowedMentions:
    return discord.AllowedMentions.none()


class Tree(app_commands.CommandTree):
    """Turns any failure while answering into a clear private message and a log line."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        name = interaction.command.qualified_name if interaction.command else "?"
        if isinstance(cause, discord.Forbidden):
            log.warning("missing permissions for /%s in channel %s (guild %s): %s",
                        name, interaction.channel_id, interaction.guild_id, cause.text)
            text = FORBIDDEN
        else:
            log.error("/%s failed", name, exc_info=cause)
            text = FAILED
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=no_mentions())
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=no_mentions())
        except discord.HTTPException as exc:
            log.warning("could not tell the user that /%s failed: %s", name, exc)


class BriefClient(discord.Client):
    """A gateway client answering the registry's commands as Discord application commands."""

    def __init__(self, registry: Registry, library: Library, *, guilds: Iterable[int] = (),
                 defer_after: float = DEFER_AFTER) -> None:
        super().__init__(intents=discord.Intents(guilds=True), allowed_mentions=no_mentions(),
                         guild_ready_timeout=0)
        self.registry = registry
        self.library = library
        self.guild_ids = list(guilds)
        self.defer_after = defer_after
        self.tree = Tree(self)
        for command in registry:
            self.tree.add_command(self._app_command(command))

    async def setup_hook(self) -> None:
        """Sync the commands: to each configured guild (instant) or globally (may take a while to show)."""
        if not self.guild_ids:
            synced = await self.tree.sync()
            log.info("synced %d commands globally", len(synced))
        for guild_id in self.guild_ids:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)

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
        callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        app_commands.describe(**{o.name: o.description[:DESCRIPTION] for o in command.options})(callback)
        choices = {o.name: [app_commands.Choice(name=c, value=c) for c in o.choices]
                   for o in command.options if o.choices}
        if choices:
            app_commands.choices(**choices)(callback)
        completers = {o.name: self._autocomplete(o) for o in command.options if o.complete and not o.choices}
        if completers:
            app_commands.autocomplete(**completers)(callback)
        return callback

    def _autocomplete(self, option: Option) -> Any:
        complete: Completer = option.complete  # type: ignore[assignment]

        async def autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            try:
                names = complete(self.context(interaction), current)
            except Exception:
                log.exception("autocomplete for %s failed", option.name)
                return []
            return [app_commands.Choice(name=n[:CHOICE], value=n[:CHOICE]) for n in names[:MAX_CHOICES]]

        return autocomplete

    # -- answering --------------------------------------------------------------------------

    async def answer(self, interaction: discord.Interaction, command: Command, args: Mapping[str, Any]) -> None:
        """Run the command off the event loop; defer if it is not done in time, then send the reply."""
        ctx = self.context(interaction)
        work = asyncio.ensure_future(asyncio.to_thread(self.registry.run, ctx, command, args))
        deferred = self.defer_after <= 0 or not (await asyncio.wait({work}, timeout=self.defer_after))[0]
        if deferred:  # the "thinking" message; its visibility is fixed now, so it follows the request
            await interaction.response.defer(ephemeral=not args.get("public", False), thinking=True)
        await self.send(interaction, await work, deferred)

    async def send(self, interaction: discord.Interaction, reply: Reply, deferred: bool = False) -> None:
        """Send the rendered reply: the first message as the response, the rest as follow-ups."""
        first, *rest = render(reply)
        if deferred:
            await interaction.edit_original_response(content=first.content, embeds=list(first.embeds),
                                                     allowed_mentions=no_mentions())
        else:
            await interaction.response.send_message(content=first.content, embeds=list(first.embeds),
                                                    ephemeral=reply.ephemeral, allowed_mentions=no_mentions())
        for message in rest:
            await interaction.followup.send(content=message.content, embeds=list(message.embeds),
                                            ephemeral=reply.ephemeral, allowed_mentions=no_mentions())
