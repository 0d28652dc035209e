"""Answers on the asked aspect (issue 29, second round): a condition's aspect pages under another page's
name (Reference.family), a topic with no text anywhere answered from a page that talks about it, the
question phrasings independent writers used, everyday words that are not names, and the Indonesian
topic the question word is about."""

from __future__ import annotations

import pytest

from bot.answering.indonesian import read
from bot.answering.passages import passage_about
from bot.answering.reference import Row
from bot.answering.rerank import ConsumerRetriever
from bot.answering.understand import qtype_of, understand
from bot.safety.messages import EN, ID
from tests.fakes.grounded import new_core, retriever_over

ADAM_DENGUE = "https://medlineplus.gov/ency/article/001374.htm"
ADAM_STREP = "https://medlineplus.gov/ency/article/000639.htm"
ROWS = [
    # MedlinePlus' overview of dengue (text), the encyclopedia's pages on "Dengue fever" (link-only) and
    # GARD's symptoms of "Dengue fever" (text): one condition under two page names
    Row("What is (are) Dengue ?", "Dengue is an infection caused by a virus. You can get it if an infected mosquito "
        "bites you. Dengue does not spread from person to person.", "https://medlineplus.gov/dengue.html", "Dengue",
        "information", ("Break-bone fever", "Dengue fever")),
    Row("What causes Dengue fever ?", "", ADAM_DENGUE, "Dengue fever", "causes"),
    Row("What are the treatments for Dengue fever ?", "", ADAM_DENGUE, "Dengue fever", "treatment"),
    Row("What are the symptoms of Dengue fever ?", "Dengue fever begins with a sudden high fever, a severe headache, "
        "pain behind the eyes and in the joints, and a rash.", "https://rarediseases.info.nih.gov/gard/6254",
        "Dengue fever", "symptoms"),
    # strep throat: the encyclopedia's link-only pages only; its words are in the page on strep infections
    Row("What is (are) Strep throat ?", "", ADAM_STREP, "Strep throat", "information",
        ("Streptococcal pharyngitis",)),
    Row("What are the treatments for Strep throat ?", "", ADAM_STREP, "Strep throat", "treatment"),
    Row("What is (are) Streptococcal Infections ?", "Strep is short for Streptococcus, a type of bacteria. Group A "
        "strep causes strep throat, a sore, red throat with fever. Strep throat is treated with antibiotics.",
        "https://medlineplus.gov/streptococcalinfections.html", "Streptococcal Infections", "information",
        ("Strep",)),
    Row("What is (are) Ear Infections ?", "Ear infections are common in children.", "https://x.gov/ear",
        "Ear Infections", "information"),
    Row("What are the treatments for Ear infection - acute ?", "", "https://medlineplus.gov/ency/article/000638.htm",
        "Ear infection - acute", "treatment"),
    Row("What is (are) Fatigue ?", "Fatigue is feeling tired.", "https://x.gov/fatigue", "Fatigue", "information"),
    Row("What is (are) Chronic fatigue syndrome ?", "", "https://x.gov/cfs", "Chronic fatigue syndrome",
        "information"),
    Row("What is (are) Measles ?", "Measles is an infectious disease caused by a virus. Other symptoms include - "
        "Fever - Cough - Runny nose - Conjunctivitis (pink eye).", "https://x.gov/measles", "Measles", "information"),
    Row("What is (are) Runny nose ?", "", "https://medlineplus.gov/ency/article/003049.htm", "Runny nose",
        "information"),
    Row("What special precautions should I follow for Apixaban ?", "", "https://medlineplus.gov/druginfo/apixaban",
        "Apixaban", "precautions"),
    Row("What is (are) Eczema ?", "Eczema is a term for several types of skin swelling.", "https://x.gov/eczema",
        "Eczema", "information"),
    Row("What is (are) Bleeding ?", "Bleeding is the loss of blood.", "https://x.gov/bleeding", "Bleeding",
        "information"),
    Row("What is (are) Fatty liver - nonalcoholic ?", "", "https://medlineplus.gov/ency/article/007657.htm",
        "Fatty liver - nonalcoholic", "information", ("Fatty liver", "Nonalcoholic steatohepatitis")),
    Row("What causes Nonalcoholic Steatohepatitis ?", "Experts are not sure why fat builds up in the liver of some "
        "people. Being overweight and having type 2 diabetes raise the risk.", "https://www.niddk.nih.gov/nash",
        "Nonalcoholic Steatohepatitis", "causes"),
    Row("What is (are) Breast infection ?", "A breast infection is usually caused by bacteria during breastfeeding.",
        "https://medlineplus.gov/ency/article/001490.htm", "Breast infection", "information", ("Mastitis",)),
    Row("What is (are) Fever ?", "A fever is a temporary increase in body temperature.", "https://x.gov/fever",
        "Fever", "information"),
    # a name in passing in lower-case bullets, and the end of a longer name: neither says what the topic is
    Row("What are the symptoms of Hypoglycemia ?", "Symptoms at night include - having nightmares - finding "
        "pajamas or sheets damp.", "https://x.gov/hypo", "Hypoglycemia", "symptoms"),
    Row("What is (are) Nightmares ?", "", "https://medlineplus.gov/ency/article/003209.htm", "Nightmares",
        "information"),
    Row("What is (are) Occipital neuralgia ?", "Occipital neuralgia is a headache at the back of the head.",
        "https://x.gov/occipital", "Occipital neuralgia", "information"),
    Row("What is (are) Neuralgia ?", "", "https://medlineplus.gov/ency/article/001407.htm", "Neuralgia",
        "information"),
    # another population's page is another page
    Row("What is (are) Diarrhea ?", "Diarrhea means loose, watery stools in adults.", "https://x.gov/diarrhea",
        "Diarrhea", "information"),
    Row("What are the treatments for Diarrhea in infants ?", "", "https://medlineplus.gov/ency/article/002118.htm",
        "Diarrhea in infants", "treatment"),
    # three conditions sharing a broad synonym: none of them is the others
    Row("What is the outlook for Osgood-Schlatter disease ?", "", "https://medlineplus.gov/ency/article/001258.htm",
        "Osgood-Schlatter disease", "outlook", ("Osteochondrosis",)),
    Row("What is (are) Kienbock's disease ?", "Kienbock's disease is a wrist bone losing its blood supply.",
        "https://rarediseases.info.nih.gov/gard/kienbock", "Kienbock's disease", "information", ("Osteochondrosis",)),
    Row("What is (are) Scheuermann disease ?", "Scheuermann disease bends the upper back.", "https://x.gov/sch",
        "Scheuermann disease", "information", ("Osteochondrosis",)),
    Row("What is (are) Testes ?", "The testes are two glands in the scrotum.", "https://x.gov/testes", "Testes",
        "information"),
    Row("What is (are) Juvenile arthritis ?", "Juvenile arthritis is arthritis in children.", "https://x.gov/ja",
        "Juvenile arthritis", "information", ("Still disease", "Still")),
    Row("What is (are) GERD ?", "Your esophagus carries food to your stomach. GERD is when stomach acid flows back.",
        "https://medlineplus.gov/gerd.html", "GERD", "information", ("Acid reflux",)),
    Row("What are the symptoms of GERD ?", "The main symptom of GERD is heartburn, a burning pain in the chest.",
        "https://www.niddk.nih.gov/gerd-symptoms", "GERD", "symptoms"),
    Row("What is (are) Sleep Apnea ?", "Sleep apnea is a disorder in which breathing stops during sleep.",
        "https://www.nhlbi.nih.gov/sleepapnea", "Sleep Apnea", "information"),
    Row("How to diagnose Sleep Apnea ?", "Doctors diagnose sleep apnea with a sleep study (polysomnography): "
        "your breathing is tested overnight.",
        "https://www.nhlbi.nih.gov/sleepapnea-diagnosis", "Sleep Apnea", "exams and tests"),
    Row("What is (are) Polysomnography ?", "", "https://medlineplus.gov/ency/article/003932.htm", "Polysomnography",
        "information", ("Sleep study",)),
]


