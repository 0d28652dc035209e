"""The core every transport calls: `await core.answer(user, text) -> Reply`.

Length check, per-user rate limit, emergency detection and the disclaimer live here, once."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from bot.text import clean, truncate_chars

log = logging.getLogger(__name__)

DISCLAIMER = "⚕️ I'm an AI, not a doctor: check anything important with a health professional."
TOO_SHORT = "Please ask a more detailed question."
TEXT_ONLY = "I can only read text questions. Please type your question as a message."
NOT_ALLOWED = "Sorry, this bot is private and not available in this chat."
EMERGENCY = (
    "This sounds like it could be an emergency. Please call your local emergency number "
    "(for example 911 in the US, 112 in the EU, 999 in the UK) or go to the nearest emergency "
    "department now. If you are thinking about harming yourself, call or text a crisis line "
    "(988 in the US) or your local emergency number. Do not wait for a chatbot's answer."
)
ABOUT = (
    "I'm medbot, an AI that answers general medical questions. Type your question as a message "
    "(in groups, mention me or use /ask <question>).\n\n" + DISCLAIMER + "\n"
    "In an emergency, call your local emergency number."
)

# Phrases that warrant an immediate emergency reply instead of a model answer.
# Phrased as happening now, so that "what causes seizures?" still gets an ordinary answer.
_EMERGENCY_PATTERNS = [
    r"(crushing|severe|sudden|sharp) chest pain", r"chest (pain|pressure|tightness) (and|with|radiating)",
    r"(having|had|is having) a heart attack", r"can'?t breathe", r"cannot breathe", r"can'?t catch (my|his|her) breath",
    r"(trouble|difficulty|struggling to) breath", r"not breathing", r"stopped breathing",
    r"(is|am|are|keeps) choking", r"choking on",
    r"suicid", r"kill (myself|me)", r"end it all", r"end my life", r"want to die", r"self[- ]harm",
    r"overdos(e|ed|ing)", r"took too many (pills|tablets)", r"(swallowed|drank) (bleach|poison|antifreeze)",
    r"(was|been|got|am|is) poisoned",
    r"(severe|heavy|won'?t stop|uncontrolled) bleeding", r"bleeding (heavily|a lot|won'?t stop)",
    r"(having|had|is having) a stroke", r"face (is )?droop", r"slurred speech",
    r"(is|was|went) (unconscious|unresponsive)", r"passed out and", r"won'?t wake up",
    r"(having|had|is having) a seizure", r"(is|keeps) seizing", r"anaphyla", r"throat (is )?(closing|swelling)",
]
_EMERGENCY = re.compile(r"\b(" + "|".join(_EMERGENCY_PATTERNS) + ")", re.IGNORECASE)


def is_emergency(text: str) -> bool:
    return bool(_EMERGENCY.search(text.replace("’", "'")))


@dataclass(frozen=True)
class Reply:
    text: str
    kind: str  # answer | too_short | rate_limited | emergency | busy | error | timeout | restarting | refused

    @property
    def ok(self) -> bool:
        return self.kind == "answer"


class RateLimiter:
    """Per-user token bucket with bounded memory: at most `max_users` buckets, least recent evicted."""

    def __init__(self, per_minute: float, burst: int, max_users: int = 100_000, clock: Any = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_users = max_users
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float:
        """Take one token. Returns 0 if allowed, else seconds until one is available."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_users:
            self._buckets.popitem(last=False)
        return wait


def user_hash(user: str, salt: str) -> str:
    """A stable pseudonym for logs: never log a raw user id next to health questions."""
    return hashlib.blake2b(f"{salt}:{user}".encode(), digest_size=6).hexdigest()


class Core:
    """Turns a user's raw message into the reply text. Shared by every transport."""

    def __init__(self, settings: Any, worker: Any, retriever: Any = None, metrics: Any = None):
        self.settings = settings
        self.worker = worker
        self.retriever = retriever
        self.metrics = metrics
        self.limiter = RateLimiter(settings.rate_per_minute, settings.rate_burst, settings.rate_max_users)

    async def answer(self, user: str, text: str | None) -> Reply:
        t0 = time.monotonic()
        reply = await self._answer(user, text or "")
        if self.metrics is not None:
            self.metrics.count_reply(reply.kind, time.monotonic() - t0)
        s = self.settings
        extra = f" text={clean(text or '')[:200]!r}" if s.log_message_text else ""
        log.info("reply user=%s kind=%s len=%d%s", user_hash(user, s.log_salt), reply.kind, len(reply.text), extra)
        return reply

    async def _answer(self, user: str, raw: str) -> Reply:
        s = self.settings
        question = clean(raw)
        if len(question) < s.min_question_chars:
            return Reply(TOO_SHORT, "too_short")
        if is_emergency(question):
            return Reply(EMERGENCY, "emergency")
        wait = self.limiter.take(user)
        if wait > 0:
            return Reply(f"You're sending questions quickly. Please wait {max(1, round(wait))} s and ask again.",
                         "rate_limited")
        question = truncate_chars(question, s.max_question_chars)
        if self.retriever is not None:
            return await self._grounded(question)
        res = await self.worker.submit(question)
        if res.outcome != "answered":
            return Reply(res.text, res.outcome)
        return Reply(f"{res.text}\n\n{DISCLAIMER}", "answer")

    async def _grounded(self, question: str) -> Reply:
        hit = self.retriever.best(question)
        if hit is None:
            return Reply(self.retriever.NO_SOURCE + f"\n\n{DISCLAIMER}", "no_source")
        return Reply(self.retriever.format(hit, question) + f"\n\n{DISCLAIMER}", "answer")
