"""The emergency check: the rules and the learned detector on writers' messages (the held-out writer
first), happening-now vs asking about, negation, the reply kinds, the caution line, text tricks
(captions, soft hyphens, full-width letters), a replayed old emergency, and Indonesian."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.core import Core
from bot.generation.worker import Result
from bot.intake.inbox import Ticket
from bot.operations.config import Settings
from bot.safety import detector as det
from bot.safety import triage
from bot.safety.lang import detect
from bot.safety.messages import EN, ID, for_message, texts
from bot.safety.signs import GROUPS
from bot.safety.triage import _bare_statement, assess, decisive, default_detector, normalise, rules

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "tests" / "data" / "triage_heldout"
TEAM = ROOT / "data" / "triage" / "w0.jsonl"  # the team's own corpus, written beside the rules


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _levels(rows: list[dict]) -> tuple[list[str], list[str]]:
    return [assess(r["text"]).level for r in rows if r["label"] == "urgent"], \
        [assess(r["text"]).level for r in rows if r["label"] == "ordinary"]


def test_the_weights_are_json_and_load_without_pickle(monkeypatch):
    import pickle

    def refuse(*a, **k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    data = json.loads(det.DEFAULT_PATH.read_text())
    d = det.Detector.from_dict(data)
    assert len(d.vocab) > 5000 and d.weights.shape == (len(d.vocab), len(det.CLASSES))
    assert 0 < d.caution_at <= d.emergency_at < 1
    # the writers it was trained on and the ones held out never overlap
    assert data["trained_on"] and data["held_out"] and not set(data["trained_on"]) & set(data["held_out"])
    assert {p.stem for p in HELD_OUT.glob("*.jsonl")} == set(data["held_out"])


@pytest.mark.parametrize("bad", [{"classes": ["none"]}, {"thresholds": {"emergency": 0.2, "rules": 0.1, "caution": 0.5}},
                                 {"bias": [0, 0, 0]}])
def test_broken_weights_are_refused(bad):
    data = {"classes": list(det.CLASSES), "features": ["w:x"], "weights": [0.0, 1.0, 0.0, 0.0],
            "bias": [0, 0, 0, 0], "thresholds": {"emergency": 0.8, "rules": 0.5, "caution": 0.3}}
    det.Detector.from_dict(data)  # the valid base loads
    with pytest.raises(ValueError):
        det.Detector.from_dict({**data, **bad})


def test_a_held_out_writer_first_sight():
    """wH never tuned anything (the trainer reads it only for its report): at least 97% of its urgent
    messages get the emergency reply and at most 4% of its ordinary ones do."""
    rows = _rows(HELD_OUT / "wH.jsonl")
    urgent, ordinary = _levels(rows)
    assert len(urgent) >= 100 and len(ordinary) >= 100
    assert sum(x == "emergency" for x in urgent) / len(urgent) >= 0.97
    assert sum(x != "none" for x in urgent) / len(urgent) >= 0.98
    assert sum(x == "emergency" for x in ordinary) / len(ordinary) <= 0.04


def test_held_out_chat_that_is_not_about_health_raises_no_alarm():
    """wP wrote everyday chat full of "dead", "killing time", "the ending", "surat", "mati lampu": at most
    5% of it may get an emergency reply (first sight before wO's chat joined the corpus: 8/80 and 5/40)."""
    rows = _rows(HELD_OUT / "wP.jsonl")
    for lang in ("en", "id"):
        levels = [assess(r["text"], lang).level for r in rows if r["lang"] == lang]
        assert len(levels) >= 40 and sum(x == "emergency" for x in levels) / len(levels) <= 0.05


def test_held_out_medicine_regimens_and_past_emergencies_raise_few_alarms():
    """wR wrote calm messages listing medicines with doses, pasted medicine boxes and emergencies that are
    over: at most 5% of them get an emergency reply (first sight before wQ joined the corpus: 6/105)."""
    levels = [assess(r["text"], r["lang"]).level for r in _rows(HELD_OUT / "wR.jsonl")]
    assert len(levels) >= 100 and sum(x == "emergency" for x in levels) / len(levels) <= 0.05


def test_the_held_out_indonesian_writer_first_sight():
    urgent, ordinary = _levels(_rows(HELD_OUT / "wL.jsonl"))
    assert sum(x != "none" for x in urgent) / len(urgent) >= 0.97
    assert sum(x == "emergency" for x in ordinary) / len(ordinary) <= 0.05


def test_the_team_corpus_keeps_its_reply_kinds():
    """Every urgent message of the team's corpus: the self-harm reply exactly for self-harm."""
    for r in _rows(TEAM):
        if r["label"] != "urgent":
            continue
        a = assess(r["text"])
        if a.level == "emergency":
            assert (a.kind == "self_harm") == (r["kind"] == "self_harm"), r["text"]
    assert assess("my son drank some bleach").kind == "poisoning"
    assert assess("my wife collapsed and isn't breathing").kind == "emergency"


def test_every_group_has_a_source_and_both_languages():
    names = {g.name for g in GROUPS}
    assert len(names) == len(GROUPS)
    assert all(g.source and g.en and g.id for g in GROUPS)


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
    assert assess(asking).level == "none"
    assert assess(reporting).level == "emergency"


@pytest.mark.parametrize("text", [
    "bayi 5 hari demam", "bayiku umur 3 minggu panas tinggi", "Bayi saya (3 minggu) demam 38,5!",
    "anak pertama saya usianya baru 3 minggu demam", "bayi saya baru berumur 10 hari, demam", "dedek 2 minggu suhu 38,5",
    "umur 1 bln demam", "bayi baru lahir 4 hari badannya panas",
    # the review's: separate "ku", a colon, decimals, "se-", no space before the unit, other words for a baby
    "bayi 1,5 bulan demam", "bayi ku 3 minggu demam", "anak ku 2 bulan demam", "debay 3 minggu demam",
    "si kecil 3 minggu demam", "bayi: 3 minggu, demam 38", "cucu saya 3 minggu demam", "bayi 45 hari demam",
    "bayi sebulan demam", "bayi setengah bulan demam", "bayi 2 mggu demam", "si kecil 2bln panas",
    # the second review's: "-an", numbers in words, "orok", "kembar", "sekarang", "meriang"
    "bayi 3 mingguan demam", "orok 2 minggu demam", "bayi kembar 2 minggu demam", "bayi sekarang 3 minggu demam",
    "bayi empat puluh hari demam", "bayi tujuh minggu demam", "bayi 2 minggu meriang",
])
def test_an_indonesian_baby_under_3_months_with_a_fever_is_an_emergency(text):
    found = rules(text, "id")
    assert found is not None and found.group == "infant"
    # decisive whatever the detector scores: "si kecil 3 minggu demam" is short and the detector unsure (0.44)
    assert assess(text, "id").level == "emergency"


@pytest.mark.parametrize("text", [
    # the detector alone scores these under the rules' threshold (0.44, 0.23, 0.27, 0.36)
    "si kecil 3 minggu demam", "dedek 2 bulan panas abis imunisasi, normal gak?",
    # the review's: a negation word in the gap is not a negation of the fever; another group ranked first
    "bayi 1 bulan gak tau kenapa demam 38.5", "bayi 2 bulan tanpa sebab demam 38", "si kecil 3 minggu demam, keracunan",
    # the second review's: a reading with no "suhu", the fever named before the age, "anget"
    "bayi 1 bulan 38,5 rewel terus", "bayi 5 minggu anget 38 derajat", "bayi 1 bulan badannya hangat 38",
    "dedek demam, usianya 1 bulan", "anak saya demam, umurnya baru 3 minggu"])
def test_a_fever_in_a_baby_under_3_months_needs_no_help_from_the_detector(text):
    assert decisive(normalise(text)) is not None
    a = assess(text, "id")
    assert a.level == "emergency" and a.alone
    assert a.p_urgent < default_detector().rules_at  # the rule, not the detector, made it an emergency


@pytest.mark.parametrize("text", [
    "bayi 1 bulan ga demam kok, cuma pilek", "my 3 week old has no fever, just a cold", "bayi 1 bulan gak ada demam",
    "kenapa bayi 1 bulan demam harus ke dokter?", "what temp is a fever for a 1 month old?",
    # the review's: no fever word or reading, or no baby under three months
    "bayi 1 bulan suhu tubuhnya 36.8 normal kan?", "suhu ruangan buat bayi 1 bulan berapa ya yang pas?",
    "demam pada bayi usia 9 bulan normalnya berapa hari?", "demam 3 hari pada bayi 8 bulan", "bayi 3 bulan demam",
    "my 4 week old has a calm temperament", "my 2 week old weighs 3800 grams", "my 2 month old was born at 38 weeks",
    # the second review's: a fever that is over, supposed, defined, someone else's, a room's or milk's, a pet's,
    # negated three words back, a reading under 38, an older child
    "bayi 2 bulan abis imunisasi demam, skrg udh normal", "my 6 week old had a fever of 38.5 two days ago, now fine",
    "if my 6 week old gets a fever what should we do?", "kalau bayi 1 bulan demam harus gimana",
    "bayi 1 bulan dikatakan demam kalau suhunya berapa?", "bayi 1 bulan, kakaknya lagi demam, takut nular",
    "my 6 week old's room is 38 degrees hot, how do I keep her cool?", "bayi 2 bulan minum asi suhu 38 derajat",
    "my 6 week old puppy has a fever", "my 6 week old doesn't have a fever", "a temp of 37.2 in my 3 week old",
    "my 1 year 2 month old has a fever"])
def test_no_fever_a_question_about_one_or_an_older_baby_is_not_decisive(text):
    assert decisive(normalise(text)) is None


@pytest.mark.parametrize("text", ["khawatir, bayi 1 bulan saya demam 38", "takut bgt dok. bayi 3 minggu saya demam",
                                  "bayi 1 bulan saya demam 38, khawatir"])
def test_worry_said_on_its_own_is_no_supposition(text):
    # "khawatir" / "takut" alone had read as "if", so a real infant fever got no reply of the rules at all
    assert decisive(normalise(text)) is not None
    assert assess(text, "id").level == "emergency"


@pytest.mark.parametrize("text", ["takut kena dbd, anak saya demam", "saya khawatir kalau bayi 1 bulan demam",
                                  "takut anak saya kejang"])
def test_worry_with_a_clause_still_supposes(text):
    assert rules(text, "id") is None and decisive(normalise(text)) is None


@pytest.mark.parametrize("text", ["my 4 week old has a calm temperament", "my 2 week old weighs 3800 grams",
                                  "my 2 month old was born at 38 weeks"])
def test_a_weight_or_a_birth_week_is_no_fever(text):
    assert assess(text, "en").level != "emergency"


@pytest.mark.parametrize("text", ["my 10 day old son has a temperature of 100.6", "bayi 1 bulan 38,5 rewel terus"])
def test_a_decisive_sign_stands_alone_and_is_read_without_the_detector(text, monkeypatch):
    # no rule of the infant group reads these; the decisive sign does, alone, and with no weights either
    a = assess(text, "id" if "bayi" in text else "en")
    assert a.level == "emergency" and a.alone
    monkeypatch.setattr(triage, "default_detector", lambda: (_ for _ in ()).throw(OSError("no weights")))
    assert assess(text, "en").level == "emergency"


@pytest.mark.parametrize("text", [
    "dok mau nanyo, budak aku demam naek turun sudem 5 hari, malem panas nian siang agak turun",
    "anak saya demam sudah 3 hari, masih mau makan", "anak umur 9 bulan demam 38",
    "anak sy dirawat 5 hari krn luka bakar air panas, salep dioles berapa kali sehari?",
    "anak saya 3 hari demam", "adik saya 3 hari demam tinggi", "adek 3 hari panas", "anak 12 bulan demam",
    "anak saya seminggu demam", "anak saya sebulan ini demam terus", "bayi saya sehari demam 3 kali",
    "bayi 2 minggu mandi air hangat",
])
def test_how_long_a_fever_has_lasted_is_not_a_baby_s_age(text):
    found = rules(text, "id")
    assert found is None or found.group != "infant"


@pytest.mark.parametrize("text", ["ibu saya darah tinggi", "ibu saya kena darah tinggi", "bapak kena asam urat udah lama",
                                  "nenek saya kanker payudara"])
def test_a_bare_indonesian_statement_of_a_long_standing_condition_is_never_left_without_its_answer(text):
    # the detector, short of words, may still give the emergency reply, but the answer follows it
    assert _bare_statement(normalise(text))
    a = assess(text, "id")
    assert not (a.level == "emergency" and a.alone)


@pytest.mark.parametrize("text", ["ayah saya stroke", "ibu saya darah tinggi pingsan", "anak saya asma",
                                  "ibu saya muntah darah", "ibu saya darah tinggi sekarang pusing berat muntah",
                                  # the review's: a change, since this morning, a reading
                                  "ibu saya tensi drop", "ibu darah tinggi sejak pagi", "ibu saya hb turun",
                                  "suami saya diabetes sakit dari pagi", "ibu saya darah tinggi 220"])
def test_what_can_be_an_emergency_now_is_no_bare_statement(text):
    assert not _bare_statement(normalise(text))


@pytest.mark.parametrize("text", [
    "no chest pain but a bad cough for a week, what can I take", "tidak ada nyeri dada, hanya batuk",
])
def test_negated_signs_are_not_emergencies(text):
    assert assess(text).level != "emergency"


@pytest.mark.parametrize("text, lang", [("whats the point of living anymore", "en"),
                                        ("im just a burden to everyone", "en"),
                                        ("gak ada yg bakal kangen kalo aku mati", "id"),
                                        ("buat apa gunanya aku hidup", "id")])
def test_feeling_a_burden_or_no_point_in_living_gets_the_crisis_reply(text, lang):
    """988lifeline.org's warning signs: no reason to live, being a burden, nobody who would miss them (tenth round of
    issue 29; before it, the first and third got only the caution line)."""
    a = assess(text, lang)
    assert a.level == "emergency" and a.kind == "self_harm" and a.alone


@pytest.mark.parametrize("text", ["what is the point of taking statins if my cholesterol is fine",
                                  "no one would notice if i skipped the flu shot this year"])
def test_the_same_words_about_something_else_are_no_crisis(text):
    assert assess(text, "en").level != "emergency"


@pytest.mark.parametrize("text", ["he has no trouble breathing but his knee is swollen",
                                  "i'm not suicidal, just sad after the breakup"])
def test_negation_is_seen_by_the_rules(text):
    # known false alarms of the detector (short messages where "not" and a sign word carry the score):
    # the rules alone see the negation
    assert rules(text) is None


def test_poison_ivy_is_a_rash_not_a_poisoning():
    """A development writer's (issue 29, cF13): "got into poison ivy" had got the poisoning reply ("got into"
    something poisonous); the plant's rash asks about the rash, the poison itself stays urgent."""
    ivy = ("yall my boy got into poison ivy clearin brush behind the camp saturday, got them blisters all up his arms. "
           "is that stuff catchin? his lil sister keep touchin it")
    assert rules(ivy) is None and assess(ivy).level != "emergency"  # (the detector alone: a caution line)
    assert assess("my son got into the rat poison under the sink").kind == "poisoning"
    assert assess("toddler got into some poison in the garage").kind == "poisoning"


def test_an_ingestion_in_the_last_48_hours_stays_urgent():
    # a history word ("yesterday") does not make a recent overdose a past event
    assert rules("my daughter took 30 of my iron pills yesterday, she seems fine now") is not None
    assert assess("my daughter took 30 of my iron pills yesterday, she seems fine now").level == "emergency"
    assert assess("I overdosed on paracetamol five years ago, can it still affect my liver?").level != "emergency"


@pytest.mark.parametrize("text", [
    "i took an over\u00addose of sleeping pills",  # a soft hyphen inside the word
    "my wife col\u200blapsed and isn't breath\u200bing",  # zero-width spaces
    "ｍｙ ｗｉｆｅ ｃｏｌｌａｐｓｅｄ ａｎｄ ｉｓｎ'ｔ ｂｒｅａｔｈｉｎｇ",  # full-width letters (NFKC)
    "MY WIFE COLLAPSED AND ISN’T BREATHING",  # capitals and a curly apostrophe
])
async def test_hidden_characters_and_full_width_letters_do_not_hide_an_emergency(text):
    assert assess(text).level == "emergency"
    core, w = _core()
    r = await core.answer("u", text)  # through the core's cleaning too
    assert r.kind == "emergency" and w.questions == []


def test_cost_grows_linearly_with_the_message():
    """Crafted repetition (every sentence a sign asked about) must not make the check quadratic:
    eight times the text takes well under 64 times as long (it was quadratic before)."""
    def cost(n: int) -> float:
        text = "what is chest pain? " * n
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            assess(text)
            best = min(best, time.perf_counter() - t0)
        return best
    assert cost(200) / cost(25) < 24


@pytest.mark.parametrize("text, lang", [
    ("muntah darah", "id"), ("tolong anak kejang", "id"), ("dok, bayi saya demam", "id"),
    ("apa penyebab kolesterol tinggi", "id"), ("vomiting blood", "en"), ("What is asthma?", "en"),
    ("my baby is turning blue", "en"), ("", "en"), ("¿Qué es la diabetes?", "en"),
    # Javanese and Minang, and a repeated word written with a 2 (issue 29, fourteenth round): "anyang2an" had read
    # as English ("an"), and the reply with it
    ("mbak nyong kencing anyang2an, perih, bolak balik ning wc tapi metune sithik2. kuwe infeksi saluran kencing "
     "dudu?", "id"), ("bara lamo amak bisa batahan jo panyakik ko bot", "id"),
    ("my b2 levels are low", "en"), ("he is 2 years old and has a fever", "en"),
    # the review's: English the first version read as Indonesian
    ("PE?", "en"), ("got SA'd", "en"), ("SA last night", "en"), ("co2 poisoning?", "en"), ("type2 diabetes diet", "en"),
    ("spo2 low", "en"), ("Dr Wong said", "en"),
    # the second review's: a repeated Indonesian word alone is still Indonesian
    ("anakku kejang2", "id"), ("kejang2 bibir biru", "id"), ("sesak2", "id"), ("pusing2 mual", "id"),
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


async def test_a_message_that_might_be_urgent_is_answered_behind_the_caution_line(caplog):
    core, w = _core()
    text = next(r["text"] for r in _rows(HELD_OUT / "wK.jsonl")
                if r["label"] == "ordinary" and assess(r["text"]).level == "caution")
    with caplog.at_level("INFO", logger="bot.core"):
        r = await core.answer("u", text)
    assert r.kind == "caution" and r.text.startswith(EN.caution + "\n\n") and r.text.endswith(EN.disclaimer)
    assert w.questions, "the question is still answered"
    assert "kind=caution" in caplog.text and text not in caplog.text


@pytest.mark.parametrize(("text", "crisis"), [("sometimes i want to die", EN.self_harm),
                                              ("kadang aku pengen mati aja", ID.self_harm)])
async def test_wanting_to_die_the_detector_reads_as_not_urgent_leads_with_the_crisis_line(text, crisis):
    a = assess(text)
    assert (a.level, a.group) == ("caution", "self_harm")  # the rules' sign, below the detector's emergency score
    core, w = _core()
    r = await core.answer("u", text)
    assert r.kind == "caution" and r.text.startswith(crisis + "\n\n")  # it was the emergency number's line
    assert w.questions, "the question is still answered"


def test_wanting_to_die_is_a_sign():
    assert "S:self_harm" in triage.signals(normalise("do you ever have feelings of wanting to die"))[0]
    assert assess("do you ever have feelings of wanting to die").kind == "self_harm"  # it had no triage at all
    for text in ("sometimes i wish to die at home in my sleep", "i keep wishing to die", "i wish i could die",
                 "sometimes i wish i would just die", "sometimes i want to just die"):
        assert "S:self_harm" in triage.signals(normalise(text))[0], text


async def test_core_worker_outcomes_are_localised():
    core, _ = _core("busy")
    assert (await core.answer("u", "apa itu demam berdarah")).text == ID.busy
    assert (await core.answer("v", "What is dengue fever?")).text == EN.busy


async def test_a_replayed_old_emergency_gets_the_emergency_reply_not_the_apology():
    core, w = _core()
    old = time.time() - 2 * 3600  # older than MEDBOT_REPLAY_MAX_AGE_S (1 h)
    urgent = Ticket("tg:1:1", "telegram", "my dad collapsed and is not breathing", "h", {}, received_at=old)
    ordinary = Ticket("tg:1:2", "telegram", "what is asthma?", "h", {}, received_at=old)
    assert (await core.answer_ticket(urgent, "tg:1", replay=True)).text == EN.emergency
    assert (await core.answer_ticket(ordinary, "tg:1", replay=True)).kind == "offline"
    assert w.questions == []


def test_triage_without_loadable_weights_falls_back_to_the_rules(monkeypatch):
    from bot.safety import triage as safety

    def broken():
        raise ValueError("triage weights: bias or weights malformed")

    monkeypatch.setattr(safety, "default_detector", broken)
    assert assess("my wife collapsed and isn't breathing").level == "emergency"
    assert assess("What is asthma?").level == "none"


def test_a_message_without_full_stops_costs_no_more_than_one_with_them():
    """One huge sentence of repeated signs: each sign reads at most its neighbourhood (was quadratic:
    32,000 characters took 11 s)."""
    def cost(text: str) -> float:
        t0 = time.perf_counter()
        assess(text)
        return time.perf_counter() - t0
    assert min(cost("chest pain " * 2900) for _ in range(3)) < 20 * min(cost("chest pain. " * 2700) for _ in range(3))



@pytest.mark.parametrize("text", ["baby blues or PPD? she said she wants to hurt the baby",
                                  "my wife has the baby blues and said she wants to hurt the baby"])
def test_the_baby_blues_with_harm_to_the_baby_stay_an_emergency(text):
    # a review found these kept their emergency reply only through the blue-baby sign: that sign stays as it is
    assert assess(text, "en").level == "emergency"
