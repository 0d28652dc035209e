"""The topic the message names, kept through the replies (issue 29, twenty-first round's development writers,
data/conversations/cE15.jsonl, cF15.jsonl and older): a wider topic's overview answered for the named one leaves the
named one as the conversation's topic; a more specific name finds its own aspect page; the encyclopedia's pages on
a condition in adults are of its family; the phrasings of inheritance and raised risk; a leave after thanks; a
random question is a new one."""

from __future__ import annotations

import pytest

from bot.answering.followup import switches, thanks
from bot.answering.indonesian import read
from bot.answering.reference import Row
from bot.answering.understand import qtype_of, understand
from tests.fakes.grounded import new_core, retriever_over

OME = "https://medlineplus.gov/ency/article/007010.htm"
ACUTE = "https://medlineplus.gov/ency/article/000638.htm"
EAR_ROWS = [
    Row("What is (are) Ear Infections ?", "Ear infections are the most common reason parents bring their child to a "
        "doctor. The tubes inside the ears become clogged with fluid and mucus.",
        "https://medlineplus.gov/earinfections.html", "Ear Infections", "information", ("Otitis media",)),
    *(Row(f"What {q} Otitis media with effusion ?", "", OME, "Otitis media with effusion", t, ("Glue ear",))
      for q, t in (("is (are)", "information"), ("is the outlook for", "outlook"), ("are the treatments for",
                                                                                     "treatment"))),
    *(Row(f"What {q} Ear infection - acute ?", "", ACUTE, "Ear infection - acute", t)
      for q, t in (("is (are)", "information"), ("is the outlook for", "outlook"), ("are the treatments for",
                                                                                     "treatment"))),
]


async def test_the_named_topic_stays_the_conversation_s_after_a_wider_overview_answered_for_it():
    """"glue ear" is answered from the text of "Ear Infections" with its own outlook page linked; "will he need
    grommets?" next links glue ear's treatment page, not acute ear infection's (it had: the wider overview's topic
    was remembered)."""
    core = new_core(retriever_over(EAR_ROWS))
    first = await core.answer("u1", "my boy's 4 and the gp reckons he's got glue ear. does it clear up on its own",
                              chat="tg:1")
    assert "clogged with fluid" in first.text and f"(Otitis media with effusion): {OME}" in first.text
    second = await core.answer("u1", "will he need grommets tho, his cousin had them done", chat="tg:1")
    assert f"More on its treatment (Otitis media with effusion): {OME}" in second.text
    assert ACUTE not in second.text


async def test_a_more_specific_name_finds_its_own_page_on_the_asked_aspect():
    """"nits ... do the lice shampoos work?" names lice and head lice: the overview of lice is the best row, and CDC's
    treatment page of "Parasites - Lice - Head Lice" (the family of head lice, not of lice) answers instead."""
    cdc = "http://www.cdc.gov/parasites/lice/head/"
    rows = [Row("What is (are) Lice ?", "Lice are parasitic insects found on people's heads and bodies.",
                "https://medlineplus.gov/lice.html", "Lice", "information"),
            Row("What is (are) Head lice ?", "", "https://x.gov/headlice", "Head lice", "information"),
            Row("What are the treatments for Head lice ?", "", "https://x.gov/headlice", "Head lice", "treatment"),
            Row("What are the treatments for Parasites - Lice - Head Lice ?", "Treatment for head lice is recommended "
                "for persons diagnosed with an active infestation: an over-the-counter pediculicide shampoo.", cdc,
                "Parasites - Lice - Head Lice", "treatment")]
    ret = retriever_over(rows)
    assert "lice" not in ret.ref.family("head lice") and "parasite lice head lice" in ret.ref.family("head lice")
    reply = await new_core(ret).answer("u1", "kids came home from school with nits AGAIN. do the lice shampoos from "
                                             "the chemist actually work", chat="tg:1")
    assert "pediculicide shampoo" in reply.text and cdc in reply.text


