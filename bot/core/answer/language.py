"""General English knowledge, all from maintained data packages: word forms, synonyms, spellings, contractions.

- Word forms and lemmas: lemminflect, compiled by `scripts/build_lemmas.py` into `data/lemmas.tsv` (each
  word's lemmas by part of speech and whether it is a past participle), read in under a millisecond on first
  use where lemminflect's own tables take ~150 ms and ~50 MB; lemminflect itself answers only for words not in
  lower case.
- Synonyms and broader words: Princeton WordNet 3.0, compiled by `scripts/build_synonyms.py` into
  `data/synonyms.tsv.gz` (see docs/answer-engine.md for why WordNet and how the table is made).
- British and American spellings: breame.
- Contractions and chat shorthand ("won't", "whos", "gonna"): contractions, plus the general chat
  abbreviations of `data/shorthand.tsv` ("ppl", "govt", "r").
- Function words: NLTK's English stop-word list as bm25s ships it.

Nothing here is about one article. Every lookup is cached in a bounded cache, so no input can grow memory.
"""
from __future__ import annotations

import calendar
import gzip
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS
from breame.spelling import get_american_spelling

__all__ = ["MEASURES", "MONTHS", "SCALES", "common", "expand_contractions", "key", "lemmas", "parts_of_speech",
           "past_form", "phrase_key", "present_form", "related", "strip_accents"]

CACHE = 20_000  # words remembered per lookup; a question brings at most a few dozen new ones
DATA = Path(__file__).resolve().parent / "data"
# NLTK's list keeps fragments of contractions ("won" of "won't"); the question is expanded before this
# list applies, so the fragments that are also content words ('won', 'most') are no function words here.
FUNCTION_WORDS = (frozenset(STOPWORDS_EN_PLUS) | frozenset(
    (DATA / "function_words.txt").read_text(encoding="utf-8").split())) - {"won", "most", "few", "same", "own"}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
MONTH_ABBREVIATIONS = {a.lower(): m.lower() for a, m in zip(calendar.month_abbr, calendar.month_name, strict=True)
                       if a} | {"sept": "september"}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_BASE_POS = ("VERB", "NOUN", "ADJ", "ADV")
_stem: Callable[[str], str] = Stemmer.Stemmer("english").stemWord  # PyStemmer ships no type information


def _base_letter(c: str) -> str:
    return "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))


# every accented Latin letter (U+00C0-U+024F) and its base letters, worked out once: 'è' -> 'e', 'ß' stays
_ACCENTS = str.maketrans({c: _base_letter(c) for c in map(chr, range(0xC0, 0x250))
                          if _base_letter(c) != c and _base_letter(c).isascii()})


def strip_accents(text: str) -> str:
    """The text with accented Latin letters as their base letters ('Liège' -> 'Liege'), other characters kept."""
    return text.translate(_ACCENTS)


_POS = {"N": "NOUN", "V": "VERB", "A": "ADJ", "R": "ADV", "X": "AUX"}  # the table's letters (build_lemmas.py)
Lemmas = dict[str, tuple[str, ...]]  # part of speech -> lemmas, as lemminflect.getAllLemmas gives them


@cache
def _lexicon() -> str:
    """data/lemmas.tsv, read on first use: a version line, then one line a word, in string order."""
    return (DATA / "lemmas.tsv").read_text(encoding="utf-8")


