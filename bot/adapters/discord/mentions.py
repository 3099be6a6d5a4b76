"""Ask by mention: a message that mentions the bot or replies to one of its messages is answered as /ask, in a thread
under it, and a follow-up in that thread keeps the thread's context (bot.core.conversation).

This needs no privileged intent: Discord delivers the content of messages that mention the bot and of DMs. Where
the answer goes: in a DM, a reply; inside a thread, a reply in it; in a text channel where the bot may create public
threads and post in them, a new thread from the asking message; anywhere else (no permission, another channel
type, Discord refusing), a reply, with the reason in the log. A thread's context is keyed by the thread; a DM's by
the DM channel; a reply chain outside threads by the bot's answer, which the next reply refers to.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Literal

import discord

from bot.adapters.discord.buttons import message_kwargs
from bot.adapters.discord.render import FAILED, Message, render
from bot.core.context import Context
from bot.core.conversation import ask_in_thread
from bot.core.library import Library
from bot.core.registry import Registry
from bot.core.reply import error_reply
from bot.digests.conversations import ConversationStore, ThreadKey

__all__ = ["ARCHIVE_AFTER", "ASK_HOW", "READ_REPLIES", "Mentions", "Seen", "question_of", "thread_name"]

log = logging.getLogger(__name__)

SEEN = 4096  # message ids remembered against answering one twice (a gateway resume can replay events)
THREAD_NAME = 100  # Discord's longest thread name
ARCHIVE_AFTER: Literal[1440] = 1440  # minutes of quiet before Discord archives the thread (a day)
ASK_HOW = "Mention me with your question, for example: @briefbot who wrote this?"
READ_REPLIES = "I can only read replies that mention me: keep the @ mention on when you reply to me."
ANSWERED = (discord.MessageType.default, discord.MessageType.reply)  # what people write, not system messages


class Seen:
    """The last `size` ids seen: `first(id)` is True only the first time an id is offered."""

    def __init__(self, size: int = SEEN) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first(self, key: int) -> bool:
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


def question_of(text: str, bot_id: int) -> str:
    """The message text without the bot's own mentions (`<@id>`, `<@!id>`), white space tidied."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", text).split())


def _guild_id(message: discord.Message) -> int | None:
    if message.guild is not None:
        return message.guild.id
    return getattr(message.channel, "guild_id", None)


def _replies_to(message: discord.Message, bot_id: int) -> discord.Message | None:
    """The bot's message this one replies to, when Discord sent it along."""
    ref = message.reference
    found = ref.resolved if ref is not None else None
    return found if isinstance(found, discord.Message) and found.author.id == bot_id else None


