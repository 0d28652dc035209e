"""The durable inbox (bot/intake/inbox.py) and the core's use of it: keys, privacy, purge, corruption, a full disk."""

from __future__ import annotations

import sqlite3
import stat
import time

from bot.core import Core
from bot.generation.worker import Result
from bot.intake.inbox import KEEP_ANSWERED_S, Inbox, Ticket
from bot.intake.pipeline import Pipeline
from bot.operations.config import Settings
from bot.operations.metrics import Metrics, healthy
from bot.safety.messages import EN, ID


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


def test_a_file_that_is_not_a_database_is_replaced_and_deleted(tmp_path, caplog):
    path = tmp_path / "inbox.sqlite3"
    path.write_bytes(b"this is not a database, it was damaged" * 200)
    inbox = Inbox(path)
    assert inbox.degraded is None and inbox.accept_one(ticket(1))
    assert list(tmp_path.glob("inbox.sqlite3.corrupt-*")) == []  # it held question text nobody would erase
    assert "moved it to" in caplog.text and "0 unanswered question(s) recovered" in caplog.text


def test_a_damaged_files_unanswered_rows_are_salvaged_then_it_is_deleted(tmp_path, caplog):
    path = tmp_path / "inbox.sqlite3"
    inbox = Inbox(path)
    inbox.accept([ticket(n, f"Question {n}: what helps a sore throat? " + "x" * 300) for n in range(1, 201)])
    inbox.answered("tg:1:7")
    inbox.close()
    data = bytearray(path.read_bytes())
    page = 4096
    mid = len(data) // page // 2
    data[mid * page:(mid + 1) * page] = b"\xff" * page  # one b-tree page in the middle destroyed
    path.write_bytes(bytes(data))
    again = Inbox(path)
    assert again.degraded is None
    left = {t.key: t for t in again.pending()}
    assert len(left) >= 150 and "tg:1:7" not in left  # most rows survive; the answered one stays answered
    assert left["tg:1:1"].target == {"chat": 1, "message": 1} and left["tg:1:200"].text.startswith("Question 200")
    assert list(tmp_path.glob("inbox.sqlite3.corrupt-*")) == [] and "moved it to" in caplog.text
    assert f"{len(left)} unanswered question(s) recovered" in caplog.text
    again.close()
    assert scan(tmp_path, b"Question 7:") == 0


def scan(folder, needle: bytes) -> int:
    """Occurrences of `needle` in the raw bytes of every inbox file (database, log, shared memory)."""
    return sum(p.read_bytes().count(needle) for p in folder.iterdir() if p.name.startswith("inbox.sqlite3"))


def test_answered_text_is_gone_from_the_files_bytes_even_without_a_clean_close(tmp_path):
    path = tmp_path / "inbox.sqlite3"
    inbox = Inbox(path)
    inbox.accept([ticket(n, f"Secret question number {n:03d} about my rash") for n in range(50)])
    assert scan(tmp_path, b"Secret question number") >= 50
    for n in range(40):
        inbox.answered(f"tg:1:{n}")
    # no close(): as after a SIGKILL, the files are what they are now
    for n in range(40):
        assert scan(tmp_path, f"number {n:03d}".encode()) == 0, n
    assert all(scan(tmp_path, f"number {n:03d}".encode()) for n in range(40, 50))  # unanswered: still there
    assert (tmp_path / "inbox.sqlite3-wal").stat().st_size == 0
    assert inbox._db is not None and inbox._db.execute("PRAGMA secure_delete").fetchone() == (1,)
    assert inbox._db.execute("PRAGMA journal_size_limit").fetchone()[0] > 0


def test_a_reply_that_can_never_be_delivered_erases_its_question(tmp_path, caplog):
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    inbox.accept([ticket(1, "Blocked user's question about herpes")])
    inbox.undeliverable("tg:1:1", "telegram msg=1: Forbidden: bot was blocked by the user")
    assert scan(tmp_path, b"herpes") == 0 and inbox.pending() == []
    assert inbox.accept_one(ticket(1)) is False  # a redelivery is still recognised
    assert "can never be delivered (telegram msg=1: Forbidden" in caplog.text and "herpes" not in caplog.text


