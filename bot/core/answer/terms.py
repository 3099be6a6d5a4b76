"""Words of a text as typed tokens: surface form, match key, and what kind of word it is."""
from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from bot.core.answer import language

__all__ = ["SEPARATOR", "Names", "Token", "content_keys", "forget_words", "keys", "keys_and_phrases", "name_key",
           "name_words", "tokens", "word_record", "words_of"]

MAX_WORD = 40  # longer "words" are noise (a URL, a pasted hash): they match nothing and cost nothing
_TOKEN = re.compile(r"(?<!\w)['\u2019]\d\d(?!\w)|[$\u20ac\u00a3]?\d[\d,]*(?:\.\d+)?%?"
                    r"|[A-Za-z]+(?:['\u2019.-][A-Za-z]+)*")
_SHORT_YEAR = re.compile(r"['\u2019](\d\d)")  # "'98": 1998, "'07": 2007
V = TypeVar("V")
K = TypeVar("K", bound=Hashable)
SEPARATOR = "\x00"  # after each text in `words_of`: no word contains it, and it matches as a word of its own
# _TOKEN's alternatives (their first characters differ, so their order does not matter) letters first, and the
# short year's look-behind after its apostrophe: the regex engine then skips what starts no word ~25% faster; a
# look-ahead for the characters any alternative starts with skips a space or a comma before trying them (~8%)
_WORDS_OR_SEPARATOR = re.compile(r"(?=[A-Za-z$\u20ac\u00a3\d'\u2019\x00])"
                                 r"(?:[A-Za-z]+(?:['\u2019.-][A-Za-z]+)*|[$\u20ac\u00a3]?\d[\d,]*(?:\.\d+)?%?"
                                 r"|['\u2019](?<!\w['\u2019])\d\d(?!\w)|\x00)")
_ACCENTED = re.compile("[\u00c0-\u024f]+")  # the only letters language.strip_accents changes
_NAME_WORDS = frozenset({"of", "and", "de", "van", "von", "la", "le", "del", "da"})  # kept inside names
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)$")


@dataclass(frozen=True, slots=True)
class Token:
    """One word: as written, lower-cased, its match key, and its kind."""

    raw: str
    low: str
    key: str
    stop: bool  # a function word ("the", "did"): never a term
    number: bool  # a figure or a number word, key = its value ("two" -> "2", "1,200" -> "1200")
    capital: bool  # written with a capital letter


_COUNTRY_ABBREVIATIONS = {"US": "usa", "U.S": "usa", "USA": "usa", "U.S.A": "usa", "UK": "uk", "U.K": "uk"}


@lru_cache(maxsize=language.CACHE)
def _token(raw: str) -> Token:
    if raw in _COUNTRY_ABBREVIATIONS:  # 'US' in capitals is the country, not the pronoun
        low = _COUNTRY_ABBREVIATIONS[raw]
        return Token(raw, low, language.key(low), False, False, True)
    short = _SHORT_YEAR.fullmatch(raw)
    if short:
        year = f"{19 if int(short.group(1)) >= 30 else 20}{short.group(1)}"
        return Token(raw, year, year, False, True, False)
    low = language.strip_accents(raw).lower().replace("\u2019", "'")
    if low.endswith("'s"):
        low = low[:-2]  # possessive
    figure = low.lstrip("$\u20ac\u00a3").rstrip("%").replace(",", "")
    if figure[:1].isdigit():
        return Token(raw, low, figure, False, True, False)
    ordinal = _ORDINAL.match(low)
    if ordinal:
        return Token(raw, low, ordinal.group(1), False, True, False)
    if low in language.NUMBER_WORDS:
        return Token(raw, low, str(language.NUMBER_WORDS[low]), False, True, False)
    low = language.MONTH_ABBREVIATIONS.get(low.rstrip("."), low)
    stop = low in language.FUNCTION_WORDS
    return Token(raw, low, low if stop else language.key(low.replace("'", "")), stop, False, raw[:1].isupper())


def tokens(text: str) -> list[Token]:
    """The words of a text, in order."""
    if not text.isascii():  # 'Liège' is one word, 'liege' to match
        text = language.strip_accents(text)
    return [_token(w) for w in _TOKEN.findall(text) if len(w) <= MAX_WORD]


def words_of(texts: list[str]) -> list[str]:
    """The words of many texts as `tokens` reads each (before its length limit), every text's followed by
    SEPARATOR: one regex pass over them all. No word spans two texts: SEPARATOR is no letter, digit or sign, as
    a text's end is not; one inside a text separates words as a space does, so it is read as a space."""
    if not texts:
        return []
    # accents stripped run by run (translating a long text char by char is slow), in the texts that have any
    # character outside ASCII only (`isascii` costs nothing: Python records it with the string)
    texts = [t if t.isascii() else _ACCENTED.sub(_strip_run, t) for t in texts]
    joined = SEPARATOR.join(texts) + SEPARATOR
    if joined.count(SEPARATOR) != len(texts):
        joined = SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts) + SEPARATOR
    return _WORDS_OR_SEPARATOR.findall(joined)


