"""The pure renderer: Reply -> Discord messages that stay inside every Discord limit, losing no text."""
from __future__ import annotations

import random
import re

import pytest

from bot.adapters.discord import render as r
from bot.adapters.discord.buttons import message_kwargs
from bot.adapters.discord.render import Button, Message, buttons, chunks, render
from bot.core.buttons import action, encode, mark
from bot.core.reply import Action, Block, Citation, Reply, error_reply


def within_limits(message: Message) -> None:
    assert len(message.content) <= r.CONTENT
    assert len(message.embeds) <= r.EMBEDS
    assert sum(len(e) for e in message.embeds) <= r.TOTAL
    for embed in message.embeds:
        assert len(embed.title or "") <= r.TITLE and len(embed.description or "") <= r.DESCRIPTION
        assert len(embed.fields) <= r.FIELDS and len(embed.footer.text or "") <= r.FOOTER
        assert all(len(f.name or "") <= r.FIELD_NAME and len(f.value or "") <= r.FIELD_VALUE for f in embed.fields)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def descriptions(messages: list[Message]) -> str:
    return "".join(e.description or "" for m in messages for e in m.embeds)


def fields(messages: list[Message]) -> list[tuple[str | None, str | None]]:
    return [(f.name, f.value) for m in messages for e in m.embeds for f in e.fields]


def cite(quote: str) -> Citation:
    return Citation(quote=quote, briefing_id="b", title="Title", author="Author")


def test_an_answer_is_one_embed_with_citation_footer_and_link():
    """A cited answer is one embed: title, link, answer text, a Citation field with the verbatim quote, the footer."""
    reply = Reply(title="Q: who?", blocks=(Block("The answer.", citation=cite("the exact words")),),
                  footer="Article \u2014 Author", url="https://example.org/a")
    [message] = render(reply)
    [embed] = message.embeds
    assert (embed.title, embed.url, embed.description) == ("Q: who?", "https://example.org/a", "The answer.")
    assert [(f.name, f.value) for f in embed.fields] == [("Citation", "> \u201cthe exact words\u201d")]
    assert embed.footer.text == "Article \u2014 Author" and message.content == ""


def test_several_citations_are_numbered_footnotes():
    """With several cited blocks, each text ends with [n] and its quote is the field Citation [n]."""
    reply = Reply(title="Facts", blocks=(Block("One", citation=cite("a")), Block("Two", citation=cite("b"))))
    [message] = render(reply)
    assert message.embeds[0].description == "One [1]\n\nTwo [2]"
    assert fields([message]) == [("Citation [1]", "> \u201ca\u201d"), ("Citation [2]", "> \u201cb\u201d")]


def test_headings_are_bold_lines():
    """A block heading is shown in bold above its text."""
    [message] = render(Reply(title="T", blocks=(Block("text", heading="Head"),)))
    assert message.embeds[0].description == "**Head**\ntext"


@pytest.mark.parametrize(("size", "embeds"), [(r.DESCRIPTION, 1), (r.DESCRIPTION + 1, 2)])
def test_description_limit(size: int, embeds: int):
    """4096 characters of text fit one embed's description; one more continues in a second embed."""
    text = ("word " * size)[:size]
    messages = render(Reply(title="T", blocks=(Block(text),)))
    assert sum(len(m.embeds) for m in messages) == embeds
    assert squash(descriptions(messages)) == squash(text)
    for m in messages:
        within_limits(m)


@pytest.mark.parametrize(("count", "embeds"), [(r.FIELDS, 1), (r.FIELDS + 1, 2)])
def test_field_limit(count: int, embeds: int):
    """25 citation fields fit one embed; the 26th goes into the next embed of the same message."""
    reply = Reply(title="T", blocks=tuple(Block("", citation=cite(f"q{i}")) for i in range(count)))
    [message] = render(reply)
    assert len(message.embeds) == embeds and len(fields([message])) == count
    within_limits(message)


def test_ten_embeds_per_message_then_a_follow_up():
    """Small fields fill at most 10 embeds per message; the rest go to a follow-up message."""
    reply = Reply(title="T", blocks=tuple(Block("", citation=cite("q")) for _ in range(r.FIELDS * r.EMBEDS + 1)))
    messages = render(reply)
    assert [len(m.embeds) for m in messages] == [r.EMBEDS, 1]
    assert len(fields(messages)) == r.FIELDS * r.EMBEDS + 1


def test_six_thousand_characters_per_message():
    """Text past 6000 characters over a message's embeds continues in follow-ups, title and footer repeated."""
    blocks = tuple(Block(f"para {i} " + "y" * 900) for i in range(20))
    messages = render(Reply(title="T", blocks=blocks, footer="F"))
    assert len(messages) > 1
    for m in messages:
        within_limits(m)
        assert m.embeds[0].title == "T" and m.embeds[-1].footer.text == "F"
    assert squash(descriptions(messages)) == squash("".join(b.text for b in blocks))


