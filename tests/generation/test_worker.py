import asyncio
import threading

import pytest

from bot.generation.worker import Worker
from tests.fakes.engine import FakeEngine


async def test_concurrent_submits_are_batched_and_each_gets_its_own_answer():
    eng = FakeEngine()
    w = Worker(eng, batch_max=16, batch_wait_ms=20).start()
    results = await asyncio.gather(*(w.submit(f"q{i}") for i in range(40)))
    assert [r.text for r in results] == [f"v1:q{i}" for i in range(40)]
    assert len(eng.calls) < 40 and max(map(len, eng.calls)) > 1
    assert len(eng.threads) == 1 and threading.get_ident() not in eng.threads
    await w.drain_and_stop(1)


async def test_queue_full_answers_busy_at_once():
    """A full queue answers "busy" in the same step it is asked, while the engine is still held: each busy
    reply is checked to exist before anything ahead of it could finish (no clock involved)."""
    eng = FakeEngine(delay=0)
    eng.release = threading.Event()  # every batch holds until the test lets it go
    w = Worker(eng, batch_max=1, batch_wait_ms=0, queue_max=2).start()
    tasks = [asyncio.create_task(w.submit(f"q{i}")) for i in range(8)]
    for _ in range(3):
        await asyncio.sleep(0)  # one step of each submit, no more
    done = [t for t in tasks if t.done()]
    assert len(done) >= 5 and all(t.result().outcome == "busy" and t.result().text == "" for t in done)
    assert not eng.release.is_set()  # nothing was generated while the busy replies went out
    eng.release.set()
    results = await asyncio.gather(*tasks)
    assert [r.outcome for r in results].count("answered") == len(tasks) - len(done)
    await w.drain_and_stop(5)


async def test_generation_error_answers_batch_with_apology_and_thread_goes_on():
    boom = {"on": True}

    def fail(qs):
        if boom["on"]:
            raise ValueError("boom")

    eng = FakeEngine(fail=fail)
    w = Worker(eng, batch_max=8, batch_wait_ms=20).start()
    bad = await asyncio.gather(*(w.submit(f"q{i}") for i in range(3)))
    assert all(r.text == "" and r.outcome == "error" for r in bad)
    boom["on"] = False
    good = await w.submit("again")
    assert good.outcome == "answered" and w.is_alive()
    await w.drain_and_stop(1)


async def test_out_of_memory_retries_in_halves():
    import torch

    def fail(qs):
        if len(qs) > 2:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")

    eng = FakeEngine(fail=fail, delay=0.05)
    w = Worker(eng, batch_max=8, batch_wait_ms=50).start()
    res = await asyncio.gather(*(w.submit(f"q{i}") for i in range(8)))
    assert [r.text for r in res] == [f"v1:q{i}" for i in range(8)]
    assert any(len(c) > 2 for c in eng.calls) and any(len(c) <= 2 for c in eng.calls)
    await w.drain_and_stop(1)


async def test_engine_swap_applies_between_batches():
    eng1, eng2 = FakeEngine("old"), FakeEngine("new")
    eng1.release = threading.Event()
    w = Worker(eng1, batch_max=4, batch_wait_ms=5).start()
    first = asyncio.create_task(w.submit("a"))
    assert await asyncio.to_thread(eng1.started.wait, 30)  # the batch with "a" is running on the old engine
    w.swap_engine(eng2)
    eng1.release.set()
    second = await w.submit("b")
    assert (await first).text == "old:a" and second.text == "new:b"
    await w.drain_and_stop(1)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
async def test_dead_thread_is_restarted_and_waiting_requests_answered():
    def die(qs):
        raise SystemExit  # escapes the batch's exception handling and kills the thread

    eng = FakeEngine(fail=die)
    w = Worker(eng, batch_max=4, batch_wait_ms=5, request_timeout_s=5).start()
    task = asyncio.create_task(w.submit("lost?"))
    for _ in range(100):
        if not w.is_alive():
            break
        await asyncio.sleep(0.02)
    assert not w.is_alive()
    eng.fail = None
    # the next question restarts it (submit checks the thread), and the one the dead thread held is answered
    assert (await w.submit("after")).text == "v1:after"
    assert w.restarts == 1 and (await task).outcome == "error"
    await w.drain_and_stop(1)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
