"""General English knowledge: word forms, synonyms, spellings, contractions, how much a word says."""
from __future__ import annotations

from bot.core.answer import language


def test_inflections_share_a_key_with_their_lemma() -> None:
    """Regular and irregular forms match their base form: lemminflect, then the stemmer."""
    assert language.key("seized") == language.key("seizing") == language.key("seize")
    assert language.key("took") == language.key("take")
    assert language.key("children") == language.key("child")


def test_british_and_american_spellings_share_a_key() -> None:
    """'organised' and 'organized', 'colour' and 'color' are one word."""
    assert language.key("organised") == language.key("organized")
    assert language.key("colour") == language.key("color")


def test_synonyms_come_from_wordnet() -> None:
    """A word's common-sense synonyms and its broader or narrower words are match keys of the other word."""
    same, near = language.related("nab")
    assert language.key("arrest") in same
    _, near = language.related("boat")
    assert language.key("ferry") in near


def test_phrases_are_synonyms_too() -> None:
    """A two-word synonym ('prime minister') is a phrase key, and a two-word expression has synonyms."""
    same, _ = language.related("premier")
    assert language.phrase_key("prime minister") in same
    same, near = language.phrase_related("showed", "up")
    assert same | near


def test_contractions_and_chat_shorthand_expand() -> None:
    """'won't' is 'will not' (never the verb 'win'), 'whos' is 'who is', 'whens' is 'when is'."""
    assert "will not" in language.expand_contractions("they won't go")
    assert language.expand_contractions("whos the mayor").startswith("who is")
    assert language.expand_contractions("whens it start").startswith("when is")


def test_specificity_ranks_topic_words_over_light_ones() -> None:
    """A rare word says more about a topic than a common one."""
    assert language.specificity("cocaine") > language.specificity("deal") > language.specificity("get")
    assert 0.1 <= language.specificity("the") <= language.specificity("zyxwv") == 1.0


def test_names_are_told_from_common_words() -> None:
    """A word only ever written as a name, or in no dictionary, is a name; short abbreviations are not."""
    assert language.is_name("france") and language.is_name("merkel")
    assert not language.is_name("ferry") and not language.is_name("pm")
    assert not language.is_name("cool-down") and not language.is_name("check-ins")  # compounds of common words
    assert language.is_name("saint-merkel")


def test_caches_are_bounded() -> None:
    """No stream of new words grows the per-word caches past their bound."""
    for i in range(200):
        language.key(f"zq{i}x")
    assert language.key.cache_info().maxsize == language.CACHE


def test_chat_shorthand_expands_but_initials_stay() -> None:
    """'ppl', 'r' and 'govt' are words; 'U.S.' stays the country."""
    assert language.expand_contractions("how many ppl r in the govt") == "how many people are in the government"
    assert "U.S." in language.expand_contractions("whos the U.S. envoy")


def test_past_participles_are_recognised() -> None:
    """'founded', 'born', 'built' are participles; 'review' and 'ferry' are not."""
    assert all(language.is_participle(w) for w in ("founded", "born", "built", "taken"))
    assert not any(language.is_participle(w) for w in ("review", "ferry", "quickly"))


def test_present_forms_of_verbs_are_recognised() -> None:
    """'returns', 'host' and 'visiting' are a verb's present forms (a noun's too, for 'host'); 'drew', 'played' and
    the auxiliaries 'is', 'has' and 'does' are not."""
    assert all(language.present_form(w) for w in ("returns", "host", "visiting", "go"))
    assert not any(language.present_form(w) for w in ("drew", "played", "is", "has", "does", "quickly"))


def test_simple_pasts_are_recognised_when_they_are_nothing_else() -> None:
    """'drew', 'flew' and 'stood' are only a verb's past; 'rose' (a flower), 'saw' (a tool), 'read' (a present too)
    and 'walks' are not past forms alone."""
    assert all(language.past_form(w) for w in ("drew", "flew", "stood", "took"))
    assert not any(language.past_form(w) for w in ("rose", "saw", "read", "walks", "quickly"))


def test_shorthand_takes_a_possessive_and_common_misspellings() -> None:
    """"the govt's line" is the government's; 'wen' and 'wat' are chat for 'when' and 'what'."""
    assert language.expand_contractions("the govt's line") == "the government's line"
    assert language.expand_contractions("wen does it start, wat for") == "when does it start, what for"


def test_word_form_table_is_what_lemminflect_compiles_to() -> None:
    """data/lemmas.tsv is exactly what scripts/build_lemmas.py writes from the installed lemminflect, and the
    search finds every word's line (and none for words between them)."""
    from scripts.build_lemmas import OUT, build

    text = OUT.read_text(encoding="utf-8")
    assert text == build()
    lines = text.splitlines()[1:]
    assert lines == sorted(lines)
    for line in lines:
        word = line.split("\t")[0]
        assert language._lexicon_line(word) == line
        assert language._lexicon_line(word + "\x01") is None and language._lexicon_line(word[:-1] + "~") is None


def test_word_forms_from_the_table_equal_lemminflect() -> None:
    """Lemmas, parts of speech and participles read from the table are lemminflect's own, in its order, for known
    and unknown words, in lower case or not ('Took' -> 'Take', as lemminflect keeps the case)."""
    import lemminflect

    words = ["took", "born", "founded", "left", "children", "'d", "seized", "data", "zyxwv", "", "founde",
             "Took", "TOOK", "Founded", "iPhone", "caf\u00e9", "u.s.", "cool-down", "\u0130stanbul"]
    for word in words:
        expected = lemminflect.getAllLemmas(word)
        assert list(language._all_lemmas(word).items()) == list(expected.items()), word
        assert language.is_participle(word) == any(word in lemminflect.getInflection(lemma, "VBN")
                                                   for lemma in expected.get("VERB", ())), word
    assert language.lemmas("Took") == {"Take"} and language.parts_of_speech("took") == {"VERB"}
    assert language.is_participle("born") and not language.is_participle("took")