@pytest.fixture(scope="module")
def retriever() -> ConsumerRetriever:
    return retriever_over(ROWS)


def test_family_joins_a_condition_under_its_other_page_names(retriever):
    ref = retriever.ref
    assert ref.family("dengue") == ["dengue", "dengue fever"]  # named as a synonym
    assert ref.family("ear infection") == ["ear infection", "ear infection acute"]  # one qualifier
    assert ref.family("fatigue") == ["fatigue"]  # "chronic fatigue syndrome" is another condition
    assert ref.family("osgood schlatter disease") == ["osgood schlatter disease"]  # a broad shared synonym
    assert ref.text_twins("osgood schlatter disease") == []


async def test_a_page_on_its_levels_or_on_caring_for_it_at_home_is_of_the_condition_s_family():
    """MedlinePlus keeps a condition's prevention on "Managing migraines at home" and its outlook on "High blood
    cholesterol levels": the overview's text answers, that page is linked for the aspect asked."""
    home = "https://medlineplus.gov/ency/patientinstructions/000709.htm"
    rows = [Row("What is (are) Migraine ?", "A migraine is a common type of headache with throbbing pain.",
                "https://medlineplus.gov/migraine.html", "Migraine", "information"),
            Row("How to prevent Managing migraines at home ?", "", home, "Managing migraines at home", "prevention"),
            Row("What is (are) High Blood Cholesterol ?", "Cholesterol is a waxy substance in your blood.",
                "https://medlineplus.gov/cholesterol.html", "High Blood Cholesterol", "information"),
            Row("What is the outlook for High blood cholesterol levels ?", "",
                "https://medlineplus.gov/ency/article/000403.htm", "High blood cholesterol levels", "outlook"),
            Row("What is (are) Home care ?", "Care at home.", "https://x.gov/home", "Home care", "information"),
            Row("What is Lithium ?", "", "https://medlineplus.gov/druginfo/meds/a681039.html", "Lithium", "usage"),
            Row("What is (are) Lithium levels ?", "", "https://medlineplus.gov/ency/article/003646.htm",
                "Lithium levels", "information"),
            *(Row(f"What is (are) {n} levels ?", "", f"https://x.gov/{n}", f"{n} levels", "information")
              for n in ("Sodium", "Calcium", "Magnesium"))]
    ret = retriever_over(rows)
    assert "lithium" in ret.ref.names.drugs
    assert "lithium" not in ret.ref.family("lithium level")  # a test of levels is no medicine's page
    assert ret.ref.family("migraine") == ["migraine", "managing migraine at home"]
    assert ret.ref.family("high blood cholesterol") == ["high blood cholesterol", "high blood cholesterol level"]
    assert ret.ref.family("home care") == ["home care"]
    reply = await new_core(ret).answer("u1", "how can i stop my migraines from happening?", chat="tg:1")
    assert "throbbing pain" in reply.text and home in reply.text


