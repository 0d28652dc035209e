"""Emergency triage before the model and before retrieval: `assess(text) -> Assessment`.

Two checks, and the more urgent wins. The rules read like the published warning-sign lists
(bot/safety/signs.py): a sign alone is not enough: "what causes chest pain?" asks about a sign, "I have
chest pain and my arm is numb" reports one. `_happening_now` weighs that (first person, someone
present, time words, "what do I do" against question frames about a topic, hypotheticals, a history
or a long-standing pattern), with NegEx-style negation ("no chest pain"). The learned detector
(bot/safety/detector.py) was trained on messages by writers who never saw the rules and catches what they
word differently. Three outcomes: emergency (the emergency reply; alone when the detector is sure, a rule
fired, or it is about self-harm or poisoning, else the reference's answer may follow it), caution (the normal
answer, led by one line on what to do if it is happening now) and none.

Cost grows linearly with the message: the text is normalised once, each sign pattern is tried only
at word starts whose first two characters can begin it, and a match's sentence is found by bisection.
Measured: `bench/safety.py`.
"""

from __future__ import annotations

import logging
import re
import time
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from bot.safety import detector as det
from bot.safety.regexheads import heads as pattern_heads
from bot.safety.signs import _AMBIGUOUS, DECISIVE, FEVER_WORD, GROUPS, SUPPORT, Kind, SignGroup

log = logging.getLogger(__name__)

Level = Literal["emergency", "caution", "none"]
SENTENCE_REACH = 300  # characters of a sign's sentence read either side of it
HITS_PER_GROUP = 32  # signs of one group judged in one message

# ---- context: is it happening now, or is it a question about a topic?
_PERSONAL = re.compile(
    r"\b(?:i|i'?m|im|i'?ve|ive|i'?d|i'?ll|me|my|myself|we|we'?re|our|us|mine)\b|\b(?:he|she|they)(?:'s|'re| is| are|"
    r" has| "
    r"have| was| were| just| can'?t| keeps| won'?t| isn'?t| started| took| ate| drank| fell| collapsed)\b|"
    r"\b(?:someone|somebody|this (?:guy|man|woman|lady|person|kid)|a (?:man|woman|guy|kid|person|child) (?:here|next|"
    r"is|just|has))\b|"
    r"\b(?:saya|aku|gue|gw|gua|kami|kita|anakku|bayiku|suamiku|istriku|ibuku|ayahku|adikku|kakakku|dia|beliau|"
    r"temanku|pacarku)\b|\b(?:anak|bayi|suami|istri|ibu|ayah|bapak|mama|papa|adik|kakak|nenek|kakek|teman|"
    r"pacar|mertua|om|tante)(?:ku| saya| aku| gue| kami)?\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|me|my ?self|saya|aku|gue|gw|gua)\b")
_NOW = re.compile(
    r"\b(?:right now|just now|now|at the moment|currently|tonight|today|this (?:morning|evening|afternoon|minute)|"
    r"last night|since (?:this morning|last night|yesterday|an hour)|(?:a few|few|an?|one|two|three|four|five|ten|"
    r"twenty|thirty|\d+) (?:seconds?|secs?|minutes?|mins?|hours?|hrs?) ago|keeps|is still|won'?t stop|help|"
    r"please|urgent|asap|hurry|911|999|112|ambulance|what (?:do|should|can|must) (?:i|we) do|what now|"
    r"(?:go|going|take (?:him|her|them)) to (?:the )?(?:er|a&e|emergency|hospital)|call (?:911|an ambulance)|"
    r"going to|gonna|about to|on (?:the|my) way|"
    r"sekarang|barusan|tadi|baru saja|baru aja|sejak tadi|dari tadi|semalam|tadi malam|pagi ini|malam ini|"
    r"hari ini|(?:\d+|satu|dua|tiga|beberapa|se) ?(?:menit|jam) (?:yang )?lalu|tolong|darurat|segera|cepat|"
    r"harus (?:apa|bagaimana|gimana|ngapain)|gimana ini|bagaimana ini|apa yang harus|masih)\b")
_STRONG_NOW = re.compile(
    r"\b(?:right now|just now|at the moment|(?:\d+|a few|few|an?|one|two|ten|twenty|thirty) (?:minutes?|mins?|"
    r"hours?|hrs?|seconds?) ago|this (?:morning|evening|afternoon)|tonight|last night|sekarang|barusan|tadi|"
    r"baru saja)\b")
# A sentence that opens as a question ("what is", "can stress cause", "is chest pain normal"), but
# not one that opens on the person ("is my baby having a seizure?", "does he need the ER").
_QUESTION = re.compile(
    r"^(?:(?:can you )?(?:please )?(?:tell me |explain )?(?:what|whats|what'?s|which|why|how|when|where|who|whom|"
    r"define|explain|describe|list|name)\b|(?:can|could|should|will|would|may|might)\b(?!')|"
    r"(?:is|are|does|do)\b(?!')(?! (?:i|we|my|our|he|she|they|his|her|their|this|that|your)\b)|"
    r"(?:the )?(?:symptoms?|signs?|causes?|risk factors?|treatments?|types?|stages?|warning signs?|first aid|"
    r"prevention|complications?|statistics|information|info|facts|difference|history)\b|"
    r"(?:apa|apakah|bagaimana|gimana|kenapa|mengapa|berapa|kapan|siapa|dimana|di mana|jelaskan|sebutkan)\b)")
