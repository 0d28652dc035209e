"""Grounded answers for real consumer messages: understand the question (bot/answering/understand.py), gather
candidate reference rows from two signals (the foci the message names, with their synonyms, and
TF-IDF over question + focus + synonyms), re-rank them with a question-entailment model ("question A
entails B if every answer to B is also a complete or partial answer to A": logistic regression over
the features below, trained by `python -m trainer.grounding`), and answer with the passage of the
chosen NIH answer that answers the question plus its link, a one-line link for a page whose text
MedQuAD may not carry (drugs, A.D.A.M.), or decline below the tuned threshold.

The re-ranker is a JSON file of weights (data only): `<dir>/reranker.json`. The reference and its
index are bot/answering/reference.py; the passage and the link's words are bot/answering/passages.py."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.answering import focus, followup, healthtalk, stay
from bot.answering.followup import asks_about_health, reading, small_talk, switches
from bot.answering.passages import ASPECT_WORDS, LABELS, passage, passage_about
from bot.answering.reference import Reference, Row
from bot.answering.retrieval import Retrieved
from bot.answering.understand import (
    MEDICINE_ONLY_TYPES,
    WHAT_IS,
    FocusNames,
    Understood,
    canonical_qtype,
    learned_qtype,
    singular,
    type_relation,
    understand,
    words,
    written_words,
)

if TYPE_CHECKING:
    from bot.answering.drugs import DrugLabels
    from bot.answering.indonesian import Reading

log = logging.getLogger(__name__)

FEATURES = ("focus_any", "focus_main", "focus_words", "type_same", "type_related", "overview", "cos_main", "cos_text",
            "overlap", "len_ratio")
TOPIC_CANDIDATES = 60  # rows of the named foci considered
TFIDF_CANDIDATES = 30
# GHR's "treatment" rows that only list other sites
RESOURCE_LIST = "These resources address"


@dataclass(frozen=True)
class Candidate:
    """One side of a pair: what is known of a reference row or a question."""

    question: str
    foci: frozenset[str]
    qtype: str
    words: frozenset[str]
    length: int  # words in the question


def candidate_of_text(text: str, ref: Reference) -> Candidate:
    u = understand(text, ref.names)
    return Candidate(u.main, u.foci, u.qtype, frozenset(set(words(text)) - ref.template), u.main_length)


def pair_features(u: Understood, c: Candidate, cos_main: float, cos_text: float) -> list[float]:
    """The re-ranker's features for (user message, candidate), in FEATURES order."""
    asked = u.words
    focus_words = max((sum(w in asked for w in f.split()) / len(f.split()) for f in c.foci if f), default=0.0)
    rel = type_relation(u.qtype, c.qtype)
    la, lb = u.main_length, c.length
    overlap = len(c.words & asked) / len(c.words) if c.words else 0.0
    return [float(bool(u.foci & c.foci)), float(bool(u.main_foci & c.foci)), focus_words,
            float(rel == 1.0), float(rel == 0.5), float(c.qtype == "information" and u.qtype != "information"),
            cos_main, cos_text, overlap, min(la, lb) / max(la, lb)]


@dataclass
class Reranker:
    weights: list[float]
    bias: float
    threshold: float  # for a message that names a topic of the reference
    features: tuple[str, ...] = FEATURES
    info: dict[str, Any] | None = None
    threshold_no_focus: float = 0.9  # for one that names none: above what any off-topic question reaches

    def prob(self, x: list[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "reranker.json").write_text(json.dumps({
            "features": list(self.features), "weights": self.weights, "bias": self.bias,
            "threshold": self.threshold, "threshold_no_focus": self.threshold_no_focus, "info": self.info or {}},
            indent=2))

    @classmethod
    def load(cls, folder: str | Path) -> Reranker:
        data = json.loads((Path(folder) / "reranker.json").read_text())
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{folder}: re-ranker built for other features ({', '.join(data['features'])}); "
                             "rebuild it with `python -m trainer.grounding`")
        return cls([float(w) for w in data["weights"]], float(data["bias"]), float(data["threshold"]),
                   FEATURES, data.get("info"), float(data.get("threshold_no_focus", 0.9)))


@dataclass(frozen=True)
class Choice:
    row: Row
    index: int
    prob: float
    focus: str  # the topic remembered for follow-ups: the chosen row's focus key, or the one the message named that
    # the row answers for (a link-only page's, a wider overview's narrower topic)
    asked: str = "information"  # the question type the message asks
    more: Row | None = None  # the best page when it is link-only and `row` is the text answered instead
    mention: int = -1  # where in `row`'s answer another topic's page says what the asked one is (-1: not so)
    near: bool = False  # `row` is the topic's page on the aspect nearest the asked one (`_NEAR_TYPES`), none on it


