"""What the twenty-fourth round's development writers (data/conversations/cE20.jsonl, cF20.jsonl) showed the bot
misread (issue 29): "is that enough or there is something else" read as a change of subject, so a follow-up on
kidney stones was declined."""

from __future__ import annotations

import pytest

from bot.answering.followup import switches
from bot.answering.reference import Row
from tests.fakes.grounded import new_core, retriever_over


@pytest.mark.parametrize("text", [
    "how can i avoid getting another one. they said drink water, is that enough or there is something else",
    "is there something else i can do", "something else that might help?", "or something else?",
    "could it be something else?", "maybe its something else", "would something else work better",
    "could something else be causing it", "he needs something else"])
def test_something_else_asked_about_is_no_change_of_subject(text):
    assert not switches(text)


@pytest.mark.parametrize("text", [
    "ok something else, my dad has gout", "oh and something else - my mum", "i have something else to ask",
    "something else for you, is ibuprofen ok for my dad", "something else i wanted to ask, my dad has gout",
    "is there something else, my son has asthma"])
def test_something_else_said_to_move_on_still_is(text):
    assert switches(text)


@pytest.mark.asyncio
async def test_a_follow_up_asking_whether_water_is_enough_stays_on_the_condition():
    rows = [Row("What is (are) Kidney stones ?", "A kidney stone is a solid piece of material that forms in the "
                "kidney.", "https://x.gov/ks", "Kidney stones", "information"),
            Row("How to prevent Kidney stones ?", "Drinking enough fluids each day is the best way to help prevent "
                "most types of kidney stones.", "https://x.gov/ks-prev", "Kidney stones", "prevention"),
            Row("What is (are) Gout ?", "Gout is a kind of arthritis.", "https://x.gov/gout", "Gout", "information")]
    core = new_core(retriever_over(rows))
    await core.answer("u1", "i was treated last month for a kidney stone. what causes these stones to form",
                      chat="tg:1")
    reply = await core.answer("u1", "How can I avoid getting another one. They told me to drink plenty of water, is "
                              "that enough or there is something else", chat="tg:1")
    assert "x.gov/ks-prev" in reply.text  # it was declined: "something else" had read as a change of subject


def test_lay_names_of_the_round():
    from bot.answering.indonesian import read
    from bot.answering.understand import FocusNames, understand

    names = FocusNames.build(["Snoring", "Sleep apnea", "Alendronate", "Sore throat", "Infectious mononucleosis"],
                             [[], [], [], [], ["glandular fever", "mononucleosis"]])
    u = understand("doc wants me to do a sleep study since my wife says i quit breathing when i snore", names,
                   learned=False)
    assert u.foci == {"sleep apnea"}  # it was snoring: "quit" breathing, as "stops"
    assert understand("mum's been put on alendronic acid for her bones", names, learned=False).foci == {"alendronate"}
    assert read("kenapa e kepala pusing putar2 kalo bangun tidur").topics == ("vertigo",)  # it was a headache
    assert read("kepala pusing dari pagi").topics == ("headache",)
    assert "vertigo" not in read("pusing putar otak cari uang buat bayar rs").topics  # racking one's brain
    # (a sore throat stays a topic of its own beside a medicine someone takes: a guard, kept when a wider change that
    # made it give way to any other name was dropped)
    names = FocusNames.build(["Sore throat", "Warfarin"], [[], []])
    assert "sore throat" in understand("i take warfarin, what can i use for sore throat", names, learned=False).foci


def test_question_types_of_the_round():
    from bot.answering.understand import qtype_of

    for text in ("how to confirm one?", "how do they confirm it", "how is it confirmed"):
        assert qtype_of(text) == "exams and tests", text
    assert qtype_of("and should i get that shot for it, im 61") == "prevention"  # the vaccine
    assert qtype_of("can i have that shot of tequila") != "prevention"
    assert qtype_of("my doctor wants me to get the shot for my knee pain, is it safe") != "prevention"  # a treatment


def test_an_itchy_bottom_and_worms_and_a_red_eye_with_discharge():
    from bot.answering.understand import FocusNames, understand

    names = FocusNames.build(["Pinworms", "Head lice", "Pinkeye", "Eye redness", "Bacterial infections"],
                             [["pinworm infection"], [], ["pink eye", "conjunctivitis"], ["red eye"], []])
    u = understand("cheers. also the middle one keeps scratching his bum at night, bloke at work reckons worms?", names,
                   previous_focus="head lice", learned=False)
    assert u.foci == {"pinworm"}  # it stayed on head lice
    assert understand("my son has worms, his bum is so itchy", names, learned=False).foci == {"pinworm"}
    assert "pinworm" not in understand("the dog keeps scratching his bum on the carpet, worms?", names,
                                       learned=False).foci
    for text in ("my son woke up w/ red eye and yellow discharge, his teacher said sore eyes daw. how to know if its "
                 "the bacterial one po",
                 "my daughter's eyes are red and producing yellow discharge, both eyes are sticking in the morning"):
        assert understand(text, names, learned=False).foci == {"pinkeye"}, text
    assert understand("is a bacterial infection contagious", names, learned=False).foci == {"bacterial infection"}
    # ... not a discharge said not to be there, nor a baby's yellow eyes and a nappy, nor a contact-lens wearer's eye
    for text in ("my eye is red, no yellow discharge, what could it be", "my red eye has no yellow discharge",
                 "my babys eyes are yellow, green stuff in her nappy, is that normal",
                 "i wear contacts and my eye is red with thick discharge and really painful",
                 "my babys eyes are yellow and she has green discharge from her belly button",
                 "my eyes look fine but thick yellow discharge from his ear",
                 "dog's eye is red with green discharge, what do i do"):
        assert "pinkeye" not in understand(text, names, learned=False).foci, text
    # ... nor worms said not to be the cause
    for text in ("keeps scratching his bum at night, GP says its not worms, what else could it be",
                 "my toddler keeps scratching her bottom, the doctor said it is not worms",
                 "itchy bottom at night, doctor ruled out worms, what else could it be",
                 "my son keeps scratching his bum, he doesnt have worms, what else",
                 "itchy bum, tested negative for worms, what else could it be", "itchy bum but it wasn't worms"):
        assert "pinworm" not in understand(text, names, learned=False).foci, text
