"""Quotations in a news article and who said them, as the article names the speaker."""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.authoring.given_names import given_name_pronoun
from bot.core.answer.language import lemmas, parts_of_speech

__all__ = ["QuoteCandidate", "find_quotes"]

log = logging.getLogger(__name__)

# Verbs that put words on something, whose subject is the one quoted: 'She called the sell-off "overdone"'.
NAMING_VERBS = ("called", "calls", "described", "describes", "termed", "dubbed", "labelled", "labeled", "branded")
# Verbs that attribute speech or writing in news prose, past and present.
SPEECH_VERBS = (
    "said", "says", "told", "tells", "wrote", "writes", "added", "adds", "noted", "notes", "argued", "argues",
    "warned", "warns", "explained", "explains", "insisted", "insists", "recalled", "recalls", "announced",
    "announces", "asked", "asks", "replied", "replies", "responded", "responds", "stated", "states", "declared",
    "declares", "claimed", "claims", "continued", "continues", "concluded", "observed", "remarked", "commented",
    "admitted", "admits", "acknowledged", "acknowledges", "conceded", "concedes", "countered", "cautioned",
    "stressed", "stresses", "emphasised", "emphasized", "suggested", "suggests", "predicted", "predicts",
    "complained", "joked", "quipped", "tweeted", "posted", "testified", "urged", "urges", "vowed", "promised",
    "maintained", "maintains", "contended", "agreed", "objected", "shouted", "lamented", "boasted", "confirmed",
    "denied", "recounted", "mused", "answered", "asserted", "alleged", "pledged", "wondered", "pleaded",
    "demanded", "exclaimed", "yelled", "whispered", "murmured", "sighed", "snapped", "retorted", "disclosed",
    "revealed", "reflected", "reasoned", "concluded", "concludes", "found", "finds", "pointed out", "went on",
    "summed up", *NAMING_VERBS)
PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "body", "i": "", "we": ""}
# Capitalised words that open a sentence or name a time but are no part of a speaker's name.
NOT_NAMES = frozenset({
    "the", "a", "an", "but", "and", "or", "so", "yet", "on", "in", "at", "by", "for", "from", "to", "of", "with",
    "after", "before", "when", "while", "as", "if", "then", "still", "also", "meanwhile", "however", "instead",
    "later", "earlier", "today", "yesterday", "tonight", "last", "next", "this", "that", "these", "those", "there",
    "here", "now", "since", "until", "during", "according", "asked", "speaking", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "mr", "mrs", "ms", "u.s", "u.k", "u.n", "e.u", "d.c"})
# Last words that make a name a body rather than a person ("the Port Authority said", "Acme Corp. said").
BODY_WORDS = frozenset({
    "council", "authority", "agency", "ministry", "department", "party", "union", "office", "service", "services",
    "institute", "bank", "company", "group", "association", "police", "university", "commission", "court",
    "parliament", "government", "alliance", "federation", "club", "board", "committee", "corporation", "corp",
    "inc", "ltd", "llc", "co", "foundation", "trust", "hospital", "school", "college", "council's", "team",
    "network", "press", "times", "post", "news", "herald", "gazette", "journal", "tribune", "reuters", "ap",
    "city", "county", "state", "district", "administration", "campaign", "coalition", "society", "centre", "center"})
# Nouns for people by role: "the mayor said" names a person, "the agency said" a body.
PERSON_ROLES = frozenset({
    "mayor", "minister", "secretary", "president", "chair", "chairman", "chairwoman", "chairperson", "director",
    "chief", "officer", "official", "councillor", "councilor", "senator", "governor", "leader", "manager", "head",
    "owner", "founder", "resident", "nurse", "doctor", "teacher", "father", "mother", "parent", "son", "daughter",
    "wife", "husband", "farmer", "driver", "witness", "neighbour", "neighbor", "lawyer", "attorney", "prosecutor",
    "judge", "professor", "researcher", "scientist", "economist", "analyst", "expert", "worker", "employee",
    "member", "organiser", "organizer", "activist", "campaigner", "victim", "survivor", "student", "captain",
    "commissioner", "superintendent", "principal", "inspector", "detective", "sergeant", "colonel", "general",
    "candidate", "voter", "engineer", "architect", "author", "writer", "reporter", "editor", "coach", "player",
    "veteran", "priest", "pastor", "bishop", "aide", "adviser", "advisor", "ceo", "executive", "treasurer",
    "clerk", "trustee", "surgeon", "pilot", "tenant", "landlord", "shopkeeper", "protester", "volunteer"})
# Plural speakers named without a determiner: `"…," police said`, `state officials said`.
GROUP_NOUNS = (
    "police", "officials", "authorities", "investigators", "prosecutors", "residents", "witnesses", "organisers",
    "organizers", "experts", "critics", "officers", "researchers", "scientists", "analysts", "lawmakers",
    "legislators", "doctors", "firefighters", "protesters", "opponents", "supporters", "parents", "teachers",
    "students", "workers", "neighbours", "neighbors", "campaigners", "activists", "economists", "sources", "aides",
    "rescuers", "paramedics", "forecasters", "regulators", "executives", "leaders", "volunteers")
# Among a sentence's first words, these show that a name after them is not its subject ("Talks with Jo Lee ...").
_AGENT_ENDINGS = ("man", "woman", "person", "people", "er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant",
                  "ants", "ent", "ents", "firm", "firms", "agency", "group", "body", "regulator", "watchdog")
_BLOCK_BEFORE_SUBJECT = frozenset({
    "with", "by", "for", "to", "in", "on", "at", "from", "after", "before", "said", "told", "than", "that", "which",
    "who", "whom", "and", "but", "of", "against", "about", "like", "as", "when", "while"})

_ABBR = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|St|Rev|Hon|Jr|Sr|Supt|Det|Insp|Cllr|Mt|Ft|[A-Z])\."
# "Ortiz", "O’Hara", "Sen.", "J.D."; one way to match each word, so a long run of names cannot backtrack exponentially
_CAP = r"[A-Z](?:[\w’'-]|\.(?=[A-Z]))*\.?"
_CONNECT = r"(?:of|de|van|von|der|den|da|del|della|la|le|du|al|bin|&)"
_NAME = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+)?{_CAP}){{0,7}}"  # at most 8 words, so a long run of names costs linear time
_VERB = r"(?:" + "|".join(v.replace(" ", r"\s+") for v in SPEECH_VERBS) + r")"
# Verbs that come before their speaker (`"…," said X`); "told X" names the listener, "called X" what is named.
_INVERTED_VERB = r"(?:" + "|".join(v.replace(" ", r"\s+") for v in SPEECH_VERBS
                                   if v not in ("told", "tells", *NAMING_VERBS)) + r")"
_GROUP = r"(?:" + "|".join(GROUP_NOUNS) + r")"
_ADVERB = r"(?:also|later|then|previously|recently|once|had|has|have|again|simply|quickly|repeatedly)"
_DET = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)"
_NP_WORD = (r"(?:(?!(?:the|a|an|that|which|who|what|whom|whose|he|she|it|they|we|I|you|was|were|is|are|has|had|have|"
            r"would|will|than|and|or|but|to|in|on)\b)[\w’'-]+\s+)")  # a pronoun or "what" opens a clause, no noun's
