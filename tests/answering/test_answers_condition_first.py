"""What the twenty-second round's development writers (data/conversations/cE16.jsonl, cF16.jsonl and older) showed
the bot misread (issue 29): a medicine named beside its condition and asked what only the condition has; a cause
asked about ("is that cos he's overweight") taken for the topic; snoring with pauses in breathing; Malay and Kupang
words; a leave after thanks; a match that will give someone a heart attack."""

from __future__ import annotations

import pytest

from bot.answering.followup import small_talk, thanks
from bot.answering.indonesian import read
from bot.answering.reference import Row
from bot.answering.understand import FocusNames, qtype_of, understand
from tests.fakes.grounded import new_core, retriever_over


def _names() -> FocusNames:
    names = FocusNames.build(["Strep Throat", "Amoxicillin", "Scabies", "Permethrin Topical", "Gout", "Allopurinol",
                              "Atrial Fibrillation", "Overweight", "Snoring", "Sleep Apnea", "Diabetes"],
                             [["strep"], [], [], ["permethrin"], [], [], ["afib"], [], ["snore", "snores"], [], []])
    names.drugs = {"amoxicillin", "permethrin topical", "allopurinol"}
    return names


def test_a_medicine_beside_its_condition_asked_what_only_the_condition_has_is_the_condition():
    names = _names()
    u = understand("my 8yo tested positive for strep at urgent care today, they started him on amoxicillin. when can "
                   "he go back to school", names, learned=False)
    assert u.qtype == "outlook" and u.foci == {"strep throat"}  # it had been Amoxicillin's page
    # ... asked what the medicine's own page answers, the medicine stays among the topics
    u = understand("my son has strep and is on amoxicillin, how long does the amoxicillin take to work", names,
                   learned=False)
    assert "amoxicillin" in u.foci
    u = understand("i have gout and take allopurinol, is it safe in pregnancy", names, learned=False)
    assert "allopurinol" in u.foci


@pytest.mark.parametrize("text, qtype", [
    ("when can he go back to school", "outlook"),
    ("is she ok to go back to daycare tomorrow", "outlook"),
    ("the clinic say it is scabies and they give permethrin cream. the cream alone will finish it?", "treatment"),
    ("he was given tablets, will they finish it", "treatment"),
    ("does the shampoo kill them", "treatment"),
    ("is that cos he's overweight or does everybody get it with age", "causes"),
    ("is it because she smokes", "causes"),
    # doing something too much is no overdose; taking too much still is
    ("he keeps scratching too much in the night, what is it", "information"),
    ("i took too much tylenol", "emergency or overdose"),
])
def test_question_types_of_the_twenty_second_round(text, qtype):
    assert qtype_of(text) == qtype


def test_a_cause_asked_about_is_not_the_topic():
    u = understand("my da's just been told he's got atrial fibrillation. is that cos he's overweight", _names(),
                   learned=False)
    assert u.foci == {"atrial fibrillation"} and u.qtype == "causes"  # it had answered from the Overweight page


def test_snoring_with_pauses_in_breathing_is_sleep_apnea():
    names = _names()
    assert [fs for _, fs, _ in names.find("my husband snores really loud and sometimes stops breathing")] == [
        {"sleep apnea"}]
    assert [fs for _, fs, _ in names.find("he snores a lot, how do i stop it")] == [{"snoring"}]
    assert read("suami sy kalo tidur ngorok keras skali, kadang berhenti napas. itu bahaya ka").topics == (
        "sleep apnea",)
    assert read("suami sy kalo tidur ngorok keras skali").topics == ("snoring",)