# Phrases that make a sentence about a topic or a hypothetical, wherever they stand.
_TOPIC = re.compile(
    r"\b(?:symptoms? of|signs? of|causes? of|risk factors?|warning signs|first aid (?:for|pada|untuk)|what causes|"
    r"what happens|is it normal|how (?:do|can|would|will) (?:i|you|we|one) (?:know|tell|recogni[sz]e|prevent|avoid|"
    r"spot|help someone|treat)|how (?:to|is|are|do doctors|long|common)|can .{1,40} cause|prevent\w*|"
    r"treatment (?:for|of)|statistics|in general|people who|someone who|a person who|when someone|if someone|"
    r"if a (?:person|child|baby|kid)|what (?:to|should you|do you) do (?:if|when|for)|in case (?:of|someone)|"
    r"what (?:should|do|can|would) (?:i|we|you) do (?:if|when) (?!.{0,40}\b(?:took|swallowed|drank|ate|just|is|"
    r"isn'?t|has|hasn'?t|was|already|won'?t|can'?t)\b)|difference between|hazards?|safety tips|is it safe|"
    r"is it dangerous|is it true|apa itu|apa (?:saja )?(?:penyebab|gejala|tanda|ciri|faktor risiko|pengobatan|"
    r"obat|komplikasi)|penyebab|gejala|tanda[- ]tanda|ciri[- ]ciri|faktor risiko|cara (?:mengobati|mencegah|"
    r"mengatasi|menangani|mengenali)|apakah normal|bagaimana cara|seseorang|jika (?:seseorang|ada orang)|"
    r"kalau (?:seseorang|ada orang))")
_CHRONIC = re.compile(
    r"\b(?:sometimes|occasionally|often|usually|always|every (?:time|day|morning|night|week|month)|for (?:weeks|"
    r"months|years|a (?:long|while)|\d+ (?:weeks|months|years))|on and off|off and on|recurring|chronic|"
    r"(?:when|whenever|after|if) (?:i|he|she) (?:try to |tries to )?(?:run|exercise|work out|eat|walk|climb|lie|stand|"
    r"get up|wake|move|bend|sit|lift|put|cough|sneeze|press)|slowly|gradually|getting worse over|"
    r"years ago|last (?:year|month|week|summer|winter)|months ago|weeks ago|in the past|history of|used to|"
    r"when i was|as a (?:child|kid)|recovering|recovered|since (?:his|her|my) (?:stroke|heart attack|surgery)|"
    r"after (?:his|her|my) (?:stroke|heart attack|seizure|overdose)|had a (?:stroke|heart attack|seizure) "
    r"(?:last|in|years|\d)|kadang|sering|setiap (?:hari|kali|pagi|malam)|sudah lama|bertahun[- ]tahun|"
    r"berbulan[- ]bulan|(?:tahun|bulan|minggu) lalu|riwayat|dulu|(?<!yang )pernah)\b")

# An ingestion in the last 48 hours stays urgent: acetaminophen and iron harm a day or two later.
_RECENT = re.compile(
    r"\b(?:yesterday|last night|this morning|earlier today|overnight|(?:\d{1,2}|a few|few|an?|one|two|three|"
    r"several|couple of) (?:hours?|hrs?|minutes?|mins?) ago|(?:a|one|1) day ago|since (?:last night|yesterday|this "
    r"morning)|kemarin|kemaren|semalam|tadi (?:pagi|siang|sore|malam)|(?:\d{1,2}|beberapa|satu|dua) jam (?:yang )?"
    r"lalu)\b")
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|denies|denied|don'?t have|doesn'?t have|didn'?t have|haven'?t had|hasn'?t had|"
    r"free of|ruled out|negative for|no sign of|no signs of|tidak ada|tanpa|bukan|tidak|tak|gak|nggak|belum)\b"
    r"(?:\W+\w+){0,2}\W*$")
# "tanpa sebab", "gak tau kenapa": no negation of what follows
_NOT_NEGATING = re.compile(r"\b(?:tanpa|tidak|tak|gak|ga|gk|nggak|ngga|enggak|ndak|not|don'?t) "
                           r"(?:sebab|alasan|jelas|tau|tahu|ngerti|know|sure)\b")
# a fever that is over ("skrg udh normal", "sudah sembuh", "now fine", "fever broke", "demamnya udah turun")
_FEVER_OVER = re.compile(r"\b(?:(?:sudah|udah|udh|dah|sdh) (?:normal|sembuh|sehat|turun|reda|hilang|ilang)|reda|"
                         r"(?:now|is|she'?s|he'?s) (?:fine|ok|okay|better|normal)|"
                         r"fever (?:broke|has broken|is gone|went away)|no longer|fever-free|fever free|bebas demam)\b")
# someone else's fever or a room's ("kakaknya lagi demam", "saya demam", "the room is 38 degrees", "asi suhu 38")
_ELSE_HOT = re.compile(r"\b(?:kakak\w*|ibu\w*|ayah\w*|mama\w*|papa\w*|i|i'?ve|mom|mum|dad|sister|brother|room|"
                       r"ruangan|kamar|air|water|bath|milk|susu|asi|outside|luar|car|mobil|cuaca)\b")
