"""Medicines as people name them and readings pasted into questions (issue 29, third round): a medicine's
page named with its form ("Metronidazole Oral") found by the medicine's name, the form a message says
("hydrocortisone cream") choosing its page, brands and other countries' names (Flagyl, paracetamol, and the
names Indonesian pharmacies sell under: Sangobion, Promag), a brand in a follow-up that points back asking
about the condition, and "148 over 95" or "gula puasa 118" naming the condition of the reading."""

from __future__ import annotations

import pytest

from bot.answering.followup import reading
from bot.answering.indonesian import read
from bot.answering.reference import Row
from bot.answering.rerank import ConsumerRetriever
from bot.answering.understand import understand
from tests.fakes.grounded import new_core, retriever_over

DRUG = "https://medlineplus.gov/druginfo/meds/"
ROWS = [
    Row("What special precautions should I follow for Metronidazole Oral ?", "", f"{DRUG}a689011.html",
        "Metronidazole Oral", "precautions"),
    Row("What special precautions should I follow for Metronidazole Topical ?", "", f"{DRUG}a689012.html",
        "Metronidazole Topical", "precautions"),
    Row("What are the side effects of Hydrocortisone Topical ?", "", f"{DRUG}a682793.html",
        "Hydrocortisone Topical", "side effects"),
    Row("What are the side effects of Hydrocortisone Oral ?", "", f"{DRUG}a682206.html",
        "Hydrocortisone Oral", "side effects"),
    Row("What special precautions should I follow for Ibuprofen ?", "", f"{DRUG}a682159.html", "Ibuprofen",
        "precautions"),
    Row("What is (are) Ibuprofen dosing for children ?", "", "https://medlineplus.gov/ency/article/007478.htm",
        "Ibuprofen dosing for children", "information", ("Advil", "Motrin")),
    Row("What is (are) Migraine ?", "Migraines are recurring attacks of moderate to severe pain.",
        "https://medlineplus.gov/migraine.html", "Migraine", "information"),
    Row("What are the treatments for Migraine ?", "Triptans and pain relievers can stop a migraine attack.",
        "https://www.ninds.nih.gov/migraine", "Migraine", "treatment"),
    Row("What is (are) High Blood Pressure ?", "Blood pressure is the force of your blood pushing against the "
        "walls of your arteries. High blood pressure is a reading of 130/80 or higher.",
        "https://medlineplus.gov/highbloodpressure.html", "High Blood Pressure", "information", ("Hypertension",)),
    Row("What is (are) Prediabetes ?", "Prediabetes means your blood sugar is higher than normal but not high "
        "enough to be called diabetes.", "https://medlineplus.gov/prediabetes.html", "Prediabetes", "information"),
    Row("What is (are) Carbohydrates ?", "Sugars are one of the main types of carbohydrates.",
        "https://medlineplus.gov/carbohydrates.html", "Carbohydrates", "information", ("Sugar",)),
    Row("What is (are) Anemia ?", "Anemia means your blood does not carry enough oxygen.",
        "https://medlineplus.gov/anemia.html", "Anemia", "information"),
    Row("What is (are) Iron ?", "Iron is a mineral that the body needs for growth. Iron supplements can cause "
        "constipation and dark stools.", "https://medlineplus.gov/iron.html", "Iron", "information"),
    Row("What is (are) Taking antacids ?", "", "https://medlineplus.gov/ency/patientinstructions/000198.htm",
        "Taking antacids", "information"),
    Row("What is (are) Colic ?", "", "https://medlineplus.gov/ency/article/000978.htm", "Colic", "information"),
    Row("What is (are) Flu ?", "Flu is a respiratory infection caused by viruses.", "https://medlineplus.gov/flu.html",
        "Flu", "information", ("Grippe", "Influenza")),
    Row("What is (are) COPD ?", "COPD is a lung disease that makes it hard to breathe. Pulmonary rehabilitation "
        "helps.", "https://medlineplus.gov/copd.html", "COPD", "information"),
    Row("What is (are) Hair Loss ?", "Hair loss has many causes.", "https://x.gov/hair", "Hair Loss", "information"),
    Row("What is (are) Heat Illness ?", "Heat illness includes heat stroke.", "https://x.gov/heat", "Heat Illness",
        "information"),
    Row("What is (are) Ear wax ?", "", "https://medlineplus.gov/ency/article/000979.htm", "Ear wax", "information"),
    Row("What is (are) Pinworms ?", "Pinworms are small parasites.", "https://x.gov/pinworms", "Pinworms",
        "information"),
    Row("What is (are) Herniated Disk ?", "A herniated disk presses on nerves.", "https://x.gov/disk",
        "Herniated Disk", "information"),
    Row("What is (are) Eczema ?", "Eczema is a term for several conditions that make skin itchy and red.",
        "https://x.gov/eczema", "Eczema", "information", ("Atopic dermatitis",)),
    Row("What is the outlook for Eczema ?", "Many children with eczema outgrow it by their teens.",
        "https://x.gov/eczema-outlook", "Eczema", "outlook"),
    Row("What are the side effects of Methylphenidate ?", "", f"{DRUG}a682188.html", "Methylphenidate",
        "side effects", ("Ritalin",)),
    Row("What is (are) ADHD ?", "ADHD is a condition of attention and activity.", "https://x.gov/adhd",
        "Attention deficit hyperactivity disorder", "information", ("ADHD",)),
    Row("What is the outlook for ADHD ?", "Many children with ADHD improve as they grow up.", "https://x.gov/adhd-o",
        "Attention deficit hyperactivity disorder", "outlook"),
    Row("What are the symptoms of Hyperostosis corticalis generalisata, benign form of Worth ?", "Bones are dense.",
        "https://rarediseases.info.nih.gov/gard/1", "Hyperostosis corticalis generalisata, benign form of Worth",
        "symptoms", ("Worth disease",)),
]


