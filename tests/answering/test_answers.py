"""Answers people can read (issue 29): text before links, Indonesian questions, follow-ups that stay on
topic, the off-topic reply, console /forget, and fewer declines (lay names, spelling, strengths)."""

from __future__ import annotations

import asyncio
import io

import pytest

from bot.answering import followup
from bot.answering.followup import thanks
from bot.answering.indonesian import read
from bot.answering.reference import Row
from bot.answering.rerank import ConsumerRetriever, _in_english, asks_of_topic_id
from bot.answering.understand import FocusNames, name_key, plainer_names, understand
from bot.core import FollowUps, chat_key
from bot.intake.transports.console import ConsoleTransport
from bot.safety.messages import EN, ID
from tests.fakes.grounded import new_core, retriever_over

ADAM = "https://medlineplus.gov/ency/article/000422.htm"
GOUT_TEXT = ("Gout is a form of arthritis that causes sudden, severe joint pain. It happens when uric acid builds up "
             "in the blood and forms crystals in a joint, often the big toe. Gout is treated with medicines that "
             "relieve pain and swelling, such as NSAIDs or colchicine, and with medicines that lower uric acid. "
             "Eating less red meat and drinking less alcohol can help prevent attacks.")
ROWS = [
    # the A.D.A.M. pages of gout: link-only, one per aspect, as in lavita/MedQuAD
    Row("What causes Gout ?", "", ADAM, "Gout", "causes"),
    Row("What are the treatments for Gout ?", "", ADAM, "Gout", "treatment"),
    Row("What are the symptoms of Gout ?", "", ADAM, "Gout", "symptoms"),
    # ... and MedlinePlus' overview, with text
    Row("What is (are) Gout ?", GOUT_TEXT, "https://medlineplus.gov/gout.html", "Gout", "information"),
    Row("What is (are) Ear Infections ?", "Ear infections are common in children. Most clear up on their own.",
        "https://medlineplus.gov/earinfections.html", "Ear Infections", "information"),
    Row("What are the treatments for Ear Infections ?", "Many ear infections clear up without antibiotics. A "
        "doctor may wait two or three days before prescribing antibiotics. Pain relievers help with the pain.",
        "https://www.nidcd.nih.gov/ear-infections", "Ear Infections", "treatment"),
    Row("What is (are) Antibiotics ?", "Antibiotics are medicines that fight bacterial infections.",
        "https://medlineplus.gov/antibiotics.html", "Antibiotics", "information"),
    Row("What is (are) High Blood Pressure ?", "High blood pressure is a common disease in which blood flows "
        "through blood vessels at higher than normal pressures.", "https://www.nhlbi.nih.gov/hbp",
        "High Blood Pressure", "information", ("Hypertension",)),
    Row("What are the symptoms of High Blood Pressure ?", "High blood pressure usually has no symptoms. Most people "
        "find out at a check-up.", "https://www.nhlbi.nih.gov/hbp-signs", "High Blood Pressure", "symptoms",
        ("Hypertension",)),
    Row("What is (are) Atrial Fibrillation ?", "Atrial fibrillation is an irregular heartbeat.",
        "https://www.nhlbi.nih.gov/af", "Atrial Fibrillation", "information"),
    Row("What is (are) Parkinson's Disease ?", "Parkinson's disease is a brain disorder that leads to shaking.",
        "https://www.ninds.nih.gov/pd", "Parkinson's Disease", "information"),
    Row("What is (are) Pneumonia ?", "Pneumonia is an infection in one or both of the lungs.",
        "https://medlineplus.gov/pneumonia.html", "Pneumonia", "information"),
    Row("Are there safety concerns or special precautions about Metformin ?", "", "https://x.gov/metformin",
        "Metformin", "precautions"),
    Row("What is (are) Diabetes ?", "Diabetes is a disease in which your blood glucose is too high.",
        "https://www.niddk.nih.gov/diabetes", "Diabetes", "information"),
    Row("What are the treatments for Diabetes ?", "Diabetes is treated with healthy eating, physical activity and "
        "medicines such as metformin or insulin.", "https://www.niddk.nih.gov/diabetes-treat", "Diabetes",
        "treatment"),
    Row("What is (are) Colonoscopy ?", "A colonoscopy is an exam of the inside of the colon with a camera.",
        "https://medlineplus.gov/colonoscopy.html", "Colonoscopy", "information"),
    Row("What is (are) Bartter syndrome ?", "Bartter syndrome is a group of rare kidney disorders.",
        "https://x.gov/bartter", "Bartter syndrome", "information"),
    Row("What is (are) Asthma ?", "Asthma is a chronic disease of the airways.", "https://x.gov/asthma", "Asthma",
        "information"),
]


@pytest.fixture(scope="module")
def retriever() -> ConsumerRetriever:
    return retriever_over(ROWS)


def test_a_link_only_best_page_is_answered_with_text_then_the_link(retriever):
    question = "what is the treatment for gout? my big toe is swollen"
    c = retriever.choose(question)
    assert c is not None and c.row.answer and c.more is not None and c.more.qtype == "treatment"
    reply = retriever.reply(c, question)
    passage, _, links = reply.partition("\n\nSource: ")
    assert "colchicine" in passage  # the overview's sentences on treatment, not its first line
    assert links.startswith("https://medlineplus.gov/gout.html") and f"More on its treatment (Gout): {ADAM}" in links


def test_a_topic_with_no_text_at_all_is_still_a_link(retriever):
    c = retriever.choose("is metformin safe with kidney problems?")
    assert c is not None and not c.row.answer and c.more is None
    assert retriever.reply(c, "is metformin safe").endswith("https://x.gov/metformin")


@pytest.mark.parametrize(("text", "topic", "qtype"), [
    ("darah tinggi gejalanya apa aja ya?", "high blood pressure", "symptoms"),
    ("asam urat obatnya apa dok", "gout", "treatment"),
    ("kencing manis bisa sembuh total gak?", "diabetes", "outlook"),
    ("DBD menular gak sih", "dengue", "causes"),
    ("penyebab batu ginjal apa ya", "kidney stones", "causes"),
    ("anak sy kena cacar air, gmn cara mencegah biar adiknya gak ketularan", "chickenpox", "prevention"),
    ("ambeien bisa sembuh tanpa operasi?", "hemorrhoids", "outlook"),
    ("sakit maag kambuh terus, kenapa ya", "gastritis", "causes"),
    ("tbc itu penyakit apa", "tuberculosis", "information"),
    # Javanese and Malay around the Indonesian: "-e"/"-nye" suffixes, "ra", "iso", "mari", "piye", "ape"
    ("kencing batu gejalane piye?", "kidney stones", "symptoms"),
    ("tbc ki iso mari ra mas?", "tuberculosis", "outlook"),
    ("bapak harus cuci darah, gagal ginjal tu bs sembuh ndak?", "kidney failure", "outlook"),
    ("panu nular ra?", "tinea versicolor", "causes"),
])
def test_indonesian_lay_terms_and_question_words(text, topic, qtype):
    r = read(text)
    assert r.topic == topic and r.qtype == qtype


