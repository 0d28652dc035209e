"""The bot's fixed replies, in English and Indonesian (the language of the tutorial medbot comes
from). `texts(lang)` gives one language's set; `for_message` picks it for a user's message."""

from __future__ import annotations

from dataclasses import dataclass

from bot.safety.lang import detect


@dataclass(frozen=True)
class Texts:
    lang: str
    disclaimer: str
    too_short: str
    text_only: str
    not_allowed: str
    emergency: str
    poisoning: str
    self_harm: str
    violence: str  # someone hurting the writer or a person with them (bot/safety/signs.py SUPPORT)
    labour: str
    swallowed: str  # an object swallowed or pushed into the nose or an ear
    about: str
    busy: str
    restarting: str
    timeout: str
    error: str
    no_answer: str  # the model wrote nothing usable
    no_source: str
    rate_limited: str  # "{seconds}" is filled in
    forgot: str
    offline: str  # a question asked longer ago than MEDBOT_REPLAY_MAX_AGE_S, found after a restart
    caution: str  # leads the answer to a message that might describe an emergency
    not_now: str  # between the emergency reply and the answer that follows it (an emergency the check is unsure of)
    off_topic: str  # a message that is not a health question
    welcome: str  # a message of thanks ("ok thanks a lot"): no question to answer
    lead: str = ""  # leads an English NIH passage answering a question in another language; {topic} {aspect}
    aspects: tuple[tuple[str, str], ...] = ()  # question type -> its name in this language, for `lead`

    def lead_line(self, topic: str, qtype: str) -> str:
        """The line before an English passage ("" for English): what it is about, in this language."""
        if not self.lead:
            return ""
        aspect = dict(self.aspects).get(qtype, dict(self.aspects).get("information", qtype))
        return self.lead.format(topic=topic, aspect=aspect)

    def outcome(self, outcome: str) -> str:
        """The fixed reply for a backend outcome other than "answered" (busy, restarting, timeout, error)."""
        return {"busy": self.busy, "restarting": self.restarting, "timeout": self.timeout}.get(outcome, self.error)

    def triage(self, kind: str) -> str:
        return {"self_harm": self.self_harm, "poisoning": self.poisoning, "violence": self.violence,
                "labour": self.labour, "swallowed": self.swallowed}.get(kind, self.emergency)


_EN_EMERGENCY = (
    "This sounds like it could be an emergency. Please call your local emergency number "
    "(for example 911 in the US, 112 in the EU, 999 in the UK) or go to the nearest emergency "
    "department now. Do not wait for a chatbot's answer.")
_EN_DISCLAIMER = "⚕️ I'm an AI, not a doctor: check anything important with a health professional."

