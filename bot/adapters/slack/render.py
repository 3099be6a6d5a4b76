"""Reply -> Slack messages (Block Kit plus a plain `text` fallback), pure and within Slack's limits."""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.buttons import ActionError, encode
from bot.core.reply import Action, Block, Citation, Reply

__all__ = ["ACTIONS_BLOCK", "BUTTON_ID", "FALLBACK_CHARS", "MAX_BLOCKS", "MESSAGE_CHARS", "Message", "SECTION_CHARS",
           "escape", "render", "unescape"]

log = logging.getLogger(__name__)

SECTION_CHARS = 3000   # text of one section or context element
MAX_BLOCKS = 50        # blocks per message
MESSAGE_CHARS = 12_000  # the blocks of one message as JSON (beyond ~12k: msg_blocks_too_long)
FALLBACK_CHARS = 3000  # the notification text of one message
MAX_BUTTONS = 25       # elements of one actions block
ACTIONS_BLOCK = "briefbot-actions"  # the block_id of the buttons under a reply
BUTTON_ID = re.compile(r"^bb[0-9]+:")  # a button's action_id: the encoded id (bot.core.buttons), of any version

Message = dict[str, Any]  # {"text": str, "blocks": [block dicts]}: chat.postMessage / response_url body
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_DIVIDER = DividerBlock().to_dict()


