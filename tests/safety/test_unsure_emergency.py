"""An emergency the check is not sure of: the emergency reply first, then the reference's answer (a calm
question about a child's fever reads much like an urgent one, and a false alarm used to end the conversation).
Sure emergencies, self-harm, poisoning, a warning sign the rules read as happening now, generate mode (no
reference), a reference without an answer and a slow or failing one keep the emergency reply alone."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import numpy as np
import pytest

import bot.core as core_mod
from bot.answering.retrieval import Retrieved
from bot.core import Core, FollowUps
from bot.operations.config import Settings
from bot.safety import detector as det
from bot.safety.messages import EN, ID
from bot.safety.signs import GROUPS
from bot.safety.triage import Assessment, assess, stands_alone
from trainer.triage import Message, Thresholds, choose_thresholds

HELD_OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "triage_heldout"
PASSAGE = "Fever in children is usually caused by an infection. Source: https://medlineplus.gov/fever.html"


class _Retriever:
    def __init__(self, outcome: str = "answer", delay: float = 0.0):
        self.asked: list[str] = []
        self.outcome, self.delay = outcome, delay
        self.fail: Exception | None = None

    @property
    def size(self) -> int:
        return 1

    async def retrieve(self, question, lang, previous, drugs=None, condition=None):
        self.asked.append(question)
        await asyncio.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        if self.outcome != "answer":
            return Retrieved(self.outcome)  # type: ignore[arg-type]
        return Retrieved("answer", PASSAGE, focus="fever")


class _Worker:
    def __init__(self):
        self.questions: list[str] = []

    async def submit(self, q, seed=None):
        self.questions.append(q)
        raise AssertionError("the model is never asked after an emergency reply")


def _core(retriever=None, burst: int = 100) -> tuple[Core, _Worker]:
    w = _Worker()
    return Core(Settings.from_env({"MEDBOT_RATE_BURST": str(burst)}), w, retriever=retriever), w


def _assessed(monkeypatch, kind: str = "emergency", alone: bool = False) -> None:
    monkeypatch.setattr(core_mod, "assess", lambda text, lang="en": Assessment("emergency", kind, "detector", 0.7,
                                                                                alone))


async def test_an_unsure_emergency_is_followed_by_the_answer_and_the_topic_is_remembered(monkeypatch):
    _assessed(monkeypatch)
    r = _Retriever()
    core, w = _core(r)
    reply = await core.answer("tg:1", "my 3 year old has a fever of 39 but is playing, what else can i do", chat="c")
    assert reply.kind == "emergency"
    assert reply.text.startswith(EN.emergency + "\n\n" + EN.not_now + "\n\n" + PASSAGE)
    assert reply.text.endswith(EN.disclaimer)
    assert r.asked and w.questions == []
    assert core.followups.get(FollowUps.key("c", "tg:1")) == "fever"  # a follow-up keeps the topic


async def test_in_indonesian_the_line_between_is_indonesian(monkeypatch):
    _assessed(monkeypatch)
    core, _ = _core(_Retriever())
    reply = await core.answer("tg:1", "anak sy panas 38,9 dr semalem tp msh main2, paracetamol sirup brp ml")
    assert reply.text.startswith(ID.emergency + "\n\n" + ID.not_now + "\n\n")


@pytest.mark.parametrize("kind, alone", [("emergency", True), ("self_harm", False), ("poisoning", False)])
async def test_a_sure_emergency_self_harm_and_poisoning_get_the_reply_alone(monkeypatch, kind, alone):
    # the core keeps self-harm and poisoning alone even if an assessment said otherwise
    _assessed(monkeypatch, kind, alone)
    r = _Retriever()
    core, _ = _core(r)
    reply = await core.answer("tg:1", "what can i give for it")
    assert reply.text == {"self_harm": EN.self_harm, "poisoning": EN.poisoning}.get(kind, EN.emergency)
    assert r.asked == []  # the reply went before any lookup
    await asyncio.sleep(0.05)
    # after an emergency reply sent alone, its topic is looked up for the follow-ups (never shown); never after the
    # self-harm or poisoning reply
    assert r.asked == (["what can i give for it"] if kind == "emergency" else [])


async def test_without_a_reference_the_model_is_never_asked(monkeypatch):
    _assessed(monkeypatch)
    core, w = _core(None)
    reply = await core.answer("tg:1", "my baby has a fever and a rash, what is it")
    assert (reply.kind, reply.text) == ("emergency", EN.emergency) and w.questions == []


@pytest.mark.parametrize("outcome", ["no_source", "off_topic"])
async def test_no_answer_in_the_reference_leaves_the_emergency_reply_alone(monkeypatch, outcome):
    _assessed(monkeypatch)
    core, _ = _core(_Retriever(outcome))
    assert (await core.answer("tg:1", "my baby has a fever and a rash, what is it")).text == EN.emergency


async def test_a_failing_reference_never_costs_the_emergency_reply(monkeypatch, caplog):
    _assessed(monkeypatch)
    r = _Retriever()
    r.fail = RuntimeError("index broken")
    core, _ = _core(r)
    text = "my baby has a fever and a rash, what is it"
    with caplog.at_level("INFO", logger="bot.core"):
        assert (await core.answer("tg:1", text)).text == EN.emergency
    assert "RuntimeError" in caplog.text and text not in caplog.text


async def test_an_unsure_emergency_takes_no_rate_limit_token(monkeypatch):
    monkeypatch.setattr(core_mod, "assess", lambda text, lang="en": Assessment(
        "emergency" if "baby" in text else "none", "emergency" if "baby" in text else None, "detector", 0.7, False))
    core, _ = _core(_Retriever(), burst=1)
    for _ in range(2):
        reply = await core.answer("tg:1", "my baby has a fever and a rash, what is it")
        assert reply.text.startswith(EN.emergency + "\n\n" + EN.not_now)
    assert (await core.answer("tg:1", "what is a fever exactly")).kind == "answer"  # the one token is still there
    assert (await core.answer("tg:1", "what is a fever exactly")).kind == "rate_limited"


async def test_a_slow_answer_never_holds_the_emergency_reply_back(monkeypatch):
    _assessed(monkeypatch)
    monkeypatch.setattr(core_mod, "EMERGENCY_ANSWER_WAIT_S", 0.05)
    core, _ = _core(_Retriever(delay=5.0))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    assert (await core.answer("tg:1", "my baby has a fever and a rash, what is it")).text == EN.emergency
    assert loop.time() - t0 < 2.0


def test_self_harm_and_poisoning_are_alone_whatever_the_score():
    d = det.Detector.load()
    never_sure = det.Detector(d.vocab, d.weights, d.bias, d.emergency_at, d.rules_at, d.caution_at, 1.0)
    for text, kind in [("i want to kill myself tonight", "self_harm"), ("my son drank some bleach", "poisoning"),
                       ("saya ingin bunuh diri", "self_harm")]:
        a = assess(text, detector=never_sure)
        assert (a.level, a.kind, a.alone) == ("emergency", kind, True), text
    a = assess("my wife collapsed and isn't breathing", detector=never_sure)
    assert (a.level, a.alone) == ("emergency", True)  # a rule read a warning sign happening now


def test_the_rules_and_the_detector_disagreeing_on_the_kind_still_keep_it_alone():
    self_harm_sign = next(f"S:{g.name}" for g in GROUPS if g.kind == "self_harm")
    assert stands_alone(set(), "emergency", "self_harm") and stands_alone(set(), "poisoning", "emergency")
    assert stands_alone({self_harm_sign}, "emergency", "emergency") and stands_alone({"S:harm_others"}, "emergency")
    assert not stands_alone({"S:chest"}, "emergency", "emergency")  # a sign asked about, not reported
    assert stands_alone({"S:chest", "R:any"}, "emergency", "emergency")  # a rule read it as happening now


def test_assess_keeps_the_detector_s_own_self_harm_kind_alone(monkeypatch):
    d = det.Detector.load()
    unsure = det.Detector(d.vocab, d.weights, d.bias, 0.5, 0.5, 0.3, 0.99)
    for kind, alone in (("self_harm", True), ("poisoning", True), ("emergency", False)):
        monkeypatch.setattr(det.Detector, "score", lambda self, feats, k=kind: det.Score(0.7, k))
        a = assess("what can i take for it", detector=unsure)  # no rule fires: the detector's kind decides
        assert (a.level, a.kind, a.group, a.alone) == ("emergency", kind, "detector", alone)


@pytest.mark.parametrize("text", ["my husband's speech is slurred and his arm is weak right now, what is a stroke",
                                  "i have the worst headache of my life right now, can a migraine do that"])
def test_a_warning_sign_the_rules_read_as_happening_now_gets_the_reply_alone(text):
    d = det.Detector.load()
    never_sure = det.Detector(d.vocab, d.weights, d.bias, d.emergency_at, d.rules_at, d.caution_at, 1.0)
    a = assess(text, detector=never_sure)
    assert a.level == "emergency" and a.group != "detector" and a.alone


def test_weights_without_the_alone_threshold_keep_every_emergency_reply_alone():
    data = {"classes": list(det.CLASSES), "features": ["w:x"], "weights": [0.0, 1.0, 0.0, 0.0],
            "bias": [0, 0, 0, 0], "thresholds": {"emergency": 0.8, "rules": 0.5, "caution": 0.3}}
    assert det.Detector.from_dict(data).alone_at == 0.0
    assert det.Detector.from_dict({**data, "thresholds": {**data["thresholds"], "alone": 0.9}}).alone_at == 0.9
    with pytest.raises(ValueError):
        det.Detector.from_dict({**data, "thresholds": {**data["thresholds"], "alone": 1.5}})


def test_the_alone_threshold_is_the_lowest_score_within_its_share_of_ordinary_messages():
    msgs = [Message("w", "en", u, "emergency" if u else "none", "", "x") for u in [True] * 10 + [False] * 100]
    p = np.array([0.99] * 5 + [0.75] * 5 + [0.95, 0.9, 0.8, 0.7] + [0.01] * 96)
    t = choose_thresholds(msgs, p, recall=0.9, max_alarms=0.04, max_alone=0.02)
    # every urgent message caught with 3 ordinary ones; 2 of 100 ordinary at or above 0.81, 3 at 0.80
    assert t.emergency == pytest.approx(0.75) and t.alone == pytest.approx(0.81)
    assert t.level(0.8, False) == "emergency+answer" and t.level(0.95, False) == "emergency"
    assert t.level(0.8, False, alone=True) == "emergency" and t.level(0.8, True) == "emergency+answer"
    assert Thresholds(0.5, 0.5, 0.3).level(0.6, False) == "emergency"  # no alone threshold: always alone


def test_held_out_writers_ordinary_messages_rarely_lose_their_answer():
    """First sight on every held-out writer (they tuned nothing): the emergency reply reaches at least 97% of the
    urgent messages, alone or first; at most 3.5% of the ordinary messages get it alone, with no answer (when this
    was written: 26 of 790 ordinary alone, 30 with the emergency reply, most of the rest writer Z's words of
    despair in an everyday sense and the rules' own false alarms; 448 of 455 urgent caught; the weights before
    this round, every emergency reply alone: 32 of 790)."""
    rows = [json.loads(line) for p in sorted(HELD_OUT.glob("*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    urgent = [assess(r["text"], r["lang"]) for r in rows if r["label"] == "urgent"]
    ordinary = [assess(r["text"], r["lang"]) for r in rows if r["label"] == "ordinary"]
    assert len(urgent) >= 450 and len(ordinary) >= 780
    assert sum(a.level == "emergency" for a in urgent) / len(urgent) >= 0.97
    assert sum(a.level == "emergency" and a.alone for a in ordinary) / len(ordinary) <= 0.035