@pytest.fixture(scope="module")
def retriever() -> ConsumerRetriever:
    return retriever_over(ROWS)


def test_a_medicine_named_without_its_form_finds_its_form_pages(retriever):
    names = retriever.ref.names
    assert understand("is metronidazole safe while breastfeeding?", names).foci == {
        "metronidazole oral", "metronidazole topical"}
    assert understand("my doctor gave me flagyl, can i drink a beer?", names).foci == {
        "metronidazole oral", "metronidazole topical"}
    # the form the message says chooses the page
    assert understand("is hydrocortisone cream ok for a 2 year old", names).foci == {"hydrocortisone topical"}
    assert understand("side effects of hydrocortisone tablets?", names).foci == {"hydrocortisone oral"}


async def test_a_brand_in_a_follow_up_that_points_back_asks_about_the_condition(retriever):
    core = new_core(retriever)
    await core.answer("u1", "my gf gets migranes every week, wat causes them", chat="tg:1")
    reply = await core.answer("u1", "do triptans actually work for that or is it just advil n lay in the dark",
                              chat="tg:1")
    assert "ninds.nih.gov/migraine" in reply.text  # the condition's treatment, not the ibuprofen pages
    # a brand asked about on its own is the medicine's
    assert "a682159" in (await new_core(retriever).answer("u2", "is advil safe with alcohol?", chat="tg:2")).text


@pytest.mark.parametrize("text, topic", [
    ("checked my blood pressure at walmart 148 over 95 is that high for a 42 yr old guy", "high blood pressure"),
    ("bp 150/90 this morning, should i worry", "high blood pressure"),
    ("tensi bapak 170/100 bahaya gak?", "high blood pressure"),
    ("mamak tensinyo 170an", "high blood pressure"),
    ("pressure 85/50 and dizzy when i stand", "low blood pressure"),
    ("fasting sugar was 118 at my physical does that mean anything", "prediabetes"),
    ("gula darah puasa 135 itu diabetes?", "diabetes"),
    ("hb sy cuma 9,8 kata bidan", "anemia"),
    # units of the measure itself, and words between the measure and its number (found in the second review)
    ("gula darah 250 mg/dl bahaya gak", "diabetes"), ("hb 9 g/dl bahaya?", "anemia"), ("a1c 6.8%", "diabetes"),
    ("my blood pressure this morning was 170, should i go to er", "high blood pressure"),
    ("my sugar went up to 300", "diabetes"), ("blood sugar dropped to 50", "low blood sugar"),
    ("gula darah 2 jam pp 250", "diabetes"), ("tensi ibu mertua 180 bahaya?", "high blood pressure"),
    ("suhu badan 39", "fever"), ("38.5 c", "fever"), ("104 degrees", "fever"), ("gdp 130", "diabetes"),
    ("3 day old baby is yellow", "newborn jaundice"), ("my newborn looks yellow and sick", "newborn jaundice"),
    ("my a1c came back 6.1", "prediabetes"),
    ("anak suhu 39,5 derajat dari semalam", "fever"),
    ("fever of 102 since yesterday", "fever"),
])
def test_a_reading_names_its_condition(text, topic):
    assert reading(text) == topic


