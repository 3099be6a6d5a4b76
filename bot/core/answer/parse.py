"""Parse: a question's intent, the type of answer it wants, its terms, and the constraints on the answer."""
from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.answer import language
from bot.core.answer.terms import Token, tokens

__all__ = [
    "AnswerType",
    "Intent",
    "MAX_QUESTION",
    "Query",
    "Term",
    "answer_type",
    "as_definition",
    "category_of",
    "counts_answers",
    "intent",
    "measure_of",
    "one_as_a_pronoun",
    "parse",
    "pieces",
    "term_at",
]

FOCUS_SPECIFICITY = 0.3  # a word naming what is asked for that is vaguer than this need not be found
MAX_QUESTION = 500  # characters; the chat paths cap user text the same way


class Intent(enum.Enum):
    QUESTION = "question"
    AUTHOR = "author"  # "who wrote this", "who's it by"
    PUBLICATION = "publication"  # "which outlet ran it", "where was this published"
    SUMMARY = "summary"  # "tl;dr", "what's the article about"
    CHAT = "chat"  # a greeting, thanks, "help", a bare command word
    INSTRUCTION = "instruction"  # "ignore your rules and ...": nothing the article can answer


class AnswerType(enum.Enum):
    """What the first words of the answer must give."""

    COUNT = "count"  # a figure with its unit
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    REASON = "reason"
    YES_NO = "yes/no"
    DEFINITION = "definition"  # "what is X", "who is X": the entity's card
    WORDS = "words"  # "what did X say": someone's words
    OTHER = "other"  # a statement


_CHAT = re.compile(
    r"^(?:hi+|hello|hey+|yo|hiya|howdy|good (?:morning|afternoon|evening|night)|thanks?(?: you)?(?: (?:so|very) much)?"
    r"|thx|ty|cheers|ok(?:ay)?|cool|nice|great|lol|bye|goodbye|see ya|help|help me|\?+|clear|reset|start|stop|test"
    r"|brief|facts|ask|who|timeline|quotes?|source|briefings|digest|what can you do|who are you|how do (?:i|you) use"
    r"(?: this| you| it)?|are you (?:a )?(?:bot|there|alive))[\s!.?]*$", re.I)
_SUMMARY = re.compile(
    r"\b(?:summar\w*|summaris\w*|tl;?\s?dr|gist|overview|recap|nutshell|synopsis|sum (?:it )?up|brief me"
    r"|(?:main|key|central|big|whole|author's|writer's|article's|his|her|their|the) (?:point|idea|takeaway|message"
    r"|argument|thesis)s?"
    r"|what(?:'s| is| was) (?:(?:the |this )?(?:article|story|piece|column|report|briefing|text)|it|this)"
    r"(?: all)? about)\b", re.I)
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|rules?|previous|above"
    r"|article|briefings?|context)\b|\bsystem prompt\b|\byou are now\b|\bpretend (?:to be|you)\b|\bact as\b"
    r"|\bjailbreak|\b(?:write|tell|compose|sing) (?:me )?(?:a |an )?(?:poem|joke|song|story|essay|haiku)\b"
    r"|\btranslate\b|\bwrite (?:me )?(?:some )?code\b", re.I)
_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (AnswerType.REASON, re.compile(r"\bwhy\b|\bhow come\b|\bwhat (?:\w+ ){0,2}(?:caused|causes|led to|leads to|drove"
                                   r"|drives|prompted|prompts|motivated|motivates|made)\b|\b(?:the |what )?reasons?\b"
                                   r"|\bfor what purpose\b|\bwhat for\b", re.I)),
    (AnswerType.COUNT, re.compile(
        r"\bhow (?:many|much|long|big|large|far|often|old|high|tall|fast)\b|%|\bper ?cent(?:age)?\b"
        r"|\bwhat(?:'s| is| was| were| are)? (?:the )?(?:[\w-]+'s )?(?:[\w-]+ )?(?:number|amount|quantity|total"
        r"|percentage|share|price|cost|size|rate|score|figure|tally|count|minute|margin"
        r"|attendance|turnout|salary|wage|fee|budget|income|revenue|profit|pay)\b|\bnumber of\b"
        # a bare measure noun, as chat asks it: "score?", "sample size?", "cost?"
        r"|^\W*(?:[\w-]+ )?(?:score|cost|price|attendance|turnout|size|total|budget|toll|tally|fee|crowd)\W*$", re.I)),
    (AnswerType.DATE, re.compile(r"\bwhen\b|\b(?:what|which) (?:year|date|day|month|time)s?\b|\bsince when\b"
                                 r"|\bwhat(?:'s| is| was) the (?:\w+ )?(?:date|year|day)\b", re.I)),
    (AnswerType.PLACE, re.compile(r"\bwhere\b|\b(?:what|which) (?:city|country|port|region|place|town|location|area"
                                  r"|state|nation|venue|stadium|continent)\b", re.I)),
    (AnswerType.PERSON, re.compile(r"\bwho(?:m|se|'s)?\b|\b(?:what|which) (?:person|people|guy|man|woman|player"
                                   r"|politician|leader|official|minister|author|writer|researcher|scientist)\b",
                                   re.I)),
    (AnswerType.YES_NO, re.compile(r"^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall"
                                   r"|may|might|must)\b(?!.*\b(?:or)\b)", re.I)),
)
_SAY = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|quote[sd]?|remark\w*|comment\w*|claim\w*"
                  r"|describ\w*|stat(?:e|ed|es)|word(?:s|ing)|respon\w*|react\w*|accus\w*|warn\w*)\b", re.I)
