"""Read a question: what kind of answer it wants, which entities it names, which terms must be covered."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answer.analysis import YEAR, Analyzer, EntityIndex, Mention
from bot.core.answer.lexicon import BY_AUTHOR, SAY_WORDS

_SUMMARY = re.compile(
    r"\b(summar\w*|tl;?\s?dr|gist|overview|recap|nutshell|synopsis|thesis|(?:main|key|central|core) (?:point|argument"
    r"|idea|message|takeaway|claim|thesis)s?|what(?:'s| is| was) (?:the |this )?(?:article|column|piece|story|op-ed"
    r"|briefing|text)(?: all)? about|what does (?:the |this )?(?:article|column|piece|author) (?:argue|say)\??$"
    r"|brief me)\b", re.I)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|rules?|previous|above|prior)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bpretend (?:to be|you)\b|\bact as\b|\bjailbreak|\bdeveloper mode\b", re.I)
# "how much cocaine", "how many tons of heroin": what is counted must be what the evidence counts.
_MEASURED = re.compile(r"\b(?:how (?:much|many)|what (?:amount|quantity|number|volume) of)\s+(?:[\w-]+ of\s+)?([\w-]+)",
                       re.I)
_MODAL = re.compile(r"\b(?:would|could|might|will|may)\b", re.I)
_TYPES = (
    ("count", re.compile(r"\bhow (?:many|much|long|big|large|often|far)\b|\bwhat (?:quantity|amount|number|volume"
                         r"|percentage|share|proportion)\b|\bnumber of\b|\bwhat (?:is|was|are|were) the (?:\w+ )?"
                         r"(?:rate|percentage|population|size|cost|price|budget|death toll)\b", re.I)),
    ("when", re.compile(r"\bwhen\b|\b(?:what|which) (?:year|date|day|month|time)\b|\bsince when\b|\bhow recently\b",
                        re.I)),
    ("why", re.compile(r"\bwhy\b|\bfor what reason\b|\bwhat (?:caused|drove|led)\b|\bhow come\b|\bwhat (?:is|was) the "
                       r"(?:reason|purpose|point)\b", re.I)),
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
    proper: tuple[tuple[str, ...], ...]  # capitalised words that are no known entity: must be covered
    numbers: tuple[str, ...]
    years: tuple[str, ...]
    query: tuple[str, ...]  # BM25 query tokens

    @property
    def empty(self) -> bool:
        return not (self.required or self.soft or self.terms or self.years or self.proper)

    @property
    def definition(self) -> bool:
        """'Who is X?', 'What is X?': only an entity, nothing else asked."""
        return len(self.required) == 1 and not (self.terms or self.numbers or self.proper or self.say) \
            and self.kind in ("what", "who", "where")


def parse(text: str, analyzer: Analyzer, entities: EntityIndex) -> Question:
    words = analyzer.words(text)
    mentions = entities.find(words)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    required = tuple(m for m in mentions if m.proper)
    soft = tuple(m for m in mentions if not m.proper)
    terms: list[tuple[str, ...]] = []
    proper_terms: list[tuple[str, ...]] = []  # words the evidence must contain
    numbers: list[str] = []
    measured = _MEASURED.search(text)
    for i, w in enumerate(words):
        if i in taken or w.stop:
            continue
        if w.terms[0][:1].isdigit():
            numbers.append(w.terms[0])
        elif w.light:
            continue
        elif (i > 0 and w.raw[:1].isupper() and w.raw.lower() != "i") or (measured and w.raw == measured.group(1)):
            proper_terms.append(w.terms)
        else:
            terms.append(w.terms)
    kind = next((name for name, pattern in _TYPES if pattern.search(text)), "what")
    query = [t for alts in (*terms, *proper_terms) for t in alts] + numbers
    query += sorted({f"e:{e}" for m in mentions for e in m.ids})
    query += [t for i, w in enumerate(words) if i in taken and not w.stop for t in w.terms]
    return Question(
        text=text, kind=kind, say=bool(SAY_WORDS.search(text)) and not BY_AUTHOR.search(text), hypothetical=bool(_MODAL.search(text)), summary=bool(_SUMMARY.search(text)),
        injection=bool(_INJECTION.search(text)), required=required, soft=soft, terms=tuple(terms),
        proper=tuple(proper_terms), numbers=tuple(n for n in numbers if not YEAR.match(n)),
        years=tuple(n for n in numbers if YEAR.match(n)), query=tuple(query))
