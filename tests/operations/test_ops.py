"""Operations: sd_notify, SIGHUP reload without downtime, graceful SIGTERM, metrics and health."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import threading
from pathlib import Path

import pytest

from bot.generation.engine import Engine, GenerationConfig
from bot.operations.ops import Notifier
from bot.safety.messages import EN
from tests.fakes.models import build_tiny_model
from tests.fakes.proc import BotProcess
from tests.fakes.telegram_server import FakeTelegram


class NotifyListener:
    """A unix datagram socket standing in for systemd's NOTIFY_SOCKET."""

    def __init__(self, path: str):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.2)
        self.messages: list[str] = []
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except OSError:
                continue

    def lines(self) -> list[str]:
        return [ln for m in self.messages for ln in m.splitlines()]

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


def test_notifier_is_a_noop_without_socket(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert not Notifier().ready() and not Notifier().enabled


def test_notifier_sends_datagrams(tmp_path):
    lst = NotifyListener(str(tmp_path / "n.sock"))
    try:
        n = Notifier(lst.path)
        assert n.ready("serving x") and n.stopping()
        for _ in range(50):
            if len(lst.messages) >= 2:
                break
            threading.Event().wait(0.02)
        assert "READY=1" in lst.lines() and "STATUS=serving x" in lst.lines() and "STOPPING=1" in lst.lines()
    finally:
        lst.close()


@pytest.fixture(scope="module")
def two_models(tmp_path_factory, tiny_model):
    root = tmp_path_factory.mktemp("models")
    a = root / "20260101T000000Z"
    a.symlink_to(tiny_model)
    b = build_tiny_model(root / "20260102T000000Z", seed=1)
    broken = root / "20260103T000000Z"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    (broken / "model.safetensors").write_bytes(b"not weights")
    (root / "current").symlink_to(a.name)
    return root, a, b, broken


def expected(model_dir, question: str) -> str:
    eng = Engine.load(model_dir, GenerationConfig(max_new_tokens=16), device="cpu")
    return f"{eng.generate([question], seed=0)[0]}\n\n{EN.disclaimer}"


def point_current(root, target) -> None:
    tmp = root / ".current.tmp"
    tmp.symlink_to(target.name)
    os.replace(tmp, root / "current")


async def ask(fake: FakeTelegram, text: str, user: int, timeout: float = 30) -> str:
    mid = fake.push_text(text, user_id=user)
    assert await fake.wait_for(lambda: fake.replies_to(mid), timeout)
    return fake.replies_to(mid)[0]["text"]


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_notify_reload_refuse_and_graceful_stop(two_models, tmp_path):
    root, a, b, broken = two_models
    q = "What are the symptoms of the flu?"
    want_a, want_b = expected(a, q), expected(b, q)
    assert want_a != want_b
    lst = NotifyListener(str(tmp_path / "notify.sock"))
    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url, MEDBOT_MODEL_DIR=str(root / "current"),
                      MEDBOT_MAX_NEW_TOKENS="16", MEDBOT_DEVICE="cpu", MEDBOT_SEED="0", MEDBOT_BATCH_MAX="1",
                      MEDBOT_RATE_BURST="100", MEDBOT_RATE_PER_MINUTE="6000", NOTIFY_SOCKET=lst.path,
                      MEDBOT_SHUTDOWN_TIMEOUT_S="3")
    try:
        assert await fake.wait_for(lambda: "READY=1" in lst.lines(), 60), proc.log()[-2000:]
        assert await ask(fake, q, 1) == want_a

        point_current(root, b)
        proc.signal(signal.SIGHUP)
        during = [fake.push_text(f"question {i} during reload?", user_id=2) for i in range(5)]
        assert await fake.wait_for(lambda: lst.lines().count("READY=1") >= 2, 60)
        assert "RELOADING=1" in lst.lines()
        assert await fake.wait_for(lambda: all(fake.replies_to(m) for m in during), 30)
        # asked while the new model loads: each gets one model answer from a model in service (not busy, not
        # the apology, not "restarting")
        replies = [fake.replies_to(m) for m in during]
        assert all(len(r) == 1 and EN.disclaimer in r[0]["text"] for r in replies), replies
        assert await ask(fake, q, 1) == want_b

        point_current(root, broken)
        proc.signal(signal.SIGHUP)
        assert await fake.wait_for(lambda: "reload refused" in proc.log(), 30)
        assert await ask(fake, q, 1) == want_b  # the old model keeps serving
        assert proc.alive()

        inflight = [fake.push_text(f"question {i} at shutdown?", user_id=3) for i in range(8)]
        # the bot has fetched them all (accepted: Telegram will not send them again)
        assert await fake.wait_for(lambda: set(inflight) <= fake.delivered, 30)
        proc.signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 60) == 0
        assert "STOPPING=1" in lst.lines()
        answered = [fake.replies_to(m) for m in inflight]
        assert [len(r) for r in answered] == [1] * len(inflight)  # each accepted question: exactly one reply
        # answered within the drain (8 short answers, batch 1, in well under the 3 s): a model answer each; one
        # not finished would stay in the inbox with no reply at all, so "restarting" is never sent
        assert all(EN.disclaimer in r[0]["text"] and r[0]["text"] != EN.restarting for r in answered), answered
        assert fake.token not in proc.log() and "at shutdown" not in proc.log()
    finally:
        proc.stop()
        await fake.stop()
        lst.close()