EN = Texts(
    lang="en",
    disclaimer=_EN_DISCLAIMER,
    too_short="Please ask a more detailed question.",
    text_only="I can only read text questions. Please type your question as a message.",
    not_allowed="Sorry, this bot is private and not available in this chat.",
    emergency=_EN_EMERGENCY,
    poisoning=_EN_EMERGENCY + " For a poisoning or overdose, also call Poison Control (1-800-222-1222 in the US). "
    "Do not make the person vomit unless you are told to, and keep the pill bottle or container with you.",
    self_harm="I'm really sorry you're going through this, and you don't have to face it alone. Please call or "
    "text 988 (the Suicide & Crisis Lifeline in the US) now, or your local crisis line or emergency number. If you "
    "are in immediate danger or have already hurt yourself, call 911 (or your local emergency number) or go to the "
    "nearest emergency department. If you can, reach out to someone you trust and stay with them.",
    violence="If anyone is hurt or in danger now, call your local emergency number (911 in the US, 112 in the EU, "
    "999 in the UK) or get to a safe place. I'm sorry this is happening. For free, confidential help, call your "
    "local domestic violence helpline, for example the National Domestic Violence Hotline (1-800-799-7233 or text "
    "START to 88788, US), the National Domestic Abuse Helpline (0808 2000 247, UK), RAINN after a sexual assault "
    "(1-800-656-4673, US), or Childhelp if a child is being hurt (1-800-422-4453, US). After an assault, an emergency "
    "department can treat injuries you cannot see (after being choked or strangled too), keep evidence if you want "
    "that (if you can, do not wash or change clothes first), and give medicines that prevent HIV (they must be "
    "started within 72 hours, the sooner the better) and pregnancy (up to 5 days). It is not your fault.",
    labour="Call your local emergency number for an ambulance now (911 in the US, 112 in the EU, 999 in the UK) if "
    "the cord comes out (do not touch or push it back; get on your knees with your chest on the floor and your "
    "bottom up) or the baby is coming. Call it or go to the maternity unit or emergency department now if you are "
    "bleeding more than a little, the waters are green or brown, the baby moves less than usual, you have a severe "
    "headache, blurred vision, a fit or severe pain, or labour starts before 37 weeks. Otherwise, if you think you "
    "are in labour, call your midwife, your doctor or the maternity unit where you plan to give birth now: they will "
    "tell you when to come in.",
    swallowed="If they cannot breathe, cough or speak, or are turning blue, call your local emergency number now "
    "(911 in the US, 112 in the EU, 999 in the UK). Go to the nearest emergency department now if it might be a "
    "button battery or magnets, if it is sharp, or if there is coughing, drooling, trouble swallowing, vomiting, "
    "or pain in the chest, throat or belly. Otherwise call your doctor or a nurse advice line now. Do not try to "
    "make them vomit, and do not try to pull something out of a nose or ear that you cannot easily reach.",
    about="I'm medbot, an AI that answers general medical questions. Type your question as a message "
    "(in groups, mention me or use /ask <question>).\n\n" + _EN_DISCLAIMER + "\n"
    "In an emergency, call your local emergency number.",
    busy="I'm busy answering other questions right now. Please try again in a minute.",
    restarting="I'm restarting. Please send your question again in a minute.",
    timeout="Sorry, that took too long to answer. Please try again in a minute.",
    error="I apologize, but I'm unable to generate a response at the moment.",
    no_answer="I'm sorry, I couldn't put together a useful answer to that. Could you rephrase the question?",
    no_source="I don't have a reliable source for that. Please ask a health professional, "
    "or rephrase the question with the name of the condition or medicine.",
    rate_limited="You're sending questions quickly. Please wait {seconds} s and ask again.",
    forgot="Done: I have forgotten what we talked about.",
    offline="Sorry, I was offline when you asked; please ask again.",
    caution="If this is happening now, call your local emergency number (911 in the US, 112 in the EU, 999 in "
    "the UK) or go to the nearest emergency department.",
    not_now="If this is not happening now, here is what I found for your question:",
    off_topic="I can only help with health questions. Ask me about a condition, a symptom, a test or a medicine.",
    welcome="You're welcome. Ask me anything else about a condition, a symptom, a test or a medicine.",
)

# Indonesia: 112 (all emergencies), 118/119 (ambulance); mental-health line 119 ext. 8 (Kemenkes).
_ID_EMERGENCY = (
    "Ini terdengar seperti keadaan darurat. Segera hubungi 112 atau ambulans 118/119, atau pergi ke "
    "IGD (Instalasi Gawat Darurat) terdekat sekarang. Jangan menunggu jawaban chatbot.")
_ID_DISCLAIMER = "⚕️ Saya AI, bukan dokter: pastikan hal penting ke tenaga kesehatan."