def _lexicon_line(word: str) -> str | None:
    """The table's line for a word, found by halving the text (no list of lines is ever built), or None."""
    text, prefix = _lexicon(), word + "\t"
    # lo and hi are line starts: every line before lo sorts before prefix, and no line from hi on does
    lo, hi = text.index("\n") + 1, len(text)
    while lo < hi:
        newline = text.rfind("\n", lo, (lo + hi) // 2)
        start = lo if newline < 0 else newline + 1  # the start of the line around the middle
        end = text.index("\n", start)
        if text[start:end] < prefix:
            lo = end + 1
        else:
            hi = start
    return text[lo:text.index("\n", lo)] if text.startswith(prefix, lo) else None


@lru_cache(maxsize=CACHE)
def _forms(word: str) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], bool]:
    """A lower-case word's table entry: its (part of speech, lemmas) pairs in lemminflect's order, and whether it
    is a past participle; a word the table lacks has neither."""
    line = _lexicon_line(word)
    if line is None:
        return (), False
    _, entries, *participle = line.split("\t")
    found = []
    for entry in entries.split(","):
        pos, _, spelled = entry.partition(":")
        found.append((_POS[pos], tuple(spelled.split("/")) if spelled else (word,)))
    return tuple(found), bool(participle)


def _all_lemmas(word: str) -> Lemmas:
    """lemminflect.getAllLemmas(word): from the compiled table, or for a word not in lower case (whose case
    lemminflect carries over to the lemmas) from lemminflect itself."""
    if word != word.lower():
        import lemminflect
        return dict(lemminflect.getAllLemmas(word))
    return dict(_forms(word)[0])


@lru_cache(maxsize=CACHE)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary lemma of a lower-case word, over all its parts of speech ('took' -> take)."""
    return frozenset(lemma for forms in _all_lemmas(word).values() for lemma in forms)


@lru_cache(maxsize=CACHE)
def parts_of_speech(word: str) -> frozenset[str]:
    """The universal parts of speech a dictionary gives a lower-case word ('seized' -> VERB)."""
    return frozenset(_all_lemmas(word))


@lru_cache(maxsize=CACHE)
def present_form(word: str) -> bool:
    """Whether a lower-case word is a verb's present form, other than "be", "have" and "do" ("returns", "host",
    "visiting"); it may be a noun too ("plans")."""
    import lemminflect
    return any(word in lemminflect.getInflection(lemma, tag) for lemma in _all_lemmas(word).get("VERB", ())
               if lemma not in ("be", "have", "do") for tag in ("VBZ", "VBP", "VBG"))


@lru_cache(maxsize=CACHE)
def past_form(word: str) -> bool:
    """Whether a lower-case word is a verb's simple past and nothing else: "drew", "flew", "stood", "sank"; not
    "found", "saw" or "left", which are other words too."""
    import lemminflect
    lemmas = _all_lemmas(word)
    return set(lemmas) == {"VERB"} and any(word in lemminflect.getInflection(lemma, "VBD") and
                                           word not in lemminflect.getInflection(lemma, "VBP")
                                           for lemma in lemmas["VERB"])


@lru_cache(maxsize=CACHE)
def is_participle(word: str) -> bool:
    """Whether a lower-case word is a verb's past participle ('founded', 'born', 'built')."""
    if word == word.lower():
        return _forms(word)[1]
    import lemminflect
    verbs = lemminflect.getAllLemmas(word).get("VERB", ())
    return any(word in lemminflect.getInflection(lemma, "VBN") for lemma in verbs)


@lru_cache(maxsize=CACHE)
def american(word: str) -> str:
    """The American spelling of a lower-case British one ('organised' -> 'organized'), else the word."""
    return get_american_spelling(word) if len(word) > 3 else word


@lru_cache(maxsize=CACHE)
def key(word: str) -> str:
    """The match key of a lower-case word: the stem of its base form, in American spelling.

    A word that is a base form in some part of speech stays itself ('left', 'found'); an inflection that is
    no base form becomes its lemma first ('took' -> take, 'children' -> child), then everything is stemmed
    ('seized', 'seizing' -> seiz)."""
    word = american(word)
    found = _all_lemmas(word)
    if found and not any(word in found.get(p, ()) for p in _BASE_POS):
        word = next(iter(next(iter(found.values()))))
    return _stem(word)


