"""MEDBOT_BACKEND=openai (bot/generation/remote.py): the error paths against a scripted server, and the real bot
against a real OpenAI-compatible server (`transformers serve`) on this CPU."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.core import Core
from bot.generation.remote import BREAKER_FAILURES, EngineUnavailable, RemoteWorker
from bot.operations.config import Settings
from bot.operations.metrics import healthy
from bot.safety.messages import EN
from tests.fakes.proc import ROOT, BotProcess
from tests.fakes.telegram_server import FakeTelegram


def remote(handler, **env: str) -> RemoteWorker:
    s = Settings.from_env({"MEDBOT_BACKEND": "openai", "MEDBOT_OPENAI_BASE_URL": "http://engine.test/v1",
                           "MEDBOT_OPENAI_MODEL": "medbot", "MEDBOT_REQUEST_TIMEOUT_S": "3", **env})
    return RemoteWorker(s, 4, transport=httpx.MockTransport(handler))


def completion(text: str) -> httpx.Response:
    return httpx.Response(200, json={"choices": [{"text": text, "index": 0, "finish_reason": "stop"}],
                                     "usage": {"completion_tokens": 7}})


async def test_requests_carry_the_prompt_format_and_sampling_settings():
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"path": request.url.path, **json.loads(request.content)})
        if request.url.path.endswith("/chat/completions"):
            return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": " Rest. "}}]})
        return completion(" Asthma narrows the airways.\nQ: and another turn")

    w = remote(handler)
    r = await w.submit("What is\nasthma?", seed=3)
    assert (r.outcome, r.text) == ("answered", "Asthma narrows the airways.")  # cut at the next turn, like local
    body = seen[0]
    assert body["path"] == "/v1/completions" and body["prompt"] == "Q: What is asthma?\nA:"
    assert (body["temperature"], body["top_p"], body["top_k"], body["max_tokens"], body["seed"]) == (0.7, 0.9, 50, 150, 3)
    assert "\nQ:" in body["stop"] and "no_repeat_ngram_size" not in body and w.generated_tokens == 7
    chat = remote(handler, MEDBOT_OPENAI_STYLE="chat")
    assert (await chat.submit("What helps a cold?")).text == "Rest."
    assert seen[1]["path"] == "/v1/chat/completions" and seen[1]["messages"][0]["role"] == "system"
    assert seen[1]["messages"][1] == {"role": "user", "content": "What helps a cold?"}


async def test_429_with_retry_after_is_waited_for_then_answered():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "0.3"}, json={"error": "slow down"})
        return completion(" Drink water.")

    r = await remote(handler).submit("What helps a hangover?")
    assert r.outcome == "answered" and len(calls) == 2 and calls[1] - calls[0] >= 0.25


@pytest.mark.parametrize("bad", ["not json", json.dumps({"choices": []}), json.dumps({"choices": [{"text": 5}]}),
                                 json.dumps({"error": "x"})])
async def test_malformed_answers_get_the_apology(bad):
    w = remote(lambda request: httpx.Response(200, content=bad.encode()))
    r = await w.submit("What is gout?")
    assert (r.outcome, r.text) == ("error", "") and w.breaker.failures == 1


async def test_a_stalled_server_times_out_and_five_failures_open_the_circuit_until_it_answers():
    state = {"mode": "stall", "calls": 0}

    async def handler(request: httpx.Request) -> httpx.Response:
        state["calls"] += 1
        if state["mode"] == "stall":
            await asyncio.sleep(30)
        if state["mode"] == "down":
            return httpx.Response(503, text="overloaded")
        return completion(" Rest and fluids.")

    w = remote(handler, MEDBOT_REQUEST_TIMEOUT_S="1")
    t0 = time.monotonic()
    r = await w.submit("What is the flu?")
    assert (r.outcome, r.text) == ("timeout", "") and time.monotonic() - t0 < 3
    state["mode"] = "down"
    for _ in range(BREAKER_FAILURES - 1):
        assert (await w.submit("What is the flu?")).outcome == "error"
    ok, why = healthy(w)
    assert not ok and "failed 5 times in a row" in why  # /healthz: 503
    before = state["calls"]
    replies = await asyncio.gather(*(w.submit("What is the flu?") for _ in range(20)))
    assert all(r.outcome == "error" for r in replies) and state["calls"] == before  # a dead server is left alone
    state["mode"] = "up"
    await asyncio.sleep(w.breaker.wait + 0.1)
    assert (await w.submit("What is the flu?")).outcome == "answered"  # the one probe request closes it
    assert healthy(w)[0] and (await w.submit("What is the flu?")).outcome == "answered"


async def test_the_core_keeps_emergencies_and_the_queue_bound_in_front_of_the_server():
    asked: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append(json.loads(request.content)["prompt"])
        await asyncio.sleep(0.2)
        return completion(" Rest.")

    w = remote(handler, MEDBOT_QUEUE_MAX="2")
    core = Core(Settings.from_env({"MEDBOT_RATE_BURST": "100"}), w)
    urgent = await core.answer("u1", "I have crushing chest pain and can't breathe")
    assert urgent.kind == "emergency" and asked == []
    replies = await asyncio.gather(*(core.answer(f"u{i}", "What helps a sore throat?") for i in range(10)))
    kinds = [r.kind for r in replies]
    assert kinds.count("answer") == 6 and kinds.count("busy") == 4  # 4 in flight + 2 waiting; the rest: busy
    assert len(asked) == 6


async def test_probe_says_unreachable_refused_or_serving():
    def listing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [{"id": "medbot"}]})

    assert "serves medbot" in await remote(listing).probe()
    with pytest.raises(EngineUnavailable, match="refused the key"):
        await remote(lambda r: httpx.Response(401, text="no")).probe()

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    with pytest.raises(EngineUnavailable, match="unreachable at http://engine.test/v1"):
        await remote(down).probe()


# ---- the real thing: `transformers serve` on this CPU, the real bot, the fake Telegram

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`transformers serve MODEL` on a port; its log holds one line per request it received."""

    def __init__(self, model: Path, port: int):
        exe = Path(sys.executable).with_name("transformers")
        if not exe.exists() and shutil.which("transformers") is None:
            pytest.skip("`transformers serve` is not installed (pip install 'transformers[serving]')")
        self.log = Path(f"/tmp/medbot-serve-{port}.log")
        self.proc = subprocess.Popen([str(exe if exe.exists() else "transformers"), "serve", str(model), "--device",
                                      "cpu", "--port", str(port), "--host", "127.0.0.1", "--log-level", "info"],
                                     stdout=self.log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT,
                                     env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
                                          "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                                          "HOME": str(Path.home())})
        self.url = f"http://127.0.0.1:{port}/v1"

    def up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/models", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise AssertionError(f"transformers serve did not start: {self.log.read_text()[-2000:]}")

    def completions(self) -> int:
        return self.log.read_text().count('"POST /v1/completions HTTP/1.1" 200')

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


@pytest.mark.slow
@pytest.mark.timeout(400)
async def test_the_bot_against_transformers_serve_answers_once_and_survives_the_engine_dying(tiny_model, tmp_path):
    port, metrics = free_port(), free_port()
    server = Server(tiny_model, port)
    fake = FakeTelegram()
    url = await fake.start()
    proc = None
    try:
        await asyncio.to_thread(server.up)
        proc = BotProcess(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url, MEDBOT_BACKEND="openai",
                          MEDBOT_OPENAI_BASE_URL=server.url, MEDBOT_OPENAI_MODEL=str(tiny_model),
                          MEDBOT_OPENAI_API_KEY="sk-medbot-test-key-0123456789", MEDBOT_MAX_NEW_TOKENS="16",
                          MEDBOT_RATE_BURST="10", MEDBOT_METRICS_PORT=str(metrics), MEDBOT_LOG_LEVEL="INFO",
                          MEDBOT_REQUEST_TIMEOUT_S="20", MEDBOT_STATE_DIR=str(tmp_path))
        assert await fake.wait_for(lambda: fake.calls.get("getUpdates", 0) > 0 or not proc.alive(), 60), proc.log()
        assert proc.alive(), proc.log()[-2000:]
        ids = [fake.push_text(f"Question {q} from user {u}: what helps with a dry cough?", user_id=500 + u)
               for q in range(3) for u in range(20)]
        urgent = fake.push_text("my dad is having crushing chest pain and can't breathe", user_id=600)
        assert await fake.wait_for(lambda: {str(i) for i in [*ids, urgent]} <= set(proc.delivered()), 180), \
            [i for i in ids if not fake.replies_to(i)][:5]
        for i in ids:
            (reply,) = fake.replies_to(i)
            assert EN.disclaimer in reply["text"] and reply["text"] != EN.error, (proc.log()[-1500:], server.log.read_text()[-1500:])
        assert fake.replies_to(urgent)[0]["text"].startswith(EN.emergency[:30])
        assert server.completions() == len(ids)  # the emergency never reached the engine

        server.stop()  # the engine dies mid-service
        down = [fake.push_text(f"While down {k}: what is gout?", user_id=700 + k) for k in range(6)]
        assert await fake.wait_for(lambda: all(fake.replies_to(i) for i in down), 60)
        assert all(fake.replies_to(i)[0]["text"] == EN.error for i in down)
        health = await asyncio.to_thread(httpx.get, f"http://127.0.0.1:{metrics}/healthz", timeout=5)
        assert health.status_code == 503 and "inference server failed" in health.text

        server = Server(tiny_model, port)  # back, without restarting the bot
        await asyncio.to_thread(server.up)
        again: list[int] = []

        def answered_again() -> bool:
            if not again or fake.replies_to(again[-1]):
                again.append(fake.push_text("And now: what is asthma?", user_id=800 + len(again)))
            return any(EN.disclaimer in r["text"] for i in again for r in fake.replies_to(i))

        assert await fake.wait_for(answered_again, 90)
        proc.signal(signal.SIGHUP)  # reads nothing from disk with this backend: probes the server again
        assert await fake.wait_for(lambda: proc.log().count(f"serves {tiny_model}") >= 2, 30), proc.log()[-1500:]
        health = await asyncio.to_thread(httpx.get, f"http://127.0.0.1:{metrics}/healthz", timeout=5)
        assert health.status_code == 200, health.text
    finally:
        if proc is not None:
            proc.stop()  # also asserts the API key never reached the log
        server.stop()
        await fake.stop()


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_an_unreachable_engine_is_one_line_and_exit_2(tmp_path):
    from tests.fakes.proc import PY, run_env

    env = run_env(MEDBOT_BACKEND="openai", MEDBOT_OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1")
    p = subprocess.run([PY, "-m", "bot", "--ask", "What is gout?"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=60)
    lines = [line for line in p.stderr.splitlines() if line.strip()]
    assert p.returncode == 2 and len(lines) == 1 and "inference server unreachable" in lines[0], p.stderr
    c = subprocess.run([PY, "-m", "bot", "--check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert c.returncode == 1 and "problem: inference server unreachable" in c.stdout, c.stdout


async def test_a_server_that_refuses_top_k_gets_requests_without_it():
    bodies: list[dict] = []

    def strict(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        if "top_k" in body:
            return httpx.Response(422, json={"detail": "Unexpected keys: top_k"})
        return completion(" Rest.")

    w = remote(strict)
    assert (await w.submit("What is a cold?")).outcome == "answered"
    assert (await w.submit("What is a cough?")).outcome == "answered"
    assert ["top_k" in b for b in bodies] == [True, False, False] and w.breaker.failures == 0


async def test_a_shutdown_cuts_requests_in_flight_to_restarting_so_the_inbox_keeps_them():
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return completion(" late")

    w = remote(slow, MEDBOT_REQUEST_TIMEOUT_S="30")
    pending = asyncio.create_task(w.submit("What is gout?"))
    await asyncio.sleep(0.2)
    assert await w.drain_and_stop(0.2) == 1
    r = await pending
    assert r.outcome == "restarting" and w.breaker.failures == 0
    assert (await w.submit("After the drain?")).outcome == "restarting"
