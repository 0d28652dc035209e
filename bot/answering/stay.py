"""Whether a later message of a conversation is still about the conversation's topic where the rules would move it to
another page or decline it ("does metformin help for it or is that only a diabetes thing" after PCOS, "my coach said no
rugby bc of my spleen??" after mono, "boleh gantian sm ibuprofen?" after paracetamol, "kalo kena bahaya ga sih,
tetangga bilang bisa sampe radang paru" after measles). The rules (bot/answering/understand.py, followup.py, the
Indonesian reader) start a new topic when a message names one of its own, and decline one that names nothing they
read as a question about the conversation's; people name a sign, a medicine or a complication of the same condition
in passing, and ask about it in words no rule lists.

A linear model over the message's words and character 4-grams and what the rules made of it (`signals`: moved or
declined, what kind of name it writes, whether it points back), bot/safety/detector.py's scoring, trained by `python
-m trainer.stay` on the development conversations (data/conversations/: each later message labelled by whether its
topic is the one before it), shipped as JSON weights (stay.json), data only. It is asked only where the rules moved
or declined a message in a conversation that has a topic: it can keep the conversation's topic, never move it."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.answering import followup
from bot.answering.aspects import features
from bot.safety import detector as det

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.answering.understand import FocusNames, Understood

DEFAULT_PATH = Path(__file__).with_name("stay.json")
CLASSES = ("moves", "stays")
# what the rules did with the message: moved it to another topic, declined it, kept the topic, called it small talk,
# or moved it to a page it asks about by name or said it changes the subject (what only a medicine's page answers,
# "what is X?", "different question: ...": never kept)
OUTCOMES = ("moved", "declined", "stayed", "off_topic", "asked")
Features = dict[str, set[str]]
__all__ = ["CLASSES", "DEFAULT_PATH", "OUTCOMES", "Features", "StayModel", "is_recording", "record", "recording",
           "shipped", "signals", "stays"]


@dataclass
class StayModel(det.LinearModel):
    vocab: dict[str, int]
    weights: np.ndarray  # (features, 2)
    bias: np.ndarray  # (2,)
    at: float  # the least probability of "stays" at which a moved or declined message keeps the conversation's topic
    meta: dict[str, Any] = field(default_factory=dict)
    default_path = DEFAULT_PATH

    def __post_init__(self) -> None:  # the arrays are checked where they are read (`LinearModel.arrays`)
        if not 0 < self.at <= 1:
            raise ValueError("stay weights: the threshold must lie in (0, 1]")
        self._index()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StayModel:
        vocab, weights, bias = cls.arrays(data, CLASSES, "stay")
        return cls(vocab, weights, bias, float(data["at"]),
                   {k: v for k, v in data.items() if k not in ("features", "weights", "bias", "at")})

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, **self.arrays_dict(CLASSES), "at": self.at}

    def probability(self, feats: Features) -> float:
        """The probability that the message stays on the conversation's topic."""
        return float(self.softmax(feats)[CLASSES.index("stays")])


@functools.cache
def shipped() -> StayModel | None:
    """The shipped weights; None (the rules alone, as before) when they are missing or broken."""
    return StayModel.load_or_none(DEFAULT_PATH, "stay", "later messages from the rules alone")


def signals(text: str, lang: str, u: Understood, names: FocusNames, mentions: Callable[[str, str], bool],
            previous: str, outcome: str, writes: Callable[[str, str], bool] | None = None) -> Features:
    """The model's features of a later message: its words and character 4-grams ("w", "c"), and ("r") what the rules
    did with it (`outcome`, one of OUTCOMES), its language, whether the conversation's topic is a medicine, what
    kind of name the message writes (the conversation's topic, a medicine, a treatment or test, a symptom, another
    condition, whether the topic's own pages write that condition as a sign, `mentions`, and whether its or its
    family's pages write the name at all, `writes`), whether it points back
    or says it changes the subject, and its length; each kind of name also paired with the outcome. `u`: the rules'
    reading of the message as it came (`understand(text, names, previous)`)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    f = features(text)
    bare = u.text.lower()
    kinds: set[str] = set()
    for key, fs, _ in names.find(followup.literal(bare)):
        if previous in fs:
            kinds.add("previous")
            continue
        if fs & names.drugs:
            kinds.add("medicine")
        elif followup.thing_kind(key):
            kinds.add("thing")
        elif fs <= followup.SYMPTOM_KEYS:
            kinds.add("symptom")
        else:
            kinds.add("condition")
            if mentions(previous, key):
                kinds.add("its_sign")
        if writes is not None and writes(previous, key):
            kinds.add("in_its_pages")
    kinds = kinds or {"none"}
    n = len(bare.split())
    r = {f"did:{outcome}", f"lang:{lang}", "after:medicine" if previous in names.drugs else "after:condition",
         "long" if n > 20 else "medium" if n > 8 else "short", *(f"names:{k}" for k in kinds),
         *(f"did:{outcome}&names:{k}" for k in kinds)}
    if followup.refers_back(bare):
        r.add("points_back")
    if followup.switches(bare):
        r.add("switches")
    return {"w": f["w"], "c": f["c"], "r": r}


# Every later message's features and what the rules did, for `python -m trainer.stay` only: it replays the
# conversations through the bot's own path and labels each recorded message. The bot never sets it.
_RECORD: ContextVar[list[tuple[Features, str]] | None] = ContextVar("stay_record", default=None)


@contextmanager
def recording() -> Iterator[list[tuple[Features, str]]]:
    """Within: every later message the retriever reads appends (its features, the rules' outcome)."""
    seen: list[tuple[Features, str]] = []
    token = _RECORD.set(seen)
    try:
        yield seen
    finally:
        _RECORD.reset(token)


def record(feats: Features, outcome: str) -> None:
    seen = _RECORD.get()
    if seen is not None:
        seen.append((feats, outcome))


def is_recording() -> bool:
    return _RECORD.get() is not None


def stays(feats: Features) -> bool:
    """The shipped model's verdict on a moved or declined later message; False without weights, and while the
    trainer records (it learns what the rules alone do)."""
    model = shipped()
    return model is not None and not is_recording() and model.probability(feats) >= model.at