class Mentions:
    """Answers the messages addressed to the bot; the client calls `on_message` for every message it receives."""

    def __init__(self, client: discord.Client, registry: Registry, library: Library,
                 conversations: ConversationStore | None = None) -> None:
        self.client = client
        self.registry = registry
        self.library = library
        self.conversations = conversations
        self.seen = Seen()

    def addressed(self, message: discord.Message) -> bool:
        """A person's message to the bot: in a DM, mentioning it, or replying to it; never a bot's or a webhook's."""
        me = self.client.user
        if me is None or message.author.bot or message.webhook_id is not None or message.type not in ANSWERED:
            return False
        return (isinstance(message.channel, discord.DMChannel) or any(u.id == me.id for u in message.mentions)
                or _replies_to(message, me.id) is not None)

    async def on_message(self, message: discord.Message) -> None:
        if not self.addressed(message) or not self.seen.first(message.id):
            return
        try:
            await self.answer(message)
        except discord.Forbidden as exc:
            log.warning("cannot answer a mention in channel %s (guild %s): %s", message.channel.id,
                        _guild_id(message), exc.text)
        except Exception:
            log.exception("answering a mention in channel %s failed", message.channel.id)
            await self.apologise(message)

    async def apologise(self, message: discord.Message) -> None:
        """Tell the asker, in a reply, that answering failed (the log has the details)."""
        try:
            await self.send(message, [Message(content=FAILED)], new_thread=False)
        except discord.HTTPException as exc:
            log.warning("could not tell the user that answering a mention failed: %s", exc)

    async def answer(self, message: discord.Message) -> None:
        """Answer the message as /ask, resolved against its thread's context, and keep the new context."""
        assert self.client.user is not None
        text = question_of(message.content, self.client.user.id)
        if not text:
            hint = ASK_HOW if message.content or not message.reference else READ_REPLIES
            await self.send(message, render(error_reply("I didn't get a question.", hint=hint)), new_thread=False)
            return
        read = self.thread_of(message)
        thread = await asyncio.to_thread(self.conversations.get, read) if self.conversations and read else None
        reply, new = await asyncio.to_thread(ask_in_thread, self.registry, self.context(message), text, thread,
                                             public=True)
        new_thread = not reply.error and self.may_thread(message)
        sent = await self.send(message, render(reply), new_thread=new_thread,
                               name=thread_name(reply.title.removeprefix("Q: ") or text))
        keep = self.thread_of(sent, answer=True)
        if self.conversations is not None and new is not None and keep is not None:
            await asyncio.to_thread(self.conversations.put, keep, new)

    def context(self, message: discord.Message) -> Context:
        """Who asks and where. Only /ask runs by mention, which needs no admin rights, so none are read here."""
        guild = _guild_id(message)
        return Context(library=self.library, platform="discord", user_id=str(message.author.id),
                       channel_id=str(message.channel.id), server_id=str(guild or ""),
                       is_dm=isinstance(message.channel, discord.DMChannel))

    def thread_of(self, message: discord.Message, *, answer: bool = False) -> ThreadKey | None:
        """The conversation a message belongs to: its thread, its DM, or (outside both) the bot's message it replies
        to, or for the bot's own `answer` that message itself, which the next reply will refer to; None: a new one."""
        channel = message.channel
        guild = str(_guild_id(message) or "")
        if isinstance(channel, discord.Thread):
            return ThreadKey("discord", guild, str(channel.parent_id), str(channel.id))
        if isinstance(channel, discord.DMChannel):
            return ThreadKey("discord", guild, str(channel.id), str(channel.id))
        assert self.client.user is not None
        earlier = message if answer else _replies_to(message, self.client.user.id)
        return ThreadKey("discord", guild, str(channel.id), str(earlier.id)) if earlier is not None else None

    def may_thread(self, message: discord.Message) -> bool:
        """Whether to start a public thread from the message: in a text channel where the bot may; in a DM or a
        thread, no; elsewhere not, and the log says why."""
        channel = message.channel
        if isinstance(channel, discord.DMChannel | discord.Thread):
            return False
        if not isinstance(channel, discord.TextChannel):
            log.info("answering a mention in channel %s with a reply: threads need a known text channel (this is %s)",
                     channel.id, type(channel).__name__)
            return False
        perms = channel.permissions_for(channel.guild.me)
        missing = [name for name in ("create_public_threads", "send_messages_in_threads") if not getattr(perms, name)]
        if missing:
            log.info("answering a mention in channel %s with a reply: the bot lacks %s there", channel.id,
                     " and ".join(missing))
            return False
        return True

    async def send(self, message: discord.Message, messages: Sequence[Message], *, new_thread: bool,
                   name: str = "") -> discord.Message:
        """Send the answer in a new thread from `message`, else as a reply to it; the last message sent."""
        if new_thread:
            try:
                thread = await message.create_thread(name=name, auto_archive_duration=ARCHIVE_AFTER)
            except discord.HTTPException as exc:
                log.warning("answering a mention in channel %s with a reply: Discord refused a thread: %s %s",
                            message.channel.id, exc.status, exc.text)
            else:
                sent = [await thread.send(**message_kwargs(m)) for m in messages]
                return sent[-1]
        first, *rest = messages
        sent = [await message.reply(**message_kwargs(first), mention_author=False)]
        sent += [await message.channel.send(**message_kwargs(m)) for m in rest]
        return sent[-1]


def thread_name(name: str) -> str:
    """A thread's name (for an answer, the question as answered, follow-ups resolved), cut to Discord's limit."""
    return name if len(name) <= THREAD_NAME else name[: THREAD_NAME - 1].rstrip() + "\u2026"

