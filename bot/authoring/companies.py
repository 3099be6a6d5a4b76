"""Listed companies: whether a name is one a news story gives a well-known company ("Netflix", "Goldman Sachs",
"Nestlé"), which its shape alone would take for a town or a person. The list is pytickersymbols', the members of
twenty stock indices (the S&P 500 and 600, Nasdaq 100, FTSE 100, DAX, CAC 40, Nikkei 225 and others); each name is
also kept as news shortens it: without its legal form (cleanco: "Inc.", "plc", "SA"), then without a closing
"Group" or "Holdings" ("Volkswagen Group": "Volkswagen")."""
from __future__ import annotations

import re
from functools import cache

from bot.core.answer.language import strip_accents

__all__ = ["is_listed_company"]

_CORPORATE_TAIL = re.compile(r"(?:\s+(?:group|holdings?|class\s+[a-c]))+$", re.IGNORECASE)


def is_listed_company(name: str) -> bool:
    """"Netflix", "Goldman Sachs", "Nestle", "Volkswagen": a listed company's name, in full or as news shortens it;
    "Harrow Logistics" (no listed company) and "Group" (no name left) are not."""
    return _key(name) in _names()


def _key(name: str) -> str:
    return " ".join(strip_accents(name).lower().split())


@cache
def _names() -> frozenset[str]:
    from cleanco import basename  # data packages, imported only when a draft types a name
    from pytickersymbols import PyTickerSymbols

    out = set()
    for stock in PyTickerSymbols().get_all_stocks():
        for form in (stock["name"], basename(stock["name"])):
            form = form.removeprefix("The ").strip(" ,")
            out |= {_key(form), _key(_CORPORATE_TAIL.sub("", form))}
    out.discard("")
    return frozenset(out)
