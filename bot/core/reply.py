"""The neutral reply every handler returns and every renderer translates."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Action", "Block", "Citation", "Reply", "error_reply"]


@dataclass(frozen=True)
class Citation:
    """A verbatim passage of an article, with where it comes from."""

    quote: str
    briefing_id: str
    title: str
    author: str = ""
    url: str = ""


@dataclass(frozen=True)
class Block:
    """One item of a reply: optional heading, body text, optional citation."""

    text: str
    heading: str = ""
    citation: Citation | None = None


@dataclass(frozen=True)
class Action:
    """A button on a reply: what it says, the stable kind of action it runs, and the few short values that action
    reads. bot.core.buttons encodes one into a platform id; bot.core.clicks runs it."""

    label: str
    kind: str
    payload: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """What a command answers, before any platform renders it."""

    title: str
    blocks: tuple[Block, ...] = ()
    footer: str = ""
    url: str = ""
    ephemeral: bool = True
    error: bool = False
    actions: tuple[Action, ...] = ()  # buttons under the reply; text views (plain_text, the console) leave them out
    shared_by: str = ""  # the platform id of the user who shared this answer into the channel ("Share in channel")
    # replies posted in the thread of this reply's first message (a threaded digest), in order; only a Poster sends
    # them: the views of a command's answer (plain_text, the console, ephemeral replies) show this reply alone
    thread: tuple[Reply, ...] = ()

    def plain_text(self) -> str:
        """A platform-free text rendering: the console view and the notification fallback."""
        lines = [self.title] if self.title else []
        for block in self.blocks:
            if block.heading:
                lines.append(f"\n{block.heading}")
            if block.text:
                lines.append(block.text)
            if block.citation:
                lines.append(f"  > \u201c{block.citation.quote}\u201d \u2014 {block.citation.title}")
        if self.footer:
            lines.append(f"\n{self.footer}")
        return "\n".join(lines).strip()


def error_reply(message: str, *, hint: str = "") -> Reply:
    """A short, polite error the user sees instead of a trace."""
    blocks = (Block(hint),) if hint else ()
    return Reply(title=message, blocks=blocks, error=True)
