"""The question type of a message the rules (bot/answering/understand.py `QTYPES`) read as none: a linear
model over its words and character 4-grams (bot/safety/detector.py's features and scoring), trained by
`python -m trainer.aspects` on messages by independent writers, each labelled with the aspect it asks
(data/aspects/), and shipped as JSON weights (aspects.json), data only.

The rules know how people name an aspect ("side effects", "is it contagious"); people often ask without
those words ("can her brother catch it", "any cream you'd recommend", "he wants to go back to football next
week, is that too soon"). The model answers where the rules found nothing and it is sure enough, or over the
rules' type where it is very sure (`choose`; both thresholds chosen by the trainer on leave-one-writer-out
predictions); otherwise the message keeps the rules' type, or stays a question about the topic in general. A bare
name or statement ("psoriasis", "my son has asthma") is a question about the topic in general: the model was
trained on such messages too (data/aspects/o1, oi1), and on requests for it ("tell me about gout")."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.safety import detector as det

DEFAULT_PATH = Path(__file__).with_name("aspects.json")
# the reference's question types the model chooses among ("information": the topic in general)
QTYPES = ("information", "symptoms", "causes", "treatment", "prevention", "exams and tests", "outlook",
          "complications", "inheritance", "susceptibility", "side effects", "dose", "precautions")
# the sections of a medicine's label the rules read and the model has no class for ("what foods should i avoid with
# omeprazole": its dietary section): the model never takes over from them (`choose`)
LABEL_SECTIONS = frozenset(("dietary", "usage", "indication", "storage and disposal", "forget a dose", "brand names",
                            "how effective is it"))
# the writers' labels (data/aspects/README.md) as question types: how a disease spreads is on its "causes" page
ASPECTS = {"overview": "information", "symptoms": "symptoms", "causes": "causes", "treatment": "treatment",
           "prevention": "prevention", "tests": "exams and tests", "outlook": "outlook",
           "complications": "complications", "contagious": "causes", "genetics": "inheritance",
           "risk": "susceptibility", "side effects": "side effects", "dose": "dose", "safety": "precautions"}


def features(text: str) -> dict[str, set[str]]:
    """Word uni- and bigrams (negation-scoped) and character 4-grams of a message, as the detector reads them."""
    f = det.features(det.tokens(det.normalise(text)))
    return {"w": f["w"], "c": f["c"]}


def vectorise(texts: Iterable[str]) -> list[dict[str, float]]:
    """Feature dicts as the trainer fits them (each family scaled to unit length, the way `logits` scores)."""
    return det.vectorise(features(t) for t in texts)[0]


@dataclass
class AspectModel(det.LinearModel):
    vocab: dict[str, int]
    weights: np.ndarray  # (features, len(QTYPES))
    bias: np.ndarray  # (len(QTYPES),)
    at: float  # the least probability at which the model's type is taken where the rules read none
    over: float = 1.0  # the least at which it is taken over the rules' type (1: never; weights before it)
    meta: dict[str, Any] = field(default_factory=dict)
    default_path = DEFAULT_PATH

    def __post_init__(self) -> None:  # the arrays are checked where they are read (`LinearModel.arrays`)
        if not (0 < self.at <= 1 and 0 < self.over <= 1):
            raise ValueError("aspect weights: the thresholds must lie in (0, 1]")
        self._index()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AspectModel:
        vocab, weights, bias = cls.arrays(data, QTYPES, "aspect")
        return cls(vocab, weights, bias, float(data["at"]), float(data.get("over", 1.0)),
                   {k: v for k, v in data.items() if k not in ("features", "weights", "bias", "at", "over")})

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, **self.arrays_dict(QTYPES), "at": self.at, "over": self.over}

    def probabilities(self, text: str) -> np.ndarray:
        return self.softmax(features(text))

    def predict(self, text: str, skip: frozenset[str] = frozenset()) -> tuple[str, float]:
        """The most probable type not in `skip`, and its probability."""
        p = self.probabilities(text)
        i = _best(p, skip)
        return QTYPES[i], float(p[i])

    def decide(self, rules: str, typed: bool, text: str, skip: frozenset[str] = frozenset(),
               whole: bool = True) -> str:
        """`choose` on this model's probabilities for `text`."""
        return choose(self.probabilities(text), rules, typed, whole, self.at, self.over, skip)


def choose(p: np.ndarray, rules: str, typed: bool, whole: bool, at: float, over: float,
           skip: frozenset[str] = frozenset()) -> str:
    """The question type of a message the rules read as `rules` (`typed`: they said it, not just found nothing;
    `whole`: the message is its main question), given the model's probabilities `p` over QTYPES: the model's most
    probable type (not one of `skip`) where the rules found nothing and it reaches `at`, or where it reaches `over`
    though the rules said another ("is it safe to take ibuprofen for the pain" is asked of a treatment, not its
    precautions), but never over the rules' reading of the main question of several (the model reads the whole
    message) or of a label's section it has no class for (`LABEL_SECTIONS`); else the rules'. The bot
    (bot/answering/understand.py, rerank.py) and the trainer's tuning (trainer/aspects.py) both decide here."""
    i = _best(p, skip)
    qtype = QTYPES[i]
    if qtype in ("information", rules) or (typed and not whole) or rules in LABEL_SECTIONS:
        return rules
    return qtype if p[i] >= (over if typed else at) else rules


def _best(p: np.ndarray, skip: frozenset[str]) -> int:
    """The index of the most probable type not in `skip` (the first on a tie)."""
    return next(int(i) for i in np.argsort(-p, kind="stable") if QTYPES[int(i)] not in skip)


@functools.cache
def shipped() -> AspectModel | None:
    """The shipped weights; None (the rules alone, as before) when they are missing or broken."""
    return AspectModel.load_or_none(DEFAULT_PATH, "aspect", "question types from the rules alone")