_LINKING = frozenset(("lagi", "lg", "juga", "jg", "sedang", "yg", "yang", "has", "had", "have", "got", "a", "also",
                      "is", "was", "been", "kena"))
# a fever supposed, not reported ("if my 6 week old gets a fever", "bayi 1 bulan kalau demam boleh ...")
_SUPPOSE = re.compile(r"\b(?:if|in case|whether|what if|kalau|kalo|klo|jika|bila|seandainya|misalnya|andaikan)\b")
# a question about what counts as a fever ("dikatakan demam kalau suhunya berapa?", "what counts as a fever")
_DEFINES = re.compile(r"\b(?:dikatakan|termasuk|disebut|dianggap|counts? as|considered|what temp(?:erature)? is)\b")
# A negation just before a decisive sign's fever ("bayi 1 bulan ga demam", "3 week old, no fever"), in chat spellings
# too (`_NEGATION` reads the words before a sign, in the rules' fitted form): no emergency on the rule alone
_NEGATED_INSIDE = re.compile(r"\b(?:no|not|never|without|isn'?t|doesn'?t|don'?t|hasn'?t|haven'?t|wasn'?t|tidak|tak|"
                             r"gak|ga|gk|nggak|ngga|enggak|engga|ndak|nda|belum|bukan|tanpa)\b")
_CLAUSE = re.compile(r"[.!?;\n]+|\b(?:but|tapi|tetapi|namun)\b")
_SENTENCE_END = re.compile(r"[.!?\n]+\s*")
_WORD_START = re.compile(r"(?<![\w'])[\w']")
# A past that is over ("my ex used to hit me", "when I was a kid", "years ago"); abuse "every time he drinks" is not.
_PAST = re.compile(
    r"\b(?:used to|years ago|(?:a|one|two|three|\d+) (?:years?|months?) ago|last (?:year|month)|months ago|in the past|"
    r"when i was (?:a |little|young|small|\d)|as a (?:child|kid|teen|teenager)|growing up|(?:back )?in (?:19|20)\d\d|"
    r"previous (?:relationship|marriage|partner)|(?:past|old|former|last) (?:relationship|marriage)|survivor|dulu|"
    r"pernah|waktu (?:kecil|sd|smp|sma)|(?:tahun|bulan) (?:yang )?(?:lalu|kemarin)|masa lalu|(?:weeks|months?|years?) "
    r"back|when (?:i|he|she|we|they|my \w+|our \w+) (?:was|were) (?:a |little|young|small|younger|\d|one|two|three|"
    r"four|five|six|seven|eight|nine|ten)|with my (?:first|last|previous|older|eldest|second)|"
    r"(?:anak|kehamilan) (?:pertama|sebelumnya)|last week|minggu (?:lalu|kemarin))\b")
# Care that has been had, or an object that has come out: a question about what follows, not help to get now.
_SEEN = re.compile(
    r"\b(?:(?:did|had|got|took|done) (?:an? |the )?(?:x-?rays?|xray|scan)|x-?rays? (?:showed|shows|was|were|said)|"
    r"rontgen(?:nya)? (?:udah|sudah|menunjukkan|bilang)|(?:doctor|dr|gp|a&e|er|hospital|pediatrician|paediatrician|"
    r"dokter|igd)\b.{0,40}\b(?:checked|saw|looked|said it(?:'?ll| will| would| is| was) (?:pass|fine|ok|be fine)|"
    r"says it(?:'?ll| will) pass|sent (?:us|me|him|her) home|bilang (?:aman|gak apa|nggak apa|tidak apa))|(?:it|the "
    r"coin|koin(?:nya)?) (?:has |have |already |udah |sudah )?(?:passed|came out|come out|keluar)|(?:udah|sudah) "
    r"keluar)")
# What keeps a past going in its own clause ("we married 3 years ago and he beats me every week"), beside the
# strong-now and recent words
_STILL = re.compile(r"\b(?:now|still|masih|sekarang|semalem|semalam|every (?:day|week|night|time)|all the time|"
                    r"keeps?|again|lagi|terus)\b")
_CLAUSE_EDGE = re.compile(r"[,;:]|\b(?:and|but|now|then|tapi|terus|trus|sekarang|dan)\b")
_HABIT = re.compile(r"\b(?:suka|sering|selalu|tiap|always|every time|whenever|keeps?)\b")
_KICK = re.compile(r"kick|nendang|tendang")
_PREGNANT = re.compile(r"\b(?:pregnant|pregnancy|weeks|wks|hamil|kandungan|janin|bayi|dedek|baby)\b")
_ANIMAL = re.compile(r"\b(?:dog|dogs|puppy|puppies|cat|cats|kitten|kittens|pet|hamster|rabbit|parrot|cow|horse|mare|"
                     r"sheep|ewe|goat|pig|sow|kucing|anjing|kelinci|burung|sapi|kambing|kuda|domba)\b")
