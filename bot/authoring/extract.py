"""Pull candidate facts, dates, quotes and names out of an article's text, each with its verbatim span."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Draft", "dates_in", "draft", "figures_in", "slug", "split_sentences", "unique"]

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "jr", "sr", "no", "vs", "inc",
                 "ltd", "co"}
TITLES = {"mayor", "president", "prime", "minister", "secretary", "chief", "senator", "judge", "general", "governor",
          "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "king", "queen", "pope", "chancellor", "commissioner",
          "state"}
NOT_PERSON = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "latin",
              "united", "operation", "doctrine", "act", "war", "summit", "treaty"}
STOPWORDS = {"the", "a", "an", "in", "on", "at", "by", "for", "from", "with", "after", "before", "but", "and", "or",
             "if", "when", "while", "as", "its", "his", "her", "their", "this", "that", "these", "those", "it", "we",
             "he", "she", "they", "there", "most", "many", "some", "until", "since", "according", "however", "health",
             "residents", "officials", "both", "each", "every", "our", "my", "your", "what", "who", "how", "why",
             "heat"}
ORG_WORDS = {"council", "authority", "agency", "ministry", "department", "party", "union", "office", "service",
             "instituto", "institute", "bank", "company", "group", "association", "police", "customs", "university",
             "commission", "court", "parliament", "government", "alliance", "directorate", "organisation",
             "organization", "federation", "club", "board", "committee", "corporation", "foundation", "geral"}
PLACE_WORDS = {"port", "city", "street", "river", "square", "district", "island", "county", "province", "region",
               "bridge", "airport", "station", "harbour", "harbor"}
CONNECTORS = r"(?:of|the|de|da|do|dos|das|del|della|van|von|der|den|du|la|le|al|e|y)"
_CAP = r"[A-ZÀ-Þ][\w’'-]*"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:{CONNECTORS}\s+)*{_CAP})*")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = re.compile(rf"\b(?P<month>{_MONTH})(?:\s+(?P<day>\d{{1,2}}))?(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?\b"
                   rf"|\b(?P<bare>(?:19|20)\d{{2}})\b")
_FIGURE = re.compile(r"(?:[€$£]\s?\d[\d,.]*(?:\s(?:million|billion|thousand))?"
                     r"|\b\d[\d,.]*(?:\s?%|\s(?:percent|per cent|million|billion|thousand)(?:\s[a-z][\w-]*)?"
                     r"|\s[a-z][\w-]+)?)")
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_BYLINE = re.compile(r"^(?:article\s+)?(?:written\s+)?by\s+(.+)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+[”\"’)]*\s+(?=[“\"A-Z0-9])")


@dataclass
class Sentence:
    text: str
    paragraph: int
    start: int  # offset in the article, for the nearest-year guess


@dataclass
class DateMention:
    iso: str
    label: str
    inferred: bool  # the year is not printed next to it


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mention: str = ""  # first sentence that names it


@dataclass
class QuoteCandidate:
    text: str
    speaker: str  # entity id, or "" when no one was found near it


@dataclass
class Draft:
    title: str
    subtitle: str
    author: str
    words: int
    paragraphs: list[str]
    sentences: list[Sentence]
    entities: list[Entity]
    quotes: list[QuoteCandidate]

    def dates(self, sentence: Sentence) -> list[DateMention]:
        return dates_in(sentence.text, self._year_before(sentence.start))

    def _year_before(self, offset: int) -> str | None:
        """The year of the nearest earlier dated month (`June 15, 2025`), else of the first one."""
        years = [(s.start, m["year"]) for s in self.sentences for m in _DATE.finditer(s.text) if m["year"]]
        before = [y for start, y in years if start <= offset]
        return before[-1] if before else (years[0][1] if years else None)

    def entities_in(self, text: str) -> list[str]:
        return [e.id for e in self.entities if any(_contains(text, n) for n in [e.name, *e.aliases])]


def slug(text: str, words: int = 6) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in STOPWORDS][:words]
    return "-".join(parts) or "item"


def unique(base: str, taken: set[str]) -> str:
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, not splitting after abbreviations (Dr., U.S., p.m.) or initials."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        word = paragraph[start:m.start() + 1].split()[-1].rstrip(".").lower()
        if word in ABBREVIATIONS or "." in word or len(word) == 1:
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def dates_in(text: str, year: str | None) -> list[DateMention]:
    """ISO dates of `January 3, 2025`, `January 2025`, `January 3` (year guessed) and bare years."""
    out = []
    for m in _DATE.finditer(text):
        if m["bare"]:
            out.append(DateMention(m["bare"], m["bare"], False))
            continue
        month = f"{MONTHS.index(m['month'].lower()) + 1:02d}"
        if not (m["day"] or m["year"]):
            continue  # a month alone ("in early June") is too vague for the timeline
        y = m["year"] or year
        if y is None:
            continue
        iso = f"{y}-{month}" + (f"-{int(m['day']):02d}" if m["day"] else "")
        out.append(DateMention(iso, m.group(0), m["year"] is None))
    return out


def figures_in(text: str) -> list[str]:
    """Numbers with what they count (`40 air-conditioned`, `€3.2 million`, `47 degrees`); dates left out."""
    blanked = _DATE.sub(lambda m: " " * len(m.group(0)), text)
    return [m.group(0).rstrip(".,") for m in _FIGURE.finditer(blanked) if re.search(r"\d", m.group(0))]


def _clean_name(name: str) -> str:
    """Drop leading common words and any titles ("Belgian Prime Minister Bart De Wever" -> "Bart De Wever")."""
    words = name.split()
    titles = [i for i, w in enumerate(words) if w.lower() in TITLES]
    if titles and titles[-1] < len(words) - 1:
        words = words[titles[-1] + 1:]
    while words and (words[0].lower() in STOPWORDS or words[0].lower() in TITLES or words[0] in ("of", "de")):
        words.pop(0)
    return re.sub(r"[’']s?$", "", " ".join(words))


def _entity_type(name: str, text: str) -> str:
    words = {w.lower() for w in re.split(r"[\s-]+", name)}
    if words & ORG_WORDS or (name.isupper() and len(name) > 1):
        return "organisation"
    after_preposition = rf"\b(?:in|at|from|to|near)\s+(?:the\s+)?{re.escape(name)}\b"  # 'in Lisbon', 'near the Tagus'
    if words & PLACE_WORDS or re.search(after_preposition, text, re.IGNORECASE):
        return "place"
    if 2 <= len(name.split()) <= 4 and not words & NOT_PERSON:
        return "person"
    return "other"


def find_entities(sentences: list[Sentence]) -> list[Entity]:
    """Capitalised name sequences, minus sentence-initial common words, with surnames and acronyms as aliases."""
    seen: dict[str, tuple[str, Sentence]] = {}
    acronyms: dict[str, str] = {}
    for s in sentences:
        for m in _NAME.finditer(s.text):
            name = _clean_name(m.group(0))
            at_start = m.start() == 0 or s.text[:m.start()].rstrip().endswith(("“", "\"", "("))
            if (not name or name.lower() in MONTHS or name.lower() in WEEKDAYS
                    or any(len(w) < 2 for w in name.split() if w[0].isupper())):
                continue
            if at_start and name == m.group(0) and " " not in name:
                continue  # a capitalised first word is usually an ordinary word
            paren = re.match(r"\s*\(([A-Z]{2,})\)", s.text[m.end():])
            if paren:
                acronyms[paren.group(1)] = name
            seen.setdefault(name, (m.group(0), s))
    taken: set[str] = set()
    entities: dict[str, Entity] = {}
    everything = " ".join(s.text for s in sentences)
    for name, (_, s) in seen.items():
        if name in acronyms:
            continue
        entities[name] = Entity(unique(slug(name), taken), name, _entity_type(name, everything), mention=s.text)
    for short, full in acronyms.items():
        if full in entities:
            entities[full].aliases.append(short)
    for name in list(entities):  # "Moedas" alone is an alias of "Carlos Moedas"
        owner = next((e for e in entities.values() if e.name != name and e.type == "person"
                      and e.name.split()[-1] == name), None)
        if owner is not None and " " not in name:
            owner.aliases.append(name)
            del entities[name]
    return list(entities.values())


def find_quotes(paragraphs: list[str], entities: list[Entity]) -> list[QuoteCandidate]:
    """Text in quotation marks (three words or more); the speaker is the nearest person named in the paragraph."""
    people = [e for e in entities if e.type == "person"]
    out = []
    for para in paragraphs:
        for m in _QUOTE.finditer(para):
            text = (m.group(1) or m.group(2)).strip().rstrip(",")
            if len(text.split()) < 3:
                continue
            outside = para[:m.start()] + " " * (m.end() - m.start()) + para[m.end():]
            best, distance = "", len(para) + 1
            for person in people:
                for name in [person.name, *person.aliases]:
                    for hit in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", outside):
                        d = min(abs(hit.start() - m.end()), abs(m.start() - hit.end()))
                        if d < distance:
                            best, distance = person.id, d
            out.append(QuoteCandidate(text, best))
    return out


def draft(article: str) -> Draft:
    """Read the headline, byline and body of an article and find the candidates in its body."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", article) if p.strip()]
    title = paragraphs[0] if paragraphs else ""
    subtitle, author, body = "", "", []
    for i, para in enumerate(paragraphs[1:], 1):
        byline = _BYLINE.match(para)
        if byline and not author:
            author = byline.group(1).strip()
        elif i == 1 and not para.endswith((".", "!", "?", "”", "\"")):
            subtitle = para
        elif para.endswith((".", "!", "?", "”", "\"")):
            body.append(para)
    sentences: list[Sentence] = []
    for number, para in enumerate(body):
        for text in split_sentences(para):
            sentences.append(Sentence(text, number, article.find(text)))
    entities = find_entities(sentences)
    if author and not any(e.name == author for e in entities):
        entities.insert(0, Entity(unique(slug(author), {e.id for e in entities}), author, "person",
                                  mention=f"By {author}"))
    return Draft(title, subtitle, author, len(article.split()), body, sentences, entities, find_quotes(body, entities))
