"""The warning-sign tables the emergency rules (bot/safety/triage.py) look for: one `SignGroup` per named
group of signs, each with its source, its reply kind (emergency, poisoning, self-harm) and its
phrases in English and Indonesian, written to read like the published lists they come from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["emergency", "poisoning", "self_harm", "violence", "labour", "swallowed"]

MEDLINEPLUS = "MedlinePlus: Recognizing medical emergencies (medlineplus.gov/ency/article/001927.htm)"


@dataclass(frozen=True)
class SignGroup:
    name: str
    source: str
    kind: Kind
    en: tuple[str, ...]
    id: tuple[str, ...]
    # A long-standing pattern ("I get chest pain when I run", "for years") makes it a question for
    # a doctor, not an emergency; for self-harm, poisoning or bleeding it never does.
    chronic_demotes: bool = True
    # Only a past ("used to", "years ago", "as a child") makes it no longer happening: abuse that happens "every
    # time he drinks" is going on now.
    past_demotes: bool = False


# Shorthands used inside the patterns (kept small so each phrase still reads as text).
_BREATH = r"(?:breath|breathe|breathing)"
_NAPAS = r"(?:napas|nafas|bernapas|bernafas)"
_DRUG = (r"(?:ibuprofen|paracetamol|tylenol|acetaminophen|panadol|advil|motrin|aspirin|aleve|naproxen|benadryl|"
         r"diphenhydramine|xanax|valium|ativan|klonopin|oxy\w*|percocet|vicodin|codeine|tramadol|fentanyl|"
         r"morphine|melatonin|lithium|insulin|iron|vitamins?|gummies|antidepressants|sleeping pills|sertraline|"
         r"zoloft|prozac|seroquel|ambien)")
_KID = r"(?:baby|babies|infant|newborn|toddler|child|kid|son|daughter|boy|girl)"
# How young in Indonesian: a baby's age ("bayi 5 hari", "bayi ku 3 minggu", "debay 1,5 bulan", "si kecil 2bln"),
# a child's in weeks or months ("anak saya 2 bulan"), any age after "umur", "usia" or "lahir" ("anak umur 10 hari");
# not "anak saya 3 hari demam", which says how long the fever has lasted.
_FILL_ID = (r"(?:[ ,(:]+(?:ku|nya|saya|sy|aku|gw|gue|kami|pertama|kedua|ketiga|kembar|laki laki|laki2|perempuan|"
            r"cewek|cowok|yg|yang|baru|br|masih|sekarang|skrg|umur\w*|usia\w*|berumur|berusia|lahir|sekitar|kira kira|"
            r"kira2|kurang lebih))*[ ,(:]+")
_NUM_ID = r"(?:[0-9]|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|dua belas)"
_DAYS_ID = (r"(?:[1-8]?[0-9]|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|(?:dua|tiga|empat) puluh) ?"
            r"(?:hari|hr)\b")
_WEEKS_ID = rf"(?:1[0-2]|{_NUM_ID}) ?(?:minggu|mgg|mggu)(?:an)?\b"
_MONTHS_ID = r"(?:[0-2](?:[.,][0-9])?|3|satu|dua|tiga|setengah) ?(?:bulan|bln)(?:an)?\b"
# "seminggu", "sebulan": a baby's age, but "anak saya seminggu demam" says how long
_BABY_ONLY_ID = r"(?:se ?(?:minggu|mgg|bulan|bln)|setengah bulan)\b"


def _baby_age_id(months: str) -> str:
    """A baby's age in Indonesian, its months written as `months` allows."""
    any_age = rf"(?:{_DAYS_ID}|{_WEEKS_ID}|{months})"
    return (rf"(?:(?:bayi|dedek|dede|debay|baby|bby|newborn|orok|si ?kecil)\w*{_FILL_ID}(?:{any_age}|{_BABY_ONLY_ID})|"
            rf"(?:anak|adek|adik|cucu|putri|putra)\w*{_FILL_ID}(?:{_WEEKS_ID}|{months})|"
            rf"(?:umur|usia|berumur|berusia|lahir)\w*{_FILL_ID}{any_age})")


_BABY_AGE_ID = _baby_age_id(_MONTHS_ID)
# A fever in a young baby: the "infant" group's signs (an emergency when the detector agrees, else the caution line).
INFANT_FEVER_EN = (
    r"(?:\b[0-9]\b|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ?(?:-| )?(?:day|days|week|"
    r"weeks|wk|wks)[- ]old\b.{0,60}\b(?:fever|temp|temperature|hot|38|100\.4|101|102)\b"
    r"(?! ?(?:weeks?|wks?|grams?|g\b))",
    r"(?:\b[0-2]\b|one|two|newborn)[- ]?(?:month|months|mo)[- ]old\b.{0,60}\b(?:fever|temp|temperature|38|"
    r"100\.4|101|102)\b(?! ?(?:weeks?|wks?|grams?|g\b))", r"newborn\b.{0,40}\b(?:fever|temperature|temp|hot)\b",
    r"(?:fever|temperature|temp)\b.{0,40}\b(?:newborn|\b[0-2]\b[- ]?(?:month|mo)|"
    r"(?:\d|one|two|three) ?(?:-| )?(?:day|week)s?[- ]old)")
INFANT_FEVER_ID = (
    # a baby's age, not how long the fever has lasted ("demam naik turun sudah 5 hari"): `_BABY_AGE_ID`
    rf"{_BABY_AGE_ID}.{{0,40}}\b(?:demam|panas|suhu|meriang|sumeng)",
    r"baru lahir\b.{0,40}\b(?:demam|panas|suhu)",
    r"(?:demam|panas|suhu)\b.{0,40}\b(?:bayi|newborn)(?:.{0,20}\b(?:[0-9]|satu|dua) (?:hari|minggu|bulan))")
# ... and the narrower reading that is decisive on its own (`DECISIVE`, triage.py `decisive`): a baby under three
# months (MedlinePlus: call at once; AAP: the emergency department) and a fever word or a reading of 38 C / 100.4 F or
# more; not "temperament", "3800 grams", "born at 38 weeks", "suhu ruangan", "bayi 3 bulan" nor "bayi 9 bulan".
_NUMBER_EN = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_YOUNG_EN = (rf"(?:(?:(?:\b[1-8]?[0-9]|{_NUMBER_EN}) ?(?:-| )?(?:day|days)|(?:\b[0-9]|\b1[0-2]|{_NUMBER_EN}) ?(?:-| )?"
             r"(?:week|weeks|wk|wks)|(?<!year )(?<!years )(?<!yr )(?:\b[0-2]|one|two)[- ]?(?:month|months|mo))"
             r"[- ]old\b|(?<!year )(?<!years )\b[0-2] ?mos?\b|\bnewborn\b)")
# a fever word, or a reading of 38 C / 100.4 F or more ("a temp of 37.2" is none)
_FEVER_EN = (r"(?:fever\w*|febrile|(?:a|high|raised) temp(?:erature)?\b"
             r"(?! (?:of|is|was|at) (?:3[0-7]|9[0-9]|100[.,][0-3]))|"
             r"temp(?:erature)? (?:of|is|was|at|reads|reading|went up to|spiked to|hit) "
             r"(?:about |around |over |almost )?(?:3[89]|4[01]|10[0-5])|"
             r"\b(?:3[89]|4[01])(?:[.,][0-9])? ?(?:°|c\b|degrees?)|\b(?:3[89]|4[01])[.,][0-9]\b|\b100[.,][4-9]|"
             r"\b10[1-5](?:[.,][0-9])? ?(?:°|f\b|degrees?|on the thermometer))")
_YOUNG_ID = _baby_age_id(r"(?:[0-2](?:[.,][0-9])?|satu|dua|setengah) ?(?:bulan|bln)(?:an)?\b")
_FEVER_ID = (r"(?:demam|meriang|sumeng|panas(?! (?:cuaca|ruangan|kamar|udara))|"
             r"\b(?:3[89]|4[01])[.,][0-9]\b|\b(?:3[89]|4[01]) ?(?:derajat|°|c\b)|"
             r"(?:suhu|hangat|anget|termometer|thermometer)\w*(?: \w+){0,2} (?:3[89]|4[01])(?:[.,][0-9])?)")
DECISIVE_EN = (rf"{_YOUNG_EN}.{{0,60}}\b{_FEVER_EN}", rf"{_FEVER_EN}[^.!?\n]{{0,40}}\b{_YOUNG_EN}")
DECISIVE_ID = (rf"{_YOUNG_ID}.{{0,40}}\b{_FEVER_ID}", rf"baru lahir\b.{{0,40}}\b{_FEVER_ID}",
               # the fever first: in the same sentence ("badan meriang dr semalem. bayi baru 3 mgg" is the mother's)
               rf"{_FEVER_ID}[^.!?\n]{{0,40}}\b{_YOUNG_ID}")
