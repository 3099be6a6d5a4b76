"""Passages: what a briefing is answered from, on the made-up briefing."""
from __future__ import annotations

import numpy as np
import pytest

from bot.core.answer import passages
from bot.core.answer.passages import has_words
from bot.core.store import ContentStore
from bot.core.text import normalise


def test_passages_from_the_opening_paragraphs_are_marked_early(made_up_store: ContentStore) -> None:
    """News puts the main story first: passages quoting the first paragraphs of prose are 'early', later ones not."""
    found = passages.PassageList([passages.build(made_up_store.get("harbourtown-ferry"))])
    early = {p.quote for p in found if p.kind == "sentence" and p.early}
    late = {p.quote for p in found if p.kind == "sentence" and not p.early}
    assert any("opened a new electric ferry line" in q for q in early)
    assert any("second line to the airport" in q for q in late)


def test_texts_are_normalised_together_as_each_alone() -> None:
    """A build normalises a briefing's texts at once: the same as normalise on each, plain ASCII with single spaces
    left as it is (normalise changes no printable ASCII character), typographic quotes, dashes, runs of white
    space, a NUL inside a text and empty texts folded as alone."""
    every_ascii = " ".join(map(chr, range(0x21, 0x7F)))
    texts = [every_ascii, "\u201cQuoted\u201d \u2014 dash", "  two  spaces\tand tab\n", "", "a\x00b", "plain text.",
             " lead", "trail ", "caf\u00e9\u00a0au lait"]
    assert normalise(every_ascii) == every_ascii
    assert passages._normalise_all(texts) == [normalise(t) for t in texts]
    assert passages._normalise_all([]) == []


def test_a_table_read_back_gives_the_same_passages_and_damaged_offsets_are_refused(made_up_store: ContentStore
                                                                                    ) -> None:
    """A table's strings are numbered in the narrowest integers that hold them (16 bits for a briefing's few
    thousand strings and ~50 KB of text); its arrays give the same passages again, and offsets that go
    backwards (which an unsigned difference would wrap past) are refused."""
    table = passages.build(made_up_store.get("harbourtown-ferry"))
    arrays = table.arrays()
    assert arrays["offsets"].dtype == arrays["fields"].dtype == np.uint16
    again = passages.Table.from_arrays(table.briefing, {k: v.copy() for k, v in arrays.items()})
    assert list(passages.PassageList([again])) == list(passages.PassageList([table]))
    damaged = dict(arrays, offsets=arrays["offsets"].copy())
    damaged["offsets"][2] = damaged["offsets"][1] - 1
    with pytest.raises(ValueError, match="inconsistent"):
        passages.Table.from_arrays(table.briefing, damaged)


def test_a_sentence_does_not_end_at_an_abbreviation() -> None:
    """An abbreviation ('Prof.', 'Sen.', 'U.S.', 'J.R.R.') does not end a sentence, however long the text before it;
    a full stop after a word does."""
    long = "The port authority said on Monday that the new terminal would open next spring after years of delay"
    article = (f"{long}, said Prof. Ana Ruiz of the U.S. embassy. She met Sen. Tom Hale at noon that day. "
               f"{long} and J.R.R. Tolkien would have liked it. Nobody else had any comment on it.")
    assert passages.sentences(article) == [
        f"{long}, said Prof. Ana Ruiz of the U.S. embassy.", "She met Sen. Tom Hale at noon that day.",
        f"{long} and J.R.R. Tolkien would have liked it.", "Nobody else had any comment on it."]


@pytest.mark.parametrize("text", ["", "one", "one two three", "  one two  three four  ", "a b c d e f g h i j k l m",
                                  "tab\tand\nnew line words here", "a b c d e f g h i j k"])
def testhas_words_counts_as_splitting_every_word_does(text: str) -> None:
    """has_words(text, n) is len(text.split()) >= n, whatever the spacing, for a short and a long threshold."""
    for n in (1, 4, 12):
        assert has_words(text, n) == (len(text.split()) >= n)
