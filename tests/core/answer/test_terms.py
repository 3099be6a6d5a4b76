"""Terms: the words of a text as typed tokens, on made-up text."""
from __future__ import annotations

from bot.core.answer.terms import SEPARATOR, Names, content_keys, name_words, tokens, word_record, words_of


def test_a_short_year_is_the_year() -> None:
    """"'98" is 1998 and "'07" is 2007; a height like 5'11 is two numbers, no year."""
    found = [(t.key, t.number) for t in tokens("the flood of '98, the fire of \u201907, and 5'11")]
    assert ("1998", True) in found and ("2007", True) in found
    assert all(k not in ("1911", "2011") for k, _ in found)


def test_accented_words_are_one_word_that_plain_letters_match() -> None:
    """'Liège' and 'Paços' are single words, matched by 'liege' and 'pacos' as people type them."""
    assert [t.key for t in tokens("Liège and Paços")] == [t.key for t in tokens("liege and pacos")]
    assert len(tokens("Liège")) == 1


TEXTS = ["The Port of Antwerp seized 44 tonnes of cocaine in '23, up 12.5% on 2022.",
         "Liège's semi-final: Ærøskøbing v. Paços de Ferreira \u2014 \u201cwon't\u201d",
         "", "a" * 41 + " long word dropped, U.S. and US are the country", "a NUL\x00inside joins no words",
         "x\x00", "\x00", "'07 rock'n'roll 5'11 d'99 x'23 ('98)", "$1,200 \u20ac5 \u00a3300 the 3rd of Sept.",
         "Dutch-speaking N-VA (Nieuw-Vlaamse Alliantie)"]


def test_many_texts_read_at_once_give_each_text_its_own_words_and_keys() -> None:
    """words_of reads many texts in one pass: split at SEPARATOR, each text's words are those tokens() finds in
    it alone (accents, a NUL inside a text, a word over the length limit), and word_record gives per word what
    content_keys and name_words give for the whole text."""
    words = words_of(TEXTS)
    assert words.count(SEPARATOR) == len(TEXTS) and words[-1] == SEPARATOR
    per_text: list[list[str]] = [[]]
    for w in words[:-1]:
        per_text.append([]) if w == SEPARATOR else per_text[-1].append(w)
    assert len(per_text) == len(TEXTS)
    for text, found in zip(TEXTS, per_text, strict=True):
        records = [word_record(w) for w in found]
        assert [k for content, _, _ in records for k in content] == content_keys(tokens(text))
        assert ([name for _, name, _ in records if name is not None],
                [stop for _, name, stop in records if name is not None]) == name_words(tokens(text))
    assert words_of([]) == []


def test_names_are_found_in_many_lists_as_in_each_alone() -> None:
    """find_many over lists one after another finds what find_keys finds in each list alone: a name never runs on
    into the next list, and a list's end cuts the longest candidate as the end of a lone list does."""
    finder = Names({("port", "of", "antwerp"): "port", ("antwerp",): "city", ("bart", "de", "wever"): "bdw"})
    lists = [["port", "of"], ["antwerp", "port", "of", "antwerp"], ["de", "wever"], ["bart", "de", "wever", "port"]]
    stops = [[k in ("of", "de") for k in keys] for keys in lists]
    ends = [sum(map(len, lists[:i + 1])) for i in range(len(lists))]
    many = finder.find_many([k for keys in lists for k in keys], [s for st in stops for s in st], ends)
    alone = [(i, hit) for i, keys in enumerate(lists) for _, _, hit in finder.find_keys(keys, stops[i])]
    assert [(i, hit) for i, _, _, hit in many] == alone == [(1, "city"), (1, "port"), (3, "bdw")]
