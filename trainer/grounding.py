"""`python -m trainer.grounding`: train the question-entailment re-ranker of grounded mode and publish
it like a model (a versioned folder, then an atomic switch of `<out>/current`).

Training pairs: the RQE pairs (clinical question pairs and NLM consumer/FAQ pairs, label 1 = the first
question entails the second) and MQP (label 1 = same intent). The decision threshold is tuned on the
MEDIQA dev questions (expert-judged answer pages) when given: the lowest probability at which at most
`--max_incorrect` of the answered, judged questions get a page judged Incorrect.

python -m trainer.grounding --reference ../shared/data/medquad.csv.gz --reference ../shared/data/medquad_links.csv.gz \\
    --rqe ../shared/data/consumer/rqe_train.csv --rqe ../shared/data/consumer/rqe_valid.csv \\
    --mqp ../shared/data/mqp.csv --dev ../shared/data/consumer/mediqa_qa_dev.jsonl --out grounding
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering.reference import Reference
from bot.answering.rerank import FEATURES, ConsumerRetriever, Reranker, candidate_of_text, pair_features
from bot.answering.understand import understand
from trainer import TrainerError


def norm_url(url: str) -> str:
    """One spelling per page: scheme, www, MedlinePlus's old nlm.nih.gov address, .html and / folded."""
    u = re.sub(r"^https?://", "", url.strip().lower()).removeprefix("www.")
    u = u.replace("nlm.nih.gov/medlineplus/", "medlineplus.gov/")
    u = u.replace("ghr.nlm.nih.gov/", "medlineplus.gov/genetics/")
    return re.sub(r"\.html$", ".htm", u).rstrip("/")


def read_pairs(rqe: list[Path], mqp: Path | None) -> list[tuple[str, str, int]]:
    import pandas as pd

    pairs: list[tuple[str, str, int]] = []
    for p in rqe:
        df = pd.read_csv(p)
        pairs += [(str(a), str(b), int(y)) for a, b, y in zip(df["chq"], df["faq"], df["label"], strict=True)]
    if mqp is not None:
        df = pd.read_csv(mqp, header=None, names=["dr_id", "q1", "q2", "label"])
        pairs += [(str(a), str(b), int(y)) for a, b, y in zip(df["q1"], df["q2"], df["label"], strict=True)]
    return pairs


def with_random_negatives(pairs: list[tuple[str, str, int]], seed: int = 0) -> list[tuple[str, str, int]]:
    rng = np.random.default_rng(seed)
    seconds = [b for _, b, _ in pairs]
    extra = []
    for a, b, y in pairs:
        if y == 1 and len(seconds) > 1:
            other = seconds[int(rng.integers(len(seconds)))]
            if other != b:
                extra.append((a, other, 0))
    return [*pairs, *extra]


def pair_matrix(ref: Reference, pairs: list[tuple[str, str, int]]) -> tuple[np.ndarray, np.ndarray]:
    xs = []
    for a, b, _ in pairs:
        u = understand(a, ref.names)
        c = candidate_of_text(b, ref)
        v = ref.vectorizer.transform([u.main, u.text, c.question])
        xs.append(pair_features(u, c, float((v[0] @ v[2].T).toarray()[0, 0]), float((v[1] @ v[2].T).toarray()[0, 0])))
    return np.asarray(xs, dtype=np.float64), np.asarray([y for *_, y in pairs])


def fit(ref: Reference, pairs: list[tuple[str, str, int]], consumer: list[tuple[str, str, int]] | None = None,
        consumer_weight: float = 10.0) -> Reranker:
    """Logistic regression over the pair features; consumer pairs (real NLM messages against FAQs,
    the kind the bot meets) weigh `consumer_weight` times a clinical or MQP pair."""
    from sklearn.linear_model import LogisticRegression

    # RQE's negatives share the positive's topic and differ in what they ask, but retrieval mostly meets
    # rows about another topic: one random other question per positive teaches that a topic mismatch is no answer
    pairs, consumer = with_random_negatives(pairs), with_random_negatives(consumer or [])
    x, y = pair_matrix(ref, [*pairs, *consumer])
    w = np.concatenate([np.ones(len(pairs)), np.full(len(consumer), consumer_weight)])
    model = LogisticRegression(C=1.0, max_iter=3000).fit(x, y, sample_weight=w)
    return Reranker([float(v) for v in model.coef_[0]], float(model.intercept_[0]), 0.5, FEATURES,
                    {"pairs": len(pairs), "consumer_pairs": len(consumer), "consumer_weight": consumer_weight,
                     "positives": int(y.sum()), "train_accuracy": round(model.score(x, y), 4)})


# Questions nothing in a medical reference answers: the threshold must decline every one of them.
OFF_TOPIC = (
    "what is the capital of france", "how do i reset my wifi router", "who won the world cup in 2018",
    "best pizza dough recipe", "how to change a flat tire", "what time is it in tokyo", "tell me a joke",
    "how do i learn python programming", "what is the price of bitcoin", "how tall is mount everest",
    "how do i fix my car brakes", "recommend a good movie for tonight", "how do i train my dog to sit",
    "what will the weather be tomorrow", "how do I file my taxes", "what is the best phone to buy",
    "can you write me a poem about the sea", "how many players are on a soccer team",
)


def off_topic_ceiling(retriever: ConsumerRetriever) -> float:
    """The highest probability any off-topic question reaches."""
    return max((r[0].prob for q in OFF_TOPIC if (r := retriever.rank(q, k=1))), default=0.0)