# Not someone hurting: play, an accident, a joke ("punched me in the arm playfully lol"), or how to help another
_NOT_VIOLENCE = re.compile(
    r"\b(?:playful\w*|jokingly|as a joke|pillow|lol|lmao|haha\w*|wkwk\w*|accident\w*|by accident|(?:gak|nggak|ga|"
    r"tidak|tak) sengaja|(?:how|what) (?:can|do|should) i (?:do to )?(?:help|support)|help (?:my |a )?friend|"
    r"friend who|play(?:ing)?[- ]?fight\w*|rough ?hous\w*|(?:writing|reading|watching) (?:a |an |my )?(?:novel|"
    r"story|book|script|essay|film|movie|show)|read (?:a|an|the) (?:story|book|novel|article)|character|becanda|"
    r"bercanda)\b")
# A report in the present tense: going on, whatever past the sentence names ("since last year ... he hits me")
_GOING_ON = re.compile(r"\b(?:hits|beats|slaps|punches|kicks|chokes|strangles|hurts|abuses|rapes|molests|pushes|"
                       r"shoves|threatens|\w+ing (?:me|us|her|him|my))\b")
_ADULT = re.compile(r"\b(?:he|husband|boyfriend|bf|partner|ex|suami|pacar|cowok|mantan|ayah|bapak)\b")
_PERSON = re.compile(r"\b(?:my (?:son|daughter|baby|kid|child|toddler|husband|wife|partner)|anak|bayi)\b(?!'?s )")
# "kalo misalnya" (what if): a hypothetical the emergency rules' pattern does not list
_WHAT_IF = re.compile(r"\b(?:kalo|klo|kl|misal|misalnya|andaikan|seandainya|what if|suppose|hypothetically|"
                      r"scared of|afraid of|fear of|worried about)\b")
# A sign in a condition or possibility ("it could be a problem if I suddenly developed double vision"). Worry said
# on its own before a report ("khawatir, bayi 1 bulan saya demam 38", "takut bgt dok. anak saya kejang") is a
# feeling, not a supposition: "takut"/"khawatir" suppose only when a clause follows ("takut kena dbd").
_HYPOTHETICAL = re.compile(r"\b(?:if|in case|whether|could|might|would|risk of|chance of|afraid of|worried about|"
                           r"apakah|jika|kalau|bila|(?:takut|khawatir)(?!\s*(?:(?:banget|bgt|sekali|skali|bener|"
                           r"nih|dok|dokter|bu|pak|sih|aku|saya|sy|aq)\s*)*(?:[,.!:;]|$)))\b")


@dataclass(frozen=True)
class Triage:
    kind: Kind
    group: str
    lang: str


@dataclass(frozen=True)
class Assessment:
    level: Level
    kind: Kind | None  # the reply an emergency needs (emergency, poisoning, self_harm); None otherwise
    group: str  # the rule's sign group, "detector", or "" for none
    p_urgent: float  # the detector's probability that the message is urgent
    # an emergency the check is sure of (p_urgent at or above the detector's alone_at), about self-harm or
    # poisoning, or a warning sign the rules read as happening now (`stands_alone`): the emergency reply alone;
    # otherwise (the detector alone, unsure) the reference's answer may follow it (bot/core.py)
    alone: bool = True
    # replies that follow the first one: the crisis line or Poison Control the detector chose when a sign of other
    # help (`support`) took the first place, or a second kind of other help ("he kicked me and my waters broke")
    also: tuple[Kind, ...] = ()

    @property
    def replies(self) -> tuple[Kind, ...]:
        """Every reply kind sent, in order (none unless level is emergency)."""
        return (self.kind, *self.also) if self.level == "emergency" and self.kind is not None else ()


@dataclass(frozen=True)
class _Pattern:
    group: int
    rx: re.Pattern[str]


def _index(groups: tuple[SignGroup, ...]) -> tuple[dict[str, tuple[_Pattern, ...]], tuple[_Pattern, ...]]:
    """Patterns by the two or three characters a match starts with (looked up at each word start)."""
    by_head: dict[str, list[_Pattern]] = {}
    anywhere: list[_Pattern] = []
    for gi, g in enumerate(groups):
        for p in (*g.en, *g.id):
            pat = _Pattern(gi, re.compile(r"(?:" + p + r")"))
            heads = pattern_heads(p)
            if heads is None or any(len(h) < 2 for h in heads):
                anywhere.append(pat)
                continue
            for h in heads:
                by_head.setdefault(h, []).append(pat)
    return {h: tuple(v) for h, v in by_head.items()}, tuple(anywhere)


@dataclass(frozen=True)
class _Table:
    """One table of sign groups, indexed for `_hits`: the emergency signs, or the signs of other help."""
    groups: tuple[SignGroup, ...]
    by_head: dict[str, tuple[_Pattern, ...]]
    anywhere: tuple[_Pattern, ...]
    rank: dict[int, tuple[bool, int]]

    @classmethod
    def of(cls, groups: tuple[SignGroup, ...]) -> _Table:
        by_head, anywhere = _index(groups)
        # Self-harm first: its reply is the one a person in crisis should get even when a physical sign
        # (an overdose, a cut) is named too.
        return cls(groups, by_head, anywhere, {gi: (g.kind != "self_harm", gi) for gi, g in enumerate(groups)})


_SIGNS = _Table.of(GROUPS)
_SUPPORT = _Table.of(SUPPORT)
_DECISIVE = _Table.of(DECISIVE)


