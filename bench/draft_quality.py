"""Draft quality: `briefbot new-briefing` on held-out articles, scored against hand-curated gold briefings, the
current code beside a baseline revision's from the same run.

Each folder of bench/held_out_drafts/ holds an article.txt and the gold briefing.yaml a person wrote from that article
alone. The bench drafts every article twice, with the work tree's `bot` and with `bot` as it was at --baseline
(`git archive`), each in its own `python -m bot new-briefing` process, and scores both drafts:

- entities: precision and recall of names (case and white space folded; a draft name or alias equal to a gold name
  or alias is a match, each entity matched at most once), and type accuracy over the matched pairs;
- quotes: the share of gold quotes found (the words of one, folded, a run of the other's words), and speaker
  accuracy over those: the draft speaker's entity has a name or alias of the gold speaker;
- timeline: date recall, the share of gold ISO dates that are dates of the draft timeline;
- facts: the share of draft facts whose evidence overlaps a gold fact's evidence, meaning the words of one a run of
  the other's, or at least 60% of the shorter one's distinct words in the other (the overlap coefficient); an
  evidence of fewer than three words (a stray fragment such as "31.") overlaps nothing.

Nobody tuning the extractor may open bench/held_out_drafts/: these articles measure it, they do not train it.

    python bench/draft_quality.py [--baseline REV] [--json] [--keep DIR] [--only NAME[,NAME...]]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.text import fold

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().with_name("held_out_drafts")
BASELINE = "ff9a276"
OVERLAP = 0.6  # share of the shorter evidence's distinct words that must be in the other
MIN_WORDS = 3  # an evidence shorter than this is a fragment, evidence of no fact
TARGETS = {"type_accuracy": 0.9, "speaker_accuracy": 0.9, "date_recall": 0.8}
METRICS = ("entity_precision", "entity_recall", "type_accuracy", "quotes_found", "speaker_accuracy", "date_recall",
           "fact_overlap")
Doc = dict[str, Any]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Ratio:
    """hits out of total; no value when there was nothing to count."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


# --- scoring ----------------------------------------------------------------------------------------------------------

def names(entity: Doc) -> set[str]:
    """An entity's name and aliases, case and white space folded."""
    found = {fold(str(entity.get("name", "")))} | {fold(str(alias)) for alias in entity.get("aliases") or []}
    return found - {""}


def name_of(entity: Doc) -> set[str]:
    """An entity's name alone, folded."""
    return {fold(str(entity.get("name", "")))} - {""}


def match_entities(draft: Sequence[Doc], gold: Sequence[Doc]) -> list[tuple[Doc, Doc]]:
    """Pairs of (draft, gold) entities, one-to-one: name to name first, then a draft name to a gold alias, then
    any name or alias to any, so a weak match never takes a gold entity a strong one would have had."""
    tiers = ((name_of, name_of), (name_of, names), (names, names))
    pairs: list[tuple[Doc, Doc]] = []
    used_draft: set[int] = set()
    used_gold: set[int] = set()
    for draft_keys, gold_keys in tiers:
        for i, d in enumerate(draft):
            if i in used_draft:
                continue
            j = next((j for j, g in enumerate(gold) if j not in used_gold and draft_keys(d) & gold_keys(g)),
                     None)
            if j is not None:
                pairs.append((d, gold[j]))
                used_draft.add(i)
                used_gold.add(j)
    return pairs


def entity_scores(draft: Sequence[Doc], gold: Sequence[Doc]) -> dict[str, Ratio]:
    """Entity precision and recall by name, and type accuracy over the matched entities."""
    pairs = match_entities(draft, gold)
    same_type = sum(d.get("type") == g.get("type") for d, g in pairs)
    return {"entity_precision": Ratio(len(pairs), len(draft)), "entity_recall": Ratio(len(pairs), len(gold)),
            "type_accuracy": Ratio(same_type, len(pairs))}


def words(text: str) -> list[str]:
    """The words of a text, case and typography folded; punctuation and white space drop out."""
    return _WORD.findall(fold(text))


def inside(a: Sequence[str], b: Sequence[str]) -> bool:
    """The words of one are a run of the other's, whole words only (either way)."""
    one, other = f" {' '.join(a)} ", f" {' '.join(b)} "
    return bool(a and b) and (one in other or other in one)


def same_quote(draft: str, gold: str) -> bool:
    """One quote's words are a run of the other's (a draft may join a split quote or keep half of one)."""
    return inside(words(draft), words(gold))


def _quote_overlap(draft: str, gold: str) -> int:
    return len(set(words(draft)) & set(words(gold)))


