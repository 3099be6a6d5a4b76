"""`briefbot new-briefing`, run as a user runs it: from a file or a URL, with or without the model, the draft it
writes passes `briefbot check` with every item marked for review."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.loader import REVIEW
from tests.authoring.fake_openai import FakeOpenAI
from tests.conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE = FIXTURES / "lisbon-heat-plan.txt"
ID = "lisbon-heat-plan"
RIVERTON = """Riverton council approves new footbridge

The Riverton town council voted 6 to 3 on Tuesday to build a footbridge over the Aller river for $2.1 million.

"This bridge joins two halves of the town that have been apart too long," said Mayor Grace Oyelaran.

Work is expected to start in the spring and should take about a year.
"""


def briefbot(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    file = tmp_path / "config.yaml"
    file.write_text("content_dir: content\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    return file


def briefing(config: Path, briefing_id: str = ID) -> tuple[str, dict]:
    text = (config.parent / "content" / briefing_id / "briefing.yaml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


@pytest.fixture
def drafted(config: Path) -> dict:
    result = briefbot("new-briefing", str(ARTICLE), "--id", ID, config=config)
    assert result.returncode == 0, result.stderr
    assert "candidate facts" in result.stdout
    return briefing(config)[1]


def test_draft_passes_check_and_keeps_the_article(config: Path, drafted: dict) -> None:
    """The drafted folder validates with `briefbot check` (exit 0, every span verbatim, the marks counted), and
    fails `check --strict` until they are reviewed; article.txt is the file, byte for byte."""
    result = briefbot("check", config=config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok  {ID}:" in result.stdout and "still marked" in result.stderr
    assert briefbot("check", "--strict", config=config).returncode == 2
    assert (config.parent / "content" / ID / "article.txt").read_bytes() == ARTICLE.read_bytes()


def test_every_item_is_marked_for_review_and_nothing_else(config: Path, drafted: dict) -> None:
    """Each fact, entity, event and quote starts on a line marked # REVIEW; the header names the mark without
    carrying it, so a reviewed file has no mark left."""
    text, _ = briefing(config)
    starts = [line for line in text.splitlines() if line.startswith(("  - id:", "  - date:"))]
    assert len(starts) == sum(len(drafted[part]) for part in ("facts", "entities", "timeline", "quotes"))
    assert all(REVIEW in line for line in starts)
    assert not [line for line in text.splitlines() if line.startswith("#") and REVIEW in line]
    assert {tuple(f["tags"]) for f in drafted["facts"]} == {("review",)}


def test_the_bundled_opinion_column_drafts_and_passes_check(config: Path) -> None:
    """A second, longer article (the bundled opinion column) drafts into a folder `check` accepts, arguments kept
    apart from reported facts."""
    column = ROOT / "content" / "belgium-silent-front" / "article.txt"
    assert briefbot("new-briefing", str(column), "--id", "column", config=config).returncode == 0
    assert briefbot("check", config=config).returncode == 0
    kinds = {f["kind"] for f in briefing(config, "column")[1]["facts"]}
    assert {"reported", "argument"} <= kinds


def test_refuses_to_overwrite_or_bad_ids_or_two_sources(config: Path, drafted: dict) -> None:
    """A second run into the same folder, an id that is not a slug, a missing file, or a file and --url at once
    exit 2 with a clear message."""
    again = briefbot("new-briefing", str(ARTICLE), "--id", ID, config=config)
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = briefbot("new-briefing", str(ARTICLE), "--id", "Lisbon Heat", config=config)
    assert bad.returncode == 2 and "lowercase" in bad.stderr
    missing = briefbot("new-briefing", "no-such-file.txt", "--id", "x", config=config)
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    both = briefbot("new-briefing", str(ARTICLE), "--url", "http://127.0.0.1:9/x", "--id", "y", config=config)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_llm_without_a_model_says_what_to_set(config: Path) -> None:
    """--llm with no llm.model configured stops before writing anything and names the settings."""
    result = briefbot("new-briefing", str(ARTICLE), "--id", "x", "--llm", config=config)
    assert result.returncode == 2 and "set llm.base_url and llm.model" in result.stderr
    assert not (config.parent / "content" / "x").exists()


# --- --url and --llm against local servers ---------------------------------------------------------------------

async def page(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if not (FIXTURES / "pages" / name).is_file():
        raise web.HTTPNotFound()
    return web.Response(body=(FIXTURES / "pages" / name).read_bytes(), content_type="text/html")


@pytest.fixture
async def site() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/news/{name}", page)
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/news/"))


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI()
    async with server.server:
        yield server


async def run(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(briefbot, *args, config=config)


async def test_url_drafts_from_the_page_and_passes_check(config: Path, site: str) -> None:
    """--url writes the page's article text (no site chrome) as article.txt and fills the metadata from the page;
    the folder passes `briefbot check`."""
    result = await run("new-briefing", "--url", f"{site}ferry-fares.html", "--id", "ferry", config=config)
    assert result.returncode == 0, result.stderr
    article = (config.parent / "content" / "ferry" / "article.txt").read_text(encoding="utf-8")
    assert article.startswith("Island ferry fares to rise 8% from April") and "Advertisement" not in article
    meta = briefing(config, "ferry")[1]["metadata"]
    assert (meta["author"], meta["publication"], meta["published"]) == ("Tomas Brennan", "The Harbour Ledger",
                                                                        "2025-02-18")
    assert meta["url"] == f"{site}ferry-fares.html"
    assert (await run("check", config=config)).returncode == 0


async def test_a_url_that_fails_exits_2_and_writes_nothing(config: Path, site: str) -> None:
    """A 404 is one line on stderr, exit 2, and no folder is left behind."""
    result = await run("new-briefing", "--url", f"{site}gone.html", "--id", "gone", config=config)
    assert result.returncode == 2 and "answered 404 Not Found" in result.stderr and "Traceback" not in result.stderr
    assert not (config.parent / "content" / "gone").exists()


def llm_config(config: Path, fake: FakeOpenAI) -> None:
    config.write_text(f"content_dir: content\nllm:\n  base_url: {fake.server.make_url('/v1')}\n  model: tiny\n"
                      "  api_key: ${BRIEFBOT_LLM_API_KEY}\n  timeout: 10s\n", encoding="utf-8")


async def test_llm_proposals_are_merged_and_marked(config: Path, fake: FakeOpenAI, tmp_path: Path) -> None:
    """--llm: the model's checked proposals are in the draft, their lines say 'proposed by the model', the
    terminal gets the count, and the folder passes `briefbot check`."""
    llm_config(config, fake)
    article = tmp_path / "story.txt"
    article.write_text(RIVERTON, encoding="utf-8")
    quote = "This bridge joins two halves of the town that have been apart too long"
    fake.content = {"summaries": {"tldr": "Riverton approves a $2.1 million footbridge."},
                    "facts": [{"statement": "Work should take about a year.", "kind": "prediction",
                               "evidence": "should take about a year"}],
                    "quotes": [{"text": quote, "speaker": "no-such-person"}]}
    result = await run("new-briefing", str(article), "--id", "bridge", "--llm", config=config)
    assert result.returncode == 0, result.stderr
    assert "llm: the model proposed 3 changes: 2 merged, 1 dropped" in result.stdout
    text, data = briefing(config, "bridge")
    assert data["summaries"]["tldr"] == "Riverton approves a $2.1 million footbridge."
    assert "summaries:  # REVIEW: extracted sentences: write these in your own words; proposed by the model" in text
    assert [line for line in text.splitlines() if "model-fact-1" in line][0].endswith("proposed by the model")
    assert (await run("check", config=config)).returncode == 0


async def test_llm_failure_keeps_the_offline_draft(config: Path, fake: FakeOpenAI, tmp_path: Path) -> None:
    """A model server answering 500 leaves the offline draft, written and valid, with one line saying why."""
    llm_config(config, fake)
    fake.status = 500
    result = await run("new-briefing", str(ARTICLE), "--id", ID, "--llm", config=config)
    assert result.returncode == 0 and "the model's help was not used: the server answered 500" in result.stderr
    assert "proposed by the model" not in briefing(config)[0]
    assert (await run("check", config=config)).returncode == 0


def test_a_name_first_met_in_a_block_of_lines_drafts_a_file_that_loads(config: Path, tmp_path: Path) -> None:
    """A summary box ("In short:" over its sentence, one paragraph of two lines) is where a name is first met; the
    review mark quoting that sentence stays on its one comment line, so the draft still loads and passes check."""
    article = tmp_path / "verdict.txt"
    article.write_text("Jury finds man guilty of pub murder\n\nIn short:\nA jury has found Darren Hollis guilty of "
                       "murdering Jacob Tennant outside a pub.\n\nThe jury in Wagga Wagga returned its verdict on "
                       "Thursday after two days.\n\n\"We can finally breathe,\" Leanne Tennant said outside court.\n",
                       encoding="utf-8")
    assert briefbot("new-briefing", str(article), "--id", "verdict", config=config).returncode == 0
    assert "Darren Hollis" in {e["name"] for e in briefing(config, "verdict")[1]["entities"]}
    assert briefbot("check", config=config).returncode == 0