async def test_an_aspect_missing_from_the_overview_is_answered_from_the_same_condition_under_another_name(
        retriever):
    reply = await new_core(retriever).answer("u1", "what are the symptoms of dengue?", chat="tg:1")
    assert reply.kind == "answer" and "sudden high fever" in reply.text and "gard/6254" in reply.text
    treat = await new_core(retriever).answer("u1", "how is dengue treated?", chat="tg:1")
    # no text on treatment anywhere: the overview, then the encyclopedia's treatment page
    assert "Source: https://medlineplus.gov/dengue.html" in treat.text
    assert f"More on its treatment (Dengue fever): {ADAM_DENGUE}" in treat.text


def test_a_name_in_passing_or_inside_a_longer_name_is_no_page_about_it(retriever):
    ref = retriever.ref
    assert ref.mentioned_in("nightmare") == []  # "- having nightmares - " is a bullet of another disease
    assert ref.mentioned_in("neuralgia") == []  # "Occipital neuralgia is" is another condition
    assert "diarrhea" not in ref.family("diarrhea in infant") and "diarrhea in infant" not in ref.family("diarrhea")


async def test_a_topic_with_no_text_is_answered_from_a_page_that_talks_about_it(retriever):
    reply = await new_core(retriever).answer("u1", "my son has strep throat, how is it treated?", chat="tg:1")
    assert reply.text.startswith("The NIH page on Streptococcal Infections says this about Strep throat")
    assert "treated with antibiotics" in reply.text
    assert f"More on its treatment (Strep throat): {ADAM_STREP}" in reply.text
    # named only in passing in a list of another disease's symptoms: that page says nothing about it
    runny = await new_core(retriever).answer("u1", "what causes a runny nose?", chat="tg:2")
    assert "says this about" not in runny.text and "Measles" not in runny.text and "003049" in runny.text


