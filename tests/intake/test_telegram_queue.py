"""python-telegram-bot confirms an update to Telegram (the next getUpdates offset, or the webhook's 200)
once `update_queue.put` has returned: the transport's queue must have written the question to the inbox
by then, not after (bot/intake/transports/telegram.py, InboxQueue)."""

from __future__ import annotations

import sqlite3
import time

from telegram import Update

from bot.core import Core
from bot.intake.inbox import INBOX_FILE, Inbox
from bot.intake.pipeline import Pipeline
from bot.operations.config import Settings


def _update(bot, update_id: int, message_id: int, text: str) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": message_id, "date": int(time.time()), "text": text, "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "user42"}}}, bot)


async def test_an_update_is_in_the_inbox_file_when_put_returns_and_a_redelivery_is_dropped(tmp_path):
    from bot.intake.transports.telegram import TelegramTransport

    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456:test-token-for-the-queue"})
    pipeline = Pipeline(Core(s, worker=None), Inbox(tmp_path / INBOX_FILE))
    t = TelegramTransport(s, pipeline)
    queue = t.app.update_queue
    await queue.put(_update(t.app.bot, 1, 7, "What is asthma?"))
    # read by another connection, as a restarted process would: the row is on disk the moment put returns
    with sqlite3.connect(tmp_path / INBOX_FILE) as db:
        rows = db.execute("SELECT key, text, answered_at FROM inbox").fetchall()
    assert rows == [("tg:42:7", "What is asthma?", None)]
    assert queue.qsize() == 1
    await queue.put(_update(t.app.bot, 2, 7, "What is asthma?"))  # Telegram sends it again after a crash
    assert queue.qsize() == 1  # accepted before: not queued (answered) twice
    pipeline.inbox.close()
