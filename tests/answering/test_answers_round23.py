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
    assert "head lice" not in _found(names, "i have lice in my private area hair, is it the same treatment")
    assert "head lice" not in _found(names, "found lice in my eyebrows and chest hair")


def test_an_eye_red_and_sticky_is_pink_eye():
    names = FocusNames.build(["Pinkeye", "Eye redness", "Kawasaki disease"], [["pink eye", "conjunctivitis"], [], []])
    for text in ("my daughter woke up with her eye so red and sticky, like glued shut",
                 "ok another one, my eyes are red and sticky this morning, sore eyes yata"):
        assert understand(text, names, learned=False).foci == {"pinkeye"}, text
    # ... only where nothing else is named, in a first message, and not an injury
    assert understand("what is eye redness, my eye is a bit sticky", names, learned=False).foci == {"eye redness"}
    assert understand("my eyes are red", names, learned=False).foci == frozenset()
    assert understand("sore eyes after welding yesterday", names, learned=False).foci == frozenset()
    u = understand("her eyes are red and crusty, is that part of it", names, previous_focus="kawasaki disease",
                   learned=False)
    assert "pinkeye" not in u.foci  # a sign of the conversation's condition, not pink eye


def test_diet_coke_is_a_drink():
    names = FocusNames.build(["Cocaine"], [["coke"]])
    assert _found(names, "anything i can do so i dont get another one? i drink mostly coffee and diet coke") == []
    assert _found(names, "my son is snorting coke at parties") == ["coke"]
    assert _found(names, "is coke addictive") == ["coke"]
    assert _found(names, "he did a line of coke at the party and now his chest hurts") == ["coke"]
    # ... the drink
    for text in ("im diabetic, does coke zero spike insulin or is it fine", "does coke raise blood sugar",
                 "tried coke zero for the first time and got a headache",
                 "mixing coke and rum every night, is it bad for my liver"):
        assert _found(names, text) == [], text


def test_a_medicine_s_form_said_before_its_name():
    names = FocusNames.build(["Hydrocortisone Topical", "Hydrocortisone Oral", "Hydrocortisone Injection"], [[], [], []])
    names.add_medicine_forms({"hydrocortisone topical", "hydrocortisone oral", "hydrocortisone injection"})
    u = understand("my wife worried about the steroid cream they give, hydrocortisone 1%. safe or not for baby so "
                   "small", names, learned=False)
    assert u.foci == {"hydrocortisone topical"}  # it had been every form's page, the injection's first
    assert understand("dikasih krim hidrokortison, aman ga", names, learned=False).foci == {"hydrocortisone topical"}
    # ... not another medicine's ("insulin injections and hydrocortisone")
    assert understand("he is on insulin injections and hydrocortisone for his addisons", names, learned=False).foci \
        == {"hydrocortisone topical", "hydrocortisone oral", "hydrocortisone injection"}
    # the form said after the name still wins over one said before it
    assert understand("i use a cream for my eczema and hydrocortisone tablets", names, learned=False).foci == {
        "hydrocortisone oral"}


def test_cholesterol_said_high():
    names = FocusNames.build(["Cholesterol", "High Blood Cholesterol"], [[], ["high cholesterol"]])
    assert "high blood cholesterol" in understand("doc say my cholesterol high, must take statin or can control "
                                                  "with diet first?", names, learned=False).foci
    assert understand("what is cholesterol", names, learned=False).foci == {"cholesterol"}


@pytest.mark.parametrize("text, talk", [
    ("thanks! do u also work 24/7 like us lol", True),
    ("do you ever sleep haha", True),
    # ... not a question about health put beside it
    ("do u also work 24/7? my shifts are giving me back pain", False),
    ("do you sleep well with asthma", False),
    ("do you sleep with asthma", False),
    ("do you ever sleep with it", False),
    ("do you have feelings of hopelessness", False),
    ("do you rest with covid", False),
    ("do you get tired?", False),
    ("do you ever get tired", True),
    ("dont you get tired lol", True),
    ("do you rest?", False),
])
def test_a_question_about_the_bot_s_own_day_is_small_talk(text, talk):
    assert small_talk(text) is talk