class ConsumerRetriever:
    """Understand, gather candidates, re-rank, answer or decline (a `bot.answering.retrieval.Retriever`)."""

    def __init__(self, reference: Reference, reranker: Reranker):
        self.ref = reference
        self.reranker = reranker

    @property
    def size(self) -> int:
        return len(self.ref.rows)

    @property
    def reference(self) -> Reference:
        return self.ref

    async def retrieve(self, question: str, lang: str, previous: str | None,
                       drugs: DrugLabels | None = None, condition: str | None = None) -> Retrieved:
        """Understand (an Indonesian message through its English reading, bot/answering/indonesian.py), answer a
        drug question from its label, else choose a page; a follow-up keeps the conversation's topic (its condition,
        after a medicine, where it asks what only a condition has) and a message that is not about health is off
        topic (bot/answering/followup.py)."""
        return await retrieve(self, question, lang, previous, drugs, condition)

    def reload(self, folder: Path) -> bool:
        try:
            new = Reranker.load(folder)
        except (OSError, ValueError, KeyError) as exc:
            log.error("re-ranker reload refused, keeping the one in use: %s: %s", folder, exc)
            return False
        self.reranker = new
        log.info("re-ranker reloaded from %s", folder.resolve())
        return True

    def describe(self) -> tuple[str, list[str]]:
        ref, rows, warnings = self.ref, self.ref.rows, []
        if not any(x.focus for x in rows):
            warnings.append("the reference file has no focus/group column: no topic can be recognised, so "
                            "grounded mode declines most messages")
        if not any(x.url for x in rows):
            warnings.append("the reference file has no url column: grounded replies will carry no source link")
        return (f"{ref.rows_read:,} reference questions, {ref.answered_read:,} with answers ({len(rows):,} after "
                f"repeats), {len(ref.focus_rows)} topics, {len(ref.names.keys)} names, re-ranker threshold "
                f"{self.reranker.threshold:.2f} ({self.reranker.threshold_no_focus:.2f} without a named topic)",
                warnings)

    def understand(self, question: str, previous_focus: str | None = None, learned: bool = True) -> Understood:
        return understand(question, self.ref.names, previous_focus, learned, self.ref.mentions)

    def choose(self, question: str, previous_focus: str | None = None) -> Choice | None:
        """The best row when its entailment probability reaches the threshold, else None."""
        return self.choose_understood(self.understand(question, previous_focus), pick_focus=previous_focus is None)

    def choose_understood(self, u: Understood, pick_focus: bool = True) -> Choice | None:
        """The best row for an understood message; a link-only best page is answered with the best
        text row of the same topic (or a topic named like it), its link added (`Choice.more`). `pick_focus`: the
        focus model may choose among the topics it names (`choose_first`); the bot asks it only for an English
        message when the conversation has no topic (its first message, or one after a decline or after the topic
        was forgotten), as it was trained on first messages (`retrieve`)."""
        if u.off_topic:
            return None
        model = focus.shipped() if pick_focus and len(u.foci) >= 2 and not u.follows_up else None
        if model is None:
            return self.choose_ranked(u, self.rank_understood(u, k=TOPIC_CANDIDATES))
        wide = self.rank_wide(u)
        return self.choose_first(u, wide, model.pick(self.focus_features(u, wide)))

    def rank_wide(self, u: Understood) -> list[Choice]:
        """The candidates of every topic the message names (the focus model's choice and `choose_first` read
        them; the first TOPIC_CANDIDATES are `rank_understood`'s)."""
        return self.rank_understood(u, k=TOPIC_CANDIDATES * max(1, len(u.foci)))

    def bar(self, u: Understood) -> float:
        """The least probability at which the best row answers."""
        return self.reranker.threshold if u.foci else self.reranker.threshold_no_focus

    def choose_first(self, u: Understood, wide: list[Choice], topic: str | None) -> Choice | None:
        """The choice with `topic`'s rows first, where the message names two topics or more and the focus model
        (bot/answering/focus.py) finds that one asked about; None, or a topic whose best row is below the bar, or
        one whose own pages have no text (another page would answer for it: "Warfarin syndrome" for warfarin), one
        that would turn an answer with text into a link alone (both unless the asking sentence names that topic and
        not the re-ranker's), or a medicine either way (its FDA label answers it: bot/answering/drugs.py): the
        re-ranker's order."""
        plain = self.choose_ranked(u, wide[:TOPIC_CANDIDATES])
        drugs = self.ref.names.drugs
        # a topic the asking sentence names, where it does not name the re-ranker's ("... ulcers in his mouth, red spots
        # on his palm. is this hfmd?"), is the message's topic even where only its link can be given
        asked = topic is not None and plain is not None and topic in (named := {
            f for _, fs, _ in self.ref.names.find(followup.literal(u.main)) for f in fs}) and plain.focus not in named
        if topic is None or next((c.prob for c in wide if c.focus == topic), 0.0) < self.bar(u) or topic in drugs or (
                plain is not None and plain.focus in drugs) or not (self.ref.has_text(topic) or asked):
            return plain
        moved = self.choose_ranked(u, focus.reorder(wide, topic)[:TOPIC_CANDIDATES])
        if moved is None or (not moved.row.answer and plain is not None and plain.row.answer and not asked):
            return plain
        return moved

    def focus_features(self, u: Understood, ranked: list[Choice]) -> focus.Features:
        """The focus model's features of the topics the message names (`focus.features`)."""
        answered = {f for f in u.foci if self.ref.has_text(f)}
        return focus.features(u, self.ref.names, ranked, answered)

    def choose_ranked(self, u: Understood, ranked: list[Choice]) -> Choice | None:
        """The best of the ranked candidates (`choose_understood`)."""
        bar = self.bar(u)
        if not ranked or ranked[0].prob < bar:
            return None
        best = ranked[0]
        if best.row.answer:
            return self._on_aspect(best, ranked, u)
        # text of the same condition under another name first, then a page that talks about it, then one
        # named by a larger part of its name ("acute kidney failure" -> "kidney failure")
        text = next((c for c in ranked if c.row.answer and c.focus in self.ref.family(best.focus)), None)
        if text is None:
            mentioned = self._mentioned(best, u)
            if mentioned is not best:
                return mentioned
            twins = self.ref.text_twins(best.focus)
            text = next((c for c in ranked if c.row.answer and c.focus in twins), None)
        if text is None:
            return best
        more = best.row
        if best.asked != "information" and type_relation(best.asked, best.row.qtype) < 1:
            # the best page is not on the asked aspect: a page of the condition that is
            on_aspect = self._asked_rows([best.focus, text.focus], best.asked, u)
            ans = next((i for i in on_aspect if _answers(self.ref.rows[i])), None)
            if ans is not None:
                return Choice(self.ref.rows[ans], ans, best.prob, self.ref.fkeys[ans], best.asked)
            if on_aspect:
                more = self.ref.rows[on_aspect[0]]
        return Choice(text.row, text.index, best.prob, best.focus, best.asked, more=more)

    def _on_aspect(self, best: Choice, ranked: list[Choice], u: Understood) -> Choice:
        """An overview chosen for a question about one aspect ("what causes eczema?"): a page of the same
        topic on that aspect answers instead when it has text, else it is linked after the overview."""
        asked = best.asked
        if asked == "information" or type_relation(asked, best.row.qtype) == 1:
            return best
        topics = {best.focus, *u.foci}
        want = canonical_qtype(asked)
        if want == "inheritance" and not any(canonical_qtype(c.row.qtype) in _GENETIC and c.focus in topics
                                             for c in ranked) and not self._aspect_rows([best.focus], want, u):
            # a topic with no page on inheritance: whether someone passes it on is how it is caught ("can she pass
            # it on to my baby?" of shingles, "will the baby get it" of hepatitis B), else why one gets it
            return self._on_aspect(dataclasses.replace(best, asked="causes"), ranked, u)
        on_aspect = [c.index for c in ranked if canonical_qtype(c.row.qtype) == want
                     and (c.focus in topics or best.focus in self.ref.text_twins(c.focus))]
        # the same condition under another page's name ("Dengue" -> "Dengue fever"), closest first
        ref = self.ref
        # ... and of a more specific name the message gives it ("nits ... do the lice shampoos work?": head lice)
        narrower = [f for f in sorted(u.foci) if set(best.focus.split()) < set(f.split())]
        on_aspect += self._aspect_rows([best.focus, *narrower], want, u)
        text = next((i for i in on_aspect if _answers(ref.rows[i])), None)
        if text is not None:
            # the narrower name stays the conversation's topic ("head lice", not CDC's "Parasites - Lice - Head Lice",
            # whose family is itself: "how do we stop them getting it again?" next finds head lice's prevention)
            named = next((f for f in narrower if ref.fkeys[text] != f and ref.fkeys[text] in ref.family(f)),
                         ref.fkeys[text])
            return Choice(ref.rows[text], text, best.prob, named, asked)
        if not on_aspect:
            near = next(((t, rows) for t in _NEAR_TYPES.get(want, ())
                         if (rows := self._aspect_rows([best.focus, *narrower], t, u))), None)
            if near and type_relation(asked, best.row.qtype) == 0:
                # no page on the asked aspect, one on the nearest ("what causes it" of osteoporosis: who is at risk;
                # "are children more likely to get it" of malaria: how it is caught): where the overview says something
                # on the asked aspect, its passage on it and the nearest page's link after it; else the nearest page
                # answers, said to be the closest
                if _speaks_of(best.row.answer, want):
                    return Choice(best.row, best.index, best.prob, best.focus, asked, more=ref.rows[near[1][0]])
                chosen = self._on_aspect(dataclasses.replace(best, asked=near[0]), ranked, u)
                return dataclasses.replace(chosen, asked=asked, near=chosen.more is None)
            return best
        more = on_aspect[0]
        # the overview of a wider topic ("Ear Infections") before the asked aspect's page of the topic the message
        # names ("glue ear": Otitis media with effusion): the named one is the conversation's topic, so "will he
        # need grommets?" next links its treatment page, not acute ear infection's
        named = ref.fkeys[more] if ref.fkeys[more] in u.foci and best.focus not in u.foci else best.focus
        return Choice(best.row, best.index, best.prob, named, asked, more=ref.rows[more])

    def _mentioned(self, best: Choice, u: Understood) -> Choice:
        """A topic with no text anywhere in the reference's pages on it: the passage of another consumer
        page that talks about it (the link to its own page after it), else the link alone."""
        more = best.row
        if best.asked != "information" and type_relation(best.asked, best.row.qtype) < 1:
            on_aspect = self._asked_rows([best.focus], best.asked, u)
            more = self.ref.rows[on_aspect[0]] if on_aspect else more
        found = next(iter(self.ref.mentioned_in(best.focus)), None)
        if found is None:
            return best
        i, at, _ = found
        return Choice(self.ref.rows[i], i, best.prob, best.focus, best.asked, more=more, mention=at)

    def _asked_rows(self, foci: list[str], asked: str, u: Understood) -> list[int]:
        """`_aspect_rows` of the asked type; whether something is safe, where no page says, from its side effects (a
        vaccine's information statement: "is the hpv vaccine safe for my 11 y/o")."""
        want = canonical_qtype(asked)
        return self._aspect_rows(foci, want, u) or (
            self._aspect_rows(foci, "side effects", u) if want == "precautions" else [])

    def _aspect_rows(self, foci: list[str], qtype: str, u: Understood) -> list[int]:
        """Rows of that question type of these topics and of their family (bot/answering/reference.py's
        `family`), the closest topic first."""
        seen: dict[str, None] = {}
        for f in foci:
            seen.update(dict.fromkeys(self.ref.family(f)))
        # never a type the message does not name ("Diabetes mellitus type 1" answering "diabetes tipe 2 ... itu
        # keturunan kah" or "kencing manis bisa turunan gak?": the overview "Diabetes" has both types as synonyms, and
        # type 1's page says it is not inherited)
        named = _types(" ".join(foci)) | _types(u.text.lower())
        seen = {f: None for f in seen if _types(f) <= named}
        asked = self.ref.vectorizer.transform([u.main]).T
        return [i for f in seen for i in self._rows_on(f, qtype, asked)]

    def _rows_on(self, fkey: str, qtype: str, asked: Any) -> list[int]:
        """The topic's rows of that question type, the one most like the message (its vector) first."""
        rows = [i for i in self.ref.focus_rows.get(fkey, []) if canonical_qtype(self.ref.rows[i].qtype) == qtype]
        if len(rows) > 1:
            cos = (self.ref.qmatrix[rows] @ asked).toarray().ravel()
            rows = [rows[j] for j in np.argsort(-cos, kind="stable")]
        return rows

    def rank(self, question: str, previous_focus: str | None = None, k: int = 5) -> list[Choice]:
        return self.rank_understood(self.understand(question, previous_focus), k)

    def rank_understood(self, u: Understood, k: int = 5) -> list[Choice]:
        """Candidates, best first. A message that names topics of the reference gets rows of those
        topics only (TF-IDF over other rows finds pages that share words, not the subject); one that
        names none gets the TF-IDF neighbours."""
        ref = self.ref
        vq = ref.vectorizer.transform([u.main, u.text])
        pool: dict[int, None] = {}
        for f in sorted(u.foci, key=lambda f: (-len(f), f)):
            for i in ref.focus_rows.get(f, [])[:TOPIC_CANDIDATES]:
                pool[i] = None
            if not ref.has_text(f):
                # where the topic's own pages are link-only: the same condition under another name, then
                # topics named by a part of its name
                for twin in [*ref.family(f)[1:], *ref.text_twins(f)]:
                    for i in ref.focus_rows.get(twin, [])[:TOPIC_CANDIDATES]:
                        pool[i] = None
        if vq.nnz and not pool:
            scores = np.asarray((ref.matrix @ vq[0].T).toarray()).ravel() + np.asarray(
                (ref.matrix @ vq[1].T).toarray()).ravel()
            top = np.argpartition(-scores, min(TFIDF_CANDIDATES, len(scores) - 1))[:TFIDF_CANDIDATES]
            for i in top[np.argsort(-scores[top])]:
                if scores[i] > 0:
                    pool[int(i)] = None
        if not pool:
            return []
        idx = np.fromiter(pool, dtype=np.int64)
        cos = (ref.qmatrix[idx] @ vq.T).toarray()  # (candidates, 2): against the main question and the whole text
        out = []
        for j, i in enumerate(idx):
            r = ref.rows[i]
            foci = frozenset({ref.fkeys[i], *ref.synonym_keys.get(ref.fkeys[i], ())})
            c = Candidate(r.question, foci, r.qtype, frozenset(ref.row_words[i]), ref.row_lengths[i])
            p = self.reranker.prob(pair_features(u, c, float(cos[j, 0]), float(cos[j, 1])))
            if r.answer.startswith(RESOURCE_LIST):
                p *= 0.5  # GHR's 1,086 "treatment" rows only list other sites: they answer nothing themselves
            # an answer with text beats a link-only row of the same page and probability
            out.append(Choice(r, int(i), p + (1e-6 if r.answer else 0.0), ref.fkeys[i], u.qtype))
        out.sort(key=lambda c: -c.prob)
        return out[:k]

    def reply(self, choice: Choice, question: str) -> str:
        """The passage that answers, then the link; for a row without text, one line and the link; for
        text answered in place of a link-only page, the passage on the asked aspect, its source, then
        "More on <aspect>: <link>"."""
        r, asked = choice.row, choice.asked
        if not r.answer:
            what = LABELS.get(r.qtype, r.qtype)
            return f"MedlinePlus has a page on {r.focus} that covers {what}: {r.url}"
        if choice.mention >= 0 and choice.more is not None:  # another page's sentences about it, its page after
            text = passage_about(r.answer, choice.mention)
            text = f"The NIH page on {r.focus} says this about {choice.more.focus}:\n\n{text}"
        elif choice.more is not None:  # the passage on what was asked, wherever it is in the page
            hint = " ".join(ASPECT_WORDS.get(asked, ()))
            text = passage(r.answer, f"{question} {hint}", asked if asked != "information" else r.qtype)
        elif type_relation(asked, r.qtype) == 0 and asked != "information" and r.qtype == "information":
            # only an overview: its passage on what was asked ("is it contagious?" -> how it spreads)
            hint = " ".join(ASPECT_WORDS.get(asked, ()))
            text = passage(r.answer, f"{question} {hint}", asked)
        else:
            text = passage(r.answer, question, r.qtype)
        if (type_relation(asked, r.qtype) == 0 or choice.near) and asked != "information" and choice.more is None:
            text = f"The closest NIH page I have on {r.focus} covers {LABELS.get(r.qtype, r.qtype)}.\n\n{text}"
        out = f"{text}\n\nSource: {r.url}" if r.url else text
        if choice.more is not None and choice.more.url:
            m = choice.more
            out += f"\nMore on {LABELS.get(m.qtype, m.qtype)} ({m.focus}): {m.url}"
        return out