@pytest.mark.parametrize("text, topic, qtype", [
    ("saya selalu pedih ulu hati lepas makan. ni gastrik ka?", "gastritis", None),
    ("gigi geraham sy bengkak bernanah, kata dokter gigi abses. bisa sembuh ga kalo minum antibiotik", "tooth abscess",
     None),
    # what the dangers are, before a test the story names
    ("kolesterol sy 260 kemarin cek, itu tinggi bgt ga? bahayanya apa aja", "high cholesterol", "complications"),
    ("apa bahayanya kalau hb rendah pas hamil", "anemia", "complications"),
])
def test_malay_and_kupang_words(text, topic, qtype):
    r = read(text)
    assert topic in r.topics
    if qtype:
        assert r.qtype == qtype


@pytest.mark.parametrize("text, expected", [
    ("ok ty back to studying ig", True), ("thanks, off to bed now", True), ("thanks. back to work i guess lol", True),
    ("ok ty back pain is bad", False), ("thanks, back to school tomorrow for him?", False),
])
def test_a_leave_back_to_work_after_thanks(text, expected):
    assert thanks(text) is expected


def test_what_watching_a_side_will_give_me_is_a_joke():
    assert small_talk("watching arsenal bottle it again is gonna give me a heart attack i swear")
    assert not small_talk("watching the news every day is gonna give me a migraine, what can i take")
    assert not small_talk("watching my dad have a heart attack was awful")


async def test_the_condition_s_page_answers_when_to_go_back_to_school():
    rows = [Row("What is (are) Strep throat ?", "Strep throat is an infection of the throat by group A strep.",
                "https://x.gov/strep", "Strep throat", "information", ("strep",)),
            Row("What is the outlook for Strep throat ?", "Children can go back to school after 24 hours on "
                "antibiotics.", "https://x.gov/strep-outlook", "Strep throat", "outlook"),
            Row("What is Amoxicillin used for ?", "Amoxicillin is a penicillin antibiotic.", "https://x.gov/amox",
                "Amoxicillin", "indication")]
    core = new_core(retriever_over(rows))
    reply = await core.answer("u1", "my 8yo tested positive for strep today, they started him on amoxicillin. when "
                              "can he go back to school", chat="tg:1")
    assert "24 hours on antibiotics" in reply.text


@pytest.mark.parametrize("text", ["ty, back to the spreadsheet from hell", "ok thanks bot, back to my research paper na huhu"])
def test_a_leave_back_to_one_s_work_after_thanks(text):
    assert thanks(text)


def test_jokes_with_their_own_idioms():
    """"my nerves are shot" after a shootout that nearly gave me a heart attack is part of the joke (it had found a
    vaccine shot); traffic that will give me BP "before I reach work" too."""
    names = FocusNames.build(["Childhood Immunization", "High Blood Pressure"], [["shot"], ["bp"]])
    text = "that penalty shootout nearly gave me a heart attack lad, my nerves are shot"
    assert small_talk(text)
    assert understand(text, names, learned=False).foci == frozenset()
    assert small_talk("Chale this traffic at Circle will give me BP before I reach work")
    assert not small_talk("my nerves are shot, can anxiety cause chest tightness")


def test_a_swelling_said_as_people_say_it():
    names = FocusNames.build(["Foot, leg, and ankle swelling", "Amlodipine"], [["leg swelling", "ankle swelling"], []])
    names.drugs = {"amlodipine"}
    assert [fs for _, fs, _ in names.find("my mother her legs swell every evening")] == [
        {"foot leg and ankle swelling"}]
    assert [fs for _, fs, _ in names.find("swollen ankles after the flight")] == [{"foot leg and ankle swelling"}]
    # ... what a medicine is doing to someone is its side effect
    u = understand("amlodapine making her ankles swell up like balloons is that normal", names, learned=False)
    assert u.foci == {"amlodipine"} and u.qtype == "side effects"
    u = understand("the heat is making her ankles swell", names, learned=False)
    assert u.foci == {"foot leg and ankle swelling"}


def test_chucking_it_down_is_rain():
    names = FocusNames.build(["Choking"], [[]])
    assert names.find("it's been chucking it down for three weeks solid up here, grim") == []