@pytest.mark.parametrize("text, qtype", [
    ("do i really have to wash all the bedding and stuffies every time", "prevention"),
    ("must i boil them so it doesnt come back", "prevention"),
    ("ok when is it ok for her to attend class again, she has exams next week", "outlook"),
    ("how soon can he return to work", "outlook"),
    ("when will she be able to return to school after mono", "outlook"),
    ("when can my little boy attend daycare again", "outlook"),
])
def test_question_types_of_the_twenty_third_round(text, qtype):
    assert qtype_of(text) == qtype


def test_school_in_a_story_is_not_when_to_go_back():
    assert qtype_of("she has to attend school tomorrow, can i give her paracetamol") != "outlook"
    assert qtype_of("when i attend class i get panic attacks, what should i do") != "outlook"
    assert qtype_of("when i return to school i get stomach aches every morning, why") != "outlook"
    # ... nor cleaning a wound prevention, nor a visit to someone in hospital how it spreads
    assert qtype_of("my son has cuts on his knees, how should i clean them") != "prevention"
    assert qtype_of("is it ok for family to visit her in the icu after her stroke") != "causes"
    assert qtype_of("is it ok for the grandkids to visit") != "causes"  # a heart attack is not caught


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
    ("i have hiv, will my baby get it from me", "causes"),
    ("is that shot worth getting once shes better", "prevention"),
])
def test_how_it_is_caught_at_birth_and_a_shot_worth_getting(text, qtype):
    assert qtype_of(text) == qtype


def test_a_flood_told_is_the_weather_and_a_flood_asked_about_is_a_topic():
    names = FocusNames.build(["Floods"], [[]])
    for text in ("aiyo the rain non stop here since yesterday, river already so high, my house almost flood again lah",
                 "grabe the flood in matina again, my shoes wet the whole day driving"):
        assert understand(text, names, learned=False).foci == frozenset(), text  # it had been the Floods page
    for text in ("how do i stay safe in a flood", "we had a flood, my son cut his foot in the water"):
        assert understand(text, names, learned=False).foci == {"flood"}, text


def _medicines() -> FocusNames:
    names = FocusNames.build(["Acetaminophen", "Fever", "Ibuprofen", "Toothaches", "Cetirizine", "Lisinopril",
                              "Omeprazole", "Heartburn"],
                             [["paracetamol", "panadol"], [], [], ["toothache"], ["zyrtec"], [], [], []])
    names.drugs = {"acetaminophen", "ibuprofen", "cetirizine", "lisinopril", "omeprazole"}
    return names


def test_a_medicine_s_dose_or_safety_asked_beside_its_condition_is_the_medicine_s():
    names = _medicines()
    u = understand("what is the normal dose of paracetamol for adult for fever po", names, learned=False)
    assert u.qtype == "dose" and u.foci == {"acetaminophen"}  # it had been the fever's page
    u = understand("my wife pregnant 5 month, got toothache, can she take ibuprofen", names, learned=False)
    assert u.foci == {"ibuprofen"}
    # ... of two medicines, the one asked about, not the one taken already
    assert understand("is zyrtec ok to take with my lisinopril", names, learned=False).foci == {"cetirizine"}
    # a medicine taken long, asked if it is bad long term: its safety (a condition's long term: its complications)
    u = understand("been on omeprazole like 2 years for heartburn, is that bad long term", names, learned=False)
    assert u.qtype == "precautions" and u.foci == {"omeprazole"}
    assert qtype_of("is that bad long term if he doesnt wear the machine") == "complications"
    # a condition's own aspects stay the condition's
    assert "toothache" in understand("what causes a toothache, i take ibuprofen", names, learned=False).foci