async def test_a_condition_s_pages_in_adults_are_of_its_family():
    """MedlinePlus keeps a condition's outlook on "Cataract - adult" (link-only) beside the overview "Cataract": the
    overview answers "how long before I can drive after my cataract op", that page is linked. A child's page is
    another condition's; a page in adults that has text of its own is another topic."""
    adult = "https://medlineplus.gov/ency/article/001001.htm"
    rows = [Row("What is (are) Cataract ?", "A cataract is a clouding of the lens in your eye. Surgery is an option.",
                "https://medlineplus.gov/cataract.html", "Cataract", "information"),
            Row("What is the outlook for Cataract - adult ?", "", adult, "Cataract - adult", "outlook"),
            Row("What is the outlook for Cataract - children ?", "", "https://x.gov/c", "Cataract - children",
                "outlook"),
            Row("What is (are) Sarcoma ?", "A sarcoma is a cancer of soft tissue.", "https://x.gov/s", "Sarcoma",
                "information"),
            Row("What is (are) Sarcoma - adult ?", "Adult sarcoma is treated with surgery.", "https://x.gov/sa",
                "Sarcoma - adult", "information")]
    ret = retriever_over(rows)
    assert ret.ref.family("cataract") == ["cataract", "cataract adult"]
    assert "sarcoma adult" not in ret.ref.family("sarcoma")
    reply = await new_core(ret).answer("u1", "my cataract operation is next month, how long before I can drive "
                                             "again afterwards", chat="tg:1")
    assert "clouding of the lens" in reply.text and f"More on outlook (Cataract - adult): {adult}" in reply.text


@pytest.mark.parametrize("text, qtype", [
    ("pls me and my fiance are both AS genotype. what are the chances our children will have sickle cell",
     "inheritance"),
    ("my niece has sickle cell and her parents want another baby. what are the chances the next one also gets it",
     "inheritance"),
    ("what is the chance our children will be SS", "inheritance"),
    ("my maw has celiac. would my weans get it an all", "inheritance"),
    # at risk, however raised
    ("my mom just got diagnosed with osteoporosis at 58, does that mean im at higher risk?", "susceptibility"),
    ("am i at increased risk", "susceptibility"),
])
def test_inheritance_and_risk_phrasings(text, qtype):
    assert qtype_of(text) == qtype


@pytest.mark.parametrize("text", ["what is the chance the baby will get it from her",
                                  "what are the chances our kids will get it again next winter",
                                  "my daughter has strep, what are the chances my son gets it too",
                                  "what's the chance my baby will get it through breastmilk"])
def test_a_chance_of_catching_it_is_not_inheritance(text):
    assert qtype_of(text) != "inheritance"


def test_a_sickle_cell_genotype_names_the_disease():
    rows = [Row("What is (are) Sickle Cell Disease ?", "Sickle cell disease is an inherited blood disorder.",
                "https://x.gov/scd", "Sickle Cell Disease", "information")]
    names = retriever_over(rows).ref.names
    for text in ("me and my fiance are both AS genotype, is that bad", "my genotype is AS", "she has sickle cell trait"):
        assert "sickle cell disease" in understand(text, names, learned=False).foci, text
    assert not understand("as soon as i wake up my ankles ache", names, learned=False).foci


@pytest.mark.parametrize("text, expected", [
    # a leave after thanks (development writer cF15: it had followed up on a urinary tract infection)
    ("ok thanks man appreciate it, gotta run catch my bus. later", True), ("thanks gtg", True),
    ("cheers mate, have to go now", True),
    # what follows the leave is more than a leave: a follow-up
    ("thanks, gotta go, she is vomiting again", False), ("thanks, must go to work now, my back still hurts", False),
])
def test_thanks_may_end_with_a_leave(text, expected):
    assert thanks(text) is expected


@pytest.mark.parametrize("text, switch", [
    ("ok. random q, can i take ibuprofen if im on blood pressure pills", True),
    ("also random question, can you get shingles twice", True),
    ("the rash is random, comes and goes", False),
])
def test_a_random_question_is_a_new_one(text, switch):
    assert switches(text) is switch


def test_minang_question_words_ask_their_type():
    reading = read("jempol kaki aku bengkak merah nian, kato kawan itu asam urat. asam urat tu sebabnyo apo sih")
    assert reading.topic == "gout" and reading.qtype == "causes"


async def test_another_type_never_answers_for_the_type_named():
    """"diabetes tipe 2 ... itu keturunan kah": the overview "Diabetes" lists both types as synonyms, and type 1's
    inheritance page had answered (it says type 1 is not inherited); nor does it answer a question naming no type
    ("kencing manis bisa turunan gak?"); a question about type 1 gets it."""
    rows = [Row("What is (are) Diabetes ?", "Diabetes is a disease in which your blood glucose is too high. With type "
                "2 diabetes, your body does not make or use insulin well.", "https://x.gov/diabetes", "Diabetes",
                "information", ("Type 1 diabetes", "Type 2 diabetes")),
            Row("Is Diabetes mellitus type 1 inherited ?", "Diabetes mellitus type 1 itself is not inherited, but a "
                "predisposition can run in families.", "https://x.gov/dm1", "Diabetes mellitus type 1", "inheritance",
                ("Type 1 diabetes",))]
    core = new_core(retriever_over(rows))
    for n, text in enumerate(("bapak ibu sy dua2nya diabetes tipe 2. sy bakal kena jg ga ya? itu keturunan kah",
                              "both my parents have type 2 diabetes, is it inherited", "is diabetes inherited")):
        reply = await core.answer("u1", text, chat=f"tg:{n}")
        assert "x.gov/diabetes" in reply.text and "not inherited" not in reply.text, text
    plain = await core.answer("u1", "is type 1 diabetes inherited", chat="tg:9")
    assert "not inherited" in plain.text