def common(word: str) -> bool:
    """Whether an English dictionary lists the lower-case word as a common word: no name, no typo."""
    return bool(lemmas(american(word)))


@cache
def _synonyms() -> dict[str, str]:
    """The WordNet table, read on first use: lemma -> "same-sense words<TAB>broader words", space-separated."""
    with gzip.open(DATA / "synonyms.tsv.gz", "rt", encoding="utf-8") as f:
        return dict(line.split("\t", 1) for line in f.read().splitlines())


def _entry(lemma: str) -> tuple[list[str], list[str]]:
    same, broader, *_ = (*_synonyms().get(lemma, "").split("\t"), "", "")
    return [w for w in same.split(",") if w], [w for w in broader.split(",") if w]


def is_name(word: str) -> bool:
    """Whether a lower-case word reads as a name: no dictionary lists it as a common word ('france', 'merkel');
    an abbreviation WordNet knows as a common word ('pm') or a short one ('op') is no name."""
    if len(word) < 4 or common(word):
        return False
    if "-" in word:  # 'cool-down', 'check-ins': a compound of common words; 'Saint-Denis' has a name part
        return any(is_name(part) for part in word.split("-"))
    entry = _synonyms().get(american(word))
    return entry is None or entry.endswith("\tname")


def is_name_phrase(first: str, second: str) -> bool:
    """Whether two lower-case words are a name WordNet only ever writes with capitals ('red sea')."""
    return _synonyms().get(f"{first} {second}", "").endswith("\tname")


# What a how-question's adjective measures in: the answer's figure carries one of these words.
MEASURES = {
    "old": ("year", "years", "aged", "age", "old"),
    "long": ("second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "metre", "meter",
             "kilometre", "kilometer", "mile", "km", "foot", "feet"),
    "late": ("second", "minute", "hour", "day", "week", "month", "year"),
    "far": ("metre", "meter", "kilometre", "kilometer", "mile", "km", "foot", "feet", "yard"),
    "deep": ("metre", "meter", "kilometre", "km", "foot", "feet", "fathom"),
    "high": ("metre", "meter", "kilometre", "km", "foot", "feet", "percent", "degree"),
    "tall": ("metre", "meter", "centimetre", "foot", "feet", "inch"),
    "hot": ("degree", "celsius", "fahrenheit", "°c", "°f"),
    "cold": ("degree", "celsius", "fahrenheit", "°c", "°f"),
    "warm": ("degree", "celsius", "fahrenheit", "°c", "°f"),
    "heavy": ("kilogram", "kg", "tonne", "ton", "pound", "gram"),
    "fast": ("kilometre", "km", "mile", "mph", "knot", "second", "minute", "hour"),
    # not an adjective: a question about money ('how much did it cost', 'the price tag') wants a sum of money
    "money": ("$", "\u20ac", "\u00a3", "\u00a5", "euro", "dollar", "pound", "sterling", "krona", "kronor", "krone",
              "franc", "yen", "yuan", "renminbi", "rupee", "peso", "rand", "lira", "zloty", "forint", "shekel",
              "dirham", "riyal", "rouble", "ruble", "real", "won", "ringgit", "baht", "usd", "eur", "gbp", "sek", "nok",
              "dkk", "chf", "jpy", "cad", "aud"),
    # nor is a share ('what share of the vote'): a percentage or a fraction
    "share": ("%", "percent", "per cent", "percentage", "half", "third", "quarter", "fifth", "tenth", "majority",
              "fraction", "proportion", "twice", "double"),
}
SHARES = frozenset(["share", "percentage", "proportion", "fraction", "percent"])  # 'what share of ...': a proportion
# words that make a how-much question a question about money
MONEY = frozenset(["price", "cost", "costs", "costing", "cash", "money", "fee", "fees", "budget", "spend", "spent",
                   "spending", "pay", "paid", "payment", "afford", "worth", "fund", "funds", "funded", "funding",
                   "invest", "invested", "investment", "salary", "wage", "wages", "earn", "earned", "earns", "prize",
                   "loan", "loans", "borrow", "borrowed", "raise", "raised", "bill", "tab", "fine", "fined", "revenue",
                   "profit", "sale", "sold", "buy", "bought"])