# an appositive, or up to three in a row (", 58, a retired firefighter from Highbridge,"): a comma inside a number
# (", a union that represents about 1,400 staff,") and initials' dots (", a scientist at a university in the U.K.,")
# end none; or a hometown with its state (", of Albany, N.Y.,")
_APPOSITIVE = (r"(?:(?:,\s+(?:[^,\x00\"“”;:.]|(?<=\d),(?=\d{3})|(?<=\b[A-Z])\.(?=[A-Z]\.|[,\s]))"
               r"{1,80}?){1,3},"
               r"|,\s+(?:of|from)\s+[A-Z][^,\x00\"“”;:]{1,40},\s+[A-Z][\w.]{1,15},)")
_SUBJECT_FIRST = re.compile(
    rf"(?:(?<![\w’'])(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)"
    rf"|(?:{_DET}\s+[^,\x00\"“”;:.]{{1,50}},\s+)?(?<![\w’'.])(?P<name>{_NAME})(?:\s+\([A-Z][\w.&]{{1,10}}\))?"
    rf"{_APPOSITIVE}?,?"
    rf"|(?<![\w’'])(?P<np>{_DET}\s+{_NP_WORD}{{0,4}}(?!(?:and|or|but|then)\b)[\w’'-]+)"
    rf"|(?<![\w’'])(?P<group>(?:[\w’'-]+\s+)?{_GROUP}))"
    rf"\s+(?:{_ADVERB}\s+)?(?P<verb>{_VERB})\b")
# a pronoun whose first verb is not one of speech, then "and" and one that is: "he thanked his volunteers and said"
_AND_SAID = re.compile(rf"(?<![\w’'])(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey)\s+(?:{_ADVERB}\s+)?[a-z]+(?:ed|s)\b"
                       rf"[^.;:!?\x00\"“”]{{0,80}}?\band\s+(?:{_ADVERB}\s+)?(?P<verb>{_VERB})\b")
_VERB_FIRST = re.compile(rf"(?:[,\"”]\s*)(?P<verb>{_INVERTED_VERB})\s+(?P<obj>(?:{_ABBR}|[^;:!?\x00\"“”.]){{1,100}})")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<obj>(?:" + _ABBR + r"|[^;:!?\x00\"“”.]){1,120})")
# "Rubio’s remarks on January 4 regarding Cuba being “in a lot of trouble”": a person's words named by a noun
_SPEECH_NOUN = re.compile(r"[’']s\s+(?:[a-z]+\s+)?(?:remarks|comments|words|statement|"
                          r"testimony|warning|message|post|tweet|reply|response|speech|letter|email|answer|verdict)\b")
# `{name} (KMRC) in ` before a name: the name after it is where the speaker works, not the speaker
_PLACE_OF_WORK = re.compile(r"(?:\s+\([^()\x00]{1,20}\))?,?\s+(?:of|at|from|in|with)\s+(?:the\s+)?$")
_NAME_AT_END = re.compile(rf"{_NAME}$")
# "Dr. Ama Boateng, a cardiologist" before " at the X in Y": the person the workplace chain describes
_DESCRIBED_AT_END = re.compile(rf"(?<![\w’'.])(?P<name>{_NAME}),\s+(?:an?|the|his|her|its|their)\s+"
                               rf"(?:[\w’'-]+\s+){{0,4}}[a-z][\w’'-]*$")
_CHAIN_WINDOW = 200  # characters looked back through for the person a chain of "of the X in Y" names belongs to
_PLACE_AFFIX = re.compile(r"-(?:based|born|headquartered|area)$")
_FINITE = re.compile(r"\b(?:was|were|is|are|would|will|could|should|can|had|has|have|did|does|must|may|might)\b")
_OBJ_END = re.compile(r"\s+(?:who|which|in|on|at|during|after|before|when|while|as|to|adding|and|but|from)\s")
_NAME_RUN = re.compile(_NAME)
# "Stellwater's chief executive": a role described by its body, not a name
_POSSESSIVE_ROLE = re.compile(r"^(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*[’']s?\s+[a-z]")
# "a statement from X", "the report by X", "a letter released on Monday by X": words whose author is X
_DOCUMENTS = (r"(?:statement|report|study|letter|filing|post|email|e-mail|release|survey|analysis|review|memo|"
              r"notice|submission|paper|audit|document|ruling|judgment|judgement|complaint|lawsuit|blog|newsletter|"
              r"tweet|evaluation|assessment|inquiry|investigation|poll)")
_ISSUED = r"(?:(?:issued|released|published|posted|sent|written|filed)\s+(?:(?:on|in|last|this)\s+[\w’'-]+\s+)?)"
_DOCUMENT_BY = re.compile(rf"^(?:{_DET}\s+)?(?:[\w’'-]+\s+){{0,2}}?{_DOCUMENTS}\s+{_ISSUED}?(?:by|from)\s+(?P<who>.+)$")
# "A report by the state's Housing Ombudsman published in February found that …": the document's author speaks
_DOCUMENT_SUBJECT = re.compile(rf"\b{_DOCUMENTS}\s+{_ISSUED}?(?:by|from)\s+(?P<who>[^,\x00\"“”;:.]{{1,80}}?)"
                               rf"(?:\s+{_ISSUED}?(?:in|on|last|this|earlier)\s+[\w’'-]+)?\s+(?:{_ADVERB}\s+)?"
                               rf"(?P<verb>{_VERB})\b")
# an organisation's name, whose small words may include "for", "on" and "and" ("Office for Qualifications Standards")
_BODY_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:{_CONNECT}|for|on|and)\s+)?{_CAP}){{0,7}}")
# "consultants Moorfield Advisory, which said in October that …": the name a relative pronoun stands for
_RELATIVE = re.compile(rf",\s+(?:which|who)\s+(?:{_ADVERB}\s+)?(?P<verb>{_VERB})\b")
# a name ending where a search stops; looked for in a short window, so a long run of names costs linear time
_NAME_BEFORE = re.compile(rf"(?<![\w’'.]){_NAME}$")
_NAME_WINDOW = 80


def name_before(masked: str, end: int, start: int = 0) -> re.Match[str] | None:
    """The name that ends at `end` (not before `start`), read from a short window."""
    return _NAME_BEFORE.search(masked, max(start, end - _NAME_WINDOW), end)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“A-Z0-9])")
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "prof",
                           "st", "rev", "hon", "jr", "sr", "supt", "det", "insp", "cllr", "mt", "ft", "no", "vs",
                           "inc", "co", "corp", "ltd", "jan", "feb", "aug", "sept", "oct", "nov", "dec"})
_MARK = re.compile(r"[\"“”]")
_LETTER = re.compile(r"[^\W\d_]")
_MIN_WORDS = 3  # one or two quoted words are scare quotes, not quotations, unless reported (see _reported)
# before one or two quoted words, a determiner or a possessive makes them a noun phrase's words: 'a "green tax"'
_NOUN_PHRASE_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|my|your|this|that|these|those|some|any|"
                                 r"so-called|[Ss]o-called)|[’']s?)\s*$", re.IGNORECASE)
# after them, the clause ends or a function word goes on: 'had been "constructive" but', 'was "grateful" to'
_CLAUSE_AFTER = re.compile(r"\s*(?:$|[,.;:!?)—–]|(?:and|but|or|to|for|with|about|at|in|on|by|because|after|before|"
                           r"when|while|if|than|as|over|from|that)\b)")
_AUXILIARY_BEFORE = re.compile(r"\b(?:had|has|have|having|was|were|is|are|been|be)\s*$")
_GAP = 80  # characters between a quotation and the attribution after it


@dataclass
class QuoteCandidate:
    text: str
    speaker: str  # the speaker as named in the article ("Whitcombe", "Mayor Lisa Ortiz"), "" when none