# where the fever is said in a decisive sign: a negation just before it ("bayi 1 bulan ga demam") unsays it
FEVER_WORD = re.compile(rf"{_FEVER_EN}|{_FEVER_ID}")
_TAKE = r"(?:took|taken|taking|swallowed|ate|eaten|drank|drunk|had|popped|downed|overdosed on)"
_MUCH = (r"(?:a (?:whole|full|entire) (?:pack|packet|bottle|box|strip|sheet|blister|jar|tube)|"
         r"(?:a|an|the|his|her|my) (?:half |whole |full |entire )?(?:pack|packet|bottle|box|strip|sheet|blister) of "
         r"(?:\w+ )?(?:pills|tablets|meds|medicine|" + _DRUG + ")|"
         r"(?:all|most) (?:of )?(?:my|his|her|their|the|mom'?s|dad'?s) (?:pills|tablets|meds|medicines?|medication|"
         r"sleeping pills|antidepressants|insulin)|too many|too much|(?:\d{2,}|ten|twenty|thirty|forty|fifty|"
         r"a handful of|"
         r"a bunch of|loads of|lots of) (?:\w+ )?(?:pills|tablets|tabs|caps|capsules|of (?:my|his|her|the)|"
         r"" + _DRUG + ")|"
         r"(?:a )?(?:double|triple|extra) dose)")
_CHEM = (r"(?:bleach|poison|antifreeze|anti-freeze|detergent|laundry (?:pod|pods|detergent)|"
         r"tide pods?|dish ?washer "
         r"(?:pod|tablet|detergent)|drain cleaner|oven cleaner|toilet cleaner|cleaning (?:product|fluid|liquid|spray)|"
         r"cleaner|disinfectant|pesticide|insecticide|weed ?killer|herbicide|rat poison|roach poison|mouse poison|"
         r"gasoline|petrol|kerosene|paraffin|lamp oil|lighter fluid|paint thinner|turpentine|acetone|nail polish "
         r"remover|methanol|windshield (?:washer )?fluid|lye|ammonia|hand sanitizer|essential oils?|mouthwash|"
         r"button batter(?:y|ies)|(?:a |some |small )?batter(?:y|ies)|coin batter(?:y|ies)|magnets?|mushrooms?|berries|"
         r"e-?liquid|vape (?:juice|liquid)|nicotine|cigarettes?|iron (?:pills|tablets)|(?:his|her|my|grandma'?s|"
         r"grandpa'?s|the) (?:pills|tablets|meds|medicine))")
_RACUN = (r"(?:racun|pemutih|bayclin|baygon|obat (?:nyamuk|serangga|tikus|hama)|racun tikus|pestisida|insektisida|"
          r"minyak tanah|bensin|tiner|thinner|cairan pembersih|pembersih lantai|karbol|wipol|sabun cuci|deterjen|"
          r"soda api|spiritus|alkohol 70|baterai|batre|batu baterai|magnet|jamur liar|cairan vape)")

# "suicide" and "self-harm" also name topics ("risk factors for suicide"): these need the writer in them.
_AMBIGUOUS_SELF_HARM_EN = r"suicid\w*|self[- ]?harm\w*"
_AMBIGUOUS_SELF_HARM_ID = r"bunuh diri"
_AMBIGUOUS = re.compile(r"suicid|self|bunuh diri")

