"""Drug questions answered from the FDA label (MEDBOT_DRUG_LABELS): find the drug a message names
(label names and MedQuAD's MedlinePlus drug pages, misspelt or in lower case, as topics are found in
understand.py), ask the label source for it, and reply with the section that answers (labels.py).

MedQuAD's public release has no text for its drug pages, so grounded mode answered a drug question
with a link at best, or with a general page ("drug reactions") for a drug MedQuAD does not know. The
label answers only when the main question (or the subject line) names a drug and asks what a label
says; every other message is answered as before."""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.answering.labels import WEAK, Label, asks_about_otc, label_topic, link_only, prefer, reply_text, word_set
from bot.answering.understand import FocusNames, main_question
from medbot.text import clean

if TYPE_CHECKING:
    from bot.answering.reference import Reference
    from bot.answering.rerank import Choice
    from bot.operations.config import Settings

log = logging.getLogger(__name__)

DRUG_PAGE = re.compile(r"/druginfo/(?:meds|natural)/")  # MedQuAD's MedlinePlus drug, herb and supplement pages
# One-word label names that are everyday words in health questions ("alcohol" is the generic name of
# thousands of hand sanitisers, "potassium" of supplements): never taken as the drug a message asks about.
EVERYDAY = frozenset(word_set(
    "alcohol ethanol water oxygen nitrogen air salt sugar glucose sodium potassium calcium magnesium iron zinc "
    "protein fiber caffeine nicotine menthol camphor glycerin petrolatum sunscreen fluoride"))
SHORT_QUESTION_WORDS = 25
STORY_WORDS = 40  # a message this long whose question does not name the drug tells a story around it
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
_SUBJECT = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class DrugNames(FocusNames):
    """FocusNames whose typo correction leaves ordinary words alone ("taking" is never a drug misspelt)."""

    ordinary: set[str] = field(default_factory=set)

    def correct(self, word: str) -> str:
        return word if word in self.ordinary else super().correct(word)


class LabelSource(Protocol):
    async def labels(self, key: str) -> list[Label] | None: ...

    def describe(self) -> str: ...


class LabelsUnavailable(RuntimeError):
    """MEDBOT_DRUG_LABELS names files that cannot be read: one line for the operator."""


class DrugLabels:
    """Answers a drug question from its label, or returns None so the caller answers as before."""

    def __init__(self, source: LabelSource, names: FocusNames, medlineplus: dict[str, str],
                 topics: FocusNames | None = None):
        self.source, self.names, self.medlineplus = source, names, medlineplus
        self.topics = topics  # MedQuAD's topic names (the re-ranker's), to see what else a message names
        self.answered = self.asked = 0

    def find(self, question: str) -> tuple[str, str] | None:
        """(name key, the words as written) of the drug the main question or the subject line names."""
        text = clean(question)
        return self._find(main_question(text), _SUBJECT.split(text)[0])

    def _find(self, *parts: str) -> tuple[str, str] | None:
        found = [f for part in parts for f in self.names.find(part) if f[2] >= 0]
        if not found:
            return None
        # a longer MedQuAD topic around the name is what is asked about ("thyroid nodules", "barium enema")
        longer = {k for part in parts for k, _, _ in self.topics.find(part)} if self.topics is not None else set()
        for key, fkeys, _ in sorted(found, key=lambda f: -len(f[0])):
            drug = next(iter(sorted(fkeys, key=len)))
            if drug in EVERYDAY or any(key != k and f" {key} " in f" {k} " for k in longer):
                continue
            return drug, key
        return None

    def defer(self, question: str, choice: Choice | None, topic: str) -> bool:
        """Whether MedQuAD's answer stays: its NIH text is about a topic the message names that is not a
        drug, and the message is a story that mentions the drug on the way ("I take clonidine... why does
        my blood pressure rise at night?") or asks in general words ("should I use X for croup?"), rather
        than a short question about the drug ("can I drink alcohol while taking X?")."""
        if choice is None or not choice.row.answer or DRUG_PAGE.search(choice.row.url) or self.topics is None:
            return False
        if choice.focus not in {f for _, fs, _ in self.topics.find(question) for f in fs}:
            return False  # MedQuAD's page was found by shared words only ("drug reactions")
        if topic in WEAK:  # "should I use X for croup?": the croup page
            return True
        text = clean(question)
        main = main_question(text)
        if len(main.split()) > SHORT_QUESTION_WORDS:  # a long question about the topic
            return True
        return self._find(main) is None and len(text.split()) > STORY_WORDS

    async def answer(self, question: str, choice: Choice | None = None) -> str | None:
        """The label's answer; None when the main question names no drug, asks what a label does not
        say (a missed dose, brand names), or no label exists. `choice`: what MedQuAD would answer."""
        found = self.find(question)
        topic = label_topic(question) if found else None
        if found is None or topic is None or self.defer(question, choice, topic):
            return None
        key, written = found
        self.asked += 1
        page = self.medlineplus.get(key)
        try:
            labels = await self.source.labels(key)
        except Exception as exc:  # a damaged cache or store must not cost the reply: answer as before
            log.warning("drug labels: lookup failed (%s): answering without the label", type(exc).__name__)
            labels = None
        if labels is None:  # the API cannot answer now: the MedQuAD link, or ours when MedQuAD found nothing
            return None if choice is not None else link_only(None, page, written)
        label = prefer(labels, key, asks_about_otc(question))
        if label is None:
            return None
        self.answered += 1
        return reply_text(label, topic, question, page) or link_only(label, page, written)


    async def aclose(self) -> None:
        close = getattr(self.source, "aclose", None)
        if close is not None:
            await close()