@pytest.mark.parametrize("text, topic", [
    ("my potassium came back low on the bloodwork", "low potassium level"), ("kalium nya rendah, bahaya gak", "low "
     "potassium level"), ("high potassium, what foods to avoid", "high potassium level"),
    ("doc say my cholesterol high", "high cholesterol"), ("kolesterol saya tinggi", "high cholesterol"),
    ("my ldl is a bit high", "high cholesterol"), ("low iron, always tired", "iron deficiency anemia"),
    ("iron deficiency in pregnancy", "iron deficiency anemia"), ("kurang zat besi", "iron deficiency anemia"),
    ("b12 deficiency symptoms", "anemia b12 deficiency"), ("low vitamin b12", "anemia b12 deficiency"),
    ("folic acid deficiency", "folate deficiency"), ("sodium level is low", "low sodium level"),
    ("is low potassium dangerous?", "low potassium level"), ("blood test says i'm deficient in b12", "anemia b12 "
                                                                                                   "deficiency"),
    # a low haemoglobin beside iron tablets ("tablet tambah darah") is iron deficiency anemia
    ("hb 9,5 dikasih tablet tambah darah sama bidan", "iron deficiency anemia"),
])
def test_a_level_said_low_or_high_names_its_condition(text, topic):
    assert reading(text) == topic


@pytest.mark.parametrize("text", [
    "iron rich foods for toddlers", "high iron foods", "low sodium diet ideas", "is it ok to take iron tablets",
    "low calcium", "cholesterol is low", "high sodium foods", "potassium supplements side effects",
    "how to lower potassium", "how do i lower my cholesterol",  # a verb, not a level
    # a food's content, not a level of the blood (the review's)
    "what fruits are high in potassium", "foods low in sodium for my dad", "diet rendah natrium gimana",
    "buah yang tinggi kalium apa aja?", "bananas are high in potassium right?", "are eggs high in cholesterol",
    "is potassium high in bananas?", "kalium tinggi di pisang ya?", "low sodium salt ok for my dad with heart failure?",
])
def test_a_nutrient_without_a_level_of_its_own_page_names_nothing(text):
    assert reading(text) is None


def test_a_level_answers_from_its_condition_not_the_nutrient():
    levels = retriever_over([
        Row("What is (are) Potassium ?", "Potassium is a mineral.", "https://x.gov/potassium", "Potassium",
            "information"),
        Row("What is (are) Low potassium level ?", "", "https://x.gov/hypokalemia", "Low potassium level",
            "information", ("Hypokalemia", "Potassium - low")),
        Row("What is (are) Iron ?", "Iron is a mineral.", "https://x.gov/iron", "Iron", "information"),
        Row("What is (are) Iron-Deficiency Anemia ?", "Iron-deficiency anemia is anemia from too little iron.",
            "https://x.gov/ida", "Iron-Deficiency Anemia", "information"),
    ])
    names = levels.ref.names
    assert understand("my potassium came back low, what should i eat", names).foci == {"low potassium level"}
    assert understand("my iron is low, is that why im so tired", names).foci == {"iron deficiency anemia"}
    assert understand("is it ok to take iron with coffee", names).foci == {"iron"}  # no level: the nutrient
    assert understand("low potassium and leg cramps, is that from the iron deficiency anemia?", names).foci >= {
        "iron deficiency anemia"}  # a condition named: the message's own, no level read