@pytest.mark.parametrize("text, topic", [
    # the helper-written table (bot/answering/indonesian_names.txt): regional and chat names
    ("kakinya sering kram malem2 sampe kebangun, itu knp ya", "muscle cramps"),
    ("bidur tiap abis makan udang, obatnya apa", "hives"),
    ("jempol kaki cantengan bengkak, gimana cara ngobatinnya", "ingrown toenail"),
    ("anakku cegukan terus, bahaya gak", "hiccups"),
    # "deg2an": a repeated word with its suffix written out ("deg degan")
    ("dada suka deg2an kencang tiba2, kenapa ya", "palpitations"),
    # a symptom on the way is not the topic ("trombosit turun" in a question about dengue)
    ("demam berdarah trombosit turun sampe brp baru wajib dirawat", "dengue"),
])
def test_indonesian_regional_and_chat_names(text, topic):
    assert read(text).topic == topic


@pytest.mark.parametrize("text, qtype", [
    # question words of later messages that had been declined (development writers cU, cV)
    ("minumnya bagusnya pagi ato malam dok? kadang dia lupa", "dose"),
    ("apa krn mens ku banyak bgt ya tiap bulan", "causes"),
    ("biar tara kena lagi bagaimana dok, kelambu saja cukup?", "prevention"),
    ("yg minor gitu perlu transfusi rutin ga sih", "treatment"),
    ("yg kena biasanya siapa aja? krn ngetik seharian ya", "susceptibility"),
    # the earlier question words still win: "kenapa", "sembuh sendiri", "gejala"
    ("kenapa ya saya gampang kena flu?", "causes"), ("kalau dibiarkan aja sembuh sendiri ga cacar air?", "outlook"),
    ("apa gejala demam berdarah, minum jus jambu bisa bantu?", "symptoms"),
    ("nek didiemin bisa nggawe penyakit apa bae", "complications"),
    ("kalo pake deker / wrist splint pas tidur ngaruh ga", "treatment"),
])
def test_indonesian_follow_up_question_words(text, qtype):
    assert read(text).qtype == qtype


@pytest.mark.parametrize("text", ["trus kapan boleh masuk paud lg dok?", "vit A perlu dikasih ga?",
                                  "klo udh turun trs 3 jam lg naik lg, boleh langsung dikasih lg?"])
def test_an_indonesian_question_about_care_with_no_name_asks_about_the_conversation_s_topic(text):
    assert asks_of_topic_id(read(text), text)


@pytest.mark.parametrize("text, topic, qtype", [
    # the doctor's diagnosis, not a finding on the way
    ("dok anak sy 3th, kata dokter puskesmas kena flu singapur. ada bintik2 merah di tangan kaki sama sariawan di "
     "mulut, gk mau makan dr kemarin", "hand-foot-mouth disease", "information"),
    # a complaint put down to the medicine: its side effects
    ("apak minum amlodipine 10mg buat darah tinggi, kok kakinya jd bengkak ya dok, krn obatnya kah", "amlodipine",
     "side effects"),
    # whether a medicine may be taken: the medicine, beside a condition
    ("aku lg sakit gigi, boleh gk minum paracetamol pas masih nyusuin", "acetaminophen", "precautions"),
    ("hasil lab hbsag reaktif, bayinya bisa ketularan?", "hepatitis b", "causes"),
    # "kena" alone is no diagnosis: the later condition is still the one asked about
    ("anak saya kena flu trus sekarang jadi radang paru", "pneumonia", "information"),
    # the diagnosis named before its cue, and asked "what is it"
    ("anak sy kena flu singapur kata bidan di tangerang, tangan kakinya bintik2 merah", "hand-foot-mouth disease",
     "information"),
    # ... but the one just after the cue where both are named, and a question word's own name
    ("anak saya campak kata dokter kena radang paru", "pneumonia", "information"),
    # a medicine just given and a complaint, or "efek sampingnya": the medicine's side effects
    ("suami sy baru didiagnosa diabetes, dikasih metformin 500 2x sehari. efek sampingnya apa aja ya", "metformin",
     "side effects"),
    ("saya baru dikasih metformin 500 mg 2x sehari. perut jadi mual dan agak mencret terus, apa itu wajar",
     "metformin", "side effects"),
    ("alergi debu, dikasih cetirizine 10 mg. bikin ngantuk kah obat ini?", "cetirizine", "side effects"),
    ("saya minum amlodipine 5 mg sudah setahun, kok pergelangan kaki bengkak ya. apa dari obat?", "amlodipine",
     "side effects"),
    # ... not a medicine that has not helped yet, nor one just given with no complaint
    ("sudah minum paracetamol tapi masih demam, gimana", "fever", "information"),
    ("baru minum paracetamol sejam lalu, demamnya masih", "fever", "information"),
    # "sama kayak" in a story is no comparison
    ("bapak darah tinggi sama kayak kakek, sekarang kena stroke ringan, bisa sembuh?", "stroke", "outlook"),
    # a condition ruled out ("bukan stroke") is not the topic; "bell's" as the table writes it
    ("muka sebelah mencong, dokter bilang bell's palsy bukan stroke. itu karna apa", "bell's palsy", "causes"),
    ("kata dokter ini maag biasa, bukan tipes. obatnya apa ya", "gastritis", "treatment"),
    # "X itu sama kyk Y?": what X is
    ("temen kena herpes zoster, di pinggangnya melingkar merah. itu sama kyk cacar air ta?", "shingles",
     "information"),
    # "X ... bisa jadi Y?": what X may become, X's complications (not Y's page); "could it be" after a symptom stays
    ("kayake kena wasir, tiap bab keluar darah. iku bahaya ta, iso dadi kanker ga", "hemorrhoids", "complications"),
    ("maag bisa jadi kanker lambung gak", "gastritis", "complications"),
    ("aku kena maag kronis, tapi apakah bisa berubah jadi kanker lambung?", "gastritis", "complications"),
    ("demam 5 hari bisa jadi tipes?", "typhoid fever", "information"),
])
def test_which_of_several_indonesian_names_is_the_topic(text, topic, qtype):
    r = read(text)
    assert (r.topic, r.qtype) == (topic, qtype)


@pytest.mark.parametrize("text", ["kata dokter maag, tapi bisa jadi tipes gak ya?",
                                  "gejalanya mirip tipes, tapi bisa jadi demam berdarah ga?"])
def test_but_could_it_be_is_no_question_of_what_a_condition_becomes(text):
    assert read(text).becomes == () and read(text).qtype != "complications"


@pytest.mark.parametrize("text, expected", [("pusing bgt mikirin skripsi wkwk dosbing ngilang terus", True),
                                            ("aduh pusing mikirin cicilan motor", True),
                                            ("pusing mikirin anak demam terus", False),
                                            ("pusing terus dari pagi, mual", False),
                                            ("pusing tiap mikir berat, kenapa ya", False),
                                            # Indonesian "sore" is the afternoon
                                            ("btw jakarta selatan sore ini ujan gak ya", True)])
