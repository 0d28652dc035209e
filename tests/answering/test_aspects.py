"""The learned question type (bot/answering/aspects.py): the shipped weights, that it fills only the rules'
gaps, the held-out writer at first sight, broken weights, and the trainer end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.answering import aspects
from bot.answering.indonesian import read
from bot.answering.rerank import _in_english
from bot.answering.understand import FocusNames, rules_qtype, understand
from trainer import aspects as trainer

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "tests" / "data" / "aspects_heldout"


@pytest.fixture
def fresh_weights():
    """`aspects.shipped()` read again before and after the test (it is cached per process)."""
    aspects.shipped.cache_clear()
    yield
    aspects.shipped.cache_clear()


def test_the_weights_are_json_and_load_without_pickle(monkeypatch):
    import pickle

    def refuse(*a, **k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    data = json.loads(aspects.DEFAULT_PATH.read_text(encoding="utf-8"))
    model = aspects.AspectModel.from_dict(data)
    assert len(model.vocab) > 1000 and model.weights.shape == (len(model.vocab), len(aspects.QTYPES))
    assert 0 < model.at < 1
    # trained on writers the held-out one never overlaps, the held-out folder's writer exactly
    assert data["trained_on"] and not set(data["trained_on"]) & set(data["held_out"])
    assert {p.stem for p in HELD_OUT.glob("*.jsonl")} == set(data["held_out"])


@pytest.mark.parametrize("bad", [{"classes": ["information"]}, {"at": 0}, {"over": 1.5}, {"bias": [0.0]},
                                 {"weights": [float("nan")] * len(aspects.QTYPES)}])
def test_broken_weights_are_refused(bad):
    data = {"classes": list(aspects.QTYPES), "features": ["w:x"], "weights": [0.0] * len(aspects.QTYPES),
            "bias": [0.0] * len(aspects.QTYPES), "at": 0.5}
    aspects.AspectModel.from_dict(data)  # the valid base loads
    with pytest.raises(ValueError):
        aspects.AspectModel.from_dict({**data, **bad})


def test_the_model_answers_only_where_the_rules_find_nothing():
    # the rules' types stay, and a plain "what is it" stays a question about the topic in general
    assert understand("what are the side effects of metformin").qtype == "side effects"
    assert understand("is shingles contagious").qtype == rules_qtype("is shingles contagious") != "information"
    assert understand("what is croup?").qtype == "information"
    # asked without the rules' words: the model's type (a follow-up's too)
    names = FocusNames.build(["Croup", "Athlete's foot", "Metformin"], [(), (), ()])
    names.drugs = {"metformin"}
    for text, qtype in [("my son has croup, can his baby sister catch it", "causes"),
                        ("me grandson has croup, can he still go to nursery tomorrow", "causes"),
                        ("whats a good cream for athletes foot", "treatment"),
                        ("can her little brother catch it", "causes")]:
        assert rules_qtype(text) == "information"
        assert understand(text, names, "croup").qtype == qtype
    # a condition's type for a condition (never a medicine's "precautions"); any type for a medicine
    assert understand("croup. is it ok for her to fly next week", names).qtype != "precautions"
    # the model says what a health question asks, not whether a message is one: small talk stays small talk
    for text in ("can he still play xbox tonight?", "thanks! will it rain tomorrow?", "what wine goes well with steak?"):
        u = understand(text, names, "croup")
        assert not u.follows_up and u.qtype == "information"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_held_out_writers_first_sight(lang):
    """q4 (English) and qi3 (Indonesian) trained and tuned nothing: with the model, at least 20 more of each
    one's 210 messages get their labelled type than from the rules alone (at first sight, when the weights were
    fitted: 115 -> 164 and 115 -> 161; see the weights' meta)."""
    msgs = [m for m in trainer.load(HELD_OUT) if m.lang == lang]
    model = aspects.shipped()
    assert model is not None and len(msgs) >= 200
    rules = sum(m.rules == m.qtype for m in msgs)
    both = sum(trainer.decide(m, model.probabilities(m.text), model.at) == m.qtype for m in msgs)
    assert both >= rules + 20
    # and the bot's own reading of a message where the rules found nothing is the model's decision
    for m in msgs[:40]:
        if not m.typed:
            want = trainer.decide(m, model.probabilities(m.text), model.at)
            assert aspects.shipped().asked(m.text) == (None if want == "information" else want)  # type: ignore[union-attr]


