"""FDA drug labels (openFDA's `drug/label` records): what a drug question asks, which label sections
answer it, which of several labels to use, and the reply (the passage, then the DailyMed link).

Pure functions and one small record type; where labels come from (the API, bulk files) is
bot/answering/labelsource.py, and recognising a drug in a message is bot/answering/drugs.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.answering.understand import qtype_of, words
from medbot.text import clean, cut_at_sentence

MAX_PASSAGE_CHARS = 1200
DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid="
RX, OTC = "HUMAN PRESCRIPTION DRUG", "HUMAN OTC DRUG"

# What is asked -> the sections that answer it, in order; the second tuple is read only when the label
# has none of the first (old-format labels say `precautions` and `nursing_mothers`; OTC "Drug Facts"
# labels have `warnings`, `do_not_use`, `ask_doctor`... and no `adverse_reactions`).
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "side effects": (("adverse_reactions",), ("warnings", "stop_use", "when_using")),
    "dose": (("dosage_and_administration",), ("directions",)),
    "precautions": (("contraindications", "warnings_and_cautions", "use_in_specific_populations"),
                    ("contraindications", "warnings", "precautions", "do_not_use", "ask_doctor", "geriatric_use")),
    "pregnancy": (("pregnancy", "lactation", "pregnancy_or_breast_feeding"),
                  ("use_in_specific_populations", "nursing_mothers", "warnings")),
    "interactions": (("drug_interactions", "warnings_and_cautions"),
                     ("warnings", "precautions", "ask_doctor_or_pharmacist", "do_not_use")),
    "overdose": (("overdosage",), ("warnings",)),
    "storage": (("storage_and_handling",), ("how_supplied",)),
    "usage": (("indications_and_usage", "purpose"), ("uses", "description")),
    "otc": (("uses", "indications_and_usage", "purpose", "warnings", "do_not_use", "ask_doctor", "directions",
             "dosage_and_administration"), ()),
}
# Every section any answer reads: the rest of a label (tables, chemistry, studies) is never kept.
KEPT = frozenset(s for a, b in SECTIONS.values() for s in (*a, *b))
TITLES = {"side effects": "side effects (adverse reactions)", "dose": "dosage",
          "precautions": "warnings and precautions", "pregnancy": "pregnancy and breastfeeding",
          "interactions": "interactions", "overdose": "overdosage",
          "storage": "storage", "usage": "what it is used for", "otc": "Drug Facts"}

# The message's own words for what a label calls otherwise: added to the question when picking the passage.
_ALSO = {"kidney": "renal", "kidneys": "renal", "liver": "hepatic", "elderly": "geriatric", "older": "geriatric",
         "pregnant": "pregnancy", "breastfeeding": "lactation nursing", "breast": "lactation nursing",
         "alcohol": "alcohol ethanol", "drink": "alcohol", "fridge": "refrigerate", "child": "pediatric",
         "children": "pediatric"}
_OTC = re.compile(r"\bover[- ]the[- ]counter\b|\botc\b|\bwithout (?:a )?prescription\b|\bnon-?prescription\b|"
                  r"\bdrug ?store\b|\bpharmacy shelf\b")
# Most specific first; the first match wins.
_TOPICS: list[tuple[str, re.Pattern[str]]] = [(t, re.compile(rx)) for t, rx in (
    ("overdose", r"\boverdos|\btoo (?:much|many)\b|\bextra (?:dose|pill|tablet)s?\b|\bdouble dose\b"),
    ("pregnancy", r"\bpregnan|\bbreast ?-?feed|\bnursing\b|\blactat|\bconceiv|\btrying for a baby\b"),
    ("interactions", r"\balcohol\b|\bdrink(?:ing|s)?\b(?! (?:water|plenty|fluids|milk|juice))|\bbeer\b|\bwine\b|"
                     r"\bliquor\b|\binteract|\bgrapefruit\b"),
    ("storage", r"(?<!drug )(?<!grocery )(?<!the )(?<!a )\bstor(?:e|ing)\b(?! (?:sell|clerk|bought|brand))|\bstored\b|"
                r"\bwhere (?:should|do|can|to) (?:i |you |we )?(?:keep|put)\b|"
                r"\bstorage\b|\brefrigerat|\bfridge\b|\broom temperature\b|\bexpir|\bkeep (?:it|them|my) "
                r"(?:\w+ )?(?:cold|cool|warm|in)\b"),
    ("side effects", r"\bside[- ]?ef+\w*|\badverse\b|\breactions?\b|\bmake (?:me|you) (?:feel|sick|tired)|"
                     r"\b(?:can|does|could|will|would) [\w-]+(?: [\w-]+)? cause\b|\bcaused by\b"),
    ("precautions", r"\bkidneys?\b|\brenal\b|\bliver\b|\bhepatic\b|\belderly\b|\bolder (?:adults?|people)\b|"
                    r"\bcontraindicat|\bprecaution|\bwho should not\b"),
    ("interactions", r"\b(?:take|taking|mix|mixing|combine|combining) .{1,40}\b(?:with|together)\b|"
                     r"\baffects? (?:the )?\w+ absorption\b"),
    ("precautions", r"\bwarnings?\b|\bsafe(?:ly)?\b|\bdanger"),
    ("dose", r"\bdos(?:e|age|es|ing)\b|\bhow (?:much|many|often)\b|\bmg\b|\bmilligrams?\b|\bhow (?:should|do|to|can)"
             r" (?:i |you |we )?(?:take|use|apply|inject)\b|\bwhen (?:should i |to )take\b"),
    ("precautions", r"\bchild(?:ren)?\b|\bkids?\b|\bbab(?:y|ies)\b|\binfants?\b|\b\d+[- ](?:month|week)s?[- ]old\b"),
    ("usage", r"\bused (?:for|to)\b|\bwhat (?:is|are|does) [\w-]+(?: [\w-]+)? (?:for|do)\b|\bprescribed\b|"
              r"\bwhy (?:take|use)\b|\bwhat is\b|\bwhat are\b|\btreat"),
)]
# The bot's question types (bot/answering/understand.py) that a label answers, when none of the words above say more.
_FROM_QTYPE = {"side effects": "side effects", "dose": "dose", "usage": "dose", "precautions": "precautions",
               "emergency or overdose": "overdose", "storage and disposal": "storage", "indication": "usage",
               "information": "usage", "treatment": "usage"}


WEAK = frozenset({"usage", "otc"})  # asked in general words: a NIH page on the topic named answers as well


_NOT_ON_LABELS = frozenset({"brand names", "forget a dose"})  # MedlinePlus' pages say it; labels hardly do


def label_topic(question: str) -> str | None:
    """What a drug question asks, as a key of SECTIONS; None for what labels do not answer (a missed
    dose, brand names, research), which the MedQuAD page answers instead."""
    low = clean(question).lower().replace("’", "'")
    qtype = qtype_of(question)
    if qtype in _NOT_ON_LABELS:
        return None
    found = next((t for t, rx in _TOPICS if rx.search(low)), None)
    if found is None:
        found = _FROM_QTYPE.get(qtype)
    if found in (None, "usage") and _OTC.search(low):
        return "otc"
    return found


def asks_about_otc(question: str) -> bool:
    return bool(_OTC.search(clean(question).lower()))


@dataclass(frozen=True)
class Label:
    """What the bot keeps of one label: who it is and the sections an answer can read."""

    set_id: str
    effective_time: str  # YYYYMMDD
    product_type: str  # HUMAN PRESCRIPTION DRUG, HUMAN OTC DRUG, ...
    generic: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    substances: tuple[str, ...] = ()
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.generic, *self.brands, *self.substances)

    def title(self) -> str:
        generic = self.generic[0].title() if self.generic else (self.substances[0].title() if self.substances else "")
        brand = self.brands[0].title() if self.brands else ""
        if generic and brand and brand.lower() != generic.lower():
            return f"{generic} ({brand})"
        return generic or brand or "this drug"

    def to_json(self) -> dict[str, Any]:
        return {"set_id": self.set_id, "effective_time": self.effective_time, "product_type": self.product_type,
                "generic": list(self.generic), "brands": list(self.brands), "substances": list(self.substances),
                "sections": self.sections}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Label:
        return cls(str(d["set_id"]), str(d.get("effective_time", "")), str(d.get("product_type", "")),
                   tuple(d.get("generic", ())), tuple(d.get("brands", ())), tuple(d.get("substances", ())),
                   dict(d.get("sections", {})))


def slim(raw: dict[str, Any]) -> Label | None:
    """One openFDA label record -> Label (only KEPT sections, each list of paragraphs joined); None
    for a record without a set_id (no DailyMed page to cite) or without any name."""
    of = raw.get("openfda") or {}
    set_id = str(raw.get("set_id") or "").strip()
    get = lambda k: tuple(dict.fromkeys(str(v).strip() for v in of.get(k) or () if str(v).strip()))  # noqa: E731
    generic, brands, substances = get("generic_name"), get("brand_name"), get("substance_name")
    if not set_id or not (generic or brands or substances):
        return None
    sections = {}
    for k in KEPT:
        v = raw.get(k)
        if v:
            # FDA text, not a user's: folding whitespace is enough (clean()'s per-character pass is the
            # slowest part of indexing the bulk download)
            text = " ".join(" ".join(str(p) for p in (v if isinstance(v, list) else [v])).split())
            if text:
                sections[k] = text
    ptype = (of.get("product_type") or [""])[0]
    return Label(set_id, str(raw.get("effective_time") or ""), str(ptype).upper(), generic, brands, substances,
                 sections)


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SALTS = frozenset(word_set(
    "hydrochloride hcl hydrobromide sodium potassium calcium magnesium sulfate sulphate maleate tartrate succinate "
    "besylate mesylate citrate acetate phosphate bromide fumarate chloride monohydrate dihydrate trihydrate "
    "anhydrous hyclate bitartrate dipropionate propionate valerate furoate disodium hydroxide oxide carbonate "
    "bicarbonate nitrate gluconate lactate iodide fluoride sulfide"))
_FORMS = frozenset(word_set(
    "oral tablet tablets capsule capsules injection injectable solution suspension cream ointment gel lotion "
    "topical ophthalmic otic nasal spray inhalation inhaler transdermal patch rectal vaginal implant chewable "
    "extended release delayed er xr sr dr odt film coated syrup elixir drop powder for usp"))


def name_keys(name: str) -> set[str]:
    """A drug name's index keys: case-folded words, with and without salt words and dosage-form words
    ("METFORMIN HYDROCHLORIDE" -> "metformin hydrochloride", "metformin"; "MAGNESIUM HYDROXIDE" is
    all salt words and keeps its full name only)."""
    ws = words(name)
    full = " ".join(ws)
    bare = " ".join(w for w in ws if w not in _SALTS and w not in _FORMS)
    return {k for k in (full, bare) if k}


def prefer(labels: Iterable[Label], key: str, otc: bool = False) -> Label | None:
    """The label to answer from among those matching `key`: a label whose name is exactly the drug
    asked (not a combination that contains it) first; then an OTC label when the question is about
    OTC use, else a human prescription one; then the most recent effective_time."""
    def rank(lab: Label) -> tuple[bool, bool, bool, str]:
        exact = any(key in name_keys(n) for n in lab.names)
        wanted = lab.product_type == (OTC if otc else RX)
        human = lab.product_type.startswith("HUMAN")
        return exact, wanted, human, lab.effective_time

    return max(labels, key=rank, default=None)


def sections_text(label: Label, topic: str) -> tuple[str, list[str]]:
    """The text of the sections that answer `topic`, and their names; ("", []) when the label has none."""
    first, fallback = SECTIONS[topic]
    used = [s for s in first if label.sections.get(s)] or [s for s in fallback if label.sections.get(s)]
    return " ".join(label.sections[s] for s in used), used


def label_passage(text: str, question: str, limit: int = MAX_PASSAGE_CHARS, drug: Iterable[str] = ()) -> str:
    """The part of the sections' text that answers: from the sentence sharing most words with the
    question (its words and the label's words for them: kidney -> renal; not the drug's own name, which
    every sentence may use), at most `limit` characters."""
    asked = set(words(question))
    for w in list(asked):
        asked.update(_ALSO.get(w, "").split())
    asked -= _PLAIN | {w for name in drug for w in words(name)}
    sentences = _SENT.split(text)
    best, best_score = 0, 0.0
    for i, s in enumerate(sentences):
        score = len(asked & set(words(s))) - 0.001 * i  # earlier wins a tie
        if score > best_score:
            best, best_score = i, score
    return cut_at_sentence(" ".join(sentences[best:]) if best_score > 0.5 else text, limit)


def reply_text(label: Label, topic: str, question: str, medlineplus: str | None = None) -> str | None:
    """The reply for `topic` from `label`: a line naming the label, the passage, the DailyMed link and
    the MedlinePlus page when there is one; None when the label has no section for it."""
    text, _ = sections_text(label, topic)
    if not text:
        return None
    head = f"From the FDA label of {label.title()}, {TITLES[topic]}:"
    out = f"{head}\n\n{label_passage(text, question, drug=label.names)}\n\nSource: {DAILYMED}{label.set_id}"
    return f"{out}\nMedlinePlus: {medlineplus}" if medlineplus else out


def link_only(label: Label | None, medlineplus: str | None, drug: str) -> str | None:
    """When the label cannot be read now (openFDA busy) or lacks the section: where to read it."""
    lines = []
    if medlineplus:
        lines.append(f"MedlinePlus has a page on {drug}: {medlineplus}")
    if label is not None:
        lines.append(f"The FDA label of {label.title()}: {DAILYMED}{label.set_id}")
    return "\n".join(lines) or None


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(•])")
_PLAIN = {"what", "is", "are", "the", "of", "how", "do", "does", "can", "i", "to", "a", "an", "and", "for", "be",
          "about", "should", "know", "it", "my", "me", "with", "if", "have", "take", "taking", "while", "on", "in",
          "this", "that", "when", "use", "using", "any", "will", "am", "you", "or", "at", "from", "there", "was"}