@dataclass
class _Quote:
    start: int  # the opening mark
    end: int  # after the closing mark, or the paragraph's end when the quotation runs on
    text: str
    closed: bool
    speaker: str = ""
    sentence: bool = False  # a whole sentence of its own, not words inside someone else's
    reported: bool = False  # one or two words someone is said to have used ('called it "overdone"')
    split: bool = False  # the first part of a quotation its attribution splits ('"Frankly," she said, "…"')


@dataclass
class _Mention:
    start: int
    end: int
    speaker: str  # a name or noun phrase; a pronoun's kind when `pronoun` is set
    pronoun: str = ""


@dataclass
class _Memory:
    """The people and bodies named so far, for "she said" and "it added"; the people the article names in full (from
    its entities), and the pronoun each person has been seen to take."""
    events: list[tuple[int, int, str, bool]] = field(default_factory=list)  # paragraph, offset, name, is a person
    people: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()  # the organisations' names and short forms, for "it said" and "the company said"
    genders: dict[str, str] = field(default_factory=dict)  # a person's last name word: "he" or "she"
    ages: dict[str, str] = field(default_factory=dict)  # "68": the person named with that age ("Lena Ortiz, 68,")
    # (paragraph, offset) of the people who are plausible speakers there: the subject of a said-clause or of a
    # sentence, or a quotation's speaker; not someone named in passing (an object, a place of work)
    speaking: set[tuple[int, int]] = field(default_factory=set)
    spokespeople: list[tuple[int, int, str]] = field(default_factory=list)  # "a spokeswoman for X": "the spokeswoman"
    said: dict[int, str] = field(default_factory=dict)  # a paragraph's last attributed speaker, quoted or reported
    subjects: set[tuple[int, int]] = field(default_factory=set)  # (paragraph, offset) of bodies opening a sentence
    shared: frozenset[str] = frozenset()  # last names two or more of the article's people bear ("Jane/Mark Hill")
    named: dict[str, str] = field(default_factory=dict)  # the pronoun a person's first name suggests, by gender_key

    def __post_init__(self) -> None:
        firsts: dict[str, set[str]] = {}
        for person in self.people:
            words = person.split()
            if len(words) >= 2 and person[:1].isupper():
                firsts.setdefault(words[-1].lower(), set()).add(words[-2].lower())
        self.shared = frozenset(last for last, first in firsts.items() if len(first) > 1)
        for person in self.people:
            pronoun = given_name_pronoun(person.split()[0]) if len(person.split()) >= 2 else ""
            if pronoun:
                self.named.setdefault(self.gender_key(person), pronoun)

    def gender_key(self, name: str) -> str:
        """The key a person's pronoun is kept under: the last name, or the last two words where the article names
        two people with that last name ("Mark Hill said his wife, Jane Hill, ..." gives Jane's "she" to her alone)."""
        words = name.lower().split()
        if not words:
            return ""
        return " ".join(words[-2:]) if len(words) >= 2 and words[-1] in self.shared else words[-1]

    def gender(self, name: str, default: str) -> str:
        """The pronoun a person has been seen to take, else for "he" or "she" the one their first name suggests
        ("Mette Kjærgaard": she; a first name says nothing against "they"), else `default`."""
        key = self.gender_key(name)
        return self.genders.get(key) or (self.named.get(key) if default in ("he", "she") else None) or default

    def surnames(self) -> frozenset[str]:
        """Last words of the people named so far in full: "Mehta" once "Raj Mehta" is known."""
        return frozenset(name.split()[-1] for _, _, name, person in self.events
                         if person and " " in name and name[:1].isupper())

    def last(self, paragraph: int, offset: int, kind: str, pronoun: str = "") -> str:
        """The last person (or body) named before the offset; for "he" or "she", skipping people seen to take the
        other pronoun."""
        for para, at, name, person in reversed(self.events):
            if (para, at) < (paragraph, offset) and (kind == "any" or person == (kind == "person")) \
                    and (not person or self.gender(name, pronoun) == pronoun):
                return name
        return ""

    def speaker_for(self, paragraph: int, offset: int, pronoun: str) -> str:
        """Who "he" or "she" is: going back paragraph by paragraph from the pronoun, the last plausible speaker of
        that gender (or of none seen yet) in the nearest paragraph that names such a person; a paragraph naming
        such people only in passing gives the last of them. So in 'Quill said the union had written to the
        director, Helen Sato. "…," she said.' she is Quill, the paragraph's speaker, not Sato."""
        fits = [(para, at, name) for para, at, name, person in self.events
                if person and (para, at) < (paragraph, offset) and self.gender(name, pronoun) == pronoun]
        if not fits:
            return ""
        nearest = fits[-1][0]
        here = [(para, at, name) for para, at, name in fits if para == nearest]
        plausible = [name for para, at, name in here if (para, at) in self.speaking]
        return (plausible or [here[-1][2]])[-1]

    def named_before(self, paragraph: int, name: str) -> bool:
        return any(para < paragraph and _key(known) == _key(name) for para, _, known, _ in self.events)


def full_name(speaker: str, people: Sequence[str], bodies: Sequence[str] = ()) -> str:
    """A speaker named by the last two or more words of one person the article names in full is that person: a
    double surname ("Pinheiro Dutra said" after "Everaldo Pinheiro Dutra") or a name after a title ("Justice Ana
    María Ruiz" after "Ana María Ruiz"); a name run on into a workplace ("Prof. Priya Lane of Harrow Securities")
    is the person in it; "the Front" after the "Brenn Valley Defence Front" is that one body."""
    words = speaker.split()
    if not words or not speaker[:1].isupper():
        return speaker
    owners = {p for p in people if p != speaker and p.split()[-len(words):] == words and len(words) >= 2}
    owners |= {b for b in bodies if b != speaker and b.split()[-len(words):] == words and len(b.split()) > len(words)}
    if len(owners) == 1:
        return owners.pop()
    heads = [p for p in people if len(p.split()) >= 2 and p in speaker
             and re.search(rf"(?:^|\s){re.escape(p)}\s+(?:of|at|from)\s", speaker)]
    return max(heads, key=len) if heads else speaker


def _key(name: str) -> str:
    return name.split()[-1].lower() if name.split() else ""


@lru_cache(maxsize=4096)
def _as_word(name: str) -> re.Pattern[str]:
    """A name as a whole word of a text: compiled once, since one paragraph after another looks for every name the
    article gives (more names than re's own cache holds, on a long article)."""
    return re.compile(rf"(?<![\w’'-]){re.escape(name)}(?![\w-])")


def people_named(masked: str, people: Sequence[str]) -> list[tuple[int, str]]:
    """Where a paragraph names a person the article names in full: by full name, or by a surname no other person
    shares ("Tallis has not decided"), wherever in a sentence; each as the full name."""
    full = [p for p in people if len(p.split()) >= 2 and p[:1].isupper()]
    owners: dict[str, list[str]] = {}
    for person in full:
        owners.setdefault(person.split()[-1], []).append(person)
    found: dict[int, str] = {}
    for person in sorted(full, key=len, reverse=True):
        for m in _as_word(person).finditer(masked):
            found.setdefault(m.start(), person)
    taken = [range(at, at + len(person)) for at, person in found.items()]
    for last, who in owners.items():
        if len(set(who)) != 1:
            continue
        for m in _as_word(last).finditer(masked):
            if not any(m.start() in span for span in taken):
                found.setdefault(m.start(), who[0])
    return sorted(found.items())


