"""Indonesian health questions read in English terms: the everyday names people in Indonesia use for
conditions ("darah tinggi", "kencing manis", "asam urat") mapped to the English names of the NIH
pages, and the question words ("gejala", "penyebab", "obatnya", "menular", "bisa sembuh") mapped to
the question types the English understanding uses (bot/answering/understand.py). The reference is English,
so an Indonesian question becomes an English one ("Apa gejala demam berdarah?" -> "What are the
symptoms of dengue?") that the same retriever answers; the reply leads with an Indonesian line.

Chat spelling is folded first ("gmn", "yg", "utk", repeated letters, "2" for a repeated word), then
the longest phrase wins ("kanker payudara" before "kanker")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from bot.answering.followup import BRANDS, reading


def _list(block: str) -> list[str]:
    return [w.strip() for w in block.replace("\n", ",").split(",") if w.strip()]


def _table(block: str) -> dict[str, str]:
    """Lines of `indonesian, names, ... = english name`."""
    out: dict[str, str] = {}
    for line in block.strip().splitlines():
        left, _, right = line.partition("=")
        for name in left.split(","):
            if name.strip():
                out[name.strip()] = right.strip()
    return out


# Everyday Indonesian names (and common misspellings) -> the English name the NIH pages use.
LAY_NAMES = _table("""
darah tinggi, tekanan darah tinggi, hipertensi, tensi tinggi, tensi naik, darah tinggi kronis = high blood pressure
darah rendah, tekanan darah rendah, hipotensi, tensi rendah = low blood pressure
kencing manis, penyakit gula, sakit gula, diabetes melitus, diabetes mellitus, diabet, diabetes, gula darah tinggi, \
gula tinggi = diabetes
neuropati diabetes, neuropati diabetik, neuropati diabetika = diabetic neuropathy
diabetes tipe 2, diabetes tipe dua, dm tipe 2, dm2 = type 2 diabetes
diabetes tipe 1, dm tipe 1, diabetes tipe satu, diabetes tipe i, dm tipe satu, diabetes type 1 = type 1 diabetes
diabetes kehamilan, diabetes gestasional = gestational diabetes
asam urat, encok, gout = gout
maag, sakit maag, mag, lambung, sakit lambung, radang lambung, gastritis, gastrik, sakit gastrik = gastritis
tukak lambung, luka lambung, ulkus lambung, ulkus peptikum = peptic ulcer
asam lambung, asam lambung naik, gerd, refluks asam = gerd
batu ginjal, kencing batu = kidney stones
batu empedu = gallstones
cacar air, cacar, varisela = chickenpox
cacar api, herpes zoster, dompo = shingles
cacar monyet = mpox
demam berdarah, demam berdarah dengue, dbd, db, dengue = dengue
tbc, tuberkulosis, tuberkulosa, flek paru, flek paru paru, flek di paru, paru paru basah, tbc paru = tuberculosis
ambeien, ambeyen, wasir, bawasir, hemoroid = hemorrhoids
tipes, tifus, tipus, demam tifoid, tifoid = typhoid fever
step, kejang demam = febrile seizures
ayan, epilepsi, sawan = epilepsy
biduran, kaligata, urtikaria, kaligata = hives
gondongan, gondongen, parotitis = mumps
gondok, penyakit gondok = simple goiter
campak, tampek, morbili = measles
campak jerman, rubela = rubella
sakit kuning, penyakit kuning, kulit kuning, mata kuning = jaundice
bayi kuning, kuning pada bayi, kuning bayi = newborn jaundice
hepatitis, radang hati, liver = hepatitis
hepatitis b, hbsag, hbsag reaktif, hbsag positif = hepatitis b
hepatitis c = hepatitis c
sirosis, pengerasan hati = cirrhosis
flu, influenza, selesma = flu
pilek, masuk angin = common cold
batuk = cough
radang tenggorokan, sakit tenggorokan, tenggorokan sakit = sore throat
amandel, radang amandel, tonsilitis = tonsillitis
sinusitis, sinus = sinusitis
asma, asma bronkial, bengek, mengi = asthma
ppok, paru obstruktif kronis = copd
radang paru, paru paru basah, pneumonia = pneumonia
bronkitis = bronchitis
sakit kepala, pusing, pening, kepala pusing, sakit kepala sebelah = headache
migrain, migren, sakit kepala sebelah = migraine
vertigo, pusing berputar, pusing muter = benign positional vertigo
stroke, struk, strok = stroke
serangan jantung, angin duduk = heart attack
jantung koroner, penyakit jantung koroner, pjk = coronary artery disease
gagal jantung, lemah jantung = heart failure
jantung berdebar, deg degan = palpitations
kolesterol, kolesterol tinggi, kolestrol, kolestrol tinggi, kolesterol naik = high cholesterol
anemia, kurang darah, darah kurang = anemia
anemia defisiensi besi, kurang zat besi = iron deficiency anemia
demam, panas, panas tinggi, meriang = fever
diare, mencret, menceret, murus, berak berak = diarrhea
sembelit, susah bab, susah buang air besar, sulit bab, konstipasi = constipation
cacingan, cacing, cacing kremi, kremi = pinworms
panu = tinea versicolor
kurap, kadas = ringworm
kutu air = athlete's foot
kutu rambut, kutu = head lice
kudis, gudik, skabies, scabies = scabies
jerawat, jerawat batu = acne
eksim, eksema, dermatitis = eczema
psoriasis = psoriasis
ketombe = dandruff
rambut rontok, kebotakan = hair loss
kutil = warts
bisul, bisulan = boils
sariawan, seriawan = canker sores
sakit gigi, gigi berlubang, gigi bolong = tooth decay
abses gigi, gigi abses, gigi bernanah, gusi bernanah = tooth abscess
gusi berdarah, radang gusi = gum disease
bau mulut = bad breath
mata merah, belekan, konjungtivitis = conjunctivitis
katarak = cataract
glaukoma = glaucoma
rabun jauh, mata minus = nearsightedness
mata silinder = astigmatism
kencing nanah, gonore = gonorrhea
raja singa, sifilis = syphilis
hiv, aids = hiv/aids
herpes kelamin = genital herpes
keputihan = vaginitis
infeksi jamur vagina = vaginal yeast infection
anyang anyangan, infeksi saluran kemih, isk, kencing sakit = urinary tract infection
prostat, pembesaran prostat, prostat membesar = enlarged prostate
impotensi, impoten, disfungsi ereksi, lemah syahwat = erectile dysfunction
mandul, infertil, susah hamil, sulit hamil = infertility
nyeri haid, sakit haid, dismenore = menstrual cramps
haid tidak teratur, mens tidak teratur, telat haid = irregular menstruation
menopause, monopause = menopause
keguguran = miscarriage
kista, kista ovarium, kista indung telur = ovarian cysts
miom, mioma = uterine fibroids
kanker payudara, kanker payu dara = breast cancer
kanker serviks, kanker leher rahim = cervical cancer
kanker paru, kanker paru paru = lung cancer
kanker usus, kanker usus besar = colorectal cancer
kanker darah, leukemia = leukemia
kanker prostat = prostate cancer
kanker hati = liver cancer
kanker kulit = skin cancer
kanker = cancer
gagal ginjal, ginjal rusak = kidney failure
cuci darah = dialysis
penyakit ginjal kronis, ginjal kronis = chronic kidney disease
usus buntu, radang usus buntu = appendicitis
tipes usus = typhoid fever
radang sendi, rematik, reumatik, encok sendi = arthritis
rematik sendi, artritis reumatoid = rheumatoid arthritis
pengapuran, pengapuran sendi, pengapuran lutut, osteoartritis = osteoarthritis
tulang keropos, osteoporosis, keropos tulang = osteoporosis
patah tulang = fractures
keseleo, terkilir = sprains
saraf kejepit, syaraf kejepit = herniated disk
sakit pinggang, sakit punggung, nyeri punggung, encok pinggang = back pain
kesemutan, saraf tepi = peripheral neuropathy
obesitas, kegemukan, kelebihan berat badan = obesity
gizi buruk, kurang gizi = malnutrition
pikun, demensia = dementia
alzheimer = alzheimer's disease
parkinson = parkinson's disease
autis, autisme = autism
adhd, hiperaktif = attention deficit hyperactivity disorder
down syndrome, sindrom down = down syndrome
insomnia, susah tidur, sulit tidur = insomnia
depresi = depression
cemas, gangguan kecemasan, kecemasan, anxiety = anxiety
gangguan bipolar, bipolar = bipolar disorder
skizofrenia = schizophrenia
hipertiroid, tiroid berlebih = hyperthyroidism
hipotiroid = hypothyroidism
tiroid = thyroid diseases
lupus = lupus
malaria = malaria
kusta, lepra = leprosy
kaki gajah, filariasis = lymphatic filariasis
rabies, penyakit anjing gila = rabies
tetanus = tetanus
difteri = diphtheria
polio = polio
covid, covid 19, korona, corona = covid-19
flu burung = bird flu
alergi = allergy
alergi makanan = food allergy
dehidrasi, kekurangan cairan = dehydration
keracunan makanan = food poisoning
mual, muntah = nausea and vomiting
kembung, perut kembung = gas
wasir berdarah = hemorrhoids
varises = varicose veins
mimisan = nosebleeds
tinnitus, telinga berdenging = tinnitus
congek, infeksi telinga, radang telinga = ear infections
tuli, gangguan pendengaran = hearing loss
bells palsy, wajah mencong = bell's palsy
luka bakar, kesiram air panas, kena air panas, kena minyak panas = burns
budeg, budek, tuli, kuping budek, telinga budek = hearing loss
sakit telinga, sakit kuping, kuping sakit, telinga sakit = earache
infeksi kuping, kuping bernanah, telinga bernanah = ear infections
kuping berdenging = tinnitus
flu singapura, flu singapur, flu spore = hand-foot-mouth disease
gabag = measles
biang keringat, biang keringet, keringat buntet, keringet buntet = prickly heat
acl, cedera acl, acl robek, robek acl, ligamen acl = acl injury
batuk rejan, batuk 100 hari, batuk seratus hari = whooping cough
ruam popok = diaper rash
kejang = seizures
hernia, turun berok, burut = hernia
preeklamsia, preeklampsia, pre eklampsia = preeclampsia
mabuk perjalanan, mabuk laut, mabuk darat, mabuk kendaraan = motion sickness
mabuk hamil, mual hamil, morning sickness = morning sickness
baby blues, depresi pasca melahirkan, depresi setelah melahirkan, depresi postpartum = postpartum depression
hamil anggur = hydatidiform mole
timbilan, bintitan = stye
juling, mata juling = strabismus
buta warna = color blindness
rabun dekat, mata plus = farsightedness
kapalan = corns and calluses
kram otot, kram kaki, keram kaki, betis kram = muscle cramps
linu, nyeri sendi, sakit sendi = joint pain
jantung bocor = congenital heart defects
kutil kelamin = genital warts
digigit anjing, gigitan anjing, digigit kucing = animal bites
disengat tawon, disengat lebah, digigit serangga = insect bites and stings
polip hidung = nasal polyps
gangguan makan = eating disorders
kolera = cholera
leptospirosis, kencing tikus = leptospirosis
cikungunya, chikungunya = chikungunya
ngompol = bedwetting
ejakulasi dini = premature ejaculation
gula darah rendah, hipoglikemia, gula drop = low blood sugar
kaki bengkak, bengkak di kaki, pembengkakan kaki = edema
ginjal bermasalah, sakit ginjal, penyakit ginjal, gangguan ginjal = kidney disease
""")

# Medicines whose Indonesian spelling differs from the English name.
# Medicines by the names Indonesian pharmacies sell them under (generic spellings and brands).
DRUGS = _table("""
parasetamol, paracetamol, panadol, sanmol, bodrex, tempra, biogesic, pamol, praxion, termorex = acetaminophen
amoksisilin, amoxilin, amoksilin, amoxsan, amoxan = amoxicillin
ibuprofen, proris, ibuprofen, nurofen = ibuprofen
metformin, metformin hcl = metformin
amlodipin, amlodipine = amlodipine
simvastatin = simvastatin
atorvastatin = atorvastatin
kaptopril, captopril = captopril
asam mefenamat, mefenamat, ponstan, mefinal = mefenamic acid
antibiotik = antibiotics
vitamin c = vitamin c
sangobion, tablet tambah darah, tablet fe, pil tambah darah, suplemen zat besi, zat besi = iron
asam folat = folic acid
ctm, klorfeniramin = chlorpheniramine
cetirizin, cetirizine, cerini, incidal = cetirizine
loratadin = loratadine
omeprazol, omeprazole = omeprazole
lansoprazol = lansoprazole
ranitidin = ranitidine
promag, mylanta, polysilane, antasida = taking antacids
loperamid, imodium = loperamide
dulcolax, bisakodil = bisacodyl
salbutamol, ventolin, lasal = albuterol
deksametason, dexamethason = dexamethasone
metilprednisolon, metilprednisolon = methylprednisolone
prednison = prednisone
siprofloksasin, ciprofloxacin, cipro = ciprofloxacin
sefadroksil, cefadroxil = cefadroxil
sefiksim, cefixime = cefixime
azitromisin, azithromycin = azithromycin
metronidazol, flagyl = metronidazole
mebendazol, vermox = mebendazole
pirantel, pirantel pamoat, combantrin = pyrantel
albendazol = albendazole
mikonazol, daktarin, kalpanax = miconazole
ketokonazol = ketoconazole
klotrimazol, canesten = clotrimazole
asiklovir, acyclovir = acyclovir
hidrokortison, hydrocortison = hydrocortisone
alopurinol, allopurinol = allopurinol
kolkisin = colchicine
nifedipin = nifedipine
bisoprolol = bisoprolol
kandesartan, candesartan = candesartan
valsartan = valsartan
furosemid, lasix = furosemide
spironolakton = spironolactone
glibenklamid = glyburide
glimepirid = glimepiride
insulin = insulin
diazepam = diazepam
ondansetron = ondansetron
domperidon = domperidone
natrium diklofenak, diklofenak, voltaren, kaflam = diclofenac
meloksikam = meloxicam
tramadol = tramadol
aspirin, asetosal = aspirin
warfarin = warfarin
klopidogrel = clopidogrel
levotiroksin, euthyrox = levothyroxine
""")
for _brand, _generic in BRANDS.items():  # the brands and other-country names English messages use ("zyrtec")
    DRUGS.setdefault(_brand, _generic)
DRUGS.update({v: v for v in list(DRUGS.values())})  # the English name as written ("amlodipine") too

_SOUNDS_LIKE = "symptoms?"
# Question words -> question type, most specific first (the first match wins).
ASPECTS: list[tuple[str, re.Pattern[str]]] = [(q, re.compile(rx)) for q, rx in (
    ("side effects", r"\befek samping\w*|\befeknya\b"),
    # how and when to take it ("minumnya pagi ato malam", "jam berapa", "sebelum atau sesudah makan")
    ("dose", r"\bdosis\b|\bberapa (?:mg|tablet|butir|kali sehari)\b|\baturan minum\b|\bpagi (?:atau|apa) malam\b|"
             r"\bmalam (?:atau|apa) pagi\b|\bminum\w* jam berapa\b|\bsebelum (?:atau|apa) (?:sesudah|setelah) makan\b|"
             r"\bperut kosong\b"),
    ("precautions", r"\baman\b|\bboleh\b.{0,40}\b(?:minum|makan|pakai|hamil|menyusui|busui)\b|\bibu hamil\b|"
                    r"\bmenyusui\b|\bbusui\b|\b(?:ber)?pengaruh\w* (?:ke|pada|buat) (?:janin|bayi|kandungan|asi)\b|"
                    r"\bbahaya(?:kah)? (?:gak|tidak|nggak|ga) (?:minum|pakai)\b"),
    ("prevention", r"\bmencegah|\bpencegahan\b|\b(?:di)?cegah\w*|\bnyegah\w*|\bbiar (?:gak|tidak|nggak|ga|ndak)\b|"
                   r"\bsupaya (?:gak|tidak|nggak|ga)\b|\bagar (?:tidak|gak)\b|\b(?:di)?vaksin|\bdiimunisasi\b|"
                   r"\bimunisasi\b|\bpantangan\b"),
    ("inheritance", r"\bketurunan\b|\bturunan\b|\bmenurun\b|\bgenetik|\bbawaan\b"),
    ("causes", r"\btanda apa\b|\bmenular|\bnular\w*|\btertular|\bpenularan\b|\bketular\w*|\bpenyebab|\bsebab\b|"
               r"\bkenapa\b|\bknp\b|"
               r"\bmengapa\b|\bgara gara\b|\bapa(?:kah)? (?:ini |itu )?karena\b|\bkarena apa\b|"
               r"\bkok bisa\b|\b(?:itu|apa) yang (?:bikin|nyebabin|menyebabkan)\b|\b(?:itu|ada) (?:ber)?pengaruh\w*|"
               r"\bpengaruh\w* (?:kah|ya|tidak)\b|\bbisa kena\b|\bpemicu|\bfaktor risiko\b|\bkok iso\b|"
               r"\bdari (?:apa|mana|virus|bakteri|kuman|jamur)\b|"
               # "sebabnyo apo" asks; "sebabnya kmrn kehujanan" (because) tells
               r"\bsebab(?:nya|nyo) (?:apa|apo)\b|\b(?:apa|apo) sebab(?:nya|nyo)\b"),
    # who gets it ("yg kena biasanya siapa aja?", "siapa yang berisiko")
    ("susceptibility", r"\bsiapa\b(?: \w+){0,3} (?:kena|berisiko|beresiko|rentan|rawan)\b|"
                       r"\b(?:kena|berisiko|beresiko|rentan|rawan)\b(?: \w+){0,2} siapa\b|"
                       r"\b(?:lebih sering|lebih gampang|lebih mudah|gampang|mudah) kena\b"),
    ("symptoms", r"\bgejala|"
                 r"\bciri ciri\b|\bciri\b|\btanda tanda\b|\btanda\w*\b|\bapa (?:ini|itu) "
                 r"(?:ambeien|gejala)\b"),
    # what the dangers are ("bahayanya apa aja", "apa bahayanya"), before a test the story names ("kemarin cek")
    ("complications", r"\bbahaya\w* (?:apa|apo)\b|\b(?:apa|apo) (?:aja |saja )?bahaya\w*|"
                      r"\bbahaya\w* (?:ka|kah|gak|ga|nggak|tidak|ndak|enggak|ta|ya)\b"),
    ("exams and tests", r"\bpemeriksaan\b|\bperiksa\w*|\bdiperiksa\b|\bcek\b|\bdicek\w*|\bceknya\b|\bngecek\w*|"
                        r"\bmengecek\w*|\btes\b|\btest\b|"
                        r"\bdiagnosa|\bdiagnosis\b|\brontgen\b|\blab\b|\busg\b"),
    ("complications", r"\bkomplikasi\b|\bbahaya(?:nya)?\b|\bberbahaya\b|\bakibat\b|\bdampak\b|\bamputasi\b|"
                      r"\bdiamputasi\b"),
    # whether using something helps ("kalo pake deker pas tidur ngaruh ga"): after the question words above
    ("treatment", r"\b(?:pake|pakai|dipake|dipakai|minum|diminum|dikasih|oles|olesin|pakein)\b(?: \w+){0,6} "
                  r"(?:ngaruh|mempan|manjur|efektif|(?:bisa )?(?:bantu|membantu))\b(?! (?:ke|pada|buat) (?:janin|bayi|"
                  r"kandungan|asi))"),
    ("treatment", r"\b(?:ilang|hilang) (?:pake|pakai|dengan|dgn|cuma|hanya)\b|\bturun (?:tanpa|pake|pakai|dengan|"
                  r"dgn)\b"),
    ("outlook", r"\b(?:kembali|balik) normal\b|\bnormal (?:lagi|kembali)\b|\bbisa (?:baik|pulih|normal) (?:kembali|"
                r"lagi)\b|\b(?:tambah|makin|semakin|bertambah) parah\b|\bmemburuk\b|\bsembuh|\bilang\b|\bmari\b|"
                r"\bkambuh\b|\bkumat\b|\bpulih\w*|\bhilang\b|\bberapa lama\b|"
                r"\bsampai kapan\b|\bseumur hidup\b|\bpermanen\b|"
                # "kapan blh masuk paud lg", "kpn bisa sekolah lagi": when it is over
                r"\b(?:kapan|kpn)\b(?: \w+){0,3} (?:masuk|balik|kembali)? ?(?:ke )?(?:sekolah|paud|tk|sd|kerja|kantor|"
                r"kuliah|ngantor)(?: \w+)? (?:lagi|lg)\b"),
    # what happens if it is left alone, after "sembuh sendiri" (outlook) ("nek didiemin bisa nggawe penyakit apa")
    ("complications", r"\b(?:dibiarin|dibiarkan|didiemin|didiamkan|tidak diobati)\b"),
    ("treatment", r"\btetes mata\b|\bobat|\bmengobati\b|\bpengobatan|\bmenyembuhkan\b|\bmengatasi\b|\bpenanganan\b|"
                  r"\bterapi\b|\bfisioterapi\w*|"
                  r"\boperasi\b|\bdioperasi\b|\bditangani\b|\bcara (?:ngatasi|ngobatin|menghilangkan)\b|"
                  r"\bdiobati\b|\bminum apa\b|\bngilang\w*|\bhilangin\w*|\bdikasih apa\b|\bdiapain\b|\bkompres|"
                  r"(?<!terima )(?<!trima )\b(?:kasih|kasi|dikasi|pake|pakai|oles|olesin) (?:\w+ )?(?:apa|apo)\b|"
                  r"\bdisinar\b|\bsalep|\bampuh\b|\bngaruh\b|\bberpengaruh\b|\bmempan\b|\bmanjur\b|\befektif\b|"
                  r"\btransfusi\b|\bcuci darah\b|\bkemo\w*"),
    # "itu gudik ya?", "ini mastitis kah?": does what I describe sound like it (only with a name in it)
    (_SOUNDS_LIKE, r"\b(?:itu|ini|ni|tu) (?:\w+ )?\w+ (?:kah|ka|ya|bukan|bkn|kan)\b(?! (?:obat|cara))|"
                   r"\b\w+ ?(?:kah|ka)\b(?=\s*\?)"),
    ("information", r"\bapa itu\b|\bitu apa\b|\bapa sih\b|\bpenyakit apa\b|\bapa (?:yang )?dimaksud\b"),
)]

# English questions for each type, in the words of the reference's own question templates.
TEMPLATES = {
    "information": "What is {t}?", "symptoms": "What are the symptoms of {t}?",
    "causes": "What causes {t}? Is {t} contagious?", "treatment": "What are the treatments for {t}?",
    "prevention": "How can {t} be prevented?", "exams and tests": "How is {t} diagnosed? What tests are needed?",
    "outlook": "What is the outlook for {t}? Can {t} be cured?", "complications": "What are the complications of {t}?",
    "inheritance": "Is {t} inherited?", "side effects": "What are the side effects of {t}?",
    "dose": "What is the dose of {t}?", "precautions": "Is {t} safe? What special precautions should I follow?",
    "susceptibility": "Who is at risk for {t}?",
}

# Chat spelling -> the standard word (after lower-casing; whole words only).
_CHAT = _table("""
gmn, gimana, gmana, bgmn, bagaimna, kek mana, gimna = bagaimana
yg = yang
utk, untk = untuk
dgn, dg = dengan
tdk, gak, ga, nggak, ngga, enggak, ndak, gk, tak = tidak
sdh, udh, udah, dah = sudah
hrs, hrus = harus
prlu, plu = perlu
brp, brapa = berapa
blm = belum
bs, bisa2 = bisa
krn, karna = karena
trs, terus = terus
apa aja, apa saja = apa
knp, napa, ngapa = kenapa
sy, aku, gw, gue, gua = saya
obatnya, obat2, obat2an, obat obatan, obatnyo = obat
gejalanya, gejala2, gejalanyo = gejala
penyebabnya, penyebabnyo, panyababnyo, panyabab = penyebab
ra, ora, mboten, tra, tara, nda, indak = tidak
ato, atw = atau
supayo = supaya
caro = cara
baa, baa caro = bagaimana
kudu = harus
bkn = bukan
sblm, sebelom = sebelum
ssdh, sesudh = sesudah
luwih = lebih
mancegah = mencegah
iso, isa = bisa
opo, ape, nopo = apa
piye, pripun, camana = bagaimana
nek, yen = kalau
tu = itu
ni = ini
aer = air
kamek, kulo, aku = saya
wis, sampun = sudah
apo = apa
bahayo = bahaya
lamo = lama
mano = mana
dak = tidak
sudem = sudah
sakik = sakit
panyakik = penyakit
ubek, ubaik = obat
jantuang = jantung
paruik = perut
kapalo = kepala
pusiang = pusing
batuak = batuk
bangkak = bengkak
lamah = lemah
kuniang = kuning
sasak = sesak
bara = berapa
bana = sekali
sabab = sebab
""")
# Javanese "-e"/"-ne" and Malay "-nye" on a word: the same as Indonesian "-nya" ("gejalane", "obate", "sebenarnye")
_JAVANESE = re.compile(r"\b(\w{3,}?)(?:ne|nye|e)\b")
_REPEAT = re.compile(r"\b([a-z]{2,})2(nya|an|in|ku|mu)?\b")  # "bintik2" -> "bintik bintik", "deg2an" -> "deg degan"
_WORD = re.compile(r"[a-z0-9']+")


def normalise(text: str) -> str:
    """Lower case, chat spelling folded, "kata2" written out, punctuation dropped."""
    low = _REPEAT.sub(lambda m: f"{m[1]} {m[1]}{m[2] or ''}", text.lower().replace("-", " ").replace("'", "").replace(
        "\u2019", ""))  # "bell's palsy" as the table writes it
    ws = [w for w in _WORD.findall(low) if w not in ("e", "ki", "to", "po")]  # Javanese particles
    out = " ".join(ws)
    for short, full in sorted(_CHAT.items(), key=lambda kv: -len(kv[0])):
        out = re.sub(rf"\b{re.escape(short)}\b", full, out)
    return _JAVANESE.sub(lambda m: _stem(m.group(0)), out)


def _stem(word: str) -> str:
    """"gejalane" -> "gejala", "pantangane" -> "pantangan", "sebenarnye" -> "sebenar": a known stem under a
    Javanese or Malay suffix, else the word as written."""
    for suffix in ("nye", "ne", "e"):
        if word.endswith(suffix) and word[:-len(suffix)] in _STEMS:
            return word[:-len(suffix)]
    return word




def _names_file() -> tuple[dict[str, str], dict[str, str]]:
    """The helper-written table (indonesian_names.txt: regional and chat names, "degdegan", "bidur", "cantengan"):
    (conditions, medicines)."""
    text = (Path(__file__).with_name("indonesian_names.txt")).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    cut = lines.index("[medicines]")
    return _table("\n".join(lines[:cut])), _table("\n".join(lines[cut + 1:]))


_MORE_NAMES, _MORE_DRUGS = _names_file()
# the hand-written tables win where both name a word
_NAMES = {**_MORE_NAMES, **_MORE_DRUGS, **LAY_NAMES, **DRUGS}
# Words whose Javanese or Malay suffixed form is folded back ("gejalane" -> "gejala"): question words and names
_STEMS = frozenset(_list("""gejala, obat, penyebab, tanda, cara, pantangan, salep, sebenar, nular, sembuh, maag,
pengobatan, pencegahan, efek, dosis, bahaya, akibat, komplikasi, ciri""")) | frozenset(
    w for k in LAY_NAMES for w in k.split())
_DRUG_NAMES = frozenset({*DRUGS.values(), *_MORE_DRUGS.values()})
# Treatments, tests and medicines: the topic only when no condition is named
TREATMENT_NAMES = frozenset({"dialysis", *_DRUG_NAMES, "biopsy", "blood typing", "bone density test", "circumcision",
                             "cesarean section", "colonoscopy", "complete blood count", "ct scan", "echocardiogram",
                             "eeg", "electrocardiogram", "endoscopy", "exercise stress test", "hemoglobin a1c test",
                             "kidney function tests", "liver function tests", "mammogram", "mri", "pap test",
                             "pregnancy test", "psa test", "spirometry", "ultrasound", "urinalysis", "x-rays"})
# Symptoms a story mentions on its way to the condition it asks about
SYMPTOM_NAMES = frozenset({"fever", "cough", "headache", "nausea and vomiting", "gas", "diarrhea", "common cold",
                           "constipation", "dehydration", "seizures", "joint pain", "earache", "muscle cramps",
                           "hearing loss", "edema", "abdominal pain", "belching", "chills", "dizziness", "drowsiness",
                           "fatigue", "itching", "loss of appetite", "muscle aches", "numbness and tingling",
                           "palpitations", "shortness of breath", "stuffy nose", "wheezing", "hiccups", "hoarseness",
                           "rashes", "nosebleeds", "heartburn", "indigestion", "tremor", "swollen lymph nodes",
                           "muscle twitching", "dry mouth", "sore throat", "thrombocytopenia"})
_MAX_WORDS = max(len(k.split()) for k in _NAMES)
_SUFFIX = re.compile(r"(?:nya|ku|mu|lah|kah)$")
# "-nya" on what is asked ("obatnya", "gejalanya") or "tersebut" points back at the conversation's topic; "itu"
# and "ini" do not (they are everyday demonstratives), nor do "-nya" words that mean "apparently", "usually"...
_ANAPHOR = re.compile(r"\b\w{3,}nya\b|\btersebut\b|\bpenyakit (?:ini|itu)\b")
_NOT_ANAPHOR = frozenset(_list("""namanya, katanya, rasanya, sebenarnya, biasanya, sepertinya, kayaknya, akhirnya,
soalnya, harusnya, mestinya, makanya, pokoknya, rupanya, kelihatannya, tampaknya, misalnya, lainnya, semuanya,
sampainya, selanjutnya, sebelumnya, sesudahnya, setelahnya, terutamanya, bukannya"""))
# "-nya" on what is asked about a topic points back at it ("obatnya", "gejalanya", "batunya"); on other words it
# does not ("kabarnya", "cuacanya": how are you, the weather)
_ASKED = re.compile(r"(?:obat|gejala|penyebab|pengobatan|sembuh|penularan|nular|pencegahan|tanda|ciri|efek|dosis|"
                    r"cara|bahaya|komplikasi|pantangan|batu|kista|benjolan|luka|penyakit|operasi|vaksin|terapi|"
                    r"fisioterapi|cek|ngecek|periksa|tes|kontrol)")
# a baby's yellow skin or eyes ("bayiku 5 hari kok kuning kulitnya"), not yellow stool, vomit or mucus
_YELLOW_BABY = re.compile(r"^(?!.*\b(?:pup|pupnya|bab|tinja|feses|kotoran|muntah\w*|dahak|ingus|pipis|kencing)\b)"
                          r"(?=.*\b(?:kulit\w*|mata\w*|badan\w*|wajah\w*|muka\w*)\b)"
                          r".*(?:\bbayi\w*\b|\bbaru lahir\b).{0,60}\bkuning\b")
# since or after taking a medicine ("tiap abis minum sangobion mual", "sejak minum amlodipin kaki bengkak")
_AFTER_TAKING = re.compile(r"\b(?:abis|habis|setelah|sesudah|sejak|semenjak|gara gara|karena) (?:minum|konsumsi|"
                           r"pakai|pake|dikasih|diberi)\b|\bbaru (?:dikasih|diberi|minum|mulai minum)\b(?=.{0,80}\b(?:"
                           r"mual|muntah|pusing|ngantuk|gatal|gatel|ruam|mencret|diare|bengkak|sembelit|lemas|lemes|"
                           r"deg degan|eneg|kembung|perih|batuk)\b)")
# a diagnosis someone gave ("kata dokter puskesmas kena flu singapur", "didiagnosa", "dokter bilang")
_DIAGNOSED = re.compile(r"\b(?:kata|menurut) (?:dokter|dokternya|dr|bidan|perawat|mantri)\b|\b(?:dokter|bidan) "
                        r"(?:bilang|blg|nyebut|bilangnya)\b|\bdi ?diagnos[ai]s?\w*|\bdivonis\b|\bdiagnos[ai]s?nya\b")
# "krn obatnya kah", "efek obat ya": a complaint put down to the medicine taken
_BY_MEDICINE = re.compile(r"\b(?:karena|gara gara|efek|pengaruh|dari) (?:dari )?obat\b|\bbikin (?:ngantuk|mual|pusing|"
                          r"lemas|lemes|gatal|gatel|mencret|diare|batuk|sembelit|susah tidur|deg degan)\b")
# "boleh minum paracetamol?", "paracetamol aman diminum gak": whether a medicine may be taken
_MAY_TAKE = re.compile(r"\b(?:boleh|bolehkah|aman|amankah)\b.{0,20}\b(?:minum|diminum|konsumsi|dikonsumsi|pakai|"
                       r"dipakai)\b|\b(?:minum|diminum|konsumsi|dikonsumsi)\b.{0,20}\b(?:boleh|aman)\b")
# what a condition may lead to: "bisa jadi", "iso dadi", "bakal berubah jadi" (what it may turn into; a bare "bisa
# jadi" is also "could it be": a condition named before it is what is asked about either way, `Reading.becomes`) or a
# lasting harm, "bisa mandul", "bakal buta" (bot/answering/rerank.py's follow-ups); "bisa menyebabkan" is left out: it
# is as often asked of something else ("vaksin mmr bisa menyebabkan autis?", "apa aja yg bisa menyebabkan stroke?")
LEADS_TO = re.compile(r"\b(?:bisa|bs|iso|isa|biso|bakal|dapat|dpt)(?: \w+)? (?:(?P<become>jadi|jd|menjadi|dadi|"
                      r"berubah jadi|berkembang jadi)|mandul|buta|tuli|lumpuh|cacat)\b")
# ... said as "but maybe it is": "tapi bisa jadi", "atau bisa jadi", "mirip tipes, tapi bisa jadi demam berdarah?"
_COULD_BE = re.compile(r"\b(?:tapi|tp|tpi|atau|ato|mungkin|mirip|kayak|kyk|seperti|sepertinya)\W*$")
# "X beda sama Y", "bedanya X dengan Y"
_COMPARE = re.compile(r"\bbeda\w* (?:\w+ )?(?:sama|dengan|dari|ama|sm)\b|\bbeda\w* (?:antara )?\w+|"
                      r"\b(?:itu|ini) sama (?:kayak|kyk|kaya|kek|seperti|dengan) ")
# A complaint of one's own ("sakit pada jempol tangan"): with no topic found, a new question, not a follow-up
_COMPLAINT = re.compile(r"\b(?:sakit|nyeri|gatal|gatel|bengkak|perih|pegal|pegel|kram|kesemutan|ngilu)\b")


@dataclass(frozen=True)
class Reading:
    """An Indonesian message in English terms."""

    topics: tuple[str, ...]  # English names found, in the order of the message
    qtype: str  # the question type asked ("information" when no question word says otherwise)
    refers_back: bool  # "-nya", "itu", "tersebut": it points at something said before

    said: tuple[str, ...] = ()  # the Indonesian words that named them
    complaint: bool = False  # describes a pain or an itch of its own ("jempol tangan sakit"): a new question
    where: tuple[int, ...] = ()  # the word where each topic was last named
    asked_at: int = -1  # the word where the question word is (-1: none)
    compares: bool = False  # "X beda sama Y?": asks what X is, beside Y
    may_take: bool = False  # "boleh minum ...?", "aman diminum?": asks whether a medicine may be taken
    diagnosed: tuple[str, ...] = ()  # named as a doctor's or midwife's diagnosis ("kata dokter kena ...")
    becomes: tuple[str, ...] = ()  # named as what another may become ("kena wasir ... iso dadi kanker ga?")
    what_disease: bool = False  # "itu penyakit apa": asks what the illness is

    def without(self, names: set[str]) -> Reading:
        """The reading with these topics left out (where one is left): "oh iya satu lagi, ... cacar api ..., katanya
        dr virus cacar jg" moves on to shingles, whatever it says of the chickenpox asked about before."""
        keep = [i for i, t in enumerate(self.topics) if t not in names]
        if not keep or len(keep) == len(self.topics):
            return self
        aligned = len(self.said) == len(self.where) == len(self.topics)
        return replace(
            self, topics=tuple(self.topics[i] for i in keep), said=tuple(self.said[i] for i in keep) if aligned
            else self.said, where=tuple(self.where[i] for i in keep) if aligned else self.where)

    @property
    def typed(self) -> bool:
        """Whether a question word says what is asked ("apa itu ...?" says: what it is), not just none found: the
        learned model must then be very sure to read another type (bot/answering/aspects.py `choose`)."""
        return self.qtype != "information" or self.asked_at >= 0

    @property
    def topic(self) -> str | None:
        """What the message asks about: the last condition it names, not a symptom or a treatment met
        on the way ("anak saya panas 3 hari ... gejala demam berdarah apa?" asks about dengue, not fever;
        "harus cuci darah ... gagal ginjal bisa sembuh?" about kidney failure, not dialysis)."""
        drugs = [t for t in self.topics if t in _DRUG_NAMES]
        if drugs and self.qtype in ("side effects", "dose"):  # "efek samping obatnya": the medicine's
            return drugs[-1]
        # a condition; else, where it asks whether a medicine may be taken, the medicine before a test ("habis tes
        # hamil positif, boleh minum paracetamol?"; not "tes hamil masih akurat habis minum paracetamol?")
        if drugs and self.may_take and self.qtype == "precautions":
            # "lg sakit gigi, boleh gk minum paracetamol pas masih nyusuin": whether the medicine is safe
            return drugs[-1]
        named = [t for t in self.topics if t not in SYMPTOM_NAMES and t not in TREATMENT_NAMES] or [
            t for t in drugs if self.may_take] or list(self.topics)
        # "kena wasir, tiap bab keluar darah ... iso dadi kanker ga?": the hemorrhoids, whose complications are asked
        named = [t for t in named if t not in self.becomes] or named
        told = [t for t in named if t in self.diagnosed]
        if len(named) > 1 and told and (self.asked_at < 0 or self.qtype == "information" and self.what_disease):
            # "kata dokter kena flu singapur. ada bintik2 ... sariawan di mulut": the doctor's word, not a finding (and
            # "... itu sbnrnya penyakit apa sih" asks what the doctor's word is; "kalau gerd itu apa?" asks another)
            return told[-1]
        if len(named) > 1 and self.compares:  # "kurang darah itu beda sama darah rendah?": the first one
            return named[0]
        if len(named) > 1 and self.asked_at >= 0 and len(self.where) == len(self.topics):
            # the condition the question is about: named before the question word, close to it ("tulang
            # keropos bisa dicegah? umur 45 mau menopause" asks about osteoporosis), else the first after it
            at = dict(zip(self.topics, self.where, strict=True))
            before = sorted((t for t in named if at[t] <= self.asked_at + 1), key=at.__getitem__)
            after = [t for t in named if at[t] > self.asked_at + 1]
            if before and self.asked_at - at[before[-1]] <= 6:
                return before[-1]
            if after:
                return after[0]
        return named[-1] if named else None

    @property
    def said_topic(self) -> str:
        """How the message named `topic` ("asam urat (gout)")."""
        if self.topic is None:
            return ""
        word = self.said[self.topics.index(self.topic)] if len(self.said) == len(self.topics) else self.topic
        return word if word == self.topic else f"{word} ({self.topic})"

    def english(self, topic: str | None = None) -> str:
        """The English question to retrieve with: the asked type about `topic` (or the first found). A
        condition's "is it safe" question ("obat maag yang aman untuk ibu menyusui") asks which of its
        treatments are safe."""
        t = topic or self.topic or "it"
        if self.qtype == "precautions" and t not in _DRUG_NAMES:
            return TEMPLATES["treatment"].format(t=t)
        return TEMPLATES.get(self.qtype, TEMPLATES["information"]).format(t=t)