async def test_also_with_a_pronoun_and_no_new_name_follows_up():
    """A word of changing the subject ("also") that names nothing new, with "it" pointing back, asks about the
    conversation's topic: drinking a few beers on metformin (it had been declined)."""
    rows = [Row("What is Metformin ?", "Metformin is used to treat type 2 diabetes.", "https://x.gov/met", "Metformin",
                "indication"),
            Row("What special precautions should I follow for Metformin ?", "Do not drink a lot of alcohol while you "
                "are taking metformin.", "https://x.gov/met", "Metformin", "precautions")]
    core = new_core(retriever_over(rows))
    await core.answer("u1", "i just started metformin 500 last week for my sugar", chat="tg:1")
    reply = await core.answer("u1", "also ok lang ba to drink few beers with it? theres fiesta on sunday", chat="tg:1")
    assert reply.kind == "answer" and "alcohol" in reply.text
    other = await core.answer("u1", "also, what causes shingles", chat="tg:1")
    assert other.kind == "no_source"  # a new topic the reference lacks: never metformin's page


@pytest.mark.parametrize("text, qtype", [
    ("trs gimana cara nyegahnya, umur sy 32 agak gendut", "prevention"),
])
def test_indonesian_question_words_with_suffixes(text, qtype):
    assert read(text).qtype == qtype


@pytest.mark.parametrize("text", ["can i drink a few beers on it", "is it ok to have a couple of drinks tonight",
                                  "can he have some wine with it"])
def test_a_few_drinks_asks_about_alcohol(text):
    assert qtype_of(text) == "precautions"


@pytest.mark.parametrize("text", [
    # development writers' jokes (cE13, cE14, cE9, cG7, cH7, cH13): what traffic, work or a game "gives me"
    "deadline this week is giving me an ulcer haha", "this lagos traffic will give me hypertension oh, 2 hrs just to "
    "reach home", "mate this ranked grind is giving me a migraine lmao 6 losses in a row",
    "just got off a 12 and the traffic on i-10 is giving me an ulcer i swear",
    "this spreadsheet is literally giving me a migraine", "steelers defense is making me sick to my stomach lol",
    "did u see the match last night?? our defence had a heart attack in the 90th min, absolute carnage",
    "my wallet is having a heart attack from all these gp visits lol",
])
def test_what_traffic_or_a_game_gives_me_is_a_joke(text):
    from bot.answering.followup import literal, small_talk
    assert small_talk(text) and literal(text) != text  # the joke is no name to find


@pytest.mark.parametrize("text", [
    "work stress is giving me a migraine every day, what can i take",
    "the traffic fumes are giving me a headache, could it be my sinuses",
    # the review's: a repeat, a frequency, a reading, or what someone had
    "work is giving me a migraine again, third one this week", "these meetings give me a migraine twice a week",
    "my skripsi is giving me a migraine tiap hari", "work is giving me high blood pressure, 150 over 95",
    "my boss had a stroke, what now", "at work yesterday i had a panic attack, first time ever",
    "after the match he had a migraine",
    # the second review's: a question, what it gave or gives, how long, what else the message tells
    "can stress at work give me high blood pressure?", "can my job give me an ulcer?",
    "work is giving me a migraine, its been 3 days now",
    "my exams are giving me a migraine, the left side of my head is throbbing",
    "the stress at work gave me a panic attack on the train this morning",
    "the commute gives me a headache most mornings", "work is giving me a migraine right now, which one works fastest?",
    "the exam is giving me a panic attack and i fainted",
])
def test_the_same_words_with_more_about_health_are_a_question(text):
    from bot.answering.followup import literal, small_talk
    assert not small_talk(text) and literal(text) == text


