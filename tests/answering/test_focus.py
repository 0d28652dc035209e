"""Which of the topics a message names it asks about (bot/answering/focus.py): the shipped weights, broken and missing
weights, the margin, that the model only reorders where a message names two topics or more and never below the bar,
the shipped model on the whole reference, the held-out writers at first sight and the trainer end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.answering import focus
from bot.answering.reference import Row
from bot.answering.rerank import ConsumerRetriever, Reranker, retrieve
from bot.app import SHIPPED_RERANKER
from tests.fakes.grounded import retriever_over
from trainer import focus as trainer

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = [ROOT / "tests" / "data" / d for d in ("aspects_heldout", "triage_heldout", "conversations_heldout")]

ROWS = [Row("What is (are) Atrial fibrillation ?", "Atrial fibrillation is an irregular, often rapid heart rate.",
            "https://medlineplus.gov/atrialfibrillation.html", "Atrial fibrillation", "information"),
        Row("What are the complications of Atrial fibrillation ?", "Atrial fibrillation raises the risk of stroke.",
            "https://medlineplus.gov/atrialfibrillation.html#c", "Atrial fibrillation", "complications"),
        Row("What is (are) Stroke ?", "A stroke happens when blood flow to part of the brain stops.",
            "https://medlineplus.gov/stroke.html", "Stroke", "information"),
        Row("What are the complications of Stroke ?", "A stroke can leave weakness or trouble speaking.",
            "https://medlineplus.gov/stroke.html#c", "Stroke", "complications"),
        Row("What is Warfarin ?", "", "https://medlineplus.gov/druginfo/meds/a682277.html", "Warfarin",
            "information"),
        Row("What is (are) Knee pain ?", "Knee pain is a common symptom in people of all ages.",
            "https://medlineplus.gov/kneepain.html", "Knee pain", "information")]
TWO = "how big is the stroke risk with my dad's atrial fibrillation"


@pytest.fixture
def fresh_weights():
    """`focus.shipped()` read again before and after the test (it is cached per process)."""
    focus.shipped.cache_clear()
    yield
    focus.shipped.cache_clear()


def _model(prefers: str, margin: float = 0.0) -> focus.FocusModel:
    """A model that finds the topic with the feature `prefers` (family "r") asked about, and no other."""
    return focus.FocusModel({f"r:{prefers}": 0}, np.array([[-4.0, 4.0]]), np.array([2.0, -2.0]), margin)


def _use(monkeypatch: pytest.MonkeyPatch, model: focus.FocusModel | None) -> None:
    monkeypatch.setattr(focus, "shipped", lambda: model)


def test_the_weights_are_json_and_name_their_writers():
    data = json.loads(focus.DEFAULT_PATH.read_text(encoding="utf-8"))
    model = focus.FocusModel.from_dict(data)
    assert 0 <= model.margin <= 1 and len(model.vocab) > 100
    assert not set(data["trained_on"]) & set(data["held_out"]) and {"cA2", "cB2", "q4", "wH"} <= set(data["held_out"])
    oof, first = data["leave_one_writer_out"], data["held_out_first_sight"]
    assert oof["right"] > oof["reranker_right"] and first["right"] > first["reranker_right"]


@pytest.mark.parametrize("bad", [
    {"margin": 1.5},
    {"classes": ["asked", "passing"]},
    {"bias": [0.0]},
    {"weights": [float("nan")] * 2},
])
def test_broken_weights_are_refused(bad):
    good = {"classes": list(focus.CLASSES), "features": ["r:main"], "weights": [0.0, 1.0], "bias": [0.0, 0.0],
            "margin": 0.1}
    focus.FocusModel.from_dict(good)
    with pytest.raises(ValueError):
        focus.FocusModel.from_dict({**good, **bad})


def test_missing_or_broken_weights_leave_the_reranker_alone(monkeypatch, tmp_path, fresh_weights):
    retriever = retriever_over(ROWS)
    before = retriever.choose(TWO)
    monkeypatch.setattr(focus, "DEFAULT_PATH", tmp_path / "missing.json")
    focus.shipped.cache_clear()
    assert focus.shipped() is None
    u = retriever.understand(TWO)
    assert retriever.choose(TWO) == retriever.choose_ranked(u, retriever.rank_understood(u, k=60))
    focus.shipped.cache_clear()
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": ["passing", "asked"], "features": [], "weights": [], "bias": [0, 0], "margin": 2}',
                   encoding="utf-8")
    monkeypatch.setattr(focus, "DEFAULT_PATH", bad)
    assert focus.shipped() is None and before is not None


def test_the_margin_decides_whether_the_re_ranker_s_topic_is_overruled():
    feats = {"stroke": {"r": {"first"}, "w": set()}, "atrial fibrillation": {"r": {"main"}, "w": set()}}
    assert _model("main").pick(feats) == "atrial fibrillation"
    assert _model("main", margin=0.99).pick(feats) is None  # 0.98 - 0.12 < 0.99
    assert _model("first").pick(feats) is None  # the model agrees with the re-ranker: nothing changes
    assert _model("main").pick({}) is None


def test_the_model_puts_the_topic_asked_about_first(monkeypatch):
    retriever = retriever_over(ROWS)
    u = retriever.understand(TWO)
    assert u.foci == {"stroke", "atrial fibrillation"}
    feats = retriever.focus_features(u, retriever.rank_understood(u, k=120))
    assert set(feats) == {"stroke", "atrial fibrillation"}
    assert "last" in feats["atrial fibrillation"]["r"] and "first" in feats["stroke"]["r"]
    assert "b:dad" in feats["atrial fibrillation"]["w"] and "a:risk" in feats["stroke"]["w"]
    _use(monkeypatch, None)
    assert retriever.choose(TWO).focus == "atrial fibrillation"  # the re-ranker's choice
    _use(monkeypatch, _model("first"))
    assert retriever.choose(TWO).focus == "stroke"


def test_one_topic_a_follow_up_or_a_row_below_the_bar_is_never_reordered(monkeypatch):
    retriever = retriever_over(ROWS)
    calls = []

    class Spy(focus.FocusModel):
        def pick(self, feats):
            calls.append(set(feats))
            return super().pick(feats)

    spy = Spy({"r:last": 0}, np.array([[-4.0, 4.0]]), np.array([2.0, -2.0]), 0.0)
    _use(monkeypatch, spy)
    assert retriever.choose("what are the complications of a stroke").focus == "stroke"
    assert retriever.choose("is it serious", previous_focus="stroke").focus == "stroke"
    assert calls == []  # one topic, or the conversation's: the model is not asked
    # the topic the model prefers (stroke, named first) has no row at the bar: the re-ranker's choice stands
    _use(monkeypatch, _model("first"))
    low = ConsumerRetriever(retriever.ref, Reranker.load(SHIPPED_RERANKER))
    u = low.understand(TWO)
    ranked = low.rank_understood(u, k=120)
    stroke_best = next(c.prob for c in ranked if c.focus == "stroke")
    assert ranked[0].focus == "atrial fibrillation" and ranked[0].prob > stroke_best + 2e-3
    low.reranker.threshold = stroke_best + 1e-3
    assert low.choose(TWO).focus == "atrial fibrillation"


async def test_only_an_english_message_without_a_conversation_topic_asks_the_model(monkeypatch):
    retriever = retriever_over(ROWS)
    asked: list[bool] = []
    choose = retriever.choose_understood

    def spy(u, pick_focus=True):
        asked.append(pick_focus)
        return choose(u, pick_focus)

    monkeypatch.setattr(retriever, "choose_understood", spy)
    _use(monkeypatch, _model("first"))
    got = await retrieve(retriever, TWO, "en", None, None)
    assert asked == [True] and got.focus == "stroke"
    for question, lang, previous in ((TWO, "en", "knee pain"),  # a later message of a conversation
                                     ("risiko stroke dari fibrilasi atrium ayah saya seberapa besar", "id", None)):
        await retrieve(retriever, question, lang, previous, None)
    assert asked == [True, False, False]


def test_one_name_of_several_topics_or_a_name_of_what_is_asked_is_no_choice():
    rows = [*ROWS,
            Row("What is Naloxone injection ?", "", "https://medlineplus.gov/n1.html", "Naloxone injection", "usage",
                ("naloxone",)),
            Row("What is Naloxone nasal spray ?", "", "https://medlineplus.gov/n2.html", "Naloxone nasal spray",
                "usage", ("naloxone",)),
            Row("What is (are) Drug reactions ?", "Drug reactions are side effects of medicines.",
                "https://medlineplus.gov/drugreactions.html", "Drug reactions", "information", ("side effects",))]
    retriever = retriever_over(rows)
    names = retriever.ref.names
    for text in ("what is naloxone", "what are the side effects after a stroke"):
        u = retriever.understand(text)
        assert len(u.foci) == 2
        assert focus.candidates(u, names, retriever.rank_understood(u, k=120)) == []
    u = retriever.understand(TWO)
    assert focus.candidates(u, names, retriever.rank_understood(u, k=120))[1:] in (["atrial fibrillation"],
                                                                                  ["stroke"])


def test_a_medicine_is_never_moved_to_nor_away_from(monkeypatch):
    retriever = retriever_over(ROWS)
    names = retriever.ref.names
    u = retriever.understand(TWO)
    wide = retriever.rank_understood(u, k=120)
    assert retriever.choose_first(u, wide, None).focus == "atrial fibrillation"  # the re-ranker's choice
    assert retriever.choose_first(u, wide, "stroke").focus == "stroke"
    assert focus.candidates(u, names, wide) == ["atrial fibrillation", "stroke"]
    # were either a medicine, its FDA label would answer a question on it (bot/answering/drugs.py): nothing moves
    for medicine in ("atrial fibrillation", "stroke"):
        monkeypatch.setattr(names, "drugs", {medicine})
        assert retriever.choose_first(u, wide, "stroke").focus == "atrial fibrillation"
        assert focus.candidates(u, names, wide) == []


def test_a_topic_with_a_link_alone_never_displaces_an_answer_with_text(monkeypatch):
    retriever = retriever_over(ROWS)
    text = "my dad takes warfarin. what are the complications of a stroke?"
    u = retriever.understand(text)
    assert u.foci == {"stroke", "warfarin"}
    _use(monkeypatch, None)
    assert retriever.choose(text).focus == "stroke"  # the re-ranker's choice
    _use(monkeypatch, _model("link_only"))  # prefers the topic whose pages have no text
    assert set(retriever.focus_features(u, retriever.rank_understood(u, k=120))) == {"stroke", "warfarin"}
    wide = retriever.rank_understood(u, k=120)
    assert retriever.choose_ranked(u, focus.reorder(wide, "warfarin")).focus == "warfarin"  # were it put first
    got = retriever.choose(text)
    assert got is not None and got.focus == "stroke" and got.row.answer


def test_the_one_topic_the_asking_sentence_names_is_chosen_even_with_its_link_alone(monkeypatch):
    """"... small ulcers in his mouth and red spots on his palm. is this hfmd?": the page on what is asked, link-only,
    before the text of a topic the story names on the way (it had answered from the page on peptic ulcers)."""
    hfmd = "https://medlineplus.gov/ency/article/000965.htm"
    rows = [*ROWS, Row("What is (are) Hand-foot-mouth disease ?", "", hfmd, "Hand-foot-mouth disease", "information"),
            Row("What is (are) Peptic ulcer ?", "A peptic ulcer is a sore in the lining of the stomach.",
                "https://medlineplus.gov/pepticulcer.html", "Peptic ulcer", "information")]
    retriever = retriever_over(rows)
    _use(monkeypatch, _model("link_only"))  # the model prefers the topic whose pages have no text
    text = "my boy has a peptic ulcer in his mouth and red spots on his palm, his peptic ulcer hurts. is this hfmd?"
    u = retriever.understand(text)
    assert retriever.choose_ranked(u, retriever.rank_wide(u)).focus == "peptic ulcer"  # the re-ranker's choice
    got = retriever.choose(text)
    assert got is not None and got.focus == "hand foot mouth disease" and got.row.url == hfmd
    story = "my boy had hand foot mouth disease last year. now his tummy hurts, what is a peptic ulcer?"
    got = retriever.choose(story)  # the link-only topic named on the way: the text of the one asked stays first
    assert got is not None and got.focus == "peptic ulcer" and got.row.answer


@pytest.fixture(scope="module")
def full_retriever(full_reference):
    return ConsumerRetriever(full_reference, Reranker.load(SHIPPED_RERANKER))


@pytest.mark.parametrize(("text", "topic"), [
    # development writers' messages (the model was fitted on them): the re-ranker alone chose the second topic
    ("is adhd genetic? me and my brother both had it and now my son", "attention deficit hyperactivity disorder"),
    ("signs of UTI in elderly dementia pts? is sudden confusion one of them", "urinary tract infection"),
    ("can my daughter catch shingles off me, she's never had chickenpox", "shingle"),
])
def test_the_shipped_model_on_the_whole_reference(full_retriever, fresh_weights, text, topic):
    assert focus.shipped() is not None
    got = full_retriever.choose(text)
    assert got is not None and topic in got.focus


def test_a_known_miss_of_the_shipped_model(full_retriever, fresh_weights):
    """A development message its writer labelled colon cancer, which the eighth round's model answered on it: the ninth
    round's refit (data/focus's writers, whose labels make the thing the asking sentence names the topic) answers it
    from the page on genetic testing. Kept as what the bot does now, so a refit that changes it is seen."""
    assert focus.shipped() is not None
    got = full_retriever.choose("my dad had bowel cancer at 48, should I be getting genetic testing")
    assert got is not None and got.focus == "genetic testing"



def test_the_trainer_s_reading_is_the_bot_s_choice(full_retriever, fresh_weights, tmp_path):
    """For a development writer's messages, the topic the trainer counts for the shipped model's decision is the one
    the bot chooses."""
    model = focus.shipped()
    assert model is not None
    (tmp_path / "q1.jsonl").write_bytes((ROOT / "data" / "aspects" / "q1.jsonl").read_bytes())
    msgs = trainer.load(tmp_path, full_retriever)
    assert len(msgs) > 10
    for m in msgs:
        got = full_retriever.choose(m.text)
        assert m.focus_if[trainer.decide(trainer.probabilities(model, m), model.margin)] == (
            None if got is None else got.focus), m.text


def test_the_held_out_writers_at_first_sight(full_retriever, fresh_weights):
    """Held-out writers' messages that name two topics or more, the labelled one among them, read by the bot's path
    as the trainer reads them: the shipped model answers more of them on their topic than the re-ranker alone
    (recorded: 46 -> 55 of 81 in the eighth round; 49 -> 62 of 86 with the ninth round's writers and refit). Counts only: a failing assertion must not print held-out messages."""
    model = focus.shipped()
    assert model is not None
    msgs = [m for d in HELD_OUT for m in trainer.load(d, full_retriever, first_turns=True)]
    t = trainer.tally(msgs, [trainer.probabilities(model, m) for m in msgs], model.margin)
    n, before, after = t["messages"], t["reranker_right"], t["right"]
    assert n > 60 and after >= before + 5, (n, before, after)


def _reference_csv(tmp_path: Path) -> Path:
    path = tmp_path / "ref.csv"
    path.write_text("question,answer,url,focus,qtype\n" + "".join(
        f'"{r.question}","{r.answer}",{r.url},{r.focus},{r.qtype}\n' for r in ROWS), encoding="utf-8")
    return path


def test_the_trainer_chooses_the_most_right_then_the_fewest_changes():
    results = {2.0: {"right": 191, "changed": 45}, 4.0: {"right": 191, "changed": 43}, 8.0: {"right": 191, "changed": 35},
               16.0: {"right": 190, "changed": 20}, 1.0: {"right": 189, "changed": 10}}
    assert trainer.choose_c(results) == 8.0
    assert trainer.choose_c({**results, 32.0: {"right": 192, "changed": 60}}) == 32.0  # right first
    assert trainer.choose_c({**results, 0.5: {"right": 191, "changed": 35}}) == 0.5  # then the smaller C


def test_the_trainer_end_to_end(tmp_path):
    asks_af = ["stroke risk with my dad's atrial fibrillation", "does stroke come from atrial fibrillation",
               "my mum had a stroke, was it her atrial fibrillation", "stroke and atrial fibrillation, how are they linked"]
    asks_stroke = ["atrial fibrillation caused my dad's stroke, will he recover from the stroke",
                   "with atrial fibrillation already, what does a stroke do to you", "knee pain after a stroke"]
    rows = [{"text": t, "topic_en": "atrial fibrillation"} for t in asks_af] + [
        {"text": t, "topic_en": "stroke"} for t in asks_stroke]
    for w, folder in (("a", "aspects"), ("b", "aspects"), ("c", "focus")):  # --focus: data/focus's layout
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / f"{w}.jsonl").write_text("\n".join(json.dumps({**r, "aspect": "overview", "mentions": [
            "stroke", "atrial fibrillation"]}) for r in rows) + "\n", encoding="utf-8")
    held = tmp_path / "held"
    held.mkdir()
    (held / "h.jsonl").write_text(json.dumps({"kind": "followup", "turns": [
        {"text": TWO, "lang": "en", "topic_en": "atrial fibrillation"}, {"text": "thanks", "lang": "en"}]}) + "\n",
        encoding="utf-8")
    out = tmp_path / "focus.json"
    none = str(tmp_path / "none")
    assert trainer.main(["--reference", str(_reference_csv(tmp_path)), "--aspects", str(tmp_path / "aspects"),
                         "--triage", none, "--conversations", none, "--focus", str(tmp_path / "focus"),
                         "--heldout", str(held), "--out", str(out), "--c", "4"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["trained_on"] == ["a", "b", "c"] and data["held_out"] == ["h"]
    assert data["leave_one_writer_out"]["messages"] == 3 * (len(asks_af) + len(asks_stroke))  # each names two
    assert data["held_out_first_sight"]["messages"] == 1
    focus.FocusModel.from_dict(data)
    with pytest.raises(SystemExit, match="both"):
        trainer.main(["--reference", str(_reference_csv(tmp_path)), "--aspects", str(tmp_path / "aspects"),
                      "--triage", none, "--conversations", none, "--focus", none,
                      "--heldout", str(tmp_path / "aspects"), "--out", str(out), "--c", "4"])