async def test_the_daemons_heartbeat_restarts_a_dead_thread_with_nobody_asking():
    """No new question arrives: the daemon's heartbeat (App._heartbeat) finds the dead thread, restarts it
    and answers the question the thread held."""
    import types

    from bot.app import App

    def die(qs):
        raise SystemExit

    eng = FakeEngine(fail=die)
    w = Worker(eng, batch_max=4, batch_wait_ms=5, request_timeout_s=10).start()
    task = asyncio.create_task(w.submit("lost?"))
    for _ in range(250):
        if not w.is_alive():
            break
        await asyncio.sleep(0.02)
    assert not w.is_alive()
    eng.fail = None
    app = types.SimpleNamespace(worker=w, notifier=types.SimpleNamespace(status=lambda line: None, watchdog=lambda: None),
                                status_line=lambda: "", core=None)
    beats = asyncio.create_task(App._heartbeat(app))  # type: ignore[arg-type]
    try:
        assert (await task).outcome == "error" and w.restarts == 1 and w.is_alive()
    finally:
        beats.cancel()
    await w.drain_and_stop(1)


async def test_drain_finishes_inflight_and_answers_the_rest_restarting():
    eng = FakeEngine(delay=0)
    eng.gate = threading.Semaphore(1)  # the first batch may finish; the next one holds until released
    w = Worker(eng, batch_max=1, batch_wait_ms=0, queue_max=100).start()
    tasks = [asyncio.create_task(w.submit(f"q{i}")) for i in range(10)]
    assert await asyncio.to_thread(eng.started.wait, 30)
    drain = asyncio.create_task(w.drain_and_stop(0.5))
    # after the drain's deadline (this loop runs its check first), let the held batch go so the thread can end
    asyncio.get_running_loop().call_later(0.8, lambda: [eng.gate.release() for _ in range(10)])
    left = await drain
    res = await asyncio.gather(*tasks)
    assert left == 9  # the batch held past the deadline and the 8 still queued got the restarting reply
    assert [r.outcome for r in res] == ["answered"] + ["restarting"] * 9
    assert (await w.submit("late")).outcome == "restarting"


@pytest.mark.timeout(60)
async def test_real_tiny_engine_batches(tiny_engine):
    calls = []
    orig = tiny_engine.generate

    def spy(qs, seed=None):
        calls.append(len(qs))
        return orig(qs, seed)

    tiny_engine.generate = spy
    try:
        w = Worker(tiny_engine, batch_max=8, batch_wait_ms=30).start()
        res = await asyncio.gather(*(w.submit(f"What is disease number {i}?") for i in range(8)))
        await w.drain_and_stop(1)
    finally:
        del tiny_engine.generate
    assert all(r.outcome == "answered" and r.text for r in res)
    assert len(calls) < 8


async def test_timed_out_request_gets_a_reply_and_is_not_generated_later():
    eng = FakeEngine(delay=0.4)
    w = Worker(eng, batch_max=1, batch_wait_ms=0, request_timeout_s=0.2).start()
    first, second = await asyncio.gather(w.submit("slow one"), w.submit("queued behind it"))
    assert first.outcome == "timeout" and second.outcome == "timeout"
    w.request_timeout_s = 60
    # one thread, first in first out: once a later question is answered, the skipped one had its turn
    assert (await w.submit("after them")).text == "v1:after them"
    assert ["queued behind it"] not in eng.calls and ["after them"] in eng.calls  # skipped once its asker had gone
    await w.drain_and_stop(1)


async def test_a_streak_of_failed_batches_turns_healthz_to_503_and_a_good_batch_back():
    from bot.generation.worker import FAILED_BATCHES
    from bot.operations.metrics import healthy

    broken = {"on": True}

    def fail(questions):
        if broken["on"]:
            raise RuntimeError("CUDA error: an illegal memory access was encountered")

    w = Worker(FakeEngine(delay=0, fail=fail), batch_max=1, batch_wait_ms=0).start()
    for i in range(FAILED_BATCHES - 1):
        assert (await w.submit(f"q{i}")).outcome == "error"
        assert healthy(w)[0], "a failure or two is not a broken engine"
    assert (await w.submit("q")).outcome == "error"
    ok, why = healthy(w)
    assert not ok and f"{FAILED_BATCHES} batches in a row" in why and "RuntimeError" in why
    broken["on"] = False
    assert (await w.submit("fine")).outcome == "answered"
    assert healthy(w)[0]
    await w.drain_and_stop(1)