def test_a_drug_s_street_name_that_is_an_everyday_word_names_nothing():
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Heroin", "Methamphetamine", "Marijuana"],
                             [["horse", "smack", "junk"], ["crystal meth"], ["weed", "pot"]])
    assert names.find("how long till hes back on the horse, we got muster in a fortnight") == []
    assert names.find("i fell off the horse and my back hurts") == []
    assert names.find("we all eat from the same pot at home, can the rest of us get it too") == []
    assert [k for k, _, _ in names.find("is heroin addictive")] == ["heroin"]
    # ... after a word of using them, in a message about drugs, or alone with "what is"
    for text, key in (("he's been smoking pot since he was 14", "pot"), ("he takes smack every day", "smack"),
                      ("is smack addictive", "smack"), ("can pot cause psychosis", "pot"), ("what is smack", "smack"),
                      ("how long does pot stay in your system", "pot")):
        assert [k for k, _, _ in names.find(text)] == [key], text


def test_a_condition_told_after_a_question_that_points_back_is_no_new_topic():
    """"can it affect his kidneys? he has diabetes pa naman" after leptospirosis asks lepto's complications (it had
    gone to the diabetes page: someone having another condition now changed the subject); said before the question,
    it still does."""
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Leptospirosis", "Diabetes", "High Blood Pressure"], [[], [], ["high bp"]])
    u = understand("can it affect his kidneys? he has diabetes pa naman", names, "leptospirosi", learned=False)
    assert u.follows_up and u.foci == {"leptospirosi"} and u.qtype == "complications"
    u = understand("my wife has high bp now. is it dangerous for the baby?", names, "leptospirosi", learned=False)
    assert not u.follows_up and "high blood pressure" in u.foci


async def test_passing_it_on_is_how_it_is_caught_where_no_page_is_on_inheritance():
    """"can she pass it on to my baby?" of shingles reads as inheritance; shingles has no page on it, so its page on
    how it is caught answers (before: the overview)."""
    rows = [Row("What is (are) Shingles ?", "Shingles is a disease caused by the varicella-zoster virus.",
                "https://x.gov/shingles", "Shingles", "information"),
            Row("What causes Shingles ?", "A person with shingles can pass the virus to someone who never had "
                "chickenpox, through direct contact with the fluid from the blisters.", "https://x.gov/shingles-causes",
                "Shingles", "causes"),
            Row("Is Sickle cell disease inherited ?", "Sickle cell disease is inherited in an autosomal recessive "
                "pattern.", "https://x.gov/scd-inh", "Sickle cell disease", "inheritance"),
            Row("What causes Sickle cell disease ?", "Mutations in the HBB gene cause sickle cell disease.",
                "https://x.gov/scd-causes", "Sickle cell disease", "causes")]
    core = new_core(retriever_over(rows))
    assert qtype_of("can she pass it on to my baby?") == "inheritance"
    reply = await core.answer("u1", "GP says my nan has shingles. can she pass it on to my baby?", chat="tg:1")
    assert "direct contact" in reply.text
    genes = await core.answer("u1", "i have sickle cell disease, will i pass it on to my kids?", chat="tg:2")
    assert "autosomal recessive" in genes.text  # a page on inheritance still answers


@pytest.mark.parametrize("text, qtype", [
    ("is it bcoz of too much softdrinks or the salt?", "causes"),
    ("is it cos of the sun", "causes"),
    ("how do i not get another one. do i have to quit sweet tea", "prevention"),
    ("i took too many of his tablets by mistake", "emergency or overdose"),  # still an overdose
    ("is it just an age thing or did he do something to bring it on", "causes"),
    ("does it cause any other problems down the road? someone told me it can get into your joints", "complications"),
    # knowing whether the kids have it is no inheritance question
    ("how do i even know if my kids have them", "symptoms"), ("will my kids have it too", "inheritance"),
    ("how can i tell if my baby is dehydrated", "symptoms"),
    # inducing labour is no cause
    ("what can i do to bring it on, my labour is late", "treatment"),
])
def test_causes_and_prevention_phrasings_of_the_twenty_first_round(text, qtype):
    assert qtype_of(text) == qtype


def test_minang_causes_word():
    reading = read("kato dokter tulangnyo alah karoposan, osteoporosis. apo panyababnyo, padahal amak rajin minum susu")
    assert reading.topic == "osteoporosis" and reading.qtype == "causes"


