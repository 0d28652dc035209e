"""Prometheus metrics and /healthz on 127.0.0.1 (off unless MEDBOT_METRICS_PORT is set)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

if TYPE_CHECKING:
    from bot.generation.worker import Backend
    from bot.intake.inbox import Inbox

STALL_S = 120.0  # busy with no batch finished for this long = not healthy


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.queue_depth = Gauge("medbot_queue_depth", "Questions waiting for the worker", registry=r)
        self.batch_size = Histogram("medbot_batch_size", "Questions per generate call", registry=r,
                                    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256))
        self.batch_seconds = Histogram("medbot_batch_seconds", "Seconds per generate call", registry=r)
        self.reply_seconds = Histogram("medbot_reply_seconds", "Seconds from question to reply", registry=r,
                                       buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120))
        self.replies = Counter("medbot_replies", "Replies by outcome", ["outcome"], registry=r)
        self.tokens = Counter("medbot_generated_tokens", "Tokens generated (rate() gives tokens/s)", registry=r)
        self.model = Info("medbot_model", "The model being served", registry=r)
        self.worker_alive = Gauge("medbot_worker_alive", "1 while the backend can answer: the worker thread runs "
                                  "and generates, or the inference server's circuit is closed", registry=r)
        self.inbox_errors = Counter("medbot_inbox_errors", "Inbox writes and reads that failed (disk full, "
                                    "read-only)", registry=r)
        self.inbox_ok = Gauge("medbot_inbox_ok", "1 while the durable inbox works (or is off)", registry=r)
        self._tokens_seen = 0
        self._inbox_errors_seen = 0

    def observe_batch(self, size: int, seconds: float) -> None:
        self.batch_size.observe(size)
        self.batch_seconds.observe(seconds)

    def count_reply(self, kind: str, seconds: float | None = None) -> None:
        self.replies.labels(kind).inc()
        if seconds is not None:
            self.reply_seconds.observe(seconds)

    def set_model(self, version: str) -> None:
        self.model.info({"version": version})

    def refresh(self, worker: Backend, inbox: Inbox | None = None) -> None:
        if inbox is not None:
            if inbox.errors > self._inbox_errors_seen:
                self.inbox_errors.inc(inbox.errors - self._inbox_errors_seen)
            self._inbox_errors_seen = inbox.errors
            self.inbox_ok.set(0 if inbox.degraded else 1)
        self.queue_depth.set(worker.depth)
        self.worker_alive.set(1 if worker.health() is None else 0)
        total = worker.generated_tokens
        if total > self._tokens_seen:
            self.tokens.inc(total - self._tokens_seen)
        self._tokens_seen = total  # a reloaded engine starts again from 0

    async def serve(self, port: int, worker: Backend, inbox: Inbox | None = None, host: str = "127.0.0.1") -> Any:
        from aiohttp import web

        async def metrics(_: web.Request) -> web.Response:
            self.refresh(worker, inbox)
            return web.Response(body=generate_latest(self.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

        async def healthz(_: web.Request) -> web.Response:
            ok, why = healthy(worker, inbox)
            return web.Response(status=200 if ok else 503, text=why + "\n")

        app = web.Application()
        app.router.add_get("/metrics", metrics)
        app.router.add_get("/healthz", healthz)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        return runner


def healthy(worker: Backend, inbox: Inbox | None = None) -> tuple[bool, str]:
    """(answering?, one line). A failing inbox is "degraded", still 200: the bot answers from memory, and
    a restart would not fix a full disk."""
    problem = worker.health()  # a stopped worker, failing batches, an inference server that keeps failing
    if problem:
        return False, problem
    if worker.busy and time.monotonic() - worker.last_progress > STALL_S:
        return False, f"queue not moving for {STALL_S:.0f}s"
    if inbox is not None and inbox.degraded:
        return True, f"degraded: {inbox.degraded}; answering from memory (serving {worker.version})"
    return True, f"ok: serving {worker.version}, queue {worker.depth}"