def speaker_scores(draft: Doc, gold: Doc) -> dict[str, Ratio]:
    """Gold quotes found in the draft, and how many of those the draft gives to an entity with a name or alias
    of the gold speaker; of several draft quotes that hold one gold quote, the one sharing most words counts."""
    draft_entities = {e.get("id"): e for e in draft.get("entities") or []}
    gold_entities = {e.get("id"): e for e in gold.get("entities") or []}
    gold_quotes = gold.get("quotes") or []
    found = right = 0
    for quote in gold_quotes:
        text = str(quote.get("text", ""))
        candidates = [q for q in draft.get("quotes") or [] if same_quote(str(q.get("text", "")), text)]
        if not candidates:
            continue
        found += 1
        best = max(candidates, key=lambda q: _quote_overlap(str(q.get("text", "")), text))
        said = names(draft_entities.get(best.get("speaker"), {}))
        right += bool(said & names(gold_entities.get(quote.get("speaker"), {})))
    return {"quotes_found": Ratio(found, len(gold_quotes)), "speaker_accuracy": Ratio(right, found)}


def date_recall(draft: Doc, gold: Doc) -> Ratio:
    """The share of the gold timeline's ISO dates that the draft timeline has, as written (2026-09 is not
    2026-09-01)."""
    wanted = {str(event.get("date")) for event in gold.get("timeline") or []}
    have = {str(event.get("date")) for event in draft.get("timeline") or []}
    return Ratio(len(wanted & have), len(wanted))


def evidence_overlaps(draft: str, gold: str) -> bool:
    """The words of one a run of the other's, or at least OVERLAP of the shorter one's distinct words in the other;
    never when either has fewer than MIN_WORDS words."""
    a, b = words(draft), words(gold)
    if min(len(a), len(b)) < MIN_WORDS:
        return False
    if inside(a, b):
        return True
    set_a, set_b = set(a), set(b)
    return len(set_a & set_b) >= OVERLAP * min(len(set_a), len(set_b))


def fact_overlap(draft: Doc, gold: Doc) -> Ratio:
    """The share of draft facts whose evidence overlaps some gold fact's evidence."""
    gold_evidence = [str(fact.get("evidence", "")) for fact in gold.get("facts") or []]
    facts = draft.get("facts") or []
    hits = sum(any(evidence_overlaps(str(f.get("evidence", "")), g) for g in gold_evidence) for f in facts)
    return Ratio(hits, len(facts))


def score(draft: Doc, gold: Doc) -> dict[str, Ratio]:
    """Every metric of one draft against its gold briefing."""
    return {**entity_scores(draft.get("entities") or [], gold.get("entities") or []), **speaker_scores(draft, gold),
            "date_recall": date_recall(draft, gold), "fact_overlap": fact_overlap(draft, gold)}


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values there are (an article with nothing to count for a metric is left out)."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


# --- drafting ---------------------------------------------------------------------------------------------------------

def baseline_source(rev: str, into: Path) -> Path:
    """`bot` as it was at `rev`, unpacked under `into`; ValueError naming the revision when git does not know it."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "bot"], capture_output=True)
    if archive.returncode != 0:
        raise ValueError(f"git does not know the revision {rev!r} in {ROOT}: {archive.stderr.decode().strip()}")
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def draft(source: Path, article: Path, briefing_id: str, content_dir: Path) -> Doc | str:
    """`python -m bot new-briefing` with the `bot` package under `source`; the parsed draft, or what went wrong."""
    python = ROOT / ".venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")} | {"PYTHONPATH": str(source)}
    argv = [str(python if python.exists() else sys.executable), "-m", "bot", "new-briefing", str(article),
            "--id", briefing_id, "--content-dir", str(content_dir)]
    try:
        run = subprocess.run(argv, cwd=source, env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "new-briefing took more than 10 minutes"
    if run.returncode != 0:
        lines = (run.stderr or run.stdout).strip().splitlines()
        return f"new-briefing exited {run.returncode}: {lines[-1] if lines else 'no output'}"
    try:
        loaded = yaml.safe_load((content_dir / briefing_id / "briefing.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return f"no readable draft: {error}"
    return loaded if isinstance(loaded, dict) else "the draft is not a YAML mapping"


# --- report -----------------------------------------------------------------------------------------------------------

Result = dict[str, dict[str, Ratio] | str]  # code ("baseline", "current") -> scores, or why there are none


def _cell(scores: dict[str, Ratio] | str, metric: str) -> str:
    if isinstance(scores, str):
        return "failed"
    ratio = scores[metric]
    return "-" if ratio.value is None else f"{ratio.value:.2f} ({ratio.hits}/{ratio.total})"


def _target(metric: str) -> str:
    return f">= {TARGETS[metric]:.1f}" if metric in TARGETS else ""


def table(title: str, columns: dict[str, list[str]]) -> str:
    """One metric a line, a column per code, the target beside."""
    lines = [title, f"  {'metric':18}" + "".join(f"{name:>16}" for name in columns) + f"{'target':>9}"]
    for i, metric in enumerate(METRICS):
        lines.append(f"  {metric:18}" + "".join(f"{cells[i]:>16}" for cells in columns.values())
                     + f"{_target(metric):>9}")
    return "\n".join(lines)


def means(results: dict[str, Result], code: str) -> dict[str, float | None]:
    """Each metric's mean over the articles the code drafted."""
    scored = [r[code] for r in results.values() if not isinstance(r[code], str)]
    return {m: mean(s[m].value for s in scored if not isinstance(s, str)) for m in METRICS}