def phrase_key(phrase: str) -> str:
    """The match key of a word or a phrase of words ('prime minister' -> 'prime minist')."""
    return " ".join(key(w) for w in phrase.split())


@cache
def _frequency() -> dict[str, float]:
    """wordfreq's Zipf frequency of the most common English words (data/frequency.tsv.gz), read on first use."""
    with gzip.open(DATA / "frequency.tsv.gz", "rt", encoding="utf-8") as f:
        return {w: float(z) for w, z in (line.split("\t") for line in f.read().splitlines())}


RARE, COMMONEST = 3.0, 6.5  # Zipf frequencies: a word this rare says everything about its topic, this common little


@lru_cache(maxsize=CACHE)
def specificity(word: str) -> float:
    """How much a lower-case word says about a topic, 0.1-1.0, from how rare it is in English at large.

    'cocaine' or a name says a lot; 'get', 'thing' or 'deal' little, so a question need not find them."""
    zipf = _frequency().get(word, RARE)
    return max(0.1, min(1.0, (COMMONEST - zipf) / (COMMONEST - RARE)))


@lru_cache(maxsize=CACHE)
def related(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """Match keys of the word's synonyms and of its broader words, from every lemma of it ('grab' -> seiz)."""
    same: set[str] = set()
    broader: set[str] = set()
    for lemma in {american(word), *lemmas(american(word))}:
        s, b = _entry(lemma)
        same.update(map(phrase_key, s))
        broader.update(map(phrase_key, b))
    own = key(word)
    same.discard(own)
    return frozenset(same), frozenset(broader - same - {own})


def phrase_related(first: str, second: str) -> tuple[frozenset[str], frozenset[str]]:
    """Like `related`, for a two-word expression the table knows ('show up' -> appear), else nothing."""
    for lemma in {first, *lemmas(first)}:
        same, broader = _entry(f"{lemma} {second}")
        if same or broader:
            return frozenset(map(phrase_key, same)), frozenset(map(phrase_key, broader))
    return frozenset(), frozenset()


_CONTRACTION = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)+|\b(?:whos|whats|wheres|hows|isnt|wasnt|didnt|doesnt|dont|"
                          r"cant|wont|arent|werent|havent|hasnt|wouldnt|couldnt|shouldnt|gonna|wanna|gotta|ya|u)\b",
                          re.I)


_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_WH_IS = re.compile(r"\b(who|what|where|when|how|why)s\b", re.I)
SHORTHAND = dict(line.split("\t") for line in (DATA / "shorthand.tsv").read_text(encoding="utf-8").splitlines() if line)
# lower case only: 'U.S.' and 'W' (a name's initial) are no shorthand
_SHORTHAND = re.compile(r"(?<![\w'.])(?:" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True))
                        + r")(?![\w.])(?!'(?!s\b))")  # 'govt's' is the government's


def expand_contractions(text: str) -> str:
    """'won't' -> 'will not', 'whos' -> 'who is', 'gonna' -> 'going to' (the contractions package)."""
    text = _SHORTHAND.sub(lambda m: SHORTHAND[m.group().lower()], _WH_IS.sub(r"\1 is", text))
    if not _CONTRACTION.search(text):
        return text
    import contractions  # its automaton is built on first use: only questions that need it pay

    kept = _DOTTED.findall(text)  # 'U.S.' is no 'you': the slang table must not see initials
    fixed = str(contractions.fix(_DOTTED.sub("QQDOTTEDQQ", text), slang=True))
    for abbreviation in kept:
        fixed = fixed.replace("QQDOTTEDQQ", abbreviation, 1)
    return fixed
