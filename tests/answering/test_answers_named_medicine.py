"""A medicine named alone in a conversation about a condition (issue 29: "a message naming a treatment, test or
medicine class keeps the conversation's condition as the focus"): "is omeprazole ok to take long term" after
heartburn, "allopurinol itu harus diminum terus seumur hidup ya?" after gout ask about the condition's treatment;
its dose or side effects, "what is X?" and a change of subject still ask about the medicine."""

from __future__ import annotations

import pytest

from bot.answering.reference import Row
from bot.answering.rerank import ConsumerRetriever
from bot.answering.understand import understand
from tests.fakes.grounded import new_core, retriever_over

ROWS = [
    Row("What is (are) Gout ?", "Gout is a common, painful form of arthritis.", "https://x.gov/gout", "Gout",
        "information"),
    Row("What are the treatments for Gout ?", "Medicines treat gout attacks and prevent new ones.",
        "https://x.gov/gout-treatment", "Gout", "treatment"),
    Row("What is (are) Heartburn ?", "Heartburn is a burning feeling in the chest.", "https://x.gov/heartburn",
        "Heartburn", "information"),
    Row("What are the treatments for Heartburn ?", "Antacids and acid blockers relieve heartburn.",
        "https://x.gov/heartburn-treatment", "Heartburn", "treatment"),
    Row("What is Allopurinol used for ?", "", "https://x.gov/allopurinol", "Allopurinol", "indication"),
    Row("What are the side effects of Allopurinol ?", "", "https://x.gov/allopurinol-side", "Allopurinol",
        "side effects"),
    Row("What is Omeprazole used for ?", "", "https://x.gov/omeprazole", "Omeprazole", "indication"),
    Row("How should Omeprazole be used ?", "", "https://x.gov/omeprazole-usage", "Omeprazole", "usage"),
]


@pytest.fixture(scope="module")
def retriever() -> ConsumerRetriever:
    return retriever_over(ROWS)


@pytest.mark.parametrize("previous, second", [
    ("heartburn", "is omeprazole ok to take long term"),
    ("gout", "is allopurinol for the swelling"),  # a symptom beside it is no new topic
    ("gout", "is allopurinol something you start during a flare or wait till it settles"),
    ("gout", "my doctor mentioned allopurinol"),
])
def test_a_medicine_named_alone_asks_about_the_condition(retriever, previous, second):
    u = understand(second, retriever.ref.names, previous)
    assert u.follows_up and u.foci == {previous}


@pytest.mark.parametrize("previous, second, focus", [
    ("gout", "what are the side effects of allopurinol", "allopurinol"),  # what only the medicine has
    ("gout", "what dose of allopurinol is usual to start", "allopurinol"),
    ("gout", "what is allopurinol?", "allopurinol"),
    ("heartburn", "different question, how do I take omeprazole", "omeprazole"),  # a change of subject
    ("allopurinol", "is omeprazole ok to take long term", "omeprazole"),  # a conversation about a medicine
    ("gout", "is omeprazole ok for heartburn", "heartburn"),  # names its own condition
    # what only the medicine's page answers (found in review)
    ("heartburn", "is omeprazole safe to take with warfarin", "omeprazole"),
    ("heartburn", "can i take omeprazole while pregnant", "omeprazole"),
    ("gout", "what if i miss a dose of allopurinol", "allopurinol"),
    ("gout", "can i drink beer while taking allopurinol", "allopurinol"),
    ("gout", "is allopurinol safe?", "allopurinol"),
    ("gout", "can allopurinol make me cough", "allopurinol"),  # a symptom beside it is no condition of its own
    ("heartburn", "how many puffs of omeprazole", "omeprazole"),
    # ... also when "it" stands for nothing (found in the third review), a missed dose, storage, how soon it works
    ("heartburn", "is it safe to take omeprazole while pregnant", "omeprazole"),
    ("heartburn", "is it safe to take omeprazole with warfarin", "omeprazole"),
    ("gout", "i forgot to take my allopurinol this morning", "allopurinol"),
    ("heartburn", "how should i store omeprazole", "omeprazole"),
    ("heartburn", "how long does omeprazole take to work", "omeprazole"),
])
def test_its_dose_side_effects_a_what_is_or_a_new_subject_ask_about_the_medicine(retriever, previous, second, focus):
    u = understand(second, retriever.ref.names, previous)
    assert not u.follows_up and focus in u.foci