GROUPS: tuple[SignGroup, ...] = (
    SignGroup(
        "breathing", MEDLINEPLUS + ": breathing problems", "emergency",
        en=(r"(?:can'?t|cannot|can not|cant|unable to|couldn'?t|could not|struggling to|fighting to|trying to) "
            r"(?:breathe|breath|catch (?:my|his|her|their|a) breath|get (?:air|a breath|enough air))",
            rf"(?:not|isn'?t|is not|isnt|aren'?t|stopped|stop|no longer|wasn'?t|barely|hardly) {_BREATH}",
            rf"(?:trouble|difficulty|difficult|hard|hard time|struggling|problems?) {_BREATH}",
            rf"{_BREATH} (?:is )?(?:very |really |so )?(?:hard|difficult|fast and shallow|laboured|labored|weird|"
            r"strange)",
            r"gasping(?: for (?:air|breath))?", r"short(?:ness)? of breath", r"out of breath and",
            r"(?:lips|face|skin|he|she|baby|it) (?:is |are |has |have |went |gone |going |turned |turning )?"
            r"(?:turning |going |gone |turned )?(?:blue|grey|gray|purple)",
            r"suffocat\w*", r"wheezing (?:badly|a lot|and can'?t)", r"(?:asthma|inhaler) (?:attack )?(?:isn'?t|not) "
            r"(?:working|helping)", r"(?:bad|severe|major) asthma attack", r"no air"),
        id=(rf"sesak {_NAPAS}", r"sesak(?: banget| sekali| parah)?", rf"(?:tidak|tak|gak|nggak|ngga|ga|enggak|"
            rf"susah|sulit|sukar|berhenti) (?:bisa )?{_NAPAS}",
            rf"{_NAPAS} (?:berhenti|tersengal|terengah|pendek|cepat sekali)",
            r"(?:napas|nafas)nya (?:berhenti|hilang|tersengal|pendek|tidak ada)", r"megap[- ]megap",
            r"(?:bibir|wajah|kulit|badan)(?:nya)? (?:jadi |menjadi |sudah |mulai )?(?:membiru|biru|kebiruan)",
            r"membiru", r"kehabisan napas", r"serangan asma (?:berat|parah)", r"asma(?:nya)? kambuh parah")),
    SignGroup(
        "choking", MEDLINEPLUS + ": choking", "emergency",
        en=(r"chok(?:e|es|ed|ing)(?! hazard)",
        r"something (?:stuck|lodged) in (?:my|his|her|their|the) (?:\w+ )?(?:throat|"
            r"windpipe|airway)", r"(?:stuck|lodged) in (?:my|his|her|their) (?:throat|windpipe)"),
        id=(r"tersedak", r"keselek", r"tersangkut di tenggorokan", r"nyangkut di tenggorokan")),
    SignGroup(
        "chest", MEDLINEPLUS + ": chest pain; upper abdominal pain or pressure", "emergency",
        en=(r"(?:chest|heart) (?:pain|pains|pressure|tightness|is tight|feels tight|hurts|hurting|is hurting|ache|"
            r"squeezing|feels heavy|discomfort)", r"pain (?:in|across) (?:my|his|her|the) chest",
            r"(?:crushing|squeezing|stabbing|tight|heavy) (?:feeling )?(?:in )?(?:(?:my|his|her|the) )?chest",
            r"heart attack", r"chest feels (?:like|as if)",
            r"(?:elephant|weight|someone) (?:is )?(?:sitting|standing|pressing) on (?:my|his|her) chest",
            r"(?:pain|pressure) (?:in|into|down) (?:my|his|her) (?:left )?(?:arm|jaw) and",
            r"upper (?:abdominal|stomach|belly) (?:pain|pressure)",
            r"pain in (?:my|his|her|the) upper (?:stomach|abdomen|belly)", r"heart (?:is )?(?:racing|pounding) and "
            r"(?:dizzy|faint|chest)"),
        id=(r"(?:nyeri|sakit|nyut|perih) (?:di )?dada", r"dada(?:ku| saya| nya|nya)? (?:terasa )?(?:sakit|nyeri|sesak|"
            r"berat|tertekan|terhimpit|seperti ditekan|seperti ditindih|panas)", r"serangan jantung",
            r"jantung(?:ku| saya)? (?:sakit|nyeri)", r"angin duduk")),
    SignGroup(
        "bleeding", MEDLINEPLUS + ": bleeding that will not stop; deep or large wound", "emergency",
        en=(r"(?:bleed\w*|nose ?bleed) (?:that |which )?(?:won'?t|wont|will not|doesn'?t|does not|isn'?t going to|"
        r"can'?t be|not) "
            r"(?:stop|stopping|slow)", r"(?:won'?t|wont|will not|doesn'?t|does not|can'?t) stop (?:the )?bleed\w*",
            r"(?:heavy|heavily|severe|severely|uncontrolled|uncontrollable|massive|profuse|profusely|a lot of|lots of)"
            r" (?:bleeding|blood)", r"bleeding (?:heavily|a lot|so much|everywhere|badly|like crazy|profusely)",
            r"blood (?:is )?(?:pouring|gushing|spurting|squirting|pumping|everywhere|soaking|won'?t stop)",
            r"(?:pouring|gushing|spurting) (?:out )?blood", r"lost a lot of blood", r"soaked (?:through )?"
            r"(?:a |the |several |\d+ )?(?:towels?|pads?|bandages?|clothes)", r"deep (?:cut|wound|gash|laceration)",
            r"cut (?:an? )?(?:artery|vein)", r"(?:slit|slashed) (?:my|his|her) (?:wrist|throat)",
            r"(?:bone|bones) (?:is |are )?(?:sticking|poking) out"),
        id=(r"(?:pendarahan|perdarahan|berdarah) (?:hebat|banyak|deras|parah|terus|tidak berhenti|gak berhenti|"
            r"tak berhenti)", r"darah(?:nya)? (?:tidak|gak|nggak|ga|tak) (?:mau )?berhenti",
            r"darah(?:nya)? (?:mengucur|muncrat|keluar terus|keluar banyak|banyak sekali)",
            r"luka (?:dalam|robek besar)",
            r"tulang(?:nya)? (?:keluar|mencuat)"),
        chronic_demotes=False),
    SignGroup(
        "blood_out", MEDLINEPLUS + ": coughing up or vomiting blood", "emergency",
        en=(r"(?:vomit\w*|throw\w* up|threw up|puk\w*|cough\w* up|coughing|spitting up|spit up|spitting) "
            r"(?:up )?(?:some |a lot of |lots of |bright red |dark |fresh )?blood", r"blood in (?:my|his|her|the) "
            r"(?:vomit|sick|puke)", r"(?:vomit|puke|sick) (?:is |looks )?(?:full of blood|bloody|like coffee grounds)",
            r"black,? tarry (?:stool|poo|poop)s?"),
        id=(r"muntah (?:darah|berdarah)", r"batuk (?:darah|berdarah)", r"muntahnya (?:darah|berdarah)",
            r"(?:bab|berak|tinja|feses) (?:hitam|berdarah banyak)"),
        chronic_demotes=False),
    SignGroup(
        "consciousness", MEDLINEPLUS + ": fainting, loss of consciousness; difficulty waking", "emergency",
        en=(r"(?:passed|blacked|blacking|passing) out",
        r"(?:going to|gonna|about to|might|like (?:i|he|she)'?(?:m|s| am| is)? going to) (?:pass out|faint)",
        r"faint(?:ed|s|ing)\b", r"(?:feel|feels|feeling) (?:very )?faint\b",
            r"(?:is|was|went|become|became|has been|still|now) (?:unconscious|unresponsive|not responding|"
            r"not conscious)", r"(?:unconscious|unresponsive)", r"(?:won'?t|wont|will not|can'?t|cannot|not) "
            r"(?:wake|waking|get) (?:up|him|her|them|(?:my|our|his|her) \w+(?: up)?)\b",
            r"(?:hard|difficult|impossible) to wake", r"collaps(?:e|ed|es|ing)",
            r"(?:isn'?t|is not|not|stopped) (?:responding|reacting)\b",
            r"(?:won'?t|wont|doesn'?t|does not|will not|can'?t) (?:respond|react)\b", r"knocked (?:out|unconscious)",
            r"(?:keeps|kept) losing consciousness",
            r"lost consciousness", r"fell (?:down )?and (?:isn'?t|is not|won'?t|can'?t) (?:moving|getting up|waking)"),
        id=(r"pingsan", r"(?:tidak|tak|gak|nggak|belum) sadar(?:kan diri)?", r"tak sadarkan diri", r"hilang kesadaran",
            r"(?:tidak|tak|gak|nggak|susah|sulit) (?:bisa )?(?:dibangunkan|bangun)",
            r"(?:tidak|tak|gak|nggak) merespon\w*",
            r"(?:tiba[- ]tiba )?(?:ambruk|roboh|terkapar|kolaps)",
            r"(?:lemas|lemes) (?:dan )?(?:tidak|tak|gak) (?:sadar|"
            r"bergerak)")),
    SignGroup(
        "stroke", "CDC / American Stroke Association: BE FAST (balance, eyes, face, arm, speech, time)", "emergency",
        en=(r"face (?:is )?(?:drooping|droops|droopy|drooped|sagging|uneven|lopsided)", r"(?:drooping|droopy) "
            r"(?:face|mouth|smile|eyelid and)", r"(?:one|1) side of (?:my|his|her|the|their) (?:face|body|mouth)",
            r"(?:can'?t|cannot|unable to) (?:lift|raise|move|feel|use) (?:my|his|her|their|one) (?:(?:left|"
            r"right) )?(?:arm|leg|side|hand)",
            r"(?:arm|leg|side|face|hand) (?:is |went |feels )?(?:suddenly )?(?:weak|numb|dead|limp) on one side",
            r"(?:sudden|suddenly) (?:numb|weak|paralys)\w*", r"one side (?:is |feels |of \w+ body is )?(?:weak|numb|"
            r"paralys\w*|limp|drooping)", r"(?:left|right) side (?:is |went |feels |of (?:my|his|her) body (?:is )?)?"
            r"(?:weak|numb|paralys\w*|limp|dead)", r"slurr(?:ed|ing|s) (?:his |her |my |their )?(?:speech|words)",
            r"speech (?:is |sounds )?slurred", r"(?:can'?t|cannot|unable to) (?:speak|talk|get (?:the |my |his |her )?"
            r"words out)(?! english)", r"having a stroke", r"(?:think|thinks|might be|could be|signs? of a) "
            r"(?:he'?s |she'?s |i'?m |i am |is )?(?:having )?(?:a )?stroke", r"mini[- ]stroke", r"\btia\b"),
        id=(r"(?:wajah|muka|mulut|bibir)(?:nya)? (?:mencong|miring|perot|turun sebelah|tidak simetris|merot)",
            r"(?:bicara|bicaranya|ngomong|ngomongnya|omongannya|bicara jadi) (?:pelo|cadel|tidak jelas|gak jelas|"
            r"ngawur|kacau)", r"pelo",
            r"(?:lemah|lemas|lumpuh|kebas|mati rasa|kesemutan) (?:separuh|sebelah|satu sisi)",
            r"(?:separuh|sebelah) (?:badan|tubuh|wajah)(?:nya)? (?:lemah|lumpuh|mati rasa|kebas|tidak bisa digerakkan)",
            r"(?:tangan|kaki|lengan)(?:nya)? (?:kiri|kanan)? ?(?:tiba[- ]tiba )?(?:lemah|lumpuh|tidak bisa digerakkan|"
            r"tidak bisa diangkat)", r"(?:kena|terkena|mengalami|serangan) stroke", r"gejala stroke sekarang")),
    SignGroup(
        "seizure", "MedlinePlus: Seizures, first aid (medlineplus.gov/ency/article/000021.htm)",
        "emergency",
        en=(r"(?:having|had|is having|has had|in the middle of) (?:a )?(?:seizure|fit|convulsion)s?",
            r"(?:seizing|convulsing|fitting)",
            r"(?:seizure|fit) (?:that |which )?(?:for|lasting|lasted|won'?t stop|won'?t end|is not stopping)",
            r"(?:shaking|jerking|twitching) (?:all over|uncontrollably|and (?:not|isn'?t|unconscious|can'?t))",
            r"febrile (?:seizure|convulsion)", r"(?:first|another) seizure"),
        id=(r"kejang", r"step(?:nya)? kambuh", r"ayan(?:nya)? kambuh", r"epilepsi(?:nya)? kambuh")),
    SignGroup(
        "mental_status", MEDLINEPLUS + ": change in mental status, unusual behaviour, confusion", "emergency",
        en=(r"(?:suddenly|sudden|very|really|is|seems?|became|getting|acting) confused", r"confusion (?:came on|"
            r"suddenly|started)",
            r"(?:doesn'?t|does not|didn'?t) (?:know|recognize|recognise) (?:where (?:he|she|they) "
            r"(?:is|are)|who (?:i|we) (?:am|are)|me)", r"(?:not|isn'?t) making (?:any )?sense", r"(?:talking|speaking) "
            r"(?:gibberish|nonsense)", r"(?:very|really|extremely) (?:drowsy|sleepy) and (?:confused|won'?t)",
            r"hallucinating", r"(?:delirious|disoriented)"),
        id=(r"(?:tiba[- ]tiba )?(?:bingung|linglung|disorientasi) (?:mendadak|tiba[- ]tiba)", r"tiba[- ]tiba "
            r"(?:bingung|linglung)", r"(?:meracau|mengigau terus|berhalusinasi)", r"tidak (?:mengenali|kenal) (?:saya|"
            r"kami|orang)")),
    SignGroup(
        "head_spine", MEDLINEPLUS + ": head or spine injury; sudden injury (motor vehicle accident)", "emergency",
        en=(r"(?:hit|hitting|banged|bumped|smashed|struck|knocked|hurt|injured) (?:his |her |my |their |the )?"
            r"(?:head|skull) (?:and|on|against|now|badly|hard|really hard)", r"head injury",
            r"(?:landed|fell|falling) (?:on|onto) (?:his|her|my|their) head", r"(?:fell|fall|falling|"
            r"jumped) (?:off|from|down) (?:a |the |his |her )?(?:roof|ladder|stairs|balcony|bunk|building|tree|"
            r"horse|bike|window|bed onto)", r"(?:can'?t|cannot|unable to) (?:move|feel) (?:my|his|her|their) "
            r"(?:legs|neck|arms|feet|toes|body)", r"(?:broke|broken|hurt|injured) (?:my |his |her |their )?(?:neck|"
            r"back|spine) (?:and|in|after)", r"(?:car|motorcycle|motorbike|bike|bus|road|traffic) (?:accident|crash)",
            r"(?:hit|run over|knocked down) by a (?:car|truck|bus|motorbike|motorcycle)",
            r"(?:been|was|were|got|is|just|he's|she's) (?:stabbed|shot)\b(?! (?:up|of|with|in the arm))",
            r"gunshot|stab wound|knife wound",
            r"(?:severe|bad|serious) (?:burns?|burned|burnt|scald)", r"(?:burned|burnt|scalded) (?:badly|all over|"
            r"(?:his|her|my) (?:face|whole|chest))", r"electrocuted|electric shock", r"(?:nearly|almost) drown\w*|"
            r"drowning|pulled (?:him|her|them) (?:out of|from) the (?:water|pool)", r"smoke inhalation"),
        id=(r"(?:kepala(?:nya)?|kepalaku) (?:terbentur|kebentur|terbanting|terhantam|berdarah)",
            r"(?:cedera|benturan) kepala", r"(?:jatuh|terjatuh) dari (?:atap|tangga|motor|pohon|lantai|balkon)",
            r"(?:tidak|tak|gak) bisa (?:menggerakkan|gerakin|merasakan) (?:kaki|leher|tangan|badan)",
            r"kecelakaan", r"(?:tertabrak|ditabrak|terlindas)", r"(?:ditusuk|tertusuk pisau|tertembak|ditembak)",
            r"luka bakar (?:parah|luas|serius)", r"(?:tersengat|kesetrum|tersetrum) listrik", r"kesetrum",
            r"tenggelam")),
    SignGroup(
        "severe_pain", MEDLINEPLUS + ": sudden, severe pain anywhere in the body", "emergency",
        en=(r"worst headache", r"(?:sudden|suddenly|severe|excruciating|unbearable|agonizing|agonising|horrible|"
            r"extreme|crippling) (?:\w+ ){0,2}(?:pain|headache|head ache|stomach ache|"
            r"bellyache)", r"thunderclap headache", r"(?:pain|headache) (?:is )?(?:unbearable|excruciating|the worst|"
            r"out of this world)", r"(?:screaming|crying|doubled over) (?:in|with|from) pain",
            r"(?:testicle|testicular) (?:pain|twisted|swollen and)", r"(?:can'?t|cannot) (?:stand|walk|move) "
            r"(?:because of|from|with) (?:the )?pain"),
        id=(r"(?:nyeri|sakit)(?: \w+){0,2} (?:hebat|sekali|banget|parah|luar biasa|tak tertahankan|tidak tertahankan|"
            r"mendadak)", r"(?:tiba[- ]tiba|mendadak) (?:sakit|nyeri)", r"sakit kepala (?:terhebat|paling parah)",
            r"(?:menjerit|berteriak|nangis) kesakitan", r"kesakitan (?:hebat|parah|sekali|banget)")),
    SignGroup(
        "vomiting", MEDLINEPLUS + ": severe or persistent vomiting", "emergency",
        en=(r"(?:can'?t|cannot|unable to|not) keep(?:ing)? (?:any |the )?(?:anything|thing|water|fluids|food|"
        r"liquids|milk|formula) down",
            r"(?:vomiting|throwing up|puking|being sick) (?:non-?stop|nonstop|constantly|every (?:few )?(?:hour|"
            r"minutes?|\d+ minutes)|for (?:\d+|two|three|four|five|six|twelve|24|48) (?:hours|hrs|days)|all (?:day|"
            r"night)|and (?:can'?t|won'?t) stop|repeatedly|uncontrollably)", r"(?:won'?t|can'?t|wont) stop "
            r"(?:vomiting|throwing up|puking)", r"(?:severe|violent|projectile) (?:vomiting|throwing up)"),
        id=(r"muntah(?:[- ]muntah)? (?:terus(?:[- ]menerus)?|tidak berhenti|gak berhenti|tak berhenti|sepanjang|"
            r"setiap kali|lebih dari|sudah \d+ kali|berkali[- ]kali|hebat)", r"(?:tidak|tak|gak) bisa (?:makan|minum) "
            r"apa(?: ?pun| ?apa) (?:karena )?muntah", r"semua yang (?:dimakan|diminum) dimuntahkan")),
    SignGroup(
        "dizzy_vision", MEDLINEPLUS + ": sudden dizziness, weakness, or change in vision", "emergency",
        en=(r"(?:sudden|suddenly) (?:\w+ )?(?:dizz\w*|vertigo|weak\w*|(?:lost|losing|loss of) (?:my |his |her )?"
            r"(?:vision|sight|balance)|blind\w*|can'?t see|double vision|blurr\w*)",
            r"(?:can'?t|cannot) see (?:out of|anything|in) (?:one|my|his|her|either)", r"(?:went|gone|going) blind",
            r"(?:lost|losing|loss of) (?:the )?(?:vision|sight) in (?:one|my|his|her|both)",
            r"(?:curtain|shadow|veil) (?:\w+ ){0,2}(?:over|across|down) (?:over )?(?:my|his|her|one) (?:eye|vision)",
            r"(?:room|world) (?:is )?spinning and (?:i|he|she) (?:can'?t|cannot|keep)"),
        id=(r"(?:tiba[- ]tiba|mendadak) (?:pusing|lemas|lemah|buta|tidak bisa melihat|penglihatan|pandangan)",
            r"(?:penglihatan|pandangan)(?:nya|ku)? (?:tiba[- ]tiba )?(?:gelap|hilang|kabur mendadak|ganda mendadak)",
            r"(?:tidak|tak|gak) bisa melihat (?:tiba[- ]tiba|mendadak|sebelah)")),
    SignGroup(
        "anaphylaxis", "MedlinePlus: Anaphylaxis (medlineplus.gov/ency/article/000844.htm)", "emergency",
        en=(r"throat (?:is |feels )?(?:closing|swelling|swollen|tight|tightening|closing up)", r"(?:tongue|lips?|face|"
            r"mouth|eyes?) (?:is |are |has |have |started |starting )?(?:swelling|swollen|swelled|puffing up|"
            r"blowing up)"
            r" (?:up )?(?:and|after|from|since|fast|quickly|badly)", r"(?:swelling|swollen|swelled) (?:up )?"
            r"(?:tongue|lips?|throat|face)", r"(?:severe|bad|serious|major|massive) allergic reaction",
            r"allergic reaction (?:and|with) (?:can'?t|trouble|difficulty|swelling)", r"anaphyla\w*(?: shock)?",
            r"(?:used|gave|give|given|need|needs|should i use|jabbed) (?:\w+ ){0,3}(?:epi-?pen|epinephrine|adrenaline)",
            r"hives (?:all over )?and (?:can'?t|trouble|difficulty|throat|swelling|wheez)"),
        id=(r"tenggorokan(?:nya|ku| saya| aku)? (?:terasa )?(?:bengkak|tertutup|tercekik|menyempit)",
        r"(?:bibir|lidah|wajah|"
            r"muka|mata)(?:nya|ku)? (?:bengkak|membengkak) (?:setelah|habis|sesudah|dan|karena)",
            r"(?:alergi|reaksi alergi) (?:berat|parah|hebat)", r"(?:syok )?anafilaksis", r"anafilaktik",
            r"(?:biduran|kaligata|gatal[- ]gatal) (?:dan|sampai) (?:sesak|bengkak)")),
    SignGroup(
        "poisoning", "MedlinePlus: Poisoning first aid (medlineplus.gov/ency/article/000003.htm); "
        "Poison Control: button batteries and magnets", "poisoning",
        en=(rf"{_TAKE} {_MUCH}", rf"(?:swallowed|swallow|ate|eaten|drank|drunk|drink|drinking|drinks|licked|sucked on|"
            rf"ingested|chewed|sprayed|inhaled|got into|into the|put) (?:some |a |an |the |his |her |my |half a |a bit "
            rf"of |a bottle of |a cup of |a few |two |2 |three |3 |\w+ )?"
            # (not the plants got into: "got into poison ivy clearin brush" is a rash; "the poison ivy spray" is not)
            rf"(?!(?:(?<=into )|(?<=into some )|(?<=into the ))poison (?:ivy|oak|sumac)\b"
            rf"(?!(?: \w+)? (?:killer|spray))){_CHEM}",
            r"overdos\w*|\bod'(?:d|ed)\b|\bod(?:'d|ed)? on\b",
            r"(?:took|take|taken|swallowed) (?:way )?(?:too many|too much|double|triple|\d+ times the)",
            r"(?:was|been|got|is|am|being|he'?s|she'?s|i'?m) poisoned", r"carbon monoxide",
            r"(?:fumes|gas) (?:from|in) "
            r"(?:the|a) (?:car|garage|heater|generator|stove) and", r"poison(?:ing)? control",
            r"(?:mixed|mixing) (?:bleach|ammonia) (?:and|with)", r"(?:bitten|stung) .{0,20}(?:and|now) (?:swelling|"
            r"can'?t breathe|numb)"),
        id=(r"keracunan", rf"(?:menelan|minum|meminum|makan|memakan|tertelan|nelan|mengisap|menghirup|keminum|kemakan)"
            rf" (?:\w+ ){{0,2}}{_RACUN}", rf"{_RACUN} (?:tertelan|terminum|termakan|diminum|ditelan)",
            r"over ?dosis",
            r"(?:minum|menelan|telan|meminum|nelan) (?:\w+ ){0,2}(?:\d{2,}|puluhan|belasan) (?:butir|tablet|pil|"
            r"kapsul|obat)", r"(?:sudah|udah|habis|kena|mau|sepertinya) od\b",
            r"minum obat (?:\w+ ){0,2}(?:terlalu banyak|sekaligus|satu (?:strip|botol|papan)|"
            r"\d{2,} (?:butir|tablet))", r"(?:minum|menelan|telan) (?:satu|1|se) ?(?:strip|botol|papan|bungkus) "
            r"(?:obat|pil)", r"(?:obat|pil) (?:tidur|penenang)(?:nya)? (?:banyak|sekaligus|semua)",
            r"(?:menghirup|hirup) (?:gas|asap)")),
    SignGroup(
        "self_harm", "988 Suicide & Crisis Lifeline: warning signs (988lifeline.org); MedlinePlus: feeling of "
        "committing suicide", "self_harm",
        en=(_AMBIGUOUS_SELF_HARM_EN,
            r"(?:kill|killing|hang|hanging|shoot|shooting|drown|drowning|off|offing|unalive|poison|poisoning) "
            r"(?:my ?self|him ?self|her ?self|themselves|themself)",
            r"(?:want|wanna|wants|going|gonna|urge|urges|thinking about|thoughts of|tempted|feel like|keep|"
            r"plan) (?:to )?"
            r"(?:hurt|harm|cut|burn|starve|kill)(?:ing)? (?:my|him|her|them)sel(?:f|ves)",
            r"(?:been|keep|kept|started|start|stop|can'?t stop) (?:cutting|harming|hurting|burning) "
            r"(?:my|him|her|them)sel(?:f|ves)",
            r"(?:end|ending|take|taking|end all) (?:my|this|his|her) (?:own )?life", r"end(?:ing)? it all",
            r"end it (?:tonight|today|now|soon)",
            r"(?:want|wanna|wants|wanting|wish|wishes|wishing|ready|planning|plan) (?:to )?(?:just )?"
            r"(?:die|be dead|disappear forever|not wake up|not exist|sleep forever)", r"just want to disappear",
            r"wish i (?:was|were) (?:dead|never born|gone)", r"wish i (?:could|would|'?d|was able to) (?:just )?"
            r"(?:die|be dead|not wake up|disappear)", r"(?:don'?t|do not|dont|no longer|not) (?:want|wanna|wish|"
            r"see any reason) (?:to )?(?:live|be alive|be here|exist|wake up|go on|carry on)",
            r"(?:no|any|nothing|not) (?:reason|point|purpose) (?:to|in|of) (?:live|living|go on|going on|life|carry on|"
            r"being alive)", r"(?:better off|happier) (?:without|if i (?:was|were) (?:gone|dead))",
            # being a burden, no one who would miss them (988lifeline.org's warning signs)
            r"(?:what'?s|whats|what is) the (?:point|use) (?:of|in) (?:living|life|going on|being alive|carrying on)",
            r"(?:nobody|no one|no-one|noone) (?:would|will|'?d|even) (?:miss me|(?:notice|care) if i (?:was|were) "
            r"(?:gone|dead)|(?:miss|notice|care) if i (?:died|disappeared|killed))",
            r"(?:i'?m|i am|im) (?:just )?(?:a|such a) burden (?:to|on|for) (?:everyone|everybody|my family|them|"
            r"people|all)",
            r"(?:can'?t|cannot) (?:go on|keep going|take (?:it|this) anymore|do this anymore)",
            r"(?:life|living) is (?:not worth|pointless|meaningless)",
            r"(?:done|finished|through) with (?:life|living|it all)",
            r"(?:tired|sick) of (?:living|life|being alive)",
            r"(?:feel|feeling|everything is|it'?s all|life is) hopeless",
            r"(?:rope|noose|gun|razor|pills) (?:is |are )?(?:ready|waiting)",
            r"(?:bought|got|have) (?:a |the )?(?:rope|noose)",
            r"(?:jump|jumping) (?:off|from|in front of) (?:a |the )?(?:bridge|building|roof|train|car)",
            r"(?:saving|saved|stockpiling|collecting) (?:up )?(?:my )?(?:pills|tablets|meds)",
            r"(?:want|wanna|going|gonna|plan|planning|thinking about|thought about) (?:to )?tak(?:e|ing) "
            r"(?:all|a whole|the whole|every one of|every|an overdose|too many)", r"goodbye letters?|"
            r"(?:said|saying) goodbye to everyone"),
        id=(_AMBIGUOUS_SELF_HARM_ID, r"(?:ingin|mau|pengen|pengin|ingin sekali|rasanya ingin|kepikiran) (?:mati|"
            r"mengakhiri|menyudahi|menghilang selamanya|tidur selamanya)", r"mengakhiri (?:hidup|nyawa)",
            r"(?:tidak|tak|gak|nggak|enggak|ga) (?:ingin|mau|pengen|kuat) (?:hidup|lagi hidup|hidup lagi|bangun lagi|"
            r"melanjutkan hidup)", r"(?:menyakiti|melukai|nyakitin|lukain|nyilet|menyilet|menyilat|menyayat|sayat|"
            r"menggores) (?:diri|tangan|pergelangan)", r"(?:tidak|tak|gak|nggak|ga|enggak) ada (?:alasan|gunanya) "
            r"(?:untuk |buat )?hidup", r"hidup(?:ku)? (?:tidak|tak|gak) (?:ada )?(?:berarti|berguna|ada gunanya)",
            r"lebih baik (?:aku|saya|gue) mati", r"(?:capek|capai|lelah|cape) hidup",
            r"(?:tidak|tak|gak|nggak|enggak|ga) (?:ada )?(?:yang|yg) (?:bakal |akan )?"
            r"(?:kangen|peduli|merasa kehilangan|nyariin) (?:kalau|kalo|klo|jika) (?:aku|saya|gue|gw) "
            r"(?:mati|pergi|gak ada|tiada)",
            r"(?:apa|buat apa) gunanya (?:aku |saya |gue )?hidup",
            r"(?:aku|saya|gue|gw) (?:cuma|hanya) (?:jadi )?beban (?:buat|bagi|untuk) (?:semua|keluarga|orang)",
            r"(?:lompat|terjun) dari (?:jembatan|gedung|atap)"),
        chronic_demotes=False),
    SignGroup(
        "harm_others", MEDLINEPLUS + ": feeling of committing murder", "emergency",
        en=(r"(?:want|wanna|going|gonna|planning|plan|urge|urges|thinking about|thoughts of) (?:to )?(?:kill|hurt|harm|"
            r"stab|shoot)(?:ing)? (?:someone|somebody|people|him|her|them|my (?:wife|husband|boss|family|kids?|son|"
            r"daughter|mother|father|mom|dad|baby))",),
        id=(r"(?:ingin|mau|pengen|kepikiran) (?:membunuh|bunuh|melukai) (?:orang|dia|suami|istri|anak|bayi)",),
        chronic_demotes=False),
    SignGroup(
        "pregnancy", "MedlinePlus: Vaginal bleeding in pregnancy (medlineplus.gov/ency/article/003264.htm)",
        "emergency",
        en=(r"(?:pregnant|pregnancy|weeks along|expecting)\b.{0,60}\b(?:bleeding|blood|cramping badly|severe "
            r"(?:pain|cramps)|water broke|can'?t feel (?:the )?baby|baby (?:stopped|isn'?t|is not|hasn'?t) "
            r"(?:moving|kicking))", r"(?:bleeding|blood)\b.{0,40}\b(?:pregnant|weeks along|while pregnant)",
            r"(?:miscarry|miscarrying|miscarriage) (?:right )?now", r"(?:think|might be|am|i'?m) (?:having a )?"
            r"miscarr\w*", r"ectopic", r"water (?:has )?broke(?:n)?"),
        id=(r"(?:hamil|kehamilan)\b.{0,60}\b(?:pendarahan|perdarahan|berdarah|keluar darah|flek banyak|"
            r"mules hebat|ketuban pecah|bayi (?:tidak|tak|gak) bergerak)", r"(?:pendarahan|perdarahan|keluar darah)\b"
            r".{0,40}\b(?:hamil|kehamilan)", r"ketuban(?:nya)? pecah", r"keguguran (?:sekarang|tadi)")),
    SignGroup(
        "bites", "MedlinePlus: Snake bites (medlineplus.gov/ency/article/000031.htm); insect bites and stings",
        "emergency",
        en=(r"(?:bitten|bit|bite|bites|struck) (?:by )?(?:a |an |the )?(?:\w+ )?(?:snake|rattlesnake|viper|cobra|"
            r"copperhead|cottonmouth|adder)", r"snake ?bite", r"(?:black widow|brown recluse|funnel[- ]web)",
            r"(?:stung|bitten) by (?:a |an )?(?:scorpion|box jellyfish|stonefish|stingray)",
            r"scorpion (?:sting|stung)",
            r"(?:stung|bitten|sting) .{0,30}(?:throat|tongue|lips?|face) (?:is )?(?:swelling|swollen)",
            r"(?:bitten|bit|scratched) by a (?:bat|rabid \w+)"),
        id=(r"(?:digigit|dipatuk|dipagut|kena gigit|kena patuk|tergigit) (?:\w+ )?ular", r"gigitan ular",
            r"(?:disengat|tersengat|kena sengat) (?:kalajengking|tawon|lebah|ubur[- ]ubur)(?:.{0,30}(?:sesak|"
            r"bengkak))?",
            r"(?:digigit|kena gigit) (?:anjing gila|kelelawar)")),
    SignGroup(
        "infant", "MedlinePlus: Fever (medlineplus.gov/ency/article/003090.htm): babies under 3 months; "
        "AAP: when to call 911 for a baby", "emergency",
        en=(rf"{_KID} (?:\w+ ){{0,3}}(?:is |has gone |went |seems |looks |feels |turning |turned )?(?:very )?"
            rf"(?:limp|floppy|lifeless|blue|not moving)", r"(?:baby|infant|newborn)\b.{0,50}\b(?:won'?t|not|isn'?t|"
            r"refus\w*|stopped) (?:feed|feeding|eat|eating|drink|drinking|nurs\w*|wak\w*|breastfeed\w*)\b",
            *INFANT_FEVER_EN, r"(?:soft spot|fontanelle) (?:is )?(?:bulging|"
            r"sunken)", r"(?:baby|infant) (?:\w+ ){0,2}(?:not breathing|stopped breathing|breathing (?:funny|fast|"
            r"weird))"),
        id=(r"bayi(?:ku| saya| kami|nya)? (?:\w+ ){0,3}(?:membiru|biru|lemas|lemes|lunglai|tidak bergerak|"
            r"tidak bernapas|tidak mau (?:menyusu|nyusu|minum asi|minum susu)|(?:tidak|gak) mau (?:nyusu|menyusu))",
            *INFANT_FEVER_ID, r"ubun[- ]ubun(?:nya)? (?:menonjol|cekung)")),
)