THROAT = "https://medlineplus.gov/throatdisorders.html"
LIST_ROWS = [
    # MedlinePlus summaries list conditions as "- Term - definition"; the line breaks were lost, so the next paragraph
    # runs into the last item ("pharynx Treatment depends")
    Row("What is (are) Throat Disorders ?", "Your throat is a tube. Other problems that affect the throat include - "
        "Tonsillitis - an infection in the tonsils - Pharyngitis - inflammation of the pharynx Treatment depends on "
        "the cause. - Cancers - Croup", THROAT, "Throat Disorders", "information"),
    Row("What is (are) Tonsillitis ?", "", "https://medlineplus.gov/ency/article/001043.htm", "Tonsillitis",
        "information"),
    Row("What is (are) Pharyngitis ?", "", "https://medlineplus.gov/ency/article/000655.htm", "Pharyngitis",
        "information"),
    Row("What is (are) Croup ?", "", "https://medlineplus.gov/ency/article/000959.htm", "Croup", "information"),
]


async def test_a_list_item_that_defines_a_topic_answers_for_its_link_only_page():
    retriever = retriever_over(LIST_ROWS)
    reply = await new_core(retriever).answer("u1", "what is tonsillitis", chat="tg:1")
    text, _, links = reply.text.partition("\n\nSource: ")
    assert text == "The NIH page on Throat Disorders says this about Tonsillitis:\n\nTonsillitis - an infection in the tonsils"
    assert links.startswith(THROAT) and "001043.htm" in links
    # the last item ends where the next paragraph ran into it
    pharynx = (await new_core(retriever).answer("u1", "what is pharyngitis", chat="tg:2")).text
    assert "Pharyngitis - inflammation of the pharynx\n" in pharynx and "Treatment depends" not in pharynx
    # a term with no definition is named, not defined: its own link alone
    croup = (await new_core(retriever).answer("u1", "what is croup", chat="tg:3")).text
    assert "says this about" not in croup and "000959.htm" in croup


def test_the_passage_about_a_topic_starts_at_its_sentence():
    assert passage_about("People with diverticulitis may have pain. Other text.", 12) == \
        "People with diverticulitis may have pain. Other text."  # the first sentence whole (was "eople ...")
    ran_in = "It affects - Daily life skills, such as bathing Fetal alcohol syndrome is the most serious type. More."
    assert passage_about(ran_in, ran_in.index("Fetal"), 1) == "Fetal alcohol syndrome is the most serious type."
    # a list item: to the next item, the credit line or a run-in paragraph, not a name inside it
    items = "Tonsillitis - a Streptococcus infection of the tonsils - Pharyngitis - inflammation of the pharynx"
    assert passage_about(items, 0) == "Tonsillitis - a Streptococcus infection of the tonsils"  # at the text's start
    credit = "Problems include - Thyroid nodules - lumps in the thyroid Dept. of Health and Human Services"
    assert passage_about(credit, credit.index("Thyroid")) == "Thyroid nodules - lumps in the thyroid"
    names = "- For example, in the United States tonsillitis is common in children."
    assert passage_about(names, names.index("tonsillitis")) == names[2:]  # "United States" is no run-in
    heading = "The eye has three parts: - Iris The iris is the colored area of the eye. It has a muscle."
    assert passage_about(heading, heading.index("iris"), 1) == "The iris is the colored area of the eye."
    inside = "Gout - a form of arthritis (often seen by Some Doctors) known from the Centers for Disease Control data"
    assert passage_about(inside, 0) == inside  # no end inside brackets, after "the", or on an agency in a sentence


def test_everyday_words_are_not_corrected_into_names_nor_names_alone(retriever):
    names = retriever.ref.names
    assert names.correct("alright") == "alright"  # a chat word no answer writes is not a misspelt name
    assert "teste" not in understand("my 7yo tested positive for strep", names).foci  # "tested" is a word
    assert not understand("tell me a joke, still 5 hours of my shift", names).foci  # "still": not Still disease