_WITH_AGE = re.compile(r",\s+(?P<age>\d{1,3}),")  # after a name: "Lena Ortiz, 68,"
_AGED = re.compile(r"^the\s+(?P<age>\d{1,3})-year-old$")
_GENDERED = re.compile(r"\b(?:(?P<he>Mr)|(?P<she>Mrs|Ms|Miss))\.?\s+(?:[A-Z][\w’'-]+\s+)*(?P<name>[A-Z][\w’'-]+)")


_HE_NOUNS = ("husband", "son", "brother", "father", "grandfather", "grandson", "uncle", "nephew", "widower",
             "boyfriend", "stepfather", "stepson", "spokesman", "chairman", "businessman", "congressman", "councilman",
             "policeman", "fisherman")
_SHE_NOUNS = ("wife", "daughter", "sister", "mother", "grandmother", "granddaughter", "aunt", "niece", "widow",
              "girlfriend", "stepmother", "stepdaughter", "spokeswoman", "chairwoman", "businesswoman",
              "congresswoman", "councilwoman", "policewoman", "fisherwoman")
_NOUN_GENDER = rf"(?:(?P<he>{'|'.join(_HE_NOUNS)})|(?P<she>{'|'.join(_SHE_NOUNS)}))"
# "her husband, Joe Ruiz" / "spokeswoman Ana Lee" and "Joe Ruiz, her husband," / "Ana Lee, the council's spokeswoman"
_NOUN_THEN_NAME = re.compile(rf"\b(?i:{_NOUN_GENDER}),?\s+(?P<name>{_NAME})")
_NAME_THEN_NOUN = re.compile(rf",\s+(?:her|his|their|the|an?|[A-Z][\w’'-]*[’']s)\s+(?:[a-z][\w’'-]*\s+){{0,2}}?"
                             rf"{_NOUN_GENDER}\b")


def _learn_gender(memory: _Memory, name: str, pronoun: str) -> None:
    if name[:1].isupper() and is_person(name):
        memory.genders.setdefault(memory.gender_key(name), pronoun)


def learn_genders(memory: _Memory, number: int, masked: str) -> None:
    """The pronoun a person takes: "Mr"/"Mrs"/"Ms" before their name, a gendered noun beside it ("her husband, Joe
    Ruiz", "Ana Lee, the council's spokeswoman"), or a sentence opening with "He" or "She" right after one that
    names that person and no other."""
    for m in _GENDERED.finditer(masked):
        titled = m.group().split(maxsplit=1)[1]  # "Jane Hill" of "Mrs. Jane Hill", "Hill" of "Mr Hill"
        memory.genders.setdefault(memory.gender_key(titled), "he" if m["he"] else "she")
    for m in _NOUN_THEN_NAME.finditer(masked):
        _learn_gender(memory, name_of(m["name"]), "he" if m["he"] else "she")
    for m in _NAME_THEN_NOUN.finditer(masked):
        before = name_before(masked, m.start())
        if before:
            _learn_gender(memory, name_of(before.group()), "he" if m["he"] else "she")
    spans = _sentences(masked)
    for (start, end), (following, _) in zip(spans, spans[1:], strict=False):
        pronoun = re.match(r"(He|She)\b", masked[following:])
        named = {memory.gender_key(name) for para, at, name, person in memory.events
                 if para == number and start <= at < end and person and name[:1].isupper()}
        if pronoun and len(named) == 1:
            memory.genders.setdefault(named.pop(), pronoun.group(1).lower())


def quote_spans(paragraph: str) -> list[_Quote]:
    """Quotations in a paragraph, in straight or curly marks; the last one may run on to the paragraph's end (a
    quotation continued in the next paragraph leaves its closing mark off)."""
    out: list[_Quote] = []
    opened: int | None = None
    for m in _MARK.finditer(paragraph):
        if opened is None:
            if m.group() != "”":
                opened = m.start()
        elif m.group() == "“":
            opened = m.start()  # an opening mark inside a quotation: the one before it was never closed
        else:
            out.append(_Quote(opened, m.end(), _clean(paragraph[opened + 1:m.start()]), True))
            opened = None
    if opened is not None:
        out.append(_Quote(opened, len(paragraph), _clean(paragraph[opened + 1:]), False))
    return out


def _clean(text: str) -> str:
    return text.strip().rstrip(",").rstrip()


def is_quotation(quote: _Quote) -> bool:
    """Three words or more, a whole quoted sentence ("Nobody listened.") or one or two words reported as someone's
    (see _reported): a "four-day week" inside a sentence is a scare quote, not a quotation."""
    return len(quote.text.split()) >= _MIN_WORDS or quote.sentence or quote.reported or quote.split


def _reported(paragraph: str, quote: _Quote) -> bool:
    """One or two quoted words are someone's words when their own attribution names a speaker and they stand as a
    complement, not inside a noun phrase: 'said the talks had been "constructive" but', 'called the sell-off
    "overdone" and', 'was "deeply grateful" to', 'called the offer "a crumb."' (the sentence ends inside), 'had
    "liberated" three villages' (a verb after its auxiliary); not 'a "green tax" that', 'her "hold" rating', 'the
    so-called "Clean Catch" law'."""
    if not quote.speaker or not quote.closed or _NOUN_PHRASE_BEFORE.search(paragraph[:quote.start]):
        return False
    return _CLAUSE_AFTER.match(paragraph, quote.end) is not None or quote.text.endswith((".", "!", "?")) \
        or _AUXILIARY_BEFORE.search(paragraph, 0, quote.start) is not None


def mask_quotes(paragraph: str, quotes: Sequence[_Quote]) -> str:
    """The paragraph with the inside of each quotation blanked, so that attributions are looked for outside them."""
    chars = list(paragraph)
    for q in quotes:
        for i in range(q.start + 1, q.end - (1 if q.closed else 0)):
            chars[i] = "\x00"
    return "".join(chars)


def name_of(phrase: str) -> str:
    """A speaker's name from a phrase: the first capitalised run with its titles ("said ferry captain Lou Brandt"
    gives "Lou Brandt", "Mayor Lisa Ortiz" stays whole), without the words that open a sentence ("But Ortiz") or
    end the sentence before it ("the EU. Ortiz"), or a place it is based in ("the Yuma-based Growers Coalition")."""
    for run in _NAME_RUN.finditer(phrase):
        words = run.group().split()
        ends = [i for i, w in enumerate(words[:-1]) if w.endswith(".") and not _abbreviation(w)]
        words = words[ends[-1] + 1:] if ends else words
        while words and (words[0].lower().rstrip(".") in NOT_NAMES or _PLACE_AFFIX.search(words[0]) and len(words) > 1):
            words.pop(0)  # "But Ortiz"; "the Yuma-based Desert Growers Coalition"
        if words:
            return " ".join(words).rstrip(".,")
    return ""


def _abbreviation(word: str) -> bool:
    bare = word.rstrip(".")
    return bare.lower() in ABBREVIATIONS or (len(bare) == 1 and bare.isupper()) or "." in bare


def author_of(phrase: str) -> str:
    """Who wrote a document, from the words after its "by" or "from": an organisation's whole name ("the Office
    for Qualifications Standards"), else a person's, else the noun phrase ("the agency") or group ("researchers")."""
    head = _OBJ_END.split(f"{phrase} ")[0].strip()
    body = next((r.group().rstrip(".,") for r in _BODY_NAME.finditer(head)
                 if r.group().split()[0].lower() not in NOT_NAMES), "")
    return body or name_of(head) or (head if re.match(rf"{_DET}\s", head) or re.search(rf"\b{_GROUP}$", head) else "")


