"""End to end: the real `python -m bot` process against a local Bot API server."""

from __future__ import annotations

import asyncio
import signal

import pytest

from bot.safety.messages import EN, ID
from tests.fakes.proc import BotProcess
from tests.fakes.telegram_server import BOT_USERNAME, WEBHOOK_SECRET, FakeTelegram, bot_env, started

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

ALLOWED = ",".join(str(i) for i in range(1, 120))
QUESTION_TEXT = "What helps with a persistent dry cough at night?"


async def test_telegram_end_to_end(tiny_model):
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(**bot_env(url, fake.token, str(tiny_model), TELEGRAM_ALLOWED_USER_IDS=ALLOWED))
    try:
        await started(fake, proc)
        assert {c["command"] for c in fake.commands} >= {"ask", "help", "start"}

        q = fake.push_text(QUESTION_TEXT, user_id=1)
        assert await fake.wait_for(lambda: str(q) in proc.delivered())
        (reply,) = fake.replies_to(q)
        assert reply["chat_id"] == 1 and "parse_mode" not in reply and "not a doctor" in reply["text"]

        ids = {
            "start": fake.push_text("/start", user_id=2), "help": fake.push_text("/help", user_id=2),
            "ask": fake.push_text("/ask What is asthma?", user_id=3),
            "short": fake.push_text("hey", user_id=3),
            "group_ignored": fake.push_text("What is asthma in kids?", user_id=4, chat_id=-100, chat_type="supergroup"),
            "group_mention": fake.push_mention("What is asthma in adults?", user_id=4, chat_id=-100),
            "group_ask": fake.push_text("/ask What is gout?", user_id=5, chat_id=-100, chat_type="supergroup"),
            "sticker": fake.push_sticker(user_id=6), "photo": fake.push_photo(user_id=6),
            # an overdose reported under a photo of the pill box: the caption is the question
            "caption": fake.push_photo(user_id=17, caption="my son ate about 15 of these an hour ago, pic of the box"),
            "caption_question": fake.push_photo(user_id=18, caption="What is this rash on my arm?"),
            # commands read by their entity, as Telegram marks them: a new line after /ask, a bot suffix
            "ask_newline": fake.push_text("/ask\nWhat is gout?", user_id=19, chat_id=-101, chat_type="supergroup"),
            "ask_at_newline": fake.push_text(f"/ask@{BOT_USERNAME}\nWhat is gout?", user_id=19, chat_id=-101,
                                             chat_type="supergroup"),
            "ask_other_bot": fake.push_text("/ask@someotherbot What is gout?", user_id=19, chat_id=-101,
                                            chat_type="supergroup"),
            "slash_space": fake.push_text("/ my dad collapsed and is not breathing", user_id=20),
            "huge": fake.push_text("Why does my knee hurt? " * 900, user_id=7),
            "controls": fake.push_text("What\x00 is \x07a\u202e fever\x1b[31m?\ud800", user_id=8),
            "emergency": fake.push_text("I have crushing chest pain and I can't breathe", user_id=9),
            "refused": fake.push_text("What is asthma?", user_id=9999),
            "self_harm": fake.push_text("i dont want to live anymore", user_id=11),
            "id_poison": fake.push_text("tolong anak saya minum pemutih", user_id=12),
            "id_emergency": fake.push_text("ayah saya tiba tiba pingsan dan tidak sadar", user_id=12),
            "id_self_harm": fake.push_text("aku mau mati saja", user_id=13),
            "id_question": fake.push_text("apa penyebab demam berdarah pada anak", user_id=14),
            "id_short": fake.push_text("dok", user_id=14),
            "id_help": fake.push_text("/help", user_id=15, language_code="id"),
            "forget": fake.push_text("/forget", user_id=2),
        }
        fake.push_text("edited text should not be answered", user_id=10, kind="edited_message", message_id=ids["ask"])
        expect = [k for k in ids if k not in ("group_ignored", "ask_other_bot")]
        assert await fake.wait_for(lambda: {str(ids[k]) for k in expect} <= set(proc.delivered()), 90), \
            [k for k in expect if not fake.replies_to(ids[k])]
        again = fake.push_text("Second try from a stranger?", user_id=9999)
        # a question after it, answered: the stranger's message was handled by then (its check never waits)
        after = fake.push_text("What is a fever?", user_id=16)
        assert await fake.wait_for(lambda: str(after) in proc.delivered() and again in fake.delivered, 60)
        texts = {k: [r["text"] for r in fake.replies_to(v)] for k, v in ids.items()}
        assert "not a doctor" in texts["start"][0] and "not a doctor" in texts["help"][0]
        assert len(texts["ask"]) == 1 and "not a doctor" in texts["ask"][0]
        assert texts["short"] == [EN.too_short]
        assert texts["group_ignored"] == []
        assert len(texts["group_mention"]) == 1 and len(texts["group_ask"]) == 1
        assert texts["sticker"] == [EN.text_only] and texts["photo"] == [EN.text_only]
        assert texts["caption"] == [EN.poisoning]
        assert len(texts["ask_newline"]) == 1 and texts["ask_newline"][0].endswith(EN.disclaimer)
        assert len(texts["ask_at_newline"]) == 1 and texts["ask_at_newline"][0].endswith(EN.disclaimer)
        assert texts["ask_other_bot"] == [] and texts["slash_space"] == [EN.emergency]
        assert all(s.get("link_preview_options", {}).get("is_disabled") for s in fake.sent)
        assert len(texts["caption_question"]) == 1 and texts["caption_question"][0].endswith(EN.disclaimer)
        assert len(texts["huge"]) == 1 and len(texts["controls"]) == 1
        assert texts["emergency"] == [EN.emergency]
        assert texts["self_harm"] == [EN.self_harm] and "988" in EN.self_harm
        assert texts["id_poison"] == [ID.poisoning] and texts["id_emergency"] == [ID.emergency]
        assert texts["id_self_harm"] == [ID.self_harm] and "119" in ID.self_harm
        assert len(texts["id_question"]) == 1 and texts["id_question"][0].endswith(ID.disclaimer)
        assert texts["id_short"] == [ID.too_short] and texts["id_help"] == [ID.about]
        assert texts["forget"] == [EN.forgot]
        assert {c["command"] for c in fake.commands} >= {"forget"}
        assert texts["refused"] == [EN.not_allowed] and fake.replies_to(again) == []
        assert all(0 < len(s["text"]) <= 4096 for s in fake.sent)
        assert not [s for s in fake.sent if "edited text" in s["text"]]

        assert proc.alive()
        proc.signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 60) == 0
        log = proc.log()
        assert fake.token not in log and QUESTION_TEXT not in log and "Why does my knee hurt" not in log
        assert "Traceback" not in log
    finally:
        proc.stop()
        await fake.stop()