# Signs that give the emergency reply whatever the detector scores, once the rules read them as happening now
# (triage.py `decisive`): the same names and kinds as their groups above.
DECISIVE: tuple[SignGroup, ...] = (
    SignGroup("infant", "MedlinePlus: Fever (medlineplus.gov/ency/article/003090.htm): babies under 3 months",
              "emergency", en=DECISIVE_EN, id=DECISIVE_ID),
)

# ---- Help beyond the emergency number (`SUPPORT`): a person hurt by someone, a labour, a swallowed object. Read by
# triage.py after the emergency check, and kept out of the learned detector's features (it was fitted on the four
# reply kinds above; its weights are unchanged). Each has its own reply (bot/safety/messages.py): a violence
# hotline, the maternity unit, the doctor and when to go to the emergency department.
# Who hurts: men (whose "her arm" is someone else's), and everyone else ("she hit her head" is a fall); "he's",
# "hes", "my dad's" and "they're" too.
_POSS = r"(?:(?:my|our|her|his|their|mum'?s|mom'?s) (?:\w+ )?)"
_IS = r"(?:'s|s|'re| is| are| has| keeps| was)?"
_WHO_MAN_EN = (rf"(?:(?:{_POSS}?(?:husband|hubby|boyfriend|boyfrend|bf|ex-?husband|ex-?boyfriend|fianc[eé]|stepdad|"
               rf"step-?father|uncle|landlord|brother-in-law|father-in-law|son-in-law)|{_POSS}(?:dad|father|"
               rf"(?:older )?brother|son|teacher|coach|boss)|he|(?:a|the|this|some) (?:man|guy|boy|men|guys|"
               rf"boys)){_IS})")
