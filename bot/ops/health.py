"""The optional HTTP listener: /healthz (alive), /readyz (ready to serve) and /metrics (Prometheus)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from aiohttp import web

from bot.ops.metrics import CONTENT_TYPE, Metrics

__all__ = ["HealthServer"]

log = logging.getLogger(__name__)

Check = tuple[str, Callable[[], bool]]  # a part's name and its ready() test


class HealthServer:
    """A Service serving the three endpoints on host:port (the config's http.host and http.port)."""

    name = "http"

    def __init__(self, host: str, port: int, metrics: Metrics, checks: Sequence[Check]):
        self._listen = (host, port)  # port 0 picks a free one
        self.metrics = metrics
        self.checks = list(checks)
        self.port: int | None = None  # the bound port, once started
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)

    def failing(self) -> list[str]:
        """Names of the parts that are not ready; a check that raises is failing too."""
        out = []
        for name, ready in self.checks:
            try:
                ok = ready()
            except Exception:
                log.exception("readiness check %s raised", name)
                ok = False
            if not ok:
                out.append(name)
        return out

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def _readyz(self, request: web.Request) -> web.Response:
        failing = self.failing()
        body = {"status": "not ready" if failing else "ready", "failing": failing,
                "checks": [name for name, _ in self.checks]}
        return web.json_response(body, status=503 if failing else 200)

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self.metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, *self._listen)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.info("health and metrics on http://%s:%d (/healthz, /readyz, /metrics)", self._listen[0], self.port)

    async def stop(self) -> None:
        await self._runner.cleanup()

    def ready(self) -> bool:
        return self.port is not None
