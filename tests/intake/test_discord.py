"""The real discord.py client against a local fake Discord (gateway + REST)."""

from __future__ import annotations

import asyncio
import signal

import discord
import pytest

from bot.core import Core, Reply
from bot.intake.pipeline import Pipeline
from bot.operations.config import Settings
from bot.safety.messages import EN
from medbot.text import DISCORD_LIMIT, split_message
from tests.fakes.discord_server import CHANNEL_ID, OTHER_CHANNEL_ID, FakeDiscord
from tests.fakes.proc import BotProcess
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.timeout(120)

LONG = ("Drink water and rest. " * 250).strip()


class ScriptedCore(Core):
    """The real core (and its in-memory inbox) with a scripted answer, so the test can make it say long
    or hostile things."""

    def __init__(self) -> None:
        super().__init__(Settings.from_env({}), worker=None)
        self.asked: list[tuple[str, str]] = []
        self.forgotten: list[tuple[str, str]] = []
        self.chats: list[str] = []

    def forget(self, user: str, chat: str = "") -> None:
        self.forgotten.append((user, chat))

    async def answer(self, user, text: str | None, replay: bool = False, chat: str = "", who=None) -> Reply:
        text = text or ""
        self.asked.append((user, text))
        self.chats.append(chat)
        if "long" in text:
            return Reply(LONG, "answer")
        if "everyone" in text:
            return Reply("@everyone <@1> look at this", "answer")
        return Reply(f"answer to: {text.strip()}", "answer")


@pytest.fixture
async def fake():
    f = FakeDiscord()
    await f.start()
    base, gw = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield f
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gw
    await f.stop()


def handlers_done() -> bool:
    """No discord.py message handler or slash-command task is still running in this loop."""
    return not [t for t in asyncio.all_tasks() if t.get_name() in ("discord.py: on_message", "CommandTree-invoker")]


async def test_discord_transport_end_to_end(fake):
    from bot.intake.transports.discord import DiscordTransport

    s = Settings.from_env({"DISCORD_BOT_TOKEN": fake.token, "DISCORD_API_BASE": fake.api_base,
                           "DISCORD_GATEWAY_URL": fake.gateway, "DISCORD_ALLOWED_USER_IDS": "1,2,3"})
    core = ScriptedCore()
    t = DiscordTransport(s, Pipeline(core))
    await asyncio.wait_for(t.start(), 60)
    try:
        assert {c["name"] for c in fake.commands} == {"ask", "help", "forget"}
        dm = await fake.dm("What is asthma?", user_id=1)
        assert await fake.wait_for(lambda: fake.replies_to(dm))
        mention = await fake.channel_message("What is gout?", user_id=2, mention=True)
        plain = await fake.channel_message("just chatting", user_id=2)
        from_bot = await fake.dm("I am a bot", user_id=3, bot=True)
        attach = await fake.dm("", user_id=1, attachments=True)
        long_q = await fake.dm("give me a long answer", user_id=1)
        ping = await fake.channel_message("tell everyone", user_id=2, mention=True, channel_id=OTHER_CHANNEL_ID)
        stranger = await fake.dm("let me in?", user_id=99)
        stranger2 = await fake.dm("let me in now?", user_id=99)
        ask = await fake.slash("ask", user_id=1, question="What is a migraine?")
        helped = await fake.slash("help", user_id=1)
        forgot = await fake.slash("forget", user_id=1)
        assert await fake.wait_for(lambda: all(fake.replies_to(m) for m in (mention, attach, long_q, ping, stranger))
                                   and fake.followups(ask), 30)
        assert await fake.wait_for(handlers_done, 30)  # no reply can still be on its way
        (r,) = fake.replies_to(dm)
        assert r["content"] == "answer to: What is asthma?" and r["allowed_mentions"]["parse"] == []
        assert fake.replies_to(mention)[0]["content"] == "answer to: What is gout?"
        assert fake.replies_to(plain) == [] and fake.replies_to(from_bot) == []
        assert [x["content"] for x in fake.replies_to(attach)] == [EN.text_only]
        chunks = [x["content"] for x in fake.replies_to(long_q)]
        assert len(chunks) >= 3 and all(len(c) <= 2000 for c in chunks) and "".join(chunks) == LONG
        (p,) = fake.replies_to(ping)
        assert p["allowed_mentions"] == {"parse": [], "replied_user": False} or p["allowed_mentions"]["parse"] == []
        assert [x["content"] for x in fake.replies_to(stranger)] == [EN.not_allowed] and not fake.replies_to(stranger2)
        defer = [c for c in fake.callbacks if c["interaction_id"] == ask]
        assert defer and defer[0]["type"] == 5  # deferred at once, answered by a follow-up
        assert fake.followups(ask)[0]["content"] == "answer to: What is a migraine?"
        assert any(c["interaction_id"] == helped and c["data"]["content"] == EN.about for c in fake.callbacks)
        assert any(c["interaction_id"] == forgot and c["data"]["content"] == EN.forgot for c in fake.callbacks)
        assert core.forgotten == [("dc:1", f"discord:{CHANNEL_ID}")]  # this user in this channel only
        assert f"discord:{CHANNEL_ID}" in core.chats and f"discord:{OTHER_CHANNEL_ID}" in core.chats
        assert CHANNEL_ID in fake.typing
        assert ("dc:99", "let me in?") not in core.asked
    finally:
        await asyncio.wait_for(t.stop(), 20)
    assert t.client.is_closed()


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_telegram_and_discord_in_one_process(fake, tiny_model):
    tg = FakeTelegram()
    url = await tg.start()
    proc = BotProcess(TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_BASE_URL=url, DISCORD_BOT_TOKEN=fake.token,
                      DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway,
                      MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_MAX_NEW_TOKENS="12", MEDBOT_DEVICE="cpu",
                      MEDBOT_RATE_BURST="50", MEDBOT_BATCH_WAIT_MS="50", MEDBOT_LOG_LEVEL="DEBUG")
    try:
        assert await fake.wait_for(lambda: fake.identified.is_set() and tg.calls.get("getUpdates", 0) > 0, 90), \
            proc.log()[-3000:]
        dms = [await fake.dm(f"Discord question {i}?", user_id=10 + i) for i in range(5)]
        tgs = [tg.push_text(f"Telegram question {i}?", user_id=10 + i) for i in range(5)]
        assert await fake.wait_for(lambda: all(fake.replies_to(m) for m in dms) and all(tg.replies_to(m) for m in tgs),
                                   90)
        assert await fake.wait_for(lambda: len(proc.delivered()) >= 10, 60)  # every reply fully sent
        assert [len(fake.replies_to(m)) for m in dms] == [1] * 5 and [len(tg.replies_to(m)) for m in tgs] == [1] * 5
        log = proc.log()
        assert log.count("model ") >= 1 and log.count("loaded on") == 1  # one model, one worker
        assert "voice will NOT be supported" not in log  # a text bot needs no PyNaCl or davey
        proc.signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 60) == 0
        log = proc.log()
        assert fake.token not in log and tg.token not in log
        # at DEBUG, with both libraries logging: no question text (the ten questions share these words)
        assert "Discord question" not in log and "Telegram question" not in log
    finally:
        proc.stop()
        await tg.stop()


