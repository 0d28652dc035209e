"""Which of the topics a message names it asks about ("dad's on Eliquis for his afib, is it ok to take ibuprofen for
his knee pain?", "I have hashimoto's and just found out I'm pregnant, I take levothyroxine..."). The re-ranker
(bot/answering/rerank.py) scores reference rows one by one, so where a message names two or more topics, the row it
likes best often belongs to the topic mentioned in passing. This model scores each named topic as the one asked
about, from where and how the message names it (in the asking sentence, first or last, the words around it, a
medicine or a condition, with the question's type) and from what the re-ranker thinks of its rows.

A linear model over those features (bot/safety/detector.py's scoring), trained by `python -m trainer.focus` on
independent writers' messages through the bot's own reading (understand() and the re-ranker over the reference),
shipped as JSON weights (focus.json), data only. It moves a topic's rows to the front only when it prefers that
topic to the re-ranker's by at least `margin`; without weights the re-ranker decides alone, as before."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.answering import followup
from bot.answering.understand import FocusNames, Understood, plain, words
from bot.safety import detector as det

if TYPE_CHECKING:
    from bot.answering.rerank import Choice

DEFAULT_PATH = Path(__file__).with_name("focus.json")
CLASSES = ("passing", "asked")
WINDOW_BEFORE, WINDOW_AFTER = 3, 2
Features = dict[str, dict[str, set[str]]]  # per candidate topic, its features by family
__all__ = ["CLASSES", "Features", "FocusModel", "candidates", "features", "reorder", "shipped"]


def candidates(u: Understood, names: FocusNames, ranked: Sequence[Choice],
               found: list[tuple[str, set[str], int]] | None = None) -> list[str]:
    """The named things the model chooses among, in the re-ranker's order (the first is its choice): for each name
    the message writes, the topic of it the re-ranker ranks highest (it decides among one name's topics: "naloxone"
    -> the injection or the nasal spray); a name of what is asked ("side effects") is none. None where fewer than
    two names are left, the re-ranker's choice is not one of them, or one is a medicine (its FDA label answers a
    question about it, bot/answering/drugs.py, and MedQuAD has its page as a link only). `found`: the names in the
    message (`names.find`), when the caller has them."""
    if len(u.foci) < 2 or u.follows_up or not ranked:
        return []
    rank: dict[str, int] = {}
    for i, c in enumerate(ranked):
        rank.setdefault(c.focus, i)
    out: set[str] = set()
    for key, fs, _ in names.find(plain(u.text)) if found is None else found:
        mine = [f for f in fs & u.foci if f in rank]
        if mine and followup.thing_kind(key) != "aspect":
            out.add(min(mine, key=rank.__getitem__))
    cands = sorted(out, key=rank.__getitem__)
    if len(cands) < 2 or cands[0] != ranked[0].focus or not names.drugs.isdisjoint(cands):
        return []
    return cands


def features(u: Understood, names: FocusNames, ranked: Sequence[Choice], answered: set[str]) -> Features:
    """Per candidate topic (`candidates`), its features by family: "r" (how and where it is named, what the
    re-ranker makes of its rows) and "w" (the words just before and after its first mention). `answered`: the
    candidates with text in the reference."""
    bare = plain(u.text)
    found = names.find(bare)
    cands = candidates(u, names, ranked, found)
    if not cands:
        return {}
    ws = words(bare)
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    name_len: dict[str, int] = {}
    kind: dict[str, str] = {}
    for key, fs, start in sorted(found, key=lambda x: (x[2], x[0])):  # not in the order of a set
        for f in sorted(fs & set(cands)):
            count[f] = count.get(f, 0) + 1
            if start >= 0 and (f not in first or start < first[f]):
                first[f] = start
            name_len[f] = max(name_len.get(f, 0), len(key.split()))
            kind.setdefault(f, followup.thing_kind(key) or ("symptom" if f in followup.SYMPTOM_KEYS else "condition"))
    best: dict[str, float] = {}
    for c in ranked:
        if c.focus in cands and c.focus not in best:
            best[c.focus] = c.prob
    order = sorted(first, key=lambda f: (first[f], cands.index(f)))  # one name of two topics: the re-ranker's first
    longest = max(name_len.values(), default=0)
    out: dict[str, dict[str, set[str]]] = {}
    for i, f in enumerate(cands):  # never a medicine (`candidates`)
        what = kind.get(f, "condition")
        prob = best[f]
        r = {f"q={u.qtype}|{what}", f"is={what}", f"rank={min(i, 2)}", f"p={min(int(prob * 10), 9)}",
             f"n={min(len(cands), 4)}"}
        if i == 0:
            r.add(f"chosen|q={u.qtype}")
        if f in u.main_foci:
            r.add("main")
            if len(u.main_foci & set(cands)) == 1:
                r.add("only_main")
        if order and f == order[0]:
            r.add("first")
        if order and f == order[-1]:
            r.add("last")
        if count.get(f, 0) > 1:
            r.add("twice")
        if name_len.get(f, 0) == longest and longest > 1:
            r.add("longest")
        if f not in first:
            r.add("not_written")  # named by an acronym, a rare word of its pages or a spelling the reader corrected
        if f not in answered:
            r.add("link_only")
        w: set[str] = set()
        if f in first:
            at = first[f]
            w |= {f"b:{x}" for x in ws[max(0, at - WINDOW_BEFORE):at]}
            end = at + name_len.get(f, 1)
            w |= {f"a:{x}" for x in ws[end:end + WINDOW_AFTER]}
            if at == 0:
                w.add("b:^")
        out[f] = {"r": r, "w": w}
    return out


@dataclass
class FocusModel(det.LinearModel):
    vocab: dict[str, int]
    weights: np.ndarray  # (features, 2)
    bias: np.ndarray  # (2,)
    margin: float  # how much more likely than the re-ranker's topic another must be to go first
    meta: dict[str, Any] = field(default_factory=dict)
    default_path = DEFAULT_PATH

    def __post_init__(self) -> None:  # the arrays are checked where they are read (`LinearModel.arrays`)
        if not 0 <= self.margin <= 1:
            raise ValueError("focus weights: the margin must lie in [0, 1]")
        self._index()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FocusModel:
        vocab, weights, bias = cls.arrays(data, CLASSES, "focus")
        return cls(vocab, weights, bias, float(data["margin"]),
                   {k: v for k, v in data.items() if k not in ("features", "weights", "bias", "margin")})

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, **self.arrays_dict(CLASSES), "margin": self.margin}

    def scores(self, feats: Features) -> dict[str, float]:
        """Each candidate's probability of being the topic asked about."""
        return {f: float(self.softmax(x)[1]) for f, x in feats.items()}

    def pick(self, feats: Features) -> str | None:
        """The topic to put first, or None to keep the re-ranker's (the first candidate)."""
        if not feats:
            return None
        s = self.scores(feats)
        chosen = next(iter(feats))
        best = max(s, key=s.__getitem__)
        return best if best != chosen and s[best] - s[chosen] >= self.margin else None


@functools.cache
def shipped() -> FocusModel | None:
    """The shipped weights; None (the re-ranker alone, as before) when they are missing or broken."""
    return FocusModel.load_or_none(DEFAULT_PATH, "focus", "the re-ranker chooses among named topics alone")


def reorder(ranked: list[Choice], topic: str) -> list[Choice]:
    """The ranked candidates with `topic`'s rows first (each group keeps its order)."""
    return [c for c in ranked if c.focus == topic] + [c for c in ranked if c.focus != topic]
