"""Grounded answers for real consumer messages: understand the question (bot/understand.py), gather
candidate reference rows from two signals (the foci the message names, with their synonyms, and
TF-IDF over question + focus + synonyms), re-rank them with a question-entailment model ("question A
entails B if every answer to B is also a complete or partial answer to A": logistic regression over
the features below, trained by `python -m trainer.grounding`), and answer with the passage of the
chosen NIH answer that answers the question plus its link, a one-line link for a page whose text
MedQuAD may not carry (drugs, A.D.A.M.), or decline below the tuned threshold.

The re-ranker is a JSON file of weights (data only): `<dir>/reranker.json`. The reference's index
(7 s to build for all of MedQuAD on 2 cores) is cached in the state directory as arrays and JSON
(bot/refcache.py: data only too) and rebuilt only when the rows or this code change."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot import refcache
from bot.messages import EN
from bot.understand import FocusNames, Understood, canonical_qtype, name_key, type_relation, understand, words
from medbot.tables import load_table
from medbot.text import clean, cut_at_sentence

log = logging.getLogger(__name__)

FEATURES = ("focus_any", "focus_main", "focus_words", "type_same", "type_related", "overview", "cos_main", "cos_text",
            "overlap", "len_ratio")
MAX_PASSAGE_CHARS = 1200
# MedlinePlus drug and herb pages' question types: a focus with rows of these is a medicine
DRUG_QTYPES = frozenset({"usage", "precautions", "side effects", "dose", "storage and disposal", "forget a dose",
                         "brand names",
                         "indication", "emergency or overdose", "how effective is it", "interactions with medications"})
TOPIC_CANDIDATES = 60  # rows of the named foci considered
TFIDF_CANDIDATES = 30
_TEMPLATE = {"what", "is", "are", "the", "of", "how", "do", "does", "can", "i", "to", "a", "an", "and", "for", "be",
             "about", "should", "know", "information", "symptom", "treatment", "cause", "who", "get", "have"}
_LABELS = {"information": "an overview", "treatment": "its treatment", "symptoms": "its symptoms",
           "causes": "its causes",
           "exams and tests": "diagnosis and tests", "genetic changes": "genetics",
           "when to contact a medical professional": "when to see a doctor", "usage": "how to use it",
           "indication": "what it is used for", "dose": "dosage", "emergency or overdose": "overdose"}


@dataclass(frozen=True)
class Row:
    question: str
    answer: str
    url: str
    focus: str
    qtype: str
    synonyms: tuple[str, ...] = ()
    qid: str = ""


def _split_synonyms(raw: Any, sep: str) -> tuple[str, ...]:
    if not isinstance(raw, str) or not raw.strip():
        return ()
    return tuple(s.strip() for s in raw.split(sep) if s.strip())


def load_rows(spec: str | Path) -> list[Row]:
    """Reference rows from a Hub dataset or a local file (bot/tables.py) in the layout of lavita/MedQuAD
    (`question_focus`, `question_type`, `document_url`, `|`-separated synonyms), MedQuAD's CSV
    (`question, answer, url, focus, qtype, synonyms` `; `-separated, `qid`) or its link-only CSV (no
    `answer`)."""
    df = load_table(spec)
    if "focus" not in df.columns:  # a trainer's medical_qa_processed.csv calls it `group`
        alias = next((c for c in ("group", "topic") if c in df.columns), None)
        if alias:
            df = df.rename(columns={alias: "focus"})
    if "question_focus" in df.columns:  # the Hub layout
        df = df.rename(columns={"question_focus": "focus", "question_type": "qtype", "document_url": "url",
                                "question_id": "qid"})
        sep = "|"
        df["qid"] = df["document_source"].astype(str) + "/" + df["qid"].astype(str)
    else:
        sep = ";"
    if "question" not in df.columns or not ({"answer", "url"} & set(df.columns)):
        raise ValueError(f"a reference file needs `question` and `answer` columns (or `url` for link-only rows; "
                         f"`focus` for topics); columns found: {', '.join(map(str, df.columns))}")
    df = df.fillna("")
    get = lambda col: df[col].astype(str).tolist() if col in df.columns else [""] * len(df)  # noqa: E731
    return [Row(clean(q), a.strip(), u.strip(), f.strip(), canonical_qtype(t), _split_synonyms(s, sep), i)
            for q, a, u, f, t, s, i in zip(get("question"), get("answer"), get("url"), get("focus"), get("qtype"),
                                           get("synonyms"), get("qid"), strict=True) if q.strip()]


class Reference:
    """Rows, their foci and synonyms, and the indexes over them."""

    def __init__(self, rows: list[Row]):
        if not rows:
            raise ValueError("the reference has no question rows")
        t0 = time.perf_counter()
        self.rows = rows
        self.rows_read, self.answered_read = len(rows), sum(1 for r in rows if r.answer)  # before repeats went
        self.fkeys = [name_key(r.focus) for r in rows]
        syn_keys: dict[str, set[str]] = {}
        for r, k in zip(rows, self.fkeys, strict=True):
            syn_keys.setdefault(k, set()).update(name_key(s) for s in r.synonyms)
        self.synonym_keys = syn_keys
        self.names = FocusNames.build((r.focus for r in rows), (r.synonyms for r in rows))
        self.names.drugs = {k for r, k in zip(rows, self.fkeys, strict=True) if r.qtype in DRUG_QTYPES}
        answered = [(r.answer, k) for r, k in zip(rows, self.fkeys, strict=True) if r.answer]
        self.names.add_hints((a for a, _ in answered), (k for _, k in answered))
        self.focus_rows: dict[str, list[int]] = {}
        for i, k in enumerate(self.fkeys):
            self.focus_rows.setdefault(k, []).append(i)
        docs = [f"{r.question} {r.focus} {' '.join(r.synonyms)}" for r in rows]
        self.vectorizer = new_vectorizer()
        self.matrix = self.vectorizer.fit_transform(docs)
        self.qmatrix = self.vectorizer.transform([r.question for r in rows])
        # words of the question templates ("special", "precautions", "prescribed"): in the questions of many
        # topics, they say what is asked, not about what, and the type features already weigh that
        spread: dict[str, set[str]] = {}
        for r, k in zip(rows, self.fkeys, strict=True):
            for w in set(words(r.question)):
                spread.setdefault(w, set()).add(k)
        many = max(30, len(self.focus_rows) // 200)
        self.template = frozenset(w for w, fs in spread.items() if len(fs) > many) | _TEMPLATE
        row_words = [words(r.question) for r in rows]
        self.row_words = [set(ws) - self.template for ws in row_words]
        self.row_lengths = [len(ws) or 1 for ws in row_words]
        log.info("grounding: %d reference rows (%d with answers), %d focus names in %.1fs", len(rows),
                 sum(1 for r in rows if r.answer), len(self.names.keys), time.perf_counter() - t0)

    def text_twins(self, fkey: str) -> list[str]:
        """Topics with answer text that the same name or synonym names, or whose name is part of this
        one ("acute kidney failure" -> "kidney failure"), for a topic whose own pages are link-only."""
        cache: dict[str, list[str]] = self.__dict__.setdefault("_twins", {})
        if fkey in cache:
            return cache[fkey]
        rows = self.focus_rows.get(fkey, [])
        twins: list[str] = []
        if rows and not any(self.rows[i].answer for i in rows):
            # the topic's other names, and the larger parts of its own name ("acute kidney failure" ->
            # "kidney failure", "tension headache" -> "headache"; not "mouth" of "hand foot mouth disease")
            names = {fkey, *self.synonym_keys.get(fkey, ())}
            ws = fkey.split()
            names.update(" ".join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)
                         if len(ws) > j - i >= len(ws) / 2 and (j - i > 1 or ws[i] not in self.names.common))
            found = {f for n in names for f in self.names.keys.get(n, ())} - {fkey}
            twins = sorted((f for f in found if any(self.rows[i].answer for i in self.focus_rows.get(f, []))),
                           key=lambda f: -len(f))[:3]
        cache[fkey] = twins
        return twins

    @classmethod
    def load(cls, *specs: str | Path, cache_dir: Path | None = None) -> Reference:
        """The rows of every spec (Hub datasets or files), indexed; with `cache_dir`, the index is read
        from there when these rows were indexed before by this code, else built and kept there."""
        rows: list[Row] = []
        seen: set[tuple[str, str]] = set()
        read = answered = 0
        for p in specs:
            for r in load_rows(p):
                read, answered = read + 1, answered + bool(r.answer)
                if (r.question, r.url) not in seen:  # the Hub file and the CSVs overlap; repeats add nothing
                    seen.add((r.question, r.url))
                    rows.append(r)
        path = cache_dir / f"reference-{_fingerprint(rows)}{refcache.SUFFIX}" if cache_dir is not None else None
        ref = refcache.read(path, rows, cls) if path is not None else None
        if ref is not None:
            log.info("reference index read from %s", path)
        else:
            ref = cls(rows)
            if path is not None:
                refcache.write(path, ref)
        ref.rows_read, ref.answered_read = read, answered
        return ref


def new_vectorizer() -> Any:
    """The TF-IDF vectorizer of the reference (built here, or filled from the cache)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", dtype=np.float32, min_df=1)


