"""The core every transport calls: `await core.answer(user, text) -> Reply`.

Emergency triage, length check, per-user rate limit and the disclaimer live here, once, and every
fixed text is in the language of the message (English or Indonesian)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.answering.followup import thanks
from bot.intake.identity import Pseudonym, UserKey, pseudonym
from bot.intake.inbox import Ticket
from bot.operations.config import Settings
from bot.safety.lang import detect
from bot.safety.messages import Texts, texts
from bot.safety.triage import ALONE_KINDS, Assessment, assess
from medbot.text import clean, truncate_chars

if TYPE_CHECKING:
    from bot.answering.drugs import DrugLabels
    from bot.answering.retrieval import Retriever
    from bot.generation.worker import Submits
    from bot.operations.metrics import Metrics

log = logging.getLogger(__name__)

def is_emergency(text: str) -> bool:
    """Whether the message needs the emergency, poisoning or self-harm reply (bot/safety/triage.py)."""
    return assess(text).level == "emergency"


# What a reply is; metrics count them (medbot_replies_total{outcome=...}) and logs show them, never the text.
# offline: asked longer ago than MEDBOT_REPLAY_MAX_AGE_S and found after a restart.
# caution: any reply led by the "if this is happening now" line (the message might be urgent).
ReplyKind = Literal["answer", "no_source", "off_topic", "too_short", "rate_limited", "emergency", "self_harm",
                    "caution", "busy", "error", "timeout", "restarting", "offline"]
# Triage of a message longer than this runs in a thread so the event loop never waits on it.
INLINE_TRIAGE_CHARS = 512
# The longest the emergency reply waits for the reference's answer to follow it (an emergency the check is not
# sure of); past it, the emergency reply goes alone. Retrieval takes about 20 ms (p95, bench/answers.py).
EMERGENCY_ANSWER_WAIT_S = 1.0
# The most topic lookups after emergency replies sent alone in flight at once (`Core._topic_after_emergency`): a flood
# of emergency messages, which no rate limit holds back, never fills the threads other users' triage runs in.
MAX_TOPIC_LOOKUPS = 16


@dataclass(frozen=True)
class Reply:
    text: str
    kind: ReplyKind

    @property
    def ok(self) -> bool:
        return self.kind == "answer"


class RateLimiter:
    """Per-user token bucket with bounded memory: at most `max_users` buckets, least recent evicted."""

    def __init__(self, per_minute: float, burst: int, max_users: int = 100_000,
                 clock: Callable[[], float] = time.monotonic):
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


class FollowUps:
    """Per conversation (platform, chat and user: see `key`), the last topic answered and the condition the
    conversation is about (the same topic, or the condition a medicine answered was taken for), for `ttl_s`
    seconds: in memory only (never on disk), at most `max_users` of them, so "how is it treated?" after
    "what is asthma?" finds asthma's page, and "will she grow out of it?" after a question on the cream for her
    eczema finds eczema's. Keyed by chat too, so a topic asked in private never shapes the same user's reply in a
    group, where everyone reads it."""

    def __init__(self, ttl_s: float, max_users: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.ttl_s, self.max_users, self.clock = ttl_s, max_users, clock
        self._last: OrderedDict[str, tuple[str, str, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._last)

    @staticmethod
    def key(chat: str, user: UserKey) -> str:
        """`chat` from chat_key (the platform and its chat), `user` the transport's user ("tg:<id>")."""
        return f"{chat}|{user}"

    def _item(self, key: str) -> tuple[str, str, float] | None:
        item = self._last.get(key)
        if item is None or self.ttl_s <= 0:
            return None
        if self.clock() - item[2] > self.ttl_s:
            del self._last[key]
            return None
        return item

    def get(self, key: str) -> str | None:
        """The last topic answered."""
        item = self._item(key)
        return None if item is None else item[0]

    def condition(self, key: str) -> str | None:
        """The condition the conversation is about (None when none is known)."""
        item = self._item(key)
        return None if item is None else item[1] or None

    def remember(self, key: str, focus: str, condition: str = "") -> None:
        if self.ttl_s <= 0 or not focus:
            return
        self._last.pop(key, None)
        self._last[key] = (focus, condition, self.clock())
        while len(self._last) > self.max_users:
            self._last.popitem(last=False)

    def forget(self, key: str) -> None:
        self._last.pop(key, None)

    def marker(self, key: str) -> object:
        """What the conversation holds now (nothing once expired), to tell later whether anything changed it
        (compared with `is`)."""
        return self._item(key)


