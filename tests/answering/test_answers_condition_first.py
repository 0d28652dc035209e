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
    ("he was given tablets, will the tablets finish it", "treatment"),
    # ... not what a disease may do, nor a story's time
    ("my parents both got covid, could it kill them?", "information"),
    ("since going back to school she has had a cough, what can i do for it", "treatment"),
    ("does the shampoo kill them", "treatment"),
    ("is that cos he's overweight or does everybody get it with age", "causes"),
    ("is it because she smokes", "causes"),
    # stopping them before they start is prevention (it had been treatment)
    ("is there anything i can take to stop them happening in the first place", "prevention"),
    ("is there anything i can take to stop them coming at all", "prevention"),
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
    # only a leave to one's own things: "back to the doctor" is no goodbye
    ("ok thanks, back to the doctor", False),
])
def test_a_leave_back_to_work_after_thanks(text, expected):
    assert thanks(text) is expected


def test_what_watching_a_side_will_give_me_is_a_joke():
    assert small_talk("watching arsenal bottle it again is gonna give me a heart attack i swear")
    assert small_talk("watching united lose again is gonna give me an ulcer lol")
    assert not small_talk("watching the news every day is gonna give me a migraine, what can i take")
    assert not small_talk("watching my dad have a heart attack was awful")
    # a review's: what is watched must be a game, and nothing of health (these had become small talk)
    for text in ("watching my son have a seizure is gonna give me a heart attack",
                 "watching her sugar levels crash every night is gonna give me an ulcer",
                 "watching him get thinner every week is gonna give me a heart attack",
                 "watching screens all day is gonna give me a headache"):
        assert not small_talk(text), text


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
    assert not small_talk("that shootout nearly gave me a heart attack, my nerves are shot and my chest hurts")


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


def test_a_name_written_without_its_and_is_of_the_family():
    """"Poison ivy - oak - sumac" (the encyclopedia's outlook and treatment) is "Poison Ivy, Oak and Sumac" written
    without its "and": "how long fore it clears up" links its outlook page after the overview's text."""
    rows = [Row("What is (are) Poison Ivy, Oak and Sumac ?", "Most people are sensitive to the plants' oily sap.",
                "https://x.gov/ivy", "Poison Ivy, Oak and Sumac", "information"),
            Row("What is the outlook for Poison ivy - oak - sumac ?", "", "https://x.gov/ivy-outlook",
                "Poison ivy - oak - sumac", "outlook")]
    ret = retriever_over(rows)
    assert "poison ivy oak sumac" in ret.ref.family("poison ivy oak and sumac")


async def test_a_vaccine_s_safety_is_asked_of_its_information_statement():
    """"is the hpv vaccine safe" asks the vaccine's safety (it had become a question about preventing HPV), and its
    information statement (named by the vaccine and its brand) answers on its side effects."""
    rows = [Row("What is (are) HPV vaccine ?", "", "https://x.gov/hpv-vaccine", "HPV vaccine", "information",
                ("Gardasil",)),
            Row("What is (are) HPV ?", "HPV is a common virus. HPV vaccines may help prevent some of the HPV "
                "infections.", "https://x.gov/hpv", "HPV", "information"),
            Row("What are the side effects of Human Papillomavirus (HPV) Vaccine (Gardasil) ?", "",
                "https://x.gov/gardasil", "Human Papillomavirus (HPV) Vaccine (Gardasil)", "side effects")]
    ret = retriever_over(rows)
    assert "human papillomaviru hpv vaccine gardasil" in ret.ref.family("hpv vaccine")
    u = understand("is the hpv vaccine safe for my 11 y/o daughter, the school is offering it", ret.ref.names,
                   learned=False)
    assert u.qtype == "precautions"
    reply = await new_core(ret).answer("u1", "is the hpv vaccine safe for my 11 y/o daughter", chat="tg:1")
    assert "https://x.gov/gardasil" in reply.text


@pytest.mark.parametrize("text, topic", [
    ("bayi gw 3 bulan udh 4 hari gak pup. itu sembelit bukan sih", "constipation"),
    ("saya selalu pedih ulu hati lepas makan. ni gastrik ka?", "gastritis"),
])
def test_indonesian_does_it_sound_like(text, topic):
    r = read(text)
    assert r.topic == topic and r.qtype == "symptoms"
    # "bisa jadi X kah" after a condition is what it may become
    assert read("darah tinggi bisa jadi stroke kah").qtype == "complications"


def test_the_condition_guessed_at_is_what_is_asked():
    names = FocusNames.build(["Leptospirosis", "Fever", "Floods", "Measles", "Chickenpox", "Migraine",
                              "Genetic Disorders", "Typhoid Fever", "Febrile/cold agglutinins"],
                             [["lepto"], [], ["flood"], [], [], [], ["genetic"], ["typhoid"], ["widal test"]])
    u = understand("my husband walked in the flood water w/ a wound on his foot. now he has fever and his calves are "
                   "so sore. could it be lepto? what are the signs", names, learned=False)
    assert u.foci == {"leptospirosi"}  # it had answered from the Fever page
    u = understand("i have a rash and fever, is it measles or chickenpox", names, learned=False)
    assert u.foci == {"measle", "chickenpox"}
    # ... a word of what is asked is no guess
    u = understand("my mom and my sister both get migraines, is it genetic", names, learned=False)
    assert "migraine" in u.foci and u.qtype == "inheritance"
    # a test the reference names ("widal test") is a test beside the condition it found
    u = understand("the lab said widal test positive so typhoid. Is the widal test reliable?", names, learned=False)
    assert u.foci == {"typhoid fever"} and u.qtype == "exams and tests"


