"""What the twenty-third round's development writers (data/conversations/cE18.jsonl, cF18.jsonl and older) showed the
bot misread (issue 29): lice in a child's hair, an eye red and sticky, "diet coke", a medicine's form said before its
name, a high cholesterol said the other way round, a question about the bot's own day, washing the bedding and going
back to class asked of the conversation's condition."""

from __future__ import annotations

import pytest

from bot.answering.followup import small_talk
from bot.answering.indonesian import read
from bot.answering.reference import Row
from bot.answering.understand import FocusNames, name_key, qtype_of, understand
from tests.fakes.grounded import new_core, retriever_over


def _found(names: FocusNames, text: str) -> list[str]:
    return [k for k, _, _ in names.find(text)]


def test_lice_in_the_hair_or_from_school_are_head_lice():
    names = FocusNames.build(["Lice", "Head lice", "Pubic lice"], [[], [], []])
    assert _found(names, "found lice in my daughters hair AGAIN, third time this school year ugh") == ["head lice"]
    assert _found(names, "daycare sent a note home about lice going around, whats the best way to get rid of them") \
        == ["head lice"]  # it had been the overview of every kind of lice
    # ... not lice said with no head, nor body lice
    assert _found(names, "what are lice") == ["lice"]
    assert "head lice" not in _found(names, "body lice in his clothes after the shelter, does his hair need washing")


def test_an_eye_red_and_sticky_is_pink_eye():
    names = FocusNames.build(["Pinkeye", "Eye redness"], [["pink eye", "conjunctivitis"], []])
    for text in ("my daughter woke up with her eye so red and sticky, like glued shut",
                 "ok another one, my eyes are red and sticky this morning, sore eyes yata"):
        assert _found(names, text) == ["pink eye"], text
    # ... only where nothing else is named
    assert _found(names, "what is eye redness, my eye is a bit sticky") == ["eye redness"]
    assert _found(names, "my eyes are red") == []


def test_diet_coke_is_a_drink():
    names = FocusNames.build(["Cocaine"], [["coke"]])
    names.street = {"coke"}
    assert _found(names, "anything i can do so i dont get another one? i drink mostly coffee and diet coke") == []
    assert _found(names, "my son is snorting coke at parties") == ["coke"]
    assert _found(names, "is coke addictive") == ["coke"]


def test_a_medicine_s_form_said_before_its_name():
    names = FocusNames.build(["Hydrocortisone Topical", "Hydrocortisone Oral", "Hydrocortisone Injection"], [[], [], []])
    names.add_medicine_forms({"hydrocortisone topical", "hydrocortisone oral", "hydrocortisone injection"})
    u = understand("my wife worried about the steroid cream they give, hydrocortisone 1%. safe or not for baby so "
                   "small", names, learned=False)
    assert u.foci == {"hydrocortisone topical"}  # it had been every form's page, the injection's first
    assert understand("dikasih krim hidrokortison, aman ga", names, learned=False).foci == {"hydrocortisone topical"}
    # the form said after the name still wins over one said before it
    assert understand("i use a cream for my eczema and hydrocortisone tablets", names, learned=False).foci == {
        "hydrocortisone oral"}


def test_cholesterol_said_high():
    names = FocusNames.build(["Cholesterol", "High Blood Cholesterol"], [[], ["high cholesterol"]])
    assert "high blood cholesterol" in understand("doc say my cholesterol high, LDL 4.2. must take statin or can "
                                                  "control with diet first?", names, learned=False).foci
    assert understand("what is cholesterol", names, learned=False).foci == {"cholesterol"}


@pytest.mark.parametrize("text, talk", [
    ("thanks! do u also work 24/7 like us lol", True),
    ("do you ever sleep haha", True),
    # ... not a question about health put beside it
    ("do u also work 24/7? my shifts are giving me back pain", False),
    ("do you sleep well with asthma", False),
])
def test_a_question_about_the_bot_s_own_day_is_small_talk(text, talk):
    assert small_talk(text) is talk


