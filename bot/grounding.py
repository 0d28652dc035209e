"""Grounded answers: find the closest question in a reference Q/A file (TF-IDF over the questions,
built once at start-up, in memory) and answer with its NIH text and source link, or say that no
reliable source was found instead of guessing."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.text import clean, cut_at_sentence

log = logging.getLogger(__name__)

# Cosine similarity below this is "nothing close enough" (off-topic questions scored 0.3-0.47 on MedQuAD).
MIN_SCORE = 0.5
MAX_ANSWER_CHARS = 1500


@dataclass(frozen=True)
class Hit:
    question: str
    answer: str
    url: str
    score: float


class Retriever:
    NO_SOURCE = ("I don't have a reliable source for that. Please ask a health professional, "
                 "or rephrase the question with the name of the condition or medicine.")

    def __init__(self, questions: list[str], answers: list[str], urls: list[str], min_score: float = MIN_SCORE):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not questions:
            raise ValueError("the reference file has no question/answer rows")
        self.questions, self.answers, self.urls = questions, answers, urls
        self.min_score = min_score
        t0 = time.perf_counter()
        # word uni+bigrams with sublinear tf; English stop words keep "what is" from matching everything
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
                                          min_df=1, dtype=np.float32)
        self.matrix = self.vectorizer.fit_transform(questions)
        log.info("grounding: indexed %d reference questions in %.2fs", len(questions), time.perf_counter() - t0)

    @classmethod
    def from_file(cls, path: str | Path, min_score: float = MIN_SCORE) -> Retriever:
        from trainer.config import DataArguments
        from trainer.data import load_table, to_pairs

        df = load_table(str(path))
        pairs = to_pairs(df, DataArguments(data=str(path)))
        pairs = pairs[(pairs["question"].str.strip() != "") & (pairs["answer"].str.strip() != "")]
        urls = pairs["url"].tolist() if "url" in pairs.columns else [""] * len(pairs)
        return cls(pairs["question"].tolist(), pairs["answer"].tolist(), urls, min_score)

    def search(self, question: str, k: int = 1) -> list[Hit]:
        vec = self.vectorizer.transform([clean(question)])
        if vec.nnz == 0:
            return []
        scores = (self.matrix @ vec.T).toarray().ravel()
        top = np.argsort(-scores)[:k]
        return [Hit(self.questions[i], self.answers[i], self.urls[i], float(scores[i])) for i in top]

    def best(self, question: str) -> Hit | None:
        hits = self.search(question, 1)
        return hits[0] if hits and hits[0].score >= self.min_score else None

    def answer_text(self, hit: Hit) -> str:
        return cut_at_sentence(clean(hit.answer), MAX_ANSWER_CHARS)

    def format(self, hit: Hit) -> str:
        source = f"\n\nSource: {hit.url}" if hit.url else ""
        return f"{self.answer_text(hit)}{source}"


def answer_or_none(retriever: Any, question: str) -> str:
    """Grounded reply text for evaluation (the same text the bot sends, minus the disclaimer)."""
    hit = retriever.best(question)
    return retriever.answer_text(hit) if hit is not None else ""
