"""Grounded answers: find the closest question in a reference Q/A file (TF-IDF over the questions,
built once at start-up, in memory) and answer with its NIH text and source link, or say that no
reliable source was found instead of guessing.

A high TF-IDF score alone is not enough: "What are the symptoms of Adult Acute Lymphoblastic
Leukemia?" scores high against the Childhood ALL rows, and their text is about another disease.
When the reference names each row's topic (MedQuAD's `focus` column), a row is only used if
- the question names that topic: every content word of the focus appears in the question (plurals
  and small typos allowed), and
- the topic is not much broader than what is asked: of the question's topic words (words that occur
  in some reference topic, but not in the question templates such as "symptoms" or "inherited"),
  at least half (IDF-weighted) belong to the row's topic. "Adult Non-Hodgkin Lymphoma" does not
  get the "Adult Hodgkin Lymphoma" page; "Pernicious Anemia" may get the "Anemia" page when
  nothing closer exists. Limitation: words no reference topic uses do not count, so a disease
  missing from the reference whose name ends in a known one ("Rocky Mountain Spotted Fever")
  can still get the broader page ("Fever"), with its source link saying what it is.
Then the aspect: "how do you treat asthma" scores highest on "What is (are) Asthma?" (the only
shared word is the topic); the question's aspect (ASPECTS: treatment, symptoms, inheritance, ...,
judged without the topic's own words) picks the topic's row for that aspect when there is one."""

from __future__ import annotations

import asyncio
import difflib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering.retrieval import Retrieved
from medbot.text import clean, cut_at_sentence, singular, topic_key, topic_words

log = logging.getLogger(__name__)

# Cosine similarity below this is "nothing close enough" (off-topic questions scored 0.3-0.47 on MedQuAD).
MIN_SCORE = 0.5
MAX_ANSWER_CHARS = 1500
TOPIC_COLUMNS = ("focus", "group", "topic")


def topic_column(columns: Any) -> str | None:
    """MedQuAD's `focus`, or `group` in a trainer's medical_qa_processed.csv."""
    return next((c for c in TOPIC_COLUMNS if c in columns), None)

# TF-IDF candidates checked for a topic match, best score first
CANDIDATES = 20
# share of the question's topic words that the row's topic must cover
MIN_TOPIC_COVERAGE = 0.5
# a word in the questions of more than this share of topics (and of at least TEMPLATE_MIN_TOPICS)
# is template ("symptoms", "treatments", "inherited")
TEMPLATE_SHARE = 0.01
TEMPLATE_MIN_TOPICS = 5


def _word_matches(word: str, question_words: set[str]) -> bool:
    if word in question_words:
        return True
    if not word.isalpha():
        return False  # "alg6" is not "alg12", "type 1" is not "type 2"
    for q in question_words:
        if not q.isalpha():
            continue
        if singular(q) == singular(word):  # "legs" ~ "leg"
            return True
        # inflection: "tumor" ~ "tumors", "diabetic" ~ "diabetics"
        if len(word) >= 4 and len(q) >= 4 and q[: len(word) - 1] == word[:-1] and abs(len(q) - len(word)) <= 2:
            return True
        if len(word) >= 5 and difflib.SequenceMatcher(None, word, q).ratio() >= 0.85:  # typo
            return True
    return False


# What a question asks about its topic, MedQuAD's question types in consumer words; the first
# match wins (the order settles "what signs does X cause": symptoms before causes).
ASPECTS = [(name, re.compile(rx)) for name, rx in (
    ("research", r"\bresearch|\bclinical trials?\b|\bstud(?:y|ies)\b"),
    ("genetic changes", r"\bgenes?\b|\bgenetic changes?\b|\bmutations?\b"),
    ("inheritance", r"\binherit|\bhereditary\b|\bruns? in (?:the )?famil|\bpass(?:ed)? (?:down|on)\b"),
    ("frequency", r"\bhow (?:many people|common|often|rare)\b|\bprevalen"),
    ("susceptibility", r"\bat risk\b|\brisk factors?\b|\blikely to get\b|\bwho gets\b"),
    ("prevention", r"\bprevent|\bavoid(?:ed)?\b"),
    # "was diagnosed with X, what are the treatments?" tells a story; it does not ask about diagnosis
    ("exams and tests", r"\bdiagnos(?!ed with)|\btests?\b|\bfind out\b|\bscreen"),
    ("outlook", r"\boutlook\b|\bprognosis\b|\blife expectancy\b|\bsurviv"),
    ("stages", r"\bstages?\b|\bstaged\b|\bstaging\b"),
    ("complications", r"\bcomplications?\b"),
    ("treatment", r"\btreat|\btherap|\bcured?\b|\bmedications?\b|\bmanaged?\b"),
    ("symptoms", r"\bsymptoms?\b|\bsigns?\b"),
    ("causes", r"\bcaus|\bwhy do\b|\bwhy does\b|\btrigger"),
    ("considerations", r"\bwhat to do\b|\bwhat should i do\b"),
)]


