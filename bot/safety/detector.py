"""The learned emergency detector beside the rules: a linear model over word and character n-grams
and lay-term concepts (bot/safety/lexicon.py), trained by `python -m trainer.triage` on messages by many
independent writers (data/triage/) and shipped as JSON weights (bot/safety/triage.json), data only.

Four feature families, each normalised to unit length so that no family drowns the others: word
uni- and bigrams, character 4-grams inside words (typos, Indonesian affixes), lexicon concepts with
their pairs ("drug&quantity"), and what the rules saw (bot/safety/triage.py `signals`: a sign found,
negated or judged happening now, and the context words around it). An alarming sentence in the
middle of a long, calm message still counts: the rules' signals do not shrink with the story
around them. Scoring is one pass over the message's features: linear in its length."""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np

from bot.safety.lexicon import index

DEFAULT_PATH = Path(__file__).with_name("triage.json")
CLASSES = ("none", "emergency", "poisoning", "self_harm")
log = logging.getLogger(__name__)

FAMILIES = ("w", "c", "l", "r")  # words, character 4-grams, lexicon concepts, rule signals: each its own L2 norm

# Soft hyphens, zero-width and bidi controls hide or split words ("over\u00addose"): removed, not spaced.
_HIDDEN = dict.fromkeys(map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
                             "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
                             "\u2069\ufeff"), None)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_SENTENCE = re.compile(r"(?:[.!?;:\n]|\s[-–—]\s|\.{2,})+")
_TOKEN = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d+")
_WORDS, _PAIRS = index()
_NEGATORS = frozenset(("no", "not", "never", "without", "dont", "didnt", "doesnt", "isnt", "wasnt", "havent", "hasnt",
                       "tidak", "gak", "ga", "nggak", "ngga", "enggak", "bukan", "belum", "tanpa", "tak"))


def normalise(text: str) -> str:
    """NFKC (full-width letters and ligatures become plain ones), hidden characters removed, straight
    apostrophes, lower case. The rules (bot/safety/triage.py) and the detector read the same text."""
    return unicodedata.normalize("NFKC", text).translate(_HIDDEN).translate(_QUOTES).lower()


def tokens(sentence: str) -> list[str]:
    """Words with apostrophes dropped ("can't" -> "cant", as people type it anyway)."""
    return _TOKEN.findall(sentence.replace("'", ""))


def sentences(text: str) -> list[list[str]]:
    """The normalised text's sentences as token lists (empty ones dropped)."""
    out = [tokens(s) for s in _SENTENCE.split(text)]
    return [t for t in out if t]


def concepts(toks: list[str]) -> set[str]:
    """Lexicon concepts named in a token list; a concept right after a negation ("no chest pain")
    counts as its own negated feature."""
    found: set[str] = set()
    for i, tok in enumerate(toks):
        names = _WORDS.get("#num" if tok.isdigit() and tok not in ("911", "999", "112", "119", "118") else tok, ())
        if i:
            names = names + _PAIRS.get(f"{toks[i - 1]} {tok}", ())
        if not names:
            continue
        negated = any(t in _NEGATORS for t in toks[max(0, i - 3):i])
        for name in names:
            if name != "negation":
                found.add(("not_" if negated else "") + name)
    return found


def _negation_scoped(toks: list[str]) -> list[str]:
    """Words up to three after a negation marked "not_" ("no trouble breathing" is not "trouble
    breathing"); "but" ends the scope."""
    out, scope = [], 0
    for t in toks:
        if t in _NEGATORS:
            out.append(t)
            scope = 3
        elif t in ("but", "tapi", "tetapi", "namun"):
            out.append(t)
            scope = 0
        else:
            out.append(f"not_{t}" if scope else t)
            scope = max(0, scope - 1)
    return out


def features(toks: list[str], signals: set[str] | frozenset[str] = frozenset()) -> dict[str, set[str]]:
    """The feature families of a message's words and the rules' signals about it."""
    norm = ["#" if _NUMBER.fullmatch(t) and t not in ("911", "999", "112", "119", "118") else t for t in toks]
    unigrams = set(_negation_scoped(norm))  # each distinct word once: long messages repeat most of theirs
    words = unigrams | {f"{a} {b}" for a, b in zip(norm, norm[1:], strict=False)}
    chars: set[str] = set()
    for t in unigrams:  # a negated word's pieces are its own ("not suicidal" shares nothing with "suicidal")
        neg = t.startswith("not_")
        word = t[4:] if neg else t
        if len(word) > 2 and word != "#":
            padded = f"{'!' if neg else ' '}{word} "
            chars.update(padded[i:i + 4] for i in range(len(padded) - 3))
    found = concepts(toks)
    lex = set(found)
    lex.update(f"{a}&{b}" for a, b in combinations(sorted(found), 2))
    return {"w": words, "c": chars, "l": lex, "r": set(signals)}


@dataclass(frozen=True)
class Score:
    p_urgent: float
    kind: str  # emergency, poisoning or self_harm: the reply an urgent message needs