async def test_failed_typing_a_deleted_question_and_a_lost_interaction_lose_no_question(fake):
    """Typing is best effort; a reply to a message deleted meanwhile goes to the channel (the reference
    says fail_if_not_exists false); an /ask whose follow-up is refused is answered in its channel."""
    from bot.intake.transports.discord import DiscordTransport

    s = Settings.from_env({"DISCORD_BOT_TOKEN": fake.token, "DISCORD_API_BASE": fake.api_base,
                           "DISCORD_GATEWAY_URL": fake.gateway})
    t = DiscordTransport(s, Pipeline(ScriptedCore()))
    await asyncio.wait_for(t.start(), 60)
    try:
        fake.typing_status = 500
        dm = await fake.dm("What is asthma?", user_id=1)
        assert await fake.wait_for(lambda: fake.replies_to(dm), 30), "a failed 'typing' lost the question"
        (r,) = fake.replies_to(dm)
        assert r["message_reference"].get("fail_if_not_exists") is False
        assert fake.typing, "typing was tried"
        fake.followup_fail = [404]
        ask = await fake.slash("ask", user_id=1, question="What is gout?")
        assert await fake.wait_for(lambda: [m for m in fake.sent if m["content"] == "answer to: What is gout?"], 30)
        in_channel = [m for m in fake.sent if m["content"] == "answer to: What is gout?"]
        assert [m["kind"] for m in in_channel] == ["message"] and not fake.followups(ask)
        assert fake.failed == [404]
    finally:
        await asyncio.wait_for(t.stop(), 20)


