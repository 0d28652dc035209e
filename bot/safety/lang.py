"""Which language a message is in, for the bot's fixed replies: Indonesian ("id") or English ("en").

A small word rule rather than a language-identification package: on the 3-word messages people
send in a hurry ("muntah darah", "tolong anak kejang") the general models guess Malay, Tagalog or
Javanese, and the rule only has to tell two languages apart. `bench/safety.py` measures it against
py3langid when that is installed (it is not a dependency)."""

from __future__ import annotations

import re


def _words(block: str) -> list[str]:
    return block.split()


# Common Indonesian function words, pronouns and the health words people use; none is an English word.
_ID_WORDS = frozenset(_words("""
yang dan di ke dari ini itu apa apakah bagaimana gimana kenapa mengapa berapa kapan siapa dimana
saya aku gue gw kamu anda dia kami kita mereka beliau nya ku tidak tak gak nggak ngga enggak ga
bukan belum sudah udah sedang lagi akan bisa boleh harus perlu mau ingin pengen untuk dengan pada
karena kalau kalo jika atau juga saja aja sangat sekali banget terus masih baru tadi sekarang
barusan tolong dok dokter obat sakit nyeri demam muntah pusing batuk pilek sesak napas nafas
bernapas bernafas pingsan kejang darah berdarah pendarahan perdarahan dada perut kepala kaki tangan
badan tubuh mata telinga gigi anak bayi ibu ayah bapak suami istri adik kakak nenek kakek teman
hamil keguguran ketuban keracunan racun menelan minum makan lemas lemah bengkak gatal alergi luka
jatuh kecelakaan ular digigit tersedak bunuh diri mati hidup penyebab gejala cara mengobati mencegah
mengatasi berbahaya aman parah hebat tiba tiba mendadak selama hari minggu bulan tahun jam
menit lalu pagi malam siang sore setelah sebelum sejak waktu sembuh penyakit kesehatan rumah apotek
puskesmas igd ambulans tekanan gula kolesterol jantung paru ginjal hati bagaimanakah apakah adalah
ada tidaklah punya kena terkena mengalami merasa rasanya terasa kok ya dong sih deh
ra ora iso opo piye wis ki kowe mbak ngopo kenopo nopo mboten sampun ape kamek ndak nak tak gimana gmn yg
ketularan nular menular mari kumat kambuh gejalane obate penyebabe
tapi tetapi kencing infeksi saluran perih balik nyong kuwe dudu jere akeh banyu luwih gampang bener kudu ngombe
sithik ning taun telu karo uga amak indak alah baa caro bana torang ngana kitorang
"""))
_ID_AFFIX = re.compile(r"^(?:meng|meny|mem|men|ber|ter|di|ke|se|pe)\w{3,}(?:kan|nya|lah|an|i)$|^\w{3,}nya$")
_EN_WORDS = frozenset(_words("""
the a an is are was were be been am i you he she it we they my your his her our their me him them
what how why when where which who do does did can could should would will have has had not no yes
and or but of to in on at for with from by about this that these those there here pain fever blood
chest breathe breathing help please baby son daughter wife husband mom dad
"""))
_WORD = re.compile(r"[a-z]+")
_REDUP = re.compile(r"\b([a-z]{2,})2(?:an|nya|in)?\b")


def detect(text: str) -> str:
    """'id' when the message reads as Indonesian, else 'en' (the default for anything else)."""
    low = text.lower()
    # "anak2", "kejang2", "anyang2an": Indonesian writes a repeated word so; the word itself counts as it is ("kejang"),
    # its "-an" is no English "an", and the repeat counts beside Indonesian words only (not "co2", "spo2", "type2")
    redup = len(_REDUP.findall(low))
    words = _WORD.findall(_REDUP.sub(r"\1 ", low))
    if not words:
        return "en"
    id_score = sum(1.0 if w in _ID_WORDS else 0.5 if _ID_AFFIX.match(w) else 0.0 for w in words)
    id_score += redup if id_score else 0
    en_score = sum(w in _EN_WORDS for w in words)
    return "id" if id_score > en_score else "en"