_GENETIC = frozenset({"inheritance", "genetic changes"})
# the aspect whose page answers best for one a topic has no page on (pairs of understand.RELATED)
_NEAR_TYPES = {"causes": ("susceptibility",), "susceptibility": ("causes",), "complications": ("outlook",),
               "outlook": ("complications",), "genetic changes": ("inheritance",), "inheritance": ("genetic changes",)}


def _speaks_of(text: str, qtype: str) -> bool:
    """Whether an answer uses a word of that aspect (`ASPECT_WORDS`: "recover", "weeks" for the outlook)."""
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in ASPECT_WORDS.get(qtype, ()))


# "Diabetes mellitus type 1", "diabetes tipe 2", "type1", "type I diabetes": its type (not "what type i have")
_TYPE = re.compile(r"\b(?:type|tipe) ?([0-9]+[a-z]?|one|two|satu|dua|ii|i(?= (?:diabet|dm)))\b")
_TYPE_WORDS = {"one": "1", "i": "1", "satu": "1", "two": "2", "ii": "2", "dua": "2"}


def _types(text: str) -> set[str]:
    """The types a name or a message names ("type one", "type I" and "type 1" alike)."""
    return {_TYPE_WORDS.get(t, t) for t in _TYPE.findall(text)}


def _answers(row: Row) -> bool:
    """A row whose text answers (not GHR's list of other sites)."""
    return bool(row.answer) and not row.answer.startswith(RESOURCE_LIST)