def normalise(text: str) -> str:
    """The detector's normalisation (NFKC, hidden characters removed, lower case) and the dropped
    apostrophes people leave out restored ("cant" -> "can't")."""
    t = det.normalise(text)
    return re.sub(r"\b(can|don|won|isn|doesn|didn|wasn|aren|couldn|hasn|haven|wouldn)t\b", r"\1't", t)


class _Message:
    """One normalised message with the whole-message context computed at most once."""

    def __init__(self, t: str):
        self.t = t
        self.starts = [0] + [m.end() for m in _SENTENCE_END.finditer(t)]

    def sentence(self, pos: int) -> str:
        """The sentence around `pos`, at most SENTENCE_REACH characters either side: a message with no
        full stop is one huge sentence, and reading all of it for every sign would be quadratic."""
        i = bisect_right(self.starts, pos) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.t)
        return self.t[max(self.starts[i], pos - SENTENCE_REACH):min(end, pos + SENTENCE_REACH)].strip()

    @property
    def strong(self) -> bool:
        return self._flag("strong", _STRONG_NOW)

    @property
    def now(self) -> bool:
        return self._flag("now", _NOW)

    @property
    def personal(self) -> bool:
        return self._flag("personal", _PERSONAL)

    @property
    def first_person(self) -> bool:
        return self._flag("first", _FIRST_PERSON)

    @property
    def recent(self) -> bool:
        return self._flag("recent", _RECENT)

    def _flag(self, name: str, rx: re.Pattern[str]) -> bool:
        cache_ = self.__dict__.setdefault("_flags", {})
        if name not in cache_:
            cache_[name] = rx.search(self.t) is not None
        return bool(cache_[name])


def _hits(msg: _Message, table: _Table = _SIGNS) -> list[tuple[int, _Pattern, str]]:
    """The sign patterns matching at word starts, most urgent group first, then by position; at most
    HITS_PER_GROUP per group (a message repeating a sign a thousand times says no more than 32 times)."""
    t = msg.t
    hits: list[tuple[tuple[bool, int], int, _Pattern, str]] = []
    heads = table.by_head.get
    for w in _WORD_START.finditer(t):
        pos = w.start()
        for cands in (heads(t[pos:pos + 3]), heads(t[pos:pos + 2]), table.anywhere):
            for pat in cands or ():
                m = pat.rx.match(t, pos)
                if m is not None:
                    hits.append((table.rank[pat.group], pos, pat, m.group(0)))
    kept: list[tuple[int, _Pattern, str]] = []
    per_group: dict[int, int] = {}
    for _, pos, pat, sign in sorted(hits, key=lambda h: (h[0], h[1])):
        per_group[pat.group] = per_group.get(pat.group, 0) + 1
        if per_group[pat.group] <= HITS_PER_GROUP:
            kept.append((pos, pat, sign))
    return kept


def rules(text: str, lang: str = "en", normalised: bool = False) -> Triage | None:
    """The warning-sign rules alone: the reply kind a message needs, or None."""
    msg = _Message(text if normalised else normalise(text))
    for pos, pat, sign in _hits(msg):
        group = GROUPS[pat.group]
        if not _is_negated(msg.t, pos) and _happening_now(msg, pos, group, sign):
            return Triage(group.kind, group.name, lang)
    return None


def decisive(t: str) -> Triage | None:
    """A sign in a normalised message that needs the emergency reply whatever the detector scores (signs.py
    `DECISIVE`: a fever in a baby under three months), read as happening now like any rule, with no negation in the
    three words before its fever ("bayi 1 bulan ga demam", "my 3 week old has no fever"), not over, supposed, defined
    nor someone else's; or None."""
    msg = _Message(t)
    if _FEVER_OVER.search(t) or _ANIMAL.search(t):  # "udah normal", "now fine", "fever broke"; a puppy
        return None
    for pos, pat, sign in _hits(msg, _DECISIVE):
        group = DECISIVE[pat.group]
        at = pos + max((m.start() for m in FEVER_WORD.finditer(sign)), default=0)  # where the fever is said
        # "ga demam", "doesn't have a fever", "gak ada demam"; not "tanpa sebab demam", "gak tau kenapa demam"
        before = _NOT_NEGATING.sub(" ", t[max(0, at - 40):at]).split()[-3:]
        who = [w for w in before if w not in _LINKING][-1:]  # "kakaknya lagi demam", "i have a fever", "room is 38"
        if _is_negated(t, pos) or _NEGATED_INSIDE.search(" ".join(before)) or _ELSE_HOT.search(" ".join(who)):
            continue
        if _SUPPOSE.search(t[max(0, at - 60):at]) or _DEFINES.search(msg.sentence(at)):
            continue  # "kalau bayi 1 bulan demam harus gimana", "dikatakan demam kalau suhunya berapa?"
        if _happening_now(msg, pos, group, sign):
            return Triage(group.kind, group.name, "")
    return None


def support(text: str, lang: str = "en", normalised: bool = False) -> Triage | None:
    """Help beyond the emergency number (signs.py `SUPPORT`): someone hurting the writer or a person with them,
    a labour, a swallowed or pushed-in object, reported as happening (the same context reading as the emergency
    rules), or None. The first kind found in SUPPORT's order; `supports` gives all of them."""
    found = supports(text, lang, normalised)
    return found[0] if found else None