# "what's X", "who is X", "what does X stand for", "X in english?": only the name is asked about
_DEFINITION = re.compile(r"^(?:(?:who|what)(?: is| are| was| were|s)?|tell me about|define)\b|\b(?:stands?|stood) for\b"
                         r"|\bmean(?:s|t)?\b|\bin english\b|\bshort for\b|\bacronym\b|\babbreviation\b", re.I)
_MEANING = re.compile(r"\b(?:mean(?:s|t)?|stands? for|stood for|short for|abbreviation|acronym)\b", re.I)
_DEFINING = frozenset(["stand", "stands", "stood", "mean", "means", "meant", "english", "short", "acronym",
                       "abbreviation", "abbreviated", "define", "definition", "full", "name", "anyway", "exactly",
                       "job", "role", "position", "title", "post", "occupation", "profession"])
# "which party", "what country": the kind of entity the answer names
CATEGORIES = {
    "person": frozenset(["person", "people", "guy", "man", "woman", "player", "politician", "leader", "official",
                         "minister", "author", "writer", "researcher", "scientist", "coach", "manager", "boss"]),
    "party": frozenset(["party", "parties"]),
    "place": frozenset(["city", "country", "port", "region", "place", "town", "location", "area", "state", "nation",
                        "venue", "stadium", "continent", "county", "province", "village", "neighbourhood",
                        "neighborhood", "district", "suburb", "island"]),
    "organisation": frozenset(["organisation", "organization", "agency", "group", "company", "firm", "body",
                               "institution", "club", "team", "department", "ministry", "university", "institute"]),
}
_CATEGORY = re.compile(r"\b(?:what|which) (?:(\w+) )?(\w+)\b", re.I)
# words that say how the question is asked, not what it is about
_FRAMING = frozenset(["tell", "know", "explain", "wonder", "wondering", "curious", "remind", "ask", "asking", "give",
                      "show", "mention", "mentioned", "article", "story", "piece", "report", "column", "text", "author",
                      "writer", "briefing", "quick"])
_COUNTING = frozenset({"which", "what", "the", "name", "list", "these", "those", "both", "all"})
_NEGATION = frozenset({"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without"})
_AND = re.compile(r"\s*(?:,|;|\band\b|&|\balso\b|\bplus\b)\s*(?=(?:(?:until|since|from|by|in|at|on|for) )?(?:who|when"
                  r"|where|why|how|what|which)\b)", re.I)


@dataclass(frozen=True)
class Term:
    """A content word of the question and the keys that count as finding it."""

    word: str
    key: str
    same: frozenset[str] = frozenset()  # keys of its synonyms in its common senses
    broader: frozenset[str] = frozenset()  # keys of broader or narrower words ("coke" -> cocaine, "boat" -> ferry)
    name: bool = False  # looks like a name: capitalised mid-sentence, or in no dictionary
    specificity: float = 1.0  # how much the word says about a topic (language.specificity)
    noun: bool = False  # a dictionary lists it as a noun only ('population', 'salary'), not as a verb or adjective
    focus: bool = False  # the thing the question asks for ('how many *seats*', 'what is the *population* of')

    @property
    def keys(self) -> frozenset[str]:
        return self.same | self.broader | {self.key}


