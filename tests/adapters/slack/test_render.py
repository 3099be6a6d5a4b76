"""The Block Kit renderer at Slack's limits, and mention escaping; pure, no network."""
from __future__ import annotations

import json
import re
from typing import Any

from bot.adapters.slack.render import FALLBACK_CHARS, MAX_BLOCKS, MESSAGE_CHARS, SECTION_CHARS, escape, render, unescape
from bot.core.reply import Block, Citation, Reply, error_reply

CITE = Citation("The port handled 4.4 million containers.", "rotterdam", "Scanners & ports", "A. Writer",
                "https://example.org/a?b=1&c=2")


def texts(block: dict[str, Any]) -> list[str]:
    return [block["text"]["text"]] if "text" in block else [e["text"] for e in block.get("elements", ())]


def assert_within_limits(messages: list[dict[str, Any]]) -> None:
    for message in messages:
        blocks = message["blocks"]
        assert 0 < len(blocks) <= MAX_BLOCKS
        assert len(json.dumps(blocks, ensure_ascii=False)) <= MESSAGE_CHARS
        assert all(len(t) <= SECTION_CHARS for b in blocks for t in texts(b))
        assert blocks[0]["type"] != "divider" and blocks[-1]["type"] != "divider"
        assert 0 < len(message["text"]) <= FALLBACK_CHARS


def test_a_10000_char_answer_is_split_into_sections_without_losing_text() -> None:
    """A 10,000-character answer becomes sections of at most 3000 chars in one message, every word kept."""
    answer = " ".join(f"word{i}" for i in range(1700))[:10_000]
    messages = render(Reply(title="Q: long?", blocks=(Block(answer, citation=CITE),)))
    assert_within_limits(messages)
    [message] = messages
    sections = [b["text"]["text"] for b in message["blocks"][2:] if b["type"] == "section"]
    assert len(sections) == 4 and " ".join(sections).split() == answer.split()
    assert message["blocks"][-1]["type"] == "context"


def test_60_facts_are_spread_over_messages_within_the_limits_in_order() -> None:
    """60 cited facts make several messages of <= 50 blocks and <= 12k chars; each fact keeps its citation."""
    facts = tuple(Block(f"Fact number {i}. " + "detail " * 60, citation=CITE) for i in range(60))
    messages = render(Reply(title="Facts (60 of 60)", blocks=facts, footer="The article", url="https://example.org"))
    assert len(messages) > 1
    assert_within_limits(messages)
    blocks = [b for m in messages for b in m["blocks"]]
    numbers = [int(m.group(1)) for b in blocks for t in texts(b) if (m := re.match(r"Fact number (\d+)\.", t))]
    assert numbers == list(range(60))
    for i, b in enumerate(blocks):
        if b["type"] == "section" and b["text"]["text"].startswith("Fact number"):
            assert blocks[i + 1]["type"] == "context"  # the citation stays right under its fact
    footer = messages[-1]["blocks"][-1]["elements"][0]["text"]
    assert footer == "The article \u00b7 <https://example.org|Read the article>"
    assert all("Read the article" not in json.dumps(m) for m in messages[:-1])


def test_one_block_larger_than_a_message_is_split_between_messages() -> None:
    """A 40,000-character block is cut across messages rather than failing."""
    messages = render(Reply(title="Huge", blocks=(Block("x " * 20_000),)))
    assert len(messages) >= 4
    assert_within_limits(messages)
    assert sum(t.count("x") for m in messages for b in m["blocks"] for t in texts(b)) == 20_000


def test_citation_is_a_context_with_the_quote_the_linked_title_and_the_author() -> None:
    """A citation renders as a context block: the quote, then the article title linked to its URL."""
    [message] = render(Reply(title="T", blocks=(Block("Answer.", citation=CITE),)))
    section, context = message["blocks"][2:]
    assert section["text"] == {"type": "mrkdwn", "text": "Answer.", "verbatim": True}
    assert context["elements"][0]["text"] == ("\u201cThe port handled 4.4 million containers.\u201d \u2014 "
                                              "<https://example.org/a?b=1&c=2|Scanners &amp; ports>, A. Writer")


def test_errors_are_marked_and_headings_bold() -> None:
    """An error title gets a warning sign; a block heading is bold above its text."""
    [error] = render(error_reply("No such briefing.", hint="Try /briefings."))
    assert error["blocks"][0]["text"]["text"] == ":warning: *No such briefing.*"
    [message] = render(Reply(title="Who", blocks=(Block("Minister", heading="Kristi Noem"),)))
    assert message["blocks"][2]["text"]["text"] == "*Kristi Noem*\nMinister"


def test_mentions_in_any_text_are_made_inert() -> None:
    """<!channel>, <!here>, <!everyone>, <@U…>, <#C…> and bare @here cannot ping; & < > are encoded."""
    typed = "<!channel> <!here> <!everyone> <@U123> <#C123|general> @here @Everyone a&b"
    assert escape(typed) == ("&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; "
                             "&lt;#C123|general&gt; @\u2060here @\u2060Everyone a&amp;b")
    raw = json.dumps(render(Reply(title=f"Q: {typed}", blocks=(Block(typed, heading=typed),), footer=typed)))
    assert not re.search(r"<[!@#]", raw)


def test_slack_encoded_command_text_is_decoded_once() -> None:
    """Slash command text arrives with & < > encoded; the core sees what the user typed."""
    assert unescape("a &amp;lt; b &lt;@U1&gt; &amp; c") == "a &lt; b <@U1> & c"


def test_a_message_filled_to_the_last_character_stays_one_and_one_more_turns_the_page() -> None:
    """Four sections and their dividers exactly MESSAGE_CHARS as JSON fit one message; one character more moves the
    last item, whole, to a second message."""
    one = render(Reply(title="", blocks=(Block("a"),)))[0]["blocks"][0]
    overhead = len(json.dumps(one, ensure_ascii=False)) - 1  # a section's JSON beyond its text
    divider = len(json.dumps({"type": "divider"}))
    first = [2900, 2900, 2900]
    last = MESSAGE_CHARS - sum(overhead + n for n in first) - 3 * divider - overhead
    assert 0 < last <= SECTION_CHARS

    def sizes(extra: int) -> list[int]:
        messages = render(Reply(title="", blocks=tuple(Block("a" * n) for n in [*first, last + extra])))
        return [sum(len(json.dumps(b, ensure_ascii=False)) for b in m["blocks"]) for m in messages]

    assert sizes(0) == [MESSAGE_CHARS]
    assert sizes(1) == [MESSAGE_CHARS - overhead - last - divider, overhead + last + 1]