_LANGUAGE_LINK = re.compile(r"^(?:Espa\u00f1?ol)\s+")
_LABEL = {"exams and tests": "diagnosis", "considerations": "care", "susceptibility": "risk factors",
          "genetic changes": "genetics", "information": "overview"}


def question_aspect(question: str, topic: str = "") -> str:
    """The aspect asked ("treatment", "symptoms", ..., default "information"), judged on the
    question without the topic's own words ("Hereditary angioedema" is not about inheritance)."""
    mine = {singular(w) for w in topic_words(topic)}
    words = [w for w in re.findall(r"[a-z0-9]+", clean(question).lower()) if singular(w) not in mine]
    text = " ".join(words)
    return next((name for name, rx in ASPECTS if rx.search(text)), "information")


def topic_named(topic: str, question: str) -> bool:
    """True when every content word of `topic` appears in `question` (or the topic is empty)."""
    return _names_all(topic_words(topic), set(topic_words(question)))


def _names_all(topic: list[str], asked: set[str]) -> bool:
    return all(_word_matches(w, asked) for w in topic)


@dataclass(frozen=True)
class Hit:
    question: str
    answer: str
    url: str
    score: float
    topic: str = ""
    index: int = -1


class TfidfRetriever:
    """The closest reference question by TF-IDF, on its topic (a `bot.answering.retrieval.Retriever`)."""

    def __init__(self, questions: list[str], answers: list[str], urls: list[str], min_score: float = MIN_SCORE,
                 topics: list[str] | None = None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not questions:
            raise ValueError("the reference file has no question/answer rows")
        self.questions, self.answers, self.urls = questions, answers, urls
        self.topics = topics or [""] * len(questions)
        self.min_score = min_score
        t0 = time.perf_counter()
        # word uni+bigrams with sublinear tf; English stop words keep "what is" from matching everything
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
                                          min_df=1, dtype=np.float32)
        try:
            self.matrix = self.vectorizer.fit_transform(questions)
        except ValueError as exc:  # scikit-learn: "empty vocabulary"
            raise ValueError("the reference questions have no indexable words") from exc
        # character 3-5 grams, the fallback for misspelt names ("adrenoleukodystrohpy" is no word at all)
        self.char_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                               min_df=1, dtype=np.float32, lowercase=True)
        self.char_matrix = self.char_vectorizer.fit_transform([clean(q) for q in questions])
        self.topic_vocab: set[str] = set()
        self.idf: dict[str, float] = {}
        self.row_aspects: list[str] = []
        self.topic_rows: dict[str, list[int]] = {}
        if any(self.topics):
            self.topic_vocab = {w for t in set(self.topics) for w in topic_words(t)}
            df: dict[str, int] = {}
            spread: dict[str, set[str]] = {}  # in how many topics' questions a word occurs
            for q, t in zip(questions, self.topics, strict=True):
                for w in set(topic_words(q)):
                    df[w] = df.get(w, 0) + 1
                    spread.setdefault(w, set()).add(t)
            n, many = len(questions), max(TEMPLATE_MIN_TOPICS, TEMPLATE_SHARE * len(set(self.topics)))
            # template words ("symptoms", "treatments") say what is asked, not about what: weight 0
            self.idf = {w: 0.0 if len(spread[w]) > many else float(np.log((n + 1) / (c + 1)) + 1)
                        for w, c in df.items()}
            self.row_aspects = [question_aspect(q, t) for q, t in zip(questions, self.topics, strict=True)]
            for i, t in enumerate(self.topics):
                self.topic_rows.setdefault(topic_key(t), []).append(i)
        log.info("grounding: indexed %d reference questions in %.2fs", len(questions), time.perf_counter() - t0)

    @classmethod
    def from_file(cls, path: str | Path, min_score: float = MIN_SCORE) -> TfidfRetriever:
        """The rows of a reference file that have an answer (bot/answering/reference.py reads the layouts)."""
        from bot.answering.reference import load_rows

        rows = [r for r in load_rows(path) if r.answer]
        topics = [r.focus for r in rows] if any(r.focus for r in rows) else None
        return cls([r.question for r in rows], [r.answer for r in rows], [r.url for r in rows], min_score, topics)

    @property
    def size(self) -> int:
        return len(self.questions)

    @property
    def reference(self) -> None:
        return None  # no names index: drug questions are answered like any other

    async def retrieve(self, question: str, lang: str, previous: str | None, drugs: object = None,
                       condition: str | None = None) -> Retrieved:
        """The closest page on the topic asked (in a thread: TF-IDF over a large reference is CPU work);
        no follow-ups, no drug labels."""
        hit = await asyncio.to_thread(self.best, question)
        return Retrieved("no_source") if hit is None else Retrieved("answer", self.format(hit, question))

    def reload(self, folder: Path) -> bool:
        return False  # no re-ranker: the fallback for when none loads

    def describe(self) -> tuple[str, list[str]]:
        topics, warnings = len({t for t in self.topics if t}), []
        if not topics:
            warnings.append("the reference file has no focus/group column: no topic check, the TF-IDF score "
                            "alone decides which answer is sent")
        if not any(self.urls):
            warnings.append("the reference file has no url column: grounded replies will carry no source link")
        return f"{len(self.questions)} questions, {topics} topics (plain TF-IDF, no re-ranker)", warnings

    def search(self, question: str, k: int = 1, chars: bool = False) -> list[Hit]:
        """The k best rows by TF-IDF cosine over word uni/bigrams (or character n-grams)."""
        vectorizer, matrix = (self.char_vectorizer, self.char_matrix) if chars else (self.vectorizer, self.matrix)
        vec = vectorizer.transform([clean(question)])
        if vec.nnz == 0:
            return []
        scores = (matrix @ vec.T).toarray().ravel()
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self._hit(int(i), float(scores[i])) for i in top]

    def _hit(self, i: int, score: float) -> Hit:
        return Hit(self.questions[i], self.answers[i], self.urls[i], score, self.topics[i], i)

    def best(self, question: str, exclude_question: str | None = None) -> Hit | None:
        """The best-scoring row above min_score whose topic the question names, or None.

        Word TF-IDF first; when no row qualifies, the same over character n-grams, so a misspelt
        name ("adrenoleukodystrohpy") still finds its page (the topic check allows small typos).

        When the question asks about another aspect of that topic than the row answers ("how is
        X treated" scores highest on "What is X?"), the topic's row for that aspect is used.

        `exclude_question` skips rows with exactly that question (leave-one-out evaluation)."""
        skip = exclude_question.strip().lower() if exclude_question is not None else None
        asked = topic_words(question)
        for chars in (False, True):  # words first; character n-grams when a name is misspelt
            for hit in self.search(question, CANDIDATES, chars):
                if hit.score < self.min_score:
                    break
                if hit.question.strip().lower() == skip:
                    continue
                if self.on_topic(hit.topic, asked):
                    return self._same_aspect(hit, question, skip)
        return None

    def _same_aspect(self, hit: Hit, question: str, skip: str | None) -> Hit:
        if not self.row_aspects:
            return hit
        asked = question_aspect(question, hit.topic)
        if asked == self.row_aspects[hit.index]:
            return hit
        for i in self.topic_rows.get(topic_key(hit.topic), []):
            if self.row_aspects[i] == asked and self.questions[i].strip().lower() != skip:
                return self._hit(i, hit.score)
        return hit

    def on_topic(self, topic: str, asked: list[str]) -> bool:
        """The question (its topic_words, `asked`) names `topic`, and `topic` covers at least half
        of what the question is about.

        "What it is about": the question's words that occur in some reference topic, weighted by IDF
        over the reference questions, template words weighing nothing. Other words ("my son",
        "twice") do not count, so conversational questions still find their page."""
        if not self.topic_vocab:
            return True  # the reference names no topics: the TF-IDF score decides alone
        mine = topic_words(topic)
        if not topic or not _names_all(mine, set(asked)):
            return False
        weights = {w: self.idf.get(w, 0.0) for w in asked if w in self.topic_vocab}
        total = sum(weights.values())
        if total == 0:
            return True
        named = set(mine)
        covered = sum(v for w, v in weights.items() if _word_matches(w, named))
        return covered >= MIN_TOPIC_COVERAGE * total

    def answer_text(self, hit: Hit) -> str:
        # NHLBI pages in MedQuAD start with their "Español" link text, accent lost: "Espaol Asthma is..."
        text = _LANGUAGE_LINK.sub("", clean(hit.answer))
        return cut_at_sentence(text, MAX_ANSWER_CHARS)

    def format(self, hit: Hit, question: str | None = None) -> str:
        """The reply: NIH text and source link; when the page is not about exactly what was asked
        (another aspect, or a broader topic), a first line says what the page is about."""
        source = f"\n\nSource: {hit.url}" if hit.url else ""
        return f"{self.scope_note(hit, question)}{self.answer_text(hit)}{source}"

    def scope_note(self, hit: Hit, question: str | None) -> str:
        if question is None or not hit.topic or hit.index < 0 or not self.row_aspects:
            return ""
        asked, have = question_aspect(question, hit.topic), self.row_aspects[hit.index]
        if asked == have:
            return ""
        if have == "information":
            return f"I have no NIH page on the {_LABEL.get(asked, asked)} of {hit.topic}; here is its overview.\n\n"
        return f"The closest NIH page I have is on the {_LABEL.get(have, have)} of {hit.topic}.\n\n"


def grounded_answer(retriever: TfidfRetriever, question: str, leave_one_out: bool = False) -> tuple[str, bool]:
    """The answer text the bot sends (minus source link and disclaimer; "" when it declines) and
    whether it has a source.

    `leave_one_out` never answers with the reference row that holds this very question: the
    evaluation then measures a reference that covers the topic but not the question."""
    hit = retriever.best(question, exclude_question=question if leave_one_out else None)
    return (retriever.answer_text(hit), True) if hit is not None else ("", False)
