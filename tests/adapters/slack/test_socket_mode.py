"""Socket Mode end to end: the real client connects to a loopback websocket, acks the envelope, answers."""
from __future__ import annotations

from bot.adapters.slack.app import SlackService
from bot.core.library import Library
from bot.core.registry import Registry
from tests.adapters.slack.conftest import slack_config
from tests.adapters.slack.fakes import FakeSlack, slash_form


async def test_slash_command_envelope_is_acked_and_answered(fake: FakeSlack, library: Library,
                                                            slack_registry: Registry) -> None:
    """After `hello`, a slash_commands envelope gets an ack frame with its envelope_id and an answer."""
    service = SlackService(slack_config(fake, "socket"), library, slack_registry)
    assert service.ready() is False
    await service.start()
    try:
        assert service.ready() is True
        response_url = fake.response_url()
        await fake.envelopes.put({"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                                  "payload": slash_form("/who", "Noem", response_url)})
        await fake.wait_for(lambda: bool(fake.frames) and bool(fake.hooks_for(response_url)))
        assert fake.frames == [{"envelope_id": "env-1"}]
        [answer] = fake.hooks_for(response_url)
        assert answer["response_type"] == "ephemeral"
        assert answer["blocks"][0]["text"]["text"].startswith("*Who is Kristi Noem")
    finally:
        await service.stop()
    assert service.ready() is False