def test_indonesian_health_words_used_figuratively_are_small_talk(text, expected):
    assert followup.small_talk(text) is expected


@pytest.mark.parametrize("second, follows", [("adeknya jg bakal kena ta? ortunya bilang mrk berdua sehat2 ae", True),
                                              ("jere wong kudu ngombe banyu putih sing akeh, bener ora", True),
                                              # a body word, but to the bot or about cooking
                                              ("kamu punya jantung gak?", False),
                                              ("kepala ikan enaknya masak apa ya?", False),
                                              ("jantung pisang enaknya dimasak apa?", False),
                                              # the second review's: the person's own body, and everyday chat
                                              ("jempol kakinya kaku, wajar kah?", True),
                                              ("bapak sekarang kakinya susah ditekuk, normal ga?", True),
                                              ("kepala sekolah galak, wajar ga?", False),
                                              ("air putih merk apa yang paling murah?", False),
                                              ("motor saya sehat2 aja, perlu servis ga?", False),
                                              ("besok ikut kena pemadaman listrik ga?", False),
                                              # everyday senses of "kena", "mata", "kaki" (the review's)
                                              ("besok kena macet ga ya?", False),
                                              ("mata kuliah apa yg paling susah ta?", False),
                                              ("kaki pecah pecah gimana ya?", False)])
async def test_an_indonesian_question_naming_nothing_new_follows_up(retriever, second, follows):
    core = new_core(retriever)
    await core.answer("u1", "bapak kena asam urat", chat="tg:1")
    reply = await core.answer("u1", second, chat="tg:1")
    assert (reply.kind == "answer" and "gout" in reply.text.lower()) is follows


async def test_a_medicine_is_never_answered_with_a_condition_named_after_it():
    # MedQuAD's drug pages are link-only; "Warfarin syndrome" (a rare fetal condition) has text and one qualifier
    # more in its name: it is no page on warfarin
    meds = "https://www.nlm.nih.gov/medlineplus/druginfo/meds/a682277.html"
    core = new_core(retriever_over([
        Row("What is (are) Warfarin ?", "", meds, "Warfarin", "information"),
        Row("What are the side effects of Warfarin ?", "", meds, "Warfarin", "side effects"),
        Row("Are there safety concerns or special precautions about Warfarin ?", "", meds, "Warfarin", "precautions"),
        Row("What are the signs and symptoms of Warfarin syndrome ?", "Signs and symptoms include a short nose and "
            "stippled bones.", "https://rarediseases.info.nih.gov/ws", "Warfarin syndrome", "symptoms"),
        Row("What is (are) Warfarin syndrome ?", "Warfarin syndrome is a disorder of babies whose mothers took "
            "warfarin in pregnancy.", "https://rarediseases.info.nih.gov/ws", "Warfarin syndrome", "information")]))
    for question in ("what is warfarin?", "warfarin side effects"):
        reply = await core.answer("u1", question, chat="tg:1")
        assert reply.kind == "answer" and meds in reply.text and "rarediseases" not in reply.text, question
    reply = await core.answer("u1", "what is warfarin syndrome?", chat="tg:2")
    assert "rarediseases" in reply.text
    # another medicine or a drink "while he's on it" asks whether it goes with warfarin
    names = core.retriever.ref.names  # type: ignore[union-attr]
    for question in ("Is it ok to give him paracetamol for his back pain while he's on it?",
                     "is it safe to drink alcohol with it"):
        u = understand(question, names, "warfarin")
        assert u.follows_up and u.foci == {"warfarin"} and u.qtype == "precautions", question


@pytest.mark.parametrize("text", ["tampi asih dok", "okee nuhun pisan", "suksma", "makasih lah pian",
                                  "nggih matur suksma", "tarimo kasih bot", "wkwk makasih ya bot, pinter jg kamu"])
def test_regional_thanks_are_thanks(text):
    assert thanks(text)


@pytest.mark.parametrize("text, topic", [("satu lagi dok, asam urat bisa bikin demam ga?", "gout"),
                                         ("oh ya asam urat sama rematik itu beda ga?", "gout")])
def test_a_switch_word_keeps_the_previous_topic_where_it_is_what_is_asked(text, topic):
    assert topic in (_in_english(retriever_over(ROWS).ref.names, text, "gout")[0] or "").lower()


async def test_an_indonesian_switch_moves_to_the_new_topic_whatever_it_says_of_the_old():
    pox = "https://medlineplus.gov/chickenpox.html"
    core = new_core(retriever_over([
        Row("What is (are) Chickenpox ?", "Chickenpox is an infection caused by the varicella-zoster virus.", pox,
            "Chickenpox", "information"),
        Row("What causes Chickenpox ?", "Chickenpox is caused by the varicella-zoster virus.", pox, "Chickenpox",
            "causes"),
        Row("What is (are) Shingles ?", "Shingles is an outbreak of rash caused by the chickenpox virus.",
            "https://www.niams.nih.gov/shingles", "Shingles", "information"),
        Row("What causes Shingles ?", "Shingles is caused by the varicella-zoster virus waking up again.",
            "https://www.niams.nih.gov/shingles-causes", "Shingles", "causes")]))
    assert "chickenpox" in (await core.answer("u1", "anak sy kena cacar air, bahaya gak", chat="tg:1")).text.lower()
    reply = await core.answer("u1", "oh iya satu lagi, nenek dulu pernah cacar api, katanya dr virus cacar jg. kok bisa",
                              chat="tg:1")
    assert reply.kind == "answer" and "niams.nih.gov/shingles" in reply.text


@pytest.mark.parametrize("text", ["perlu ke dokter gak", "duh capek bgt hari ini", "lagi hamil, boleh minum kopi?",
                                  "gatel bgt"])
def test_everyday_indonesian_words_name_no_topic_from_the_helper_table(text):
    assert not set(read(text).topics) & {"flu", "fatigue", "pregnancy", "itching"}


@pytest.mark.parametrize("text, topic", [("diabetes ada berapa types", "diabetes"), ("motor bodong", None),
                                         ("habis tes hamil positif, boleh minum paracetamol?", "acetaminophen"),
                                         ("habis minum paracetamol, tes hamil masih akurat?", "pregnancy test")])
def test_the_review_s_wrong_topics_from_the_helper_table(text, topic):
    assert read(text).topic == topic


@pytest.mark.parametrize("text, expected", [
    ("ok thanks a lot", True), ("makasih banyak dok, sangat membantu", True), ("thank u so much doc!!", True),
    # asking for something, or a reading: not thanks
    ("help dok", False), ("info dong kak", False), ("the answer again", False), ("ok dok 40", False),
    ("siap dok 39,8", False), ("thanks, is it contagious", False), ("ok help", False), ("thanks again", True),
    ("makasih atas jawabannya", True),
    # ... and a goodbye with it (development writers: it had followed up on Lyme disease)
    ("brilliant, thanks so much. have a good evening", True), ("ok thanks, take care", True),
    ("ok thanks, i have it all night", False), ("thanks so i take it for a day", False)])  # only a closing goodbye
