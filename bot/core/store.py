"""ContentStore: the loaded briefings, immutable and indexed for lookups."""
from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from bot.core.briefing import Entity
from bot.core.loader import LoadedBriefing
from bot.core.reply import Citation
from bot.core.text import fold

__all__ = ["ContentStore", "UnknownBriefing"]


class UnknownBriefing(LookupError):
    pass


class ContentStore:
    """Briefings by id, plus entity names and topics across all of them."""

    def __init__(self, briefings: Sequence[LoadedBriefing], default: str | None = None):
        self._by_id = {lb.briefing.id: lb for lb in briefings}
        if default is not None and default not in self._by_id:
            raise UnknownBriefing(f"default briefing {default!r} is not in the content folder")
        self.default_id = default or briefings[0].briefing.id
        self._entities: dict[str, list[tuple[LoadedBriefing, Entity]]] = {}
        self._entity_ids = {lb.briefing.id: {e.id: e for e in lb.briefing.entities} for lb in briefings}
        for lb in briefings:
            for ent in lb.briefing.entities:
                for name in {fold(n) for n in (ent.name, ent.id, *ent.aliases)}:  # 'Antwerp' and 'antwerp' once
                    self._entities.setdefault(name, []).append((lb, ent))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[LoadedBriefing]:
        return iter(self._by_id.values())

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, briefing_id: str | None = None) -> LoadedBriefing:
        """The named briefing, or the default one; UnknownBriefing says which exist."""
        key = briefing_id or self.default_id
        try:
            return self._by_id[key]
        except KeyError:
            close = difflib.get_close_matches(key, self.ids(), n=3, cutoff=0.4)
            guess = f" Did you mean {' or '.join(close)}?" if close else ""
            raise UnknownBriefing(f"There is no briefing {key[:60]!r}.{guess} "
                                  f"Briefings: {', '.join(self.ids()[:10])}.") from None

    def entity(self, briefing_id: str, entity_id: str) -> Entity | None:
        """One briefing's entity by its id, or None."""
        return self._entity_ids.get(briefing_id, {}).get(entity_id)

    def entities(self, name: str) -> list[tuple[LoadedBriefing, Entity]]:
        """Entities whose name, id or alias is `name` (case and quotes folded)."""
        return list(self._entities.get(fold(name), []))

    def entity_names(self) -> list[str]:
        return sorted({ent.name for matches in self._entities.values() for _, ent in matches})

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Close entity names for a misspelt or unknown one."""
        names = self.entity_names()
        folded = {fold(x): x for x in names}
        hits = difflib.get_close_matches(fold(name), list(folded), n=n, cutoff=0.5)
        hits += [f for f in folded if fold(name) in f]
        return list(dict.fromkeys(folded[h] for h in hits))[:n]

    def topics(self) -> list[str]:
        return sorted({t for lb in self for f in lb.briefing.facts for t in f.tags})

    @staticmethod
    def citation(lb: LoadedBriefing, quote: str) -> Citation:
        meta = lb.briefing.metadata
        return Citation(quote=quote, briefing_id=lb.briefing.id, title=meta.title, author=meta.author, url=meta.url)
