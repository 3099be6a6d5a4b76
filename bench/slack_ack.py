"""Slack HTTP-mode latency on loopback: ack and answer times over 200 signed slash commands, and questions asked
by mention (issue 15).

Run: python bench/slack_ack.py [N] [ROUNDS]. Baseline in the same run, interleaved round by round: a bare
aiohttp handler answering 200 to the same signed POSTs, one at a time and in the same burst of N at once (the
loopback + HTTP floor; the client, the fake Slack and the bot share one event loop). Slack's ack deadline is 3 s.
Mentions: N signed app_mention callbacks, one at a time, timed to their answer's chat.postMessage in the thread,
with the threads' contexts in a SQLite file (ConversationStore, as `briefbot run` keeps them); each in a channel of
its own, so the bot's one-post-per-second pacing per channel is not what is measured. Beside them, the same /ask
questions as slash commands, timed to their answer at the response_url.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.slack.app import SlackService  # noqa: E402
from bot.config import SlackConfig, SlackHttp  # noqa: E402
from bot.core.commands import build_registry  # noqa: E402
from bot.core.library import Library  # noqa: E402
from bot.digests.conversations import ConversationStore  # noqa: E402
from bot.digests.storage import make_engine  # noqa: E402
from tests.adapters.slack.fakes import (  # noqa: E402
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    event_body,
    signed,
    slash_form,
)

COMMANDS = [("/ask", "What happened in Antwerp?"), ("/brief", "tldr"), ("/facts", "cocaine"),
            ("/who", "Noem"), ("/ask", "How much cocaine was seized?"), ("/timeline", "")]


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return (f"{label:<46} n={len(ms):<4} median {statistics.median(ms):7.2f} ms   p99 {p99:7.2f} ms   "
            f"max {ms[-1]:7.2f} ms")


async def post(session: aiohttp.ClientSession, url: str, fake: FakeSlack, i: int) -> tuple[float, str, float]:
    command, text = COMMANDS[i % len(COMMANDS)]
    response_url = fake.response_url()
    body, headers = signed(slash_form(command, text, response_url))
    started = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as resp:
        await resp.read()
        assert resp.status == 200, resp.status
    return time.perf_counter() - started, response_url, started


QUESTIONS = [text for command, text in COMMANDS if command == "/ask"]


async def ask_slash(session: aiohttp.ClientSession, url: str, fake: FakeSlack, i: int) -> float:
    """/ask as a slash command: POST to its answer at the response_url."""
    response_url = fake.response_url()
    body, headers = signed(slash_form("/ask", QUESTIONS[i % len(QUESTIONS)], response_url))
    started = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as resp:
        await resp.read()
        assert resp.status == 200, resp.status
    return await answered(fake, response_url, started)


async def mention(session: aiohttp.ClientSession, url: str, fake: FakeSlack, i: int, where: str) -> tuple[float, float]:
    """One question by mention, in a channel of its own: (ack, answer posted in its thread), in seconds."""
    ts = f"{1_700_000_000 + i}.000100"
    body, headers = signed(event_body(f"<@UBOT> {QUESTIONS[i % len(QUESTIONS)]}", channel=f"C{where}{i}", ts=ts,
                                      event_id=f"Ev{where}{i}"), as_json=True)
    before = len(fake.posts)
    started = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as resp:
        await resp.read()
        assert resp.status == 200, resp.status
    ack = time.perf_counter() - started
    await fake.wait_for(lambda: len(fake.posts) > before, timeout=30)
    assert fake.posts[before]["thread_ts"] == ts
    return ack, time.perf_counter() - started


async def answered(fake: FakeSlack, response_url: str, started: float) -> float:
    await fake.wait_for(lambda: bool(fake.hooks_for(response_url)), timeout=30)
    return time.perf_counter() - started


async def bare_server() -> tuple[web.AppRunner, str]:
    """The floor: a bare aiohttp handler reading the same signed POST and answering 200."""
    async def ok(request: web.Request) -> web.Response:
        await request.read()
        return web.Response()
    app = web.Application()
    app.router.add_post("/slack/events", ok)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"


def p99(seconds: list[float]) -> float:
    ms = sorted(s * 1000 for s in seconds)
    return ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]


async def main(n: int, rounds: int) -> None:
    library = Library(ROOT / "content")
    rows: dict[str, list[float]] = {}
    p99s: dict[str, list[float]] = {}

    def keep(label: str, seconds: list[float]) -> None:
        rows.setdefault(label, []).extend(seconds)
        p99s.setdefault(label, []).append(p99(seconds))

    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        folder = tempfile.TemporaryDirectory()
        conversations = ConversationStore(make_engine(f"sqlite:///{folder.name}/bench.db"))
        conversations.migrate()
        config = SlackConfig(enabled=True, mode="http", bot_token=SecretStr(BOT_TOKEN), app_token=SecretStr(APP_TOKEN),
                             signing_secret=SecretStr(SIGNING_SECRET), http=SlackHttp(host="127.0.0.1", port=0),
                             api_url=fake.url("/api/"))
        service = SlackService(config, library, build_registry(), conversations=conversations)
        await service.start()
        runner, bare = await bare_server()
        url = f"http://127.0.0.1:{service.port}/slack/events"
        try:
            await post(session, url, fake, 0)  # warm-up: bolt's first auth.test, the engine's first answers
            await asyncio.gather(*(post(session, url, fake, i) for i in range(len(COMMANDS))))
            await mention(session, url, fake, 0, "W")  # the first context written to the SQLite file
            await asyncio.sleep(1)
            for r in range(rounds):  # interleaved, the order swapped each round: noise falls on both alike
                for target in (("bare", "briefbot") if r % 2 == 0 else ("briefbot", "bare")):
                    if target == "bare":
                        keep("baseline: bare aiohttp, sequential", [(await post(session, bare, fake, i))[0]
                                                                    for i in range(n)])
                        burst = await asyncio.gather(*(post(session, bare, fake, i) for i in range(n)))
                        keep(f"baseline: bare aiohttp, {n} concurrent", [a for a, _, _ in burst])
                        continue
                    acks, answers = [], []
                    for i in range(n):  # one at a time, as a quiet workspace would
                        ack, response_url, started = await post(session, url, fake, i)
                        acks.append(ack)
                        answers.append(await answered(fake, response_url, started))
                    keep("briefbot ack, sequential", acks)
                    keep("briefbot answer at response_url, sequential", answers)
                    burst = await asyncio.gather(*(post(session, url, fake, i) for i in range(n)))  # all at once
                    keep(f"briefbot ack, {n} concurrent", [a for a, _, _ in burst])
                    keep(f"briefbot answer, {n} concurrent",
                         await asyncio.gather(*(answered(fake, u, s) for _, u, s in burst)))
                    keep("briefbot /ask answer, sequential", [await ask_slash(session, url, fake, i) for i in range(n)])
                    asked = [await mention(session, url, fake, i, f"M{r}x") for i in range(n)]
                    keep("briefbot mention ack, sequential", [a for a, _ in asked])
                    keep("briefbot mention answer in thread, sequential", [t for _, t in asked])
        finally:
            await service.stop()
            await runner.cleanup()
            conversations.engine.dispose()
            folder.cleanup()
    print(f"Slack HTTP mode on loopback, {n} signed slash commands ({len(COMMANDS)} kinds), {rounds} interleaved "
          f"rounds, Python {sys.version.split()[0]}")
    print("pooled over the rounds; 'p99 per round' is the median (min-max) of each round's p99")
    for label, seconds in rows.items():
        per = p99s[label]
        print(f"{summary(label, seconds)}   p99 per round {statistics.median(per):7.2f} "
              f"({min(per):.2f}-{max(per):.2f}) ms")
    print("Slack's ack deadline: 3000 ms")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 5))