async def test_a_condition_never_had_in_a_follow_up_keeps_the_topic():
    """The conversation's page answers who may catch it (held before this round: `_NEGATED`); kept as a check."""
    rows = [Row("What is (are) Shingles ?", "Shingles is a painful rash.", "https://x.gov/sh", "Shingles", "information"),
            Row("Is Shingles contagious ?", "Someone who never had chickenpox can catch chickenpox from shingles.",
                "https://x.gov/sh-spread", "Shingles", "causes"),
            Row("What is (are) Chickenpox ?", "Chickenpox is an itchy rash.", "https://x.gov/cp", "Chickenpox",
                "information")]
    core = new_core(retriever_over(rows))
    await core.answer("u1", "my mum has shingles", chat="tg:1")
    reply = await core.answer("u1", "is it ok for the grandkids to visit, the youngest hasnt had chickenpox yet",
                              chat="tg:1")
    assert "never had chickenpox can catch" in reply.text
    # ... asked of the condition never had, it is the topic
    names = FocusNames.build(["Asthma", "Chickenpox"], [[], []])
    u = understand("he never had chickenpox, is it dangerous for him", names, previous_focus="asthma", learned=False)
    assert "chickenpox" in u.foci


def test_white_worms_are_pinworms_only_in_people():
    names = FocusNames.build(["Pinworms"], [[]])
    assert understand("he keeps scratching his bottom at night, sometimes i see small white worms", names,
                      learned=False).foci == {"pinworm"}
    assert understand("i see little white worms in my dogs poop, can my kids catch them", names,
                      learned=False).foci == frozenset()


def test_a_condition_never_had_before_and_had_now_is_the_topic():
    names = FocusNames.build(["Asthma", "Hives"], [[], []])
    u = understand("what could cause this, i never had hives before and now i have them all over", names,
                   previous_focus="asthma", learned=False)
    assert "hive" in u.foci


def test_a_flood_with_harm_told_is_still_the_flood_s_page():
    names = FocusNames.build(["Floods"], [[]])
    for text in ("after the flood my legs have these open sores that ooze",
                 "after the flood my legs got red streaks going up from a scratch"):
        assert understand(text, names, learned=False).foci == {"flood"}, text


def test_the_twenty_third_round_s_second_review():
    names = _medicines()
    asthma = FocusNames.build(["Asthma", "Albuterol", "Diabetes", "Metformin"], [[], [], [], []])
    asthma.drugs = {"albuterol", "metformin"}
    # a medicine named beside a condition the question asks about stays beside it
    assert "asthma" in understand("is it safe to exercise with asthma? i use albuterol", asthma, learned=False).foci
    u = understand("my dad has diabetes and takes metformin, what are the long term complications", asthma,
                   learned=False)
    assert u.qtype == "complications" and "diabete" in u.foci
    # of two medicines, the one already taken is after "with my"; "X with Y" alone drops none
    assert understand("can i take my lisinopril with zyrtec", names, learned=False).foci == {"lisinopril", "cetirizine"}
    # a tick not bitten, a phone call, sore eyes from screens
    lyme = FocusNames.build(["Lyme disease", "Pinkeye"], [[], ["pink eye"]])
    assert _found(lyme, "found a tick on my dog, should i ring the vet") == []
    assert _found(lyme, "no tick bite that i know of, but there is a red ring rash on my arm") == []
    # ... but a bullseye is Lyme's own sign, the tick seen or not
    assert _found(lyme, "no tick bite that i know of, but there is a bullseye rash on my arm") == ["lyme disease"]
    assert understand("i get sore eyes from staring at my screen all day", lyme, learned=False).foci == frozenset()
    # the form said before the name, not one stopped
    h = FocusNames.build(["Hydrocortisone Topical", "Hydrocortisone Oral"], [[], []])
    h.add_medicine_forms({"hydrocortisone topical", "hydrocortisone oral"})
    assert understand("she stopped the cream, now taking hydrocortisone for her adrenal insufficiency", h,
                      learned=False).foci == {"hydrocortisone topical", "hydrocortisone oral"}
    assert qtype_of("will my baby get it when she is born, i have hep b") != "inheritance"


@pytest.mark.parametrize("text", ["kpn blh renang lg", "kpn bs mandi lg"])
def test_indonesian_when_may_he_asked_in_a_follow_up_is_a_question_about_it(text):
    from bot.answering.rerank import asks_of_topic_id
    assert asks_of_topic_id(read(text), text)