@dataclass(frozen=True)
class Query:
    """A parsed question."""

    text: str
    intent: Intent
    kind: AnswerType
    terms: tuple[Term, ...] = ()
    entities: tuple[frozenset[str], ...] = ()  # per mention: the entity keys ("briefing/id") it may name
    years: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    negated: bool = False
    category: str = ""  # "which party": the entity type the answer must name (an entity type of the briefing)
    mention_terms: tuple[tuple[Term, ...], ...] = ()  # per mention: its words as terms
    measure: str = ""  # "how old": the adjective whose units the answer's figure must carry
    counting: bool = False  # "how many X": the answer's figure counts X (the focus)
    naming: bool = False  # "what was it called", "what's her name": the answer is a name
    between: str = ""  # "how many days between A and B": the unit of the span; `parts` asks when A and when B
    # (one part only for "how many years since A": the span runs to the article's date; "any" unit for "how long
    # ago": the largest whole unit)

    def in_briefing(self, briefing: str, uses: Callable[[str], bool]) -> Query | None:
        """The question as one briefing reads it: a mention that names nothing of that briefing is read as
        plain words when they are dictionary words ('the region') or words the briefing uses (`uses`, by key:
        'Belgian'), and makes the question none of the briefing's business when it is a name (None)."""
        keep: list[frozenset[str]] = []
        extra: list[Term] = []
        for mention, words in zip(self.entities, self.mention_terms or ((),) * len(self.entities), strict=True):
            if any(e.startswith(f"{briefing}/") for e in mention):
                keep.append(frozenset(e for e in mention if e.startswith(f"{briefing}/")))
            elif not words or any(t.name and not uses(t.key) for t in words):
                return None
            else:
                extra += words
        if len(keep) == len(self.entities):
            return dataclasses.replace(self, entities=tuple(keep))
        return dataclasses.replace(self, entities=tuple(keep), terms=self.terms + tuple(extra))
    parts: tuple[Query, ...] = field(default=())  # a two-fact question's sub-questions

    @property
    def focused(self) -> tuple[Term, ...]:
        """The terms naming what is asked for, those of the names it mentions included ('how many *shelters*')."""
        return tuple(t for t in (*self.terms, *(t for words in self.mention_terms for t in words)) if t.focus)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.entities or self.years or self.numbers)


Spell = Callable[[str], str]  # a lower-case word -> the content word it is a typo of, or itself
Names = Callable[[list[Token]], list[tuple[int, int, frozenset[str]]]]  # tokens -> (start, end, entity keys)


_AUTHOR = re.compile(r"^\W*who(?: is|'s)?\b.{0,30}\b(?:wrote|written|writes?|author|writer|penned|by|reporter"
                     r"|journalist)\b(?:.{0,25}\b(?:article|story|piece|column|report|this|it))?\W*$", re.I)


_PUBLICATION = re.compile(
    r"^\W*(?:(?:what|which|whose)\b.{0,25}\b(?:outlet|publication|paper|newspaper|magazine|site|website|publisher"
    r"|masthead|news ?site)\b|where\b.{0,25}\b(?:published|printed|run|ran|appear(?:ed)?|from)\b|who\b.{0,25}"
    r"\b(?:published|publishes|printed|ran|carried)\b).{0,30}\W*$", re.I)


def intent(text: str) -> Intent:
    if _CHAT.match(text):
        return Intent.CHAT
    if _AUTHOR.match(text):
        return Intent.AUTHOR
    if _PUBLICATION.match(text) and re.search(r"\b(?:it|this|article|story|piece|report|column)\b", text, re.I):
        return Intent.PUBLICATION
    if _INSTRUCTION.search(text):
        return Intent.INSTRUCTION
    if _SUMMARY.search(text):
        return Intent.SUMMARY
    return Intent.QUESTION


_BETWEEN = re.compile(
    r"\bhow (?:many|much) (day|week|month|year)s?\b.*?\b(?:between|from)\s+(.+?)\s+(?:and|to|until|till)\s+(.+?)\W*$"
    r"|\bhow (?:long|much time)\b(?: (day|week|month|year)s?)?.*?\bbetween\s+(.+?)\s+and\s+(.+?)\W*$", re.I)
# "how many years since A", "how long ago was A": from A to the article's own date
_SINCE = re.compile(r"\bhow (?:many|much) (day|week|month|year)s?\b.*?\b(?:since|ago)\b\s*(.*?)\W*$"
                    r"|\bhow long (?:ago|since)\b\s*(?:was |did |were |is )?(.+?)\W*$", re.I)