ID = Texts(
    lang="id",
    disclaimer=_ID_DISCLAIMER,
    too_short="Mohon tulis pertanyaan yang lebih lengkap.",
    text_only="Saya hanya bisa membaca pertanyaan berupa teks. Silakan ketik pertanyaan Anda sebagai pesan.",
    not_allowed="Maaf, bot ini bersifat pribadi dan tidak tersedia di obrolan ini.",
    emergency=_ID_EMERGENCY,
    poisoning=_ID_EMERGENCY + " Untuk keracunan atau overdosis: jangan memancing muntah kecuali diminta petugas "
    "kesehatan, dan bawa kemasan obat atau bahan yang tertelan ke IGD.",
    self_harm="Saya turut prihatin Anda mengalami ini, dan Anda tidak harus menghadapinya sendirian. Hubungi "
    "layanan kesehatan jiwa 119 ext. 8 atau Into The Light Indonesia (intothelightid.org) sekarang. Jika Anda "
    "dalam bahaya atau sudah melukai diri, hubungi 112 atau pergi ke IGD terdekat. Jika bisa, hubungi orang yang "
    "Anda percaya dan jangan sendirian.",
    violence="Jika ada yang terluka atau dalam bahaya sekarang, hubungi 112 atau polisi 110, atau pergi ke tempat yang "
    "aman. Saya turut prihatin ini terjadi. Untuk bantuan rahasia bagi korban kekerasan (KDRT, kekerasan seksual, "
    "kekerasan pada anak): layanan SAPA 129 (telepon 129 atau WhatsApp 08111-129-129). Setelah kekerasan, IGD dapat "
    "memeriksa luka yang tidak terlihat (juga setelah dicekik), menyimpan bukti jika Anda mau (jika bisa, jangan "
    "mandi atau ganti baju dulu), dan memberi obat pencegah HIV (harus dimulai dalam 72 jam, makin cepat makin "
    "baik) dan kehamilan (sampai 5 hari). Ini bukan salah Anda.",
    labour="Segera hubungi 112 atau ambulans 118/119 sekarang jika tali pusat keluar (jangan disentuh atau didorong "
    "masuk; menungging: lutut dan dada di lantai, bokong di atas) atau bayi sudah akan lahir. Segera hubungi "
    "ambulans atau ke kamar bersalin/IGD jika ada perdarahan lebih dari sedikit, air ketuban berwarna hijau atau "
    "cokelat, gerakan bayi berkurang, sakit kepala hebat, pandangan kabur, kejang, nyeri hebat, atau persalinan "
    "sebelum 37 minggu. Jika tidak, dan Anda merasa akan melahirkan, hubungi bidan, dokter, atau rumah sakit/"
    "puskesmas tempat Anda berencana melahirkan sekarang.",
    swallowed="Jika tidak bisa bernapas, batuk, atau bicara, atau kulitnya membiru, segera hubungi 112 atau ambulans "
    "118/119. Segera ke IGD sekarang jika yang tertelan mungkin baterai kancing (baterai jam) atau magnet, benda "
    "tajam, atau ada batuk, air liur menetes terus, "
    "sulit menelan, muntah, atau nyeri dada, tenggorokan, atau perut. Jika tidak, segera hubungi dokter atau "
    "fasilitas kesehatan terdekat. Jangan memaksa muntah, dan jangan mencoba mengeluarkan benda dari hidung atau "
    "telinga yang tidak mudah dijangkau.",
    about="Saya medbot, AI yang menjawab pertanyaan medis umum. Ketik pertanyaan Anda sebagai pesan "
    "(di grup, sebut saya atau gunakan /ask <pertanyaan>).\n\n" + _ID_DISCLAIMER + "\n"
    "Dalam keadaan darurat, hubungi 112 atau 119.",
    busy="Saya sedang menjawab banyak pertanyaan lain. Silakan coba lagi sebentar lagi.",
    restarting="Saya sedang dimulai ulang. Silakan kirim pertanyaan Anda lagi sebentar lagi.",
    timeout="Maaf, jawabannya terlalu lama. Silakan coba lagi sebentar lagi.",
    error="Maaf, saya tidak dapat membuat jawaban saat ini.",
    no_answer="Maaf, saya tidak dapat menyusun jawaban yang berguna untuk itu. Bisakah pertanyaannya diulang "
              "dengan kata lain?",
    no_source="Saya tidak punya sumber tepercaya untuk itu. Silakan tanyakan ke tenaga kesehatan, atau tulis "
    "ulang pertanyaan dengan nama penyakit atau obatnya.",
    rate_limited="Anda mengirim pertanyaan terlalu cepat. Tunggu {seconds} detik lalu tanyakan lagi.",
    forgot="Baik, saya sudah melupakan percakapan kita.",
    offline="Maaf, saya sedang tidak aktif saat Anda bertanya; silakan tanyakan lagi.",
    caution="Jika ini sedang terjadi sekarang, segera hubungi 112 atau ambulans 118/119, atau pergi ke IGD "
    "terdekat.",
    not_now="Jika ini tidak sedang terjadi sekarang, berikut yang saya temukan untuk pertanyaan Anda:",
    off_topic="Saya hanya bisa membantu pertanyaan kesehatan. Tanyakan tentang penyakit, gejala, pemeriksaan, "
    "atau obat.",
    welcome="Sama-sama. Silakan tanyakan hal lain tentang penyakit, gejala, pemeriksaan, atau obat.",
    lead="Berikut jawaban dari situs kesehatan pemerintah AS (NIH/MedlinePlus) tentang {topic}, bagian {aspect} "
    "(dalam bahasa Inggris):",
    aspects=(("information", "gambaran umum"), ("symptoms", "gejala"), ("causes", "penyebab dan penularan"),
             ("treatment", "pengobatan"), ("prevention", "pencegahan"), ("exams and tests", "pemeriksaan"),
             ("outlook", "peluang sembuh"), ("complications", "komplikasi"), ("inheritance", "faktor keturunan"),
             ("genetic changes", "faktor keturunan"), ("susceptibility", "siapa yang berisiko"),
             ("side effects", "efek samping"), ("dose", "dosis"), ("precautions", "keamanan dan kewaspadaan"),
             ("usage", "cara pakai"), ("indication", "kegunaan"), ("dietary", "makanan")),
)

_BY_LANG = {"en": EN, "id": ID}


def texts(lang: str | None) -> Texts:
    return _BY_LANG.get((lang or "en").lower()[:2], EN)


def for_message(text: str | None = None, user_language: str | None = None) -> Texts:
    """The texts for a reply: the message's language when it has words, else the user's client
    language (Telegram's language_code, Discord's locale), else English."""
    if text and text.strip():
        return texts(detect(text))
    return texts(user_language)