async def test_telegram_load_250_questions_each_answered_once(tiny_model):
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(**bot_env(url, fake.token, str(tiny_model), MEDBOT_MAX_NEW_TOKENS="8"))
    try:
        await started(fake, proc)
        t0 = asyncio.get_running_loop().time()
        ids = []
        for round_ in range(5):
            for user in range(1, 51):
                ids.append(fake.push_text(f"Question {round_} from user {user}: what is a fever?", user_id=user))
            await asyncio.sleep(0.2)
        assert await fake.wait_for(lambda: all(fake.replies_to(i) for i in ids), 150), \
            sum(1 for i in ids if not fake.replies_to(i))
        wall = asyncio.get_running_loop().time() - t0
        assert await fake.wait_for(lambda: len(proc.delivered()) >= 250, 60)
        assert sorted(proc.delivered(), key=int) == sorted(map(str, ids), key=int)
        counts = [len(fake.replies_to(i)) for i in ids]
        assert counts == [1] * 250
        lat = fake.latencies(ids)
        print(f"\n250 questions answered once each in {wall:.1f}s ({250 / wall:.1f} replies/s); "
              f"latency p50 {lat[len(lat) // 2]:.2f}s p95 {lat[int(len(lat) * 0.95)]:.2f}s")
    finally:
        proc.stop()
        await fake.stop()


