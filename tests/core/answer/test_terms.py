"""Terms: the words of a text as typed tokens, on made-up text."""
from __future__ import annotations

from bot.core.answer.terms import tokens


def test_a_short_year_is_the_year() -> None:
    """"'98" is 1998 and "'07" is 2007; a height like 5'11 is two numbers, no year."""
    found = [(t.key, t.number) for t in tokens("the flood of '98, the fire of \u201907, and 5'11")]
    assert ("1998", True) in found and ("2007", True) in found
    assert all(k not in ("1911", "2011") for k, _ in found)


def test_accented_words_are_one_word_that_plain_letters_match() -> None:
    """'Liège' and 'Paços' are single words, matched by 'liege' and 'pacos' as people type them."""
    assert [t.key for t in tokens("Liège and Paços")] == [t.key for t in tokens("liege and pacos")]
    assert len(tokens("Liège")) == 1
