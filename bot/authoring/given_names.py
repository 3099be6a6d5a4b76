"""Given names: whether a word is a first name people are given, in any of the languages news reports name people
from. The lists are Faker's person providers, census and registry first names for some eighty locales; its base
"en" list (every first name in a US census, with "Golden", "Storm" and "King" among them) counts only for words that
are no common English word."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from bot.core.answer.language import common, strip_accents

__all__ = ["is_given_name"]

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
_CENSUS = "en"  # the unweighted US census list: many of its "names" are ordinary words


def is_given_name(word: str) -> bool:
    """"Priya", "Jürgen", "Seán": a first name some locale gives people, with or without its accents; "Stena",
    "Salt", "Facebook" are not."""
    return strip_accents(word.lower()) in _given_names()


@cache
def _given_names() -> frozenset[str]:
    import faker.providers.person as providers  # a data package, imported only when a draft types a name

    names: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for attribute in _LISTS:
            found = vars(provider).get(attribute)  # each locale's own lists, not the ones it inherits
            if not isinstance(found, (list, tuple, dict)):
                continue  # absent, or a property that picks among the others
            words = {strip_accents(part.lower()) for name in found for part in name.split()}
            names |= {w for w in words if not common(w)} if module.name == _CENSUS else words
    return frozenset(names)
