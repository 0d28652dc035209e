"""After a crash or restart the daemon answers what the inbox still holds, each once, and never again a
question whose reply was sent and marked before (bot/app.py App.replay through bot/intake/pipeline.py over
bot/intake/inbox.py)."""

from __future__ import annotations

import time

from bot.app import App
from bot.core import Core
from bot.generation.worker import Result
from bot.intake.inbox import INBOX_FILE, Inbox, Ticket
from bot.intake.pipeline import Pipeline
from bot.operations.config import Settings


class Answers:
    async def submit(self, question, seed=None):
        return Result(f"answer to {question}", "answered")


class Platform:
    """A chat transport that records what it delivers (the pipeline marks it answered)."""

    platform = "telegram"

    def __init__(self):
        self.delivered = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def wait_closed(self) -> None: ...

    async def deliver(self, ticket: Ticket, text: str) -> None:
        self.delivered.append((ticket.key, text))


def ticket(n: int) -> Ticket:
    return Ticket(f"tg:5:{n}", "telegram", f"What helps sore throat number {n}?", "h", {"chat": 5, "message": n},
                  time.time())


async def start_and_replay(path) -> list[tuple[str, str]]:
    """One start of the daemon on the inbox at `path`: replay what it holds, wait for the replies."""
    settings = Settings.from_env({})
    core = Core(settings, Answers())
    pipeline = Pipeline(core, Inbox(path))
    platform = Platform()
    app = App(settings, core.worker, core, pipeline, transports=[platform])
    app.replay(pipeline.inbox.pending())
    await pipeline.wait_replays(30)
    pipeline.inbox.close()
    return platform.delivered


async def test_a_restart_replays_only_unanswered_questions_and_a_second_restart_nothing(tmp_path):
    path = tmp_path / INBOX_FILE
    first = Inbox(path)
    first.accept([ticket(1), ticket(2), ticket(3)])
    first.answered("tg:5:2")  # its reply was sent and marked before the process died
    first.close()
    delivered = await start_and_replay(path)
    assert sorted(key for key, _ in delivered) == ["tg:5:1", "tg:5:3"]  # once each, and not tg:5:2
    assert all(text.startswith("answer to What helps sore throat number") for _, text in delivered)
    assert await start_and_replay(path) == []  # everything was answered: the next start sends nothing
