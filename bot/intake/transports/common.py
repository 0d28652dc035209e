"""What every chat transport is (the Transport protocols the app works with) and does the same way:
resend a reply through a network blip, and refuse a chat that the allow-lists keep out once, not on
every message."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from bot.intake.inbox import Ticket

log = logging.getLogger(__name__)

SEND_RETRIES = 4  # 0.5 + 1 + 2 s of backoff: a reply survives a few seconds' outage
REFUSED_MEMORY = 10_000  # chats remembered as refused; the least recent are forgotten


class Transport(Protocol):
    """What the app starts, watches and stops: the console, Telegram, Discord."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def wait_closed(self) -> None:
        """Returns when the transport ended by itself (the console at end of input); chat platforms
        return only once stopped."""


@runtime_checkable
class ChatTransport(Transport, Protocol):
    """A platform whose questions wait in the durable inbox: it can answer one after a restart."""

    platform: str

    async def deliver(self, ticket: Ticket, text: str) -> None: ...


def backoff(attempt: int) -> float:
    return 0.5 * 2**attempt


async def with_retries(name: str, delay_for: Callable[[BaseException, int], float | None],
                       fn: Callable[..., Awaitable[Any]], *args: Any, **kw: Any) -> Any:
    """Call `fn`; when it raises, `delay_for(exc, attempt)` says how long to wait before trying again
    (None: give up at once). At most SEND_RETRIES tries; the last failure is raised."""
    for attempt in range(SEND_RETRIES):
        try:
            return await fn(*args, **kw)
        except Exception as exc:
            delay = delay_for(exc, attempt)
            if delay is None or attempt == SEND_RETRIES - 1:
                raise
            log.warning("%s: send failed (%s), retrying in %.1fs", name, type(exc).__name__, delay)
            await asyncio.sleep(delay)
    return None


class RefuseOnce:
    """Remembers which chats got the polite refusal (bounded), so each gets it once."""

    def __init__(self, max_chats: int = REFUSED_MEMORY):
        self.max_chats = max_chats
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def first(self, chat: Hashable) -> bool:
        """True the first time a chat is refused (then remembered), False after."""
        if chat in self._seen:
            return False
        self._seen[chat] = None
        while len(self._seen) > self.max_chats:
            self._seen.popitem(last=False)
        return True
