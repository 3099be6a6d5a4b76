"""An article's text as paragraphs and verbatim sentences, and the ids (slugs) a draft names its items by."""
from __future__ import annotations

import re
import unicodedata

import sentencex

__all__ = ["SENTENCE_END", "slug", "split_paragraphs", "split_sentences", "unique"]

SENTENCE_END = (".", "!", "?", "”", '"', "’", "'", ")", "…")  # what a line that is a sentence ends with

# function words left out of an id: "the-council-approves-budget", not "the-council-approves-the-budget"
SLUG_STOPWORDS = frozenset({
    "a", "an", "the", "in", "on", "at", "by", "for", "from", "with", "of", "to", "into", "after", "before", "but",
    "and", "or", "if", "when", "while", "as", "its", "his", "her", "their", "this", "that", "these", "those", "it",
    "we", "he", "she", "they", "there", "is", "are", "was", "were", "be", "been", "has", "have", "had", "our", "my",
    "your", "until", "since", "according",
})
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# verbs that attribute speech: '"Enough!" Raman said.' is one sentence however the quote ends
_SPEECH = (r"said|says|asked|asks|added|adds|told|tells|replied|wrote|writes|shouted|recalled|insisted|argued|"
           r"warned|explained|noted|continued|declared|admitted|conceded")
_ATTRIBUTION = re.compile(rf"(?:(?:[A-Z][\w.'’-]*|he|she|they|it|we|I)\s+){{1,4}}(?:{_SPEECH})\b"
                          rf"|(?:{_SPEECH})\s+(?:[A-Z][\w.'’-]*\s*){{1,4}}")
_QUOTE_ENDS_ASKING = re.compile(r"[!?][”\"’']\s*$")
_TIME_OF_DAY_END = re.compile(r"\b[ap]\.m\.\s*$")
_CALENDAR_WORD = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
                            r"April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|"
                            r"Jul|Aug|Sept?|Oct|Nov|Dec)\b")


def split_paragraphs(article: str) -> list[str]:
    """Paragraphs are the blocks between blank lines; a text with no blank line at all (one paragraph a line, as
    many pasted articles are) has one paragraph per line. Each is stripped, none is empty."""
    text = article.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [b.strip() for b in blocks if b.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, each a verbatim span of it.

    sentencex (Wikimedia's rule-based segmenter) does not split after abbreviations (Dr., U.S., Sen., Inc., p.m.)
    or initials, and keeps a quote that closes after the full stop with its sentence. Two news habits it splits are
    joined again: a quoted exclamation or question and its attribution, and a time of day and the day after it."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in sentencex.segment("en", paragraph):
        start = paragraph.find(piece.strip(), cursor)
        if not piece.strip() or start < 0:
            continue
        cursor = start + len(piece.strip())
        if spans and (is_attribution(paragraph[slice(*spans[-1])], piece.strip())
                      or continues_time_of_day(paragraph[slice(*spans[-1])], piece.strip())):
            spans[-1] = (spans[-1][0], cursor)
        else:
            spans.append((start, cursor))
    return [paragraph[start:end] for start, end in spans]


def is_attribution(before: str, piece: str) -> bool:
    """`piece` goes on by saying who spoke the quote that `before` ends with '!' or '?' ('"Enough!" Raman said.')."""
    return _QUOTE_ENDS_ASKING.search(before) is not None and _ATTRIBUTION.match(piece) is not None


def continues_time_of_day(before: str, piece: str) -> bool:
    """`before` ends on a time of day and `piece` goes on with its day or date ('at 9 a.m.' + 'Monday, ...')."""
    return _TIME_OF_DAY_END.search(before) is not None and _CALENDAR_WORD.match(piece) is not None


def slug(text: str, words: int = 6) -> str:
    """An id from a text: its first `words` words that are not function words, ASCII, lower case, dash-joined."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in SLUG_STOPWORDS][:words]
    return "-".join(parts) or "item"


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not taken yet; the one returned is added to `taken`."""
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out
