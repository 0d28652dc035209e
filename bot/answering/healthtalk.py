"""Whether a message that names no topic asks about health: a follow-up of the conversation's topic ("can he go
to school tmrw", "can i still kiss my bf or nah", "harus disinar di rs gak") or chat (thanks, the bot itself, the
weather, "this traffic is killing me"). A linear model over the message's words and character 4-grams (bot/safety/
detector.py's features and scoring), trained by `python -m trainer.healthtalk` on messages by independent writers
(data/chat/: messages that ask nothing about health; data/aspects/, data/followups/ and the development
conversations: health questions), shipped as JSON weights (healthtalk.json), data only.

The rules (bot/answering/followup.py's health words, the Indonesian reader's question words) say a message follows
up when they find a word of health or a question about the conversation's thing; people often ask without one. The
model is asked only where the rules found none and the message is not small talk to them either
(bot/answering/understand.py, rerank.py): it can turn a decline into a follow-up, never a page into a decline."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering.aspects import features, vectorise
from bot.safety import detector as det

DEFAULT_PATH = Path(__file__).with_name("healthtalk.json")
CLASSES = ("chat", "health")
__all__ = ["CLASSES", "HealthModel", "asks_about_health", "features", "forced", "shipped", "vectorise"]


@dataclass
class HealthModel(det.LinearModel):
    vocab: dict[str, int]
    weights: np.ndarray  # (features, 2)
    bias: np.ndarray  # (2,)
    at: float  # the least probability of "health" at which an English message the rules do not read as one follows up
    at_id: float  # the same for an Indonesian message (the bot's language detection decides which)
    meta: dict[str, Any] = field(default_factory=dict)
    default_path = DEFAULT_PATH

    def __post_init__(self) -> None:  # the arrays are checked where they are read (`LinearModel.arrays`)
        if not (0 < self.at <= 1 and 0 < self.at_id <= 1):
            raise ValueError("health-talk weights: the thresholds must lie in (0, 1]")
        self._index()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HealthModel:
        vocab, weights, bias = cls.arrays(data, CLASSES, "health-talk")
        return cls(vocab, weights, bias, float(data["at"]), float(data["at_id"]),
                   {k: v for k, v in data.items() if k not in ("features", "weights", "bias", "at", "at_id")})

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, **self.arrays_dict(CLASSES), "at": self.at, "at_id": self.at_id}

    def probability(self, text: str) -> float:
        """The probability that the message asks about health."""
        return float(self.softmax(features(text))[CLASSES.index("health")])

    def threshold(self, lang: str) -> float:
        return self.at_id if lang == "id" else self.at

    def asks(self, text: str, lang: str) -> bool:
        return self.probability(text) >= self.threshold(lang)


@functools.cache
def shipped() -> HealthModel | None:
    """The shipped weights; None (the rules alone, as before) when they are missing or broken."""
    return HealthModel.load_or_none(DEFAULT_PATH, "health-talk", "follow-ups from the rules alone")


# The model's verdict fixed, for `python -m trainer.healthtalk` only: it runs the bot's own path on each message with
# the model saying yes, then no, to learn where the model decides. The bot never sets it.
_FORCED: ContextVar[tuple[bool, list[str]] | None] = ContextVar("healthtalk_forced", default=None)


@contextmanager
def forced(verdict: bool) -> Iterator[list[str]]:
    """Within: every verdict is `verdict`; yields the list of the texts the model was asked about."""
    asked: list[str] = []
    token = _FORCED.set((verdict, asked))
    try:
        yield asked
    finally:
        _FORCED.reset(token)


def asks_about_health(text: str, lang: str) -> bool:
    """The shipped model's verdict on a message that names no topic and that the rules read as neither small talk
    nor a question about the conversation's topic (`text` as the message came, cleaned: bot/core.py `clean`; `lang`
    as the bot detected it); False without weights."""
    force = _FORCED.get()
    if force is not None:
        force[1].append(text)
        return force[0]
    model = shipped()
    return model is not None and model.asks(text, lang)