# What only a condition has, asked after a medicine of it in words only a condition's question uses ("will she grow
# out of it?" after hydrocortisone cream for a baby's eczema, "does it run in families", "can the rest of us get it
# too?"): a follow-up asks it of the conversation's condition. Only these words: "how long does it take to work",
# "can it damage his liver", "does he need blood tests while on it" ask about the medicine whatever their type.
CONDITION_TYPES = frozenset({"outlook", "inheritance", "susceptibility", "causes", "genetic changes", "frequency"})
_OF_THE_CONDITION = re.compile(
    r"\b(?:grow(?:s|n)? out of|outgrow\w*|run(?:s|ning)? in (?:the )?famil\w*|hereditary|inherit\w*|genetic|"
    r"in the genes|pass(?:ed)? (?:it )?(?:on|down) to|(?:kids?|children|baby|babies) (?:will |would |might )?"
    r"(?:get|have) it|"
    r"contagious|infectious|catch(?:ing|able)?|spread\w*|pass(?:ed)? it (?:on|to)|(?:get|got|have|has) it too|"
    r"permanent|forever|for life|lifelong|come back|comes back|coming back|go away (?:on its own|by itself)|"
    r"clear up on its own|menular|nular\w*|ketular\w*|tertular|keturunan|turunan|nurun\w*|genetik|bawaan|"
    r"sembuh total|sembuh sendiri|bisa sembuh|seumur hidup|kambuh)\b", re.I)