@pytest.mark.parametrize("text", [
    "i'm 35 and weigh 150 lbs", "took 2 tablets of 500/125", "he is 72 and had 3 over 2 days", "the pressure in my ear",
    "blood pressure meds 10mg", "blood pressure meds 100 tablets", "fasting sugar 95 is that ok", "my hb is 14",
    # ages, prices, grams, doses, heart rates, rooms and normal values (found in review)
    "my a1c came back 5.0, is that ok?", "hemoglobin test for my 10 year old, what does it show",
    "my resting bpm is 110, is that bad", "advair 250/50 how many puffs", "harga tensimeter 150 ribu mahal gak",
    "lots of pressure at work, 70 hour weeks", "tensi normal umur 75 tahun, perlu cek apa lagi?",
    "gula darah normal, umur 55 tahun", "gula 50 gram per hari kebanyakan gak?", "sugar free gum 200 pieces a week bad?",
    "temple pain 40 years old", "temp ok, 40 yo", "it's 40 degrees c outside, will it rain tomorrow?",
    "suhu kamar 38 derajat", "bp 118/76 ok?", "my 3 day old threw up yellow, is that ok?", "38 c section",
    "cholesterol 240/160", "a1c test at 12 weeks", "2 weeks old with sticky yellow gunk in her eyes",
    "low sugar yogurt 150 calories", "sugar 200 calories in this drink", "140 over 90 meters sprint",
    "temp 102 f in the car", "hba1c 5.5%",
])
def test_numbers_that_are_no_reading_name_nothing(text):
    assert reading(text) is None


async def test_a_reading_answers_from_its_condition_not_the_measure(retriever):
    names = retriever.ref.names
    assert understand("fasting sugar was 118 at my physical does that mean anything", names).foci == {"prediabete"}
    reply = await new_core(retriever).answer("u1", "148 over 95 on the machine at the pharmacy, is that high?",
                                             chat="tg:1")
    assert "highbloodpressure" in reply.text
    # in a conversation the reading is about its topic: no new topic from it
    assert understand("his bp was 150/95 today, is that from it?", names, "copd").foci == {"copd"}


def test_indonesian_pharmacy_names():
    after = read("trus knp ya tiap abis minum sangobion perut sy mual")
    assert after.topic == "iron" and after.qtype == "side effects"  # since taking it: the medicine's
    assert read("promag aman gak buat ibu hamil?").topics == ("taking antacids",)
    assert read("anak demam boleh dikasih sanmol berapa ml?").topics[-1] == "acetaminophen"
    assert read("zyrtec boleh diminum tiap hari?").topics == ("cetirizine",)  # an English brand too


def test_everyday_words_and_remedies_are_no_names(retriever):
    names = retriever.ref.names
    assert not understand("my 6 wk old screams every evening, tried swaddling and gripe water", names).foci
    u = understand("Would pulmonary rehab be worth it at 72, or is he too old for that sort of thing?", names)
    assert not any("worth" in f for f in u.foci)


@pytest.mark.parametrize("text, qtype", [
    ("how much paracetamol can i give him, he is 10kg", "dose"),
    ("is there anything that actually helps?", "treatment"),
    ("whats best to shift it", "treatment"),
    ("what gets rid of them for good", "treatment"),
    ("how do i get rid of it", "treatment"),
    ("what can she take for the sickness", "treatment"),
    ("anything i can do at home?", "treatment"),
    # and what they must not swallow
    ("how did he get it", "causes"),
    ("how do you get shingles", "causes"),
])
def test_question_phrasings_of_the_third_round(text, qtype):
    from bot.answering.understand import qtype_of
    assert qtype_of(text) == qtype


async def test_a_dose_question_in_a_follow_up_is_the_medicine_s_unless_it_asks_if_it_is_enough(retriever):
    names = retriever.ref.names
    assert understand("how much advil can i give him?", names, "migraine").foci == {
        "ibuprofen", "ibuprofen dosing for children"}
    assert understand("one dose of advil, is that enough for it?", names, "migraine").foci == {"migraine"}


@pytest.mark.parametrize("text, focus", [
    ("wife's hair is falling out like crazy after giving birth", "hair loss"),
    ("whats the difference between heat exhaustion and heat stroke", "heat illness"),
    ("our Darren keeps getting his ears bunged up with wax", "ear wax"),
    ("his sister's got threadworms again", "pinworm"),
    ("is a slipped disc serious", "herniated disk"),
])
def test_english_lay_names(retriever, text, focus):
    assert understand(text, retriever.ref.names).foci == {focus}