_PREPOSITION = r"(?:for|of|at|with|from|in|on|by|to)"  # what sets a name apart from the noun phrase it ends
# a body's name, its lower-case title and the person's name ("McLaren team principal Gareth Holloway", "Sky Sports F1
# pundit Marcus Penrose"), ending the phrase
_BODY_ROLE_NAME = re.compile(rf"^{_NAME}\s+(?:(?!{_PREPOSITION}\b|and\b|the\b)[a-z][a-z-]+\s+){{1,3}}"
                             rf"(?P<name>{_NAME})$")


def speaker_in_object(obj: str) -> str:
    """The speaker after an inverted verb or "according to": a name, else the name in an appositive ("the finance
    director, Ana Ruiz"), else the noun phrase ("a spokeswoman"). Clauses after it ("who ...") are cut off."""
    parts = [p.strip() for p in obj.split(",")]
    document = _DOCUMENT_BY.match(parts[0])
    if document:  # "according to a statement from the Ministry of Health": the ministry
        return author_of(document["who"])
    head = _OBJ_END.split(f"{parts[0]} ")[0].strip()
    if _FINITE.search(head):
        return ""  # "said the 412 was": what was said, not who said it
    name = name_of(head)
    after = head[head.find(name) + len(name):].split()[:1] if name else []
    if after and _inflected_verb(after[0]):
        return ""  # "said Sato ran the business": a clause about Sato
    if name and _POSSESSIVE_ROLE.match(head) and len(parts) > 1 and name_of(parts[1]):
        name = ""  # "said Stellwater's chief executive, Anneliese Drummond": the appositive names the speaker
    titled = _BODY_ROLE_NAME.search(head)
    if name and titled and head.startswith(name):
        name = name_of(titled["name"])  # "said McLaren team principal Gareth Holloway": the body's title, then him
    if name:
        return name
    if len(parts) > 1 and name_of(parts[1]) and name_of(parts[1]) == _OBJ_END.split(f"{parts[1]} ")[0].strip():
        return name_of(parts[1])
    return head if re.match(rf"{_DET}\s", head) or re.search(rf"\b{_GROUP}$", head) else ""


def _inflected_verb(word: str) -> bool:
    """"ran", "made", "wanted": a lower-case verb in a form not its own lemma, so a finite verb after a name."""
    return word.isalpha() and word.islower() and "VERB" in parts_of_speech(word) and word not in lemmas(word)


def _np(phrase: str) -> str:
    words = phrase.split()
    return " ".join([words[0].lower(), *words[1:]]) if words and words[0] in ("The", "A", "An") else phrase


def _subject_speaker(m: re.Match[str]) -> str:
    if m["name"]:
        return name_of(m["name"])
    if m["np"]:  # "the consultancy Harrow Vale Partners found": the name the noun is set beside
        trailing = re.search(rf"\b(?!(?:{_PREPOSITION}|and)\s)[a-z][\w’'-]*\s+(?P<name>{_NAME})$",
                             m["np"])
        if trailing and name_of(trailing["name"]):
            return name_of(trailing["name"])
        inner = [name_of(n.group()) for n in _NAME_RUN.finditer(m["np"], len(m["np"].split()[0]))
                 if not re.search(rf"\b{_PREPOSITION}\s+(?:the\s+)?$", m["np"][:n.start()])]
        if inner and inner[-1]:
            return inner[-1]  # 'a level Greig once described as "…"': Greig
        head = re.split(rf"\s+{_PREPOSITION}\s+", m["np"])[0].split()[-1]
        return _np(m["np"]) if _agent_noun(head) else ""  # "a spokeswoman for Elm Freight": a spokeswoman
    words = m["group"].split()
    return " ".join(words[1:] if words[0].lower() in NOT_NAMES | _BLOCK_BEFORE_SUBJECT else words)


def _agent_noun(word: str) -> bool:
    """A noun that can say things: a person's role or a body ("the mayor", "the firm", "the 68-year-old", "the
    statement"), or a word made for a doer ("protester", "spokeswoman", "novelist"); not "the radio" or "a
    backhand volley", which a clause's wording only makes look like a speaker."""
    bare = re.sub(r"[’']s?$", "", word.lower())  # "the mayor's": the mayor; "witness", "sources" keep their s
    return bare in PERSON_ROLES or bare in BODY_WORDS or bare in GROUP_NOUNS or re.fullmatch(_DOCUMENTS, bare) \
        is not None or bare.endswith(_AGENT_ENDINGS) or "year-old" in bare


def person_of_chain(masked: str, start: int, name: str) -> str:
    """The person a name is the workplace of: "Dr. Jo Mwangi of the Kenya Marine Research Centre (KMRC) in
    Mombasa told reporters" is said by Jo Mwangi, not Mombasa; `name` itself when no person heads such a chain."""
    window = max(0, start - _CHAIN_WINDOW)
    found = name
    for _ in range(3):
        tail = _PLACE_OF_WORK.search(masked, window, start)
        head = _NAME_AT_END.search(masked[window:tail.start()]) if tail else None
        described = _DESCRIBED_AT_END.search(masked[window:tail.start()]) if tail and head is None else None
        if described and is_person(name_of(described["name"])) and " " in name_of(described["name"]):
            return name_of(described["name"])  # "Dr. Ama Boateng, a cardiologist at St. Aldric's in Larkhaven"
        if tail is None or head is None:
            break
        start = window + head.start()
        if is_person(name_of(head.group())) and " " in name_of(head.group()):
            found = name_of(head.group())
    return found


def speech_mentions(masked: str) -> list[_Mention]:
    """Every attribution outside the quotations, sentence by sentence: "X said", "X, the director, said", "said X",
    "according to X", "police said", "she told reporters", "X's remarks". A pronoun is kept as such, to be resolved
    later."""
    out = []
    verbs = set()
    for start, end in _sentences(masked):
        for m in _SUBJECT_FIRST.finditer(masked, start, end):
            verbs.add(m.start("verb"))
            if re.match(r"agreed?\s+with\b", masked[m.start("verb"):m.start("verb") + 12]):
                continue  # "the software agreed with examiners": agreement, not speech
            if m["verb"] in NAMING_VERBS and re.match(r"\s+[A-Z]", masked[m.end("verb"):]):
                continue  # "a group called Save Our Streets": a name given, not words said
            if m["pronoun"]:
                out.append(_Mention(m.start(), m.end(), PRONOUNS[m["pronoun"].lower()], m["pronoun"].lower()))
            elif speaker := _subject_speaker(m):
                if m["name"]:
                    speaker = _opening_subject(masked, start, m) or person_of_chain(masked, m.start("name"), speaker)
                out.append(_Mention(m.start(), m.end(), speaker))
        out.extend(_and_said(masked, start, end, verbs))
        out.extend(_named_by_clause(masked, start, end, verbs))
        for m in [*_VERB_FIRST.finditer(masked, start, end), *_ACCORDING.finditer(masked, start, end)]:
            if "verb" in m.re.groupindex and m.start("verb") in verbs:
                continue  # "Jo Park, a nurse, said the plan ...": the verb already has its subject
            speaker = speaker_in_object(m["obj"])
            if _A_DOCUMENT.match(speaker):
                continue  # "X said ..., according to a statement issued on Monday": X's statement, no other speaker
            if speaker and speaker.lower() not in PRONOUNS:
                out.append(_Mention(m.start(), m.end(), _np(speaker)))
    return sorted(out, key=lambda x: x.start)


