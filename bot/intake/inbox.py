"""The durable inbox: every accepted question is written to SQLite before it is queued, and marked
answered once its reply was sent, so a crash, a restart or a redelivered update neither loses a
question nor answers it twice.

Privacy: a row holds the question text and where to reply (with the asker's raw key: a replay keeps
the follow-up topic) only while it is unanswered; answering erases them (what is left is the key and
two times), and answered rows are deleted after 24 hours. Erased means gone from the bytes on disk too:
`secure_delete` zeroes freed space, and a TRUNCATE checkpoint after every erase copies the erased pages
into the file and empties the write-ahead log, whose older frames still hold the text
(tests/intake/test_durable.py finds none after a SIGKILL). A reply that can never be delivered (the user
blocked the bot, the chat is gone) erases its question too, and so does the age limit for a platform
no longer configured. The folder must be this user's, the file 0600, not a symlink (bot/operations/safefile.py).

Durability: WAL with synchronous=FULL: an acknowledged question survives a power cut, not only a killed
process (NORMAL: only the latter). Its cost: `bench/inbox.py`, `bench/load.py`, docs/reliability.md.

When the file cannot be written (disk full, read-only) the bot keeps answering from memory: one
error line a minute, `/healthz` says degraded, `medbot_inbox_errors_total` counts every failure. A file
that is not a database is moved aside at start-up, a fresh one created, the unanswered rows that can
still be read copied into it, and the damaged file deleted."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.intake.identity import Pseudonym
from bot.operations.safefile import open_private, private_dir

log = logging.getLogger(__name__)

INBOX_FILE = "inbox.sqlite3"
KEEP_ANSWERED_S = 24 * 3600  # answered rows (keys and times only) are kept this long to recognise redeliveries
MAX_TEXT = 8192  # longer than any platform message; the core truncates further
ERROR_LOG_EVERY_S = 60.0
RECENT_KEYS = 10_000  # keys remembered in memory too, so redeliveries are recognised while the file is failing
WAL_LIMIT = 1 << 20  # bytes a write-ahead log is cut back to after a checkpoint that could not empty it
CORRUPT = ".corrupt-"  # a damaged file moved aside: salvaged, then deleted

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    key TEXT PRIMARY KEY,      -- platform message: tg:<chat>:<message>, dc:m:<message>, dc:i:<interaction>
    platform TEXT NOT NULL,    -- telegram | discord
    target TEXT,               -- JSON: where the reply goes, the raw user key (erased when answered)
    text TEXT,                 -- the question (erased when answered)
    user TEXT,                 -- empty: logs make the pseudonym from the raw key (rows of older versions: the hash)
    received_at REAL NOT NULL, -- unix time the platform gave us the question
    answered_at REAL           -- NULL while unanswered
);
CREATE INDEX IF NOT EXISTS inbox_open ON inbox (answered_at);
"""


@dataclass(frozen=True)
class Ticket:
    """One accepted question: enough to answer it again after a restart."""

    key: str
    platform: str
    text: str
    user: Pseudonym  # what logs show; the raw key (bot/intake/identity.py) is in `target`
    target: dict[str, Any] = field(default_factory=dict)
    received_at: float = field(default_factory=time.time)

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.received_at