@pytest.mark.parametrize("text, qtype", [
    # and what they must not swallow
    ("my knee has hurt since I started running, what causes it?", "causes"),
    ("would it be ok to give my son ibuprofen?", "precautions"),
    ("what are the signs of a serious infection?", "symptoms"),
    ("how do you treat a serious burn?", "treatment"),
    ("will I be able to go back to work after surgery", "outlook"),
    ("is it something he will grow out of", "outlook"),
    ("can i still go to practice or will i give it to everyone", "causes"),
    ("how would he have got it", "causes"),

    ("how long till he's not contagious anymore", "causes"),
    ("should i still get the flu shot this fall", "prevention"),
    ("doc thinks i got IBS. is it serious", "outlook"),
    ("how long does a cold sore usually last", "outlook"),
    ("would a cpap fix it", "treatment"),
    ("does she have to be on blood thinners forever?", "treatment"),
    ("why my daughter get migraine always near her period", "causes"),
    ("can you actually get tetanus from a rusty nail", "causes"),
    ("metformin upset my stomach every day since i started it", "side effects"),
    ("my vitamin d came back at 18, what does that number mean", "exams and tests"),
])
def test_question_phrasings_of_independent_writers(text, qtype):
    assert qtype_of(text) == qtype


def test_a_sleep_study_is_no_research_question():
    assert qtype_of("wat does a sleep study even involve") != "research"


def test_is_that_a_condition_after_a_description_asks_about_its_symptoms(retriever):
    u = understand("heartburn every night after energy drinks, burns when i lay down. is that GERD", retriever.ref.names)
    assert u.qtype == "symptoms" and "gerd" in u.foci


async def test_a_follow_up_naming_a_test_keeps_the_condition_unless_it_asks_what_the_test_is(retriever):
    names = retriever.ref.names
    u = understand("wat does a sleep study even involve", names, "sleep apnea")
    assert u.follows_up and u.foci == {"sleep apnea"} and u.qtype == "exams and tests"
    assert not understand("what is a sleep study?", names, "sleep apnea").follows_up
    assert not understand("tell me about a sleep study", names, "sleep apnea").follows_up
    need = understand("will he need one of them mask machines at night?", names, "sleep apnea")
    assert need.follows_up and need.foci == {"sleep apnea"}  # a thing the lists do not know, asked if needed
    # a new symptom after a topic is a new question, unless it is tied to the condition
    assert understand("now she has a fever that won't go away, what causes it?", names, "gerd").foci == {"fever"}
    assert understand("is that why she has a fever?", names, "gerd").foci == {"gerd"}
    core = new_core(retriever)
    await core.answer("u1", "my husband snores and stops breathing at night, is that sleep apnea?", chat="tg:1")
    reply = await core.answer("u1", "wat does a sleep study even involve", chat="tg:1")
    assert "sleepapnea-diagnosis" in reply.text


@pytest.mark.parametrize("text, topic", [
    ("tulang keropos bs dicegah gak? umurku 45 wes mau menopause", "osteoporosis"),  # asked about, not the last
    ("bayiku baru 5 hari kok kuning ya kulit sama matanya, knp sih", "newborn jaundice"),
    ("bokap darah tinggi, minum amlodipine tiap pagi. kakinya bengkak, efek samping obatnya bukan sih",
     "amlodipine"),  # side effects: the medicine's
])
def test_indonesian_topic_is_the_one_the_question_is_about(text, topic):
    assert read(text).topic == topic


def test_brand_names_find_the_medicine_and_symptoms_give_way_to_the_condition(retriever):
    names = retriever.ref.names
    assert "apixaban" in understand("dad's on Eliquis, can he take ibuprofen?", names).foci
    u = understand("my son has eczema, his hands crack until bleeding. what makes it worse", names)
    assert u.foci == {"eczema"} and u.qtype == "causes"
    # in a follow-up pointing back, a symptom is no new topic
    assert understand("is that why her legs are swelling and bleeding?", names, "eczema").foci == {"eczema"}


async def test_a_link_only_topic_is_answered_from_the_same_condition_under_another_name(retriever):
    reply = await new_core(retriever).answer("u1", "so the ultrasound says i have fatty liver. how do you get it",
                                             chat="tg:1")
    assert "Being overweight" in reply.text and "niddk.nih.gov/nash" in reply.text


@pytest.mark.parametrize("text, topic, qtype", [
    ("mas cacar api sm cacar air itu beda ya? yg cacar api tuh sebenernya penyakit apa", "shingles", "information"),
    ("anakku pulang2 gatel di sela2 jari. itu gudik ya?", "scabies", "symptoms"),  # does it sound like it
])
def test_indonesian_is_it_x_only_with_a_name_in_it(text, topic, qtype):
    r = read(text)
    assert r.topic == topic and r.qtype == qtype


