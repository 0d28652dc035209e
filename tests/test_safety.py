"""The emergency check: recall and false alarms on the labelled corpus, happening-now vs asking
about, negation, the self-harm and poisoning replies, and Indonesian."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core import Core
from bot.lang import detect
from bot.messages import EN, ID, for_message, texts
from bot.safety import GROUPS, triage
from bot.worker import Result
from tests.emergency_corpus import ALL


def _rates(lang: str) -> tuple[float, float, list[str], list[str]]:
    urgent = [t for lg, label, _, t in ALL if lg == lang and label == "urgent"]
    ordinary = [t for lg, label, _, t in ALL if lg == lang and label == "ordinary"]
    missed = [t for t in urgent if triage(t) is None]
    alarms = [t for t in ordinary if triage(t) is not None]
    return 1 - len(missed) / len(urgent), len(alarms) / len(ordinary), missed, alarms


@pytest.mark.parametrize("lang, min_urgent, min_ordinary", [("en", 200, 200), ("id", 60, 60)])
def test_corpus_recall_and_false_alarms(lang, min_urgent, min_ordinary):
    assert sum(1 for lg, label, *_ in ALL if lg == lang and label == "urgent") >= min_urgent
    assert sum(1 for lg, label, *_ in ALL if lg == lang and label == "ordinary") >= min_ordinary
    recall, false_alarms, missed, alarms = _rates(lang)
    assert recall >= 0.98, missed
    assert false_alarms <= 0.03, alarms


def test_every_group_has_a_source_and_both_languages_and_is_in_the_corpus():
    names = {g.name for g in GROUPS}
    assert len(names) == len(GROUPS)
    assert all(g.source and g.en and g.id for g in GROUPS)
    corpus_groups = {group for _, label, group, _ in ALL if label == "urgent"}
    assert names - {"harm_others"} <= corpus_groups


def test_self_harm_gets_its_own_kind_and_poisoning_its_own():
    for _lang, label, group, text in ALL:
        if label != "urgent":
            continue
        kind = triage(text).kind
        assert (kind == "self_harm") == (group == "self_harm"), text
    assert triage("my son drank some bleach").kind == "poisoning"
    assert triage("my wife collapsed and isn't breathing").kind == "emergency"


@pytest.mark.parametrize("asking, reporting", [
    ("what causes chest pain?", "I have chest pain and my arm is numb"),
    ("What are the risk factors for suicide?", "I don't want to be here anymore"),
    ("What is anaphylaxis?", "my throat is closing up after eating shrimp"),
    ("how do I know if I'm having a heart attack", "i think im having a heart attack"),
    ("what should i do if my child swallows a battery", "my child swallowed a button battery what do i do"),
    ("my mother had a stroke last year how can i help her recovery", "my mother is slurring her words right now"),
    ("I get short of breath when I run, is that asthma?", "he is struggling to breathe"),
    ("apa saja gejala serangan jantung", "ayah saya sakit dada dan keringat dingin"),
    ("apa penyebab bunuh diri pada remaja", "saya ingin bunuh diri"),
])
def test_asking_about_a_sign_is_not_reporting_it(asking, reporting):
    assert triage(asking) is None
    assert triage(reporting) is not None


@pytest.mark.parametrize("text", [
    "no chest pain but a bad cough for a week, what can I take", "i'm not suicidal, just sad after the breakup",
    "tidak ada nyeri dada, hanya batuk", "he has no trouble breathing but his knee is swollen",
])
def test_negated_signs_are_not_emergencies(text):
    assert triage(text) is None


@pytest.mark.parametrize("text, lang", [
    ("muntah darah", "id"), ("tolong anak kejang", "id"), ("dok, bayi saya demam", "id"),
    ("apa penyebab kolesterol tinggi", "id"), ("vomiting blood", "en"), ("What is asthma?", "en"),
    ("my baby is turning blue", "en"), ("", "en"), ("¿Qué es la diabetes?", "en"),
])
def test_language_guess_on_short_messages(text, lang):
    assert detect(text) == lang


def test_texts_fall_back_to_english_and_follow_the_client_language_without_text():
    assert texts("fr") is EN and texts(None) is EN and texts("id") is ID
    assert for_message(None, "id") is ID and for_message("What is asthma?", "id") is EN
    assert for_message("apa itu asma", None) is ID
    fields = [f for f in vars(EN) if f != "lang"]
    assert all(getattr(ID, f) and getattr(ID, f) != getattr(EN, f) for f in fields)


class _Worker:
    def __init__(self, outcome: str = "answered"):
        self.questions: list[str] = []
        self.outcome = outcome

    async def submit(self, q, seed=None):
        self.questions.append(q)
        return Result("jawaban" if self.outcome == "answered" else "x", self.outcome)


def _core(outcome: str = "answered") -> tuple[Core, _Worker]:
    w = _Worker(outcome)
    return Core(Settings.from_env({}), w), w


async def test_core_replies_in_indonesian_and_never_reaches_the_model_for_an_emergency():
    core, w = _core()
    r = await core.answer("u", "anak saya minum pemutih")
    assert (r.kind, r.text) == ("emergency", ID.poisoning)
    r = await core.answer("u", "aku mau mati saja")
    assert (r.kind, r.text) == ("self_harm", ID.self_harm)
    r = await core.answer("u", "od")  # shorter than the length check: triage still comes first
    assert r.kind == "too_short" and r.text == EN.too_short
    assert w.questions == []
    r = await core.answer("u", "apa itu demam berdarah")
    assert r.kind == "answer" and r.text == f"jawaban\n\n{ID.disclaimer}"
    r = await core.answer("u", "i took 20 paracetamol an hour ago")
    assert (r.kind, r.text) == ("emergency", EN.poisoning) and "1-800-222-1222" in r.text


async def test_core_worker_outcomes_are_localised():
    core, _ = _core("busy")
    assert (await core.answer("u", "apa itu demam berdarah")).text == ID.busy
    assert (await core.answer("v", "What is dengue fever?")).text == EN.busy