async def test_discord_bad_input_corpus_and_network_errors(fake):
    from bot.core import Core
    from bot.generation.worker import Result
    from bot.intake.transports.discord import DiscordTransport
    from tests.corpus import CORPUS

    class EchoWorker:
        """Echoes the cleaned question back: hostile input comes back as "model output"."""

        async def submit(self, q, seed=None):
            return Result(q * 3, "answered")

    s = Settings.from_env({"DISCORD_BOT_TOKEN": fake.token, "DISCORD_API_BASE": fake.api_base,
                           "DISCORD_GATEWAY_URL": fake.gateway, "MEDBOT_RATE_BURST": "100"})
    t = DiscordTransport(s, Pipeline(Core(s, EchoWorker())))
    expected = Core(s, EchoWorker())  # the same core, to know each reply's chunks
    await asyncio.wait_for(t.start(), 60)
    try:
        fake.fail_next = [502, 429]  # retried by discord.py's HTTP client
        # then two sends that are delivered but whose response is lost (a 502, a dropped connection): the
        # bot cannot know they arrived, so they are sent again; one duplicate per lost response, none lost
        fake.fail_after = [502, 0]
        ids = [await fake.dm(text or ".", user_id=300 + i) for i, (_, text) in enumerate(CORPUS)]
        want = {}
        for (_name, text), i in zip(CORPUS, ids, strict=True):
            reply = discord.utils.escape_markdown((await expected.answer(f"x{i}", text or ".")).text)
            want[i] = [c for c in split_message(reply, DISCORD_LIMIT) if c.strip()]
        ok = await fake.wait_for(lambda: all(len(fake.replies_to(i)) >= len(want[i]) for i in ids), 60)
        assert ok, [n for (n, _), i in zip(CORPUS, ids, strict=True) if not fake.replies_to(i)]
        assert fake.failed == [502, 429, 502, 0] and fake.fail_next == fake.fail_after == []  # the faults did happen
        assert await fake.wait_for(handlers_done, 30)  # every handler has returned: no late duplicate
        assert "\\*\\*bold\\*\\*" in fake.replies_to(ids[[n for n, _ in CORPUS].index("html_markdown_script")])[0][
            "content"]  # markdown shown as typed, not rendered
        extra = sum(len(fake.replies_to(i)) - len(want[i]) for i in ids)
        assert extra == 2, extra  # exactly the two lost responses came twice
        for (name, _), i in zip(CORPUS, ids, strict=True):
            chunks = fake.replies_to(i)
            # one reply, whole and in order; a chunk whose response was lost comes again right after it
            assert _without_repeats([c["content"] for c in chunks], want[i]) == want[i], name
            assert all(0 < len(c["content"]) <= 2000 for c in chunks), name
            assert all(c["allowed_mentions"]["parse"] == [] for c in chunks), name
            assert all(c.get("flags", 0) & 4 for c in chunks), name  # SUPPRESS_EMBEDS: no link unfolds
    finally:
        await asyncio.wait_for(t.stop(), 20)


def _without_repeats(got: list[str], want: list[str], most: int = 2) -> list[str]:
    """`got` with up to `most` chunks dropped where each repeats the chunk before it, if that makes it `want`."""
    if got == want or most == 0:
        return got
    for k in range(1, len(got)):
        if got[k] == got[k - 1] and _without_repeats(got[:k] + got[k + 1:], want, most - 1) == want:
            return want
    return got


async def test_two_shards_from_gateway_bot_each_answer_their_events():
    """Discord requires sharding past 2,500 servers: the client asks GET /gateway/bot how many shards to run
    (or takes DISCORD_SHARD_COUNT) and runs them all in this process; DMs arrive on shard 0, a server's events
    on shard (guild_id >> 22) % count (here 1)."""
    from bot.intake.transports.discord import DiscordTransport
    from tests.fakes.discord_server import GUILD_ID

    fake = FakeDiscord(shards=2)
    await fake.start()
    base, gw = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    s = Settings.from_env({"DISCORD_BOT_TOKEN": fake.token, "DISCORD_API_BASE": fake.api_base,
                           "DISCORD_GATEWAY_URL": fake.gateway})
    t = DiscordTransport(s, Pipeline(ScriptedCore()))
    try:
        await asyncio.wait_for(t.start(), 60)
        assert t.client.shard_count == 2 and sorted(fake.shard_sockets) == [0, 1]
        assert FakeDiscord.shard_of(GUILD_ID, 2) == 1
        dm = await fake.dm("What is asthma?", user_id=1)
        mention = await fake.channel_message("What is gout?", user_id=2, mention=True)
        ask = await fake.slash("ask", user_id=2, question="What is a migraine?")
        assert await fake.wait_for(lambda: fake.replies_to(dm) and fake.replies_to(mention) and fake.followups(ask))
        assert fake.replies_to(mention)[0]["content"] == "answer to: What is gout?"
    finally:
        await t.stop()
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gw
        await fake.stop()
