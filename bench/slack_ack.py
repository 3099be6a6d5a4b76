"""Slack HTTP-mode latency on loopback: ack and answer times over 200 signed slash commands.

Run: python bench/slack_ack.py [N]. Baseline in the same run: a bare aiohttp handler answering 200 to
the same signed POSTs (the loopback + HTTP floor). Slack's deadline for the ack is 3 s.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.slack.app import SlackService  # noqa: E402
from bot.config import SlackConfig, SlackHttp  # noqa: E402
from bot.core.commands import build_registry  # noqa: E402
from bot.core.library import Library  # noqa: E402
from tests.adapters.slack.fakes import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, signed, slash_form  # noqa: E402

COMMANDS = [("/ask", "What happened in Antwerp?"), ("/brief", "tldr"), ("/facts", "cocaine"),
            ("/who", "Noem"), ("/ask", "How much cocaine was seized?"), ("/timeline", "")]


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return (f"{label:<34} n={len(ms):<4} median {statistics.median(ms):7.2f} ms   p99 {p99:7.2f} ms   "
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


async def answered(fake: FakeSlack, response_url: str, started: float) -> float:
    await fake.wait_for(lambda: bool(fake.hooks_for(response_url)), timeout=30)
    return time.perf_counter() - started


async def baseline(session: aiohttp.ClientSession, fake: FakeSlack, n: int) -> list[float]:
    async def ok(request: web.Request) -> web.Response:
        await request.read()
        return web.Response()
    app = web.Application()
    app.router.add_post("/slack/events", ok)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    try:
        return [(await post(session, url, fake, i))[0] for i in range(n)]
    finally:
        await runner.cleanup()


async def main(n: int) -> None:
    library = Library(ROOT / "content")
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        config = SlackConfig(enabled=True, mode="http", bot_token=BOT_TOKEN, app_token=APP_TOKEN,
                             signing_secret=SIGNING_SECRET, http=SlackHttp(host="127.0.0.1", port=0),
                             api_url=fake.url("/api/"))
        service = SlackService(config, library, build_registry())
        await service.start()
        url = f"http://127.0.0.1:{service.port}/slack/events"
        try:
            await post(session, url, fake, 0)  # warm-up: bolt's first auth.test
            acks, answers = [], []
            for i in range(n):  # one at a time, as a quiet workspace would
                ack, response_url, started = await post(session, url, fake, i)
                acks.append(ack)
                answers.append(await answered(fake, response_url, started))
            burst = await asyncio.gather(*(post(session, url, fake, i) for i in range(n)))  # all at once
            burst_answers = await asyncio.gather(*(answered(fake, u, s) for _, u, s in burst))
        finally:
            await service.stop()
        floor = await baseline(session, fake, n)
    print(f"Slack HTTP mode on loopback, {n} signed slash commands ({len(COMMANDS)} kinds), "
          f"Python {sys.version.split()[0]}")
    print(summary("baseline: bare aiohttp 200", floor))
    print(summary("briefbot ack, sequential", acks))
    print(summary("briefbot answer at response_url", answers))
    print(summary(f"briefbot ack, {n} concurrent", [a for a, _, _ in burst]))
    print(summary(f"briefbot answer, {n} concurrent", burst_answers))
    print("Slack's ack deadline: 3000 ms")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