def test_thanks_is_a_message_of_thanks_and_nothing_else(text, expected):
    assert thanks(text) is expected


def test_indonesian_story_asks_about_the_condition_not_the_symptom_on_the_way():
    r = read("anak sy panas 3 hari, ada bintik merah. gejala demam berdarah apa aja?")
    assert r.topics[0] == "fever" and r.topic == "dengue" and r.qtype == "symptoms"


async def test_an_indonesian_question_gets_an_indonesian_lead_the_english_passage_and_its_source(retriever):
    core = new_core(retriever)
    reply = await core.answer("u1", "darah tinggi gejalanya apa ya dok?", chat="tg:1")
    first, _, rest = reply.text.partition("\n\n")
    assert reply.kind == "answer" and first.startswith("Berikut jawaban") and "darah tinggi" in first
    assert "gejala" in first and "no symptoms" in rest and "Source: https://www.nhlbi.nih.gov/hbp-signs" in rest
    assert ID.disclaimer in reply.text


async def test_an_indonesian_question_the_lexicon_cannot_place_never_gets_the_previous_page(retriever):
    core = new_core(retriever)
    assert (await core.answer("u1", "what is gout?", chat="tg:1")).kind == "answer"
    reply = await core.answer("u1", "kalau sakit pada jempol tangan waktu ngetik itu apa namanya", chat="tg:1")
    assert reply.kind == "no_source" and reply.text.startswith(ID.no_source) and "gout" not in reply.text.lower()
    chat = await core.answer("u1", "makasih ya. besok hujan gak di Jakarta?", chat="tg:1")
    assert chat.kind == "off_topic" and chat.text == ID.off_topic


@pytest.mark.parametrize("second, follows", [("kacang2an gak boleh ya", True), ("buah apa yg bagus", True),
                                              ("jeroan boleh dimakan gak", True),
                                              ("boleh minta resep nasi goreng?", False)])
async def test_an_indonesian_question_about_food_follows_up_and_a_recipe_does_not(retriever, second, follows):
    core = new_core(retriever)
    await core.answer("u1", "bapak kena asam urat", chat="tg:1")
    reply = await core.answer("u1", second, chat="tg:1")
    assert (reply.kind == "answer" and "gout" in reply.text.lower()) is follows


async def test_an_indonesian_follow_up_keeps_the_topic(retriever):
    core = new_core(retriever)
    await core.answer("u1", "darah tinggi itu apa sih?", chat="tg:1")
    reply = await core.answer("u1", "terus gejalanya apa aja?", chat="tg:1")
    assert reply.kind == "answer" and "hbp-signs" in reply.text


async def test_a_follow_up_naming_a_treatment_keeps_the_condition(retriever):
    core = new_core(retriever)
    first = await core.answer("u1", "my 2 year old has an ear infection, she keeps pulling her ear", chat="tg:1")
    assert "earinfections" in first.text
    follow = await core.answer("u1", "do we actually need antibiotics or does it clear up by itself?", chat="tg:1")
    assert follow.kind == "answer" and "nidcd.nih.gov/ear-infections" in follow.text  # ear infection treatment
    assert "antibiotics.html" not in follow.text
    u = understand("would antibiotics help?", retriever.ref.names, "ear infection")
    assert u.follows_up and u.foci == {"ear infection"} and u.qtype == "treatment"
    test = understand("does she need a blood test for it?", retriever.ref.names, "ear infection")
    assert test.follows_up and test.qtype == "exams and tests"


async def test_a_message_with_its_own_topic_starts_a_new_one(retriever):
    core = new_core(retriever)
    await core.answer("u1", "what is gout", chat="tg:1")
    reply = await core.answer("u1", "ok thanks. different question: what is pneumonia?", chat="tg:1")
    assert "pneumonia.html" in reply.text


@pytest.mark.parametrize("previous, text, focus", [
    ("diabete", "my father had gout last year, already passed. how to stop it coming back", "gout"),
    ("diabete", "and for meself, the asthma is desperate this week. what actually causes it", "asthma"),
    ("gout", "oh and my sister in the house coughs with a fever, pneumonia yata. can we catch it from her", "pneumonia"),
    # "it" is the medicine named last before the question, or the condition named is not what "it" is: ruled out,
    # had long ago, what someone has beside it or died of, or "that" beside "it"
    ("diabete", "my doctor brought up metformin. is that dangerous?? my mom read it causes pneumonia", "diabete"),
    ("diabete", "the doctor said it isn't asthma. will it go away", "diabete"),
    ("diabete", "no family history of asthma. so why did i get it?", "diabete"),
    ("diabete", "my nan had asthma as a kid. does it run in families", "diabete"),
    ("pneumonia", "my grandma with asthma lives with us. can she catch it from me?", "pneumonia"),
    ("pneumonia", "my mum is on chemo for parkinsons. can she catch it from me?", "pneumonia"),
    ("diabete", "my dad died of gout at 50. is it painful at the end?", "diabete"),
    ("diabete", "my dad died of gout at 50. will i get it too?", "gout"),  # a risk too: the other condition's
    ("diabete", "the nurse talked about gout for ages. can it cause that?", "diabete"),
    ("diabete", "the nurse talked about gout for ages. does that make it worse?", "diabete"),
    ("diabete", "i think i might have gout now. is it normal to hurt like this?", "gout"),
    ("gout", "my baby hasnt had asthma yet. can she catch it from me?", "gout"),
    ("gout", "i take pills for asthma. is it safe with them?", "gout"),
    ("pneumonia", "my grandma with asthma lives with us. is there a risk she catches it from me?", "pneumonia"),
    # a negation or a "that" elsewhere is not about the condition
    ("diabete", "i just found out i have gout. is that why it hurts so much?", "gout"),
    ("diabete", "i have asthma. is it bad that it wakes me up at night?", "asthma"),
    ("diabete", "i dont know much about asthma. is it serious?", "asthma"),
    ("diabete", "i didnt realise i had asthma till now. how is it treated?", "asthma"),
    ("diabete", "i keep getting gout too. is that because of it?", "diabete"),
    # how someone got it is no attribute: "a bad case of", "tested positive for"
    ("diabete", "i got a bad case of asthma last week. is it contagious?", "asthma"),
    ("gout", "my wife just tested positive for pneumonia. can i catch it from her?", "pneumonia"),
])
def test_a_story_naming_another_condition_before_it_is_asked_about_starts_a_new_topic(retriever, previous, text,
                                                                                      focus):
    """ "it" after a condition the message names (the last name before the question) is that condition, not the
    conversation's: a new topic (a development writer's "my father had kidney stone last year, already passed it. how
    to stop it coming back" after migraine got the migraine page)."""
    u = understand(text, retriever.ref.names, previous)
    assert focus in u.foci and u.follows_up == (focus == previous)


@pytest.mark.parametrize("text", ["me and my fiance are both AS genotype, will our kids have sickle cell",
                                  "r u an actual doctor or just an AI thing", "PLEASE IS IT SERIOUS", "my PT said rest"])