_WHO_EN = (rf"(?:(?:{_POSS}?(?:partner|girlfriend|gf|ex|ex-?wife|fianc[eé]e|stepmom|stepmum|step-?mother|carer|"
           rf"caregiver|mother-in-law|roommate|flatmate|neighbou?r)|{_POSS}(?:wife|cousin|mum|mom|mother)|she|they|"
           rf"someone|somebody|a stranger|a group of){_IS})")
# Verbs of hurting; everyday senses are cut after the object ("hit me up", "kicked me out", "pushed me to get a second
# opinion", "beat us 3-0", "stabbed me in the back at work", "hurt me so much when she left").
_HURT_EN = (r"(?:hit|hits|hitting|hitt|beat|beats|beating|punch(?:es|ed|ing)?|slap(?:s|ped|ping)?|kick(?:s|ed|ing)?|"
            r"chok(?:e|es|ed|ing)|strangl(?:e|es|ed|ing)|throttl(?:e|es|ed)|shov(?:e|es|ed)|push(?:es|ed)|"
            r"smack(?:s|ed)?|abus(?:e|es|ed|ing)|assault(?:s|ed)?|attack(?:s|ed)?|rap(?:e|es|ed)|molest(?:s|ed)?|"
            r"stab(?:s|bed)?|burn(?:s|ed|t)|drag(?:s|ged)|hurt(?:s|ing)?|bruis(?:e|es|ed)|broke|strikes|struck|"
            r"slam(?:s|med)|pin(?:s|ned)|bit|bites|scratch(?:es|ed))")
