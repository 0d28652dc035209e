"""The pipeline's rule: every accepted question gets exactly one reply, whatever happens between accept
and mark-answered (a redelivery, a shutdown, a refused or failed delivery, a replay of a question
already answered), checked on the durable inbox."""

from __future__ import annotations

import time

import pytest

from bot.core import Core
from bot.generation.worker import Result
from bot.intake.inbox import Inbox, Ticket
from bot.intake.pipeline import Pipeline, Undeliverable
from bot.operations.config import Settings
from bot.safety.messages import EN


class Worker:
    def __init__(self, outcome: str = "answered"):
        self.outcome, self.questions = outcome, []

    async def submit(self, q, seed=None):
        self.questions.append(q)
        return Result(f"answer {len(self.questions)}", self.outcome)


def ticket(n: int, text: str = "What is asthma and how is it treated?", age: float = 0.0) -> Ticket:
    return Ticket(f"tg:1:{n}", "telegram", text, "h", {"chat": 1, "message": n}, received_at=time.time() - age)


class Chat:
    """A platform: records what it was sent; can refuse or fail."""

    def __init__(self, fail: type[Exception] | None = None):
        self.sent: list[str] = []
        self.fail = fail
        self.platform = "telegram"

    async def send(self, text: str) -> None:
        if self.fail is not None:
            raise self.fail("refused")
        self.sent.append(text)

    async def deliver(self, t: Ticket, text: str) -> None:  # the ChatTransport face, for replay
        await self.send(text)


@pytest.fixture
def pipeline(tmp_path):
    core = Core(Settings.from_env({"MEDBOT_RATE_BURST": "100"}), Worker())
    return Pipeline(core, Inbox(tmp_path / "inbox.sqlite3"))


async def test_an_accepted_question_gets_one_reply_and_a_redelivery_none(pipeline):
    chat = Chat()
    assert (await pipeline.handle(ticket(1), "tg:1", chat.send)).kind == "answer"
    assert await pipeline.handle(ticket(1), "tg:1", chat.send) is None  # redelivered: accepted before
    assert len(chat.sent) == 1 and pipeline.inbox.pending() == []


async def test_a_replay_of_an_answered_question_sends_nothing(pipeline):
    chat = Chat()
    await pipeline.handle(ticket(2), "tg:1", chat.send)
    pipeline.replay(pipeline.inbox.pending(), {"telegram": chat})  # nothing left to replay
    await pipeline.wait_replays(5)
    assert len(chat.sent) == 1


async def test_a_failed_delivery_is_left_for_the_next_start_and_replayed_once(pipeline):
    down = Chat(fail=ConnectionError)
    assert pipeline.accept(ticket(3))
    with pytest.raises(ConnectionError):
        await pipeline.answer(ticket(3), "tg:1", down.send)
    assert [t.key for t in pipeline.inbox.pending()] == [ticket(3).key]
    up = Chat()
    pipeline.replay(pipeline.inbox.pending(), {"telegram": up})
    await pipeline.wait_replays(5)
    pipeline.replay(pipeline.inbox.pending(), {"telegram": up})  # a second start: nothing left
    await pipeline.wait_replays(5)
    assert len(up.sent) == 1 and pipeline.inbox.pending() == []


async def test_a_refused_delivery_erases_the_question(pipeline):
    blocked = Chat(fail=Undeliverable)
    assert pipeline.accept(ticket(4))
    await pipeline.answer(ticket(4), "tg:1", blocked.send)
    assert pipeline.inbox.pending() == []  # erased: no restart could ever deliver it


async def test_a_shutdown_leaves_the_question_held_and_sends_nothing(tmp_path):
    core = Core(Settings.from_env({}), Worker("restarting"))
    p = Pipeline(core, Inbox(tmp_path / "inbox.sqlite3"))
    chat = Chat()
    assert p.accept(ticket(5))
    assert await p.answer(ticket(5), "tg:1", chat.send) is None
    assert chat.sent == [] and [t.key for t in p.inbox.pending()] == [ticket(5).key]


async def test_replay_applies_triage_before_the_age_rule(pipeline):
    chat = Chat()
    old = 2 * 3600
    pipeline.accept(ticket(6, "my dad collapsed and is not breathing", age=old))
    pipeline.accept(ticket(7, "What is asthma and how is it treated?", age=old))
    pipeline.replay(pipeline.inbox.pending(), {"telegram": chat})
    await pipeline.wait_replays(5)
    assert sorted(chat.sent) == sorted([EN.emergency, EN.offline]) and pipeline.inbox.pending() == []


async def test_a_failure_while_answering_still_sends_one_apology(pipeline, monkeypatch):
    async def broken(*a, **k):
        raise RuntimeError("a bug in retrieval")

    monkeypatch.setattr(pipeline.core, "answer_ticket", broken)
    chat = Chat()
    assert (await pipeline.handle(ticket(8), "tg:1", chat.send)).kind == "error"
    assert chat.sent == [EN.error] and pipeline.inbox.pending() == []


async def test_a_possibly_urgent_question_at_shutdown_is_held_not_answered_restarting(tmp_path, monkeypatch):
    from bot import core as core_mod
    from bot.safety.triage import Assessment

    monkeypatch.setattr(core_mod, "assess", lambda text, lang="en": Assessment("caution", None, "detector", 0.5))
    p = Pipeline(Core(Settings.from_env({}), Worker("restarting")), Inbox(tmp_path / "inbox.sqlite3"))
    chat = Chat()
    assert p.accept(ticket(9))
    assert await p.answer(ticket(9), "tg:1", chat.send) is None and chat.sent == []
    assert [t.key for t in p.inbox.pending()] == [ticket(9).key]
