#!/usr/bin/env python3
"""Compile lemminflect's English lexicon into the answer engine's compact word-form table.

The answer engine asks two things of a word: its dictionary lemmas by part of speech ("took" -> VERB take) and
whether it is a verb's past participle ("founded", "born"). lemminflect (a maintained English lemmatizer and
inflector) answers both, but loading its lexicon and inflection tables takes ~150 ms and ~50 MB at start-up. This
script asks lemminflect those two questions once for every word its lexicon (with its overrides) knows, and
writes the answers to `bot/core/answer/data/lemmas.tsv` (plain text, 1 MB: read in well under a millisecond,
where decompressing it took 4 ms), one line a word, sorted:

    word<TAB>entries[<TAB>p]

entries are comma-separated, in lemminflect's order, one per part of speech: a letter (N noun, V verb, A
adjective, R adverb, X auxiliary), then `:lemma/lemma...` unless the one lemma is the word itself. A final `p`
marks a past participle. A word the lexicon does not know has no lemmas and is no participle, as in lemminflect.
After a first line naming the lemminflect version, the lines are in Python's string order, so a reader can
bisect them.
The table is general English only; `tests/core/answer/test_language.py` checks it is what this script builds
from the installed lemminflect.

    python scripts/build_lemmas.py
"""
from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from pathlib import Path

import lemminflect

__all__ = ["CODES", "OUT", "build", "lines"]

OUT = Path(__file__).resolve().parents[1] / "bot" / "core" / "answer" / "data" / "lemmas.tsv"
CODES = {"NOUN": "N", "VERB": "V", "ADJ": "A", "ADV": "R", "AUX": "X"}
_SEPARATORS = ("\t", "\n", ",", ":", "/")


def _words() -> list[str]:
    """Every lower-case word lemminflect's lookup table or its overrides give lemmas for."""
    lemmatizer = lemminflect.Lemmatizer()
    known = {*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()}  # the lexicon has no public listing
    return sorted({w.lower() for w in known})


def _participle(word: str, verbs: tuple[str, ...]) -> bool:
    """The same test as the engine made with lemminflect: a past participle of one of the word's verb lemmas."""
    return any(word in lemminflect.getInflection(lemma, "VBN") for lemma in verbs)


def lines() -> Iterator[str]:
    """The table's lines, without their newlines: the version line, then the words' in string order."""
    yield f"# lemminflect {importlib.metadata.version('lemminflect')}: word, lemmas by part of speech, p(articiple)"
    yield from sorted(_rows())


def _rows() -> Iterator[str]:
    for word in _words():
        found = lemminflect.getAllLemmas(word)
        if not found:
            continue
        entries = []
        for pos, lemmas in found.items():
            if any(sep in x for x in (word, *lemmas) for sep in _SEPARATORS):
                raise SystemExit(f"{word!r}: a separator in {lemmas}; change the format")
            entries.append(CODES[pos] + ("" if lemmas == (word,) else ":" + "/".join(lemmas)))
        yield "\t".join([word, ",".join(entries), *(["p"] if _participle(word, found.get("VERB", ())) else [])])


def build() -> str:
    """The table's text."""
    return "\n".join(lines()) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