def test_javanese_suffixes_on_question_words():
    assert read("trus pantangane opo wae? jeroan ora oleh yo").qtype == "prevention"  # pantangan + -e
    assert read("kencing batu gejalane piye?").qtype == "symptoms"


async def test_weather_small_talk_naming_heat_is_not_a_fever_question(retriever):
    core = new_core(retriever)
    await core.answer("u1", "what are the symptoms of dengue?", chat="tg:1")
    reply = await core.answer("u1", "oke suwun. btw semarang panas pol ki, ramalan cuaca sesuk piye?", chat="tg:1")
    assert reply.kind == "off_topic"


async def test_an_indonesian_symptom_gives_way_to_a_condition_named_in_english(retriever):
    reply = await new_core(retriever).answer(
        "u1", "kak payudara kiri sy bengkak merah panas, badan meriang dr semalem. ini mastitis kah?", chat="tg:1")
    assert reply.text.startswith("Berikut") and "001490" in reply.text


async def test_small_talk_after_a_topic_is_off_topic_in_both_languages(retriever):
    core = new_core(retriever)
    await core.answer("u1", "what are the symptoms of dengue?", chat="tg:1")
    reply = await core.answer("u1", "wkwk yowes. ceritain jokes dong biar gak stres, kerjaan numpuk", chat="tg:1")
    assert reply.kind == "off_topic" and reply.text == ID.off_topic
    bye = await core.answer("u1", "ok thanks bye, must go back to the ward now", chat="tg:1")
    assert bye.kind == "off_topic" and bye.text == EN.off_topic


@pytest.mark.parametrize(("text", "named"), [
    ("padahal aku kurus tapi gula darahnya tinggi terus", []),  # "kurus" (thin) is not a plural of kuru
    ("diabetes nya kambuh lagi pak", ["diabete"]),  # the reference writes "diabetes" so: its key
    ("metformin bikin mencret ya", ["metformin"]),
    ("kuru itu penyakit apa", ["kuru"]),
])
def test_an_indonesian_word_is_no_name_by_dropping_its_s(text, named):
    from bot.answering.rerank import _named_in
    from bot.answering.understand import FocusNames

    names = FocusNames.build(["Kuru", "Diabetes", "Metformin"], [(), (), ()])
    assert _named_in(names, text) == named


async def test_cdc_s_parasites_page_is_the_same_condition():
    """CDC names its pages "Parasites - Scabies": the same condition, so its prevention page answers a prevention
    question the MedlinePlus overview does not (issue 29, seventeenth round)."""
    retriever = retriever_over([
        Row("What is (are) Scabies ?", "Scabies is an itchy skin condition caused by a tiny mite.",
            "https://medlineplus.gov/scabies.html", "Scabies", "information"),
        Row("How to prevent Parasites - Scabies ?", "Bedding and clothing used in the 3 days before treatment should "
            "be machine washed in hot water and dried on a hot cycle.", "https://www.cdc.gov/parasites/scabies/",
            "Parasites - Scabies", "prevention")])
    assert retriever.ref.family("scabie") == ["scabie", "parasite scabie"]
    reply = await new_core(retriever).answer("u1", "how do we stop scabies spreading in the family", chat="tg:1")
    assert reply.kind == "answer" and "hot water" in reply.text and "cdc.gov/parasites/scabies" in reply.text


def test_what_a_topic_s_pages_write(retriever):
    """`Reference.writes`: any word of the topic's (and its family's) answer text, as the stay model asks it
    (bot/answering/stay.py): "fever" is on dengue's pages, "insulin" is not."""
    ref = retriever.ref
    assert ref.writes("dengue", "fever") and not ref.writes("dengue", "insulin") and not ref.writes("dengue", "")
    family = retriever_over([
        Row("What is (are) Dengue ?", "Dengue is an infection spread by mosquitoes. Rest helps.",
            "https://medlineplus.gov/dengue.html", "Dengue", "information", ("Dengue fever",)),
        Row("What are the complications of Dengue fever ?", "The platelet count can fall.",
            "https://example.org/dengue-fever", "Dengue fever", "complications")]).ref
    assert family.family("dengue") == ["dengue", "dengue fever"]
    assert family.writes("dengue", "platelet count")  # on the family's page, not its own
    assert family.writes("dengue", "by mosquitoe") and not family.writes("dengue", "mosquitoe rest")  # two sentences