def test_a_medicine_s_doing_asked_is_its_side_effect():
    names = FocusNames.build(["Statins", "Cholesterol", "Losartan", "Cough", "High Blood Pressure"],
                             [["statin"], [], [], [], ["high blood"]])
    names.drugs = {"losartan"}
    # a kind of medicine's side effects (it had answered from the Cholesterol page)
    u = understand("doc wants me on a statin for my cholesterol. whats the side effects, my buddy said muscle pain",
                   names, learned=False)
    assert u.foci == {"statin"} and u.qtype == "side effects"
    u = understand("my papa is on losartan for his high blood, he keeps having dry cough. is that from the med", names,
                   learned=False)
    assert u.foci == {"losartan"} and u.qtype == "side effects"
    for text in ("is that from the med", "could that be the tablets", "is it the meds"):
        assert qtype_of(text) == "side effects", text


def test_a_cause_asked_about_in_a_follow_up_keeps_the_topic():
    names = FocusNames.build(["Sleep Apnea", "Overweight", "Atrial Fibrillation", "Stroke"], [[], [], [], []])
    u = understand("is it cos im a bit overweight? im 45", names, "sleep apnea", learned=False)
    assert u.follows_up and u.foci == {"sleep apnea"} and u.qtype == "causes"
    u = understand("my wife is overweight too, is that a problem?", names, "sleep apnea", learned=False)
    assert "overweight" in u.foci  # not a cause asked about
    # a risk told after the condition is what it may lead to
    u = understand("my father just diagnosed with atrial fibrillation. doctor say got risk of stroke, is it true", names,
                   learned=False)
    assert u.foci == {"atrial fibrillation"} and u.qtype == "complications"


def test_a_verb_s_past_is_no_name_by_its_sound_and_roof_iron_is_no_mineral():
    names = FocusNames.build(["Salcedo syndrome", "Iron", "Tetanus vaccine"], [[], [], ["tetanus shot"]])
    found = [k for k, _, _ in names.find("sliced me hand on a rusty bit of roof iron. do i need a tetanus shot")]
    assert found == ["tetanu shot"]  # it had been Salcedo syndrome's and iron's pages
    assert [k for k, _, _ in names.find("my iron is low")] == ["iron"]


def test_anemia_said_with_iron_is_iron_deficiency_anemia():
    names = FocusNames.build(["Anemia", "Iron deficiency anemia", "Iron"], [[], [], []])
    assert [fs for _, fs, _ in names.find("her bloods also showed low iron, anemia")][-1] == {"iron deficiency anemia"}
    assert [fs for _, fs, _ in names.find("is anemia dangerous in pregnancy")] == [{"anemia"}]
    r = read("hb sy cuma 9,8 kata bidan sy kurang darah. selain minum tablet tambah darah, makan ape ya")
    assert r.topic == "iron deficiency anemia"
    r = read("sy lg hamil 5 bulan, kemarin cek hb cuma 9. bidan bilang anemia kurang zat besi. bahaya ka untuk bayi?")
    assert r.topics == ("iron deficiency anemia",) and r.qtype == "complications"
    # ... the iron tablets' own side effects stay theirs
    r = read("dikasih tablet tambah darah sama bidan. tapi abis minum jadi mual, bab nya hitam. itu efek samping wajar kah?")
    assert r.topic == "iron" and r.qtype == "side effects"


def test_what_the_doctor_called_it_is_what_is_it():
    r = read("bot anak sy 3thn kena flu singapur kata bidan di tangerang, ada bintil2 di telapak tangan sm sariawan di "
             "mulut ampe ga mau makan. itu sbnrnya penyakit apa sih")
    assert r.topic == "hand-foot-mouth disease"  # it had been the canker sores'


async def test_no_page_on_the_asked_aspect_the_nearest_aspect_s_page():
    """"what causes it" of a topic whose pages say who gets it (its risk factors) and nothing on causes: that page
    answers (it had quoted the overview with "The closest NIH page I have ... covers an overview"); "are children
    more likely to get it" of a topic with a page on how it is caught links that one."""
    rows = [Row("What is (are) Osteoporosis ?", "Osteoporosis makes your bones weak and more likely to break.",
                "https://x.gov/osteo", "Osteoporosis", "information"),
            Row("Who is at risk for Osteoporosis? ?", "Risk factors you cannot change include age and being a woman. "
                "Low calcium and vitamin D raise the risk.", "https://x.gov/osteo-risk", "Osteoporosis",
                "susceptibility"),
            Row("What is (are) Malaria ?", "Malaria is a serious disease caused by a parasite.", "https://x.gov/mal",
                "Malaria", "information"),
            Row("What causes Malaria ?", "", "https://x.gov/mal-causes", "Malaria", "causes")]
    core = new_core(retriever_over(rows))
    reply = await core.answer("u1", "the doctor says my mum has osteoporosis, what causes it", chat="tg:1")
    assert "Risk factors you cannot change" in reply.text
    reply = await core.answer("u2", "are children more likely to get malaria than adults", chat="tg:2")
    assert "https://x.gov/mal-causes" in reply.text