def _strip_run(m: re.Match[str]) -> str:
    return language.strip_accents(m.group())


def word_record(raw: str) -> tuple[tuple[str, ...], str | None, bool]:
    """What the index takes of one word `words_of` found: the keys it adds to `content_keys`, the key it adds to
    `name_words` (or None), and whether it is a function word. A word over MAX_WORD adds nothing, as in `tokens`."""
    if len(raw) > MAX_WORD:
        return (), None, False
    t = _token(raw)
    return tuple(content_keys([t])), (t.key if not t.stop or t.low in _NAME_WORDS else None), t.stop


def content_keys(words: list[Token]) -> list[str]:
    """Match keys of the content words, and of each part of a hyphenated one ('semi-final' -> semi, final)."""
    out = []
    for t in words:
        if not t.stop:
            out.append(t.key)
            if "-" in t.low and not t.number:
                out += [_token(part).key for part in t.low.split("-") if len(part) > 1]
    return out


def keys(text: str) -> list[str]:
    """Match keys of a text's content words: what the index stores for a passage."""
    return content_keys(tokens(text))


def keys_and_phrases(text: str) -> set[str]:
    """Match keys of the content words, and of each two and three adjacent ones ('prime minist')."""
    found = keys(text)
    return {*found, *(f"{a} {b}" for a, b in zip(found, found[1:], strict=False)),  # each word and the next
            *(f"{a} {b} {c}" for a, b, c in zip(found, found[1:], found[2:], strict=False))}


def name_key(words: Iterable[Token]) -> tuple[str, ...]:
    """The key of a name: its words' keys, function words dropped except those inside names ('Port of X')."""
    return tuple(w.key for w in words if not w.stop or w.low in _NAME_WORDS)


class Names(Generic[K, V]):
    """Finds the longest known names in a list of tokens, by their keys: no regex, one dict lookup per word.
    Keys are match keys (str), or any numbering of them (a build numbers them)."""

    def __init__(self, names: dict[tuple[K, ...], V]):
        self._names = names
        self._lengths: dict[K, list[int]] = {}
        for seq in names:
            self._lengths.setdefault(seq[0], []).append(len(seq))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)

    def starts(self) -> list[K]:
        """The keys a name begins with."""
        return list(self._lengths)

    def find(self: Names[str, V], words: list[Token]) -> list[tuple[int, int, V]]:
        """Each longest mention: (start, end, value), non-overlapping, left to right."""
        at = [i for i, w in enumerate(words) if not w.stop or w.low in _NAME_WORDS]
        found = self.find_keys([words[i].key for i in at], [words[i].stop for i in at])
        return [(at[j], at[end - 1] + 1, hit) for j, end, hit in found]

    def find_keys(self, keys: list[K], stops: list[bool]) -> list[tuple[int, int, V]]:
        """`find` over the words a name is keyed by (`name_words`): their keys, and whether each is a function word
        ('of', 'de'), which may stand inside a name but not begin one. Positions count those words only."""
        return [(j, end, hit) for _, j, end, hit in self.find_many(keys, stops, [len(keys)])]

    def find_many(self, keys: list[K], stops: list[bool], ends: list[int], starts: Iterable[int] | None = None
                  ) -> list[tuple[int, int, int, V]]:
        """`find_keys` over many lists at once, one after another in `keys` and `stops`, list i ending at `ends[i]`
        (ascending): (i, start, end, value), positions into `keys`. `starts`: the positions, ascending, whose key
        a name begins with (`starts()`), if known; else they are looked for."""
        lengths, names = self._lengths, self._names
        found: list[tuple[int, int, int, V]] = []
        i, taken = 0, 0  # the list position j is in; where the last mention ended: mentions do not overlap
        for j in [j for j, k in enumerate(keys) if k in lengths] if starts is None else starts:
            while j >= ends[i]:
                i += 1
            if j < taken or stops[j]:
                continue
            end = ends[i]
            for n in lengths[keys[j]]:
                stop = j + n if j + n < end else end
                hit = names.get(tuple(keys[j:stop]))
                if hit is not None:
                    taken = stop
                    found.append((i, j, taken, hit))
                    break
        return found


def name_words(words: list[Token]) -> tuple[list[str], list[bool]]:
    """The words a name is keyed by, as `Names.find_keys` takes them: function words dropped but 'of', 'de' ..."""
    at = [w for w in words if not w.stop or w.low in _NAME_WORDS]
    return [w.key for w in at], [w.stop for w in at]


def forget_words() -> None:
    """Empty the word caches (this module's and `language`'s) after an index build: the build fills them with
    every word of every briefing (thousands, a few MB), where questions bring a few dozen words each."""
    for cached in (_token, language._forms, language.lemmas, language.parts_of_speech, language.is_participle,
                   language.american, language.key, language.specificity, language.related):
        cached.cache_clear()
