"""End to end: the real `python -m bot` process killed or stopped mid-load and started again with the
same state directory answers every accepted question exactly once (bot/intake/inbox.py)."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from bot.intake.inbox import INBOX_FILE, Inbox, Ticket
from bot.safety.messages import EN
from tests.fakes.discord_server import APP_ID, CHANNEL_ID, FakeDiscord
from tests.fakes.proc import BotProcess
from tests.fakes.telegram_server import FakeTelegram, bot_env, started

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

USERS, QUESTIONS = 20, 3


def push_load(fake: FakeTelegram) -> list[int]:
    return [fake.push_text(f"Question {q} from user {u}: what helps a sore throat at night?", user_id=300 + u)
            for q in range(QUESTIONS) for u in range(USERS)]


def inbox_rows(state: Path) -> list[tuple]:
    with sqlite3.connect(state / INBOX_FILE) as db:
        return db.execute("SELECT key, text, target, user, answered_at FROM inbox").fetchall()


def env_for(fake_url: str, fake: FakeTelegram, model: Path, state: Path, **extra: str) -> dict[str, str]:
    # one question at a time and longer replies: the load takes seconds even on an idle machine, so a signal
    # sent after the 8th reply lands mid-way (with batches of 4 and 16 tokens an idle CI run answered all 60
    # before its SIGTERM arrived)
    return bot_env(fake_url, fake.token, str(model), MEDBOT_STATE_DIR=str(state), MEDBOT_BATCH_MAX="1",
                   MEDBOT_MAX_NEW_TOKENS="48", **extra)


async def test_sigkill_mid_load_then_restart_answers_every_question_once(tiny_model, tmp_path):
    fake = FakeTelegram()
    url = await fake.start()
    env = env_for(url, fake, tiny_model, tmp_path)
    first = BotProcess(**env)
    try:
        await started(fake, first)
        ids = push_load(fake)
        assert await fake.wait_for(lambda: len(first.delivered()) >= 8, 120), first.log()[-2000:]
        first.signal(signal.SIGKILL)
        await asyncio.to_thread(first.wait, 30)
        await asyncio.sleep(0.5)  # sends already on the wire when it died land now
        before = set(first.delivered())
        replied_before = {i for i in ids if fake.replies_to(i)}
        still_offered = {u["message"]["message_id"] for u in fake.updates if "message" in u}
        # Telegram was told these arrived (a later getUpdates offset) and will never send them again; without
        # the inbox they are lost, which is what this test is about
        confirmed_unanswered = [i for i in ids if i not in replied_before and i not in still_offered]
        assert len(confirmed_unanswered) >= 10, (len(replied_before), len(still_offered))

        second = BotProcess(**env)
        try:
            assert await fake.wait_for(lambda: all(fake.replies_to(i) for i in ids), 180), \
                [i for i in ids if not fake.replies_to(i)][:10]
            # replies the killed process had sent but not yet logged as delivered: each was either marked (not
            # replayed) or not (replayed: the one kind of duplicate there can be)
            in_doubt = {str(i) for i in replied_before} - before
            assert await fake.wait_for(lambda: {str(i) for i in ids} <= before | in_doubt | set(second.delivered()), 60)
            await asyncio.sleep(0.5)
            counts = {i: len(fake.replies_to(i)) for i in ids}
            twice = [i for i, c in counts.items() if c > 1]
            # a reply logged as delivered is never sent again; a second copy comes only of a reply the killed process
            # had sent but not yet marked (on the wire when it died), and only one. How many were on the wire is
            # timing: sends are not limited in number, and a loaded CI box once had 5 (the fake had answered them,
            # the killed process had not read the answers yet), so no count is asserted here
            logged = [int(i) for i in before if i.isdigit() and int(i) in counts]
            assert logged and all(counts[i] == 1 for i in logged), {i: counts[i] for i in logged if counts[i] != 1}
            assert all(str(i) in in_doubt and counts[i] == 2 for i in twice), (twice, in_doubt)
            assert "answering 0 question" not in second.log() and "left by the last run" in second.log()
        finally:
            assert second.stop() == 0
        assert all(text is None and target is None for _, text, target, _, _ in inbox_rows(tmp_path))
    finally:
        await fake.stop()


async def test_sigterm_mid_load_leaves_questions_for_the_restart_not_send_again(tiny_model, tmp_path):
    fake = FakeTelegram()
    url = await fake.start()
    env = env_for(url, fake, tiny_model, tmp_path, MEDBOT_SHUTDOWN_TIMEOUT_S="0")
    first = BotProcess(**env)
    try:
        await started(fake, first)
        ids = push_load(fake)
        assert await fake.wait_for(lambda: len(first.delivered()) >= 8, 120)
        # SIGTERM, as `systemctl restart medbot` sends; waited for in a thread so the fake Telegram (this event
        # loop) keeps answering the bot's last sends, as the real one would
        assert await asyncio.to_thread(first.stop) == 0
        assert "wait in the inbox for the restart" in first.log()
        # a waiting row keeps the raw user key in its target for the replay, and no pseudonym beside it
        waiting = [row for row in inbox_rows(tmp_path) if row[4] is None]
        assert waiting and all(not row[3] and '"user": "tg:' in row[2] for row in waiting)
        answered_first = {i for i in ids if fake.replies_to(i)}
        assert len(answered_first) < len(ids)
        second = BotProcess(**env)
        try:
            assert await fake.wait_for(lambda: {str(i) for i in ids} <= set(first.delivered())
                                       | set(second.delivered()), 180), [i for i in ids if not fake.replies_to(i)]
            await asyncio.sleep(0.5)
            for i in ids:
                (reply,) = fake.replies_to(i)  # exactly once
                assert reply["text"] != EN.restarting and EN.disclaimer in reply["text"]
            assert not [s for s in fake.sent if s["text"] == EN.restarting]
        finally:
            assert second.stop() == 0
    finally:
        await fake.stop()


async def test_old_questions_get_the_apology_and_redeliveries_are_not_answered_twice(tiny_model, tmp_path):
    now = time.time()
    inbox = Inbox(tmp_path / INBOX_FILE)
    inbox.accept([
        Ticket("tg:7:5001", "telegram", "What causes gout flares?", "h7", {"chat": 7, "message": 5001}, now - 7200),
        Ticket("tg:7:5002", "telegram", "What causes kidney stones?", "h7", {"chat": 7, "message": 5002}, now - 60),
        Ticket("tg:8:5003", "telegram", "What is a migraine?", "h8", {"chat": 8, "message": 5003}, now - 30),
        Ticket("dc:m:77", "discord", "What is asthma?", "h9", {"kind": "message", "channel": 1, "message": 77}, now),
    ])
    inbox.answered("tg:8:5003")
    inbox.close()
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(**env_for(url, fake, tiny_model, tmp_path))
    try:
        await started(fake, proc)
        fake.push_text("What is a migraine?", user_id=8, message_id=5003)  # Telegram sends it again
        fresh = fake.push_text("What is a fever?", user_id=8)
        assert await fake.wait_for(lambda: {"5001", "5002", str(fresh)} <= set(proc.delivered()), 60), proc.log()
        (old,) = fake.replies_to(5001)
        assert old["text"] == EN.offline and old["chat_id"] == 7
        (young,) = fake.replies_to(5002)
        assert EN.disclaimer in young["text"]
        await asyncio.sleep(1.0)
        assert fake.replies_to(5003) == [] and "msg=5003 was accepted before" in proc.log()
        assert "1 question(s) for discord wait for a transport that is not configured" in proc.log()
    finally:
        assert proc.stop() == 0
        await fake.stop()
    left = {key: text for key, text, *_ in inbox_rows(tmp_path)}
    assert left["dc:m:77"] == "What is asthma?" and left["tg:7:5001"] is None and left["tg:7:5002"] is None


async def test_discord_replays_as_replies_followups_and_expired_asks_in_the_channel(tiny_model, tmp_path):
    now = time.time()
    inbox = Inbox(tmp_path / INBOX_FILE)
    inbox.accept([
        Ticket("dc:m:501", "discord", "What is asthma?", "h1", {"kind": "message", "channel": CHANNEL_ID,
                                                                 "message": 501}, now - 30),
        Ticket("dc:i:601", "discord", "What is gout?", "h2", {"kind": "ask", "channel": CHANNEL_ID, "app": APP_ID,
                                                               "token": "tok601"}, now - 60),
        Ticket("dc:i:602", "discord", "What is a fever?", "h3", {"kind": "ask", "channel": CHANNEL_ID, "app": APP_ID,
                                                                  "token": "tok602"}, now - 20 * 60),
    ])
    inbox.close()
    fake = FakeDiscord()
    await fake.start()
    proc = BotProcess(DISCORD_BOT_TOKEN=fake.token, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway,
                      MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_MAX_NEW_TOKENS="16", MEDBOT_DEVICE="cpu",
                      MEDBOT_STATE_DIR=str(tmp_path), MEDBOT_LOG_LEVEL="INFO")
    try:
        assert await fake.wait_for(lambda: len(fake.sent) >= 3 or not proc.alive(), 90), proc.log()[-3000:]
        (reply,) = fake.replies_to("501")
        assert EN.disclaimer in reply["content"] and reply["allowed_mentions"]["parse"] == []
        (follow,) = fake.followups("601")
        assert EN.disclaimer in follow["content"]
        assert fake.followups("602") == []  # its token expired: answered in the channel instead
        (late,) = [s for s in fake.sent if s["kind"] == "message" and not s.get("message_reference")]
        assert late["channel_id"] == CHANNEL_ID and EN.disclaimer in late["content"]
        assert "older than its 15-minute token" in proc.log()
    finally:
        assert proc.stop() == 0
        await fake.stop()
    assert all(text is None for _, text, *_ in inbox_rows(tmp_path))


async def test_a_webhook_update_is_acknowledged_only_once_it_is_in_the_inbox(tiny_model, tmp_path):
    import socket

    import aiohttp

    from tests.fakes.telegram_server import WEBHOOK_SECRET

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake = FakeTelegram()
    url = await fake.start()
    # the worker waits 3 s to fill a batch, so the answer cannot exist when the process is killed
    env = env_for(url, fake, tiny_model, tmp_path, TELEGRAM_WEBHOOK_URL="https://bot.example/telegram",
                  TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET, TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                  TELEGRAM_WEBHOOK_PORT=str(port), MEDBOT_BATCH_WAIT_MS="3000")
    first = BotProcess(**env)
    try:
        assert await fake.wait_for(lambda: fake.calls.get("setWebhook", 0) > 0 or not first.alive(), 60)
        fake.push_text("placeholder", user_id=1)
        update = fake.updates.pop()
        update["message"]["text"] = "What is asthma?"
        mid = update["message"]["message_id"]
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with aiohttp.ClientSession() as http:
            for _ in range(50):
                try:
                    async with http.post(f"http://127.0.0.1:{port}/telegram", json=update, headers=headers) as r:
                        assert r.status == 200  # Telegram now forgets the update
                        # so it must already be on disk: "200, then write" would show here
                        key = f"tg:{update['message']['chat']['id']}:{mid}"
                        assert (key, "What is asthma?") in [row[:2] for row in inbox_rows(tmp_path)]
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)
        first.signal(signal.SIGKILL)
        await asyncio.to_thread(first.wait, 30)
        assert fake.replies_to(mid) == []
        second = BotProcess(**{**env, "MEDBOT_BATCH_WAIT_MS": "20"})
        try:
            assert await fake.wait_for(lambda: str(mid) in second.delivered(), 60), second.log()[-2000:]
            (reply,) = fake.replies_to(mid)
            assert EN.disclaimer in reply["text"]
        finally:
            assert second.stop() == 0
    finally:
        await fake.stop()


def inbox_bytes(state: Path, needle: bytes) -> int:
    """Occurrences of `needle` in the raw bytes of the inbox, its write-ahead log and shared memory."""
    return sum(p.read_bytes().count(needle) for p in state.iterdir() if p.name.startswith(INBOX_FILE))


async def test_answered_text_is_in_no_inbox_byte_after_answering_a_sigkill_and_a_restart_nor_in_debug_logs(
        tiny_model, tmp_path):
    fake = FakeTelegram()
    url = await fake.start()
    # DEBUG: the libraries' own loggers (python-telegram-bot logs every update and request) stay at INFO
    env = env_for(url, fake, tiny_model, tmp_path, MEDBOT_LOG_LEVEL="DEBUG")
    first = BotProcess(**env)
    second = None
    try:
        await started(fake, first)
        ids = [fake.push_text(f"Zanzibar{n:02d} what helps a sore throat at night?", user_id=300 + n) for n in range(20)]
        assert await fake.wait_for(lambda: {str(i) for i in ids} <= set(first.delivered()), 120), first.log()[-2000:]
        answered = inbox_bytes(tmp_path, b"Zanzibar")
        first.signal(signal.SIGKILL)  # a power cut: no clean close, no last checkpoint
        await asyncio.to_thread(first.wait, 30)
        killed = inbox_bytes(tmp_path, b"Zanzibar")
        second = BotProcess(**env)
        assert await fake.wait_for(lambda: "ready:" in second.log() or not second.alive(), 90), second.log()[-2000:]
        restarted = inbox_bytes(tmp_path, b"Zanzibar")
        assert (answered, killed, restarted) == (0, 0, 0)
        assert all(text is None for _, text, *_ in inbox_rows(tmp_path))
        assert inbox_bytes(tmp_path, b'"user": "tg:') == 0  # the raw user key went with the reply target
        assert "DEBUG" in first.log() and "Zanzibar" not in first.log() + second.log()
        # a user who blocked the bot: Telegram answers 403 for good, so the question is erased, not kept
        fake.fail_next["sendMessage"] = [403]
        blocked = fake.push_text("Zanzibar99 is my rash contagious?", user_id=399)
        assert await fake.wait_for(lambda: "can never be delivered" in second.log(), 60), second.log()[-2000:]
        assert fake.replies_to(blocked) == [] and f"telegram msg={blocked}: Forbidden" in second.log()
        assert inbox_bytes(tmp_path, b"Zanzibar") == 0 and "Zanzibar" not in second.log()
    finally:
        if second is not None:
            assert second.stop() == 0
        await fake.stop()
