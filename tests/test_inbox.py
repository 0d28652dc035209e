"""The durable inbox (bot/inbox.py) and the core's use of it: keys, privacy, purge, corruption, a full disk."""

from __future__ import annotations

import sqlite3
import stat
import time

from bot.config import Settings
from bot.core import Core
from bot.inbox import KEEP_ANSWERED_S, Inbox, MemoryInbox, Ticket
from bot.messages import EN, ID
from bot.metrics import Metrics, healthy
from bot.worker import Result


def ticket(n: int, text: str = "What helps a sore throat?", age: float = 0.0, platform: str = "telegram") -> Ticket:
    return Ticket(f"tg:1:{n}", platform, text, "hash-of-user", {"chat": 1, "message": n}, time.time() - age)


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT key, text, target, user, answered_at FROM inbox ORDER BY key").fetchall()


def test_a_question_is_kept_until_answered_then_only_its_key_and_times(tmp_path):
    path = tmp_path / "state" / "inbox.sqlite3"
    inbox = Inbox(path)
    assert inbox.accept([ticket(1), ticket(2, "Is ibuprofen safe with \ud800 asthma?")]) == [True, True]
    assert inbox.held("tg:1:1") and inbox.degraded is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.with_name(path.name + "-wal").stat().st_mode) == 0o600
    inbox.answered("tg:1:1")
    assert not inbox.held("tg:1:1")
    (k1, text1, target1, user1, done1), (k2, text2, _, _, done2) = rows(path)
    assert (text1, target1, user1) == (None, None, None) and done1 is not None  # nothing private left
    assert text2.startswith("Is ibuprofen safe with") and done2 is None
    inbox.close()

    again = Inbox(path)  # a restart: what was not answered comes back, oldest first
    (left,) = again.pending()
    assert left.key == "tg:1:2" and left.target == {"chat": 1, "message": 2} and left.user == "hash-of-user"
    assert again.held("tg:1:2")
    assert again.accept([ticket(1), ticket(2), ticket(3)]) == [False, False, True]  # redeliveries are no-ops
    assert again.stats()["unanswered"] == 2 and again.stats()["answered"] == 1


def test_answered_rows_are_purged_after_a_day(tmp_path):
    now = [1_000_000.0]
    inbox = Inbox(tmp_path / "inbox.sqlite3", clock=lambda: now[0])
    inbox.accept([ticket(1), ticket(2)])
    inbox.answered("tg:1:1")
    now[0] += KEEP_ANSWERED_S - 10
    assert inbox.purge() == 0
    now[0] += 20
    assert inbox.purge() == 1
    assert [r[0] for r in rows(tmp_path / "inbox.sqlite3")] == ["tg:1:2"]  # unanswered rows are never purged


def test_a_corrupt_file_is_moved_aside_and_a_fresh_one_used(tmp_path, caplog):
    path = tmp_path / "inbox.sqlite3"
    path.write_bytes(b"this is not a database, it was damaged" * 200)
    inbox = Inbox(path)
    assert inbox.degraded is None and inbox.accept_one(ticket(1))
    aside = list(tmp_path.glob("inbox.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    assert "moved it to" in caplog.text and "inbox.sqlite3.corrupt-" in caplog.text


def test_a_full_disk_degrades_to_memory_and_says_so(tmp_path, caplog):
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    inbox.accept_one(ticket(0))
    assert inbox._db is not None
    inbox._db.execute("PRAGMA max_page_count=1")  # every further page fails as SQLITE_FULL, as on a full disk
    fresh = inbox.accept([ticket(n, "x" * 4000) for n in range(1, 40)])
    assert all(fresh) and inbox.degraded and "full" in inbox.degraded
    assert not inbox.held("tg:1:1")  # not on disk: a shutdown must answer it, not leave it
    assert inbox.accept_one(ticket(1)) is False  # still recognised in memory
    errors_logged = caplog.text.count("answering from memory")
    for n in range(40, 50):
        inbox.accept_one(ticket(n, "y" * 4000))
    assert inbox.errors >= 11 and caplog.text.count("answering from memory") == errors_logged == 1  # once a minute

    class Worker:
        busy, depth, last_progress, engine = False, 0, time.monotonic(), type("E", (), {"version": "v1"})

        def is_alive(self) -> bool:
            return True

    ok, why = healthy(Worker(), inbox)
    assert ok and why.startswith("degraded: inbox write failed")
    m = Metrics()
    m.refresh(Worker(), inbox)
    assert m.registry.get_sample_value("medbot_inbox_errors_total") == inbox.errors
    assert m.registry.get_sample_value("medbot_inbox_ok") == 0
    inbox._db.execute("PRAGMA max_page_count=100000")  # space again
    assert inbox.accept_one(ticket(99)) and inbox.degraded is None and inbox.held("tg:1:99")
    assert healthy(Worker(), inbox)[1].startswith("ok")


def test_an_unwritable_state_directory_leaves_the_bot_answering(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    inbox = Inbox(tmp_path / "file" / "inbox.sqlite3")
    assert inbox.degraded and inbox.accept_one(ticket(1)) and not inbox.held("tg:1:1")
    assert inbox.pending() == [] and inbox.stats()["unanswered"] is None


class SlowWorker:
    def __init__(self, outcome: str = "answered"):
        self.outcome, self.questions = outcome, []

    async def submit(self, q, seed=None):
        self.questions.append(q)
        return Result("an answer" if self.outcome == "answered" else "restarting", self.outcome)


async def test_core_answers_tickets_once_leaves_them_on_shutdown_and_apologises_when_old(tmp_path):
    s = Settings.from_env({"MEDBOT_RATE_BURST": "1", "MEDBOT_REPLAY_MAX_AGE_S": "600"})
    core = Core(s, SlowWorker())
    core.inbox = Inbox(tmp_path / "inbox.sqlite3")
    assert (await core.answer_ticket(ticket(1, age=601), "tg:1")).kind == "offline"
    old_id = await core.answer_ticket(ticket(2, "apa obat untuk demam berdarah?", age=601), "tg:1")
    assert old_id.text == ID.offline and EN.offline == "Sorry, I was offline when you asked; please ask again."
    assert core.worker.questions == []  # an apology, not a late answer
    assert (await core.answer_ticket(ticket(3), "tg:1")).kind == "answer"
    assert (await core.answer_ticket(ticket(4), "tg:1")).kind == "rate_limited"  # burst of 1
    assert (await core.answer_ticket(ticket(5), "tg:1", replay=True)).kind == "answer"  # counted before the restart

    core.worker = SlowWorker("restarting")
    core.inbox.accept_one(ticket(6))
    assert await core.answer_ticket(ticket(6), "tg:2") is None  # waits in the inbox for the restart
    core.inbox = MemoryInbox()
    assert (await core.answer_ticket(ticket(7), "tg:3")).kind == "restarting"  # nowhere to wait: say so
