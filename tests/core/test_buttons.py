"""Button ids: each kind round-trips, ids fit Discord's 100 characters, and damaged, foreign, other-version or
ill-fitting ids are refused with a polite ActionError."""
from __future__ import annotations

import pytest

from bot.core.buttons import KINDS, MAX_ID, ActionError, Kind, action, decode, encode, mark
from bot.core.reply import Action

SAMPLES = {
    "passage": ("riverside-library", "3", mark("a paragraph")),
    "share": ("", mark("an answer"), "How much did the roof repair cost?"),
    "more": ("riverside-library", "0", mark("repair-cost")),
    "next": ("riverside-library", "12", mark("loans")),
    "brief": ("riverside-library",),
}


def test_every_kind_round_trips() -> None:
    """Each kind's id decodes to the same Action, label included, and starts with the format's version."""
    assert set(SAMPLES) == set(KINDS)
    for kind, payload in SAMPLES.items():
        act = action(kind, *payload)
        raw = encode(act)
        assert raw.startswith(f"bb1:{kind}:") and len(raw) <= MAX_ID
        assert decode(raw) == act and act.label == KINDS[kind].label


def test_free_text_may_hold_colons() -> None:
    """A question with colons is the last field, so it comes back whole."""
    act = action("share", "riverside-library", mark("x"), "Ratio: what was it in 2024:2025?")
    assert decode(encode(act)) == act


def test_an_id_over_the_limit_is_refused_both_ways() -> None:
    """A payload whose id would pass MAX_ID cannot be encoded, and a longer string is never decoded."""
    with pytest.raises(ActionError, match="limit is 100"):
        encode(action("share", "", mark("x"), "why " * 30 + "?"))
    raw = encode(action("brief", "riverside-library"))
    with pytest.raises(ActionError, match="damaged"):
        decode(raw + "x" * (MAX_ID + 1 - len(raw)))


def test_any_changed_character_is_refused() -> None:
    """Changing any one character of an id (payload, kind, version or check) makes it unreadable."""
    raw = encode(action("next", "riverside-library", "12", mark("loans")))
    for i, ch in enumerate(raw):
        for other in {"a", "7", ":", "-"} - {ch}:
            with pytest.raises(ActionError):
                decode(raw[:i] + other + raw[i + 1:])


def test_a_cut_id_is_refused() -> None:
    """An id cut short at any point is refused."""
    raw = encode(action("passage", "riverside-library", "3", mark("p")))
    for end in range(len(raw)):
        with pytest.raises(ActionError):
            decode(raw[:end])


def test_another_version_says_so() -> None:
    """An id of another format version is refused as such, not misread."""
    raw = encode(action("brief", "riverside-library"))
    with pytest.raises(ActionError, match="another version"):
        decode("bb2" + raw[3:])


@pytest.mark.parametrize("raw", ["", "hello", "bb1", "bb1:", "bb1:brief", "bb1:brief:abcdef", "x:bb1:brief"])
def test_foreign_ids_are_refused(raw: str) -> None:
    """Strings that are not one of our ids are refused with a message, never an exception of another kind."""
    with pytest.raises(ActionError):
        decode(raw)


def test_a_kind_this_version_does_not_know_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A well-formed id of a kind that is not (or no longer) known says so."""
    monkeypatch.setitem(KINDS, "zap", Kind("Zap", ("briefing",)))
    raw = encode(action("zap", "riverside-library"))
    monkeypatch.delitem(KINDS, "zap")
    with pytest.raises(ActionError, match="doesn't know"):
        decode(raw)


@pytest.mark.parametrize("payload", [
    ("Riverside Library", "3", mark("p")),  # not a briefing id
    ("riverside-library", "03", mark("p")),  # a number written two ways
    ("riverside-library", "3", "ABCDEF"),  # not a mark
    ("riverside-library", "3"),  # a field missing
    ("riverside-library", "3", mark("p"), "extra"),  # a field too many
])
def test_a_value_must_fit_its_field(payload: tuple[str, ...]) -> None:
    """encode refuses a payload that does not match its kind's fields."""
    with pytest.raises(ActionError):
        encode(action("passage", *payload))


@pytest.mark.parametrize("question", ["<!channel> what did it cost?", "what  did it cost?", " what did it cost?",
                                      "what did it\ncost?"])
def test_free_text_must_be_ping_free_and_normalised(question: str) -> None:
    """Free text with a mention, a broadcast or stray white space cannot go into an id."""
    with pytest.raises(ActionError):
        encode(action("share", "", mark("x"), question))


def test_an_unknown_kind_cannot_be_encoded() -> None:
    """encode refuses an Action of no known kind."""
    with pytest.raises(ActionError):
        encode(Action("Zap", "zap", ()))


def test_the_error_reply_is_polite() -> None:
    """ActionError's reply is an error reply with a way forward, not a trace."""
    with pytest.raises(ActionError) as caught:
        decode("bb1:brief:nonsense")
    reply = caught.value.reply()
    assert reply.error and "damaged" in reply.title and "again" in reply.plain_text()