def escape(text: str) -> str:
    """Make text inert: & < > encoded (no <!here>, <@U…>, <#C…>, no links) and bare @here broken."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u2060\\1", text)


def unescape(text: str) -> str:
    """Slack sends slash command text with & < > encoded; the core gets what the user typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _cut(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` chars: a line break, else a space, never inside an &entity;."""
    if len(text) <= limit:
        return len(text)
    cut = text.rfind("\n", 0, limit + 1)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit + 1)
    if cut < limit // 2:
        cut = limit
        amp = text.rfind("&", max(0, cut - 5), cut)
        if amp > 0 and ";" not in text[amp:cut]:
            cut = amp
    return cut


def _pieces(text: str, limit: int) -> Iterator[str]:
    while text:
        cut = _cut(text, limit)
        yield text[:cut]
        text = text[cut:].lstrip()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:_cut(text, limit - 1)].rstrip() + "\u2026"


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)  # verbatim: Slack adds no links or mentions of its own


def _link(url: str, label: str) -> str:
    return f"<{url.replace('|', '%7C').replace('>', '%3E')}|{label}>" if url else label


def _sections(text: str) -> list[dict[str, Any]]:
    return [SectionBlock(text=_mrkdwn(piece)).to_dict() for piece in _pieces(text, SECTION_CHARS)]


def _citation(c: Citation) -> dict[str, Any]:
    source = _link(c.url, escape(c.title)) + (f", {escape(c.author)}" if c.author else "")
    tail = f"\u201d \u2014 {source}"
    quote = _shorten(escape(c.quote), SECTION_CHARS - len(tail) - 1)
    return ContextBlock(elements=[_mrkdwn(_shorten(f"\u201c{quote}{tail}", SECTION_CHARS))]).to_dict()


def _item(block: Block) -> list[dict[str, Any]]:
    """One reply item: its section(s), then its citation as a context block."""
    text = "\n".join(p for p in (f"*{escape(block.heading)}*" if block.heading else "", escape(block.text)) if p)
    out = _sections(text) if text else []
    if block.citation:
        out.append(_citation(block.citation))
    return out


def _texts(blocks: list[dict[str, Any]]) -> Iterator[str]:
    for b in blocks:
        if "text" in b:
            yield b["text"]["text"]
        yield from (e["text"] for e in b.get("elements", ()))


def _size(block: dict[str, Any]) -> int:
    """A block's share of MESSAGE_CHARS: its length as JSON, measured once per block."""
    return len(json.dumps(block, ensure_ascii=False))


_DIVIDER_CHARS = _size(_DIVIDER)


class _Page:
    """One message being filled: its blocks and the running total of their sizes (no re-measuring per block)."""

    def __init__(self) -> None:
        self.blocks: list[dict[str, Any]] = []
        self.chars = 0

    def fits(self, blocks: int, chars: int) -> bool:
        return len(self.blocks) + blocks <= MAX_BLOCKS and self.chars + chars <= MESSAGE_CHARS

    def add(self, block: dict[str, Any], chars: int) -> None:
        self.blocks.append(block)
        self.chars += chars


def _paginate(items: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Pack items into pages, a divider between items; an item moves whole to the next page if it
    fits there, and only an item larger than a page is split between pages."""
    pages = [_Page()]

    def turn() -> None:
        page = pages[-1]
        if page.blocks and page.blocks[-1] is _DIVIDER:
            page.blocks.pop()
            page.chars -= _DIVIDER_CHARS
        pages.append(_Page())

    for item in items:
        sizes = [_size(block) for block in item]
        whole = sum(sizes)
        if (pages[-1].blocks and not pages[-1].fits(len(item) + 1, whole + _DIVIDER_CHARS)
                and _Page().fits(len(item), whole)):
            turn()
        if pages[-1].blocks:
            pages[-1].add(_DIVIDER, _DIVIDER_CHARS)
        for block, chars in zip(item, sizes, strict=True):
            if not pages[-1].fits(1, chars):
                turn()
            pages[-1].add(block, chars)
    return [page.blocks for page in pages]


def _buttons(actions: tuple[Action, ...]) -> dict[str, Any] | None:
    """One actions block of the reply's buttons, each button's encoded id as its action_id (unique in a message)
    and value; a button whose id does not encode is left off, and so is a repeat."""
    ids: dict[str, str] = {}
    for act in actions:
        try:
            ids.setdefault(encode(act), act.label)
        except ActionError as exc:
            log.warning("slack: button %s left off: %s", act.kind, exc)
    if not ids:
        return None
    buttons = [ButtonElement(text=label[:75], action_id=raw, value=raw) for raw, label in ids.items()]
    return ActionsBlock(block_id=ACTIONS_BLOCK, elements=buttons[:MAX_BUTTONS]).to_dict()


def _with_buttons(pages: list[list[dict[str, Any]]], actions: tuple[Action, ...]) -> list[list[dict[str, Any]]]:
    """The buttons under the last page, or on a page of their own when it is full."""
    block = _buttons(actions)
    if block is None:
        return pages
    last = pages[-1] if pages else []
    if pages and len(last) < MAX_BLOCKS and sum(map(_size, last)) + _size(block) <= MESSAGE_CHARS:
        return [*pages[:-1], [*last, block]]
    return [*pages, [block]]


def _shared(name: str) -> list[dict[str, Any]]:
    return [ContextBlock(elements=[_mrkdwn(_shorten(f"Shared by {escape(name)}", SECTION_CHARS))]).to_dict()]


def _fallback(page: list[dict[str, Any]]) -> str:
    """A page's notification text: its texts, or the labels of its buttons when it holds only those."""
    text = "\n".join(_texts([b for b in page if b["type"] != "actions"]))
    return text or " \u00b7 ".join(e["text"]["text"] for b in page for e in b.get("elements", ()))


def render(reply: Reply, *, sharer: str = "") -> list[Message]:
    """The reply as one or more Slack messages, each within the block, section and size limits, its buttons (if
    any) under the last. A reply someone shared says who: `sharer` is their name (a mention would ping them)."""
    title = f":warning: *{escape(reply.title)}*" if reply.error else f"*{escape(reply.title)}*"
    items = [_sections(title)] if reply.title else []
    if reply.shared_by:  # under the title, no divider between
        items[:1] = [[*(items[0] if items else []), *_shared(sharer or "a member of this channel")]]
    items += [i for i in (_item(b) for b in reply.blocks) if i]
    footer = " \u00b7 ".join(p for p in (escape(reply.footer), reply.url and _link(reply.url, "Read the article")) if p)
    if footer:
        items.append([ContextBlock(elements=[_mrkdwn(_shorten(footer, SECTION_CHARS))]).to_dict()])
    pages = _with_buttons([p for p in _paginate(items) if p], reply.actions)
    return [{"text": _shorten(_fallback(page), FALLBACK_CHARS), "blocks": page} for page in pages]