def test_a_flood_beside_a_condition_gives_way_to_it():
    names = FocusNames.build(["Floods", "Leptospirosis"], [[], ["lepto"]])
    u = understand("we waded thru flood yesterday going home and my mama is worried about lepto. what are the signs",
                   names, learned=False)
    assert u.foci == {"leptospirosi"}  # it had been the Floods page


@pytest.mark.parametrize("text, topic", [
    ("my tita has goiter, is it bcoz of not using iodized salt?", "goiter - simple"),
    ("doctor say ACL tear. after the operation how long can play again ah", "anterior cruciate ligament (ACL) injury"),
    ("my wife is having high BP in pregnancy, is it dangerous for baby", "high blood pressure in pregnancy"),
    ("my hearing is going, the television has to be very loud now. is that just my age?", "age-related hearing loss"),
])
def test_more_lay_names_of_the_twenty_third_round(text, topic):
    names = FocusNames.build(["Goiter - simple", "Sodium", "Anterior cruciate ligament (ACL) injury",
                              "High Blood Pressure in Pregnancy", "Pregnancy", "Hearing loss",
                              "Age-related hearing loss"], [[], ["salt"], [], [], [], [], []])
    assert name_key(topic) in understand(text, names, learned=False).foci
    # hearing loss with no word of age stays hearing loss
    for text in ("i have hearing loss after a concert", "im 30 with hearing loss from headphones, is that normal for "
                 "my age", "my dad is 75 and getting old, he had sudden hearing loss in one ear yesterday"):
        assert name_key("age-related hearing loss") not in understand(text, names, learned=False).foci, text


async def test_what_is_named_beside_a_medicine_s_side_effects_leaves_the_conversation_s_condition():
    rows = [Row("What is (are) Atrial fibrillation ?", "AF is an irregular heartbeat.", "https://x.gov/af",
                "Atrial fibrillation", "information", ("afib", "af")),
            Row("Is Atrial fibrillation inherited ?", "AF sometimes runs in families.", "https://x.gov/af-genes",
                "Atrial fibrillation", "inheritance"),
            Row("What are the side effects of Apixaban ?", "Apixaban can cause bleeding and bruising.",
                "https://x.gov/apix", "Apixaban", "side effects", ("eliquis",)),
            Row("What is (are) Bruises ?", "A bruise is a mark on your skin.", "https://x.gov/bruise", "Bruises",
                "information")]
    core = new_core(retriever_over(rows))
    await core.answer("u1", "my husband has just been diagnosed with atrial fibrillation", chat="tg:1")
    await core.answer("u1", "they've put him on eliquis. what side effects should i look out for, he bruises easily "
                      "already", chat="tg:1")
    reply = await core.answer("u1", "our son is asking if it runs in families", chat="tg:1")
    assert "runs in families" in reply.text  # it had been the Bruises page
    # ... but a medicine's reason said beside it is the conversation's condition from then on
    rows += [Row("What is (are) Eczema ?", "Eczema is itchy skin.", "https://x.gov/eczema", "Eczema", "information"),
             Row("Is Eczema contagious ?", "Eczema is not contagious.", "https://x.gov/eczema-c", "Eczema", "causes"),
             Row("What are the side effects of Hydrocortisone Topical ?", "Thin skin.", "https://x.gov/hc",
                 "Hydrocortisone Topical", "side effects", ("hydrocortisone",))]
    core = new_core(retriever_over(rows))
    await core.answer("u2", "my husband has atrial fibrillation", chat="tg:2")
    await core.answer("u2", "the paed gave hydrocortisone cream for his eczema, any side effects?", chat="tg:2")
    reply = await core.answer("u2", "is it contagious", chat="tg:2")
    assert "not contagious" in reply.text


def test_lice_and_worms_said_beside_other_things():
    names = FocusNames.build(["Lice", "Head lice", "Pinworms"], [[], [], []])
    assert _found(names, "lice in her hair, she also scratched a rash on her chest") == ["head lice"]
    assert "pinworm" in _found(names, "white worms in his poop and he scratches his bum, we have a dog")
