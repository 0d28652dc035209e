"""What the emergency detector's trainer (trainer/triage.py) and the question-type model's (trainer/aspects.py)
share: a multinomial logistic regression over feature dicts (scikit-learn at training time only), and writing
its weights as JSON (bot/safety/detector.py `LinearModel`: data only)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np


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
