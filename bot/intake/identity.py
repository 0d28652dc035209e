"""Who asked, in the two forms the bot keeps apart:

- `UserKey`, the transport's raw key ("tg:<id>", "dc:<id>", "console"): in memory for the rate limit,
  /forget and the follow-up topic, and in an unanswered question's inbox row (its reply target, erased
  with its text) so a replay after a restart remembers the topic for the same conversation;
- `Pseudonym`, its salted hash (MEDBOT_LOG_SALT, kept away from the inbox): what logs show.

A function that takes one never gets the other by accident: mypy tells them apart."""

from __future__ import annotations

import hashlib
from typing import Any, NewType

UserKey = NewType("UserKey", str)
Pseudonym = NewType("Pseudonym", str)


# An inbox row keeps the raw key (in its reply target, until answered) and no pseudonym: the two side by
# side would link every log line of a person to them for whoever reads the file. Logs make it when needed.
NO_PSEUDONYM = Pseudonym("")


def user_key(platform: str, user_id: object) -> UserKey:
    """The raw key of a platform's user: user_key("tg", 42) == "tg:42"."""
    return UserKey(f"{platform}:{user_id}")


def pseudonym(raw: str, salt: str) -> Pseudonym:
    """A stable pseudonym for logs: never log a raw user (or chat) id next to health questions."""
    return Pseudonym(hashlib.blake2b(f"{salt}:{raw}".encode(), digest_size=6).hexdigest())


def target_user(target: dict[str, Any]) -> UserKey | None:
    """The raw key a ticket's reply target keeps (None for a row written before it did)."""
    raw = target.get("user")
    return UserKey(raw) if isinstance(raw, str) and raw else None
