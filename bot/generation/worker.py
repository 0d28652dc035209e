"""The worker: exactly one thread owns the engine. The asyncio side puts (request, future) on a
bounded queue and awaits the future; the thread batches what is waiting and generates once."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.generation.engine import Engine

log = logging.getLogger(__name__)

Outcome = Literal["answered", "busy", "error", "timeout", "restarting"]
# Batches failing in a row (a broken CUDA context fails every one) before /healthz says 503; a good batch resets it.
FAILED_BATCHES = 3


class Submits(Protocol):
    """What the core asks for an answer: the local worker, or the openai backend's (bot/generation/remote.py)."""

    async def submit(self, question: str, seed: int | None = None) -> Result: ...


class Backend(Submits, Protocol):
    """Whatever answers the questions, as the app, /healthz and /metrics use it: the local worker thread
    around the resident model (`Worker`), or an OpenAI-compatible server (bot/generation/remote.py `RemoteWorker`)."""

    last_progress: float  # time.monotonic() of the last answer or idle moment: busy and not moving = stalled

    @property
    def version(self) -> str:
        """What answers, as the status line, the logs, /metrics and /healthz name it."""
        ...

    @property
    def depth(self) -> int:
        """Questions waiting for a turn."""
        ...

    @property
    def busy(self) -> bool:
        """Questions waiting or being answered."""
        ...

    @property
    def generated_tokens(self) -> int:
        """Tokens generated so far (by this model: a reload starts again from 0)."""
        ...

    def health(self) -> str | None:
        """None while it can answer; else why /healthz says 503. Called by /healthz and every few seconds
        by the app's heartbeat, so the local worker (re)starts its thread here, answering what a dead one held."""
        ...

    async def drain_and_stop(self, timeout_s: float) -> int:
        """Stop intake, finish what is in flight within `timeout_s`, answer the rest with the restarting
        reply. Returns how many got it."""
        ...


@dataclass
class Result:
    text: str  # the answer, exactly as the model wrote it (maybe ""); "" for every other outcome
    outcome: Outcome
    latency_s: float = 0.0


@dataclass
class _Request:
    question: str
    future: asyncio.Future[Result]
    loop: asyncio.AbstractEventLoop
    seed: int | None
    enqueued: float = field(default_factory=time.monotonic)


def _is_oom(exc: BaseException) -> bool:
    import torch

    return isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower()


