"""Given names and surnames: whether a word is a first name people are given, or a family name, in any of the
languages news reports name people from. The lists are Faker's person providers, census and registry names for
some eighty locales; its base "en" list of first names (every one in a US census, with "Golden", "Storm" and "King"
among them) counts only for words that are no common English word."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from bot.core.answer.language import common, strip_accents

__all__ = ["given_name_pronoun", "is_given_name", "is_surname"]

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "last_names")
_GENDERED = {"first_names_male": "he", "first_names_female": "she"}
_CENSUS = "en"  # the unweighted US census list: many of its "names" are ordinary words


def is_given_name(word: str) -> bool:
    """"Priya", "Jürgen", "Seán": a first name some locale gives people, with or without its accents; "Stena",
    "Salt", "Facebook" are not."""
    return strip_accents(word.lower()) in _given_names()


def is_surname(word: str) -> bool:
    """"Brooks", "Roberts", "Kowalski": a family name some locale lists; "Nuggets" and "Snacks" are not."""
    return strip_accents(word.lower()) in _surnames()


def given_name_pronoun(word: str) -> str:
    """"he" for a name every locale that lists it gives boys ("Tomasz", "Jürgen"), "she" for girls' ("Mette",
    "Priya"); "" for a name given both ("Andrea", "Sasha") or not listed."""
    return _pronouns().get(strip_accents(word.lower()), "")


@cache
def _pronouns() -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for module, attribute, words in _lists():
        if attribute in _GENDERED and module != _CENSUS:
            for word in words:
                seen.setdefault(word, set()).add(_GENDERED[attribute])
    return {word: pronouns.pop() for word, pronouns in seen.items() if len(pronouns) == 1}


@cache
def _given_names() -> frozenset[str]:
    names: set[str] = set()
    for module, attribute, words in _lists():
        if attribute != "last_names":
            names |= {w for w in words if not common(w)} if module == _CENSUS else words
    return frozenset(names)


@cache
def _surnames() -> frozenset[str]:
    return frozenset(w for _, attribute, words in _lists() if attribute == "last_names" for w in words)


@cache
def _lists() -> list[tuple[str, str, set[str]]]:
    """(locale, list, its words) for each first-name list of each of Faker's person providers."""
    import faker.providers.person as providers  # a data package, imported only when a draft types a name

    out = []
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for attribute in _LISTS:
            found = vars(provider).get(attribute)  # each locale's own lists, not the ones it inherits
            if isinstance(found, (list, tuple, dict)):  # not absent, nor a property that picks among the others
                out.append((module.name, attribute, {strip_accents(part.lower()) for name in found
                                                     for part in name.split()}))
    return out