def test_questions_of_a_platform_no_longer_configured_expire_with_the_replay_age(tmp_path, caplog):
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    old = ticket(1, "Old discord question about gout", age=4000, platform="discord")
    young = ticket(2, "Young discord question about gout", age=60, platform="discord")
    served = ticket(3, "Old telegram question about gout", age=4000)
    inbox.accept([old, young, served])
    assert inbox.expire({"telegram"}, 3600) == 1
    assert {t.key for t in inbox.pending()} == {"tg:1:2", "tg:1:3"}
    assert scan(tmp_path, b"Old discord question") == 0 and "1 question(s) older than" in caplog.text
    assert inbox.expire(set(), 3600) == 1  # nothing configured at all: the old telegram one goes too


def test_a_symlinked_or_shared_inbox_is_refused_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"")
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / "inbox.sqlite3").symlink_to(elsewhere)
    inbox = Inbox(state / "inbox.sqlite3")
    assert inbox.degraded and inbox.accept_one(ticket(1)) and not inbox.held("tg:1:1")  # answering from memory
    assert elsewhere.read_bytes() == b""
    open_to_all = tmp_path / "shared"
    open_to_all.mkdir()
    open_to_all.chmod(0o777)
    assert Inbox(open_to_all / "inbox.sqlite3").degraded  # anyone could swap the file under it


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

    class Worker:  # a Backend that answers (bot/generation/worker.py)
        busy, depth, last_progress, version, generated_tokens = False, 0, time.monotonic(), "v1", 0

        def health(self) -> str | None:
            return None

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
    pipeline = Pipeline(core, Inbox(tmp_path / "inbox.sqlite3"))
    assert (await core.answer_ticket(ticket(1, age=601), "tg:1")).kind == "offline"
    old_id = await core.answer_ticket(ticket(2, "apa obat untuk demam berdarah?", age=601), "tg:1")
    assert old_id.text == ID.offline and EN.offline == "Sorry, I was offline when you asked; please ask again."
    assert core.worker.questions == []  # an apology, not a late answer
    assert (await core.answer_ticket(ticket(3), "tg:1")).kind == "answer"
    assert (await core.answer_ticket(ticket(4), "tg:1")).kind == "rate_limited"  # burst of 1
    assert (await core.answer_ticket(ticket(5), "tg:1", replay=True)).kind == "answer"  # counted before the restart

    core.worker = SlowWorker("restarting")
    sent: list[str] = []

    async def deliver(text: str) -> None:
        sent.append(text)

    assert pipeline.accept(ticket(6))
    assert await pipeline.answer(ticket(6), "tg:2", deliver) is None and sent == []  # waits for the restart
    assert [t.key for t in pipeline.inbox.pending()] == [ticket(6).key]
    memory = Pipeline(core, Inbox(None))
    assert (await memory.answer(ticket(7), "tg:3", deliver)).kind == "restarting"  # nowhere to wait: say so
    assert sent == [EN.restarting]


def test_which_send_failures_mean_a_reply_can_never_be_delivered():
    import types

    import discord
    from telegram.error import BadRequest, Forbidden, NetworkError

    from bot.intake.transports import discord as dc
    from bot.intake.transports import telegram as tg

    def http(status: int) -> discord.HTTPException:
        return discord.HTTPException(types.SimpleNamespace(status=status, reason="x"), "x")

    assert [dc.never_deliverable(http(s)) for s in (400, 401, 403, 404, 429, 500)] == \
        [True, False, True, True, False, False]  # 401 is our token, 429 and 5xx pass
    assert tg._delay(BadRequest("Chat not found"), 0) is None  # final: python-telegram-bot makes it a NetworkError
    assert tg._delay(Forbidden("bot was blocked by the user"), 0) is None
    assert tg._delay(NetworkError("connection reset"), 0) == 0.5  # a blip: retried
