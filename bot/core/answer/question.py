"""Read a question: what kind of answer it wants, which entities it names, which terms must be covered."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answer.analysis import YEAR, Analyzer, EntityIndex, Mention, Word
from bot.core.answer.lexicon import BY_AUTHOR, SAY_WORDS

_SUMMARY = re.compile(
    r"\b(summar\w*|tl;?\s?dr|gist|overview|recap|nutshell|synopsis|thesis|(?:main|key|central|core) (?:point|argument"
    r"|idea|message|takeaway|claim|thesis)s?|what(?:'s| is| was) (?:the |this )?(?:article|column|piece|story|op-ed"
    r"|briefing|text)(?: all)? about|what does (?:the |this )?(?:article|column|piece|author) (?:argue|say)\??$"
    r"|brief me)\b", re.I)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|rules?|previous|above|prior"
    r"|article|text|briefings?|sources?|context)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bpretend (?:to be|you)\b|\bact as\b|\bjailbreak|\bdeveloper mode\b", re.I)
# "how much cocaine", "how many tons of heroin": what is counted must be what the evidence counts.
_MEASURED = re.compile(r"\b(?:how (?:much|many)|what (?:amount|quantity|number|volume) of)\s+(?:[\w-]+ of\s+)?([\w-]+)",
                       re.I)
# Words that ask for the author's advice or forecast: they name the kind of answer, not its topic.
_STANCES = (
    ("advice", re.compile(r"\b(?:recommend\w*|advi[sc]\w*|urg(?:e|es|ed|ing)|suggest\w*|propos\w*|prescrib\w*"
                          r"|call(?:s|ed|ing)? for|should|ought)\b", re.I)),
    ("prediction", re.compile(r"\b(?:predict\w*|forecast\w*|foresee\w*|expect\w*|anticipat\w*|warn\w*|fears?"
                              r"|dangers?|risks?|threats?|consequences?|outlook)\b", re.I)),
)
# "What does the author think of X": the author's own view.
_OPINION = re.compile(r"\b(?:think|thinks|feel|feels|believe|believes|view|views|opinion|argue|argues|stance|position"
                      r"|take on)\b", re.I)
_WHICH = frozenset({"which", "what"})
# Conversational lead-ins that carry no topic: "I'm writing a memo - ...", "... and I wondered, ...",
# "can you tell me ...": the question is what follows them.
_LEAD_IN = re.compile(
    r"^(?:(?:i|i'm|i've|we|we're|my|our)\b[^?]*?(?:\s[-\u2013\u2014]\s|[:;]\s)"
    r"|[^?]*?\b(?:i|we)\s+(?:was\s+|am\s+|were\s+|are\s+)?wonder(?:ed|ing)?(?:\s+(?:if|whether))?,?\s"
    r"|(?:(?:so|ok(?:ay)?|hey|hi|well|please)[,!]?\s+)*(?:(?:can|could|would|will) you (?:please )?(?:tell|remind)"
    r" me|(?:i'?d like|i want|i need) to know|do you know)\b,?\s)", re.I)
# "... in this context", "... in this case": a trailing phrase that points back at the article.
_SCOPE_TAIL = re.compile(r"\s(?:in|within|for|from)\s+(?:this|that)\s+[\w-]+\W*$", re.I)
# "What was it called?", "the name of ...": wants the passage that gives a name
_NAMING = re.compile(r"\b(?:called|named|dubbed|titled|known as|(?:the|its|their|his|her) (?:official |formal )?(?:name"
                     r"|title)s?)\b", re.I)
# "In which years ...": several dates wanted
_SEVERAL_DATES = re.compile(r"\b(?:which|what) (?:years|dates|days|months)\b", re.I)
_YES_NO = re.compile(r"^(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would)\b", re.I)
# "the talks that ended in January": a relative clause identifies the thing asked about, in any wording
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose", "where", "when"})
_COUNTED = frozenset({"which", "what", "name", "the", "these", "those", "both", "list"})
_KIND_OF = frozenset({"kind", "sort", "type", "types", "kinds", "sorts"})
_MODAL = re.compile(r"\b(?:would|could|might|will|may)\b", re.I)
_FUTURE = re.compile(r"\bwill\b", re.I)  # "who will win ...": a forecast, not what happened
# "how much did X pay/cost/spend": a sum of money is wanted
_MONEY = re.compile(r"\bhow much\b.*\b(?:pa(?:y|ys|id)|costs?|spen[dt]|spends|earn(?:s|ed)?|fund(?:s|ed|ing)?|worth"
                    r"|invest(?:s|ed)?|money|budget|price|salary)\b", re.I)
_WHY = re.compile(r"\bwhy\b|\bfor what reason\b|\bwhat (?:caused|drove|led|brought|brings)\b|\bhow come\b"
                  r"|\bwhat (?:\w+ ){0,2}(?:drives|motivates|motivated|prompted|prompts)\b"
                  r"|\bwhat (?:is|was) the (?:reason|purpose|point)\b", re.I)
_TYPES = (
    ("count", re.compile(r"\bhow (?:many|much|long|big|large|often|far)\b|\bwhat (?:quantity|amount|number|volume"
                         r"|percentage|share|proportion)\b|\bnumber of\b|\bwhat (?:is|was|are|were) the (?:\w+ ){0,2}"
                         r"(?:rate|percentage|population|size|cost|price|budget|death toll)\b", re.I)),
    ("when", re.compile(r"\bwhen\b|\b(?:what|which) (?:year|date|day|month|time)s?\b"
                        r"|\bwhat (?:is|was|are|were) the (?:\w+ ){0,2}(?:year|date|day|month)s?\b|\bsince when\b"
                        r"|\bhow recently\b", re.I)),
    ("why", _WHY),
    ("who", re.compile(r"\bwho(?:m|se)?\b|\b(?:which|what) (?:person|people|politician|leader|official|party|agency"
                       r"|organi[sz]ation|group|minister|secretary|president|man|woman)\b", re.I)),
    ("where", re.compile(r"\bwhere\b|\b(?:which|what) (?:city|country|port|region|place|town|location|area)\b",
                         re.I)),
)


@dataclass(frozen=True)
class Question:
    """What the engine needs to know about a question."""

    text: str
    kind: str  # count | when | why | who | where | what
    say: bool  # asks for someone's words
    hypothetical: bool  # "what would/could happen": asks for a prediction
    summary: bool
    injection: bool
    required: tuple[Mention, ...]  # named entities the answer must mention
    soft: tuple[Mention, ...]  # generic references ("the author"): a bonus, not a requirement
    terms: tuple[tuple[str, ...], ...]  # content words: each a tuple of alternatives
    weak: tuple[bool, ...]  # per term: a verb/adjective/adverb, which weighs less and may be absent from the article
    loose: tuple[bool, ...]  # per term: in a relative clause ("the talks that ended ..."), identifying, not asked about
    category: int  # index of the term naming the kind of thing asked for ("which country"), or -1
    stance: str  # "advice", "prediction" (a forecast), "argument" (the author's view) or ""
    proper: tuple[tuple[str, ...], ...]  # capitalised words that are no known entity: must be covered
    numbers: tuple[str, ...]
    years: tuple[str, ...]
    query: tuple[str, ...]  # BM25 query tokens
    naming: bool = False  # asks what something is called
    several: bool = False  # "in which years": wants a passage with more than one date
    superlative: int = -1  # "Is X the biggest ...?": the index of the ranking term; a comparison covers it
    counted: tuple[str, ...] = ()  # "how many seats": what the figure must count (the word right after it)
    future: bool = False  # "who will win": only a passage about what will or may happen answers
    money: bool = False  # "how much did X pay": only a sum of money answers

    @property
    def empty(self) -> bool:
        return not (self.required or self.soft or self.terms or self.years or self.proper)

    @property
    def asks_prediction(self) -> bool:
        return self.hypothetical or self.stance == "prediction"

    @property
    def definition(self) -> bool:
        """'Who is X?', 'What is X?': only an entity, nothing else asked."""
        only_kind = all(n == self.category for n in range(len(self.terms)))  # "What kind of party is X?"
        return len(self.required) == 1 and only_kind and not (self.numbers or self.proper or self.say or self.stance) \
            and self.kind in ("what", "who", "where")


def _category(words: list[Word]) -> int:
    """In "Which left-wing party ...", "What policy does ...": the index of the noun naming what is asked for."""
    if len(words) < 2 or words[0].raw.lower() not in _WHICH:
        return -1
    first = 1
    if len(words) > 3 and words[1].raw.lower() in _KIND_OF and words[2].raw.lower() == "of":
        first = 3  # "what kind of organisation"
    last = -1
    for i in range(first, len(words)):
        if words[i].stop:
            break
        last = i
    return last


def without_lead_in(text: str) -> str:
    """The question without the conversational lead-ins before it."""
    while (m := _LEAD_IN.match(text)) and m.end() < len(text):
        text = text[m.end():].lstrip()
    return text


def parse(text: str, analyzer: Analyzer, entities: EntityIndex) -> Question:
    asked, text = text, without_lead_in(text)
    # "What did X state": the verb asks for X's words ('stated'), the noun "state" is a country
    words = analyzer.words(SAY_WORDS.sub(lambda m: re.sub(r"(?i)states?$", "stated", m.group()), text))
    mentions = entities.find(words)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    required = tuple(m for m in mentions if m.proper)
    soft = tuple(m for m in mentions if not m.proper)
    terms: list[tuple[str, ...]] = []
    proper_terms: list[tuple[str, ...]] = []  # words the evidence must contain
    numbers: list[str] = []
    weak: list[bool] = []
    loose: list[bool] = []
    relative = len(words)
    for i, w in enumerate(words[1:], 1):
        if w.raw.lower() in _RELATIVE and not words[i - 1].stop:
            relative = i
            break
    category = ranking = -1
    measured = _MEASURED.search(text)
    stance = next((name for name, pattern in _STANCES if pattern.search(text)), "")
    if not stance and BY_AUTHOR.search(text) and _OPINION.search(text):
        stance = "argument"
    # words that say what kind of answer is wanted, or point back at the article, are not its topic
    framing = {x for _, pattern in _STANCES for m in pattern.finditer(text) for x in m.group().lower().split()}
    framing |= {m.group().split()[-1].lower() for m in _WHY.finditer(text)}  # 'what brought X': asks why
    tail = _SCOPE_TAIL.search(text)
    framing |= set(re.findall(r"[\w-]+", tail.group().lower())) if tail else set()
    category_word = _category(words)
    for i, w in enumerate(words):
        if i in taken or w.stop:
            continue
        if w.terms[0][:1].isdigit():
            if not (w.raw.isalpha() and i > 0 and words[i - 1].raw.lower() in _COUNTED):
                numbers.append(w.terms[0])  # "which three regions", "the two parties": how many answers, no figure
        elif w.light or w.raw.lower() in framing:
            continue
        elif (i > 0 and w.raw[:1].isupper() and w.raw.lower() != "i") or (measured and w.raw == measured.group(1)):
            proper_terms.append(w.terms)
        else:
            if i == category_word:
                category = len(terms)
            if analyzer.superlative(w.raw):
                ranking = len(terms)
            terms.append(w.terms)
            loose.append(i > relative)
            weak.append(category == len(terms) - 1 or analyzer.weak(w.raw))
    kind = next((name for name, pattern in _TYPES if pattern.search(text)), "what")
    query = [t for alts in (*terms, *proper_terms) for t in alts] + numbers
    query += sorted({f"e:{e}" for m in mentions for e in m.ids})
    query += [t for i, w in enumerate(words) if i in taken and not w.stop for t in w.terms]
    return Question(
        text=asked, kind=kind, say=bool(SAY_WORDS.search(text)) and not BY_AUTHOR.search(text),
        hypothetical=bool(_MODAL.search(text)), summary=bool(_SUMMARY.search(text)),
        injection=bool(_INJECTION.search(text)), required=required, soft=soft, terms=tuple(terms), weak=tuple(weak),
        loose=tuple(loose), category=category, stance=stance,
        proper=tuple(proper_terms), numbers=tuple(n for n in numbers if not YEAR.match(n)),
        years=tuple(n for n in numbers if YEAR.match(n)), query=tuple(query), naming=bool(_NAMING.search(text)),
        several=bool(_SEVERAL_DATES.search(text)),
        counted=next((w.terms for w in words if measured and w.raw == measured.group(1) and not w.stop), ()),
        superlative=ranking if _YES_NO.search(text) else -1, future=bool(_FUTURE.search(text)),
        money=bool(_MONEY.search(text)))