# ... and never when it asks about what the medicine does ("hes barely eating lunch now, is that from it? will that go
# away", "since she started it", "efek sampingnya"): the medicine's
_OF_THE_MEDICINE = re.compile(
    r"\b(?:from|because of|due to|caused by|cause of) (?:it|that|them|the (?:med|meds|medicine|medication|pills?|"
    r"tablets?|drug|cream|ointment|injection|shot|jab|inhaler|patch))\b|\bside[- ]?effects?\b|\bsince (?:i |he |she |"
    r"you |we |they )?(?:start|started|starting|began|been on)\b|\b(?:while|when) (?:on|taking|using) (?:it|them)\b|"
    r"\b(?:take|taking|use|using|stop|stopping|apply|applying) (?:it|them)\b|\befek samping|\bgara[- ]?gara "
    r"(?:obat|minum|salep|krim|pakai|pake)|\bkarena (?:obat|minum|salep|krim|pakai|pake)|\bsejak (?:minum|pakai|pake|"
    r"dioles)\b|\b(?:berhenti|dihentikan|stop) (?:minum|pakai|pake|obat|salep)", re.I)


# what a medicine may cause: a condition named so is not the one it is taken for ("can ibuprofen cause stomach ulcers")
_CAUSES = re.compile(r"\b(?:caus\w*|give[sn]? (?:you|me|him|her|them)|lead to|bikin|menyebabkan|sebabkan)\b", re.I)


# a medicine's reason said beside it ("... cream for his eczema", "started tamoxifen for her breast cancer")
_FOR_A_REASON = re.compile(r"\bfor (?:his|her|my|their|the|your) \w+", re.I)


# what only a medicine's own page answers (its label's sections)
_MEDICINE_QUESTIONS = MEDICINE_ONLY_TYPES | {"side effects", "dose"}


def _asks_of_the_condition(question: str) -> bool:
    """Whether a follow-up after a medicine asks what only the conversation's condition has (see above)."""
    return bool(_OF_THE_CONDITION.search(question)) and not _OF_THE_MEDICINE.search(question)


async def retrieve(retriever: ConsumerRetriever, question: str, lang: str, previous: str | None,
                   drugs: DrugLabels | None, condition: str | None = None) -> Retrieved:
    """ConsumerRetriever.retrieve; understanding and re-ranking run in a thread (0.2-0.5 s on a long
    message), never on the event loop."""
    names = retriever.ref.names
    # the conversation's condition, where its topic is a medicine taken for it (`condition`)
    other = condition if previous and condition and condition != previous and previous in names.drugs else None
    asked, lead = question, None
    if lang == "id":
        if other is not None:
            from bot.answering.indonesian import read
            r = read(question)
            if r.qtype in CONDITION_TYPES and not r.topics and _asks_of_the_condition(question):
                # "bisa sembuh total gak?" after the cream for eczema
                previous = other
        english, lead = _in_english(names, question, previous)
        if english is None:  # not a follow-up, no topic the lexicon knows: never the previous page ...
            kept = await _kept(retriever, question, lang, previous, None, "off_topic" if lead else "declined")
            if kept is None:
                return Retrieved("off_topic" if lead else "no_source")
            # ... unless the stay model keeps the conversation's topic
            choice = await asyncio.to_thread(retriever.choose_understood, kept[0], False)
            return await _answer(retriever, kept[0], choice, kept[1], "", question, previous, condition, drugs)
        asked = english
    # an Indonesian message's English question already says its type (the reader's words, then the learned model on
    # the message itself): the rules read the template's words, the model does not read them again
    u = await asyncio.to_thread(retriever.understand, asked, previous, lang != "id")
    if lang != "id" and other is not None and u.follows_up and u.qtype in CONDITION_TYPES and \
            _asks_of_the_condition(question):
        previous = other  # "will she grow out of it" after the cream: the eczema's outlook
        u = await asyncio.to_thread(retriever.understand, asked, previous, True)
    if u.off_topic and lead is not None:  # the lexicon found its topic: a health question
        u = dataclasses.replace(u, off_topic=False)
    if u.off_topic:
        await _kept(retriever, question, lang, previous, u, "off_topic")  # recorded for the trainer, never kept
        return Retrieved("off_topic")
    # the focus model chooses among named topics only in an English message with no conversation topic (as trained)
    choice = await asyncio.to_thread(retriever.choose_understood, u, lang != "id" and previous is None)
    if previous:
        # a message the rules moved to another topic or declined: the stay model may keep the conversation's topic
        outcome = _outcome(names, u, choice, question, previous, condition)
        kept = await _kept(retriever, question, lang, previous, u if lang != "id" else None, outcome)
        if kept is not None and (again := await asyncio.to_thread(retriever.choose_understood, kept[0], False)):
            u, asked, choice = kept[0], kept[1], again
    return await _answer(retriever, u, choice, asked, lead, question, previous, condition, drugs)