async def test_metrics_and_healthz():
    import aiohttp

    from bot.generation.worker import Worker
    from bot.operations.metrics import Metrics
    from tests.fakes.engine import FakeEngine

    metrics = Metrics()
    worker = Worker(FakeEngine(), on_batch=metrics.observe_batch).start()
    metrics.set_model("v1")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = await metrics.serve(port, worker)
    try:
        await worker.submit("What is asthma?")
        metrics.count_reply("answer", 0.1)
        async with aiohttp.ClientSession() as s:
            async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert r.status == 200 and "v1" in await r.text()
            async with s.get(f"http://127.0.0.1:{port}/metrics") as r:
                body = await r.text()
            for name in ("medbot_queue_depth", "medbot_batch_size_bucket", "medbot_reply_seconds_bucket",
                         'medbot_replies_total{outcome="answer"} 1.0', "medbot_generated_tokens_total",
                         'medbot_model_info{version="v1"}'):
                assert name in body, name
            await worker.drain_and_stop(1)
            async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert r.status == 503
    finally:
        await server.cleanup()


@pytest.mark.slow
@pytest.mark.timeout(120)
async def test_second_sigterm_exits_at_once(random_model):  # full 150-token replies keep the worker busy
    import time

    fake = FakeTelegram()
    url = await fake.start()
    proc = BotProcess(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url, MEDBOT_MODEL_DIR=str(random_model),
                      MEDBOT_DEVICE="cpu", MEDBOT_BATCH_MAX="1", MEDBOT_MAX_NEW_TOKENS="150",
                      MEDBOT_RATE_BURST="500", MEDBOT_SHUTDOWN_TIMEOUT_S="60")
    try:
        assert await fake.wait_for(lambda: fake.calls.get("getUpdates", 0) > 0, 60), proc.log()[-2000:]
        for i in range(200):
            fake.push_text(f"question {i} keeps the worker busy?", user_id=1 + i % 50)
        # "typing" shows once a question has waited over a second
        assert await fake.wait_for(lambda: any(a["action"] == "typing" for a in fake.actions), 20)
        proc.signal(signal.SIGTERM)  # starts a drain that would take a long time
        await asyncio.sleep(1.0)
        assert proc.alive()
        t0 = time.monotonic()
        proc.signal(signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, 20)
        assert code != 0 and time.monotonic() - t0 < 5
    finally:
        proc.stop()
        await fake.stop()


async def wait_until(predicate, timeout: float) -> bool:
    """Poll a condition that another thread makes true (the notify listener), with a deadline."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def test_watchdog_pings_and_status_from_the_event_loop(tmp_path, monkeypatch):
    from bot.app import App
    from bot.operations.config import Settings
    from bot.operations.ops import watchdog_interval
    from tests.fakes.engine import FakeEngine

    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert watchdog_interval() == 0.1
    lst = NotifyListener(str(tmp_path / "wd.sock"))
    try:
        app = App.create(Settings.from_env({}), FakeEngine("v7"), Notifier(lst.path))
        task = asyncio.create_task(app._heartbeat())
        assert await wait_until(lambda: lst.lines().count("WATCHDOG=1") >= 3, 30)
        task.cancel()
        assert lst.lines().count("WATCHDOG=1") >= 3
        assert any(ln.startswith("STATUS=serving v7; queue 0") for ln in lst.lines())
    finally:
        lst.close()
    monkeypatch.setenv("WATCHDOG_PID", "1")
    assert watchdog_interval() is None  # meant for another process


def test_the_stop_sequence_fits_inside_the_units_timeout_stop_sec():
    import re as _re

    from bot.app import CLOSE_BUDGET_S, REPLAY_GRACE_S, WORKER_JOIN_S, shutdown_budget_s
    from bot.operations.config import Settings

    unit = (Path(__file__).resolve().parents[2] / "systemd" / "medbot.service").read_text()
    stop_sec = float(_re.search(r"^TimeoutStopSec=(\d+)", unit, _re.M).group(1))
    s = Settings.from_env({})
    assert shutdown_budget_s(s) == s.shutdown_timeout_s + WORKER_JOIN_S + REPLAY_GRACE_S + CLOSE_BUDGET_S
    assert shutdown_budget_s(s) < stop_sec, "SIGTERM could outlive systemd's TimeoutStopSec and be SIGKILLed"


async def test_transports_close_together_and_a_hanging_one_cannot_hold_the_exit(monkeypatch):
    import asyncio as _asyncio
    import time as _time

    from bot import app as app_mod

    monkeypatch.setattr(app_mod, "CLOSE_BUDGET_S", 0.5)

    class Hangs:
        async def stop(self):
            await _asyncio.sleep(60)

    class Fails:
        async def stop(self):
            raise RuntimeError("boom")

    class Closes:
        closed = False

        async def stop(self):
            await _asyncio.sleep(0.2)
            Closes.closed = True

    a = app_mod.App.__new__(app_mod.App)
    a.transports = [Hangs(), Fails(), Closes(), Closes()]
    t0 = _time.monotonic()
    await a._close_transports()
    took = _time.monotonic() - t0
    assert Closes.closed and took < 2.0  # one budget for all, not one each (4 x 0.5 s)