@pytest.mark.parametrize("text, topic", [
    ("kak salep buat luka bakar kena minyak panas yg bagus apa ya?", "burns"),
    ("anak sy kena flu singapura, nular gak?", "hand-foot-mouth disease"),
    ("sy baru melahirkan, kena baby blues ya?", "postpartum depression"),
    # a symptom on the way is not the topic: "step" (a febrile seizure) is, not "kejang"
    ("anakku kmrn step pas demam tinggi, kejang bentar. itu bahaya gak?", "febrile seizures"),
])
def test_indonesian_lay_names_of_the_third_round(text, topic):
    assert read(text).topic == topic


def test_a_vaccine_by_the_disease_it_prevents():
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Shingles", "Shingles (Zoster) Vaccine", "Flu", "Pneumococcal Polysaccharide Vaccine"],
                             [[], [], [], []])
    assert [f for _, f, _ in names.find("should my mom get the shingles shot?")] == [{"shingle zoster vaccine"}]
    assert [f for _, f, _ in names.find("can he have the pneumonia jab with his flu shot?")][0] == {
        "pneumococcal polysaccharide vaccine"}
    assert [f for _, f, _ in names.find("my mom has shingles")] == [{"shingle"}]


@pytest.mark.parametrize("text, topic", [
    ("why do newborns go yellow? ours is 4 days old and her eyes look a bit yellowish", "newborn jaundice"),
    ("baby is 4 days old and looks kind of yellow esp her eyes", "newborn jaundice"),
    ("my 3 week old has yellow poop is that normal", None),
    ("my teeth are yellow", None),
])
def test_a_newborn_s_yellow_skin_names_newborn_jaundice(text, topic):
    assert reading(text) == topic


def test_a_route_of_use_makes_a_name_only_of_a_medicine():
    from bot.answering.reference import Reference
    rows = [Row("What is (are) Culture rectal ?", "", "https://x.gov/c", "Culture rectal", "information"),
            Row("What are the side effects of Nicotine Oral Inhalation ?", "", f"{DRUG}a1.html",
                "Nicotine Oral Inhalation", "side effects"),
            Row("What is (are) Nicotine ?", "Nicotine is the addictive drug in tobacco.", "https://x.gov/n", "Nicotine",
                "information")]
    names = Reference(rows).names
    assert "culture" not in names.keys  # a test's page, not a medicine's
    assert names.keys["nicotine"] == {"nicotine"}  # the topic's own name stays its own


def test_a_vaccine_of_a_two_word_disease_is_not_its_last_word_s():
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Yellow Fever", "Fever", "Yellow Fever Vaccine"], [[], [], []])
    assert [f for _, f, _ in names.find("do i need the yellow fever shot?")] == [{"yellow fever vaccine"}]
    assert [f for _, f, _ in names.find("fever shot for my son?")][0] != {"yellow fever vaccine"}


@pytest.mark.parametrize("word", ["tums", "gastro", "adrenaline", "low sugar", "high sugar", "keeps forgetting", "nix"])
def test_everyday_words_are_no_lay_names(word):
    # "my tum hurts", "saw a gastro (a gastroenterologist)", "adrenaline rush", "low sugar yogurt", "he keeps
    # forgetting his inhaler", "nix that" (found in review)
    from bot.answering.followup import LAY_NAMES
    assert word not in LAY_NAMES


def test_words_between_a_measure_and_its_number_are_matched_one_way_only():
    # "came back at" could be read as "came back" + "at" or at once: repeated, the old pattern took seconds per
    # repetition pair (27 s for 26); this input would not finish before the suite's end if that came back
    assert reading("sugar " + "came back at " * 60) is None
    assert reading("gula darah " + "tadi pagi " * 200 + "250") is None