def supports(text: str, lang: str = "en", normalised: bool = False) -> list[Triage]:
    """Every kind of other help a message reports, in SUPPORT's order (violence, labour, swallowed object)."""
    msg = _Message(text if normalised else normalise(text))
    out: list[Triage] = []
    for pos, pat, sign in _hits(msg, _SUPPORT):
        group = SUPPORT[pat.group]
        if any(t.kind == group.kind for t in out):
            continue
        if not _is_negated(msg.t, pos) and _reported(msg, pos, group, sign):
            out.append(Triage(group.kind, group.name, lang))
    return out  # `_hits` gives the groups in SUPPORT's order


def _reported(msg: _Message, pos: int, group: SignGroup, sign: str) -> bool:
    """`_happening_now` for the signs of other help: an ingestion or an assault in the last two days counts as now,
    a past that is over ("used to", "years ago", "with my first") does not unless its own clause says it is still
    going on, a question about a person present reports ("is it bad that my mom swallowed a safety pin?"), and a
    pet is not a person."""
    sentence = msg.sentence(pos)
    strong = msg.strong or msg.recent
    at = sentence.find(sign)
    before = sentence[: max(0, at)]
    if _ANIMAL.search(sentence) and not (_ADULT if group.kind == "violence" else _PERSON).search(sentence):
        return False  # "my dog swallowed a coin", "our cow is in labour", "i got jumped by my cat"
    violence = group.kind == "violence"
    if violence and _NOT_VIOLENCE.search(sentence) and not strong:
        return False
    habit = violence and _HABIT.search(sentence) is not None  # "kalo dia mabok dia suka mukul aku": when, not if
    if not habit and ((_HYPOTHETICAL.search(before) and not (strong or msg.now)) or
                      (_WHAT_IF.search(before) and not strong)):
        return False
    if violence and _KICK.search(sign) and _PREGNANT.search(sentence) and not _ADULT.search(sentence):
        return False  # the baby kicking
    if group.chronic_demotes and _CHRONIC.search(sentence) and not strong:
        return False
    if group.kind == "swallowed" and msg._flag("seen", _SEEN):
        return False
    if group.past_demotes and _PAST.search(sentence):
        clause = _clause(sentence, at, len(sign))  # "... 3 years ago and he beats me every week": still going on
        if not (_STRONG_NOW.search(clause) or _RECENT.search(clause) or _STILL.search(clause) or
                (violence and _GOING_ON.search(sign))):
            return False
    if _TOPIC.search(sentence):
        return strong or (violence and msg.personal)  # "is it normal that my husband hits me"
    if _QUESTION.match(sentence):
        return msg.personal
    return True


def _clause(sentence: str, at: int, length: int) -> str:
    """The clause around a sign: from the last comma or "and/but/now" before it (a word edge kept: "now he hits me")
    to the next after it."""
    start = max((m.start() if m.group(0)[0].isalpha() else m.end()
                 for m in _CLAUSE_EDGE.finditer(sentence, 0, max(0, at))), default=0)
    end = next((m.start() for m in _CLAUSE_EDGE.finditer(sentence, at + length)), len(sentence))
    return sentence[start:end]


def signals(t: str, lang: str = "en") -> tuple[set[str], Triage | None]:
    """What the rules see in a normalised message, as features for the detector: each sign found
    (S:), negated (N:) or judged happening now (R:), and the context words around them (X:), so the
    detector learns when the rules' context judgement holds on other people's words. Also the rules'
    own verdict (what `rules` returns), from the same pass."""
    msg = _Message(t)
    out: set[str] = set()
    verdict: Triage | None = None
    for pos, pat, sign in _hits(msg):
        group = GROUPS[pat.group]
        out.add(f"S:{group.name}")
        if _is_negated(t, pos):
            out.add(f"N:{group.name}")
        elif _happening_now(msg, pos, group, sign):
            out.update((f"R:{group.name}", f"R:{group.kind}", "R:any"))
            verdict = verdict or Triage(group.kind, group.name, lang)
        sentence = msg.sentence(pos)
        for name, rx in (("topic", _TOPIC), ("chronic", _CHRONIC), ("hypothetical", _HYPOTHETICAL)):
            if rx.search(sentence):
                out.add(f"X:sign_{name}")
        if _QUESTION.match(sentence):
            out.add("X:sign_question")
    for name, on in (("strong", msg.strong), ("now", msg.now), ("personal", msg.personal),
                     ("first", msg.first_person), ("recent", msg.recent)):
        if on:
            out.add(f"X:{name}")
    for name, rx in (("topic", _TOPIC), ("chronic", _CHRONIC), ("hypothetical", _HYPOTHETICAL)):
        if rx.search(t):
            out.add(f"X:{name}")
    return out, verdict


# Replies that never have an answer after them, however unsure the check: a person in crisis reads the crisis
# line and nothing else, after a swallowed medicine or chemical a page about it (its dose, "keep taking your
# medicines") must not follow "call Poison Control", and a warning sign the rules read as happening now ("the
# worst headache of my life", "his speech is slurred") is not followed by a page about it either.
ALONE_KINDS = frozenset(("self_harm", "poisoning"))
_ALONE_SIGNS = frozenset(f"S:{g.name}" for g in GROUPS if g.kind in ALONE_KINDS or g.name == "harm_others")


