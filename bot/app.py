"""Wiring: settings -> engine -> worker -> core, and the service lifecycle shared by every mode."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core import Core
from bot.generation.engine import Engine, GenerationConfig
from bot.generation.worker import Backend, Worker
from bot.intake.inbox import INBOX_FILE, Inbox, Ticket
from bot.intake.pipeline import Pipeline
from bot.intake.transports.common import ChatTransport, Transport
from bot.operations.config import Settings
from bot.operations.ops import Notifier, Reloader, install_signals, watchdog_interval

if TYPE_CHECKING:
    from aiohttp import web

    from bot.answering.drugs import DrugLabels
    from bot.answering.retrieval import Retriever
    from bot.operations.metrics import Metrics

log = logging.getLogger(__name__)

# The stop sequence, bounded so it ends inside systemd's TimeoutStopSec (45 s in systemd/medbot.service):
# drain MEDBOT_SHUTDOWN_TIMEOUT_S (20 s by default) + the worker thread's join (2 s) + replies of replayed
# questions (REPLAY_GRACE_S) + every transport closed at once (CLOSE_BUDGET_S) = 35 s by default.
WORKER_JOIN_S = 2.0
REPLAY_GRACE_S = 5.0
CLOSE_BUDGET_S = 8.0


def shutdown_budget_s(settings: Settings) -> float:
    """The longest a SIGTERM can take to exit (documented and tested against the unit's TimeoutStopSec)."""
    return settings.shutdown_timeout_s + WORKER_JOIN_S + REPLAY_GRACE_S + CLOSE_BUDGET_S


def load_engine(settings: Settings) -> Engine:
    return Engine.load(settings.model_dir, GenerationConfig.from_settings(settings), settings.device,
                       settings.dtype, settings.gpu_memory_fraction)


def batch_max(settings: Settings, engine: Engine) -> int:
    """MEDBOT_BATCH_MAX, or by device: a GPU answers 64 users in about the time of one (bench/serve.py)."""
    if settings.batch_max is not None:
        return settings.batch_max
    return 64 if engine.device.type == "cuda" else 16


def build_worker(settings: Settings, engine: Engine | None, metrics: Metrics | None = None) -> Backend:
    """The local worker thread around the resident model, or with MEDBOT_BACKEND=openai the client that
    keeps MEDBOT_BATCH_MAX requests in flight to an OpenAI-compatible server (bot/generation/remote.py)."""
    if settings.backend == "openai":
        from bot.generation.remote import RemoteWorker

        return RemoteWorker(settings, settings.batch_max or 32)
    if engine is None:
        raise ValueError("MEDBOT_BACKEND=local needs a loaded engine")
    return Worker(engine, batch_max(settings, engine), settings.batch_wait_ms, settings.queue_max,
                  settings.request_timeout_s, settings.seed,
                  on_batch=metrics.observe_batch if metrics is not None else None)


# Built by `python -m trainer.grounding` on the RQE and MQP pairs (weights only, no data): see its "info"
SHIPPED_RERANKER = Path(__file__).resolve().parent / "answering"


def build_retriever(settings: Settings, cache: bool = False) -> Retriever | None:
    """Grounded mode's retriever: understanding + re-ranking when the re-ranker was built, else the
    plain TF-IDF retriever (with a warning saying how to build it). `cache`: keep the reference's index
    in the state directory (the daemon, the console and --ask do; --check does not write there)."""
    spec = settings.reference_spec
    if spec is None:
        return None
    from bot.answering.grounding import TfidfRetriever
    from bot.answering.reference import Reference
    from bot.answering.rerank import ConsumerRetriever, Reranker

    folder = settings.reranker_dir or SHIPPED_RERANKER
    try:
        reranker = Reranker.load(folder)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("no usable re-ranker in %s (%s): answering with the plain TF-IDF retriever, which declines "
                    "most real messages; build one with `python -m trainer.grounding`", folder,
                    exc.strerror if isinstance(exc, OSError) else exc)
        return TfidfRetriever.from_file(spec)
    from bot.operations.state import state_dir

    specs = [spec, *([str(settings.reference_links_file)] if settings.reference_links_file else [])]
    cache_dir = state_dir(settings) / "cache" if cache else None
    return ConsumerRetriever(Reference.load(*specs, cache_dir=cache_dir), reranker)


def build_drugs(settings: Settings, retriever: Retriever | None, cache: bool = False) -> DrugLabels | None:
    """Grounded mode's drug label answers (MEDBOT_DRUG_LABELS), with a retriever that keeps the
    reference's names (the re-ranking one)."""
    reference = retriever.reference if retriever is not None else None
    if settings.drug_labels_spec is None or reference is None:
        return None
    from bot.answering.drugs import build_drug_labels

    return build_drug_labels(settings, reference, cache=cache)


@dataclass
class App:
    settings: Settings
    worker: Backend  # bot.generation.worker.Worker, or bot.generation.remote.RemoteWorker
    core: Core
    pipeline: Pipeline
    notifier: Notifier = field(default_factory=Notifier)
    metrics: Metrics | None = None
    transports: list[Transport] = field(default_factory=list)
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def create(cls, settings: Settings, engine: Engine | None, notifier: Notifier | None = None) -> App:
        metrics = None
        if settings.metrics_port:
            from bot.operations.metrics import Metrics

            metrics = Metrics()
        worker = build_worker(settings, engine, metrics)
        core = Core(settings, worker, build_retriever(settings, cache=True), metrics)
        core.drugs = build_drugs(settings, core.retriever, cache=True)
        _load_triage()
        return cls(settings, worker, core, Pipeline(core), notifier or Notifier(), metrics)

    def open_inbox(self) -> Inbox:
        """The daemon's durable inbox (MEDBOT_INBOX, in the state directory); the console and --ask keep
        the in-memory one."""
        if self.settings.inbox:
            from bot.operations.state import state_dir

            self.pipeline.inbox = Inbox(state_dir(self.settings) / INBOX_FILE)
            gone = self.pipeline.inbox.purge()
            log.info("inbox: %s (%d answered row(s) older than a day purged)", self.pipeline.inbox.path, gone)
        return self.pipeline.inbox

    def status_line(self) -> str:
        return f"serving {self.worker.version}; queue {self.worker.depth}"

    async def serve(self, with_signals: bool = True) -> int:
        """Run until a stop signal (or every transport ends), then drain and close. Exit code."""
        loop = asyncio.get_running_loop()
        # a model on disk to reload: the local worker's; an inference server is asked again instead
        reloader = (Reloader(self.worker, lambda: load_engine(self.settings), self.notifier, on_swap=self._on_swap)
                    if isinstance(self.worker, Worker) else None)
        if with_signals:
            def on_hup() -> None:
                if reloader is not None:
                    reloader.trigger()
                else:
                    asyncio.ensure_future(self.probe_engine())
                self.reload_reranker()

            install_signals(loop, self.stop_event.set, on_hup)
        server = None
        if self.metrics is not None:
            server = await self.metrics.serve(self.settings.metrics_port, self.worker, self.pipeline.inbox)
            self.metrics.set_model(self.worker.version)
        left = self.pipeline.inbox.pending()  # read before any transport takes new questions into the inbox
        try:
            for t in self.transports:
                await t.start()
        except Exception as exc:  # bad token, unreachable API...: say which, close what started, exit 1
            log.error("%s", start_error(t, exc))
            await self._close(server)
            return 1
        self.notifier.ready(self.status_line())
        log.info("ready: %s; transports: %s", self.status_line(),
                 ", ".join(type(t).__name__ for t in self.transports) or "none")
        self.replay(left)
        beats = asyncio.create_task(self._heartbeat())
        watch = (asyncio.create_task(self._watch_model(reloader))
                 if reloader is not None and self.settings.model_watch_s > 0 else None)
        watchers = [asyncio.create_task(t.wait_closed()) for t in self.transports]
        stop = asyncio.create_task(self.stop_event.wait())
        await asyncio.wait([stop, *watchers], return_when=asyncio.FIRST_COMPLETED)
        for task in (beats, stop, *watchers, *([watch] if watch else [])):
            task.cancel()
        await self._close(server)
        return 0

    async def _close(self, server: web.AppRunner | None) -> None:
        """Stop intake, drain the worker, then close transports and the metrics server."""
        self.notifier.stopping()
        left = await self.worker.drain_and_stop(self.settings.shutdown_timeout_s)
        await self.pipeline.wait_replays(REPLAY_GRACE_S)
        self.core.cancel_pending()
        if self.pipeline.inbox.durable:
            log.info("drained; %d question(s) not answered in time wait in the inbox for the restart", left)
        else:
            log.info("drained; %d request(s) got the restarting reply", left)
        await self._close_transports()
        if server is not None:
            await server.cleanup()
        if self.core.drugs is not None:
            await self.core.drugs.aclose()
        self.pipeline.inbox.close()

    async def _close_transports(self) -> None:
        """Close every transport at once, all within CLOSE_BUDGET_S: one that hangs or fails never
        holds the exit."""
        async def close(t: Transport) -> None:
            try:
                await t.stop()
            except Exception as exc:
                log.warning("closing %s failed: %s", type(t).__name__, exc)

        tasks = [asyncio.create_task(close(t)) for t in self.transports]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=CLOSE_BUDGET_S)
            for task in pending:
                task.cancel()
            if pending:
                log.warning("%d transport(s) did not close within %.0f s", len(pending), CLOSE_BUDGET_S)

    def replay(self, tickets: list[Ticket]) -> None:
        """At start-up: what a crash or a restart left, answered through the pipeline (bot/intake/pipeline.py);
        questions of a platform no longer configured expire with the replay age."""
        by_platform = {t.platform: t for t in self.transports if isinstance(t, ChatTransport)}
        self._expire()
        self.pipeline.replay([t for t in tickets if t.platform in by_platform
                              or t.age() <= self.settings.replay_max_age_s], by_platform)

    def _expire(self) -> None:
        """Questions of a platform no longer configured are erased once older than MEDBOT_REPLAY_MAX_AGE_S."""
        platforms = {t.platform for t in self.transports if isinstance(t, ChatTransport)}
        self.pipeline.inbox.expire(platforms, self.settings.replay_max_age_s)

    async def probe_engine(self) -> bool:
        """SIGHUP with MEDBOT_BACKEND=openai: probe the inference server again and say what it answered."""
        from bot.generation.remote import EngineUnavailable, RemoteWorker

        if not isinstance(self.worker, RemoteWorker):
            return False
        try:
            log.info("%s", await self.worker.probe())
            return True
        except EngineUnavailable as exc:
            log.error("%s", exc)
            return False

    def _on_swap(self, engine: Engine) -> None:
        if self.metrics is not None:
            self.metrics.set_model(engine.version)

    def reload_reranker(self) -> bool:
        """SIGHUP: read MEDBOT_RERANKER_DIR again (a new `python -m trainer.grounding` version); a file
        that does not load is refused and the re-ranker in use stays."""
        retriever, folder = self.core.retriever, self.settings.reranker_dir
        return folder is not None and retriever is not None and retriever.reload(folder)

    async def _watch_model(self, reloader: Reloader) -> None:
        """Reload when the model folder's link points somewhere new (a training run published, or an
        operator rolled back): no SIGHUP, no systemctl permission needed by the training job."""
        seen = _target(self.settings.model_dir)
        while True:
            await asyncio.sleep(self.settings.model_watch_s)
            now = _target(self.settings.model_dir)
            if now != seen and now is not None:
                log.info("%s now points at %s: reloading", self.settings.model_dir, now.name)
                seen = now
                reloader.trigger()

    async def _heartbeat(self) -> None:
        """Watchdog pings from the event loop (proves it is not blocked) and a status line."""
        interval = watchdog_interval() or 5.0
        purged = time.monotonic()
        while True:
            self.worker.health()  # the local worker restarts a dead thread (and answers what it held)
            if time.monotonic() - purged > 3600:
                purged = time.monotonic()
                self.pipeline.inbox.purge()
                self._expire()
            if watchdog_interval():
                self.notifier.watchdog()
            self.notifier.status(self.status_line())
            await asyncio.sleep(interval)


_REJECTED = ("InvalidToken", "LoginFailure", "Unauthorized", "Forbidden")
_UNREACHABLE = ("NetworkError", "TimedOut", "ConnectError", "ConnectTimeout", "ClientConnectorError", "TimeoutError")


def start_error(transport: Transport, exc: BaseException) -> str:
    """One line that says whether the platform refused the token or could not be reached."""
    name = type(transport).__name__.removesuffix("Transport").lower() or "transport"
    kinds = {c.__name__ for c in type(exc).__mro__}
    detail = f"{type(exc).__name__}: {exc}"
    if kinds & set(_REJECTED) or "401" in str(exc) or "Unauthorized" in str(exc):
        return f"{name}: token rejected ({detail}); copy the token again and restart"
    if kinds & set(_UNREACHABLE) or isinstance(exc, OSError):
        return f"{name}: unreachable ({detail}); check the network, proxy or base URL setting"
    return f"could not start {name}: {detail}"


def _load_triage() -> None:
    """Load the triage weights at start-up, not on the first message; a file that does not load is
    said now (the rules alone answer emergencies then)."""
    from bot.safety import triage as safety

    try:
        safety.default_detector()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        safety.report_broken_detector(exc)


def _target(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except OSError:
        return None
