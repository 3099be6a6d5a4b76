"""bot/authoring/text.py: paragraphs, sentences and ids, each rule on a made-up passage."""
from __future__ import annotations

from bot.authoring.text import slug, split_paragraphs, split_sentences, unique


def test_paragraphs_are_blocks_between_blank_lines() -> None:
    """Blank lines (even with spaces on them) part paragraphs; a wrapped line stays in its paragraph."""
    assert split_paragraphs("Title\n\nFirst line\nwrapped.\n  \nSecond.\r\n\r\nThird.\n") == \
        ["Title", "First line\nwrapped.", "Second.", "Third."]


def test_a_text_without_blank_lines_has_a_paragraph_per_line() -> None:
    """Pasted text with one paragraph a line and no blank line between them is split at each line."""
    assert split_paragraphs("Headline\nThe first paragraph.\nThe second.\n") == \
        ["Headline", "The first paragraph.", "The second."]


def test_no_split_after_abbreviations() -> None:
    """Dr., U.S., Sen., Inc. and p.m. inside a sentence end nothing."""
    paragraph = ("Dr. Ana Ruiz met Sen. Tom Hale at the U.S. embassy at 3 p.m. on Friday. "
                 "Talks with Norfield Inc. went on. Nothing was signed.")
    assert split_sentences(paragraph) == ["Dr. Ana Ruiz met Sen. Tom Hale at the U.S. embassy at 3 p.m. on Friday.",
                                          "Talks with Norfield Inc. went on.", "Nothing was signed."]


def test_no_split_after_initials() -> None:
    """'J. K. Osei' is one name, not three sentences."""
    assert split_sentences("The union's J. K. Osei spoke first. Others followed.") == \
        ["The union's J. K. Osei spoke first.", "Others followed."]


def test_a_quote_closing_after_the_full_stop_stays_with_its_sentence() -> None:
    """The closing quotation mark after '.' belongs to the sentence it closes."""
    assert split_sentences("She said, “It is over.” Then she left. He called it ‘a farce.’ Nobody laughed.") == \
        ["She said, “It is over.”", "Then she left.", "He called it ‘a farce.’", "Nobody laughed."]


def test_a_quoted_exclamation_keeps_its_attribution() -> None:
    """'"Enough!" Raman said.' and '“Why now?” asked Lee.' are one sentence each."""
    assert split_sentences('"Enough!" Raman said. “Why now?” asked Mayor Lee Park. The room went quiet.') == \
        ['"Enough!" Raman said.', "“Why now?” asked Mayor Lee Park.", "The room went quiet."]


def test_a_time_of_day_keeps_the_day_after_it() -> None:
    """'at 9 a.m. Monday' does not end at 'a.m.'."""
    assert split_sentences("Voting starts at 9 a.m. Monday in every ward. Results follow.") == \
        ["Voting starts at 9 a.m. Monday in every ward.", "Results follow."]


def test_sentences_are_verbatim_spans() -> None:
    """Each sentence is found as is in its paragraph, odd spacing and all."""
    paragraph = "It rained.   Then  it  stopped!\tThe end?"
    sentences = split_sentences(paragraph)
    assert len(sentences) == 3 and all(s in paragraph for s in sentences)


def test_slug_keeps_content_words_in_ascii() -> None:
    """Function words go, accents are dropped, and at most `words` words remain."""
    assert slug("The Café in São Paulo opens for the summer season again", words=4) == "cafe-sao-paulo-opens"
    assert slug("— of the —") == "item"


def test_unique_numbers_a_taken_id() -> None:
    """A taken id gets -2, -3, ...; each one returned is taken from then on."""
    taken: set[str] = {"budget"}
    assert [unique("budget", taken), unique("budget", taken), unique("roads", taken)] == \
        ["budget-2", "budget-3", "roads"]
    assert taken == {"budget", "budget-2", "budget-3", "roads"}