async def test_in_indonesian_the_conversation_s_condition_is_answered(retriever):
    core = new_core(retriever)
    first = await core.answer("u1", "mak aku asam uratnya kumat lg, jempol kaki bengkak merah", chat="tg:1")
    assert "x.gov/gout" in first.text
    reply = await core.answer("u1", "allopurinol itu harus diminum terus seumur hidup ya?", chat="tg:1")
    assert "x.gov/gout" in reply.text and "allopurinol" not in reply.text.lower()
    reply = await core.answer("u1", "efek samping allopurinol apa aja?", chat="tg:1")
    assert "x.gov/allopurinol" in reply.text
    await core.answer("u2", "asam urat bapak kambuh lagi", chat="tg:2")
    assert "x.gov/allopurinol" in (await core.answer("u2", "apa itu allopurinol?", chat="tg:2")).text
    for i, second in enumerate(["allopurinol boleh diminum terus?", "dokter kasih allopurinol"]):  # no question word
        await core.answer("u3", "asam urat bapak kambuh lagi", chat=f"tg:3{i}")
        reply = await core.answer("u3", second, chat=f"tg:3{i}")
        assert "x.gov/gout" in reply.text and "allopurinol" not in reply.text.lower(), second


@pytest.mark.parametrize("text, qtype", [
    ("can u get tetanus from a rusty nail or is that a myth", "causes"),  # not who is at risk
    ("can you get a concussion from heading the ball", "causes"),
    ("whats the incubation period for chickenpox", "causes"),  # how it spreads
    ("will it pass on its own or is an operation needed", "outlook"),  # not inherited
    ("can i pass it on to my kids", "inheritance"),
    ("does it get passed down", "inheritance"),
    ("can you get it more than once", "susceptibility"),
    ("can i pass on cystic fibrosis to my children", "inheritance"),
    ("can i pass on the flu to my kids", "information"),  # an infection passed on is not inherited
    ("does hemophilia pass on to the next generation", "inheritance"),
    ("how long does it take to get better from the flu", "outlook"),  # found in review: not how it is caught
    ("can lisinopril make me cough", "side effects"),
    ("can albuterol make my heart race", "side effects"),
    ("how many puffs of albuterol", "dose"),
])
def test_question_phrasings_of_the_fourth_round(text, qtype):
    from bot.answering.understand import qtype_of
    assert qtype_of(text) == qtype


@pytest.mark.parametrize("text", ["can i get the flu vaccine from my pharmacist", "can i get a prescription from "
                                  "the pharmacy", "where do i get my results from", "i got a rash from the new soap "
                                  "what should i do", "can i get relief from back pain", "my son got hurt from a fall",
                                  "can you get vitamin d from the sun"])
def test_getting_a_thing_from_someone_is_not_how_an_illness_is_caught(text):
    from bot.answering.understand import qtype_of
    assert qtype_of(text) != "causes"


@pytest.mark.parametrize("text, previous, qtype", [
    ("what foods should he avoid so it doesnt come back", None, "prevention"),  # "foods": a medicine's dietary
    ("can pregnant women catch it", "heartburn", "susceptibility"),  # "pregnant": a medicine's precautions
    ("what foods should i avoid with omeprazole", None, "dietary"),  # asked of a medicine: as before
])
def test_a_medicine_s_type_of_question_asked_of_a_condition_is_the_condition_s(retriever, text, previous, qtype):
    text = text if previous or "omeprazole" in text else f"gout: {text}"
    assert understand(text, retriever.ref.names, previous).qtype == qtype