def test_the_twenty_second_round_s_second_writers():
    names = FocusNames.build(["MMR vaccine", "Benign positional vertigo", "Sprains and strains", "Atrial Fibrillation",
                              "Stroke"], [[], [], [], ["afib"], []])
    assert [k for k, _, _ in names.find("shes due her mmr booster next week")] == ["mmr booster"]
    assert [fs for _, fs, _ in names.find("when i roll over in bed the room spins for like 30 secs")] == [
        {"benign positional vertigo"}]
    assert [fs for _, fs, _ in names.find("went over on my ankle at 5 a side last night")] == [{"sprain and strain"}]
    u = understand("my da got told he's got afib at a routine check up. does that mean hes gonna have a stroke", names,
                   learned=False)
    assert u.foci == {"atrial fibrillation"} and u.qtype == "complications"
    assert qtype_of("my daughter is due next month, will it be alright for me to be around the little one?") == "causes"
    assert thanks("cheers for that. right im off to try n sleep lol night")
    r = read("de garuk terus, gatal skali katanya. bole kasih bedak apa ka")
    assert r.qtype == "treatment"


def test_the_twenty_second_round_s_review():
    """Misreadings two reviews found in the round's first rules."""
    names = FocusNames.build(["Gout", "Allopurinol", "Depression", "Sertraline", "Heart Attack", "High Blood Pressure",
                              "Eczema", "Psoriasis", "Dementia", "Stroke", "Breast Cancer", "Anemia",
                              "Iron deficiency anemia", "Iron", "Snoring", "Sleep Apnea", "Benign positional vertigo",
                              "Wheezing", "Salcedo syndrome", "Sleep Apnea", "Overweight"],
                             [[], [], [], [], [], [], [], [], [], [], [], [], [], [], ["snores"], [], [], [], [], [],
                              []])
    names.drugs = {"allopurinol", "sertraline"}
    # the medicine is what "is making" the complaint only when named just before it
    u = understand("the gout is making my toe hurt so bad even though im on allopurinol, what causes flares", names,
                   learned=False)
    assert u.qtype == "causes" and "gout" in u.foci
    u = understand("the allopurinol is making me itchy, is that normal", names, learned=False)
    assert u.foci == {"allopurinol"} and u.qtype == "side effects"
    # a medicine the asking sentence names stays
    u = understand("i have gout and started allopurinol, how long till the allopurinol starts working", names,
                   learned=False)
    assert "allopurinol" in u.foci
    # a cause asked about in a guess's words is no guess; a condition someone has stays beside a guess
    u = understand("my mum had a heart attack last month. was it the high blood pressure that did it?", names,
                   learned=False)
    assert u.foci == {"heart attack", "high blood pressure"}
    u = understand("i have eczema on my hands, is it the soap or could it be psoriasis", names, learned=False)
    assert u.foci == {"eczema", "psoriasi"}
    # another's risk is no complication
    u = understand("my mum had breast cancer, does that mean i will get breast cancer", names, learned=False)
    assert u.qtype != "complications"
    # "could that be from X" is a guess at X, not a cause asked about in a follow-up
    u = understand("my dad's speech was slurred for a bit yesterday, could that be from a stroke", names,
                   "high blood pressure", learned=False)
    assert "stroke" in u.foci
    for text in ("is that because of his weight, hes overweight", "is it cos hes overweight"):
        u = understand(text, names, "sleep apnea", learned=False)
        assert u.follows_up and u.foci == {"sleep apnea"} and u.qtype == "causes", text
    # iron said as normal is no iron deficiency; snoring and breath held awake is no apnea; the room spinning on
    # standing is no positional vertigo; a misspelt -ing word is still found by its sound
    assert {"iron deficiency anemia"} not in [fs for _, fs, _ in names.find(
        "my iron levels are normal but the doctor says im anemic")]
    assert [fs for _, fs, _ in names.find("he snores and holds his breath underwater")] == [{"snoring"}]
    assert names.find("the room spins when i stand up too fast") == []
    assert [fs for _, fs, _ in names.find("weezing at night")] == [{"wheezing"}]
    # Indonesian: thanks is no treatment; what the doctor called it only when asked what the illness is
    assert read("terima kasih dok. apa itu tipes?").qtype == "information"
    assert read("kata dokter sy kena maag. kalau gerd itu apa?").topic == "gerd"
    assert read("hb sy 9, anemia. kata dokter zat besi normal, jadi kenapa ya").topic == "anemia"
    assert read("asma, kalo kambuh napasnya putus putus, ngorok juga").topics[-1] == "snoring"