def _outcome(names: FocusNames, u: Understood, choice: Choice | None, question: str, previous: str,
             condition: str | None) -> str:
    """What the rules did with a later message (stay.OUTCOMES): declined it; kept the conversation's topic (or went
    back to its condition: "is PCOS curable" after metformin for it); moved it to a page it asks about by name, or
    said it changes the subject ("asked": a medicine's page for what only its label answers, "paed gave
    hydrocortisone cream, is it safe for a baby so small" after eczema, bot/answering/drugs.py; "what is
    allopurinol?", "apa itu allopurinol?" after gout; "thanks. different question: ..."); else moved it."""
    if choice is None:
        return "declined"
    if u.follows_up or choice.focus in (previous, condition):
        return "stayed"
    medicine_only = u.qtype in _MEDICINE_QUESTIONS and (
        choice.focus in names.drugs or choice.row.qtype in _MEDICINE_QUESTIONS)
    what_is = u.qtype == "information" and bool(WHAT_IS.match(u.main))
    return "asked" if medicine_only or what_is or switches(question) else "moved"


async def _kept(retriever: ConsumerRetriever, question: str, lang: str, previous: str | None, u: Understood | None,
                outcome: str) -> tuple[Understood, str] | None:
    """(the message read as a follow-up on the conversation's topic, the question put to the reference) where the
    rules' `outcome` is a move or a decline and the stay model (bot/answering/stay.py) keeps the topic; else None.
    `u`: the rules' reading of an English message as it came (an Indonesian one is read here). The trainer's
    recording (`stay.recording`) sees every later message, whatever its outcome."""
    recording = stay.is_recording()
    if not previous or not words(question) or not recording and (
            outcome not in ("moved", "declined") or stay.shipped() is None):
        return None
    raw = u if u is not None else await asyncio.to_thread(retriever.understand, question, previous, lang != "id")
    feats = await asyncio.to_thread(stay.signals, question, lang, raw, retriever.ref.names, retriever.ref.mentions,
                                    previous, outcome, retriever.ref.writes)
    stay.record(feats, outcome)
    if outcome not in ("moved", "declined") or not stay.stays(feats):
        return None
    if outcome == "declined" and ((talk := healthtalk.shipped()) is None
                                  or await asyncio.to_thread(talk.probability, question) < 0.5):
        return None  # the stay model says which topic, not whether a message is about health ("bisa bantu bikin
        # tugas sekolah gak?"): a decline is kept only where the health-talk model finds health more likely than chat
    asked = question
    if lang == "id":
        from bot.answering.indonesian import read

        r = read(question)
        asked = dataclasses.replace(r, qtype=learned_qtype(question, r.qtype, r.typed)).english(previous)
        raw = await asyncio.to_thread(retriever.understand, asked, previous, False)
    # the names the rules moved to are not the conversation's: its condition stays as it was (`_condition`)
    return dataclasses.replace(raw, foci=frozenset({previous}), main_foci=frozenset({previous}), names=(),
                               follows_up=True, off_topic=False), asked


async def _answer(retriever: ConsumerRetriever, u: Understood, choice: Choice | None, asked: str, lead: str | None,
                  question: str, previous: str | None, condition: str | None, drugs: DrugLabels | None) -> Retrieved:
    """The reply to a message understood (`u`) and its page chosen: a drug question from its FDA label, else the
    page's passage; its Indonesian lead line (`lead` None: an English message)."""
    names = retriever.ref.names
    label = await drugs.answer(asked, choice) if drugs is not None else None
    if label is not None:  # a drug question, answered from its FDA label
        return Retrieved("answer", label)
    if choice is None:
        return Retrieved("no_source")
    text = await asyncio.to_thread(retriever.reply, choice, asked)
    # a follow-up answers the conversation's topic, whatever the message named ("allopurinol ... seumur hidup?")
    lead = None if lead is None else choice.row.focus if u.follows_up else lead or choice.row.focus
    return Retrieved("answer", text, choice.focus, lead=lead, asked=choice.asked,
                     condition=_condition(names, choice.focus, u, question, previous, condition))


def _condition(names: FocusNames, focus: str, u: Understood, question: str, previous: str | None,
               before: str | None) -> str:
    """The conversation's condition after an answer on `focus` (`Retrieved.condition`): the focus itself when it is
    no medicine; after a medicine, the one condition the message named beside it ("the paed gave hydrocortisone for
    his eczema", though a question on its side effects is the medicine's alone: `u.names`, not `u.foci`; of a name's
    several pages the shortest name, "eczema" of eczema and atopic dermatitis), never one named as what the medicine
    may cause ("can ibuprofen cause stomach ulcers"); else the one the conversation had, when it was about that
    condition or this medicine (not after another medicine: "my mum takes metformin" after allopurinol for gout)."""
    if focus not in names.drugs:
        return focus
    if u.qtype == "side effects" and before and previous in (before, focus) and not _FOR_A_REASON.search(question):
        # "they've put him on Eliquis. what side effects should i look out for, he bruises easily already" after AF:
        # what is named beside a medicine's side effects is an effect, the conversation's condition stays (not "the
        # paed gave hydrocortisone cream for his eczema, any side effects?": the medicine's reason)
        return before
    named = set() if _CAUSES.search(question) else {
        frozenset(fs) for n in u.names if followup.thing_kind(n) is None
        and (fs := names.keys.get(n)) and not fs & names.drugs and not fs <= followup.SYMPTOM_KEYS}
    if len(named) == 1:
        return min(next(iter(named)), key=lambda f: (len(f), f))
    return before if before and previous in (before, focus) else ""


