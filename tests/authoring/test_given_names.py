"""Given names (bot/authoring/given_names.py): first names of many languages, no ordinary English words."""
from __future__ import annotations

import pytest

from bot.authoring.given_names import given_name_pronoun, is_given_name, is_surname


@pytest.mark.parametrize("word", ["Priya", "Jürgen", "Seán", "Aoife", "Kwame", "Hiroshi", "Tomás", "Hollis", "ANA"])
def test_first_names_of_many_languages_are_given_names(word: str) -> None:
    assert is_given_name(word)


@pytest.mark.parametrize("word", ["Stena", "Salt", "Golden", "Storm", "King", "River", "Facebook", "Weather"])
def test_ordinary_words_and_brands_are_no_given_names(word: str) -> None:
    """The census list names a few people "Golden" or "Storm"; as a name's first word they say nothing of a person."""
    assert not is_given_name(word)


@pytest.mark.parametrize(("word", "pronoun"), [("Tomasz", "he"), ("Jürgen", "he"), ("Mette", "she"), ("Priya", "she"),
                                               ("Andrea", ""), ("Sasha", ""), ("Stena", "")])
def test_a_first_name_given_to_one_sex_only_suggests_a_pronoun(word: str, pronoun: str) -> None:
    """Andrea is a man's name in Italy and a woman's elsewhere: it suggests nothing."""
    assert given_name_pronoun(word) == pronoun


@pytest.mark.parametrize(("word", "surname"), [("Brooks", True), ("Nowak", True), ("Okafor", True),
                                               ("Nuggets", False), ("Snacks", False), ("Ferries", False)])
def test_family_names_of_many_languages_are_surnames_and_plural_nouns_are_not(word: str, surname: bool) -> None:
    """"Garth Brooks" ends on a surname; "Denver Nuggets" and "Marlowe Snacks" on a plural noun that is none."""
    assert is_surname(word) is surname