def _fingerprint(rows: list[Row]) -> str:
    """Changes when a row or the indexing code changes (this module, bot/understand.py, bot/text.py and
    the cache's format), or with the scikit-learn version that tokenises the text."""
    import sklearn

    from bot import followup, understand
    from medbot import text

    h = hashlib.sha256(sklearn.__version__.encode())
    for module in (__file__, understand.__file__, followup.__file__, text.__file__, refcache.__file__):
        h.update(Path(module).read_bytes())
    for r in rows:
        h.update(repr(r).encode("utf-8", "replace"))
    return h.hexdigest()[:20]


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
    focus: str  # the chosen row's focus key (remembered for follow-ups)
    asked: str = "information"  # the question type the message asks
    more: Row | None = None  # the best page when it is link-only and `row` is the text answered instead


class ConsumerRetriever:
    """Understand, gather candidates, re-rank, answer or decline."""

    NO_SOURCE = EN.no_source

    def __init__(self, reference: Reference, reranker: Reranker):
        self.ref = reference
        self.reranker = reranker

    def understand(self, question: str, previous_focus: str | None = None) -> Understood:
        return understand(question, self.ref.names, previous_focus)

    def choose(self, question: str, previous_focus: str | None = None) -> Choice | None:
        """The best row when its entailment probability reaches the threshold, else None."""
        return self.choose_understood(self.understand(question, previous_focus))

    def choose_understood(self, u: Understood) -> Choice | None:
        """The best row for an understood message; a link-only best page is answered with the best
        text row of the same topic (or a topic named like it), its link added (`Choice.more`)."""
        if u.off_topic:
            return None
        ranked = self.rank_understood(u, k=TOPIC_CANDIDATES)
        bar = self.reranker.threshold if u.foci else self.reranker.threshold_no_focus
        if not ranked or ranked[0].prob < bar:
            return None
        best = ranked[0]
        if best.row.answer:
            return self._on_aspect(best, ranked, u)
        topics = {best.focus, *self.ref.text_twins(best.focus)}
        text = next((c for c in ranked if c.row.answer and c.focus in topics), None)
        if text is None:
            return best
        return Choice(text.row, text.index, best.prob, best.focus, best.asked, more=best.row)

    def _on_aspect(self, best: Choice, ranked: list[Choice], u: Understood) -> Choice:
        """An overview chosen for a question about one aspect ("what causes eczema?"): a page of the same
        topic on that aspect answers instead when it has text, else it is linked after the overview."""
        asked = best.asked
        if asked == "information" or type_relation(asked, best.row.qtype) == 1:
            return best
        topics = {best.focus, *u.foci}
        on_aspect = [c for c in ranked if canonical_qtype(c.row.qtype) == canonical_qtype(asked)
                     and (c.focus in topics or best.focus in self.ref.text_twins(c.focus))]
        if not on_aspect:
            return best
        text = next((c for c in on_aspect if c.row.answer), None)
        if text is not None:
            return Choice(text.row, text.index, best.prob, text.focus, asked)
        return Choice(best.row, best.index, best.prob, best.focus, asked, more=on_aspect[0].row)

    def rank(self, question: str, previous_focus: str | None = None, k: int = 5) -> list[Choice]:
        return self.rank_understood(self.understand(question, previous_focus), k)

    def rank_understood(self, u: Understood, k: int = 5) -> list[Choice]:
        """Candidates, best first. A message that names topics of the reference gets rows of those
        topics only (TF-IDF over other rows finds pages that share words, not the subject); one that
        names none gets the TF-IDF neighbours."""
        ref = self.ref
        vq = ref.vectorizer.transform([u.main, u.text])
        pool: dict[int, None] = {}
        for f in sorted(u.foci, key=lambda f: -len(f)):
            for i in ref.focus_rows.get(f, [])[:TOPIC_CANDIDATES]:
                pool[i] = None
            for twin in ref.text_twins(f):  # where the topic's own pages are link-only
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
            if r.answer.startswith(_RESOURCE_LIST):
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
            what = _LABELS.get(r.qtype, r.qtype)
            return f"MedlinePlus has a page on {r.focus} that covers {what}: {r.url}"
        if choice.more is not None:  # the passage on what was asked, wherever it is in the page
            hint = " ".join(ASPECT_WORDS.get(asked, ()))
            text = passage(r.answer, f"{question} {hint}", asked if asked != "information" else r.qtype)
        else:
            text = passage(r.answer, question, r.qtype)
        if type_relation(asked, r.qtype) == 0 and asked != "information" and choice.more is None:
            text = f"The closest NIH page I have on {r.focus} covers {_LABELS.get(r.qtype, r.qtype)}.\n\n{text}"
        out = f"{text}\n\nSource: {r.url}" if r.url else text
        if choice.more is not None and choice.more.url:
            m = choice.more
            out += f"\nMore on {_LABELS.get(m.qtype, m.qtype)} ({m.focus}): {m.url}"
        return out