def stands_alone(found: set[str], *kinds: str | None) -> bool:
    """Whether an emergency reply must come alone whatever the score: a rule judged a warning sign happening now
    (`signals`' "R:any", whatever its kind), a sign of self-harm, poisoning or harm to others was found at all,
    or any of the kinds (the detector's) is self-harm or poisoning."""
    return any(k in ALONE_KINDS for k in kinds) or "R:any" in found or not _ALONE_SIGNS.isdisjoint(found)


def detector_features(text: str) -> dict[str, set[str]]:
    """The detector's features of a whole message (what `python -m trainer.triage` fits on)."""
    t = normalise(text)
    return det.features(det.tokens(t), signals(t)[0])


def _is_negated(t: str, start: int) -> bool:
    before = _CLAUSE.split(t[max(0, start - 40):start])[-1]
    return bool(_NEGATION.search(before))


def _happening_now(msg: _Message, pos: int, group: SignGroup, sign: str) -> bool:
    """Whether the sign at `pos` is reported as happening (to the writer or someone with them),
    rather than asked about as a topic, a hypothetical, or a past or long-standing pattern."""
    sentence = msg.sentence(pos)
    topic = bool(_TOPIC.search(sentence))
    question = bool(_QUESTION.match(sentence))
    if group.kind == "self_harm" and _AMBIGUOUS.match(sign):
        # "I feel suicidal" reports; "what are the risk factors for suicide?" asks.
        return not (topic or question) or msg.first_person
    if group.kind == "self_harm" or group.name == "harm_others":
        return True  # intent in the writer's own words ("I want to die") is never a topic
    strong = msg.strong or (group.kind == "poisoning" and msg.recent)
    at = sentence.find(sign)
    if _HYPOTHETICAL.search(sentence[: max(0, at)]) and not (strong or msg.now):
        return False
    if group.chronic_demotes and _CHRONIC.search(sentence) and not strong:
        return False
    if topic:
        return strong
    if question:
        # "what do I do, my son drank bleach" reports; "can stress cause chest pain?" asks.
        return msg.now and msg.personal
    return True


def report_broken_detector(exc: BaseException) -> None:
    """One error line a minute: triage runs on the rules alone while the weights do not load."""
    global _broken_logged
    now = time.monotonic()
    if now - _broken_logged > 60:
        _broken_logged = now
        log.error("triage weights %s do not load (%s: %s): emergency check on the rules alone",
                  det.DEFAULT_PATH, type(exc).__name__, exc)


_broken_logged = -1e9


@cache
def default_detector() -> det.Detector:
    """The shipped weights (bot/safety/triage.json), loaded once."""
    return det.Detector.load()


def assess(text: str, lang: str = "en", detector: det.Detector | None = None, others: bool = True) -> Assessment:
    """Emergency, caution or none for one message, and the help it needs. A person hurt by someone, a labour or a
    swallowed object (`support`) gets its own reply, alone (`Assessment.also` lists the replies that follow the first):
    - after the emergency, poisoning or self-harm reply when a rule fired or the detector is sure ("my son swallowed a
      coin and he's turning blue": the emergency reply first, then what to do about a swallowed object);
    - first when only the detector found an emergency and is unsure, or found none ("my partner hits me"). The
      detector's self-harm guess then follows only where the writer speaks of their own intent ("he is hitting me
      right now" is not a suicide crisis), its poisoning guess always.
    `others=False`: the emergency check alone (as before SUPPORT)."""
    t = normalise(text)
    a = _assess(t, lang, detector)
    found = supports(t, lang, normalised=True) if others else []
    if not found:
        return a
    kinds = tuple(o.kind for o in found)
    guessed_self_harm = a.group == "detector" and a.kind == "self_harm"
    sure = a.group != "detector" or a.p_urgent >= _alone_at(detector)
    if a.level == "emergency" and not guessed_self_harm and sure:
        return replace(a, alone=True, also=kinds)
    kept: tuple[Kind, ...] = ()
    if (a.level == "emergency" and a.kind == "poisoning") or (guessed_self_harm and _own_intent(t)):
        kept = (a.kind,)  # type: ignore[assignment]
    return Assessment("emergency", found[0].kind, found[0].group, a.p_urgent, also=kinds[1:] + kept)


def _alone_at(detector: det.Detector | None) -> float:
    try:
        return (detector if detector is not None else default_detector()).alone_at
    except (OSError, ValueError, KeyError, TypeError):
        return 0.0  # no weights: `_assess` answered on the rules alone


def _own_intent(t: str) -> bool:
    """Whether a self-harm sign of the rules (signs.py: "i want to die", "kill myself") is in the message, not only
    a threat by someone else ("he says he'll kill me")."""
    return "S:self_harm" in signals(t)[0]