def test_the_model_takes_over_the_rules_only_when_very_sure_and_never_from_the_main_question_of_several():
    model = aspects.shipped()
    assert model is not None and model.at <= model.over < 1
    text = "is it in his genes or just bad luck"  # "genes": the rules' genetic changes; it asks if it is inherited
    assert rules_qtype(text) == "genetic changes" and understand(text, None, "cystic fibrosis").qtype == "inheritance"
    assert model.decide("genetic changes", True, text) == "inheritance"
    # where the model is not that sure, the rules' type stays
    text = "will she have to take it forever"
    qtype, p = model.predict(text)
    assert qtype != rules_qtype(text) and p < model.over and model.decide(rules_qtype(text), True, text) == "treatment"
    # the rules read the main question of several ("how is it treated?"): the model reads the whole, so it stays
    text = "I have asthma. What are the symptoms? And how is it treated?"
    assert model.decide("treatment", True, text) != "treatment"  # what the model alone would do
    assert understand(text, FocusNames.build(["Asthma"], [()])).qtype == "treatment"


def test_an_indonesian_message_with_no_question_word_gets_the_model_s_type():
    """The Indonesian reader knows question words ("menular", "gejalanya apa"); "kapan bisa masuk sekolah lg"
    has none, and the model reads it as how the illness spreads (the English question put to the reference)."""
    names = FocusNames.build(["Chickenpox"], [()])
    text = "cacar air anak sy udh 5 hari, kapan bisa masuk sekolah lg"
    assert read(text).qtype == "information"
    english, lead = _in_english(names, text, None)
    assert english is not None and english.startswith("What causes chickenpox") and "chickenpox" in lead
    # a question word the reader knows still decides ("turunan": inherited)
    assert _in_english(names, "cacar air itu turunan ya?", None)[0] == "Is chickenpox inherited?"


def test_missing_or_broken_weights_leave_the_rules_alone(monkeypatch, tmp_path, fresh_weights):
    monkeypatch.setattr(aspects, "DEFAULT_PATH", tmp_path / "missing.json")
    assert aspects.shipped() is None
    assert understand("can her little brother catch it", None, "croup").qtype == "information"
    aspects.shipped.cache_clear()
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": ["information"]}', encoding="utf-8")
    monkeypatch.setattr(aspects, "DEFAULT_PATH", bad)
    assert aspects.shipped() is None
    assert understand("what are the side effects of metformin").qtype == "side effects"


def test_the_trainer_end_to_end(tmp_path):
    """Three small writers and a held-out one: the trainer picks its threshold on leave-one-writer-out
    predictions, reports the held-out writer, and writes weights the bot loads."""
    lines = {"treatment": ["any cream you would recommend for {}", "what helps with {} at home", "how do you get rid of {}"],
             "causes": ["can my sister catch {} from me", "how do kids pick up {}", "does {} spread at school"],
             "overview": ["tell me about {}", "i was just told i have {}", "whats {} exactly"]}
    topics = ["eczema", "croup", "impetigo", "ringworm"]
    for w, topic in zip(("a", "b", "c", "held"), topics, strict=True):
        folder = tmp_path / ("held" if w == "held" else "corpus")
        folder.mkdir(exist_ok=True)
        rows = [{"aspect": a, "text": t.format(topic)} for a, ts in lines.items() for t in ts]
        (folder / f"{w}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "aspects.json"
    assert trainer.main(["--corpus", str(tmp_path / "corpus"), "--conversations", str(tmp_path / "none"),
                         "--heldout", str(tmp_path / "held"), "--out", str(out), "--c", "4"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    model = aspects.AspectModel.from_dict(data)
    assert data["trained_on"] == ["a", "b", "c"] and data["held_out"] == ["held"]
    assert data["held_out_first_sight"]["all"]["n"] == 9
    p = model.probabilities("any cream you would recommend for it")
    assert aspects.QTYPES[int(np.argmax(p))] == "treatment"


def test_a_writer_in_both_folders_is_refused(tmp_path):
    for folder in ("corpus", "held"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.jsonl").write_text('{"aspect": "treatment", "text": "what helps"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="both"):
        trainer.main(["--corpus", str(tmp_path / "corpus"), "--conversations", str(tmp_path / "none"),
                      "--heldout", str(tmp_path / "held"), "--out", str(tmp_path / "x.json"), "--c", "1"])