def report(results: dict[str, Result], codes: Sequence[str]) -> str:
    """A table per article and one of the means."""
    parts = [table(name, {code: [_cell(result[code], m) for m in METRICS] for code in codes})
             for name, result in results.items()]
    failures = [f"  {name}, {code}: {result[code]}" for name, result in results.items() for code in codes
                if isinstance(result[code], str)]
    if failures:
        parts.append("failed drafts:\n" + "\n".join(failures))
    averaged = {code: means(results, code) for code in codes}
    parts.append(table(f"mean of {len(results)} articles",
                       {code: ["-" if v is None else f"{v:.2f}" for v in averaged[code].values()] for code in codes}))
    return "\n\n".join(parts)


def as_json(results: dict[str, Result], codes: Sequence[str], rev: str) -> str:
    """The same figures for machines: value, hits and total per metric, or the error."""
    def one(scores: dict[str, Ratio] | str) -> object:
        if isinstance(scores, str):
            return {"error": scores}
        return {m: {"value": r.value, "hits": r.hits, "total": r.total} for m, r in scores.items()}
    return json.dumps({"baseline_revision": rev, "targets": TARGETS, "overlap": OVERLAP, "min_words": MIN_WORDS,
                       "articles": {n: {c: one(r[c]) for c in codes} for n, r in results.items()},
                       "mean": {c: means(results, c) for c in codes}}, indent=2)


def articles(only: Sequence[str] = (), root: Path = GOLD) -> list[Path]:
    """The held-out folders under `root`: an article and its gold briefing; with `only`, just the folders of those
    names, and a ValueError naming any name that is not such a folder (a typo must not shrink the bench quietly)."""
    found = sorted(p for p in root.iterdir() if (p / "article.txt").is_file() and (p / "briefing.yaml").is_file())
    if not only:
        return found
    unknown = sorted(set(only) - {p.name for p in found})
    if unknown:
        raise ValueError(f"no held-out article named {', '.join(unknown)} in {root}")
    return [p for p in found if p.name in only]


def run(rev: str, work: Path, only: Sequence[str] = ()) -> dict[str, Result]:
    """Draft and score the held-out articles (all, or those named in `only`) with the baseline revision's code
    and the current code."""
    folders = articles(only)
    sources = {"baseline": baseline_source(rev, work / "baseline-src"), "current": ROOT}
    results: dict[str, Result] = {}
    for folder in folders:
        gold = yaml.safe_load((folder / "briefing.yaml").read_text(encoding="utf-8"))
        results[folder.name] = {}
        for code, source in sources.items():
            drafted = draft(source, folder / "article.txt", folder.name, work / code)
            results[folder.name][code] = drafted if isinstance(drafted, str) else score(drafted, gold)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help=f"git revision of today's draft (default {BASELINE})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", type=Path, help="write the drafts under this folder and keep them")
    parser.add_argument("--only", default="", metavar="NAME[,NAME...]",
                        help="score only these held-out folders (comma-separated names)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="draft-quality-") as tmp:
        work = args.keep or Path(tmp)
        if args.keep and args.keep.exists() and any(args.keep.iterdir()):
            print(f"draft_quality: {args.keep} is not empty; name a new or empty folder for --keep", file=sys.stderr)
            return 2
        try:
            results = run(args.baseline, work, [name.strip() for name in args.only.split(",") if name.strip()])
        except ValueError as error:
            print(f"draft_quality: {error}", file=sys.stderr)
            return 2
    codes = ("baseline", "current")
    if args.json:
        print(as_json(results, codes, args.baseline))
    else:
        print(f"briefing drafts against hand-curated gold; baseline = {args.baseline}, current = the work tree in "
              f"{ROOT}\nfact overlap: one evidence's words a run of the other's, or >= {OVERLAP:.0%} of the shorter "
              f"one's distinct words in the other; none under {MIN_WORDS} words\n")
        print(report(results, codes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
