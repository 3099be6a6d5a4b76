"""Facts of an article: the figures a sentence states, what kind of statement it is, and a short extractive summary."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import bm25s
import numpy as np
import Stemmer
from lemminflect import getAllInflections, getAllLemmas, getInflection

__all__ = ["figures_in", "kind_of", "summarise"]

# --- figures -------------------------------------------------------------------------------------------------------

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_YEAR = r"(?:1[89]|20)\d\d"
_UNITS = r"(?:stone|mile|hour|minute|second|day|week|month|year|decade|century|centurie|time)s?"
# what is a date or a time, not a figure: blanked before figures are looked for
_DATE_OR_TIME = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"  # March 3, 2026 / Jan. 14
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+{_YEAR}\b)?"  # 3 March 2026
    rf"|(?<![$€£¥\d,.])\b(?:mid-)?{_YEAR}s?\b(?![,.]?\d|\s?%|\s(?:percent|per cent)\b)"  # 2026, the 1990s
    rf"|\b\d{{1,2}}(?::\d\d)?\s?[ap]\.?m\.?(?!\w)|\b\d{{1,2}}:\d\d\b"  # 5 p.m., 7:30
    rf"|\b\d+(?:st|nd|rd|th)\b"  # ordinals
    rf"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few)\s+{_UNITS}\s+"
    rf"(?:ago|earlier|later|before|after)\b",  # ten years ago
    re.IGNORECASE)
_NUMBER_WORDS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
                 "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
                 "|a dozen|dozen|a hundred|a thousand")
_NUMBER_WORD = rf"(?:{_NUMBER_WORDS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
_FRACTION = (r"(?:a|one|two|three|four|five|six|seven|eight|nine)[- ]"
             r"(?:half|third|quarter|fifth|tenth|thirds|quarters|fifths|tenths)|half")
_MANY = r"dozens|hundreds|thousands|millions|billions"
_COMPARATOR = (r"more than|less than|fewer than|over|under|about|around|nearly|almost|roughly|approximately"
               r"|at least|at most|up to|some|an estimated|as many as|as much as|just over|just under")
_CURRENCY = r"(?:US|A|C|NZ|HK)?[$€£¥]"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"million|billion|trillion|thousand|bn|mn|m|k"
_FIGURE = re.compile(
    rf"(?P<cmp>\b(?:{_COMPARATOR})\s+)?(?:"
    rf"(?P<money>{_CURRENCY}\s?(?:{_DIGITS})(?:\s?(?:{_SCALE})\b)?)"
    rf"|(?P<fraction>\b(?:{_FRACTION})\s+of\b)"
    rf"|(?P<many>\b(?:{_MANY})\s+of\b)"
    rf"|(?P<number>(?<![\w.,-])(?:{_DIGITS})(?![\w.]?\d)(?:\s(?:million|billion|trillion)\b)?"
    rf"|\b{_NUMBER_WORD}\b(?:\s(?:million|billion|thousand|hundred)\b)?))",
    re.IGNORECASE)
_PERCENT = re.compile(r"\s?%|\s(?:percent|per cent)\b(?:age points?)?|\spercentage points?\b", re.IGNORECASE)
_DEGREES = re.compile(r"\s?°\s?[CF]?\b|\sdegrees\b(?:\s(?:Celsius|Fahrenheit|C|F)\b)?")
_ABBREVIATED_UNIT = re.compile(r"\s?(?:km/h|kph|mph|km²|sq km|sq mi|km|kg|mm|cm|ml|MW|GW|kW|kWh|MWh|GWh|GB|TB|ha)\b")
_SCORE = re.compile(r"\s?[-–]\s?(\d{1,2})\b(?![-–.]?\d)")
_VOTE_NOUN = re.compile(r"\s(?:vote|votes|decision|ruling|majority|verdict|win|victory|defeat|margin|split)\b")
_VOTE_TO = re.compile(r"\s(?:to|-)\s(\d{1,2})\b")
_VOTE_CUE = re.compile(r"\bvot(?:e|ed|es|ing)\b[\w\s,]{0,25}$|\bvote of\s*$", re.IGNORECASE)
_RATE = re.compile(r"\s(?:a|an|per|each)\s(?:second|minute|hour|day|week|month|year|person|head|capita)\b")
_HYPHEN_COMPOUND = re.compile(r"-[a-z]+(?:-[a-z]+)*\b")
_WORD = re.compile(r"\s+([A-Za-z]+(?:-[A-Za-z]+)*)")
_NOT_COUNTED = frozenset({
    "a", "an", "the", "of", "and", "or", "but", "nor", "in", "on", "at", "by", "from", "to", "with", "for", "as",
    "than", "that", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "will", "would", "can", "could", "may", "might", "must", "should", "shall", "do", "does", "did",
    "per", "each", "this", "these", "those", "its", "their", "his", "her", "our", "your", "my", "it", "they", "he",
    "she", "we", "you", "i", "more", "less", "fewer", "most", "least", "so", "if", "when", "while", "after",
    "before", "since", "until", "into", "about", "over", "under", "between", "against", "during", "out", "up",
    "down", "off", "not", "no", "all", "both", "also", "only", "just", "then", "there", "here", "what", "where",
})
_MODIFIERS_BEFORE_NOUN = frozenset({"more", "other", "additional", "extra", "new", "further", "fewer", "less"})
MAX_MODIFIERS = 3  # words between a number and what it counts: '40 newly built air-conditioned rooms'


def figures_in(text: str) -> list[str]:
    """The figures a text states, in order, each with what makes it a figure: its currency and scale ('$48 million',
    '€3.2bn'), its unit ('40 percent', '3.5%', '47 degrees Celsius', '12 km'), the noun it counts, with the words
    that describe it ('12,000 residents', '40 air-conditioned rooms'), or the vote it tallies ('a 7-2 vote' ->
    '7-2 vote', 'voted 7 to 2' -> '7 to 2'). A comparator before it stays ('more than 1,000 deaths').

    A bare number ('3 have sold', 'No. 10') is no figure, nor is 'one' of anything; dates, years, times of day,
    ordinals and 'ten years ago' are dates, not figures. A four-digit number from 1800 to 2099 without a comma is
    read as a year."""
    blanked = _DATE_OR_TIME.sub(lambda m: " " * len(m.group(0)), text)
    out: list[str] = []
    position = 0
    for m in _FIGURE.finditer(blanked):
        if m.start() < position:
            continue
        end = _figure_end(blanked, m)
        if end is not None:
            out.append(text[m.start():end].strip())
            position = end
    return out


def _figure_end(text: str, m: re.Match[str]) -> int | None:
    """Where the figure that starts at `m` ends, or None when what follows makes it no figure."""
    end = m.end()
    if m.group("money"):
        return rate_end(text, end)
    if m.group("fraction") or m.group("many"):
        return counted_noun_end(text, end, after_of=True)
    for unit in (_PERCENT, _DEGREES, _ABBREVIATED_UNIT):
        found = unit.match(text, end)
        if found:
            return rate_end(text, found.end())
    vote = vote_end(text, m)
    if vote is not None:
        return vote
    if m.group("number")[0].isdigit():
        compound = _HYPHEN_COMPOUND.match(text, end)
        if compound:  # '46-year-old', '10-day'
            return compound.end()
    noun = counted_noun_end(text, end)
    return rate_end(text, noun) if noun is not None else None


def vote_end(text: str, m: re.Match[str]) -> int | None:
    """The end of a vote or score kept whole: '7-2' (with its noun: '7-2 vote'), or '7 to 2' after 'voted' or
    'a vote of', or before 'vote'. A range of what is counted ('10-12 days') is left to the counted noun."""
    number = m.group("number")
    if not number.isdigit() or len(number) > 2:
        return None
    score = _SCORE.match(text, m.end())
    if score:
        noun = counted_noun_end(text, score.end())
        if noun is not None and not _VOTE_NOUN.match(text, score.end()):
            return noun  # a range: '10-12 days'
        vote_noun = _VOTE_NOUN.match(text, score.end())
        return vote_noun.end() if vote_noun else score.end()
    to = _VOTE_TO.match(text, m.end())
    if to and (_VOTE_CUE.search(text, 0, m.start()) or _VOTE_NOUN.match(text, to.end())):
        return to.end()
    return None


def rate_end(text: str, end: int) -> int:
    """A figure goes on with its rate: '40 miles a day', '150 containers per hour', '$9 million a year'."""
    rate = _RATE.match(text, end)
    return rate.end() if rate else end


def counted_noun_end(text: str, end: int, after_of: bool = False) -> int | None:
    """The end of the noun a number counts, past up to three words that describe it ('320 affordable homes',
    '14 dairy farms', '10 police officers'), or None when no plural noun follows ('2 on', '3 have sold'). After
    'two-thirds of' or 'hundreds of', an article or possessive may come first ('two-thirds of the cost')."""
    words = []
    for w in _WORD.finditer(text, end):
        if w.start() != end:
            break
        words.append(w)
        end = w.end()
        if len(words) > MAX_MODIFIERS + 2:
            break
    if after_of and words and words[0].group(1).lower() in ("the", "its", "their", "his", "her", "our", "all"):
        words = words[1:]
    for i, w in enumerate(words[:MAX_MODIFIERS + 1]):
        word = w.group(1)
        after = words[i + 1].group(1) if i + 1 < len(words) else ""
        if _head_noun(word, after, singular_ok=after_of):
            return w.end()
        if not _describes(word, after):
            return None
    return None


def _head_noun(word: str, after: str, singular_ok: bool) -> bool:
    """`word` is the noun counted: plural (or any noun after 'of'), and not itself describing a plural after it."""
    low = word.lower()
    if low in _NOT_COUNTED or (word[0].isupper() and not singular_ok):
        return False
    if not (is_plural_noun(low) or (singular_ok and is_noun(low))):
        return False
    after = after.lower()
    return not (after and after not in _NOT_COUNTED and is_plural_noun(after) and _describes_as_noun(low, after))


def _describes_as_noun(word: str, after: str) -> bool:
    """A noun before a plural noun describes it ('dairy farms', 'police officers') unless the plural is a verb
    that tells what the counted ones do ('residents rent')."""
    return not is_plural_noun(word) or (word in _noun_lemmas(word) and not _verb_lemmas(after))


def _describes(word: str, after: str) -> bool:
    """`word` may stand between a number and its noun: an adjective, a participle, a compound with a hyphen, or a
    noun describing the next one ('emergency wells')."""
    low = word.lower()
    if low in _MODIFIERS_BEFORE_NOUN or "-" in low:
        return True
    if low in _NOT_COUNTED or word[0].isupper() or not after:
        return False
    lemmas = _lemmas(low)
    return "ADJ" in lemmas or low.endswith(("ed", "ing")) or ("NOUN" in lemmas and is_noun(after.lower()))


@cache
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return dict(getAllLemmas(word))


def _noun_lemmas(word: str) -> tuple[str, ...]:
    return _lemmas(word).get("NOUN", ())


def _verb_lemmas(word: str) -> tuple[str, ...]:
    return _lemmas(word).get("VERB", ())


def is_noun(word: str) -> bool:
    """Whether the lower-case word can be a noun (lemminflect's lexicon)."""
    return bool(_noun_lemmas(word))


@cache
def is_plural_noun(word: str) -> bool:
    """Whether the lower-case word is the plural of some noun ('homes', 'people', 'police'; not 'vote')."""
    return any(word in getAllInflections(lemma, upos="NOUN").get("NNS", ()) for lemma in _noun_lemmas(word))


# --- kinds ---------------------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<!\w)‘[^’]*’(?!\w)")
_OBLIGATION = re.compile(r"\b(?:should|must|ought to|needs? to|it is time to|it's time to)\b", re.IGNORECASE)
_OPINION = re.compile(r"\b(?:I|we|We)\s+(?:really\s+)?(?:think|believe|feel|argue|contend|insist)\b"
                      r"|\bin (?:my|our) (?:view|opinion)\b", re.IGNORECASE)
_ARGUING = re.compile(r"\b(?:argu(?:e|ed|es|ing)|contend(?:s|ed)?|insist(?:s|ed)?|urg(?:e|ed|es|ing)"
                      r"|call(?:s|ed)? for|criticis\w+|criticiz\w+|condemn\w*|accus\w+|prais(?:e|ed|es)"
                      r"|defend(?:s|ed)?|object(?:s|ed)? to)\b", re.IGNORECASE)
_EVALUATIVE = (r"unfair|unjust|wrong|unacceptable|disgrace(?:ful)?|outrageous|reckless|irresponsible|absurd"
               r"|ridiculous|shameful|scandal(?:ous)?|mistake|betrayal|failure|misguided|short-sighted|disastrous"
               r"|disaster|appalling|terrible|necessary|essential|vital|crucial|urgent|unfortunate|welcome")
_JUDGED = re.compile(rf"\b(?:said|says|called|calls|calling|described|describes)\b[^.;:]{{0,60}}?\b(?:{_EVALUATIVE})\b",
                     re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|won't|shall)\b(?!\s+of\b)|'ll\b|\bwould\b(?!\s+(?:not\s+)?have\b)"
    r"|\b(?:expected|projected|forecast|set|likely|due|poised|going|planning|plans|planned|intends|aims)\s+to\b"
    r"|\b(?:I|we|you|they)\s+(?:plan|intend|aim)\s+to\b"
    r"|\bexpects?\b[^.;]{0,40}\bto\b|\bforecast\w*|\bprojections?\b|\bpredict\w*|\bon track to\b",
    re.IGNORECASE)
_LONG_STANDING = re.compile(
    r"\b(?:has|have)\s+long\b|\bsince\s+(?:the\s+)?(?:early\s+|late\s+|mid-)?(?:1[89]|20)\d\d(?:s)?\b"
    r"|\b(?:was|were)\s+(?:first\s+)?(?:founded|established|built|opened|created|formed|set up|launched|introduced"
    r"|incorporated)\b|\bfor\s+(?:(?:more than|nearly|almost|over|about)\s+)?(?:\w+\s+)?(?:decades|centuries"
    r"|generations)\b|\b(?:historically|traditionally|originally)\b", re.IGNORECASE)
_HAD = re.compile(r"\bhad\s+(?:(?:not|never|already|long|previously|once|also|just)\s+)?([a-z]+)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|added|explained|noted|argued|claimed|insisted|warned|wrote)\b")


def kind_of(sentence: str) -> str:
    """What kind of statement a sentence makes: 'argument', 'prediction', 'background' or 'reported'.

    The cues are read outside quotation marks first, then inside them, so a quote changes the kind only when the
    sentence around it has no cue of its own ('"It was founded on lies," he argued' is an argument). Within each,
    argument outranks prediction, which outranks background; a sentence with no cue is 'reported'."""
    outside = _QUOTED.sub(" ", sentence)
    quoted = " ".join(m.group(0) for m in _QUOTED.finditer(sentence))
    for text in (outside, quoted):
        if is_argument(text):
            return "argument"
        if is_prediction(text):
            return "prediction"
        if is_background(text):
            return "background"
    return "reported"


def is_argument(text: str) -> bool:
    """Someone argues: an obligation (should, must, ought to, need to), a first-person opinion ('we believe'), a
    verb of arguing (argued, urged, called for, criticised), or a judgement said of something ('said it was
    unfair', 'called the decision a betrayal')."""
    return any(p.search(text) for p in (_OBLIGATION, _OPINION, _ARGUING, _JUDGED))


def is_prediction(text: str) -> bool:
    """Something is to come: will, would, is expected to, plans to, forecast, projected, predicts."""
    return _FUTURE.search(text) is not None


def is_background(text: str) -> bool:
    """Something happened before the news: the past perfect ('had stood empty'), unless it is reported speech
    shifted back ('she said the company had grown'), or a long-standing state ('has long', 'since 1990', 'was
    founded', 'for decades')."""
    if _LONG_STANDING.search(text):
        return True
    for m in _HAD.finditer(text):
        if is_past_participle(m.group(1)) and not _SPEECH_BEFORE.search(text, 0, m.start()):
            return True
    return False


@cache
def is_past_participle(word: str) -> bool:
    """Whether the lower-case word is some verb's past participle ('stood', 'grown', 'waited')."""
    return any(word in getInflection(lemma, tag="VBN") for lemma in _verb_lemmas(word))


# --- summary -------------------------------------------------------------------------------------------------------

MMR_LAMBDA = 0.5  # relevance against novelty in maximal marginal relevance (Carbonell & Goldstein, 1998)
SHORT, LONG = 6, 60  # words: a sentence outside this range makes a poor summary line


def summarise(sentences: Sequence[str], k: int) -> list[str]:
    """`k` of the sentences, verbatim, chosen to cover the article's distinct facts, in article order.

    Each sentence's relevance is its centrality (mean TF-IDF cosine to the others: what the article keeps coming
    back to) times what it carries (a quarter more for each of up to two figures) times a lead bonus (news puts its
    main fact first: twice for the first sentence, 1.5 times for the second, fading after). Maximal marginal
    relevance then picks one sentence at a time, each candidate's relevance less its closest likeness to those
    already picked, so a sentence that says the lead again loses to one with a new fact.
    The picks come back in article order, as a short account reads in the order the article tells it; k=1 is the
    single best sentence."""
    if k <= 0 or not sentences:
        return []
    if k >= len(sentences):
        return list(sentences)
    similarity = _similarity(sentences)
    relevance = _relevance(sentences, similarity)
    chosen: list[int] = []
    while len(chosen) < k:
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(sentences))
        score = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * penalty
        score[chosen] = -np.inf
        chosen.append(int(score.argmax()))
    return [sentences[i] for i in sorted(chosen)]


