"""What the trainers of the writers' models share (the emergency detector's trainer/triage.py, the question type's
trainer/aspects.py, the health-talk model's trainer/healthtalk.py): reading the writers' JSON Lines, a logistic
regression over feature dicts (scikit-learn at training time only), and writing its weights as JSON with what they
were trained on (bot/safety/detector.py `LinearModel`: data only)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def fit_linear(dicts: list[dict[str, float]], y: np.ndarray, classes: int, c: float, min_df: int = 2,
               class_weight: str | None = None, absent_bias: float = 0.0) -> tuple[dict[str, int], np.ndarray,
                                                                                      np.ndarray]:
    """(vocabulary, weights (features, classes), bias) of a logistic regression on the features at least
    `min_df` messages have; a class no message has gets `absent_bias`, and weights that cannot move a score
    are not kept."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df = Counter(k for d in dicts for k in d)
    dicts = [{k: v for k, v in d.items() if df[k] >= min_df} for d in dicts]
    vec = DictVectorizer()
    x = vec.fit_transform(dicts)
    model = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
    model.fit(x, y)
    w = np.zeros((x.shape[1], classes))
    b = np.full(classes, absent_bias)
    if len(model.classes_) == 2:  # a binary fit has one row of weights: the second class's logit over the first's
        w[:, model.classes_] = 0.0
        b[model.classes_] = 0.0
        w[:, model.classes_[1]] = model.coef_[0]
        b[model.classes_[1]] = model.intercept_[0]
    else:
        w[:, model.classes_] = model.coef_.T
        b[model.classes_] = model.intercept_
    names = vec.get_feature_names_out()
    strong = np.abs(w).max(axis=1) >= 1e-3  # weights that cannot move a score are not shipped
    return {str(n): i for i, n in enumerate(names[strong])}, w[strong], b


def write_weights(model: Any, meta: dict[str, Any], out: Path) -> None:
    """The weights as compact JSON, with what they were trained on (`meta`) beside them."""
    model.meta = {"format": 1, **meta}
    out.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"\nwrote {out} ({len(model.vocab)} features, {out.stat().st_size // 1024} KiB)")


def finish(model: Any, pool: Sequence[Any], held: Sequence[Any], c: float, oof: dict[str, Any],
           score_held: Callable[[], dict[str, Any]], show: Callable[[str, dict[str, Any]], None], out: Path,
           **extra: Any) -> None:
    """The end of a writers' model's training (trainer/aspects.py, healthtalk.py): the held-out writers scored once
    (`score_held`, printed by `show`) and the weights written with what they were trained on (writers, messages, C,
    `extra`, the leave-one-writer-out figures) and the held-out figures beside them."""
    result: dict[str, Any] = {"trained_on": sorted({m.writer for m in pool}),
                              "held_out": sorted({m.writer for m in held}), "messages": len(pool), "c": c, **extra,
                              "leave_one_writer_out": oof}
    if held:
        first = score_held()
        show("held-out writers, first sight", first)
        result["held_out_first_sight"] = first
    write_weights(model, result, out)


def read_writers(folder: Path, read: Callable[[str, dict[str, Any]], Iterable[T]]) -> list[T]:
    """What `read(writer, row)` makes of every line of every *.jsonl in `folder` (one writer a file, named by its
    stem; blank lines skipped): a line that is not JSON or that `read` rejects (KeyError, ValueError, TypeError)
    stops the trainer with its file and line number."""
    out: list[T] = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.extend(read(path.stem, json.loads(line)))
            except (KeyError, ValueError, TypeError) as exc:
                raise SystemExit(f"{path}:{n}: {exc!r}") from None
    return out


def leave_one_writer_out(msgs: Sequence[Any], fit: Callable[[list[Any]], Any], predict: Callable[[Any, Any], Any],
                         width: int = 0) -> np.ndarray:
    """Each message's prediction (`predict(model, message)`: a number, or `width` of them) from a model fitted
    (`fit(messages)`) without its writer's messages (`message.writer`)."""
    p = np.zeros((len(msgs), width) if width else len(msgs))
    for writer in sorted({m.writer for m in msgs}):
        model = fit([m for m in msgs if m.writer != writer])
        for i, m in enumerate(msgs):
            if m.writer == writer:
                p[i] = predict(model, m)
    return p