def test_two_capitals_chat_writes_for_something_else_name_no_rare_condition(text):
    """A synonym's two-letter abbreviation that chat writes for something else (a genotype, "AI", a word in capitals,
    the physio) is no abbreviation of the rare condition (Angelman syndrome's "AS", amelogenesis imperfecta's "AI"); the
    common ones stay ("AF")."""
    names = FocusNames.build(["Angelman syndrome", "Amelogenesis imperfecta", "West syndrome", "Prothrombin time",
                              "Atrial fibrillation", "Ankylosing spondylitis"], [("AS",), ("AI",), ("IS",), ("PT",),
                                                                                  ("AF",), ("AS",)])
    assert not names.find(text)
    assert names.find("dad has AF") and not names.find("dad has af")
    assert {f for _, fs, _ in names.find("my AS is flaring again") for f in fs} >= {"ankylosing spondyliti"}
    assert {f for _, fs, _ in names.find("my AS and my back are both as bad as ever") for f in fs} >= {
        "ankylosing spondyliti"}
    assert not names.find("is AS and AS compatible for marriage?")  # two genotype codes paired: genotypes
    assert {f for _, fs, _ in names.find("my AS is flaring again. can AS affect my eyes?") for f in fs} >= {
        "ankylosing spondyliti"}


async def test_an_emergency_reply_sent_alone_still_gives_the_conversation_its_topic(retriever):
    """The emergency reply goes alone and unchanged; what the message was about becomes the conversation's topic once
    it has gone, so "is it something kids grow out of?" follows up (a development writer's "wife says i stop breathing
    in my sleep ... is that sleep apnea?" got the emergency reply and its follow-ups were declined); /forget drops it
    too, and another chat has none."""
    core = new_core(retriever)
    first = await core.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:1")
    assert first.kind == "emergency" and "http" not in first.text and "asthma" not in first.text.lower()
    follow = await core.answer("u1", "is it something kids grow out of?", chat="tg:1")
    assert follow.kind == "answer" and "x.gov/asthma" in follow.text
    other = await core.answer("u2", "is it something kids grow out of?", chat="tg:2")
    assert "x.gov/asthma" not in other.text
    await core.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:3")
    core.forget("u1", "tg:3")
    assert "x.gov/asthma" not in (await core.answer("u1", "is it something kids grow out of?", chat="tg:3")).text


