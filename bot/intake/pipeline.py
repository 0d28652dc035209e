"""One path from message to reply: accept -> answer (triage first) -> deliver -> mark answered, and
the replay of what a crash or a restart left in the inbox.

Transports only translate: a platform event becomes a `Ticket` (key, platform, text or caption, the
pseudonym, where to reply and the raw user key) and a `deliver(text)` callback that sends one reply there. Everything
that decides whether a question gets its one reply happens here, once, for every platform:

- `accept`: into the inbox before the platform is told the message arrived; a redelivered key is
  refused, so a question is never answered twice.
- `answer`: the core's reply (emergency triage before anything, the replay age rule after it).
  A shutdown's "restarting" with the question held in the durable inbox sends nothing: it is answered
  after the restart. Otherwise the reply is delivered, then the question marked answered (its text
  erased). A delivery the platform refuses for good (`Undeliverable`: bot blocked, chat gone) erases
  the question with a log line; any other failure leaves it for the next start.
- `replay`: at start-up, every question left unanswered, through the same `answer`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from bot.intake.identity import UserKey, target_user
from bot.intake.inbox import Inbox, Ticket

if TYPE_CHECKING:
    from bot.core import Core, Reply
    from bot.intake.transports.common import ChatTransport

log = logging.getLogger(__name__)

Deliver = Callable[[str], Awaitable[None]]


class Undeliverable(Exception):
    """The platform refused a reply for good (bot blocked, chat or channel gone, DMs closed): no retry
    and no restart can deliver it."""


class Pipeline:
    def __init__(self, core: Core, inbox: Inbox | None = None):
        self.core = core
        # memory only until the daemon opens the durable one (App.open_inbox): MEDBOT_INBOX=off, the console,
        # --ask; redeliveries are still recognised
        self.inbox: Inbox = inbox if inbox is not None else Inbox(None)
        self._replays: set[asyncio.Task[None]] = set()

    def accept(self, ticket: Ticket) -> bool:
        """Write the question to the inbox. False for a key accepted before (a platform redelivering
        what a crashed run had not confirmed, a gateway resume): it gets no second reply."""
        return self.inbox.accept_one(ticket)

    async def handle(self, ticket: Ticket, user: UserKey, deliver: Deliver) -> Reply | None:
        """Accept, then answer: for platforms whose events arrive in the handler itself (Discord)."""
        if not self.accept(ticket):
            log.info("%s: %s was accepted before; not answered twice", ticket.platform, _what(ticket))
            return None
        return await self.answer(ticket, user, deliver)

    async def answer(self, ticket: Ticket, user: UserKey | None, deliver: Deliver,
                     replay: bool = False) -> Reply | None:
        """Answer an accepted question and deliver its one reply. None when nothing was sent: held in
        the inbox for the restart. `user`: the raw key (bot/intake/identity.py), never the ticket's pseudonym."""
        try:
            reply = await self.core.answer_ticket(ticket, user, replay=replay)
        except Exception as exc:  # a bug in answering never leaves a question without a reply
            log.error("%s: answering %s failed (%s); the apology is sent", ticket.platform, _what(ticket),
                      type(exc).__name__)  # no traceback: its message could quote the question
            reply = _apology(ticket)
        if reply.kind == "restarting" and self.inbox.held(ticket.key):
            return None  # shutting down: answered after the restart, no "send it again"
        try:
            await deliver(reply.text)
        except Undeliverable as exc:
            self.inbox.undeliverable(ticket.key, f"{ticket.platform} {_what(ticket)}: {exc}")
            return reply
        except Exception:
            if reply.kind == "offline":  # even the late apology cannot be sent: stop trying
                self.inbox.answered(ticket.key)
            raise
        self.inbox.answered(ticket.key)
        # logged once marked, so a reply logged as delivered is never sent again after a crash
        log.info("%s: delivered %s", ticket.platform, _what(ticket))
        return reply

    def replay(self, tickets: Iterable[Ticket], transports: Mapping[str, ChatTransport]) -> None:
        """Answer what a crash or a restart left, each as a reply to its question (the rate limit is
        not applied twice). Questions of a platform that is not configured wait (they expire with the
        replay age: Inbox.expire)."""
        tickets = list(tickets)
        missing = [t for t in tickets if t.platform not in transports]
        if missing:
            log.warning("inbox: %d question(s) for %s wait for a transport that is not configured", len(missing),
                        ", ".join(sorted({t.platform for t in missing})))
        todo = [t for t in tickets if t.platform in transports]
        if todo:
            log.info("inbox: answering %d question(s) left by the last run", len(todo))
        for ticket in todo:
            task = asyncio.create_task(self._replay_one(transports[ticket.platform], ticket))
            self._replays.add(task)
            task.add_done_callback(self._replays.discard)

    async def wait_replays(self, timeout_s: float) -> None:
        if self._replays:
            await asyncio.wait(self._replays, timeout=timeout_s)

    async def _replay_one(self, transport: ChatTransport, ticket: Ticket) -> None:
        async def deliver(text: str) -> None:
            await transport.deliver(ticket, text)

        try:
            # the raw key the ticket's target kept: the topic is remembered for the conversation it was asked in
            reply = await self.answer(ticket, target_user(ticket.target), deliver, replay=True)
        except Exception as exc:  # left unanswered: tried again at the next start
            log.warning("inbox: could not deliver a replayed reply (%s); it is tried again at the next start",
                        type(exc).__name__)
            return
        if reply is not None and reply.kind == "offline":
            log.info("inbox: %s asked too long ago: the apology was sent", _what(ticket))


def _apology(ticket: Ticket) -> Reply:
    from bot.core import Reply
    from bot.safety.lang import detect
    from bot.safety.messages import texts
    from medbot.text import clean

    return Reply(texts(detect(clean(ticket.text))).error, "error")


def _what(ticket: Ticket) -> str:
    """The platform's message or interaction id (the key's last part): never the chat or the user."""
    return f"msg={ticket.key.rsplit(':', 1)[-1]}"