async def test_telegram_bad_input_corpus_and_network_errors(tiny_model):
    from tests.corpus import CORPUS as ALL

    CORPUS = [(n, t) for n, t in ALL if t]  # Telegram cannot deliver an empty message
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(**bot_env(url, fake.token, str(tiny_model), MEDBOT_MAX_NEW_TOKENS="8"))
    try:
        await started(fake, proc)
        # a 502 (network error) then a 429 (RetryAfter) on the first sends: retried, not lost
        fake.fail_next["sendMessage"] = [502, 429]
        # then two sends that are delivered but whose response is lost (a 502, a dropped connection): the
        # bot cannot know they arrived, so it sends again. A duplicate is the honest outcome, bounded to
        # one extra copy per lost response, never a lost reply.
        fake.fail_after["sendMessage"] = [502, 0]
        ids = [fake.push_text(text, user_id=200 + i) for i, (_, text) in enumerate(CORPUS)]
        ok = await fake.wait_for(lambda: all(fake.replies_to(i) for i in ids), 90)
        assert ok, [name for (name, _), i in zip(CORPUS, ids, strict=True) if not fake.replies_to(i)]
        assert await fake.wait_for(lambda: set(map(str, ids)) <= set(proc.delivered()), 60)
        counts = {name: len(fake.replies_to(i)) for (name, _), i in zip(CORPUS, ids, strict=True)}
        assert sum(counts.values()) == len(ids) + 2 and all(1 <= c <= 3 for c in counts.values()), counts
        for (name, _), i in zip(CORPUS, ids, strict=True):
            replies = fake.replies_to(i)
            assert len({r["text"] for r in replies}) == 1, name  # a duplicate is the same reply again
            assert 0 < len(replies[0]["text"]) <= 4096, name
        assert proc.alive() and fake.fail_next["sendMessage"] == [] and fake.failed_after == 2
    finally:
        proc.stop()
        await fake.stop()


async def test_telegram_webhook_mode_checks_the_secret(tiny_model):
    import socket

    import aiohttp

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(**bot_env(url, fake.token, str(tiny_model), TELEGRAM_WEBHOOK_URL="https://bot.example/telegram",
                                TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET, TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                                TELEGRAM_WEBHOOK_PORT=str(port)))
    try:
        assert await fake.wait_for(lambda: fake.calls.get("setWebhook", 0) > 0 or not proc.alive(), 60), proc.log()
        fake.push_text("placeholder", user_id=1)  # build an update the way the fake does
        update = fake.updates.pop()
        update["message"]["text"] = "What is asthma?"
        hook = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as http:
            for _ in range(50):  # the webhook server starts right after setWebhook
                try:
                    async with http.post(hook, json=update) as r:
                        assert r.status == 403  # no secret header: refused
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)
            for wrong in ("s3cret-value", WEBHOOK_SECRET[:-1], WEBHOOK_SECRET + "x", ""):
                async with http.post(hook, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": wrong}) as r:
                    assert r.status == 403, wrong
            assert fake.replies_to(update["message"]["message_id"]) == []  # nothing forged got through
            async with http.post(hook, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as r:
                assert r.status == 200
        mid = update["message"]["message_id"]
        assert await fake.wait_for(lambda: str(mid) in proc.delivered(), 30)
        assert len(fake.replies_to(mid)) == 1 and fake.calls.get("getUpdates", 0) == 0
    finally:
        proc.stop()
        await fake.stop()


async def test_rejected_token_is_one_clear_error_and_exit_1(tiny_model):
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(**bot_env(url, "999999:WRONG-token-value", str(tiny_model)))
    try:
        code = await asyncio.to_thread(proc.wait, 60)
        log = proc.log()
        assert code == 1 and "telegram: token rejected" in log
        assert "Traceback" not in log and "WRONG-token-value" not in log
    finally:
        proc.stop()
        await fake.stop()