_RESOURCE_LIST = "These resources address"
# Words an overview uses where it tells one aspect, for finding that passage in it
ASPECT_WORDS = {
    "treatment": ("treated", "treat", "medicines", "therapy", "antibiotics", "surgery", "relieve"),
    "causes": ("caused", "virus", "bacteria", "spread", "spreads", "contagious", "triggers", "risk"),
    "symptoms": ("signs", "symptoms", "include", "fever", "pain", "rash"),
    "prevention": ("prevent", "avoid", "vaccine", "lower", "risk"),
    "exams and tests": ("diagnose", "diagnosed", "tests", "exam", "blood", "imaging"),
    "outlook": ("go away", "recover", "lifelong", "chronic", "cure", "weeks", "months"),
    "complications": ("complications", "lead", "damage", "problems", "serious"),
    "inheritance": ("inherited", "genes", "families", "genetic"),
    "susceptibility": ("risk", "likely", "people", "more common"),
}
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def passage(answer: str, question: str, qtype: str = "information", limit: int = MAX_PASSAGE_CHARS) -> str:
    """The part of a long answer that answers: from the sentence that shares most words with the
    question (the start for an overview), at most `limit` characters, cut at a sentence end."""
    text = re.sub(r"^(?:Espa\u00f1?ol)\s+", "", clean(answer))
    if len(text) <= limit or qtype == "information":
        return cut_at_sentence(text, limit)
    sentences = _SENT.split(text)
    asked = set(words(question)) - _TEMPLATE
    best, best_score = 0, 0.0
    for i, s in enumerate(sentences):
        score = len(asked & set(words(s))) - 0.01 * i  # earlier wins a tie
        if score > best_score:
            best, best_score = i, score
    start = max(0, best - 1) if best_score > 0 else 0
    return cut_at_sentence(" ".join(sentences[start:]), limit)