def judged_dev(dev: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in dev.open() if line.strip()]
    for r in rows:
        r["scores"] = {}
        for j in r["judged"]:  # a page judged twice keeps its better grade
            k = norm_url(j["url"])
            r["scores"][k] = max(j["score"], r["scores"].get(k, 0))
    return rows


def dev_choices(retriever: ConsumerRetriever, dev: list[dict[str, Any]]) -> list[tuple[float, int | None, float]]:
    """(probability of the best row, its judged grade or None, seconds) per dev question."""
    out: list[tuple[float, int | None, float]] = []
    for r in dev:
        t0 = time.perf_counter()
        u = retriever.understand(r["question"])
        ranked = retriever.rank_understood(u, k=1)
        dt = time.perf_counter() - t0
        if not ranked:
            out.append((-1.0, None, dt))
            continue
        best = ranked[0]
        # a message naming no topic is answered only above the off-topic bar, whatever the threshold
        prob = best.prob if u.foci or best.prob >= retriever.reranker.threshold_no_focus else -1.0
        out.append((prob, r["scores"].get(norm_url(best.row.url)), dt))
    return out


def tune_threshold(choices: list[tuple[float, int | None, float]], max_incorrect: float) -> float:
    """The lowest threshold whose answered, judged questions are at most `max_incorrect` Incorrect."""
    for t in sorted({round(p, 4) for p, _, _ in choices if p >= 0} | {0.0}):
        judged = [g for p, g, _ in choices if p >= t and g is not None]
        if judged and sum(g == 1 for g in judged) / len(judged) <= max_incorrect:
            return t
    return 0.5


def dev_report(choices: list[tuple[float, int | None, float]], threshold: float) -> dict[str, Any]:
    n = len(choices)
    answered = [(p, g) for p, g, _ in choices if p >= threshold]
    judged = [g for _, g in answered if g is not None]
    times = sorted(dt for *_, dt in choices)
    return {"questions": n, "answered_share": round(len(answered) / n, 3),
            "judged_answered": len(judged),
            "judged_good_share": round(sum(g >= 3 for g in judged) / len(judged), 3) if judged else None,
            "judged_incorrect_share": round(sum(g == 1 for g in judged) / len(judged), 3) if judged else None,
            "score_judged_only": round(sum(g - 1 for g in judged) / n, 3),
            "p95_ms": round(1000 * times[int(0.95 * (n - 1))], 1) if times else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m trainer.grounding", description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", action="append", required=True, help="reference file(s): MedQuAD CSV, links CSV, "
                    "or lavita/MedQuAD parquet")
    ap.add_argument("--rqe", action="append", default=[], type=Path, help="RQE pairs CSV (chq, faq, label)")
    ap.add_argument("--consumer", action="append", default=[], type=Path,
                    help="RQE-layout pairs of real consumer messages (rqe_valid.csv): weighted --consumer_weight")
    ap.add_argument("--consumer_weight", type=float, default=10.0)
    ap.add_argument("--mqp", type=Path, help="MQP pairs (headerless mqp.csv)")
    ap.add_argument("--dev", type=Path, help="MEDIQA dev JSONL (judged pages) to tune the threshold")
    ap.add_argument("--max_incorrect", type=float, default=0.15, help="most Incorrect share among judged answers")
    ap.add_argument("--out", type=Path, default=Path("grounding"), help="where versions and `current` live")
    a = ap.parse_args(argv)
    try:
        for p in [*map(Path, a.reference), *a.rqe, *a.consumer, *([a.mqp] if a.mqp else []),
                  *([a.dev] if a.dev else [])]:
            if not p.is_file():
                raise TrainerError(f"{p}: file not found")
        if not a.rqe and not a.mqp and not a.consumer:
            raise TrainerError("no training pairs: give --rqe and/or --mqp")
        return _build(a)
    except TrainerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _build(a: argparse.Namespace) -> int:
    from trainer.publish import discard_on_failure, finalize, new_partial, switch_current

    t0 = time.perf_counter()
    ref = Reference.load(*a.reference)
    pairs, consumer = read_pairs(a.rqe, a.mqp), read_pairs(a.consumer, None)
    print(f"reference: {len(ref.rows)} rows; training pairs: {len(pairs)} + {len(consumer)} consumer")
    reranker = fit(ref, pairs, consumer, a.consumer_weight)
    print("weights: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, reranker.weights, strict=True)))
    retriever = ConsumerRetriever(ref, reranker)
    ceiling = off_topic_ceiling(retriever)
    reranker.threshold_no_focus = min(0.99, ceiling + 0.01)
    reranker.threshold = 0.0
    info = reranker.info if reranker.info is not None else {}
    info["off_topic_max_prob"] = round(ceiling, 4)
    if a.dev:
        dev = judged_dev(a.dev)
        choices = dev_choices(retriever, dev)
        reranker.threshold = tune_threshold(choices, a.max_incorrect)
        info["dev"] = dev_report(choices, reranker.threshold)
        for name in sorted({r["set"] for r in dev}):
            info[f"dev_{name}"] = dev_report([c for c, r in zip(choices, dev, strict=True) if r["set"] == name],
                                             reranker.threshold)
    print(f"threshold {reranker.threshold:.3f} with a named topic, {reranker.threshold_no_focus:.3f} without "
          f"(off-topic questions reach at most {ceiling:.3f})")
    for k, v in info.items():
        if k.startswith("dev"):
            print(f"{k}: {v}")
    a.out.mkdir(parents=True, exist_ok=True)
    work = new_partial(a.out)
    with discard_on_failure(work):
        reranker.save(work)
        Reranker.load(work)  # it reads back before anything points at it
        final = finalize(work)
    switch_current(a.out, final)
    print(f"published {final} -> {a.out / 'current'} in {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