def _and_said(masked: str, start: int, end: int, verbs: set[int]) -> list[_Mention]:
    """'he thanked his volunteers and said he would "…"': the pronoun is the subject of the speech verb after "and"
    too, where no other attribution has that verb."""
    out = []
    for m in _AND_SAID.finditer(masked, start, end):
        if m.start("verb") not in verbs:
            verbs.add(m.start("verb"))
            out.append(_Mention(m.start(), m.end(), PRONOUNS[m["pronoun"].lower()], m["pronoun"].lower()))
    return out


_OPENING_NAME = re.compile(rf"(?P<name>{_NAME}),\s")


def _opening_subject(masked: str, start: int, m: re.Match[str]) -> str:
    """The name a sentence opens with, when the name before the verb sits in a long insertion set off by commas
    between them: in "Halcyne Labs, the Austin, Texas-based company that owns Dozely and its wearable, the Dozely
    Ring, confirmed ..." Halcyne Labs confirmed, not the Dozely Ring."""
    opening = _OPENING_NAME.match(masked, start)
    if opening is None or opening.start("name") == m.start("name") \
            or not masked[:m.start("verb")].rstrip().endswith(","):
        return ""
    return name_of(opening["name"])


def _named_by_clause(masked: str, start: int, end: int, verbs: set[int]) -> list[_Mention]:
    """"Moorfield Advisory, which said …" (the name a relative pronoun stands for) and "Rubio's remarks"."""
    out = []
    for m in _RELATIVE.finditer(masked, start, end):
        verbs.add(m.start("verb"))
        named = name_before(masked, m.start(), start)
        if named and (speaker := name_of(named.group())):
            out.append(_Mention(named.start(), m.end(), person_of_chain(masked, named.start(), speaker)))
    for m in _DOCUMENT_SUBJECT.finditer(masked, start, end):
        verbs.add(m.start("verb"))
        if author := author_of(m["who"]):
            out.append(_Mention(m.start(), m.end(), _np(author)))
    for m in _SPEECH_NOUN.finditer(masked, start, end):  # the name before the "'s", read from a short window
        named = name_before(masked, m.start(), start)
        if named and is_person(name_of(named.group())):
            out.append(_Mention(named.start(), m.end(), name_of(named.group())))
    return out


def _sentences(masked: str) -> list[tuple[int, int]]:
    starts = [0, *(start for _, start in sentence_breaks(masked))]
    return list(zip(starts, [*starts[1:], len(masked)], strict=True))


