"""`--llm`: a fake OpenAI-compatible server on 127.0.0.1 proposes; checked proposals merge, the rest fall back."""
from __future__ import annotations

import asyncio
import copy
import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from bot.authoring.llm import Report, improve
from bot.core.briefing import Briefing
from tests.authoring.fake_openai import FakeOpenAI

KEY = "sk-test-5f2c9a41d7e3b8"
ARTICLE = """Riverton council approves new footbridge

The Riverton town council voted 6 to 3 on Tuesday to build a footbridge over the Aller river for $2.1 million.

"This bridge joins two halves of the town that have been apart too long," said Mayor Grace Oyelaran.

Work is expected to start in the spring and should take about a year.
"""
DRAFT: dict[str, Any] = {
    "id": "riverton-footbridge",
    "metadata": {"title": "Riverton council approves new footbridge", "author": "", "reading_time_minutes": 1},
    "summaries": {"tldr": "Riverton council approves new footbridge",
                  "short": ["Riverton council approves new footbridge"],
                  "full": [{"heading": "Riverton council approves new footbridge", "text": "The council voted."}]},
    "facts": [
        {"id": "vote", "statement": "The Riverton town council voted 6 to 3 on Tuesday to build a footbridge.",
         "evidence": "The Riverton town council voted 6 to 3 on Tuesday to build a footbridge over the Aller river "
                     "for $2.1 million.", "kind": "reported", "tags": ["review"], "entities": [], "dates": [],
         "figures": ["$2.1 million"]},
        {"id": "start", "statement": "Work is expected to start in the spring and should take about a year.",
         "evidence": "Work is expected to start in the spring and should take about a year.", "kind": "reported",
         "tags": ["review"], "entities": [], "dates": [], "figures": []}],
    "entities": [
        {"id": "grace-oyelaran", "name": "Grace Oyelaran", "type": "person", "aliases": ["Oyelaran"], "role": ""},
        {"id": "riverton-town-council", "name": "Riverton town council", "type": "organisation", "aliases": [],
         "role": ""},
        {"id": "unknown-speaker", "name": "Unknown speaker", "type": "other", "role": ""}],
    "timeline": [],
    "quotes": [{"id": "this-bridge", "speaker": "unknown-speaker",
                "text": "This bridge joins two halves of the town that have been apart too long", "context": ""}],
}
GOOD = {
    "summaries": {"tldr": "Riverton will build a $2.1 million footbridge over the Aller after a 6-3 council vote.",
                  "short": ["The council approved the bridge 6 to 3.", "It will cost $2.1 million."],
                  "full": [{"heading": "The vote", "text": "Councillors approved the bridge on Tuesday."}]},
    "facts": [{"id": "vote", "statement": "Riverton's council approved a $2.1 million footbridge, 6 votes to 3.",
               "kind": "reported"},
              {"id": "start", "kind": "prediction"},
              {"statement": "The mayor says the bridge will reunite the town.", "kind": "argument",
               "evidence": "This bridge joins two halves of the town"}],
    "entities": [{"id": "grace-oyelaran", "role": "Mayor of Riverton"}],
    "quotes": [{"id": "this-bridge", "speaker": "grace-oyelaran"}],
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(KEY)
    server.content = GOOD
    async with server.server:
        yield server


async def run(fake: FakeOpenAI, **overrides: Any) -> tuple[dict[str, Any], Report]:
    return await asyncio.to_thread(improve, DRAFT, ARTICLE, fake.settings(**overrides))


async def test_a_good_proposal_is_merged(fake: FakeOpenAI) -> None:
    """Summaries, a fact's wording and kind, a new fact with verbatim evidence, a role and a speaker are taken."""
    merged, report = await run(fake)
    assert report.used and (report.merged, report.dropped) == (8, 0)
    assert merged["summaries"]["tldr"].startswith("Riverton will build")
    facts = {f["id"]: f for f in merged["facts"]}
    assert facts["vote"]["statement"].startswith("Riverton's council approved")
    assert facts["vote"]["evidence"] == DRAFT["facts"][0]["evidence"] and facts["start"]["kind"] == "prediction"
    assert facts["model-fact-1"]["kind"] == "argument" and facts["model-fact-1"]["tags"] == ["review"]
    assert merged["entities"][0]["role"] == "Mayor of Riverton" and merged["quotes"][0]["speaker"] == "grace-oyelaran"
    Briefing.model_validate(merged)
    assert DRAFT["quotes"][0]["speaker"] == "unknown-speaker"  # the caller's draft is not changed in place


async def test_evidence_not_in_the_article_is_dropped_and_counted(fake: FakeOpenAI) -> None:
    """A paraphrased evidence span and an invented quote fail the loader's verbatim check: dropped, counted."""
    fake.content = {"facts": [{"id": "vote", "statement": "x", "evidence": "The council voted six to three."},
                              {"statement": "A new fact", "evidence": "The bridge will be finished by May."},
                              {"id": "start", "kind": "prediction"}],
                    "quotes": [{"text": "We will build it", "speaker": "grace-oyelaran"}]}
    merged, report = await run(fake)
    assert (report.not_verbatim, report.merged) == (3, 1) and "3 not verbatim" in report.message
    assert merged["facts"][0] == DRAFT["facts"][0] and len(merged["facts"]) == 2 and len(merged["quotes"]) == 1


async def test_typographic_quotes_and_spacing_still_count_as_verbatim(fake: FakeOpenAI) -> None:
    """The check is the loader's: curly quotes, dashes, case and white space are folded before comparing."""
    fake.content = {"quotes": [{"text": "this bridge joins two  halves of the town", "speaker": "grace-oyelaran"}]}
    merged, report = await run(fake)
    assert (report.merged, report.not_verbatim) == (1, 0) and merged["quotes"][1]["id"] == "model-quote-1"


async def test_unknown_ids_and_kinds_are_dropped_and_counted(fake: FakeOpenAI) -> None:
    """A speaker, entity or fact id the draft lacks, or a kind outside the four, is dropped, never invented."""
    fake.content = {"facts": [{"id": "no-such-fact", "kind": "reported"}, {"id": "vote", "kind": "rumour"}],
                    "entities": [{"id": "city-hall", "role": "Where the council meets"}],
                    "quotes": [{"id": "this-bridge", "speaker": "the-mayor"}]}
    merged, report = await run(fake)
    assert (report.unknown_ids, report.invalid, report.merged) == (3, 1, 0)
    assert merged == DRAFT


async def test_the_request_is_a_json_mode_chat_completion(fake: FakeOpenAI) -> None:
    """The server gets the model, JSON mode, the instructions, the article and the draft's ids."""
    await run(fake)
    _, body = fake.requests[0]
    assert body["model"] == "tiny" and body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system" and "JSON" in system["content"]
    sent = json.loads(user["content"])
    assert sent["article"] == ARTICLE and [f["id"] for f in sent["draft"]["facts"]] == ["vote", "start"]


async def test_the_key_is_sent_as_bearer_and_never_logged(fake: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    """The key goes in Authorization: Bearer, and appears in no log line (DEBUG, urllib3 included) or message,
    even when the server echoes it back in an error."""
    caplog.set_level(logging.DEBUG)
    await run(fake)
    assert fake.requests[0][0]["Authorization"] == f"Bearer {KEY}"
    fake.status, fake.raw = 401, f"Incorrect API key provided: {KEY}"
    _, report = await run(fake)
    assert "401 Unauthorized" in report.message and KEY not in report.message
    assert KEY not in caplog.text and "asking tiny" in caplog.text


async def test_without_a_key_no_authorization_is_sent(fake: FakeOpenAI) -> None:
    """A local server needs no key: none configured, no Authorization header."""
    await run(fake, api_key=SecretStr(""))
    assert "Authorization" not in fake.requests[0][0]


async def test_a_slow_server_falls_back_to_the_draft(fake: FakeOpenAI) -> None:
    """Past llm.timeout the offline draft is kept, with a one-line reason naming the setting."""
    fake.delay = 3
    merged, report = await run(fake, timeout=timedelta(seconds=0.5))
    assert merged == DRAFT and not report.used
    assert "did not answer within 0.5 seconds (llm.timeout); the offline draft is kept" in report.message


async def test_a_server_error_falls_back_to_the_draft(fake: FakeOpenAI) -> None:
    """A 500 keeps the draft and says what the server answered."""
    fake.status = 500
    merged, report = await run(fake)
    assert merged == DRAFT and "the server answered 500 Internal Server Error: boom" in report.message


async def test_an_answer_that_is_not_json_falls_back_to_the_draft(fake: FakeOpenAI) -> None:
    """A model that answers in prose instead of JSON: the draft is kept, the message says why."""
    fake.raw = "Sure! Here are some improvements to your briefing..."
    merged, report = await run(fake)
    assert merged == DRAFT and "the model's answer is not JSON" in report.message and "\n" not in report.message


async def test_an_answer_of_the_wrong_shape_falls_back_to_the_draft(fake: FakeOpenAI) -> None:
    """JSON that is not a proposal (a list where objects belong) keeps the draft and names the place."""
    fake.content = {"facts": "the council voted"}
    merged, report = await run(fake)
    assert merged == DRAFT and "does not have the expected shape (facts:" in report.message


async def test_a_fenced_json_answer_is_read(fake: FakeOpenAI) -> None:
    """Models often wrap JSON in a ```json fence; the object inside is used."""
    fake.raw = "```json\n" + json.dumps({"entities": [{"id": "grace-oyelaran", "role": "Mayor"}]}) + "\n```"
    merged, report = await run(fake)
    assert report.used and merged["entities"][0]["role"] == "Mayor"


async def test_no_server_falls_back_to_the_draft() -> None:
    """Nothing listening at base_url: 'cannot connect', the draft is kept."""
    server = FakeOpenAI(KEY)
    async with server.server:
        settings = server.settings()
    merged, report = await asyncio.to_thread(improve, copy.deepcopy(DRAFT), ARTICLE, settings)
    assert merged == DRAFT and "cannot connect to" in report.message