def _similarity(sentences: Sequence[str]) -> np.ndarray:
    """Cosine similarity of the sentences' TF-IDF vectors over stemmed content words and the figures they state."""
    texts = [f"{s} {' '.join(f.replace(' ', '_') for f in figures_in(s))}" for s in sentences]
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False)
    counts = np.zeros((len(sentences), max(len(tokens.vocab), 1)))
    for row, ids in enumerate(tokens.ids):
        np.add.at(counts[row], ids, 1.0)
    idf = np.log((1 + len(sentences)) / (1 + (counts > 0).sum(axis=0))) + 1
    vectors = np.log1p(counts) * idf
    vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
    similarity: np.ndarray = vectors @ vectors.T
    return similarity


def _relevance(sentences: Sequence[str], similarity: np.ndarray) -> np.ndarray:
    """Centrality times what a sentence carries times a fading lead bonus, scaled to a maximum of 1."""
    n = len(sentences)
    centrality = (similarity.sum(axis=1) - 1) / max(n - 1, 1)
    carries = np.array([1 + 0.25 * min(len(figures_in(s)), 2) for s in sentences])
    lead = 1 + 1 / (1 + np.arange(n))
    fits = np.array([1.0 if SHORT <= len(s.split()) <= LONG else 0.5 for s in sentences])
    relevance: np.ndarray = centrality * carries * lead * fits
    return relevance / max(float(relevance.max()), 1e-12)