def drug_pages(reference: Reference | None) -> dict[str, str]:
    """Name key -> MedlinePlus drug page, from MedQuAD's drug rows (their text is not in the release)."""
    from bot.answering.labels import name_keys

    out: dict[str, str] = {}
    for r in reference.rows if reference is not None else ():
        if r.focus and DRUG_PAGE.search(r.url):
            for key in name_keys(r.focus):
                out.setdefault(key, r.url)
    return out


def build_names(keys: dict[str, set[str]], pages: dict[str, str], ordinary: set[str]) -> DrugNames:
    """The name index: every key names itself. A label name made only of ordinary words ("Pain
    Relief", "Cold and Flu", "Headache") is left out unless MedQuAD has a drug page of that name, so
    everyday phrases are not taken for a drug."""
    usable = [k for k in keys if k in pages or not all(w in ordinary for w in k.split())]
    names = DrugNames.build(usable, [() for _ in usable])
    assert isinstance(names, DrugNames)
    names.ordinary = ordinary - names.vocab
    return names


def ordinary_words(reference: Reference | None, min_answers: int = 5) -> set[str]:
    """Words that MedQuAD's NIH answers write in lower case in at least `min_answers` answers."""
    from collections import Counter

    from medbot.text import singular

    df: Counter[str] = Counter()
    for r in reference.rows if reference is not None else ():
        if r.answer:
            df.update({singular(w) for w in _LOWER_WORD.findall(r.answer)})
    return {w for w, n in df.items() if n >= min_answers}


def build_drug_labels(settings: Settings, reference: Reference | None, cache: bool = True) -> DrugLabels | None:
    """MEDBOT_DRUG_LABELS: None when off (or not in grounded mode); a file source or the API."""
    from bot.answering.labelsource import LabelFile, OpenFDA
    from bot.operations.state import state_dir

    spec = settings.drug_labels_spec
    if spec is None:
        return None
    pages = drug_pages(reference)
    keys: dict[str, set[str]] = {k: {"generic"} for k in pages}
    source: LabelSource
    if spec == "openfda":
        path = state_dir(settings) / "cache" / "openfda.sqlite3" if cache else None
        timeout = min(settings.openfda_timeout_s, settings.request_timeout_s)  # the reply's deadline comes first
        source = OpenFDA(settings.openfda_url, settings.openfda_api_key, timeout, path)
    else:
        cache_dir = state_dir(settings) / "cache" if cache else None
        try:
            lf = LabelFile.open(Path(spec), cache_dir)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # JSON errors are ValueErrors
            raise LabelsUnavailable(f"MEDBOT_DRUG_LABELS={spec}: {exc}; give openFDA's drug-label-*.json.zip "
                                    "files or their folder, `openfda` for the API, or `off`") from exc
        for k, kinds in lf.kinds.items():
            keys.setdefault(k, set()).update(kinds)
        source = lf
    names = build_names(keys, pages, ordinary_words(reference))
    log.info("drug labels: %s; %d drug names recognised", source.describe(), len(names.keys))
    return DrugLabels(source, names, pages, reference.names if reference is not None else None)