def _in_english(names: FocusNames, question: str, previous: str | None) -> tuple[str | None, str]:
    """(the English question, how the message named its topic) for an Indonesian message; (None,
    "off-topic" or "") when it names no topic and is not a follow-up: never the previous topic's page
    for a message about something the lexicon does not know."""
    from bot.answering.indonesian import SYMPTOM_NAMES, TREATMENT_NAMES, read

    r = read(question)
    if previous and len(r.topics) > 1 and switches(question) and not r.compares:
        # "satu lagi, ... cacar api ... dr virus cacar jg": the new condition, not the previous one named on the way
        # (not "satu lagi dok, asam urat bisa bikin demam ga?", where what is left is a symptom)
        same = {t for t in r.topics if _names_previous(names, t, previous)}
        if r.topics[0] not in same and any(t not in same and t not in SYMPTOM_NAMES and t not in TREATMENT_NAMES
                                           for t in r.topics):
            r = r.without(same)
    named = [] if r.topics else _named_in(names, question)
    if r.topics and set(r.topics) <= SYMPTOM_NAMES and small_talk(question):  # "semarang panas pol ... cuaca?"
        return None, "off-topic"
    if r.topics and set(r.topics) <= SYMPTOM_NAMES:  # "badan meriang ... ini mastitis kah?": the condition
        conditions = [n for n in _named_in(names, question) if n not in names.drugs]
        if conditions:
            return r.english(conditions[0]), ""
    medicines = bool(set(r.topics) & TREATMENT_NAMES) and set(r.topics) <= TREATMENT_NAMES | SYMPTOM_NAMES \
        if r.topics else bool(named) and all(n in names.drugs for n in named)  # "antibiotik ... obat panas"
    if previous and medicines and r.qtype in ("information", "treatment") and (r.refers_back or _USE_ID.search(
            question.lower())):
        # "harus minum antibiotik ya?" after a question on a urinary infection: its treatment, not the medicine
        return dataclasses.replace(r, qtype="treatment").english(previous), ""
    if previous and r.topics and r.qtype == "information" and r.asked_at < 0 and all(
            _is_medicine(names, t) for t in r.topics):
        # "allopurinol boleh diminum terus?" after gout: no question word, so not "what is allopurinol?" but a
        # question about using it (understand() reads a medicine named alone as the condition's treatment)
        return dataclasses.replace(r, qtype="treatment").english(), r.said_topic
    # the learned model's type where no question word says what is asked ("kapan bisa masuk sekolah lg") or it is
    # very sure of another: only for the question put to the reference (whether the message follows up or is small
    # talk is still read from its own words below)
    asked = dataclasses.replace(r, qtype=learned_qtype(question, r.qtype, r.typed))
    if previous and r.topics and not switches(question) and not any(
            _names_previous(names, t, previous) for t in r.topics) and _leads_to_id(names, question, previous):
        # "nanti kalo udh besar bs jadi ayan gak?" after febrile seizures, "bisa mandul?" after mumps: what the
        # conversation's condition may lead to (its complications), not the other condition's page
        return dataclasses.replace(r, qtype="complications").english(previous), ""
    if r.topics:
        return asked.english(), r.said_topic
    if named:  # a name both languages share, as written: "metformin", "lupus", "vertigo"
        return asked.english(named[0]), ""  # "": the lead line names the page's topic
    if small_talk(question):
        return None, "off-topic"
    if not previous and (said := reading(question)):  # "tensi 170 bahaya gak?": the condition of the reading
        return r.english(said), ""
    if previous and (not r.complaint or r.qtype in ("treatment", "prevention")) and not switches(question) and (
            asks_of_topic_id(r, question) or healthtalk.asks_about_health(question, "id")):
        # "dikasih apa biar gak garuk2": what to do for it; "boleh dipencet sendiri?": a question about it; or where
        # the reader finds no question word, the learned model reads a question about health ("harus disinar gak")
        return asked.english(previous), ""
    low = question.lower()
    if previous and not r.complaint and not switches(question) and _ASKS_ID.search(low) and not _TO_THE_BOT.search(
            low) and _BODY_ID.search(low) and not _COOKING.search(low):
        # a question that names nothing new, in a conversation ("telinganya bisa baik kembali ka", "adeknya jg bakal
        # kena ta?"): about the conversation's topic, its type from the learned model
        return asked.english(previous), ""
    return None, ""


def _names_previous(names: FocusNames, topic: str, previous: str) -> bool:
    """Whether a topic the Indonesian reader found is the conversation's, by its English name or a name of it."""
    return previous in {topic.lower(), *(k for k, _, _ in names.find(topic))}


# what a condition may lead to, in a follow-up (bot/answering/indonesian.py `LEADS_TO`): a lasting harm ("bisa
# mandul", "bakal buta") or "bisa jadi" said of later ("nanti kalo udh besar bs jadi ayan?": "bisa jadi" alone is also
# "could it be", "demam 5 hari bisa jadi tipes?", and "kalo ..." only "if": "kalo minum kopi tiap hari bisa jadi darah
# tinggi gak?"); never where the message names its own subject first ("kalau asam urat bisa jadi batu ginjal?",
# "bapak saya juga punya diabetes, apa bisa jadi stroke?": the reader's `Reading.becomes`)
_LATER_ID = re.compile(r"\b(?:nanti|ntar|nnti|kelak|mbesuk\w*|besok2|ke ?depan\w*|lama2|lama-lama|lama kelamaan|"
                       r"dibiar\w*|didiem\w*|didiam\w*|(?:udah|udh|sudah|sdh) (?:gede|besar|dewasa))\b")