# Long-standing conditions a bare Indonesian statement names ("ibu saya darah tinggi", "bapak kena asam urat udah
# lama"): the detector, short of words, scores such a message high (a person, "saya", "darah"), and a reply with no
# answer after it would cut the conversation short. Names of what can be an emergency now (stroke, seizures, heart
# attack, asthma, chest pain, dengue, depression) are not here.
_LONG_STANDING = frozenset({
    "high blood pressure", "low blood pressure", "diabetes", "type 1 diabetes", "type 2 diabetes", "prediabetes",
    "gestational diabetes", "gout", "high cholesterol", "arthritis", "osteoarthritis", "rheumatoid arthritis",
    "osteoporosis", "gastritis", "gerd", "peptic ulcer", "hemorrhoids", "kidney stones", "gallstones",
    "chronic kidney disease", "thyroid diseases", "hypothyroidism", "hyperthyroidism", "simple goiter", "hepatitis b",
    "hepatitis c", "tuberculosis", "cataract", "glaucoma", "migraine", "eczema", "psoriasis", "acne", "vitiligo",
    "tinea versicolor", "ringworm", "scabies", "dandruff", "hair loss", "insomnia", "dementia", "alzheimer's disease",
    "parkinson's disease", "back pain", "sciatica", "herniated disk", "varicose veins", "enlarged prostate", "obesity",
    "anemia", "iron deficiency anemia", "thalassemia", "allergy", "hay fever", "sinusitis", "cancer", "breast cancer",
    "cervical cancer", "lung cancer", "prostate cancer", "colorectal cancer", "liver cancer", "nasopharyngeal cancer",
    "leukemia", "lymphoma", "irritable bowel syndrome", "lupus", "hearing loss", "tinnitus", "menopause",
    "polycystic ovary syndrome", "uterine fibroids", "endometriosis", "hiv/aids", "autism", "autism spectrum disorder",
    "down syndrome", "cerebral palsy", "carpal tunnel syndrome", "flat feet", "scoliosis"})
# the person and the link words of such a statement; never a time of day ("sejak pagi": since this morning), "sakit"
# or "lagi" (now), and no number (a reading: "darah tinggi 220")
_BARE_WORDS = frozenset(re.findall(r"[a-z]+", """saya aku gue gw sy ane kami kita ibu ibuk ibunda mama mamah mami emak
    mak mamak nyokap bapak ayah papa papah abah abi bokap suami istri bini anak putri putra adik adek dedek kakak abang
    mas mbak mba nenek kakek mbah eyang oma opa om tante paman bibi mertua keponakan ponakan sepupu teman temen pacar
    tetangga kena terkena punya ada menderita mengidap idap divonis didiagnosa didiagnosis penyakit udah sudah lama
    tahunan dulu juga ya nih sih dok kak halo hai permisi mau tanya nanya"""))
# a name that says it changed ("tensi drop", "hb turun", "asam urat kambuh") is no long-standing state
_CHANGED = re.compile(r"\b(?:drop|ngedrop|turun|naik|kambuh|anjlok|melonjak|tiba)")


def _bare_statement(t: str) -> bool:
    """An Indonesian message that only says who has which long-standing condition ("ibu saya darah tinggi", "bapak
    kena asam urat udah lama"; never with a number): its emergency reply, if the detector gives one, is followed by
    the answer."""
    try:
        from bot.answering import indonesian  # the lexicon of lay names (no reference needed)

        if re.search(r"\d", t):
            return False
        r = indonesian.read(t)
        if not r.topics or not set(r.topics) <= _LONG_STANDING or r.asked_at >= 0 or any(
                _CHANGED.search(p) for p in r.said):
            return False
        said = {w for phrase in r.said for w in phrase.split()}
        rest = [w for w in indonesian.normalise(t).split() if w not in said]
        return all(w in _BARE_WORDS or indonesian.unsuffixed(w) in _BARE_WORDS for w in rest)
    except Exception:  # noqa: BLE001 - the lexicon must never cost an emergency reply its place: alone, as before
        log.exception("bare-statement check failed; the emergency reply stays alone")
        return False


def _assess(t: str, lang: str, detector: det.Detector | None) -> Assessment:
    """The emergency check on a normalised message: the rules, weighed by the detector."""
    found, by_rules = signals(t, lang)
    try:
        d = detector if detector is not None else default_detector()
    except (OSError, ValueError, KeyError, TypeError) as exc:  # the rules still answer an emergency
        report_broken_detector(exc)
        if (verdict := by_rules or decisive(t)) is not None:
            return Assessment("emergency", verdict.kind, verdict.group, 1.0)
        return Assessment("none", None, "", 0.0)
    score = d.score(det.features(det.tokens(t), found))
    rules_decide = by_rules is not None and score.p_urgent >= d.rules_at
    sure = None if score.p_urgent >= d.emergency_at or rules_decide else decisive(t)
    if score.p_urgent >= d.emergency_at or rules_decide or sure is not None:
        # the rules' most urgent group (self-harm first), whichever sign made it decisive
        first = by_rules or sure
        kind, group = (first.kind, first.group) if first is not None else (score.kind, "detector")
        alone = sure is not None or stands_alone(found, score.kind) or score.p_urgent >= d.alone_at and not (
            by_rules is None and lang == "id" and _bare_statement(t))
        return Assessment("emergency", kind, group, score.p_urgent, alone)  # type: ignore[arg-type]
    if score.p_urgent >= d.caution_at or by_rules is not None:
        return Assessment("caution", None, by_rules.group if by_rules else "detector", score.p_urgent)
    return Assessment("none", None, "", score.p_urgent)
