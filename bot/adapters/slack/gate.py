"""Which Slack requests get in: a signature over a well-formed timestamp, then the team/app allowlist."""
from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.middleware.request_verification.async_request_verification import AsyncRequestVerification
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

__all__ = ["Allowlist", "SignedRequests"]

log = logging.getLogger(__name__)

TIMESTAMP = re.compile(r"[0-9]{1,12}")  # Unix seconds in ASCII digits; 12 digits reach the year 33658
REMEMBERED = 1000  # refused (team, app) pairs warned about; past that, further ones are logged at DEBUG
SHOWN = 40  # characters of a refused request's team or app id put in the log

Next = Callable[[], Awaitable[BoltResponse]]


class SignedRequests(AsyncRequestVerification):
    """bolt's signature check, with a missing or malformed X-Slack-Request-Timestamp refused (401) up front.

    slack_sdk's verifier calls int() on the header, so "abc" raised inside bolt: a 500 and an ERROR traceback
    for an unauthenticated request. Socket Mode requests are skipped, as bolt's own check does.
    """

    async def async_process(self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next) -> BoltResponse:
        timestamp = req.headers.get("x-slack-request-timestamp", [""])[0]
        if req.mode != "socket_mode" and not TIMESTAMP.fullmatch(timestamp):
            log.debug("slack: refused a request with a malformed X-Slack-Request-Timestamp")
            return self._build_error_response()
        return await super().async_process(req=req, resp=resp, next=next)


class Allowlist(AsyncMiddleware):
    """Refuses a request from another workspace (team_id) or app (api_app_id) than the configured ones.

    A signing secret and an app token belong to an app, not to one workspace: once the app is installed
    elsewhere, that workspace's requests are validly signed too. HTTP gets 403; Socket Mode envelopes are
    acked (so Slack does not retry) and dropped. No listener runs. Each refused pair is logged once at WARNING.
    """

    def __init__(self, team_id: str | None, app_id: str | None) -> None:
        self.team_id, self.app_id = team_id, app_id
        self._warned: set[tuple[str, str]] = set()

    async def async_process(self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next) -> BoltResponse:
        team, app = req.context.team_id or "", str(req.body.get("api_app_id") or "")
        if (self.team_id is None or team == self.team_id) and (self.app_id is None or app == self.app_id):
            return await next()
        self._refused(team[:SHOWN], app[:SHOWN])
        return BoltResponse(status=200 if req.mode == "socket_mode" else 403, body="")

    def _refused(self, team: str, app: str) -> None:
        first = (team, app) not in self._warned and len(self._warned) < REMEMBERED
        if first:
            self._warned.add((team, app))
        log.log(logging.WARNING if first else logging.DEBUG,
                "slack: refused a request from team %r, app %r (slack.team_id / slack.app_id allow %r, %r)%s",
                team, app, self.team_id, self.app_id, "; further ones from it are logged at DEBUG" if first else "")