_NOT_HURT = (r"(?! (?:(?:up(?:(?<=hit me up)|(?<=hits me up)|(?<=hit us up))|out|off|back|over to|in the back|so much|"
             r"emotionally|\d)\b|to (?!the (?:floor|ground|wall))|into \w+ing|by (?:leaving|cheating|saying|lying)|"
             r"at (?:chess|cards|pool|tennis|\w+ball|the game)|in the (?:final|game|match|race|league)))")
_BODY = (r"(?:head|face|knee|leg|arm|elbow|toe|foot|hand|back|shin|nose|chin|shoulder|hip|finger|thumb|ankle|wrist|"
         r"mouth|lip|eye|skin|neck|ribs?|jaw|tooth|teeth)s?")
_PEOPLE = (r"(?:mum|mom|mother|kids?|son|daughter|baby|sister|brother|grandma|nan|wife|husband|girlfriend|boyfriend|"
           r"partner)")
_HURT_ANY_EN = rf"(?:me|us|(?:my|his|her) (?:\w+ )?{_PEOPLE}|my {_BODY}|him|her){_NOT_HURT}"
_HURT_OBJ_EN = (rf"(?:me|us|(?:my|his|her) (?:\w+ )?{_PEOPLE}|my {_BODY}|him|her(?! (?:own |left |right )?{_BODY}\b))"
                rf"{_NOT_HURT}")
_WEAPON = r"(?:knife|knives|gun|machete|axe|hammer|bat|broken bottle)"
_WHO_ID = (r"(?:suami|istri|bini|laki|pacar|cowok|cowo|mantan|bapak|ayah|bapak tiri|ayah tiri|papa|papi|ibu tiri|"
           r"mertua|paman|pamannya|om|majikan|kakak ipar|abang|dia|orang)(?:ku| saya| sy| aku| gue| gw)?")
# Not "pukul 8" (o'clock), "banting tulang" (working hard), "ngurung diri" (staying in one's room), "mukul bola".
_HURT_ID = (r"(?:memukul(?! bola| drum| nyamuk| bedug| meja)|memukuli|"
            r"mukul(?! bola| drum| nyamuk| bedug| meja| kentongan)|"
            r"mukulin|menampar|nampar|menendang(?! bola| selimut)|nendang(?! bola| selimut)|nendangin|mencekik|"
            r"nyekik|menganiaya|aniaya|menyiksa|nyiksa|memperkosa|perkosa|merkosa|melecehkan|lecehin|ngelecehin|"
            r"menjambak|jambak|jambakin|meninju|ninju|nonjok|gebukin|ngegebukin|menghajar|hajar|ngehajar|nyundut|"
            r"menyundut|(?:mengurung|ngurung)(?! diri)|(?:menyeret|nyeret)(?! koper| tas| barang| kursi)|mencabuli|"
            r"nyabulin|memaksa (?:saya|aku) "
            r"(?:berhubungan|hubungan badan|begituan)|menyentuh (?:\w+ ){0,4}(?:tidak pantas|tempat (?:yang )?"
            r"(?:tidak pantas|pribadi|sensitif)|kemaluan|alat kelamin|dada|payudara)|(?:pegang|megang|grepe|raba)"
            r"(?:2|-(?:pegang|megang|grepe|raba)) (?:aku|saya|gue|dia|anak|badan|dada|paha))")
_HURT_PASSIVE_ID = (r"(?:dipukul(?! bola)|dipukuli|dipukulin|ditampar(?! kenyataan)|ditendang|dicekik|dianiaya|disiksa|"
                    r"diperkosa|dilecehkan|dilecehin|digebukin|dijambak|dibanting|ditonjok|dihajar|dikeroyok|dicabuli|"
                    r"disundut|dikurung|ditusuk(?! jarum)|dibacok|digerayangi|diraba-raba)")
_SENJATA = r"(?:parang|pisau|golok|clurit|celurit|senjata tajam|pistol|balok|kayu)"
# Things a child swallows or pushes in that are not a medicine or a chemical (batteries and magnets are in
# "poisoning": Poison Control handles them). Not fruit stones, seeds or gum: they pass; not "ate a bell pepper".
_OBJECT = (r"(?:coins?|penn(?:y|ies)|quarter|dime|nickel|marbles?|beads?|(?:safety )?pins?|needles?|screws?|nails?|"
           r"earrings?|ring(?! pop)|toys?|lego|(?:piece|bit|part) of (?:a |his |her |the )?(?:toy|plastic|glass|"
           r"crayon|balloon|lego)|bottle caps?|buttons?(?! batter)|pebbles?|crayons?|erasers?|(?:fish|chicken) ?"
           r"bones?|bones?|(?:a piece of )?glass(?! noodle)|keys?(?! lime)|paper ?clips?|thumb ?tacks?|hair ?(?:clip|"
           r"pin|tie)s?|bobby pins?|dentures?|balloon|(?:a )?(?:tiny|small|little) (?:toy|thing|object))\b")