_HOW = re.compile(r"\bhow (\w+)\b", re.I)
_DIFFERENCE = re.compile(r"\s+(?:behind|ahead|over|above|below|under|beyond|off|short)\b", re.I)
# where the words naming what is asked for start: after 'how many', or after 'what is the' / 'who was X's'
_FOCUS = re.compile(r"\bhow (?:many|much) |\b(?:what|who)(?: is| are| was| were) (?:the |a |an )?", re.I)
QUANTITIES = frozenset(["amount", "number", "total", "sum", "figure", "price", "cost", "value", "size", "rate", "share",
                        "percentage", "proportion", "quantity", "level", "count",
                        "tally"])  # words that name a quantity, not a topic
_PASSIVE = re.compile(r"^\W*(?:when|where|(?:in )?what (?:year|date|city|country))\s+(?:was|were|has been|have been)\b",
                      re.I)
_PARTICLES = frozenset(["up", "off", "out", "down", "back", "in", "over", "away", "on", "through", "about", "around",
                        "along"])
_NAMING = re.compile(r"\bwhat(?: is| was| are| were)? (?:[\w'-]+ ){0,5}(?:called|named|known as)\b"
                     r"|\bwhat(?: is| was)? (?:the |his |her |its |their )?(?:\w+ )?name\b", re.I)
_FOCUS_ENDS = frozenset(["of", "for", "in", "at", "on", "to", "between", "behind", "from"])  # 'the population *of* X'


def measured(text: str) -> str:
    """'how hot', 'how deep', 'how late': the adjective a how-question measures by, or ''."""
    m = _HOW.search(text)
    if m and "ADJ" in language.parts_of_speech(m.group(1).lower()) and m.group(1).lower() not in ("come", "is"):
        if _DIFFERENCE.match(text, m.end()):
            return ""  # 'how far behind schedule', 'how far over the maximum': a difference, in any unit
        return m.group(1).lower()
    return ""


def answer_type(text: str) -> AnswerType:
    """The first answer type the question's wording asks for; 'how' with an adjective asks for a measure."""
    kind = next((t for t, pattern in _TYPES if pattern.search(text)), AnswerType.OTHER)
    if kind in (AnswerType.OTHER, AnswerType.YES_NO) and measured(text):
        kind = AnswerType.COUNT
    if kind in (AnswerType.PERSON, AnswerType.OTHER) and _SAY.search(text) and not text.lower().startswith("who"):
        return AnswerType.WORDS
    return kind


def pieces(question: str) -> list[str]:
    """The questions a message asks one after another ('who wrote it and what is it about'), contractions
    expanded; one piece for a single question."""
    text = language.expand_contractions(question[:MAX_QUESTION].strip())
    return [p for p in _AND.split(text) if p.strip()] or [text]


def parse(question: str, spell: Spell, names: Names) -> Query:
    """Read a question: its intent, answer type, terms, entities and figures."""
    text = language.expand_contractions(question[:MAX_QUESTION].strip())
    found = intent(text)
    if found is not Intent.QUESTION:
        return Query(question, found, AnswerType.OTHER)
    span = _BETWEEN.search(text)
    if span:  # "how many days between A and B": when A, when B, and the time between
        unit = (span.group(1) or span.group(4) or "day").lower()
        first, second = (span.group(2), span.group(3)) if span.group(2) else (span.group(5), span.group(6))
        sides = tuple(dataclasses.replace(_parse_one(f"when was {side}", spell, names), text=side)
                      for side in (first, second))
        whole = _parse_one(text, spell, names)
        return dataclasses.replace(whole, text=question, kind=AnswerType.COUNT, parts=sides, between=unit)
    since = _SINCE.search(text)
    if since and (since.group(2) or since.group(3)):  # the other end is the article's date
        side = since.group(2) or since.group(3)
        part = dataclasses.replace(_parse_one(f"when was {side}", spell, names), text=side)
        whole = _parse_one(text, spell, names)
        return dataclasses.replace(whole, text=question, kind=AnswerType.COUNT, parts=(part,),
                                   between=(since.group(1) or "any").lower())
    pieces = [p for p in _AND.split(text) if p.strip()]
    if len(pieces) > 1:
        first = _parse_one(pieces[0], spell, names)
        parts = [first] + [_inherit(_parse_one(p, spell, names), first) for p in pieces[1:]]
        whole = _parse_one(text, spell, names)
        return dataclasses.replace(whole, text=question, kind=first.kind, parts=tuple(parts))
    return _parse_one(text, spell, names, question)


