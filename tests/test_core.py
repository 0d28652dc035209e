import asyncio

import pytest

from bot.core import Core, RateLimiter, is_emergency
from bot.generation.worker import Result
from bot.operations.config import Settings
from bot.safety.messages import EN, ID


class FakeWorker:
    def __init__(self):
        self.questions = []

    async def submit(self, q, seed=None):
        self.questions.append(q)
        return Result(f"answer to {q[:20]}", "answered")


def make_core(**env):
    s = Settings.from_env({k: str(v) for k, v in env.items()})
    w = FakeWorker()
    return Core(s, w), w


async def test_length_check_uses_the_seeds_reply():
    core, w = make_core()
    for text in ["", "   ", "hi", "abcd", "\x00\x00\x00\x00\x00"]:
        r = await core.answer("u", text)
        assert (r.text, r.kind) == (EN.too_short, "too_short")
    assert w.questions == []


async def test_answer_carries_disclaimer_and_is_cut_not_refused():
    core, w = make_core(MEDBOT_MAX_QUESTION_CHARS=100)
    r = await core.answer("u", "why " * 5000)
    assert r.kind == "answer" and r.text.endswith(EN.disclaimer)
    assert len(w.questions[0]) <= 100


@pytest.mark.parametrize("text", [
    "I have crushing chest pain and my left arm is numb", "my dad can't breathe",
    "there is severe bleeding from the cut",
    "her face is drooping and she has slurred speech",
])
async def test_emergency_replies_at_once_without_the_model(text):
    core, w = make_core()
    r = await core.answer("u", text)
    assert r.kind == "emergency" and "emergency" in r.text.lower() and r.text == EN.emergency
    assert w.questions == []


@pytest.mark.parametrize("text", [
    "What causes migraines?", "Is breathing exercise good for anxiety?", "What causes seizures in adults?",
    "What are the risk factors for a stroke?", "How long does food poisoning last?",
    "Is chest pain after a cold normal?", "What is a choking hazard for toddlers?",
])
def test_ordinary_questions_are_not_emergencies(text):
    assert not is_emergency(text)


async def test_rate_limit_per_user():
    core, _ = make_core(MEDBOT_RATE_BURST=2, MEDBOT_RATE_PER_MINUTE=1)
    kinds = [(await core.answer("alice", "What is asthma?")).kind for _ in range(3)]
    assert kinds == ["answer", "answer", "rate_limited"]
    assert (await core.answer("bob", "What is asthma?")).kind == "answer"


def test_rate_limiter_refills_and_memory_is_bounded():
    now = [0.0]
    rl = RateLimiter(per_minute=60, burst=1, max_users=100, clock=lambda: now[0])
    assert rl.take("a") == 0 and rl.take("a") > 0
    now[0] += 1.0
    assert rl.take("a") == 0
    for i in range(10_000):
        rl.take(f"user{i}")
    assert len(rl) == 100


@pytest.mark.parametrize("outcome, text", [
    ("busy", EN.busy), ("error", EN.error), ("timeout", EN.timeout), ("restarting", EN.restarting),
    ("something_new", EN.error),
])
async def test_core_passes_busy_and_errors_through(outcome, text):
    core, w = make_core()

    async def fails(q, seed=None):
        return Result("worker text", outcome)

    w.submit = fails
    r = await core.answer("u", "What is asthma?")
    assert (r.kind, r.text) == (outcome, text) and not r.ok and EN.disclaimer not in r.text


@pytest.mark.parametrize("result, lang, expected", [
    (Result("", "busy"), "id", ID.busy), (Result("", "error"), "id", ID.error),
    (Result("", "answered"), "en", f"{EN.no_answer}\n\n{EN.disclaimer}"),
    (Result("", "answered"), "id", f"{ID.no_answer}\n\n{ID.disclaimer}"),
])
async def test_the_backend_gives_an_outcome_and_the_core_says_it_in_the_users_language(result, lang, expected):
    """Engine, worker and remote backend write no user text: an outcome, and the answer as the model
    wrote it (maybe empty); the reply around it is the core's, in the language of the message."""
    core, w = make_core()

    async def backend(q, seed=None):
        return result

    w.submit = backend
    question = "Apa penyebab demam berdarah?" if lang == "id" else "What causes dengue fever?"
    assert (await core.answer("u", question)).text == expected


async def test_concurrent_users_do_not_block_each_other():
    """50 users' questions are all inside the worker at once: a core that served one at a time would
    never get the 50th in while the first is still waiting, and the gate below would not open."""
    core, w = make_core()
    inside = 0
    all_in = asyncio.Event()

    async def slow(q, seed=None):
        nonlocal inside
        inside += 1
        if inside == 50:
            all_in.set()
        await asyncio.wait_for(all_in.wait(), 30)  # held until every question is in
        return Result(f"answer to {q}", "answered")

    w.submit = slow
    replies = await asyncio.wait_for(
        asyncio.gather(*(core.answer(f"u{i}", f"question number {i}?") for i in range(50))), 60)
    assert all(r.kind == "answer" for r in replies) and inside == 50
    assert [r.text.split("\n")[0] for r in replies] == [f"answer to question number {i}?" for i in range(50)]


async def test_the_event_loop_stays_responsive_while_a_long_message_is_handled():
    """Triage, understanding and retrieval of a 4,096-character message run in a thread: the loop
    keeps serving other chats (its longest pause stays under 50 ms; on the loop it would be the whole
    0.3 s the retrieval takes here)."""
    import time

    from bot.answering.grounding import TfidfRetriever

    class SlowRetriever(TfidfRetriever):  # CPU-bound like TF-IDF and re-ranking, 0.3 s a question
        def __init__(self):
            pass

        def best(self, question, exclude_question=None):
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < 0.3:
                pass

    s = Settings.from_env({"MEDBOT_MAX_QUESTION_CHARS": "4096"})
    core = Core(s, FakeWorker(), SlowRetriever())
    text = ("My knee has been sore since a long hike last month and the swelling comes and goes. " * 60)[:4096]

    async def longest_pause() -> float:
        gaps, done = [], False

        async def beat():
            last = time.perf_counter()
            while not done:
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        b = asyncio.create_task(beat())
        r = await core.answer(f"u{len(gaps)}", text)
        done = True
        await b
        assert r.kind == "no_source"
        return max(gaps)

    # the best of three runs, so one scheduling hiccup of a busy machine is not read as a blocked loop
    assert min([await longest_pause() for _ in range(3)]) < 0.05
