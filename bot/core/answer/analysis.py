"""Turn text into matchable words: stems, synonym groups, numbers, and entity mentions."""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import lemminflect
import Stemmer

from bot.core.answer.lexicon import (
    IRREGULAR,
    LIGHT,
    NUMBERS,
    PHRASES,
    STOPWORDS,
    SYNONYMS,
)
from bot.core.text import normalise

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'.][A-Za-z0-9]+)*")
_SPLIT = re.compile(r"[-'.]")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_DOMAINS = frozenset({"com", "org", "net", "eu", "be", "nl", "io", "news"})
_PREDICATES = frozenset({"VERB", "ADJ", "ADV"})
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
WEBSITE = "website"


@dataclass(frozen=True)
class Word:
    """One word of a text: its original form, a stem key for names, and its match terms."""

    raw: str
    key: str  # stem of the whole word: used to match entity names and aliases
    terms: tuple[str, ...]  # synonym groups or stems; any of them counts as a match
    stop: bool
    light: bool


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class Analyzer:
    """Words and terms for questions and passages, with one shared lexicon and stemmer."""

    def __init__(self) -> None:
        self._stem = Stemmer.Stemmer("english").stemWord
        self._by_word: dict[str, list[str]] = {}
        self._by_stem: dict[str, list[str]] = {}
        for group in SYNONYMS:
            name = self._stem(group[0])
            for w in group:
                for table, key in ((self._by_word, w), (self._by_stem, self._stem(w))):
                    if name not in table.setdefault(key, []):
                        table[key].append(name)
        self._cache: dict[str, tuple[str, ...]] = {}
        self._light = {self._stem(w) for w in LIGHT}
        self._words: dict[str, tuple[Word, ...]] = {}
        self._weak: dict[str, bool] = {}
        self.weak("be")  # loads the part-of-speech lexicon now, not on the first question

    def weak(self, word: str) -> bool:
        """Whether an English dictionary lists the word as a verb, adjective or adverb ('start', 'upcoming').

        Such words describe the question more than its topic, so the engine need not find them in the
        article; a noun-only word ('pizza', 'mayor') or a word no dictionary knows names the topic itself.
        """
        hit = self._weak.get(word)
        if hit is None:
            hit = self._weak[word] = bool(_PREDICATES.intersection(lemminflect.getAllLemmas(word.lower())))
        return hit

    @staticmethod
    def known(word: str) -> bool:
        """Whether an English dictionary lists the word at all (so it is no misspelling)."""
        return bool(lemminflect.getAllLemmas(word.lower()))

    @staticmethod
    def noun(word: str) -> bool:
        """Whether an English dictionary lists the word as a common noun ('country', 'region')."""
        return "NOUN" in lemminflect.getAllLemmas(word.lower())

    def superlative(self, word: str) -> bool:
        """'biggest', 'most', 'best': a word that ranks something against all others."""
        low = word.lower()
        if low in ("most", "least", "best", "worst"):
            return True
        return low.endswith("est") and any(lemma != low for lemma in lemminflect.getAllLemmas(low).get("ADJ", ()))

    def canon(self, word: str) -> tuple[str, ...]:
        """The match terms of one lower-case word."""
        hit = self._cache.get(word)
        if hit is None:
            w = IRREGULAR.get(word, word)
            if w in NUMBERS:
                hit = (NUMBERS[w],)
            elif _DECIMAL.fullmatch(w):
                hit = (w.replace(",", ""),)
            elif w in self._by_word:
                hit = tuple(self._by_word[w])
            else:
                s = self._stem(w)
                hit = tuple(self._by_stem.get(s, [s]))
            self._cache[word] = hit
        return hit

    def words(self, text: str) -> list[Word]:
        text = normalise(text)
        if not text.isascii():
            text = strip_accents(text)
        low = text.lower()
        for trigger, pattern, repl in PHRASES:
            if trigger in low:
                text = pattern.sub(repl, text)
        out: list[Word] = []
        for m in _TOKEN.finditer(text):
            raw = m.group()
            hit = self._words.get(raw)
            if hit is None:
                hit = self._words[raw] = self._word(raw)
            out += hit
        return out

    def _word(self, raw: str) -> tuple[Word, ...]:
        low = raw.lower()
        out: list[Word] = []
        ordinal = _ORDINAL.fullmatch(low)  # "the 4th of January" is January 4
        if ordinal:
            low = ordinal.group(1)
        if _DECIMAL.fullmatch(low):
            parts = [low]
        else:
            parts = [p for p in _SPLIT.split(low) if p]
            if len(parts) > 1 and parts[-1] == "s" and "'" in low:
                parts = parts[:-1]  # possessive
            if len(parts) > 1 and parts[-1] in _DOMAINS and "." in low:
                out.append(Word(raw, WEBSITE, self.canon(WEBSITE), False, False))
                parts = parts[:-1]
        joined = "".join(parts)
        base = IRREGULAR.get(joined, joined)
        terms = list(self.canon(joined))
        if len(parts) > 1:
            for p in parts:
                if len(p) > 1 and p not in STOPWORDS:
                    terms += [t for t in self.canon(p) if t not in terms]
        key = self._stem(base)
        out.append(Word(raw, key, tuple(terms), joined in STOPWORDS, base in LIGHT or key in self._light))
        return tuple(out)

    def tokens(self, text: str) -> list[str]:
        """Flat match terms of every content word: what the index stores for a passage."""
        return [t for w in self.words(text) if not w.stop for t in w.terms]


def edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from a lower-case word."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters})


@dataclass(frozen=True)
class Mention:
    """An entity name found in a text: which entity it is in each briefing that knows it."""

    start: int
    end: int
    by_briefing: dict[str, set[str]]  # briefing id -> entity ids (read-only)
    ids: frozenset[str]  # every entity id it names, in any briefing
    proper: bool  # a capitalised name, not a generic reference like "the author"

    def here(self, briefing: str) -> set[str]:
        return self.by_briefing.get(briefing, set())


class EntityIndex:
    """Finds mentions of known entities (by name or alias) in a list of words."""

    def __init__(self, analyzer: Analyzer, names: Iterable[tuple[str, str, str]]):
        found: dict[tuple[str, ...], dict[str, set[str]]] = {}
        proper: set[tuple[str, ...]] = set()
        lengths: dict[str, set[int]] = {}  # first word -> lengths of aliases starting with it
        for briefing, entity_id, name in names:
            words = analyzer.words(name)
            if not words or all(w.stop for w in words):
                continue
            key = tuple(w.key for w in words)
            found.setdefault(key, {}).setdefault(briefing, set()).add(entity_id)
            if any(c.isupper() for c in name):
                proper.add(key)
            lengths.setdefault(key[0], set()).add(len(key))
        self._aliases = {k: (v, frozenset(e for ids in v.values() for e in ids), k in proper) for k, v in found.items()}
        self._order = {k: sorted(v, reverse=True) for k, v in lengths.items()}

    def find(self, words: list[Word]) -> list[Mention]:
        """Each longest non-overlapping mention of a known name."""
        found = []
        i = 0
        while i < len(words):
            for n in self._order.get(words[i].key, ()):
                hit = self._aliases.get(tuple(w.key for w in words[i:i + n])) if i + n <= len(words) else None
                if hit and not (n == 1 and words[i].stop):
                    found.append(Mention(i, i + n, *hit))
                    i += n
                    break
            else:
                i += 1
        return found