def sentence_breaks(masked: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph stops and the next begins, not after an abbreviation or an initial
    ("Sen. Maria Lee", "John F. Kennedy"); quotations are blanked, so their full stops don't count."""
    out = []
    for m in _SENTENCE_END.finditer(masked):
        word = masked[masked.rfind(" ", 0, m.start()) + 1:m.start() + 1]
        if masked[m.start()] == "." and _abbreviation(word):
            continue
        out.append((m.start() + 1, m.end()))
    return out


def sentence_start(masked: str, offset: int) -> int:
    """Where the sentence holding `offset` begins."""
    return max((start for stop, start in sentence_breaks(masked) if start <= offset), default=0)


def _sentence_end(masked: str, offset: int) -> int:
    return min((stop for stop, start in sentence_breaks(masked) if stop > offset), default=len(masked))


def attribution_after(masked: str, quote: _Quote, mentions: Sequence[_Mention]) -> _Mention | None:
    """`"…," X said.`, `"…," said X.`, `"…?" she asked`: an attribution in the same sentence right after a quotation
    that does not end its sentence."""
    if not quote.closed or quote.text.endswith("."):
        return None
    limit = min(_sentence_end(masked, quote.end), quote.end + _GAP)
    following = _MARK.search(masked, quote.end)
    if following is not None:
        limit = min(limit, following.start())
    return next((m for m in mentions if quote.end - 1 <= m.start < limit), None)


def attribution_before(masked: str, quote: _Quote, mentions: Sequence[_Mention]) -> _Mention | None:
    """`X said: "…"`, `X said that "…"`, `according to X, "…"`, `"…," X said, "…"`: the last attribution earlier in
    the quotation's sentence, not one inside the "that" clause of another there."""
    start = sentence_start(masked, quote.start)
    earlier = [m for m in mentions if start <= m.start and m.end <= quote.start + 1]
    told = [m for m in earlier if not any(_THAT.match(masked, e.end) and e.end <= m.start for e in earlier)]
    return told[-1] if told else None


_THAT = re.compile(r"\s+that\s")  # 'The board found that the software agreed with examiners "…"': the board


def sentence_subject(masked: str, start: int, surnames: frozenset[str] = frozenset()) -> str:
    """The person a sentence opens with ("Councillor Raj Mehta, who ..., said", "Commuter group spokesman Jo Lee
    argued", or "Mehta" and "Mehta's plan" once Raj Mehta is known): a run of two or more capitalised words, or a
    known surname, within its first four words and followed by a lowercase word."""
    words = masked[start:start + 160].split()
    for i, word in enumerate(words[:4]):
        if i and word.lower().strip(",") in _BLOCK_BEFORE_SUBJECT:
            return ""
        rest = " ".join(words[i:])
        run = _NAME_RUN.match(rest)
        if run is None:
            continue
        name = re.sub(r"[’']s$", "", name_of(run.group()))
        named = len(name.split()) >= 2 or name in surnames
        apposed = _APPOSED_NAME.match(rest, run.end())
        if apposed and re.search(r"[’']s\s", run.group()):
            return name_of(apposed["name"])  # "Ontario's Minister of Municipal Affairs, Cheryl Landry, said": her
        if named and re.match(r",|\s+[a-z]", rest[run.end():]) and is_person(name):
            return name
    return ""


_APPOSED_NAME = re.compile(rf"(?:\s+and\s+[A-Z][\w’'-]*)*,\s+(?P<name>{_NAME}),")  # "... and Housing, Cheryl Landry,"
_ROLE_SUBJECT = re.compile(r"[Tt]he\s+(?P<role>(?:[a-z][\w’'-]*\s+){0,2}?(?P<noun>[a-z]+))"
                           r"\s+(?!of\b|for\b|at\b|to\b)[a-z]")


def role_subject(masked: str, start: int) -> str:
    """A sentence opened by a person's role ("The judge was sharp with …") and no attribution: that person, as
    "the judge", for a pronoun after it; the draft gives "the judge" to the one person whose role it is."""
    m = _ROLE_SUBJECT.match(masked, start)
    return f"the {m['role']}" if m and m["noun"] in PERSON_ROLES else ""


def is_person(name: str) -> bool:
    """A name is a person's unless its last word names a body ("Port Authority", "Acme Corp.") or a group; a noun
    phrase is a person's when its head is a role ("the mayor", "a spokeswoman for the utility")."""
    words = re.split(r"\s+(?:for|of|at|with|from|in)\s+", name.lower().rstrip("."))[0].split()
    if not words:
        return False
    head = words[-1]
    if name[:1].islower() or words[0] in ("the", "a", "an"):
        return head in PERSON_ROLES or head.endswith(("man", "woman", "person"))
    return head not in BODY_WORDS and head not in GROUP_NOUNS


def _remember(memory: _Memory, number: int, masked: str, mentions: Sequence[_Mention]) -> None:
    for m in mentions:
        generic = _GENERIC_BODY.match(m.speaker) if memory.bodies else None
        named = _last_body(memory, number, m.start, generic["noun"]) if generic else ""
        if not m.pronoun:  # "the company said" is remembered as the company it is
            spoken_for = _NAMED_SPOKESPERSON.match(m.speaker)
            person = False if named or spoken_for or m.speaker in memory.bodies else is_person(m.speaker)
            memory.events.append((number, m.start, named or (spoken_for["body"] if spoken_for else m.speaker), person))
            if person:
                memory.speaking.add((number, m.start))
            if _SPOKESPERSON_FOR.match(m.speaker) or spoken_for:
                memory.spokespeople.append((number, m.start, spoken_for["body"] if spoken_for else m.speaker))
    surnames = memory.surnames()
    attributed = {m.start for m in mentions}
    for start in [0, *(start for stop, start in sentence_breaks(masked))]:
        subject = sentence_subject(masked, start, surnames) \
            or (role_subject(masked, start) if start not in attributed else "")
        if subject:
            memory.events.append((number, start, subject, True))
            memory.speaking.add((number, start))  # whom the sentence is about
    memory.events.extend((number, at, name, True) for at, name in people_named(masked, memory.people))
    opening = {0, *(start for stop, start in sentence_breaks(masked))}
    for body in memory.bodies:
        for at in (found.start() for found in _as_word(body).finditer(masked)):
            memory.events.append((number, at, body, False))
            if at in opening:
                memory.subjects.add((number, at))
    memory.events.sort(key=lambda e: (e[0], e[1]))
    learn_genders(memory, number, masked)
    for aged in _WITH_AGE.finditer(masked):
        before = name_before(masked, aged.start())
        if before and is_person(name_of(before.group())):
            memory.ages.setdefault(aged["age"], name_of(before.group()))


def attribute(paragraph: str, number: int, memory: _Memory) -> list[_Quote]:
    """The quotations of one paragraph with the speaker each one's own attribution names, pronouns resolved."""
    quotes = quote_spans(paragraph)
    masked = mask_quotes(paragraph, quotes)
    mentions = speech_mentions(masked)
    _remember(memory, number, masked, mentions)
    pronouns = resolve_pronouns(masked, number, mentions, memory)
    if mentions:  # 'Reyes said he had asked Cho for help.' then '"He never called back."' is Reyes's
        memory.said[number] = _attributed(mentions[-1], number, memory, pronouns)
    for q in quotes:
        q.sentence = q.start <= sentence_start(masked, q.start) and q.text.endswith((".", "!", "?"))
        after = attribution_after(masked, q, mentions)
        found = after or attribution_before(masked, q, mentions)
        # '"Almost," Wren said, "is the word."': one or two words before an attribution that a quotation goes on after
        q.split = after is not None and any(o.start >= after.end and re.fullmatch(r"[\s,]*", masked[after.end:o.start])
                                            for o in quotes)
        if found is None:
            subject = sentence_subject(masked, sentence_start(masked, q.start), memory.surnames())
            if subject and q.start > sentence_start(masked, q.start):  # `Ortiz called it "a costly mistake."`
                q.speaker = subject
            elif masked[:q.start].rstrip().endswith(":"):  # `Asked about it, Ortiz was blunt: "…"`
                q.speaker = _last_person_in(memory, number, sentence_start(masked, q.start), q.start)
            continue
        q.speaker = _attributed(found, number, memory, pronouns)
        if found.pronoun in ("he", "she") and q.speaker[:1].isupper():
            memory.genders.setdefault(memory.gender_key(q.speaker), found.pronoun)
    for q in quotes:
        q.reported = _reported(paragraph, q)
    return quotes


_THE_DOCUMENT = re.compile(rf"^the\s+{_DOCUMENTS}$")
_A_DOCUMENT = re.compile(rf"^(?:an?|the)\s+(?:[\w-]+\s+)?{_DOCUMENTS}(?:\s+(?!by\b|from\b)[a-z]+)*$")


def _attributed(found: _Mention, number: int, memory: _Memory, pronouns: dict[int, str]) -> str:
    """The speaker an attribution names, described speakers and pronouns resolved."""
    aged = _AGED.match(found.speaker)
    generic = _GENERIC_BODY.match(found.speaker)
    spoken_for = _NAMED_SPOKESPERSON.match(found.speaker)
    if spoken_for:  # "a Veltrane spokesperson said": the body they speak for
        return spoken_for["body"]
    if generic and found.speaker.startswith("the spokes") and _spokesperson_before(memory, number, found.start):
        return _spokesperson_before(memory, number, found.start)  # "the spokeswoman": the one just described
    if generic and memory.bodies:  # "the company said", "a spokeswoman said": the body the story last named
        return _last_body(memory, number, found.start, generic["noun"]) or found.speaker
    if _THE_DOCUMENT.match(found.speaker) and memory.said:  # "the statement said": whose statement it is
        return memory.said[max(memory.said)]
    if aged:  # "the 68-year-old said": the person named with that age, else the last person named
        return memory.ages.get(aged["age"]) or memory.last(number, found.start, "person")
    if not found.pronoun:
        return found.speaker
    if not found.speaker:  # "I" and "we" name no one
        return ""
    if found.pronoun == "it" and (about := _subject_bodies(memory, number, found.start)):
        return about[-1]  # "Corvid, which ... two former Google researchers, denies wrongdoing. It argues": the body
        # the sentence was about, not the last one named
    return pronouns.get(found.start) or memory.last(number, found.start, found.speaker, found.pronoun)


def resolve_pronouns(masked: str, number: int, mentions: Sequence[_Mention], memory: _Memory) -> dict[int, str]:
    """Each "he said" or "she said" of a paragraph, in order, as the person it is (see _Memory.speaker_for), who is
    then this paragraph's speaker there: 'He said the port, where Lukas Brenner …, had coped. "…," he added.' is
    the man the first "he" was, not Brenner. A sentence opened by "He" or "She" makes its person the paragraph's
    too: 'Among them was Cal Rees. He shares a lift with a porter, Dan Ives. "…," he said.' is Rees's."""
    said = {m.start: m.pronoun for m in mentions if m.pronoun in ("he", "she")}
    subjects = {start: opening[1].lower() for _, start in [(0, 0), *sentence_breaks(masked)]
                if (opening := re.match(r"(He|She)\b", masked[start:start + 4]))}  # 'He usually shares a lift'
    out: dict[int, str] = {}
    for at, pronoun in sorted({**subjects, **said}.items()):
        who = introduced_after(masked, number, at, memory) or memory.speaker_for(number, at, pronoun)
        if who:
            out[at] = who
            if who[:1].isupper():  # 'Nia Cole and her husband, Ben Ford, … "…," she said. "…," he added.': Cole is she
                memory.genders.setdefault(memory.gender_key(who), pronoun)
            memory.events.append((number, at, who, True))
            memory.events.sort(key=lambda e: (e[0], e[1]))
            memory.speaking.add((number, at))
    return out


def _spokesperson_before(memory: _Memory, number: int, offset: int) -> str:
    """"A spokeswoman for Corvina Shipping said … "…," the spokeswoman said": the spokesperson this paragraph or the
    one before described ("a spokeswoman for X", or X itself for "an X spokesman")."""
    described = [text for para, at, text in memory.spokespeople if number - 1 <= para and (para, at) < (number, offset)]
    return described[-1] if described else ""


# "a Veltrane spokesperson", "a White House spokesman": the body is named before the noun
_NAMED_SPOKESPERSON = re.compile(r"^(?:an?|the)\s+(?P<body>[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*)\s+"
                                 r"(?:spokes(?:person|man|woman)|representative)$")
_SPOKESPERSON_FOR = re.compile(r"^(?:an?|the)\s+(?:spokes(?:person|man|woman)|representative)\s+(?:for|of|at)\s+\S")
_GENERIC_BODY = re.compile(r"^(?:the|a|an|its)\s+(?:(?:company|firm|group|union)\s+)?(?P<noun>company|firm|group|"
                           r"business|carmaker|retailer|airline|bank|insurer|lender|developer|operator|union|charity|"
                           r"agency|council|organi[sz]ation|spokes(?:person|man|woman)|regulator|watchdog|authority|"
                           r"ministry|department|commission|committee|board|institute|foundation|association|"
                           r"federation|coalition|campaign)$")
# "the regulator" or "the watchdog": the last body whose name has one of these words
_OVERSEERS = frozenset({"authority", "commission", "agency", "board", "office", "regulator", "ministry",
                        "department", "inspectorate", "bureau", "administration", "watchdog", "ombudsman"})


_ANY_BODY = frozenset({"company", "firm", "group", "business", "carmaker", "retailer", "airline", "bank", "insurer",
                       "lender", "developer", "operator", "charity", "organisation", "organization", "spokesperson",
                       "spokesman", "spokeswoman"})  # nouns any body fits; "the union" must be a union


def _last_body(memory: _Memory, number: int, offset: int, noun: str) -> str:
    """The last body named before the offset whose name has the noun ("the council": Harwick Town Council; "the
    regulator": the last authority, commission, agency ... named); for a noun any body fits ("the company", "a
    spokeswoman"), the body the paragraph's sentences are about ("X, which ..., advertised the Y data. "…," the group
    wrote": X), else the last body named."""
    bodies = [name for _, _, name in _bodies_before(memory, number, offset)]
    words = _OVERSEERS if noun in ("regulator", "watchdog") else {noun}
    own = [b for b in bodies if words & set(b.lower().split())]
    subjects = _subject_bodies(memory, number, offset)
    return (own or (subjects or bodies if noun in _ANY_BODY else []) or [""])[-1]


def _bodies_before(memory: _Memory, number: int, offset: int) -> list[tuple[int, int, str]]:
    return [(para, at, name) for para, at, name, person in memory.events
            if (para, at) < (number, offset) and not person and name in memory.bodies]


def _subject_bodies(memory: _Memory, number: int, offset: int) -> list[str]:
    """The bodies that opened a sentence of the paragraph before the offset: what its sentences are about."""
    return [name for para, at, name in _bodies_before(memory, number, offset)
            if para == number and (para, at) in memory.subjects]


def _last_person_in(memory: _Memory, number: int, start: int, end: int) -> str:
    """The last person the paragraph names between two offsets (a sentence's start and a quotation)."""
    named = [name for para, at, name, person in memory.events if para == number and start <= at < end and person]
    return named[-1] if named else ""


_DESCRIBED = re.compile(r"(?:The|Its|Their|His|Her|[A-Z][\w.-]*[’']s)\s+((?:[a-z][\w’'-]*\s+){1,5})")


def introduced_after(masked: str, number: int, offset: int, memory: _Memory) -> str:
    """"The trust's chief executive is blunt. "…," she said. Jo Crane, who took over in 2019, said …": a pronoun
    after a sentence whose subject is a person's role, not a name, is the person named next in the paragraph, when
    the article names them there for the first time; else the person named earlier with that role as their title
    ('Judge Mia Roe ruled … The judge was sharp. She wrote …' is Mia Roe)."""
    start = sentence_start(masked, offset)
    previous = sentence_start(masked, max(0, start - 2)) if start else 0
    for opening in {start, previous}:
        m = _DESCRIBED.match(masked, opening)
        if m and PERSON_ROLES & set(m[1].split()):  # "The trust's chief executive does", not "The mayor's plan"
            break
    else:
        return ""
    later = [name for para, at, name, person in memory.events
             if para == number and at > offset and person and " " in name and name[:1].isupper()]
    if later and not memory.named_before(number, later[0]):
        return later[0]
    roles = PERSON_ROLES & set(m[1].split())
    titled = [name for para, at, name, person in memory.events if (para, at) < (number, offset) and person
              and len(name.split()) >= 2 and name.split()[0].lower().rstrip(".") in roles]
    if not titled:
        return ""
    return next((p for p in memory.people if titled[-1].endswith(f" {p}")), titled[-1])  # "Judge Mia Roe": Mia Roe


def carry_speakers(quotes: Sequence[_Quote], carried: str) -> None:
    """A quotation with no attribution of its own is the previous one's in its paragraph, or the one before it
    left open in the paragraph before; else the next attributed one's in its paragraph."""
    previous = carried
    for q in quotes:
        if not q.speaker and previous:
            q.speaker = previous
        previous = q.speaker or previous
    following = ""
    for q in reversed(quotes):
        if not q.speaker and following:
            q.speaker = following
        following = q.speaker or following


def only_quotation(paragraph: str) -> bool:
    """A paragraph that is nothing but a quotation: it goes on quoting whoever the paragraph before it quoted last."""
    return _LETTER.search(mask_quotes(paragraph, quote_spans(paragraph))) is None


_NAMED_NEXT = re.compile(rf"^(?:(?:That|This|Those|These)\s+(?:was|is|were|are)|That[’']s|So\s+(?:says|said))\s+"
                         rf"(?:the\s+(?:words|verdict|view)\s+of\s+)?(?P<name>{_NAME})")


def named_in_next(paragraph: str) -> str:
    """'"…" / That was Dennis Ark, 68, who …': a paragraph that names whose the quotation before it was."""
    m = _NAMED_NEXT.match(paragraph.lstrip())
    return name_of(m["name"]) if m and is_person(name_of(m["name"])) else ""


def find_quotes(paragraphs: Sequence[str], people: Sequence[str] = (),
                bodies: Sequence[str] = ()) -> list[QuoteCandidate]:
    """Quotations of three words or more with the speaker as named in the article, "" when none is named. Pronoun
    speakers ("she said") are the last person named as a speaker or sentence subject before them; a paragraph that
    is only a quotation is the last speaker's of the paragraph before, quoted or, with no quotation there, reported
    ("X said he had asked for help.")."""
    memory = _Memory(people=tuple(people), bodies=tuple(b for b in bodies if b[:1].isupper()))
    out: list[QuoteCandidate] = []
    carried = last = ""
    for number, paragraph in enumerate(paragraphs):
        quotes = [q for q in attribute(paragraph, number, memory) if is_quotation(q)]
        opens_with_quote = paragraph.lstrip()[:1] in ("\"", "“")
        if only_quotation(paragraph) and number + 1 < len(paragraphs) and named_in_next(paragraphs[number + 1]):
            last = named_in_next(paragraphs[number + 1])
        carry_speakers(quotes, (carried or (last if only_quotation(paragraph) else "")) if opens_with_quote else "")
        out.extend(QuoteCandidate(q.text, full_name(q.speaker, memory.people, memory.bodies)) for q in quotes)
        carried = quotes[-1].speaker if quotes and not quotes[-1].closed else ""
        last = quotes[-1].speaker if quotes else memory.said.get(number, "")
        for q in quotes:
            if q.speaker:
                person = q.speaker not in memory.bodies and is_person(q.speaker)  # the article's bodies are none
                memory.events.append((number, q.start, q.speaker, person))
                if person:
                    memory.speaking.add((number, q.start))
        memory.events.sort(key=lambda e: (e[0], e[1]))
    return out