def _inherit(part: Query, first: Query) -> Query:
    """'who visited Antwerp and when', 'how many now and how many eventually': a part with no topic of its own
    (no name, noun or verb) asks about the first part's topic."""
    if part.entities or any(language.parts_of_speech(t.word) - {"ADV", "ADJ"} or t.name for t in part.terms):
        return part
    kind = first.kind if part.kind is AnswerType.OTHER else part.kind  # 'who is X, what's her name': a person
    return dataclasses.replace(first, text=part.text, kind=kind, parts=(), naming=part.naming)


def _parse_one(text: str, spell: Spell, names: Names, shown: str = "") -> Query:
    """One question read word by word: its answer type, terms, figures, the names it mentions and what it asks for."""
    words = [_respell(w, spell) for w in tokens(text)]
    mentions = names(words)
    taken = {i for start, end, _ in mentions for i in range(start, end)}
    kind = answer_type(text)
    measure = measure_of(kind, measured(text), words)  # 'how hot': a figure; the adjective need not be in it
    terms, years, numbers = _terms_and_figures(words, taken, measure)
    named = focus(text)
    terms = [_focused(t, named) for t in terms]
    kind, terms = as_definition(kind, terms, bool(mentions), bool(years or numbers), text)
    category = category_of(text)
    if category and kind is AnswerType.WORDS:  # 'which cities does the author say ...' asks for cities, not words
        kind = {"person": AnswerType.PERSON, "place": AnswerType.PLACE}.get(category, AnswerType.OTHER)
    # a mention's words, a capitalised one past the first word read as a name ('what did Price win')
    words_of = tuple(tuple(_focused(_term(w, named=w.capital and i > 0), named) for i, w in enumerate(words)
                           if a <= i < b and not w.stop and not w.number) for a, b, _ in mentions)
    negated = any(w.low in _NEGATION for w in words)
    return Query(shown or text, Intent.QUESTION, kind, tuple(terms), tuple(m for _, _, m in mentions), tuple(years),
                 tuple(numbers), negated, category=category, mention_terms=words_of,
                 measure=measure if measure in language.MEASURES else "",
                 counting=bool(re.search(r"\bhow many\b", text, re.I)), naming=bool(_NAMING.search(text)))


def measure_of(kind: AnswerType, measure: str, words: list[Token]) -> str:
    """What a figure answer is measured by: the adjective of 'how hot' (`measure`), else for a figure question
    'share' ('what share of the metals': a percentage or a fraction) or 'money' ('how much did it cost', 'what's
    the price tag': a sum of money) when one of its words says so."""
    if kind is AnswerType.COUNT and measure not in language.MEASURES:
        if any(w.low in language.SHARES for w in words):
            return "share"
        if any(w.low in language.MONEY for w in words):
            return "money"
    return measure


def _terms_and_figures(words: list[Token], taken: set[int], measure: str) -> tuple[list[Term], list[str], list[str]]:
    """The question's terms, years and figures, from its words that are no part of a name it mentions (`taken`),
    no function or framing word and not the adjective a figure is measured by."""
    terms: list[Term] = []
    years: list[str] = []
    numbers: list[str] = []
    for i, w in enumerate(words):
        if i in taken or w.stop or w.low in _FRAMING or w.low == measure:
            continue
        if counts_answers(words, i) or one_as_a_pronoun(words, i):
            continue
        if w.number:
            (years if len(w.key) == 4 and w.key[:2] in ("19", "20") else numbers).append(w.key)
        elif not (terms and terms[-1].word == f"{words[i - 1].low} {w.low}"):  # not a name phrase's second word
            terms.append(term_at(words, i, taken))
    return terms, years, numbers


def counts_answers(words: list[Token], i: int) -> bool:
    """Word i says how many answers are wanted, not a figure to find: 'which three regions'."""
    w = words[i]
    return w.number and i > 0 and words[i - 1].low in _COUNTING and not w.raw[:1].isdigit()


def one_as_a_pronoun(words: list[Token], i: int) -> bool:
    """Word i is 'one' as a pronoun, not a figure: 'this one', 'the biggest one in', 'one of the' ('one goal' is
    a figure)."""
    return words[i].low == "one" and (i + 1 == len(words) or words[i + 1].stop)