# breathing that stops, said beside snoring and sleep ("kalo tidur ngorok ... kadang berhenti napas"): sleep apnea
_STOPS_BREATHING = re.compile(r"\b(?:berhenti|henti|stop|putus) (?:napas|nafas|nafasnya|napasnya|bernapas|"
                              r"bernafas)\b|\b(?:napas|nafas)(?:nya)? (?:berhenti|putus|stop|tertahan)\b|"
                              r"\btersedak (?:pas|saat|waktu) tidur\b")
# the words of a blood pressure reading and how the reply's lead names it ("tekanan darah 170/100")
_PRESSURE_WORDS = {"tensi": "tensi", "tensinya": "tensi", "tekanan": "tekanan darah", "bp": "BP"}
_PRESSURES = ("high blood pressure", "low blood pressure")
# hot weather or a hot room ("panas bgt hari ini", "cuaca panas", "AC nya mati"), and what makes "panas" a body's
_HOT_DAY = re.compile(r"\b(?:hari ini|cuaca|udara|matahari|terik|kipas|kipas angin|ac|oven|gerah|siang ini|kantor\w*|"
                      r"kamar\w*|rumah(?!\s*sakit)\w*)\b")
_SOMEONE_HOT = re.compile(r"\b(?:anak\w*|bayi\w*|badan\w*|demam|suhu\w*|derajat|termometer|meriang|menggigil|"
                          r"sejak|dari kemarin|semalam|hari\b(?! ini)|malam|kepala\w*|dahi\w*|rumah sakit|dokter|"
                          r"suami\w*|istri\w*|adik\w*|adek\w*|ibu\w*|mama\w*|mamak\w*|papa\w*|bapak\w*|ayah\w*|"
                          r"nenek\w*|kakek\w*|kakak\w*|ponakan\w*|keponakan\w*|cucu\w*|\d+|"
                          r"(?:saya|aku|gw|gue|gua|awak|ulun|dia|ia|beliau) (?:\w+ )?panas)\b")