class Worker:
    """One generation thread with a bounded queue and dynamic batching (a `Backend`). The thread starts
    with the first question or health check, or with `start()`."""

    def __init__(self, engine: Engine, batch_max: int = 16, batch_wait_ms: float = 10.0, queue_max: int = 256,
                 request_timeout_s: float = 120.0, seed: int | None = None,
                 on_batch: Callable[[int, float], None] | None = None):
        self.engine = engine
        self.batch_max = batch_max
        self.batch_wait_s = batch_wait_ms / 1000.0
        self.request_timeout_s = request_timeout_s
        self.seed = seed
        self.on_batch = on_batch
        self._queue: queue.Queue[_Request] = queue.Queue(maxsize=queue_max)
        self._inflight: list[_Request] = []
        self._stop = threading.Event()
        self._accepting = True
        self._thread: threading.Thread | None = None
        self.batches = 0
        self.restarts = 0
        self.failed_in_a_row = 0
        self._last_failure = ""
        self.last_progress = time.monotonic()

    # ---- lifecycle
    def start(self) -> Worker:
        self._stop.clear()
        self.last_progress = time.monotonic()  # a worker started late is not a stalled one
        self._thread = threading.Thread(target=self._run, name="medbot-worker", daemon=True)
        self._thread.start()
        return self

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def ensure_alive(self) -> bool:
        """Start the thread if it never ran; restart a dead one and answer what it held. True if a
        restart happened."""
        if self._stop.is_set() or self.is_alive():
            return False
        if self._thread is None:
            self.start()
            return False
        log.error("worker thread died; restarting it")
        for req in self._inflight:
            _resolve(req, Result("", "error"))
        self._inflight = []
        self.restarts += 1
        self.start()
        return True

    def health(self) -> str | None:
        """(Re)start the thread if it is not running, then say why /healthz should say 503: a thread that
        is not running (stopped) or generation failing batch after batch; None while it answers."""
        self.ensure_alive()
        if not self.is_alive():
            return "worker thread is not running"
        if self.failed_in_a_row < FAILED_BATCHES:
            return None
        return f"generation failed {self.failed_in_a_row} batches in a row (last: {self._last_failure})"

    @property
    def version(self) -> str:
        return self.engine.version

    @property
    def generated_tokens(self) -> int:
        return self.engine.generated_tokens

    @property
    def depth(self) -> int:
        return self._queue.qsize()

    @property
    def busy(self) -> bool:
        return bool(self._inflight) or not self._queue.empty()

    def swap_engine(self, engine: Engine) -> Engine:
        """Replace the engine; takes effect at the next batch (the current one finishes on the old)."""
        old, self.engine = self.engine, engine
        return old

    async def drain_and_stop(self, timeout_s: float) -> int:
        """Stop intake, let queued and in-flight requests finish within `timeout_s`, then answer
        whatever still waits with the restarting reply. Returns how many got that reply."""
        self._accepting = False
        deadline = time.monotonic() + timeout_s
        while self.busy and time.monotonic() < deadline and self.is_alive():  # noqa: ASYNC110 (polls a thread)
            await asyncio.sleep(0.05)
        self._stop.set()
        left = 0
        while True:
            try:
                req = self._queue.get_nowait()
            except queue.Empty:
                break
            left += _resolve(req, Result("", "restarting"))
        for req in list(self._inflight):
            left += _resolve(req, Result("", "restarting"))
        if self._thread is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._thread.join, 2.0)  # app.WORKER_JOIN_S
        return left

    # ---- asyncio side
    async def submit(self, question: str, seed: int | None = None) -> Result:
        """Queue a question and wait for its answer. Never raises for load or model errors."""
        t0 = time.monotonic()
        if not self._accepting:
            return Result("", "restarting")
        self.ensure_alive()
        loop = asyncio.get_running_loop()
        req = _Request(question, loop.create_future(), loop, seed if seed is not None else self.seed)
        try:
            self._queue.put_nowait(req)
        except queue.Full:
            return Result("", "busy")
        try:
            # on timeout wait_for cancels the future, so a request still queued is skipped, not generated
            res = await asyncio.wait_for(req.future, self.request_timeout_s)
        except TimeoutError:
            return Result("", "timeout", time.monotonic() - t0)
        res.latency_s = time.monotonic() - t0
        return res

    # ---- worker thread
    def _run(self) -> None:
        while not self._stop.is_set():
            batch = self._collect()
            if not batch:
                self.last_progress = time.monotonic()
                continue
            self._inflight = batch
            t0 = time.perf_counter()
            self._answer(batch)
            self._inflight = []
            self.batches += 1
            self.last_progress = time.monotonic()
            if self.on_batch:
                self.on_batch(len(batch), time.perf_counter() - t0)

    def _collect(self) -> list[_Request]:
        try:
            first = self._queue.get(timeout=0.1)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.batch_wait_s
        while len(batch) < self.batch_max:
            left = deadline - time.monotonic()
            try:
                batch.append(self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait())
            except queue.Empty:
                break
        return [r for r in batch if not r.future.done()]

    def _answer(self, batch: list[_Request]) -> None:
        engine = self.engine  # a swap during this batch applies to the next one
        try:
            texts = self._generate(engine, batch)
            self.failed_in_a_row = 0
        except Exception as exc:
            log.exception("generation failed for a batch of %d: %s", len(batch), type(exc).__name__)
            texts = [None] * len(batch)
            self.failed_in_a_row += 1
            self._last_failure = type(exc).__name__
        for req, text in zip(batch, texts, strict=True):
            _resolve(req, Result(text, "answered") if text is not None else Result("", "error"))

    def _generate(self, engine: Engine, batch: list[_Request]) -> list[str | None]:
        """Generate for the batch; on out-of-memory free the cache and retry in halves."""
        seed = batch[0].seed
        try:
            return list(engine.generate([r.question for r in batch], seed=seed))
        except Exception as exc:
            if not _is_oom(exc):
                raise
            _free_cuda_cache()
            if len(batch) == 1:
                log.error("out of memory on a single request; answering with the apology")
                return [None]
            half = len(batch) // 2
            log.warning("out of memory on a batch of %d; retrying as %d + %d", len(batch), half, len(batch) - half)
            return self._generate(engine, batch[:half]) + self._generate(engine, batch[half:])


def _resolve(req: _Request, result: Result) -> int:
    """Set the future's result from any thread. Returns 1 if this call answered it."""
    if req.future.done():
        return 0

    def _set() -> None:
        if not req.future.done():
            req.future.set_result(result)

    try:
        req.loop.call_soon_threadsafe(_set)
    except RuntimeError:  # loop closed: nobody is waiting any more
        return 0
    return 1


def _free_cuda_cache() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()