def term_at(words: list[Token], i: int, taken: set[int]) -> Term:
    """The term word i starts: a two-word name as one ('red sea': not a colour and a sea), else the word, with the
    synonyms of the phrase it makes with the next word ('show up', 'set up': a content word or a particle) unless
    that word is part of a name the question mentions (`taken`)."""
    w, following = words[i], words[i + 1] if i + 1 < len(words) else None
    if following is not None and not following.stop and language.is_name_phrase(w.low, following.low):
        phrase = f"{w.low} {following.low}"
        return Term(phrase, language.phrase_key(phrase), name=True)
    t = _term(w)
    if following is None or (following.stop and following.low not in _PARTICLES) or i + 1 in taken:
        return t
    same, broader = language.phrase_related(w.low, following.low)
    return dataclasses.replace(t, same=t.same | same, broader=t.broader | broader)


def as_definition(kind: AnswerType, terms: list[Term], mentions: bool, figures: bool,
                  text: str) -> tuple[AnswerType, list[Term]]:
    """A question for a definition: 'what is X', 'who is X' (a name and no other word, year or figure) asks for
    X's card, with no terms to cover; 'what does DNA mean' (no name, one or two words) for a term the glossary
    may explain. Any other question keeps its answer type and terms."""
    defining = [t for t in terms if t.word not in _DEFINING]
    if mentions and not defining and not figures and _DEFINITION.search(text):
        return AnswerType.DEFINITION, []
    if not mentions and 0 < len(defining) <= 2 and _MEANING.search(text):
        return AnswerType.DEFINITION, defining
    return kind, terms


def category_of(text: str) -> str:
    """'which party', 'what cities': the kind of entity the answer names (a key of CATEGORIES), or ''."""
    return next((c for m in _CATEGORY.finditer(text) for w in m.groups() if w
                 for c, nouns in CATEGORIES.items() if {w.lower(), *language.lemmas(w.lower())} & nouns), "")


def focus(text: str) -> set[str]:
    """The words naming what a question asks for: the head of the run of words after 'how many' ('how many
    yellow *cards*', and what they are of: 'how many *tons* of *salt*'), or after 'what is the' when a
    preposition or the end follows ('the *population* of', 'the mayor's *salary*', 'the skeptical *analyst*').
    The head of a known phrase is its first word ('the *price* tag'). A word that only names a quantity ('the
    total', 'the price') is none: the figure the answer must give says that. Empty when there is no such run."""
    passive = _PASSIVE.match(text)
    if passive:  # 'when was the port *founded*', 'where was he *born*': the event is the participle
        last = [w for w in tokens(text) if not w.stop and not w.number][-1:]
        return {last[0].low} if last and language.is_participle(last[0].low) else set()
    m = _FOCUS.search(text)
    if not m:
        return set()
    words = tokens(text[m.end():])
    counting = m.group().lower().startswith("how")
    owner = [i for i, w in enumerate(words[:4]) if w.raw.lower().endswith(("'s", "\u2019s"))]
    if owner:
        words = words[owner[-1] + 1:]  # "what is Kristi Noem's net worth": the owner is no focus
    run: list[str] = []
    of = ""
    for i, w in enumerate(words):
        pos = language.parts_of_speech(w.low)
        if w.stop or w.number or w.low in _DEFINING or ("VERB" in pos and "NOUN" not in pos):  # 'live', 'came'
            if counting and w.low == "of" and run and i + 1 < len(words) and not words[i + 1].stop:
                of = words[i + 1].low  # 'how many tons of salt': the salt too
            elif not run or not (counting or w.low in _FOCUS_ENDS):
                return set()
            break
        run.append(w.low)
        if len(run) > 3:
            return set()
    if not run:
        return set()
    head = run[-2] if len(run) > 1 and any(language.phrase_related(run[-2], run[-1])) else run[-1]
    return {w for w in (head, of) if w and w not in QUANTITIES}


def _focused(t: Term, named: set[str]) -> Term:
    return dataclasses.replace(t, focus=t.word in named and t.specificity >= FOCUS_SPECIFICITY) if named else t


def _term(w: Token, named: bool = False) -> Term:
    s, b = language.related(w.low)
    return Term(w.low, w.key, s, b, named or language.is_name(w.low), language.specificity(w.low),
                language.parts_of_speech(language.american(w.low)) == {"NOUN"})


def _respell(w: Token, spell: Spell) -> Token:
    if w.stop or w.number:
        return w
    fixed = spell(w.low)
    if fixed == w.low:
        return w
    return tokens(fixed.title() if w.capital else fixed)[0]