@pytest.mark.parametrize("text, qtype", [
    ("do i really have to wash all the bedding and stuffies every time", "prevention"),
    ("must i boil them so it doesnt come back", "prevention"),
    ("ok when is it ok for her to attend class again, she has exams next week", "outlook"),
    ("how soon can he return to work", "outlook"),
])
def test_question_types_of_the_twenty_third_round(text, qtype):
    assert qtype_of(text) == qtype


def test_school_in_a_story_is_not_when_to_go_back():
    assert qtype_of("she has to attend school tomorrow, can i give her paracetamol") != "outlook"
    assert qtype_of("we wash the bedding every week, is that enough") != "outlook"


@pytest.mark.parametrize("text, qtype", [
    ("kapan blh masuk paud lg", "outlook"),
    ("kpn bisa sekolah lagi", "outlook"),
])
def test_indonesian_back_to_school(text, qtype):
    assert read(text).qtype == qtype


async def test_follow_ups_about_washing_and_the_shampoo_keep_the_topic():
    rows = [Row("What is (are) Head lice ?", "Head lice are tiny insects that live on the scalp.", "https://x.gov/hl",
                "Head lice", "information"),
            Row("How to prevent Head lice ?", "Wash bedding and clothes used in the last two days in hot water.",
                "https://x.gov/hl-prevent", "Head lice", "prevention"),
            Row("What are the treatments for Head lice ?", "Lice shampoos kill the lice; comb out the nits.",
                "https://x.gov/hl-treat", "Head lice", "treatment"),
            Row("What is (are) Lice ?", "Lice are insects found on people.", "https://x.gov/lice", "Lice",
                "information")]
    core = new_core(retriever_over(rows))
    await core.answer("u1", "found lice in my daughters hair again", chat="tg:1")
    reply = await core.answer("u1", "do i really have to wash all the bedding and stuffies every time", chat="tg:1")
    assert "hot water" in reply.text  # it had been declined
    reply = await core.answer("u1", "does the shampoo kill the eggs too or just the bugs", chat="tg:1")
    assert "comb out the nits" in reply.text


def test_a_bullseye_rash_after_a_tick_is_lyme_disease():
    names = FocusNames.build(["Lyme disease", "Rashes"], [[], ["rash"]])
    text = "pulled a deer tick off my husband last weekend, now theres like a bullseye rash on his thigh"
    assert _found(names, text) == ["lyme disease"]  # it had been the rash's page, or declined
    assert _found(names, "found a tick on my leg, now a red ring round the bite. is it lyme disease") == [
        "lyme disease"]
    # ... not a rash with no tick
    assert _found(names, "a red ring rash on my arm, ringworm?") == ["rash"]


@pytest.mark.parametrize("text, topic", [
    ("my lab result says hbsag reactive. what does it mean po", "hepatitis b"),
    ("is she more likely to get brittle bones", "osteoporosis"),
    ("he keeps scratching his bottom at night, sometimes i see small white worms", "pinworms"),
    ("someone said brucella", "brucellosis"),
    ("after the flood my neighbour got kencing tikus", "leptospirosis"),
])
def test_lay_names_of_the_twenty_third_round(text, topic):
    names = FocusNames.build(["Hepatitis B", "Osteoporosis", "Pinworms", "Brucellosis", "Leptospirosis"],
                             [[], [], [], [], []])
    assert understand(text, names, learned=False).foci == {name_key(topic)}


def test_a_rash_beside_the_condition_the_clinic_named_is_the_condition():
    names = FocusNames.build(["Rashes", "Scabies"], [["rash"], []])
    u = understand("my kids have itchy rashes between their fingers at night, clinic says scabies. do we all need "
                   "treatment even the ones not itchy", names, learned=False)
    assert u.foci == {"scabie"}  # it had been the rashes' page


@pytest.mark.parametrize("text, qtype", [
    ("will my baby get it when i give birth", "causes"),
    ("can my baby catch it during delivery", "causes"),
    ("will my kids get it", "inheritance"),
    ("is that shot worth getting once shes better", "prevention"),
])
def test_how_it_is_caught_at_birth_and_a_shot_worth_getting(text, qtype):
    assert qtype_of(text) == qtype
