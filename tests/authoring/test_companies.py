"""Listed companies (bot/authoring/companies.py): the members of the big stock indices, as news names them."""
from __future__ import annotations

import pytest

from bot.authoring.companies import is_listed_company


@pytest.mark.parametrize("name", ["Netflix", "Goldman Sachs", "Nestlé", "Nestle", "Volkswagen", "NatWest",
                                  "JPMorgan Chase", "Walt Disney", "Shell"])
def test_listed_companies_in_full_or_as_news_shortens_them(name: str) -> None:
    """"Netflix, Inc.", "Nestlé SA", "Volkswagen Group", "The Walt Disney Company": without the legal form, a
    closing "Group" or "Holdings", or a leading "The"; accents and case folded."""
    assert is_listed_company(name)


@pytest.mark.parametrize("name", ["Harrow Logistics", "Group", "Holdings", "London", "Pendry Holt", ""])
def test_other_names_and_bare_corporate_words_are_not(name: str) -> None:
    assert not is_listed_company(name)