async def test_after_a_medicine_a_question_only_a_condition_has_asks_of_the_conversation_s_condition(retriever):
    """Two levels of memory (issue 29, fifteenth round): the last topic answered and the conversation's condition.
    After the cream for a baby's eczema, "will she grow out of it" is eczema's outlook, not the cream's page; a
    question on what the medicine does ("is that from it?") stays with the medicine."""
    core = new_core(retriever)
    await core.answer("u1", "my baby has eczema on her cheeks, what is it", chat="tg:1")
    reply = await core.answer("u1", "paed gave hydrocortisone cream, is it safe for a baby so small", chat="tg:1")
    assert "a682793" in reply.text  # the cream's page
    assert core.followups.condition("tg:1|u1") == "eczema"
    reply = await core.answer("u1", "will she grow out of it or is it forever", chat="tg:1")
    assert "x.gov/eczema-outlook" in reply.text
    # the condition named beside the medicine in one message, and a question about what the medicine does
    core = new_core(retriever)
    await core.answer("u2", "my son takes ritalin for his adhd, what are the side effects", chat="tg:2")
    assert core.followups.get("tg:2|u2") == "methylphenidate"
    assert core.followups.condition("tg:2|u2") == "attention deficit hyperactivity disorder"
    reply = await core.answer("u2", "hes barely eating now, is that from it? will that go away", chat="tg:2")
    assert "a682188" in reply.text
    reply = await core.answer("u2", "will he grow out of it", chat="tg:2")
    assert "x.gov/adhd-o" in reply.text
    # in Indonesian too
    core = new_core(retriever)
    await core.answer("u3", "anak saya eksim di pipi, itu apa", chat="tg:3")
    await core.answer("u3", "dokter kasih salep hidrokortison, aman gak buat bayi?", chat="tg:3")
    reply = await core.answer("u3", "bisa sembuh sendiri gak nanti kalau sudah besar?", chat="tg:3")
    assert "x.gov/eczema" in reply.text and "a682793" not in reply.text


@pytest.mark.parametrize("second", [
    # the second review's: asked of the medicine, whatever their question type
    "how long does it take to work", "can she stop it once it clears", "does it cause thinning of the skin",
    "does he need blood tests while on it", "will it stunt her growth", "is that from it? will that go away",
])
async def test_after_a_medicine_its_own_questions_stay_with_it(retriever, second):
    core = new_core(retriever)
    await core.answer("u1", "my baby has eczema on her cheeks, what is it", chat="tg:1")
    await core.answer("u1", "paed gave hydrocortisone cream, is it safe for a baby so small", chat="tg:1")
    reply = await core.answer("u1", second, chat="tg:1")
    assert "x.gov/eczema" not in reply.text, second


async def test_the_condition_is_not_carried_to_another_medicine_nor_taken_from_what_one_may_cause(retriever):
    core = new_core(retriever)
    await core.answer("u1", "my son takes ritalin for his adhd, what are the side effects", chat="tg:1")
    assert core.followups.condition("tg:1|u1") == "attention deficit hyperactivity disorder"
    await core.answer("u1", "my wife takes flagyl, what are the side effects of flagyl", chat="tg:1")
    assert core.followups.condition("tg:1|u1") is None  # another medicine: ADHD is not its condition
    reply = await core.answer("u1", "will she grow out of it", chat="tg:1")
    assert "x.gov/adhd" not in reply.text
    core = new_core(retriever)
    await core.answer("u2", "what is migraine", chat="tg:2")
    await core.answer("u2", "can ibuprofen side effects cause hair loss", chat="tg:2")
    assert core.followups.condition("tg:2|u2") == "migraine"  # not what the medicine may cause
    # Indonesian: a question that is not one of the condition's stays with the medicine
    core = new_core(retriever)
    await core.answer("u3", "anak saya eksim di pipi, itu apa", chat="tg:3")
    await core.answer("u3", "dokter kasih salep hidrokortison, aman gak buat bayi?", chat="tg:3")
    for second in ("berapa lama baru kerja?", "kenapa ya"):
        assert "x.gov/eczema" not in (await core.answer("u3", second, chat="tg:3")).text, second


def test_who_has_it_is_the_setting_of_a_treatment_asked_about():
    """"is it safe to have flu shot during pregnancy?": the shot is asked about, the pregnancy is who has it (the
    pregnancy page answered before); a condition named beside it is still the topic."""
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Flu Shot", "Pregnancy", "Asthma"], [[], [], []])
    assert understand("Is it safe to have flu shot during pregnancy? I am in 5th month", names).foci == {"flu shot"}
    assert understand("is the flu shot ok for my baby", names).foci == {"flu shot"}
    assert understand("is pregnancy safe at 44", names).foci == {"pregnancy"}  # nothing else named
    # the pregnancy asked about, the shot the setting (the review's "is pregnancy after a kidney transplant risky?")
    assert understand("is pregnancy safe after a flu shot", names).foci == {"pregnancy"}
    assert understand("any risks in pregnancy after a flu shot?", names).foci == {"pregnancy"}
    assert understand("should he get the flu shot with his asthma", names).foci == {"asthma"}