# who says or has no symptom before "tidak" ("dia bilang tara pusing", "sy tidak pusing", "tapi tidak demam"): a
# negation; after anything else ("boleh minum paracetamol ga, demam 39", "bahaya gak, dbd kah?") a question's "ga"
_SAYS_NOT = frozenset({"bilang", "katanya", "kata", "dia", "saya", "aku", "ia", "beliau", "tapi", "tetapi", "dan",
                       "sudah", "udah", "masih", "anak", "anaknya", "mama", "ibu", "bapak", "ayah", "suami", "istri",
                       "adik", "kakak", "nenek", "kakek", "bayi", "bayinya"})


def _negates(ws: list[str], at: int) -> bool:
    """Whether the "tidak" at word `at` negates what follows, not a question's "ga?" ("bahaya gak, dbd kah?")."""
    return at > 0 and ws[at - 1] in _SAYS_NOT


def unsuffixed(word: str) -> str:
    """The word without "-nya", "-ku", "-mu", "-lah" or "-kah" ("ibunya" -> "ibu")."""
    return _SUFFIX.sub("", word)


def read(text: str) -> Reading:
    """The English names and the question type of an Indonesian message."""
    norm = normalise(text)
    ws = norm.split()
    found: list[tuple[int, str, str]] = []
    taken: set[int] = set()
    for n in range(min(_MAX_WORDS, len(ws)), 0, -1):
        for i in range(len(ws) - n + 1):
            if taken & set(range(i, i + n)):
                continue
            phrase = " ".join(ws[i:i + n])
            # "asam uratnya", "darah tingginya": "-nya" (or "-ku", "-mu") on the name's last word
            name = _NAMES.get(phrase) or _NAMES.get(unsuffixed(phrase))
            if name and not (n == 1 and len(phrase) <= 2 and phrase != "db"):
                found.append((i, name, phrase))
                taken |= set(range(i, i + n))
    if not any(name == "jaundice" or name == "newborn jaundice" for _, name, _ in found) and _YELLOW_BABY.search(norm):
        found.append((ws.index("kuning"), "newborn jaundice", "bayi kuning"))  # "bayiku 5 hari kok kuning"
    if any((name == "iron deficiency anemia" or name == "iron" and phrase != "zat besi")
           and not (i and ws[i - 1] in ("bukan", "tidak", "tanpa")) for i, name, phrase in found):
        # anemia said with too little iron or iron tablets ("bidan bilang anemia kurang zat besi", "hb 9,8 ... tablet
        # tambah darah"): iron deficiency anemia (not "bukan kurang zat besi tapi thalasemia", "zat besi normal"; the
        # tablets stay what they are: "abis minum tablet tambah darah jadi mual")
        found = [(i, "iron deficiency anemia" if name == "anemia" else name, phrase) for i, name, phrase in found]
    if _STOPS_BREATHING.search(norm) and re.search(r"\b(?:tidur|tidor|turu|malam|malem)\b", norm):
        # snoring with pauses in breathing asleep ("kalo tidur ngorok ... kadang berhenti napas")
        found = [(i, "sleep apnea" if name == "snoring" else name, phrase) for i, name, phrase in found]
    if _HOT_DAY.search(norm) and not _SOMEONE_HOT.search(norm):
        # "panas bgt hari ini, semarang kayak oven", "kantorku AC nya mati, panas pol": the weather, not a fever
        found = [f for f in found if f[2] != "panas"]
    pressure = reading(text)
    if pressure in _PRESSURES and not any(name in _PRESSURES for _, name, _ in found):
        # "tensi mama sy 170/100 tapi dia bilang tara pusing": the reading's condition (followup.reading, as English's
        # "148 over 95, is that high?"), named where its word is
        at = next((i for i, w in enumerate(ws) if w in _PRESSURE_WORDS), -1)
        found.append((max(at, 0), pressure, _PRESSURE_WORDS[ws[at]] if at >= 0 else "tensi"))
    if len({name for _, name, _ in found}) > 1:
        # "dokter bilang bell's palsy bukan stroke", "dia bilang tara (tidak) pusing": not the one ruled out (after
        # "tidak" or "tanpa" a symptom only, never after a question's "ga": "demam 3 hari bahaya gak, dbd kah?", nor
        # one said again without it: "dulu tidak darah tinggi, sekarang darah tinggi")
        ruled_out = {name for i, name, _ in found if i > 0 and (ws[i - 1] == "bukan" or ws[i - 1] in ("tidak", "tanpa")
                                                                and name in SYMPTOM_NAMES and _negates(ws, i - 1))}
        ruled_out -= {name for i, name, _ in found if i == 0 or ws[i - 1] not in ("bukan", "tidak", "tanpa")}
        found = [f for f in found if f[1] not in ruled_out] or found
    first: dict[str, tuple[str, int]] = {}
    for i, name, phrase in sorted(found):  # the first words that named it, the last place it was named
        first[name] = (first[name][0] if name in first else phrase, i)
    topics, said = tuple(first), tuple(p for p, _ in first.values())
    qtype, asked_at = "information", -1
    for q, rx in ASPECTS:
        for m in rx.finditer(norm):
            at = len(norm[:m.start()].split())
            if q == _SOUNDS_LIKE and not any(at <= i < at + len(m.group(0).split()) for i, _, _ in found):
                continue  # "cacar api sama cacar air itu beda ya?" names nothing between "itu" and "ya"
            qtype, asked_at = q.rstrip("?"), at
            break
        if asked_at >= 0:
            break
    if any(name in _DRUG_NAMES for _, name, _ in found) and (
            qtype in ("information", "causes", "symptoms", "complications") and _AFTER_TAKING.search(norm) or
            qtype in ("information", "causes", "treatment") and _BY_MEDICINE.search(norm)):
        # "tiap abis minum sangobion perut mual", "minum amlodipine ... kaki bengkak, krn obatnya kah": the medicine's
        qtype = "side effects"
    low = text.lower()
    back = any(_ASKED.match(w) or not w.endswith("nya") for w in _ANAPHOR.findall(low) if w not in _NOT_ANAPHOR)
    # named just after a cue ("kata dokter kena X") or just before one ("kena X kata bidan")
    cues = [(len(norm[:m.start()].split()), len(norm[:m.end()].split())) for m in _DIAGNOSED.finditer(norm)]
    said_after = [[name for i, name, _ in found if 0 <= i - after <= 3] for _, after in cues]
    diagnosed = tuple(dict.fromkeys(name for (start, _), after in zip(cues, said_after, strict=True) for name in (
        after or [name for i, name, phrase in found if 0 <= start - (i + len(phrase.split())) <= 1])))
    # named just after "bisa jadi" / "iso dadi" with another condition named before it: what that one may become
    # (a bare "bisa jadi" after "tapi" is "but could it be": "kata dokter maag, tapi bisa jadi tipes?"; not "tapi bisa
    # berubah jadi kanker?")
    after_cue = {len(norm[:m.end()].split()) for m in LEADS_TO.finditer(norm) if m.group("become") and (
        m.group("become") not in ("jadi", "jd") or norm[:m.start("become")].endswith(("berubah ", "berkembang "))
        or not _COULD_BE.search(norm[:m.start()]))}
    becomes = tuple(dict.fromkeys(name for i, name, _ in found if any(0 <= i - a <= 1 for a in after_cue) and any(
        j < i - 1 and other != name and other not in SYMPTOM_NAMES and other not in TREATMENT_NAMES
        for j, other, _ in found)))  # not "demam 5 hari bisa jadi tipes?" (could it be typhoid)
    if becomes and qtype == "information":
        qtype = "complications"
    return Reading(topics, qtype, back, said, bool(_COMPLAINT.search(low)), tuple(i for _, i in first.values()),
                   asked_at, bool(_COMPARE.search(norm)), bool(_MAY_TAKE.search(norm)), diagnosed, becomes,
                   bool(re.search(r"\bpenyakit (?:apa|apo|ap)\b", norm)))