async def test_a_fault_finding_the_topic_after_an_emergency_costs_no_reply(retriever, monkeypatch, caplog):
    core = new_core(retriever)
    real = core.retriever.retrieve
    calls = []

    async def broken_once(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 1:
            raise RuntimeError(f"index gone while reading {args[0]!r}")  # the text must not reach the log
        return await real(*args, **kwargs)

    monkeypatch.setattr(core.retriever, "retrieve", broken_once)
    first = await core.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:1")
    assert first.kind == "emergency"
    follow = await core.answer("u1", "what causes gout?", chat="tg:1")
    assert follow.kind == "answer" and "gout" in follow.text.lower() and len(calls) == 2
    assert "topic after an emergency reply was not found (RuntimeError)" in caplog.text and "asthma" not in caplog.text


async def test_the_topic_after_an_emergency_never_overwrites_a_later_one_nor_outlives_forget(retriever):
    core = new_core(retriever)
    key = "tg:1|u1"
    t = EN
    # a later message's topic came first (a long emergency message is triaged in a thread): it stays
    held = core.followups.marker(key)
    core._topic_after_emergency(core.retriever, key, "my son cant breathe, his asthma inhaler isnt working", t, held)
    core.followups.remember(key, "gout")
    await asyncio.wait(set(core._pending.values()))
    assert core.followups.get(key) == "gout" and not core._pending  # nothing is left behind
    # a topic that had expired is no later message's: the emergency's topic is kept
    clock = [0.0]
    core.followups = FollowUps(600, clock=lambda: clock[0])
    core.followups.remember(key, "gout")
    clock[0] = 601.0
    await core.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:1")
    assert "x.gov/asthma" in (await core.answer("u1", "is it something kids grow out of?", chat="tg:1")).text
    # /forget while it is being found: nothing comes back
    core._topic_after_emergency(core.retriever, key, "my son cant breathe, his asthma inhaler isnt working", t,
                                core.followups.marker(key))
    core.forget("u1", "tg:1")
    await asyncio.sleep(0.2)
    assert core.followups.get(key) is None and not core._pending


async def test_topic_lookups_after_emergencies_are_capped_and_off_with_the_follow_up_memory(retriever, monkeypatch):
    import bot.core as core_module

    core = new_core(retriever)
    monkeypatch.setattr(core_module, "MAX_TOPIC_LOOKUPS", 2)
    for n in range(2):
        core._pending[f"busy|{n}"] = asyncio.create_task(asyncio.sleep(30))
    await core.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:1")
    assert set(core._pending) == {"busy|0", "busy|1"}  # full: no lookup for a new conversation
    core._pending["tg:1|u1"] = old = asyncio.create_task(asyncio.sleep(30))
    core._pending.pop("busy|1").cancel()
    core._pending["busy|1"] = asyncio.create_task(asyncio.sleep(30))
    await core.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:1")
    await asyncio.sleep(0)
    assert old.cancelled() and core._pending.get("tg:1|u1") is not old  # its own conversation's replaced, not skipped
    core.cancel_pending()
    off = new_core(retriever)
    off.followups = FollowUps(0)
    await off.answer("u1", "my son cant breathe, his asthma inhaler isnt working", chat="tg:1")
    assert not off._pending


async def test_waiting_for_the_topic_after_an_emergency_can_be_cancelled_and_leaves_the_task(retriever):
    """The wait is bounded and the caller's cancellation (an unsure emergency's 1 s for its answer) goes through: it
    is never swallowed."""
    core = new_core(retriever)
    slow = asyncio.create_task(asyncio.sleep(30))
    core._pending["tg:1|u1"] = slow
    waiter = asyncio.create_task(core._settled("tg:1|u1"))
    await asyncio.sleep(0.05)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert not slow.cancelled() and not slow.done()
    core.cancel_pending()
    await asyncio.sleep(0)
    assert slow.cancelled() and not core._pending


@pytest.mark.parametrize("second", ["thanks! any quick dinner ideas with chicken and rice?",
                                    "who made you? are you chatgpt", "ok bye, gotta go",
                                    "Do you happen to know if it will rain in Columbus tomorrow?"])
async def test_a_non_medical_second_message_gets_the_off_topic_reply_not_a_page(retriever, second):
    core = new_core(retriever)
    assert "gout" in (await core.answer("u1", "what causes gout?", chat="tg:1")).text.lower()
    reply = await core.answer("u1", second, chat="tg:1")
    assert reply.kind == "off_topic" and reply.text == EN.off_topic and "http" not in reply.text


@pytest.mark.parametrize("thanks, lang", [("ok thanks a lot", "en"), ("Thank you so much for the info!", "en"),
                                           ("sip makasih ya kak", "id"), ("noted dok, matur nuwun", "id"),
                                           ("ok thanks, bye", "en")])
async def test_thanks_get_you_re_welcome_and_the_topic_stays(retriever, thanks, lang):
    core = new_core(retriever)
    first = "what causes gout?" if lang == "en" else "asam urat itu apa"
    assert "gout" in (await core.answer("u1", first, chat="tg:1")).text.lower()
    reply = await core.answer("u1", thanks, chat="tg:1")
    assert reply.kind == "off_topic" and reply.text == (EN if lang == "en" else ID).welcome and "http" not in reply.text
    # the conversation's topic is kept: the next question still follows up on gout
    nxt = await core.answer("u1", "is it hereditary?" if lang == "en" else "obatnya apa?", chat="tg:1")
    assert "gout" in nxt.text.lower()


async def test_pronoun_follow_up_and_memory_per_chat(retriever):
    core = new_core(retriever)
    await core.answer("u1", "mom has afib", chat=chat_key("telegram", 5))
    reply = await core.answer("u1", "is it serious? what is it exactly", chat=chat_key("telegram", 5))
    assert "nhlbi.nih.gov/af" in reply.text
    # the same user in a group chat: no topic carried over
    group = await core.answer("u1", "is it serious? what is it exactly", chat=chat_key("telegram", -100))
    assert "nhlbi.nih.gov/af" not in group.text


def test_lay_names_abbreviations_and_misspellings_find_the_topic(retriever):
    names = retriever.ref.names
    assert "atrial fibrillation" in understand("my mom has afib", names).foci
    assert "parkinson disease" in understand("early signs of parkinsons?", names).foci  # name without "disease"
    assert "pneumonia" in understand("can nemonia spread?", names).foci  # by sound
    assert "high blood pressure" in understand("is hypertention serious", names).foci  # two edits in a long name
    u = understand("Re: metformin 500mg tabs. is it safe with kidney problems?", names)
    assert "metformin" in u.foci and u.qtype == "precautions"  # "500mg" is no dose question


def test_texting_english_and_a_medicine_in_a_follow_up(retriever):
    names = retriever.ref.names
    assert understand("wat r the symptoms of gout", names).qtype == "symptoms"
    u = understand("would metformin help with that?", names, "gout")
    assert u.follows_up and u.foci == {"gout"}  # a medicine asked about the conversation's condition
    # whether it is safe with the condition: the medicine's precautions (changed in the fourth round's review)
    assert "metformin" in understand("is it ok to take metformin with that?", names, "gout").foci
    assert "metformin" in understand("is metformin safe?", names, "gout").foci  # named on its own: its topic


def test_lay_name_abbreviations_only_in_capitals():
    names = FocusNames.build(["Rheumatoid Arthritis"], [()])
    assert names.find("my RA is flaring")
    assert not names.find("ra ra ra, go team")


@pytest.mark.parametrize("text, focus", [
    ("my dad has gout, can it lead to kidney stones?", "gout"),
    ("i have barrett esophagus, could that turn into cancer", "barrett esophagu"),
    ("i have celiac disease and my son has gout, can it cause kidney stones", "gout"),  # the last named before it
    ("can kidney stones cause gout?", None),  # a question that opens on the cause
    ("i take metformin for my gout, can it cause kidney stones", None),  # "it" is the medicine
    ("my dad has gout, his blood test was high, can it lead to kidney stones?", "gout"),  # a test is not "it"
    ("my dad has gout, they caught it at a routine checkup. does that raise his kidney stones risk", "gout"),
    ("i have gout, could it raise my kidney stones risk", "gout"),
])
def test_what_a_condition_named_first_may_lead_to_is_its_complications(text, focus):
    """As the Indonesian "kena wasir ... iso dadi kanker?" and a follow-up's "can it turn into epilepsy?": the
    condition the message names before asking what it may lead to, whose complications are asked."""
    names = FocusNames.build(["Gout", "Kidney Stones", "Barrett esophagus", "Cancer", "Celiac disease", "Metformin",
                              "Blood Test"], [(), (), (), (), (), (), ()])
    names.drugs = {"metformin"}
    u = understand(text, names)
    if focus is None:
        assert "kidney stone" in u.foci and u.qtype != "complications"
    else:
        assert u.foci == {focus} and u.qtype == "complications"


def test_a_risk_raised_is_the_complications_of_the_writer_s_condition_not_a_relative_s():
    names = FocusNames.build(["Gout", "Kidney Stones", "Asthma"], [(), (), ()])
    u = understand("i have gout, does it increase risk of kidney stones", names, learned=False)  # no article
    assert u.foci == {"gout"} and u.qtype == "complications"
    # the father's gout: the writer's own risk of kidney stones is asked, both stay
    assert understand("my dad has gout, does that raise my risk of kidney stones", names).foci == {"gout",
                                                                                                 "kidney stone"}
    assert understand("my mum says i have gout, does it raise my risk of kidney stones", names,
                      learned=False).foci == {"gout"}  # the writer's own gout
    assert understand("ok so does it raise his risk of kidney stones?", names, previous_focus="gout",
                      learned=False).follows_up  # words that open a question
    # a habit said first is what "that" is, not the conversation's asthma
    assert not understand("i smoke, does that raise my risk of kidney stones?", names, previous_focus="asthma",
                          learned=False).follows_up
    assert understand("does it put him at higher risk of kidney stones", names, previous_focus="gout",
                      learned=False).follows_up


def test_a_page_named_for_its_kind_or_with_its_abbreviation_is_found_by_the_plain_name():
    """MedlinePlus names some pages for what they are ("Bacterial vaginosis - aftercare") or with an abbreviation in
    brackets ("Anterior cruciate ligament (ACL) injury"): where no page has the plain name, people's name finds them;
    never from a page's synonyms (they name other things: "Weight - loss - children" of childhood obesity), never a page
    on another population ("Neutropenia - infants" is no adult's), and an abbreviation in capitals only, of three
    letters or more, and not one the answers write as a word ("FIT")."""
    names = FocusNames.build(["Bacterial vaginosis - aftercare", "Anterior cruciate ligament (ACL) injury",
                              "Middle East Respiratory Syndrome (MERS)", "Obesity in children", "Neutropenia - infants",
                              "Asthma", "Asthma - children", "Alcoholism - resources", "Fecal immunochemical test (FIT)",
                              "Nurse practitioner (NP)"],
                             [(), (), (), ("Weight - loss - children",), (), (), (), (), (), ()])
    names.add_hints(["Keep fit and eat well.", "Take the FIT kit home."], [name_key("Fecal immunochemical test (FIT)")] * 2)
    found = lambda text: {f for _, fs, _ in names.find(text) for f in fs}  # noqa: E731
    assert found("what causes bacterial vaginosis") == {name_key("bacterial vaginosis - aftercare")}
    assert found("doc says anterior cruciate ligament injury") == {name_key("Anterior cruciate ligament (ACL) injury")}
    assert found("how long does an acl injury take") == {name_key("Anterior cruciate ligament (ACL) injury")}
    assert found("tore my ACL at football") == {name_key("Anterior cruciate ligament (ACL) injury")}
    assert found("is MERS contagious") == {name_key("Middle East Respiratory Syndrome (MERS)")}
    assert not found("is weight loss a symptom of flu") and not found("i'm an adult with neutropenia after chemo")
    assert not found("my NP said so") and not found("is a FIT test accurate")  # two letters; a word in the answers
    assert found("my son has asthma") == {"asthma"}  # the plain name's own page, not the children's too
    assert not found("how is alcoholism treated")  # a list of organisations is no page on the condition
    assert plainer_names("Hip fracture - discharge") == [("hip fracture", "")]
    assert plainer_names("Ear infection - acute") == [] and plainer_names("Parasites - Scabies") == []
    assert plainer_names("Vaccines (immunizations) - overview") == [("vaccine immunization", "")]  # not "vaccine"
    assert plainer_names("ED - discharge") == [] and plainer_names("PAL - discharge") == [("", "PAL")]
    names.add_hints(["Keep fit."], [name_key("Fecal immunochemical test (FIT)")])  # again: nothing left to drop


def test_everyday_names_from_an_independent_writers_list():
    """data/lay_names/L1.jsonl's condition names (in followup.LAY_NAMES, not BRANDS: the Indonesian reader counts a
    brand's medicine as a treatment name), and the ones left out because they misfire."""
    names = FocusNames.build(["Hypertension", "Diarrhea", "Herniated disk", "Stroke", "Calcium", "Diabetes",
                              "Gastroenteritis", "Vaginal candidiasis", "Postpartum depression",
                              "Breathing difficulty - lying down"],
                             [(), (), (), (), (), (), (), (), (), ("Paroxysmal nocturnal dyspnea", "PND")])
    found = lambda text: {f for _, fs, _ in names.find(text) for f in fs}  # noqa: E731
    assert found("my dad has highblood, what should he eat") == {"hypertension"}
    assert found("baby has loose motions since yesterday") == {"diarrhea"}
    assert found("doc says its a slip disc in my lower back") == {name_key("herniated disk")}
    assert found("grandpa had a paralysis attack last year") == {"stroke"}
    # left out: a phrase that starts longer names, a name another topic has, everyday words in other senses, and
    # one-word names the spelling correction would pull everyday words onto
    assert found("he has high blood calcium, is that dangerous") == {"calcium"}
    assert found("my doctor wrote PND in my notes") == {name_key("breathing difficulty - lying down")}
    assert found("cut the sugar and low sugar drinks, my gastro said") == set()
    assert found("I went strolling in the park, to be candid my knee hurts") == set()
    assert "highblood" in followup.LAY_NAMES and "highblood" not in followup.BRANDS


def test_lay_names_development_writers_used():
    """Names development writers used that found nothing or another page: "ears have been ringing", "hepa b" (the
    Philippines), "lactose intolerant", "did his acl" in lower case."""
    pages = ["Tinnitus", "Hepatitis B", "Lactose intolerance", "Anterior cruciate ligament (ACL) injury"]
    names = FocusNames.build(pages, [()] * len(pages))
    # the answers write "intolerant" as a word: no spelling correction turns it into "intolerance"
    names.add_hints(["People who are lactose intolerant cannot digest milk."], ["lactose intolerance"])

    def found(text: str) -> set[str]:
        return {f for _, fs, _ in names.find(text) for f in fs}

    assert found("my ears have been ringing since a gig on friday") == {"tinnitu"}
    assert found("her lab says hepa b positive, will the baby get it") == {"hepatiti b"}
    assert found("can u suddenly become lactose intolerant in ur 30s") == {"lactose intolerance"}
    assert found("our centre back did his acl in the second half") == {name_key(pages[3])}


def test_the_twentieth_round_s_lay_names_and_tests():
    """Development writers' names: the thyroid said to be underactive, the skin test tuberculosis is known by ("tes
    mantoux"); a bone scan or a checkup is a test, never the topic of the condition found with it."""
    pages = ["Hypothyroidism", "Hyperthyroidism", "Tuberculosis", "Thyroid", "Osteoporosis", "Bone scan",
             "Physical exam frequency", "Carcinoid tumor"]
    names = FocusNames.build(pages, [(), (), (), (), (), (), ("Checkup",), ()])
    names.drugs = {"thyroid"}

    def found(text: str) -> set[str]:
        return {f for _, fs, _ in names.find(text) for f in fs}

    assert found("my mom was told her thyroid is underactive, what blood test") == {"hypothyroidism"}
    assert found("doc says my thyroid is overactive") == {"hyperthyroidism"}
    assert found("what is a mantoux test") == {"tuberculosi"}
    assert followup.thing_kind("bone scan") == "tests" and followup.thing_kind("checkup") == "tests"
    u = understand("my mum just got told she has osteoporosis after a bone scan. is it cos shes tiny?", names)
    assert u.foci == {"osteoporosi"}
    assert read("bokap kena neuropati diabetes, kakinya kesemutan trs kayak kebakar").topic == "diabetic neuropathy"
    assert followup.thing_kind("check up") is None  # "should i check up on her in the night?"
    more = FocusNames.build(["Hamstring strain - aftercare", "Tinnitus"], [(), ()])
    assert {f for _, fs, _ in more.find("pulled my hamstring at 5 a side") for f in fs} == {
        name_key("Hamstring strain - aftercare")}
    assert {f for _, fs, _ in more.find("i hear a ringing sound in my left ear at night") for f in fs} == {"tinnitu"}


@pytest.mark.parametrize("text, focus", [
    ("my maw's got shingles doon her side, awfy sore. whit actually is it, is it like the chickenpox", {"shingle"}),
    ("how do i know if its pink eye or just allergy", {"conjunctiviti"}),
    ("is shingles the same virus as chickenpox?", {"shingle"}),
    ("my RA said it sounds like panic attacks. what causes them", {"panic attack"}),  # a verdict, not a comparison
    ("is it like the chickenpox", {"chickenpox"}),  # nothing else named: the one compared is the topic
    ("i have shingles, how do you even get that if not from chickenpox", {"shingle"}),  # ruled out as the cause
    ("is it a migraine or a stroke?", {"migraine", "stroke"}),  # either: both asked
    ("the doctor said it looked like shingles. i had chickenpox as a kid, how did i get it?", {"shingle", "chickenpox"}),
    ("the gp said it looks a lot like shingles. i had chickenpox as a kid", {"shingle", "chickenpox"}),
])
def test_a_condition_named_only_to_compare_with_is_not_the_topic(text, focus):
    names = FocusNames.build(["Shingles", "Chickenpox", "Conjunctivitis", "Allergy", "Panic attack", "Migraine",
                              "Stroke"], [()] * 7)
    u = understand(text, names, learned=False)
    assert u.foci == focus and u.main_foci <= focus


@pytest.mark.parametrize("text, topics", [
    ("panas bgt hari ini min, semarang kayak oven", ()),
    ("kantorku AC nya mati dari pagi, panas pol rek", ()),
    ("anak sy panas 3 hari, hari ini masih panas", ("fever",)),
    ("anak panas hari ini 39 derajat", ("fever",)),
    ("sy panas hari ini, pusing juga", ("fever", "headache")),
    ("suami panas, perlu ke rumah sakit gak?", ("fever",)),  # someone is hot; a hospital is no room
    ("ibu panas dari semalam, di rumah ada obat apa", ("fever",)),
])
def test_a_hot_day_is_no_fever(text, topics):
    """"panas" is hot weather as well as a fever: a hot day or room with no one said to be hot names nothing."""
    assert read(text).topics == topics


def test_red_eyes_beside_pink_eye_are_its_sign():
    """"sore red eyes with discharge, pink eye yata. can we catch it from her": the condition, not the page on eye
    redness (a symptom's page, as the one on fever beside dengue); red eyes alone still find that page."""
    names = FocusNames.build(["Eye redness", "Conjunctivitis"], [("Red eyes",), ("Pink eye",)])
    u = understand("my sister has sore red eyes with discharge, pink eye yata. can we catch it from her", names,
                   learned=False)
    assert u.foci == {"conjunctiviti"}
    assert understand("why are my red eyes so sore", names, learned=False).foci == {"eye redness"}


@pytest.mark.parametrize("text, topic", [
    ("tensi mama sy 170/100 tapi dia bilang tara pusing apa2. itu bahaya ka tidak kalo dibiarkan", "high blood pressure"),
    ("tekanan darahnya 150/95 kata bidan", "high blood pressure"),
    ("tensi 85/55 lemes bgt, knp ya", "low blood pressure"),
    ("tensi saya 120/80 tapi sering pusing, kenapa ya", "headache"),  # a normal reading names nothing
    ("sy tidak pusing tapi darah tinggi, bahaya gak", "high blood pressure"),  # "tidak pusing": ruled out
    ("anak sy demam 3 hari bahaya gak, dbd kah?", "dengue"),  # a question's "gak", no negation of what follows
    ("pake bpjs, tensi 170/100 bahaya ga", "high blood pressure"),
    ("dulu mama tidak darah tinggi, sekarang darah tinggi dan sering pusing, kenapa", "high blood pressure"),
])
def test_an_indonesian_blood_pressure_reading_names_its_condition(text, topic):
    """As English's "148 over 95, is that high?": the reading's condition, and a symptom the message says she does not
    have ("tara pusing": Papuan "tidak") is not the topic."""
    got = read(text)
    assert got.topic == topic, got
    if "bpjs" in text:
        assert got.said_topic == "tensi (high blood pressure)"  # named by the reading's word, not by "bpjs"
    assert "fever" in read("boleh minum paracetamol ga, demam 39").topics  # "ga," asks: no negation


def test_a_word_a_page_says_once_is_not_its_name():
    """A rare capitalised word names the topic whose answers write it again and again ("Kartagener"); one
    written once (a city, a relative) or a weekday ("Monday through Friday") is not a name: a message about
    the weather in London finds no page."""
    names = FocusNames.build(["Primary ciliary dyskinesia", "Swyer syndrome", "Lung cancer"], [(), (), ()])
    names.add_hints(["Kartagener syndrome is a form of it. Kartagener described it first.",
                     "A clinic in London first reported it. Grandma may carry it.",
                     "Radiation is given Monday through Friday; Monday is the first day, Friday the last."],
                    ["primary ciliary dyskinesia", "swyer syndrome", "lung cancer"])
    assert [fs for _, fs, _ in names.find("my son has kartagener, is it inherited")] == [{"primary ciliary dyskinesia"}]
    assert names.find("30 degrees in london today, grandma says hi") == []
    assert names.find("see you monday or friday") == []


async def test_console_forget_drops_the_topic(retriever):
    core = new_core(retriever)
    stdin = io.StringIO("mom has afib\nis it serious? what is it exactly\n/forget\nis it serious? what is it exactly\n")
    out = io.StringIO()
    console = ConsoleTransport(core, stdin, out)
    await console.start()
    await asyncio.wait_for(console.wait_closed(), 30)
    replies = out.getvalue().split("Response: ")[1:]
    assert "nhlbi.nih.gov/af" in replies[1] and replies[2].startswith(EN.forgot)
    assert "nhlbi.nih.gov/af" not in replies[3]


async def test_an_english_question_with_a_name_also_in_the_indonesian_lexicon_stays_english(retriever):
    reply = await new_core(retriever).answer("u1", "how is diabetes treated?", chat="tg:1")
    assert reply.kind == "answer" and not reply.text.startswith("Berikut") and "diabetes-treat" in reply.text
    assert EN.disclaimer in reply.text


@pytest.mark.parametrize("text", [
    "my ankle is swollen and bruised", "Does cold weather make gout worse?", "can wifi cause cancer?",
    "I twisted my ankle playing football and now I can't put any weight on it",
    "there's a lump in my breast", "anak saya lucu tapi sering kejang, kenapa?", "asma saya kambuh kalau cuaca dingin",
    "I can barely see you, my vision is so blurry",
])
async def test_a_health_message_is_never_called_off_topic(retriever, text):
    core = new_core(retriever)
    await core.answer("u1", "what causes gout?", chat="tg:1")
    assert (await core.answer("u1", text, chat="tg:1")).kind != "off_topic"
    assert (await core.answer("u2", text, chat="tg:2")).kind != "off_topic"  # and without a topic before


async def test_a_question_about_a_test_itself_is_not_a_follow_up(retriever):
    names = retriever.ref.names
    u = understand("what is a colonoscopy?", names, "gout")
    assert not u.follows_up and "colonoscopy" in u.foci
    assert understand("would a colonoscopy help with it?", names, "gout").follows_up


async def test_indonesian_small_talk_with_nya_is_not_a_follow_up(retriever):
    core = new_core(retriever)
    assert "gout" in (await core.answer("u1", "asam urat obatnya apa?", chat="tg:1")).text.lower()
    for chat in ("gimana kabarnya?", "bagaimana cuacanya hari ini?"):
        reply = await core.answer("u1", chat, chat="tg:1")
        assert "http" not in reply.text, chat


def test_an_everyday_word_is_not_a_name_by_its_sound(retriever):
    names = retriever.ref.names
    assert "bartter syndrome" not in understand("my brother has asthma, is it inherited?", names).foci
    assert "bartter syndrome" in understand("what is barter syndrome", names).foci  # one letter off: still found


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_one_word_names_and_sounds_with_the_full_reference(full_reference):
    """Against all of MedQuAD (skipped without ../shared/data): one-word synonyms the answers also write in
    lower case are still names, and everyday words are not names by their sound."""
    names = full_reference.names
    for text, focus in [("what is hypertension?", "high blood pressure"), ("what is myopia?", "nearsightedness"),
                        ("what causes tachycardia?", None), ("early signs of parkinsons?", "parkinson disease")]:
        foci = understand(text, names).foci
        assert foci and (focus is None or focus in foci), (text, sorted(foci))
    for text in ("my brother has asthma, is it inherited?", "my twenty year old son has gout"):
        assert not any("bartter" in f or "tinnitu" in f for f in understand(text, names).foci), text