# pushed into a nose or an ear, foods too
_NOSE_OBJECT = r"(?:peas?|beans?|peanuts?|corn|raisins?|rice|popcorn|seeds?)\b"
_OBJECT_ID = (r"(?:koin|uang logam|duit logam|uang koin|recehan|receh|kelereng|manik(?:-manik|2)?|peniti|jarum|paku|"
              r"anting|cincin|mainan|lego|tutup botol|(?<!baterai )(?<!batre )kancing|kerikil|tulang|duri(?: ikan)?|"
              r"kunci|jepit(?:an)? rambut|jepitan|gigi palsu|penghapus|krayon)\b")

SUPPORT: tuple[SignGroup, ...] = (
    SignGroup(
        "violence", "MedlinePlus: Domestic violence (medlineplus.gov/domesticviolence.html); Rape (medlineplus.gov/"
        "ency/article/001955.htm)", "violence",
        en=(rf"{_WHO_MAN_EN} (?:\w+ ){{0,2}}{_HURT_EN} {_HURT_ANY_EN}",
            rf"{_WHO_EN} (?:\w+ ){{0,2}}{_HURT_EN} {_HURT_OBJ_EN}",
            rf"(?:and|then) (?:(?:he|she|they|then) )?(?:hit|punched|kicked|slapped|choked|strangled|pushed|shoved|"
            rf"raped|stabbed|dragged|grabbed|attacked|assaulted) {_HURT_OBJ_EN}",
            r"(?:i was|i got|i'?ve been|ive been|i have been|i am being|i'?m being|im being|i just got|(?:she|he) "
            r"(?:was|got|has been|is being)|my (?:\w+ )?(?:sister|daughter|son|friend|mum|mom|mother|wife|girlfriend)"
            r" (?:was|got|has been)) (?:\w+ )?(?:raped|sexually assaulted|assaulted|molested|beaten(?: up)?|"
            r"attacked|strangled|choked|abused|drugged|stabbed|jumped|mugged)(?! by (?:an? |the |my |our |his |her )?"
            r"(?:\w+ ){0,3}(?:dogs?|cats?|bees?|wasps?|snake|shark|horse|bull|cow|goose|monkey|animal|food|fish|bone|"
            r"needle|"
            r"syringe|thorn|nail|pin|"
            r"anxiety|panic|depression|\w+ attacks?|my (?:brother|sister|friend|dad|son) at)\b)",
            r"(?:got|was|been) (?:sexually )?(?:raped|assaulted|jumped|mugged|stabbed|beaten up)\b(?! (?:in the|at "
            r"(?:chess|cards|pool|tennis|\w+ball|the game)|by (?:anxiety|panic)))",
            r"(?:beaten|raped|sexually assaulted|assaulted|molested|attacked|strangled|choked|abused|stabbed|hit|"
            r"punched|kicked|slapped|burned|burnt) by (?:my|her|his|their|a|an|the|some|two|three|this) (?:\w+ ){0,2}"
            r"(?:husband|wife|partner|boyfriend|girlfriend|ex|dad|father|mum|mom|mother|stepdad|stepfather|brother|"
            r"uncle|man|men|guy|guys|stranger|group|gang|carer|caregiver|teacher|neighbou?r|landlord|cousin|son|"
            r"daughter|mother-in-law|father-in-law)\b(?! at)",
            r"(?:raped|sexually assaulted|molested) me", r"(?:hands?|fingers?) (?:around|on|round) my (?:neck|throat)",
            r"(?:grabbed|squeezed|grabs|squeezes) (?:me by )?(?:the |my )(?:neck|throat)",
            r"(?:threatened|threatens|threatening) to (?:kill|hurt|beat|stab|shoot) (?:me|us|my|the kids|her|him)",
            rf"{_WHO_MAN_EN} (?:\w+ ){{0,2}}(?:wants|wanted|is going|is gonna|'?s going|'?s gonna|tried|is trying|"
            r"keeps trying|will|'?ll|said he'?d|says he'?ll) (?:to )?kill (?:me|us)\b(?! (?:when|for)\b)"
            r"(?! if (?!i (?:leave|go|tell|call|report|try|talk|say|don'?t)))",
            r"\bhe(?:'?ll| will| is going to| is gonna|'?s gonna|'?s going to|'?d| would) (?:\w+ )?kill (?:me|us)\b"
            r"(?! (?:when|for)\b)(?! if (?!i (?:leave|go|tell|call|report|try|talk|say|don'?t)))",
            r"(?:threw|throws|thrown|pushed|shoved|dragged) (?:me|her|him) (?:down|against|into|across|onto|off|to the "
            r"(?:floor|ground))", rf"{_WHO_MAN_EN} (?:\w+ ){{0,2}}lock(?:s|ed) (?:me|us) (?:out|in)\b",
            r"(?:put|puts|stuck) (?:his|her) hands? (?:up|down|under|in|inside) my (?:skirt|dress|shirt|pants|trousers|"
            r"top|underwear)", r"grabbed my (?:breasts?|boobs?|butt|bum|ass|crotch|privates?)",
            r"woke up (?:\S+ ){0,5}(?:naked|with my (?:pants|clothes|underwear|jeans) off)|(?:don'?t|do not|can'?t) "
            r"remember (?:consenting|saying yes)", r"(?:count as|counts as|is it|was it|was that|is that) (?:rape|"
            r"sexual assault)\b",
            r"if i (?:leave|try to leave|go to the police|call the police|call the cops|tell anyone|tell someone|"
            r"report)\w* (?:\S+ ){0,3}(?:kill|hurt|hit|beat|take the kids)",
            rf"(?:has|had|got|holding|waving|pulled|grabbed|with) (?:a |the |his |her )?{_WEAPON}(?: out)?(?: (?:at|to)"
            r" (?:me|us|my|her|him|the kids)| (?:and )?(?:is )?(?:threaten\w*|saying|screaming|shouting|yelling|"
            r"coming)|,? (?:and )?(?:i'?m|im|we'?re|i am|we are) (?:locked|hiding)| and (?:he'?s|he is|she'?s|she is) "
            r"(?:drunk|angry|high|mad|raging|screaming|coming))",
            r"(?:threw|thrown|throwing|throws) (?:a |an |the |his |her )?(?:\w+ )?(?:plate|glass|bottle|chair|knife|"
            r"cup|mug|phone|pan|things|stuff|punches) at (?:me|us|her|him|my)",
            r"(?:locked|lock) (?:myself|ourselves|me and \w+) in\b(?! (?:for|all|to))",
            r"(?:i'?m|im|i am|we'?re|we are) (?:locked|hiding) in (?:the |my |a )?(?:bedroom|bathroom|room|car|closet|"
            r"toilet|basement)", r"(?:someone|somebody|a man|a guy|he|they) (?:just )?(?:broke|is breaking|are "
            r"breaking) (?:in\b(?!to)|into (?:my|our|the) (?:house|home|flat|apartment|room))",
            r"hiding from (?:him|her|them|my)", r"(?:scared|afraid|terrified) (?:to go (?:back )?home|of (?:him|my "
            r"(?:\w+ )?(?:husband|partner|boyfriend|bf|girlfriend|wife|dad|father|stepdad|stepfather|ex))(?= and| "
            r"because|[.!,]|$))",
            r"(?:restraining|protection|protective|court|no[- ]contact) order against",
            r"(?:comes|came|coming|sneaks|keeps coming) (?:into|in) my (?:room|bed) (?:at night|when)",
            r"touch(?:es|ed|ing)? (?:me|her|him|my (?:\w+ )?(?:daughter|son|kid|sister|brother))\b(?! on the (?:"
            r"shoulder|arm|back|hand))(?:\S* \S+){0,6}? (?:inappropriately|down there|private|where|when (?:my|nobody|"
            r"no one|i'?m alone|we'?re alone)|at night|and said not to tell)",
            r"forc(?:es|ed|ing) (?:me|her) (?:to have sex|into sex|to do (?:sexual|things))|(?:makes|made) me have sex",
            r"(?:carer|caregiver|aide|nurse|staff)\b.{0,40}\b(?:slaps?|hits?|hitting|slapping|beats?|shoves?|pushes|"
            r"abus\w+|rough\w*) (?:her|him|my|them)\b",
            r"(?:put|slipped|spiked) (?:something|drugs?|a pill) (?:in|into) (?:my|her|his) drink|"
            r"(?:drink|i) (?:was|got) spiked|spiked my drink",
            r"(?:something|someone) (?:\w+ )?(?:slam\w*|hitting|smash\w*|thrown) (?:into|against) the wall",
            r"(?:i'?m|i am|im|still|currently|stuck|trapped|living|live) in an abusive (?:relationship|marriage|home)",
            r"(?:domestic|family) (?:violence|abuse) (?:at|in) (?:my|our) (?:home|house)"),
        id=(rf"{_WHO_ID} (?:\w+ ){{0,3}}{_HURT_ID}\b", rf"{_HURT_ID} (?:saya|sy|aku|gue|gw|ibu\w*|anak\w*|istri\w*)\b",
            rf"(?:saya|aku|gue|gw|dia|adik\w*|anak\w*|istri\w*|kakak\w*|ibu\w*|mama\w*|temen\w*|teman\w*) "
            rf"(?:\w+ ){{0,2}}{_HURT_PASSIVE_ID}", rf"{_HURT_PASSIVE_ID} (?:oleh|sama|ama|am|dgn|dengan) ",
            rf"(?:habis|baru|tadi|barusan|sering|udah|sudah|mengaku|ngaku|bilang|cerita) {_HURT_PASSIVE_ID}",
            r"(?<!temen )(?<!teman )(?:saya|aku|gue|gw) (?:\w+ )?(?:korban|mengalami|ngalamin|alami|kena) "
            r"(?:kdrt|kekerasan)",
            r"(?:takut|ketakutan) (?:pulang|sama suami|sama pacar|sama bapak|sama ayah|dibunuh|dipukul)",
            r"mau (?:dibunuh|membunuh saya|bunuh (?:saya|aku|gue))", r"(?:ngancam|mengancam|ancam) (?:\w+ )?"
            r"(?:bunuh|membunuh|mukul|memukul)",
            rf"(?:bawa|pegang|megang|ngacungin|mengacungkan|membawa|ngeluarin|mengeluarkan) (?:\w+ )?{_SENJATA}",
            r"(?:ngumpet|sembunyi|bersembunyi) (?:di|ke) (?:kamar|rumah tetangga|kamar mandi|wc)",
            r"(?:masuk|masuk ke) kamar (?:aku|saya|gue|dia|anak\w*) (?:\w+ ){0,2}(?:malam|malem)"),
        chronic_demotes=False, past_demotes=True),
    SignGroup(
        "labour", "MedlinePlus: Signs of active labor (medlineplus.gov/ency/patientinstructions/000508.htm); NHS: "
        "umbilical cord prolapse", "labour",
        en=(r"(?:is|am|i'?m|im|she'?s|shes|went|gone|going|go|be|been|now|think|might|maybe|started|was) (?:\w+ ){0,2}"
            r"(?:in|into) (?:active |early |preterm |pre-?term |premature |real )?labou?r\b(?! (?:relations|history|"
            r"party|law|market|force|unions?|and delivery|ward|unit|day|costs?|shortage|camp|nurse))",
            r"(?:contractions?|tightenings?) (?:are |every |now |about |coming |(?:\w+ ){0,3})(?:\d+|two|three|four|"
            r"five|six|seven|eight|ten|fifteen|twenty)(?:-\d+)? ?(?:minutes?|mins?) apart",
            r"(?:contractions?|tightenings?) (?:\w+ )?every (?:\d+|two|three|four|five|six|seven|eight|ten|fifteen|"
            r"twenty)", r"(?:baby|baby'?s head|the head)(?: is|'s) (?:coming|crowning)|the (?:baby'?s )?head (?:is )?"
            r"(?:crowning|out|coming out)|(?:is|'s) crowning\b(?! (?:my|a|the|his|her|your))",
            r"(?:i can|can|i) (?:see|feel) the (?:baby'?s )?head", r"baby (?:hasn'?t|has not|isn'?t|is not|not|stopped|"
            r"hasn'?t been|has stopped) (?:been )?(?:moving|kicking)",
            r"(?:(?:my|her|the|wife'?s|wifes|sister'?s|gf'?s|girlfriend'?s|partner'?s) waters?|waters|water bag) "
            r"(?:just |has |have )?(?:broke|broken|burst|went|gone|leaking)",
            r"(?:regular|strong|painful|real|timing|timed) contractions", r"(?:having|started having|getting|started "
            r"getting) contractions", r"\bneeds? to push\b(?! (?:through|myself|him|her|the|for|back))",
            r"(?:haven'?t|have not|hasn'?t|not|can'?t|cannot|didn'?t) (?:felt|feel) (?:the |my |her )?baby "
            r"(?:move|moving|kick)", r"(?:i|she) (?:need|needs|feel|feels|have|has|got) (?:the |an )?(?:urge )?to "
            r"push\b(?! (?:through|myself|him|her))", r"labou?r (?:pains?|has started|started)(?! with my)",
            r"(?:bleeding|blood|spotting)\b.{0,40}\bat (?:[23]\d|4[0-2]) ?(?:weeks|wks)\b",
            r"\b(?:[23]\d|4[0-2]) ?(?:weeks|wks)\b.{0,30}\b(?:bleeding|blood)\b"
            r"(?! (?:pressure|sugar|tests?|work|type))",
            r"(?:pregnant|weeks)\b.{0,60}\bleaking (?:\w+ )?(?:fluid|water)",
            r"(?:the |umbilical )?cord (?:is |was )?(?:coming|hanging|sticking|came|come|poking) out|(?:see|feel) the "
            r"(?:umbilical )?cord"),
        id=(r"(?:(?:sudah|udah) mau|mulai|(?:kayaknya|kayanya|sepertinya|mungkin|rasanya) (?:\w+ ){0,2}"
            r"(?:mau|akan)) (?:melahirkan|lahiran|brojol)", r"(?:perdarahan|pendarahan|berdarah|keluar darah|flek)\b"
            r".{0,40}\b(?:[23]\d|4[0-2]|tiga puluh\w*) ?(?:minggu|mgg)\b",
            r"kontraksi (?:\w+ ){0,3}(?:tiap|setiap|per) (?:\d+|dua|tiga|lima|sepuluh) ?(?:menit|mnt)",
            r"kontraksi(?:nya)? (?:makin|semakin|sudah|udah) (?:sering|kuat|teratur|dekat|rapat)|kontraksi(?:nya)? "
            r"teratur", r"(?:mules|mulas)(?:2|-mules|-mulas|nya)? (?:\w+ ){0,3}(?:teratur|tiap|setiap|makin)",
            r"kepala (?:bayi|dedek|adek)(?:nya)? (?:sudah |udah )?(?:keliatan|kelihatan|terlihat|keluar|nongol)",
            r"(?:air )?ketuban(?:nya| aku| saya| ku| gue)? (?:\w+ )?(?:pecah|rembes|merembes|keluar|bocor)",
            r"(?:pengen|ingin|mau) ngeden", r"bayi(?:nya)? (?:udah |sudah )?mau keluar",
            r"tali pusat(?:nya)? (?:\w+ )?(?:keluar|kelihatan|keliatan|menjulur)",
            r"(?:bayi|dedek|adek|janin)(?:nya| saya| aku| ku)? (?:\w+ )?(?:gak|tidak|nggak|ga|jarang|kurang|udah gak|"
            r"sudah tidak) (?:\w+ )?(?:gerak|bergerak|nendang|menendang)"),
        chronic_demotes=False, past_demotes=True),  # contractions "makin sering" (ever more often) are now
    SignGroup(
        "swallowed", "MedlinePlus: Swallowed object (medlineplus.gov/ency/article/000036.htm); foreign object in the "
        "nose (medlineplus.gov/ency/article/000037.htm)", "swallowed",
        en=(rf"(?:swallowed|swalowed|swallow|swallows|accidentally ate|sucked|inhaled) (?:a |an |the |some |two |"
            rf"three |\d+ |my |his |her |one of (?:my|his|her|the) )?(?:\w+ )?{_OBJECT}",
            rf"{_OBJECT} (?:\w+ ){{0,2}}(?:stuck|lodged) in (?:my|his|her|their|the) (?:throat|nose|ear|nostril|"
            r"esophagus|oesophagus|gullet)\b", rf"(?:put|pushed|shoved|stuck|jammed) (?:a |an |the |some |his |her )?"
            rf"(?:\w+ )?(?!earring)(?:{_OBJECT}|{_NOSE_OBJECT}) (?:up|in|into) (?:his|her|my|their) (?:nose|nostril|"
            r"ear)\b", r"ate (?:a|an|the|some|two|\d+) (?!chocolate |candy |sugar )(?:\w+ )?(?:screws?|nails?|coins?|"
            r"pins?|needles?|marbles?|beads?|buttons?|earrings?|keys?|glass|toys?|lego|crayons?|pebbles?)\b"
            r"(?! (?:pepper|"
            r"noodles?|lime|pie|pop|cake|cookies?))",
            r"(?:fish|chicken) ?bone (?:\w+ ){0,2}(?:stuck|lodged)"),
        id=(rf"(?:nelen|menelan|ketelen|ketelan|tertelan|kemakan|ditelan) (?:\w+ ){{0,2}}{_OBJECT_ID}",
            rf"{_OBJECT_ID} (?:\w+ ){{0,2}}(?:tertelan|ketelan|ketelen|kemakan|nyangkut|tersangkut|masuk (?:ke )?"
            r"(?:lubang )?(?:hidung|telinga|kuping|tenggorokan))",
            rf"(?:masukin|masukkan|memasukkan|dimasukin|dimasukkan|nyumpel) (?:\w+ ){{0,2}}(?:{_OBJECT_ID}|sesuatu|"
            r"benda|kacang|biji)\b.{0,30}\b(?:hidung|telinga|kuping)"),
        past_demotes=True),
)