def test_long_title_and_footer_are_cut_to_their_limits():
    """A title over 256 and a footer over 2048 characters are shortened with an ellipsis."""
    [message] = render(Reply(title="t" * 300, blocks=(Block("x"),), footer="f" * 3000))
    assert message.embeds[0].title == "t" * (r.TITLE - 1) + "\u2026"
    assert message.embeds[0].footer.text == "f" * (r.FOOTER - 1) + "\u2026"


def test_a_long_quote_spans_several_fields():
    """A quote longer than a field value continues in "(continued)" fields, every word kept."""
    quote = " ".join(f"w{i}" for i in range(800))
    [message] = render(Reply(title="T", blocks=(Block("x", citation=cite(quote)),)))
    got = fields([message])
    assert [n for n, _ in got] == ["Citation"] + ["Citation (continued)"] * (len(got) - 1) and len(got) > 1
    assert squash("".join(v or "" for _, v in got)) == squash(f"> \u201c{quote}\u201d")
    within_limits(message)


@pytest.mark.parametrize(("size", "count"), [(r.CONTENT, 1), (r.CONTENT + 1, 2)])
def test_errors_are_plain_content_within_2000(size: int, count: int):
    """An error is plain text content (no embed); past 2000 characters it continues in a second message."""
    title = "Sorry, " + "z" * (size - 7)
    messages = render(error_reply(title))
    assert [m.embeds for m in messages] == [()] * count
    assert "".join(m.content for m in messages) == title
    for m in messages:
        within_limits(m)


def test_chunks_prefers_line_and_word_breaks():
    """Splitting cuts at the last line break or space inside the limit, and hard-cuts a word with no break."""
    assert chunks("aaa bbb\nccc", 8) == ["aaa bbb", "ccc"]
    assert chunks("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert chunks("", 5) == [""]


def test_random_large_replies_always_fit():
    """Whatever the mix of sizes, every rendered message is inside every limit and keeps every quote."""
    rnd = random.Random(5)
    for _ in range(30):
        blocks = tuple(
            Block(" ".join("w" * rnd.randint(1, 12) for _ in range(rnd.randint(0, 900))),
                  heading=rnd.choice(["", "Heading " * rnd.randint(1, 5)]),
                  citation=rnd.choice([None, cite("q " * rnd.randint(1, 700))]))
            for _ in range(rnd.randint(1, 60)))
        reply = Reply(title="T " * rnd.randint(1, 200), blocks=blocks, footer="F " * rnd.randint(0, 1200))
        messages = render(reply)
        for m in messages:
            within_limits(m)
        quotes = sum(len(chunks(f"> \u201c{b.citation.quote}\u201d", r.FIELD_VALUE)) for b in blocks if b.citation)
        assert len(fields(messages)) == quotes


# --- buttons and the sharer

def test_actions_are_buttons_under_the_last_message_only():
    """A reply split into several messages shows its actions once, as buttons under the last, each with the id the
    core encodes for it."""
    acts = (action("brief", "some-briefing"), action("passage", "some-briefing", "3", mark("a paragraph")))
    blocks = tuple(Block("point " + "x" * 200, citation=cite("q" * 400)) for _ in range(40))
    messages = render(Reply(title="Big", blocks=blocks, actions=acts))
    assert len(messages) > 1 and [m.buttons for m in messages[:-1]] == [()] * (len(messages) - 1)
    assert messages[-1].buttons == tuple(Button(a.label, encode(a)) for a in acts)


def test_a_reply_without_actions_sends_no_components():
    """No actions: no buttons, and the send passes no view, so no components key reaches Discord."""
    [message] = render(Reply(title="T", blocks=(Block("text"),)))
    assert message.buttons == () and "view" not in message_kwargs(message)


def test_an_action_that_cannot_be_encoded_is_left_off():
    """An action whose payload does not fit its kind is dropped; the others stay."""
    good = action("brief", "some-briefing")
    assert buttons((Action("Broken", "brief", ("Not A Slug!",)), good)) == (Button(good.label, encode(good)),)


def test_at_most_25_buttons_with_labels_of_at_most_80_characters():
    """Discord's limits: five rows of five buttons, labels of 80 characters."""
    acts = tuple(Action("L" * 100, "brief", (f"b{i}",)) for i in range(30))
    out = buttons(acts)
    assert len(out) == 25 and all(len(b.label) == 80 for b in out)


def test_a_shared_answer_names_its_sharer():
    """shared_by becomes 'Shared by <@id>' in the first message's content (sent with mentions off); anything that
    is not a Discord id is not written at all."""
    [shared] = render(Reply(title="T", blocks=(Block("text"),), shared_by="1200000000000000001"))
    assert shared.content == "Shared by <@1200000000000000001>"
    [odd] = render(Reply(title="T", blocks=(Block("text"),), shared_by="@everyone"))
    assert odd.content == ""