def chat_key(platform: str, chat: object) -> str:
    """Where a conversation happens: the platform and its chat (Telegram) or channel (Discord; a DM is one)."""
    return f"{platform}:{chat}"


def ticket_chat(ticket: Ticket) -> str:
    return chat_key(ticket.platform, ticket.target.get("chat", ticket.target.get("channel", "")))


class Core:
    """Turns a user's raw message into the reply text. Shared by every transport."""

    def __init__(self, settings: Settings, worker: Submits, retriever: Retriever | None = None,
                 metrics: Metrics | None = None):
        self.settings = settings
        self.worker = worker
        self.retriever = retriever
        self.metrics = metrics
        self.limiter = RateLimiter(settings.rate_per_minute, settings.rate_burst, settings.rate_max_users)
        self.followups = FollowUps(settings.followup_minutes * 60)
        # the per-user limit protects a shared bot from one chat; the local console has one user
        self.rate_limit = True
        self.drugs: DrugLabels | None = None  # grounded mode's FDA label answers (bot/answering/drugs.py)
        # the topic of an emergency reply sent alone, being found after it went (`_topic_after_emergency`)
        self._pending: dict[str, asyncio.Task[None]] = {}

    def forget(self, user: UserKey, chat: str = "") -> None:
        """/forget: drop what the bot remembers of this user in this chat (the topic of a follow-up)."""
        key = FollowUps.key(chat, user)
        if (task := self._pending.pop(key, None)) is not None:
            task.cancel()
        self.followups.forget(key)

    async def answer_ticket(self, ticket: Ticket, user: UserKey | None, replay: bool = False) -> Reply:
        """The reply to a question accepted into the inbox (bot/intake/pipeline.py delivers it): `user`, the raw
        key, for the follow-up memory, the ticket's pseudonym in logs. A question asked longer
        ago than MEDBOT_REPLAY_MAX_AGE_S gets a short apology instead of a late answer, unless it was an
        emergency: that still gets the emergency reply, late or not."""
        if ticket.age() > self.settings.replay_max_age_s:
            question = clean(ticket.text)
            t = texts(detect(question))
            urgent = await self._assess(question, t.lang)
            reply = self._urgent_reply(urgent, t) or Reply(t.offline, "offline")
            self._count(reply, None)
            who = ticket.user or pseudonym(user or "", self.settings.log_salt)
            log.info("reply user=%s kind=%s len=%d asked=%.0fs ago", who, reply.kind, len(reply.text), ticket.age())
            return reply
        return await self.answer(user, ticket.text, replay=replay, chat=ticket_chat(ticket), who=ticket.user)

    async def answer(self, user: UserKey | None, text: str | None, replay: bool = False, chat: str = "",
                     who: Pseudonym | None = None) -> Reply:
        """The reply to one message. `replay`: asked before a restart, already counted by the rate limit.
        `chat`: where it was asked (chat_key), which with `user` keys the follow-up memory (None: an inbox
        row that kept no user: no follow-up memory). `who`: the pseudonym for logs (else made from `user`)."""
        t0 = time.monotonic()
        conversation = FollowUps.key(chat, user) if user is not None else None
        reply = await self._answer(user, text or "", replay, conversation)
        # every reply, model or server output included, leaves without bidi overrides or control characters
        reply = Reply(clean(reply.text, keep_lines=True), reply.kind)
        self._count(reply, time.monotonic() - t0)
        s = self.settings
        extra = f" text={clean(text or '')[:200]!r}" if s.log_message_text else ""
        who = who or pseudonym(user or "", s.log_salt)
        log.info("reply user=%s kind=%s len=%d%s", who, reply.kind, len(reply.text), extra)
        return reply

    def _count(self, reply: Reply, seconds: float | None) -> None:
        if self.metrics is not None:
            self.metrics.count_reply(reply.kind, seconds)

    async def _assess(self, question: str, lang: str) -> Assessment:
        if len(question) <= INLINE_TRIAGE_CHARS:
            return assess(question, lang)
        return await asyncio.to_thread(assess, question, lang)

    @staticmethod
    def _urgent_reply(a: Assessment, t: Texts) -> Reply | None:
        if a.level != "emergency" or a.kind is None:
            return None
        text = "\n\n".join(dict.fromkeys(t.triage(k) for k in a.replies))  # the first reply and its "also"
        return Reply(text, "self_harm" if a.kind == "self_harm" else "emergency")

    async def _answer(self, user: UserKey | None, raw: str, replay: bool, conversation: str | None) -> Reply:
        question = clean(raw)
        t = texts(detect(question))
        held = self.followups.marker(conversation) if conversation is not None else None  # before any wait
        # Before the length check: "od", "sos" or "help!!" are short, and nothing may delay the emergency reply.
        urgent = await self._assess(question, t.lang)
        now = self._urgent_reply(urgent, t)
        if now is not None:
            if urgent.alone or urgent.kind in ALONE_KINDS or self.retriever is None:
                if self.retriever is not None and conversation is not None and urgent.kind == "emergency":
                    self._topic_after_emergency(self.retriever, conversation, question, t, held)
                return now
            return await self._emergency_then_answer(now, user, question, t, conversation)
        reply = await self._answer_question(user, question, t, replay, conversation)
        if urgent.level == "caution" and reply.kind == "off_topic":  # might be urgent: never "not about health"
            reply = Reply(f"{t.no_source}\n\n{t.disclaimer}", "no_source")
        if urgent.level == "caution" and reply.kind != "restarting":  # restarting: held for the restart
            # might be happening now: say what to do first, then answer; busy or error keep their kind
            kind: ReplyKind = "caution" if reply.kind in ("answer", "no_source", "off_topic") else reply.kind
            # ... and words of wanting to die the detector reads as not urgent ("sometimes i want to die", "kadang aku
            # pengen mati aja": long-standing, not less serious) lead with the crisis line, not the emergency number
            first = t.self_harm if urgent.group == "self_harm" else t.caution
            return Reply(f"{first}\n\n{reply.text}", kind)
        return reply

    async def _emergency_then_answer(self, now: Reply, user: UserKey | None, question: str, t: Texts,
                                     conversation: str | None) -> Reply:
        """An emergency the check is not sure of (a calm question about a child's fever reads much like an urgent
        one): the emergency reply first, then the reference's answer to the question, when there is one and it
        comes within EMERGENCY_ANSWER_WAIT_S. Only the reference's reply follows it, never the model's text (the
        caller sends the emergency reply alone without a retriever), never after the self-harm or poisoning
        reply (`assess` keeps those alone), and whatever goes wrong on the way, the emergency reply still goes."""
        try:  # replay=True: no rate-limit token, an emergency never counts against the user's next questions
            reply = await asyncio.wait_for(self._answer_question(user, question, t, True, conversation),
                                           EMERGENCY_ANSWER_WAIT_S)
        except TimeoutError:
            return now
        except Exception as exc:  # noqa: BLE001 - a fault in retrieval never costs the emergency reply
            log.error("answer after an emergency reply failed (%s): the emergency reply goes alone", type(exc).__name__)
            return now
        if reply.kind != "answer":
            return now
        return Reply(f"{now.text}\n\n{t.not_now}\n\n{reply.text}", now.kind)

    async def _answer_question(self, user: UserKey | None, question: str, t: Texts, replay: bool,
                               conversation: str | None) -> Reply:
        s = self.settings
        if len(question) < s.min_question_chars:
            return Reply(t.too_short, "too_short")
        wait = self.limiter.take(user or "") if self.rate_limit and not replay else 0.0
        if wait > 0:
            return Reply(t.rate_limited.format(seconds=max(1, round(wait))), "rate_limited")
        question = truncate_chars(question, s.max_question_chars)
        if self.retriever is not None:
            return await self._grounded(self.retriever, conversation, question, t)
        res = await self.worker.submit(question)
        if res.outcome != "answered":
            return Reply(t.outcome(res.outcome), res.outcome)  # busy, error, timeout or restarting
        return Reply(f"{res.text or t.no_answer}\n\n{t.disclaimer}", "answer")

    def _topic_after_emergency(self, retriever: Retriever, conversation: str, question: str, t: Texts,
                               held: object) -> None:
        """After an emergency reply sent alone, what the message was about becomes the conversation's topic, found
        once the reply has gone and never shown: "how do they test for it?" after "wife says i stop breathing in my
        sleep, is that sleep apnea?" follows up instead of being declined. Only while the conversation is as it was
        when the message came (`held`: no later message's topic, no /forget) and this is its latest emergency; the
        next message waits for it (`_settled`); the check still reads every message. No FDA label lookup (the
        answer is never shown), and a fault is logged by its type only. None with the follow-up memory off, nor past
        MAX_TOPIC_LOOKUPS in flight (a conversation's own replaces its earlier one)."""
        if self.followups.ttl_s <= 0 or conversation not in self._pending and len(self._pending) >= MAX_TOPIC_LOOKUPS:
            return
        asked = truncate_chars(question, self.settings.max_question_chars)

        async def find() -> None:
            try:
                found = await retriever.retrieve(asked, t.lang, self.followups.get(conversation), None,
                                                 self.followups.condition(conversation))
            except Exception as exc:  # noqa: BLE001 - the topic is a convenience: its fault costs no reply
                log.error("the topic after an emergency reply was not found (%s)", type(exc).__name__)
                return
            # a replaced or /forget-cancelled task never gets here: its cancellation lands at the await above
            if found.outcome not in ("off_topic", "no_source") and self.followups.marker(conversation) is held:
                self.followups.remember(conversation, found.focus, found.condition)

        if (old := self._pending.pop(conversation, None)) is not None:
            old.cancel()
        task = asyncio.create_task(find())
        self._pending[conversation] = task
        # only tasks in flight are kept: a conversation with no second message leaves nothing behind
        task.add_done_callback(lambda done: self._pending.pop(conversation, None)
                               if self._pending.get(conversation) is done else None)

    async def _settled(self, conversation: str) -> None:
        """Wait at most EMERGENCY_ANSWER_WAIT_S for the topic of an emergency reply sent alone, if one is being found
        (the task goes on past it; a cancellation of this wait is the caller's and goes through)."""
        task = self._pending.get(conversation)
        if task is not None and not task.done():
            await asyncio.wait({task}, timeout=EMERGENCY_ANSWER_WAIT_S)

    def cancel_pending(self) -> None:
        """At shutdown: stop finding the topics of emergency replies already sent."""
        for task in list(self._pending.values()):
            task.cancel()
        self._pending.clear()

    async def _grounded(self, retriever: Retriever, conversation: str | None, question: str, t: Texts) -> Reply:
        """The retriever's answer in the user's language: a follow-up keeps the conversation's topic,
        an Indonesian message the retriever read is led by how it named its topic."""
        if conversation is not None:
            await self._settled(conversation)
        previous = self.followups.get(conversation) if conversation is not None else None
        condition = self.followups.condition(conversation) if conversation is not None else None
        found = await retriever.retrieve(question, t.lang, previous, self.drugs, condition)
        if found.outcome == "off_topic":  # "ok thanks a lot": you're welcome, not "only health questions"
            return Reply(t.welcome if thanks(question) else t.off_topic, "off_topic")
        if found.outcome == "no_source":
            return Reply(f"{t.no_source}\n\n{t.disclaimer}", "no_source")
        if conversation is not None:
            self.followups.remember(conversation, found.focus, found.condition)
        text = found.answer if found.lead is None else f"{t.lead_line(found.lead, found.asked)}\n\n{found.answer}"
        return Reply(f"{text}\n\n{t.disclaimer}", "answer")