class LinearModel:
    """A linear model over feature families, each family's features scaled to unit length (as `vectorise`
    fits them): the emergency detector's and the question-type model's (bot/answering/aspects.py) scoring."""

    vocab: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    default_path: ClassVar[Path]  # the shipped weights (each model sets it)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Self:
        """The JSON weights at `path` (default: the shipped ones), checked by the model's `from_dict`."""
        return cls.from_dict(json.loads(Path(path or cls.default_path).read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        raise NotImplementedError

    @classmethod
    def load_or_none(cls, path: Path, what: str, without: str) -> Self | None:
        """The weights at `path`, or None when they are missing (logged at info) or broken (a warning); `without`
        says what decides then."""
        try:
            return cls.load(path)
        except FileNotFoundError:
            log.info("no %s weights (%s): %s", what, path.name, without)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s weights unusable (%s): %s", what, type(exc).__name__, without)
        return None

    def _index(self) -> None:
        # per family, the feature names without their "w:" prefix: no string is built per feature
        self._by_family: dict[str, dict[str, int]] = {fam: {} for fam in FAMILIES}
        for name, i in self.vocab.items():
            fam, _, rest = name.partition(":")
            if fam in self._by_family:
                self._by_family[fam][rest] = i

    def _sums(self, feats: dict[str, set[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Per family: the summed weight rows of the known features, and how many features there were."""
        sums = np.zeros((len(FAMILIES), self.bias.shape[0]))
        counts = np.zeros(len(FAMILIES))
        for j, fam in enumerate(FAMILIES):
            names, known = feats.get(fam, set()), self._by_family[fam]
            counts[j] = len(names)
            rows = [i for i in map(known.get, names) if i is not None]
            if rows:
                sums[j] = self.weights[rows].sum(axis=0)
        return sums, counts

    def logits(self, feats: dict[str, set[str]]) -> np.ndarray:
        sums, counts = self._sums(feats)
        return self.bias + (sums / np.sqrt(np.maximum(counts, 1))[:, None]).sum(axis=0)

    def softmax(self, feats: dict[str, set[str]]) -> np.ndarray:
        """The classes' probabilities."""
        z = self.logits(feats)
        e = np.exp(z - z.max())
        return e / e.sum()

    def arrays_dict(self, classes: tuple[str, ...]) -> dict[str, Any]:
        """The classes, features, weights and bias as the JSON weights write them (`arrays` reads them back)."""
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return {"classes": list(classes), "features": names,
                "weights": [round(float(x), 4) for x in self.weights.reshape(-1)],
                "bias": [round(float(x), 4) for x in self.bias]}

    @staticmethod
    def arrays(data: dict[str, Any], classes: tuple[str, ...], what: str) -> tuple[dict[str, int], np.ndarray,
                                                                                    np.ndarray]:
        """(vocabulary, weights, bias) of JSON weights (trainer/linear.py `write_weights`), checked: the classes
        are `classes`, the shapes fit, every number is finite; else ValueError naming `what`."""
        if tuple(data.get("classes", ())) != classes:
            raise ValueError(f"{what} weights: classes must be {classes}")
        names = data["features"]
        weights = np.asarray(data["weights"], dtype=np.float64).reshape(len(names), len(classes))
        bias = np.asarray(data["bias"], dtype=np.float64)
        if bias.shape != (len(classes),) or not np.isfinite(weights).all() or not np.isfinite(bias).all():
            raise ValueError(f"{what} weights: bias or weights malformed")
        return {n: i for i, n in enumerate(names)}, weights, bias


@dataclass
class Detector(LinearModel):
    vocab: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    emergency_at: float  # p_urgent at or above: the emergency reply
    rules_at: float  # the same when a warning-sign rule fired too
    caution_at: float  # at or above (and below emergency_at): the answer led by a caution line
    # at or above: the emergency reply alone; below it (and not self-harm), the reference's answer may follow the
    # emergency reply, so that a calm question the check is unsure of is still answered (weights without it: 0,
    # every emergency reply alone)
    alone_at: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)
    default_path = DEFAULT_PATH

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Detector:
        vocab, weights, bias = cls.arrays(data, CLASSES, "triage")
        t = data["thresholds"]
        emergency_at, rules_at, caution_at = float(t["emergency"]), float(t["rules"]), float(t["caution"])
        alone_at = float(t.get("alone", 0.0))
        if not (0 < caution_at <= emergency_at < 1 and 0 < rules_at <= emergency_at):
            raise ValueError("triage weights: thresholds must satisfy 0 < caution, rules <= emergency < 1")
        if not 0 <= alone_at <= 1:
            raise ValueError("triage weights: the 'alone' threshold must lie in [0, 1]")
        return cls(vocab, weights, bias, emergency_at, rules_at, caution_at, alone_at,
                   {k: v for k, v in data.items() if k not in ("features", "weights", "bias")})

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, **self.arrays_dict(CLASSES),
                "thresholds": {"emergency": self.emergency_at, "rules": self.rules_at, "caution": self.caution_at,
                               "alone": self.alone_at}}

    def __post_init__(self) -> None:
        self._index()

    def score(self, feats: dict[str, set[str]]) -> Score:
        z = self.logits(feats)
        return Score(_urgent(z), CLASSES[1 + int(np.argmax(z[1:]))])


def _urgent(z: np.ndarray) -> float:
    """P(not "none") of a softmax over the logits."""
    e = np.exp(z - z.max())
    return float(1.0 - e[0] / e.sum())


def vectorise(rows: Iterable[dict[str, set[str]]]) -> tuple[list[dict[str, float]], set[str]]:
    """Feature dicts as the trainer fits them: each family L2-normalised, the way `logits` scores."""
    out: list[dict[str, float]] = []
    names: set[str] = set()
    for feats in rows:
        d: dict[str, float] = {}
        for fam in FAMILIES:
            if feats.get(fam):
                v = 1.0 / math.sqrt(len(feats[fam]))
                d.update((f"{fam}:{n}", v) for n in feats[fam])
        out.append(d)
        names.update(d)
    return out, names