class Inbox:
    """SQLite at `path` (None: memory only); every method is cheap enough for the event loop and never raises."""

    def __init__(self, path: Path | None, clock: Callable[[], float] = time.time):
        self.durable = path is not None
        self.path = path or Path()
        self.clock = clock
        self.errors = 0
        self.degraded: str | None = None  # why the file is not in use, while it is not
        self._db: sqlite3.Connection | None = None
        self._held: set[str] = set()  # unanswered keys written durably by this process
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._last_error_log = -1e18
        self._last_open_try = -1e18
        if self.durable:
            self._open()

    # ---- opening
    def _open(self) -> None:
        self._last_open_try = time.monotonic()
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                self._fail("open", exc)
                return
            aside = self._move_aside()
            log.error("inbox: %s is not a usable database (%s); moved it to %s and started a fresh one",
                      self.path, exc, aside.name)
            try:
                self._db = self._connect()
            except (sqlite3.Error, OSError) as exc2:
                self._fail("open", exc2)
        except OSError as exc:
            self._fail("open", exc)
        if self._db is not None:
            for old in sorted(self.path.parent.glob(f"{self.path.name}{CORRUPT}*[0-9]")):  # a crash may leave one
                self._salvage(old)

    def _connect(self) -> sqlite3.Connection:
        private_dir(self.path.parent)
        # checked before SQLite opens them by path (0600, ours, no symlink); SQLite gives -wal/-shm the file's mode
        for suffix in ("", "-wal", "-shm"):
            flags = os.O_RDWR | (os.O_CREAT if not suffix else 0)
            if not suffix or os.path.lexists(f"{self.path}{suffix}"):
                os.close(open_private(Path(f"{self.path}{suffix}"), flags, fix_mode=True))
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5)
        try:
            row = db.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {row[0] if row else 'no answer'}")
            db.execute("PRAGMA secure_delete=ON")  # freed space is zeroed, not left holding erased text
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
            db.executescript(SCHEMA)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a killed run's log may hold frames of erased text
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> Path:
        aside = self.path.with_name(f"{self.path.name}{CORRUPT}{time.strftime('%Y%m%dT%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(f"{self.path}{suffix}")
            if src.exists():
                src.replace(Path(f"{aside}{suffix}"))
        return aside

    def _salvage(self, aside: Path) -> None:
        """Copy the unanswered rows that can still be read from a damaged file into this one, then
        delete the damaged file: it holds question text nobody would ever erase."""
        tickets = salvage(aside)
        self.accept(tickets)
        if self.degraded is not None:
            return  # not written: the damaged file stays for the next start to try again
        for suffix in ("", "-wal", "-shm"):
            Path(f"{aside}{suffix}").unlink(missing_ok=True)
        log.warning("inbox: %d unanswered question(s) recovered from %s, which was deleted", len(tickets), aside.name)

    def _usable(self) -> sqlite3.Connection | None:
        """The connection; after a failure to open, try again at most once a minute."""
        if not self.durable:
            return None
        if self._db is None and time.monotonic() - self._last_open_try >= ERROR_LOG_EVERY_S:
            self._open()
        return self._db

    def _fail(self, op: str, exc: BaseException) -> None:
        self.errors += 1
        self.degraded = f"inbox {op} failed: {type(exc).__name__}: {exc}"
        now = time.monotonic()
        if now - self._last_error_log >= ERROR_LOG_EVERY_S:
            self._last_error_log = now
            log.error("inbox: %s failed at %s (%s: %s); answering from memory, so questions in flight are lost "
                      "on a crash until it works again (%d error(s) so far)", op, self.path, type(exc).__name__,
                      exc, self.errors)

    def _ok(self) -> None:
        if self.degraded is not None:
            log.warning("inbox: %s is writable again", self.path)
            self.degraded = None

    # ---- the questions
    def accept(self, tickets: Iterable[Ticket]) -> list[bool]:
        """Write new questions in one transaction. Per ticket: True when it is new (answer it), False
        when this key was accepted before (a redelivery: it is answered, or will be by the replay)."""
        tickets = list(tickets)
        fresh = [t.key not in self._recent for t in tickets]
        db = self._usable()
        if db is not None and any(fresh):
            try:
                db.execute("BEGIN IMMEDIATE")
                for i, t in enumerate(tickets):
                    if not fresh[i]:
                        continue
                    cur = db.execute("INSERT OR IGNORE INTO inbox (key, platform, target, text, user, received_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?)",
                                     (t.key, t.platform, json.dumps(t.target), _storable(t.text), t.user,
                                      t.received_at))
                    fresh[i] = cur.rowcount == 1
                db.execute("COMMIT")
                self._held.update(t.key for t, f in zip(tickets, fresh, strict=True) if f)
                self._ok()
            except (sqlite3.Error, OSError, ValueError) as exc:
                _rollback(db)
                self._held.difference_update(t.key for t in tickets)
                fresh = [t.key not in self._recent for t in tickets]
                self._fail("write", exc)
        for t in tickets:
            self._remember(t.key)
        return fresh

    def accept_one(self, ticket: Ticket) -> bool:
        return self.accept([ticket])[0]

    def held(self, key: str) -> bool:
        """Whether this question is safely in the file, unanswered: a shutdown may leave it there."""
        return key in self._held

    def answered(self, key: str) -> None:
        """The reply was sent: erase the text and the target, keep the key (redeliveries) and the times."""
        self._erase("answered_at IS NULL AND key = ?", (key,))
        self._held.discard(key)

    def undeliverable(self, key: str, why: str) -> None:
        """The platform refused the reply for good (a 4xx: the user blocked the bot, the chat is gone):
        erase the question as if answered, since no retry will ever deliver it."""
        self.answered(key)
        log.warning("inbox: a reply can never be delivered (%s); its question was erased", why)

    def expire(self, platforms: Iterable[str], max_age_s: float) -> int:
        """Erase unanswered questions older than `max_age_s` of a platform not in `platforms` (no
        transport is configured to answer them). Returns how many."""
        keep = sorted(set(platforms))
        marks = ",".join("?" * len(keep))
        gone = self._erase(f"answered_at IS NULL AND received_at < ? AND platform NOT IN ({marks})",
                           (self.clock() - max_age_s, *keep))
        if gone:
            log.warning("inbox: %d question(s) older than MEDBOT_REPLAY_MAX_AGE_S erased: no transport is "
                        "configured for their platform", gone)
        return gone

    def _erase(self, where: str, args: tuple[Any, ...]) -> int:
        """Erase matching rows' private columns and checkpoint, so no copy stays in the file or its log."""
        db = self._usable()
        if db is None:
            return 0
        try:
            cur = db.execute(f"UPDATE inbox SET text = NULL, target = NULL, user = NULL, answered_at = ? "
                             f"WHERE {where}", (self.clock(), *args))
            self._ok()
        except (sqlite3.Error, OSError) as exc:
            self._fail("mark", exc)
            return 0
        if cur.rowcount:
            self._checkpoint(db)
        return cur.rowcount

    def _checkpoint(self, db: sqlite3.Connection) -> None:
        """Copy the log into the file and truncate it to 0 bytes: two more fsyncs per answer, +0.3 ms at p50
        on the shared box's disk when it was quiet, several ms when others loaded it (bench/inbox.py)."""
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            self._fail("checkpoint", exc)

    def pending(self) -> list[Ticket]:
        """Unanswered questions, oldest first (at start-up: what a crash or a restart left)."""
        db = self._usable()
        if db is None:
            return []
        try:
            rows = db.execute("SELECT key, platform, text, user, target, received_at FROM inbox "
                              "WHERE answered_at IS NULL ORDER BY received_at").fetchall()
        except sqlite3.Error as exc:
            self._fail("read", exc)
            return []
        out = []
        for key, platform, text, user, target, received in rows:
            out.append(Ticket(key, platform, text or "", Pseudonym(user or ""), _target(target), received))
            self._held.add(key)
            self._remember(key)
        return out

    def purge(self) -> int:
        """Delete answered rows older than a day. Returns how many went."""
        db = self._usable()
        if db is None:
            return 0
        try:
            cur = db.execute("DELETE FROM inbox WHERE answered_at IS NOT NULL AND answered_at < ?",
                             (self.clock() - KEEP_ANSWERED_S,))
        except sqlite3.Error as exc:
            self._fail("purge", exc)
            return 0
        self._checkpoint(db)
        return cur.rowcount

    def stats(self) -> dict[str, Any]:
        if not self.durable:
            return {"path": "", "bytes": 0, "unanswered": 0, "answered": 0, "degraded": None}
        out: dict[str, Any] = {"path": str(self.path), "bytes": _file_bytes(self.path), "unanswered": None,
                               "answered": None, "degraded": self.degraded}
        db = self._usable()
        if db is not None:
            try:
                out["unanswered"], out["answered"] = _counts(db)
            except sqlite3.Error as exc:
                self._fail("read", exc)
        return out

    def close(self) -> None:
        if self._db is not None:
            self._checkpoint(self._db)
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _remember(self, key: str) -> None:
        self._recent[key] = None
        self._recent.move_to_end(key)
        while len(self._recent) > RECENT_KEYS:
            self._recent.popitem(last=False)


def describe(path: Path) -> tuple[str, str | None]:
    """For `--check`: (one line about the inbox file, a warning or None). Opens it read-only, so a
    check run as another user never creates or takes over the daemon's file."""
    if not path.exists():
        return f"{path} (created at the first start)", None
    size = _file_bytes(path)
    # a read-only reader of a WAL database makes -wal/-shm files when the daemon is not running: removed after
    sidecars = [p for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if not p.exists()]
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            waiting, done = _counts(db)
    except sqlite3.Error as exc:
        return (f"{path}, {size / 1024:.0f} KiB, unreadable ({exc})",
                "the inbox cannot be read: the daemon moves a damaged file aside at start-up, or answers from "
                "memory if it cannot write there")
    finally:
        for p in sidecars:
            p.unlink(missing_ok=True)
    return f"{path}, {size / 1024:.0f} KiB, {waiting} unanswered, {done} answered in the last day", None


def salvage(path: Path) -> list[Ticket]:
    """The unanswered rows of a damaged file that can still be read: read forwards, then backwards from
    the end, each until the damage stops it."""
    found: dict[str, Ticket] = {}
    query = ("SELECT key, platform, text, user, target, received_at FROM inbox WHERE answered_at IS NULL "
             "AND text IS NOT NULL ORDER BY rowid ")
    for order in ("ASC", "DESC"):
        try:
            with contextlib.closing(sqlite3.connect(path)) as db:  # read-write: a WAL file needs its -shm
                for key, platform, text, user, target, received in db.execute(query + order):
                    found.setdefault(key, Ticket(key, platform, text, Pseudonym(user or ""), _target(target), received))
        except (sqlite3.Error, ValueError, TypeError):
            continue
    return sorted(found.values(), key=lambda t: t.received_at)


def _target(raw: str | None) -> dict[str, Any]:
    try:
        where = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return where if isinstance(where, dict) else {}


def _file_bytes(path: Path) -> int:
    """The database and its write-ahead log, together."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _counts(db: sqlite3.Connection) -> tuple[int, int]:
    """(unanswered, answered) rows."""
    (waiting,) = db.execute("SELECT count(*) FROM inbox WHERE answered_at IS NULL").fetchone()
    (done,) = db.execute("SELECT count(*) FROM inbox WHERE answered_at IS NOT NULL").fetchone()
    return int(waiting), int(done)


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """A damaged or foreign file (move it aside), as opposed to one we may not open (permissions, disk)."""
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in text or "not a database" in text


def _storable(text: str) -> str:
    """At most MAX_TEXT characters, and valid UTF-8: a lone surrogate (which a chat message can carry)
    cannot be stored; the core would drop it anyway."""
    return text[:MAX_TEXT].encode("utf-8", "replace").decode("utf-8")


def _rollback(db: sqlite3.Connection) -> None:
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error:
        pass
