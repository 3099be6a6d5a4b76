"""Answer questions from the loaded briefings (first version: BM25 over facts)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import bm25s
import Stemmer

from bot.core.reply import Citation
from bot.core.store import ContentStore

log = logging.getLogger(__name__)

MIN_SCORE = 2.0


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    text: str
    citations: tuple[Citation, ...] = ()
    confidence: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "citations": [{"quote": c.quote, "briefing": c.briefing_id, "title": c.title} for c in self.citations],
            "confidence": round(self.confidence, 3),
        }


class AnswerEngine:
    """Retrieves the fact that best answers a question, citing its evidence."""

    def __init__(self, store: ContentStore):
        self._store = store
        self._docs: list[tuple[str, str, str]] = []  # (briefing id, answer text, evidence)
        for lb in store:
            for fact in lb.briefing.facts:
                self._docs.append((lb.briefing.id, fact.statement, fact.evidence))
        self._stemmer = Stemmer.Stemmer("english")
        self._index = bm25s.BM25()
        corpus = [f"{text} {evidence}" for _, text, evidence in self._docs]
        self._index.index(bm25s.tokenize(corpus, stopwords="en", stemmer=self._stemmer, show_progress=False), show_progress=False)

    def ask(self, question: str, briefing_id: str | None = None) -> Answer:
        tokens = bm25s.tokenize([question], stopwords="en", stemmer=self._stemmer, show_progress=False)
        if not tokens.vocab:
            return self._abstain(question)
        docs, scores = self._index.retrieve(tokens, k=min(5, len(self._docs)), show_progress=False)
        for i, score in zip(docs[0], scores[0]):
            bid, text, evidence = self._docs[int(i)]
            if briefing_id and bid != briefing_id:
                continue
            if score < MIN_SCORE:
                break
            cite = self._store.citation(self._store.get(bid), evidence)
            return Answer(question, True, text, (cite,), min(float(score) / 10, 1.0))
        return self._abstain(question)

    @staticmethod
    def _abstain(question: str) -> Answer:
        return Answer(question, False, "The article doesn't say.")
