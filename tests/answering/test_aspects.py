"""The learned question type (bot/answering/aspects.py): the shipped weights, that it fills only the rules'
gaps, the held-out writer at first sight, broken weights, and the trainer end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from bot.answering import aspects
from bot.answering.indonesian import TEMPLATES, read
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


def test_the_rules_types_stay_and_the_model_fills_their_gaps():
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


@pytest.mark.parametrize(("writer", "gain"), [("q4", 20), ("qi3", 20), ("o2", 10), ("oi2", 10)])
def test_the_held_out_writers_first_sight(writer, gain):
    """The held-out writers trained and tuned nothing. q4 (English) and qi3 (Indonesian) ask one aspect a message:
    with the model at least 20 more of each one's 210 get their labelled type than from the rules alone; o2 and oi2
    write short and first messages, 110 of 200 a bare name or statement or a request for the topic in general: the
    model must do better there than the rules by 10 (+18 and +25 at first sight, when the weights were fitted: see the weights' meta
    `held_out_first_sight` and data/aspects/README.md)."""
    msgs = [m for m in trainer.load(HELD_OUT) if m.writer == writer]
    model = aspects.shipped()
    assert model is not None and len(msgs) >= 200
    rules = sum(m.rules == m.qtype for m in msgs)
    both = sum(trainer.decide(m, model.probabilities(m.text), model.at, model.over) == m.qtype for m in msgs)
    assert both >= rules + gain


def _bot_qtype(text: str, topic: str, lang: str) -> str:
    """The question type the bot itself reads (understand, or for Indonesian the English question `_in_english`
    puts to the reference), in a conversation about `topic`."""
    names = FocusNames.build([topic.capitalize()], [()])
    if lang == "en":
        return understand(text, names, topic).qtype
    english, _ = _in_english(names, text, topic)  # the topic as the Indonesian reader names it in English
    return next((q for q, t in sorted(TEMPLATES.items(), key=lambda kv: -len(kv[1])) if english and re.fullmatch(
        re.escape(t).replace(re.escape("{t}"), "(.+)"), english)), "none")


def test_the_bot_reads_the_held_out_types_as_the_trainer_scores_them():
    """The bot's own path (understand, _in_english) on q4 and qi3's messages: the model's types reach the replies,
    not just the trainer's report (at least 30 more right than the rules alone, of 420)."""
    rows = [json.loads(line) for w in ("q4", "qi3") for line in (HELD_OUT / f"{w}.jsonl").open(encoding="utf-8")]
    msgs = [m for m in trainer.load(HELD_OUT) if m.writer in ("q4", "qi3")]
    assert [m.text for m in msgs] == [r["text"] for r in rows]
    rules = sum(m.rules == m.qtype for m in msgs)
    bot = sum(_bot_qtype(m.text, r["topic_en"].lower(), m.lang) == m.qtype for m, r in zip(msgs, rows, strict=True))
    assert bot >= rules + 30


@pytest.mark.parametrize("topic", ["psoriasis", "asthma", "gout", "lupus", "shingles", "glaucoma", "anemia",
                                   "migraine", "eczema", "measles"])
def test_a_request_for_the_topic_in_general_stays_general(topic):
    """'tell me about psoriasis' asks what psoriasis is, not its symptoms (the first model, trained on messages that
    ask one aspect each, said symptoms for 8 of 10 such topics; the short and first messages of data/aspects/o1 and
    oi1 taught it otherwise)."""
    for text in (f"tell me about {topic}", f"what do you know about {topic}", f"can you tell me a bit about {topic}",
                 f"info on {topic} pls", f"explain {topic} to me", f"what is {topic}?"):
        assert _bot_qtype(text, topic, "en") == "information", text
    for text in (f"apa itu {topic}", f"tolong jelasin tentang {topic}", f"info dong soal {topic}"):
        assert _bot_qtype(text, topic, "id") == "information", text
    # an aspect asked after the request is still read
    assert _bot_qtype(f"tell me about {topic}. how is it treated?", topic, "en") == "treatment"
    assert _bot_qtype(f"tell me about {topic}, is it contagious", topic, "en") == "causes"


def test_a_bare_name_or_statement_stays_general():
    """A first message that only names or states it ("psoriasis", "my son has asthma", "anak saya kena asma") asks
    nothing specific; the first model gave most of them an aspect ("anak saya kena asma" -> "Is asthma inherited?",
    7 of 10 topics). At most one of the ten topics of each form may get one now."""
    topics = ["psoriasis", "asthma", "gout", "lupus", "shingles", "glaucoma", "anemia", "migraine", "eczema", "measles"]
    for form, lang in (("{}", "en"), ("{}?", "en"), ("my son has {}", "en"), ("i have {}", "en"),
                       ("anak saya kena {}", "id"), ("saya punya {}", "id"), ("ibu saya {}", "id")):
        typed = [t for t in topics if _bot_qtype(form.format(t), t, lang) != "information"]
        assert len(typed) <= 1, (form, typed)


def test_the_model_takes_over_the_rules_only_when_very_sure_and_never_from_the_main_question_of_several():
    model = aspects.shipped()
    assert model is not None and model.at <= model.over < 1
    text = "is it in his genes or just bad luck"  # "genes": the rules' genetic changes; it asks if it is inherited
    assert rules_qtype(text) == "genetic changes" and understand(text, None, "cystic fibrosis").qtype == "inheritance"
    assert model.decide("genetic changes", True, text) == "inheritance"
    # where the model is not that sure, the rules' type stays
    text = "can adults get it too"  # who gets it; the model leans to how it spreads, not sure enough
    qtype, p = model.predict(text)
    assert qtype != rules_qtype(text) and p < model.over
    assert model.decide(rules_qtype(text), True, text) == "susceptibility"
    # the rules read the main question of several ("how is it treated?"): the model reads the whole, so it stays
    text = "I have asthma. What are the symptoms? And how is it treated?"
    assert model.decide("treatment", True, text) != "treatment"  # what the model alone would do
    assert understand(text, FocusNames.build(["Asthma"], [()])).qtype == "treatment"


def test_an_indonesian_message_with_no_question_word_gets_the_model_s_type():
    """The Indonesian reader knows question words ("menular", "gejalanya apa", and since the twenty-third round
    "kapan bisa masuk sekolah lg"); "kapan bisa renang lg" has none, and the model reads it as the outlook (when it is
    over; the English question put to the reference, whose words then say what the retriever looks for)."""
    names = FocusNames.build(["Chickenpox"], [()])
    assert read("cacar air anak sy udh 5 hari, kapan bisa masuk sekolah lg").qtype == "outlook"
    text = "cacar air anak sy udh 5 hari, kapan bisa renang lg"
    assert read(text).qtype == "information"
    english, lead = _in_english(names, text, None)
    assert english is not None and english.startswith("What is the outlook for chickenpox") and "chickenpox" in lead
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
