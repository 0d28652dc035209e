"""MEDBOT_BACKEND=openai: the model runs in an OpenAI-compatible server (vLLM, TGI, `transformers
serve`, Ollama, llama.cpp) and medbot stays the safe, sourced, reliable front: the core, the inbox,
the transports and the metrics are the same; only the worker differs.

`RemoteWorker` is a `Backend` (bot/generation/worker.py) like the local worker: submit() -> Result, version,
depth, busy, health(), drain_and_stop(). It keeps up to MEDBOT_BATCH_MAX requests in flight, so the
server's continuous batching does the batching. The HTTP client is httpx (already installed with python-telegram-bot):
the requests are two small JSON bodies, and the bot's own policy (Retry-After, a circuit breaker,
the apology reply, `/healthz`) needs the raw status codes, which the openai client would retry and
wrap on its own terms.

What maps to the API: temperature, top_p, max_tokens, seed; `top_k` is sent as the extra field
vLLM and TGI accept (Ollama and the OpenAI service ignore it; `transformers serve` refuses unknown
fields with a 422, after which the worker stops sending it); the seed's no_repeat_ngram_size has no
OpenAI equivalent and is not sent."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from bot.generation.worker import Result
from bot.operations.config import Settings, redact_url
from medbot.prompt import extract_answer, format_prompt

log = logging.getLogger(__name__)

SYSTEM_PROMPT = ("You are medbot, a careful medical information assistant. Answer in at most five plain sentences, "
                 "for a layperson. Say when something needs a doctor, and never claim to be one. If the message "
                 "describes an emergency, tell the person to call their local emergency number now.")
STOP = ["\nQ:", "\n\nQ:"]  # a new turn in the Q:/A: format medbot trains
BREAKER_FAILURES = 5  # consecutive failures that open the circuit (and turn /healthz to 503)
BREAKER_COOLDOWN_S = (2.0, 30.0)  # first wait before a probe request, and the most it doubles to
RETRY_AFTER_MAX_S = 10.0  # a 429 asking for longer than this is answered with the apology at once
PROBE_TIMEOUT_S = 5.0


class EngineUnavailable(RuntimeError):
    """The inference server cannot be reached or does not serve the model: one line for the user."""


class RequestFailed(Exception):
    """One request that got no usable answer (after the retries a 429 allows)."""


class Breaker:
    """Closed: requests go. After BREAKER_FAILURES failures in a row: open, requests are answered with the
    apology at once, until a cooldown passes and one request may try (half-open); its success closes it."""

    def __init__(self, failures: int = BREAKER_FAILURES, cooldown: tuple[float, float] = BREAKER_COOLDOWN_S,
                 clock: Callable[[], float] = time.monotonic):
        self.threshold, self.cooldown, self.clock = failures, cooldown, clock
        self.failures = 0
        self.wait = cooldown[0]
        self.opened_at: float | None = None
        self.probing = False

    @property
    def open(self) -> bool:
        return self.failures >= self.threshold

    def allow(self) -> bool:
        if not self.open:
            return True
        if self.probing or self.clock() - (self.opened_at or 0.0) < self.wait:
            return False
        self.probing = True  # one request tries; the rest keep getting the apology
        return True

    def success(self) -> None:
        if self.open:
            log.warning("inference server answers again: circuit closed")
        self.failures, self.wait, self.opened_at, self.probing = 0, self.cooldown[0], None, False

    def failure(self) -> None:
        self.failures += 1
        if self.probing:
            self.wait = min(self.wait * 2, self.cooldown[1])
        if self.failures == self.threshold or self.probing:
            if self.failures == self.threshold:
                log.error("inference server failed %d times in a row: circuit open, answering with the apology "
                          "and trying again in %.0f s", self.failures, self.wait)
            self.opened_at = self.clock()
        self.probing = False


class RemoteWorker:
    """Questions to an OpenAI-compatible server, up to `in_flight` at once, at most `queue_max` waiting (a
    `Backend`: nothing to start, no thread to die; `health()` says when the server keeps failing)."""

    def __init__(self, settings: Settings, in_flight: int, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        self.base_url = settings.openai_base_url.rstrip("/")
        self.model = settings.openai_model
        self.style = settings.openai_style
        self.generated_tokens = 0  # from each answer's usage.completion_tokens, when the server says
        self.in_flight_max = in_flight
        self.queue_max = settings.queue_max
        self.request_timeout_s = settings.request_timeout_s
        self.breaker = Breaker()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self._active = 0
        self._accepting = True
        self._extras_ok = True  # False once the server refused top_k (strict schemas: transformers serve)
        self._requests: set[asyncio.Future[str]] = set()  # HTTP requests in flight, cancelled by a shutdown
        self.last_progress = time.monotonic()

    # ---- the Backend
    @property
    def shown_url(self) -> str:
        """The address without a user:password in it: for /metrics, /healthz, the status line and logs."""
        return redact_url(self.base_url)

    @property
    def version(self) -> str:
        return f"{self.model} at {self.shown_url}"

    @property
    def depth(self) -> int:
        return self._waiting

    @property
    def busy(self) -> bool:
        return self._active > 0 or self._waiting > 0

    def health(self) -> str | None:
        """Why /healthz says 503, while it does: the circuit is open."""
        if self.breaker.open:
            return f"inference server failed {self.breaker.failures} times in a row ({self.shown_url})"
        return None

    async def drain_and_stop(self, timeout_s: float) -> int:
        """Stop intake and let requests in flight finish within `timeout_s`; the rest get "restarting"
        (the inbox keeps them for the restart)."""
        self._accepting = False
        deadline = time.monotonic() + timeout_s
        while self.busy and time.monotonic() < deadline:  # noqa: ASYNC110 (requests run as tasks of their own)
            await asyncio.sleep(0.05)
        left = self._active + self._waiting
        for request in list(self._requests):  # their questions get "restarting": the inbox keeps them
            request.cancel()
        await asyncio.sleep(0)
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        return left

    # ---- requests
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            key = self.settings.openai_api_key
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            self._client = httpx.AsyncClient(
                base_url=self.base_url, headers=headers, transport=self._transport,
                timeout=httpx.Timeout(self.request_timeout_s, connect=5.0),
                limits=httpx.Limits(max_connections=self.in_flight_max, max_keepalive_connections=self.in_flight_max))
        return self._client

    async def submit(self, question: str, seed: int | None = None) -> Result:
        """The server's answer to one question; never raises: busy, restarting, timeout or the apology."""
        t0 = time.monotonic()
        if not self._accepting:
            return Result("", "restarting")
        slots = self._slots = self._slots or asyncio.Semaphore(self.in_flight_max)
        refused = await self._take_slot(slots, t0)
        if refused is not None:
            return refused
        self._active += 1
        try:
            if not self._accepting:
                return Result("", "restarting")
            if not self.breaker.allow():
                return Result("", "error", time.monotonic() - t0)
            return await self._request(question, seed, t0)
        finally:
            self._active -= 1
            slots.release()

    async def _take_slot(self, slots: asyncio.Semaphore, t0: float) -> Result | None:
        """One of the `in_flight` slots: at once when one is free, else after waiting in the bounded
        queue. None once taken; the busy or timeout reply when not."""
        if not slots.locked():
            await slots.acquire()  # a free slot: taken at once
            return None
        if self._waiting >= self.queue_max:
            return Result("", "busy")
        self._waiting += 1
        try:
            await asyncio.wait_for(slots.acquire(), self.request_timeout_s)
        except TimeoutError:
            return Result("", "timeout", time.monotonic() - t0)
        finally:
            self._waiting -= 1
        return None

    async def _request(self, question: str, seed: int | None, t0: float) -> Result:
        """One request within what is left of the question's time; a shutdown cancels it (the inbox keeps
        the question for the restart)."""
        left = self.request_timeout_s - (time.monotonic() - t0)
        request = asyncio.ensure_future(self._ask(question, seed))
        self._requests.add(request)
        try:
            await asyncio.wait({request}, timeout=max(1.0, left))
        finally:
            self._requests.discard(request)
        if request.cancelled():
            return Result("", "restarting", time.monotonic() - t0)
        failed: BaseException | None = None
        if not request.done():
            request.cancel()
            failed = TimeoutError(f"no answer within {left:.0f} s")
        else:
            failed = request.exception()
        if failed is not None:
            self.breaker.failure()
            log.warning("inference request failed: %s", _describe(failed))
            if isinstance(failed, TimeoutError | httpx.TimeoutException):
                return Result("", "timeout", time.monotonic() - t0)
            return Result("", "error", time.monotonic() - t0)
        self.breaker.success()
        self.last_progress = time.monotonic()
        return Result(request.result() or "", "answered", time.monotonic() - t0)

    def request_body(self, question: str, seed: int | None) -> tuple[str, dict[str, Any]]:
        """(path, JSON body) for one question in the configured prompt style."""
        s = self.settings
        body: dict[str, Any] = {"model": self.model, "max_tokens": s.max_new_tokens,
                                "temperature": s.temperature, "top_p": s.top_p}
        if s.top_k and self._extras_ok:
            body["top_k"] = s.top_k  # vLLM and TGI honour it; a server that refuses it gets requests without
        if seed is not None:
            body["seed"] = seed
        if self.style == "chat":
            return "/chat/completions", body | {"messages": [{"role": "system", "content": SYSTEM_PROMPT},
                                                             {"role": "user", "content": question}]}
        return "/completions", body | {"prompt": format_prompt(question), "stop": STOP}

    async def _ask(self, question: str, seed: int | None) -> str:
        path, body = self.request_body(question, seed)
        for attempt in range(3):
            r = await self.client().post(path, json=body)
            if r.status_code in (400, 422) and "top_k" in body:
                self._extras_ok = False
                log.info("the inference server refuses top_k (HTTP %d): sending temperature and top_p only",
                            r.status_code)
                path, body = self.request_body(question, seed)
                r = await self.client().post(path, json=body)
            if r.status_code == 429 and attempt < 2:
                wait = _retry_after(r)
                if wait is not None and wait <= RETRY_AFTER_MAX_S:
                    log.info("inference server busy (429): retrying in %.1f s", wait)
                    await asyncio.sleep(wait)
                    continue
            if r.status_code != 200:
                raise RequestFailed(f"HTTP {r.status_code}: {r.text[:200]}")
            return self._answer_of(r)
        raise RequestFailed("HTTP 429 three times")

    def _answer_of(self, r: httpx.Response) -> str:
        try:
            data = r.json()
            choice = data["choices"][0]
            text = choice["message"]["content"] if self.style == "chat" else choice["text"]
            tokens = (data.get("usage") or {}).get("completion_tokens")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise RequestFailed(f"malformed response ({type(exc).__name__}): {r.text[:120]!r}") from exc
        if not isinstance(text, str):
            raise RequestFailed(f"malformed response: no text in {r.text[:120]!r}")
        if isinstance(tokens, int):
            self.generated_tokens += tokens
        return extract_answer(text) if self.style == "completions" else text.strip()

    async def probe(self) -> str:
        """GET /models: that the server answers and serves the model. A line for the log or --check."""
        try:
            r = await self.client().get("/models", timeout=PROBE_TIMEOUT_S)
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"inference server unreachable at {self.shown_url} ({_describe(exc)}); "
                                    "start it or fix MEDBOT_OPENAI_BASE_URL") from exc
        if r.status_code in (401, 403):
            raise EngineUnavailable(f"inference server at {self.shown_url} refused the key (HTTP "
                                    f"{r.status_code}); check MEDBOT_OPENAI_API_KEY")
        if r.status_code != 200:
            raise EngineUnavailable(f"inference server at {self.shown_url} answered HTTP {r.status_code} "
                                    "to GET /models")
        try:
            models = [m.get("id") for m in r.json().get("data", [])]
        except (ValueError, AttributeError):
            models = []
        self.breaker.success()
        listed = self.model in models
        return (f"inference server {self.shown_url}: " + (f"serves {self.model}" if listed else
                f"answers, but does not list {self.model} (lists {', '.join(map(str, models[:5])) or 'none'})"))


def _retry_after(r: httpx.Response) -> float | None:
    raw = r.headers.get("retry-after")
    try:
        return max(0.0, float(raw)) if raw is not None else 1.0
    except ValueError:
        return None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}" if str(exc) else type(exc).__name__