def test_the_review_s_misreadings_of_the_twenty_first_round():
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Gout", "Metformin", "Heroin", "Marijuana", "Migraine", "Sickle Cell Disease",
                              "Hepatitis C", "Shingles", "Common Cold", "Strep Throat"],
                             [[], [], ["horse", "smack"], ["pot", "weed"], [], [], [], [], ["cold"], ["strep"]])
    names.drugs = {"metformin"}
    # "also"/"one more" telling someone new or a new complaint does not follow up
    for text, before in (("one more, my wife's got a red itchy patch on her arm, is it contagious", "gout"),
                         ("also is it normal for a 2 year old to still not talk", "metformin"),
                         ("one more thing, my daughter has red bumps on her legs, what can i put on it", "metformin"),
                         ("also whats the best thing for a sprained ankle, should i put ice on it", "gout")):
        assert not understand(text, names, before, learned=False).follows_up, text
    # ... but a question added about the topic does ("random q" included)
    for text in ("random question but is it normal for it to itch at night?", "random q, can it come back after years?"):
        assert understand(text, names, "shingle", learned=False).follows_up, text
    # street names after a word of using them
    assert understand("he's been smoking pot since he was 14, is that why he's paranoid", names,
                      learned=False).foci == {"marijuana"}
    assert understand("my brother is addicted to smack, how do we help him", names, learned=False).foci == {"heroin"}
    assert not understand("we all eat from the same pot at home, can the rest of us get it too", names,
                          learned=False).foci
    # a random migraine is no change of subject
    assert not switches("i still get a random one every couple weeks, is that normal")
    # a genotype in capitals, said as one; not the word "as", nor capitals of a shouted message, nor another genotype
    for text in ("me and my fiance are both AS genotype", "Im AS, my husband is AS, can our baby have it",
                 "we are AS/AS"):
        assert "sickle cell disease" in understand(text, names, learned=False).foci, text
    for text in ("my genotype is as follows: 3. does that change the treatment?",
                 "MY SON HAS A COUGH AS WELL, SHOULD I TURN OFF THE AC", "WE BOTH AS PARENTS ARE WORRIED",
                 "my hep c genotype is 1a, i also have AS"):
        assert "sickle cell disease" not in understand(text, names, "hepatiti c", learned=False).foci, text
    # a doctor's verdict after the question still changes the subject, and so does someone's new condition
    assert not understand("is it contagious? the doctor just said its strep not a cold", names, "common cold",
                          learned=False).follows_up
    assert not understand("is it serious? my baby has migraine now", names, "common cold", learned=False).follows_up


@pytest.mark.parametrize("text, qtype", [
    ("can you die from too much paracetamol", "emergency or overdose"),
    ("because of too much tylenol his liver is failing", "emergency or overdose"),
    ("the doctor down the road said it's shingles, how long does it last", "outlook"),
    ("had a few beers last night, now my gout is flaring, why", "causes"),
    ("what are the chances my son gets it at school", "outlook"),
])
def test_the_review_s_question_types(text, qtype):
    assert qtype_of(text) == qtype


@pytest.mark.parametrize("text", ["what other problems can cause these symptoms", "what can cause other issues like this",
                                  "i get chest pain and breathing problems walking down the road"])
def test_other_problems_that_cause_symptoms_are_no_complications(text):
    assert qtype_of(text) != "complications"


def test_bringing_labour_on_is_no_cause():
    assert qtype_of("how can i bring it on, im 41 weeks") != "causes"


def test_sebabnya_telling_why_is_no_question_about_causes():
    assert read("anak sy demam, sebabnya kmrn kehujanan, obatnya apa ya").qtype == "treatment"


async def test_a_type_in_words_is_the_type():
    rows = [Row("What is (are) Diabetes ?", "Diabetes is a disease in which your blood glucose is too high.",
                "https://x.gov/diabetes", "Diabetes", "information", ("Type 1 diabetes", "Type 2 diabetes")),
            Row("Is Diabetes mellitus type 1 inherited ?", "A predisposition to type 1 diabetes can run in families.",
                "https://x.gov/dm1", "Diabetes mellitus type 1", "inheritance", ("Type 1 diabetes",))]
    core = new_core(retriever_over(rows))
    for n, text in enumerate(("my son has type one diabetes, is it inherited", "is type I diabetes inherited",
                              "apakah diabetes tipe satu itu keturunan")):
        assert "run in families" in (await core.answer("u1", text, chat=f"tg:{n}")).text, text
    from bot.answering.rerank import _types
    assert _types("not sure what type i have, is diabetes inherited") == set() and _types("types of diabetes") == set()


def test_brilliant_is_no_misspelt_brilinta():
    """"brilliant, thanks so much. have a good evening" had followed up on Lyme disease: "brilliant" was corrected to
    Brilinta, a brand of ticagrelor, so the thanks named a medicine."""
    from bot.answering.understand import FocusNames
    names = FocusNames.build(["Ticagrelor", "Lyme disease"], [["Brilinta"], []])
    assert names.find("brilliant, thanks so much. have a good evening") == []
    assert names.find("briliant, thanks so much") == names.find("brillant thanks") == []
    u = understand("brilliant, thanks a mil. have a good evening", names, "lyme disease", learned=False)
    assert u.off_topic and not u.follows_up