def _leads_to_id(names: FocusNames, question: str, previous: str) -> bool:
    """Whether an Indonesian follow-up asks what the conversation's condition (`previous`, no medicine) may lead to
    (`indonesian.LEADS_TO`), with nothing of its own named before it."""
    from bot.answering.indonesian import LEADS_TO, read

    low = question.lower()
    m = LEADS_TO.search(low)
    if m is None or previous in names.drugs or followup.thing_kind(previous) is not None:
        return False
    if m.group("become") and not _LATER_ID.search(low):
        return False
    before = low[:m.start()]
    return not read(before).topics and not _named_in(names, before)


# a question by its mark or its closing particle ("... bener ora", "... tinggi bana kah tu", "... kena ta?")
_ASKS_ID = re.compile(r"\?|\b(?:kah|ka|ta|to|tah|ga|gak|gk|nggak|ngga|enggak|tidak|ndak|nda|ora|dudu|kan|bukan|bkn)"
                      r"(?: \w{1,4})?\W*$")
# a word of the body, of getting it or of care: what makes a question naming nothing new one about health
_BODY_ID = re.compile(r"\b(?:(?:bakal|ikut|juga|jg|bisa|akan) kena(?= (?:ta|ga|gak|gk|kah|ka|ya|tidak|nggak|ndak|juga|"
                      r"jg|lagi|lg)\b|\W*$|\?)|(?:kaki|tangan|mata|badan|kulit|jari|sendi|lutut|dada|kepala|perut|"
                      r"telinga|kuping|jantung|paru|ginjal|muka|wajah)nya|ngombe|menular|kambuh)\b")
# a question about the bot itself ("kamu ni AI buatan siapa sih", "pake chatgpt bukan")
_TO_THE_BOT = re.compile(r"\b(?:kamu|kau|km|anda|bot|ai|chatgpt|gpt|robot)\b")


def asks_of_topic_id(r: Reading, question: str) -> bool:
    """Whether the Indonesian reader's words (`r`: `read(question)`) make a message that names no topic a question
    about the conversation's: it points back, or a question word says what is asked, or a modal with a word of
    health or of care ("boleh dipencet sendiri?")."""
    return r.refers_back or r.qtype != "information" or bool(_QUESTION_ID.search(question.lower()) and (
        asks_about_health(rest := _QUESTION_ID.sub(" ", question.lower())) or _CARE.search(rest)
        or _FOOD.search(rest) and not _COOKING.search(rest)))


# a question about doing something for it ("boleh dipencet sndiri?", "sekeluarga harus ikut minum jg kah", "kapan bisa
# masuk sekolah lg"), not
# small talk ("besok hujan gak?", "bot ini siapa yang bikin?")
_QUESTION_ID = re.compile(r"\b(?:boleh|bolehkah|harus|hrs|haruskah|perlu|perlukah|cukup|cukupkah|wajib|aman|"
                          r"amankah|normal|normalkah|(?:kapan|kpn) (?:bisa|bs|boleh|blh|udah|udh|sudah|sdh)|"
                          r"(?:apa|mana) "
                          r"(?:yang|yg|aja yang|aja yg) (?:bagus|baik|aman|dianjurkan|disarankan|boleh))\b")
# what is done for a condition at home ("dipencet", "dijemur", "dikompres"): with a modal, a question about it
_CARE = re.compile(r"\b(?:di)?(?:pencet|jemur|kompres|oles|pijat|kerok|suntik|sinar|rawat)\w*|"
                   r"\b(?:kena air|keramas|garuk|digaruk|urut|diurut|tidur|berenang|renang|kontrol|dibawa|puskesmas|rs|"
                   r"rumah sakit|igd|ke dokter|kerja|naik pesawat|berhubungan|cuti|mandi|olahraga|senam|"
                   r"istirahat|bedrest|puasa|oralit|salep|vaksin\w*|sekolah|paud|tk|sd|smp|sma|kuliah|kampus|kantor|"
                   r"(?:di)?kasih|dikasi|diberi\w*|transfusi|operasi|infus|fisio\w*|terapi|dipulang\w*|izin|libur)\b")
# what may be eaten or drunk with it ("kacang2an gak boleh ya", "buah apa yg bagus"), not cooking or shopping
# ("boleh minta resep nasi goreng?")
_FOOD = re.compile(r"\b(?:makan|makanan|minum|minuman|buah\w*|sayur\w*|kacang\w*|daging|jeroan|seafood|telur|"
                   r"kopi|teh|garam|nasi|susu|santan|gorengan|durian|emping|pantang\w*|diet)\b")
_COOKING = re.compile(r"\b(?:resep|masak\w*|bikin|membuat|jual\w*|beli|harga|warung|restoran|enak|enaknya|"
                      r"di(?:masak|goreng|rebus|bakar|kukus))\b")
# whether a named medicine or treatment is needed or helps ("harus minum antibiotik?", "ngaruh gak?")
_USE_ID = re.compile(r"\b(?:harus|perlu|butuh|wajib|ngaruh|ampuh|manjur|mempan|cukup|bantu|membantu|efektif|"
                     r"selain|lain)\b")  # "... selain cuci darah?": the condition's other treatments


def _is_medicine(names: FocusNames, topic: str) -> bool:
    """Whether the Indonesian reader's English topic name is one of the reference's medicines."""
    found = names.find(topic)
    return bool(found) and all(fs & names.drugs for _, fs, _ in found)


def _named_in(names: FocusNames, question: str) -> list[str]:
    """The reference's names written in the message as they are (no spelling correction: in another
    language a corrected word is usually another word; nor a plural s dropped from a word no name writes so:
    "kurus", Indonesian for thin, is not kuru, while "diabetes" is how the reference writes diabetes)."""
    # name keys are singular ("diabetes" -> "diabete"): compare keys with keys
    said = {k for w in written_words(question) if (k := singular(w)) == w or w in names.written}
    return [k for k, _, _ in names.find(question) if len(k) >= 4 and set(k.split()) <= said]
