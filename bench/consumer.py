"""Grounded mode on real consumer questions: today's TF-IDF retriever against understanding +
re-ranking, side by side, on the shared consumer sets: rqe_test held-out, the others tuning data.

- MEDIQA dev (`mediqa_qa_dev.jsonl`, 128 questions whose candidate pages NLM experts graded 1-4):
  answered share, judged share of the pages chosen, good (grade >= 3) and Incorrect (grade 1) among
  the judged, and score = mean of (grade - 1) over all questions with unjudged or declined = 0.
- RQE consumer pairs (`rqe_valid.csv`, `rqe_test.csv`: real NLM messages against NIH FAQs, label 1
  = the FAQ's answer answers the message): answered share, and whether the page chosen is about
  the same topic and type as an FAQ labelled 1 ("agrees") or only as one labelled 0.
- p95 latency per question on this CPU, start-up time.

Which figures are held-out: only rqe_test. rqe_valid trained the shipped re-ranker (python -m
trainer.grounding --consumer rqe_valid.csv) and MEDIQA dev set its threshold (--dev), so their figures
are tuning data: "0 Incorrect" on MEDIQA dev holds by construction. DATA_ROLE says so in the JSON,
and the tables name it in their headers.

python bench/consumer.py --shared ../shared/data [--json bench/results/consumer_cpu.json]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import pandas as pd
from common import ROOT, table, write_json

from bot.answering.grounding import TfidfRetriever
from bot.answering.reference import Reference
from bot.answering.rerank import ConsumerRetriever, Reranker
from bot.answering.understand import canonical_qtype, understand
from bot.app import SHIPPED_RERANKER
from trainer.grounding import judged_dev, norm_url


class Old:
    """Today's retriever, answering with (url, focus, qtype) or None."""

    def __init__(self, path: Path):
        # the question types are for judging its picks here; the bot never reads them, so not timed
        df = pd.read_csv(path)
        self.qtype = dict(zip(df["question"].str.strip().str.lower(), df["qtype"], strict=True))
        t0 = time.perf_counter()
        self.r = TfidfRetriever.from_file(path)
        self.startup_s = time.perf_counter() - t0

    def pick(self, q: str) -> tuple[str, str, str] | None:
        hit = self.r.best(q)
        if hit is None:
            return None
        return hit.url, hit.topic, canonical_qtype(self.qtype.get(hit.question.strip().lower(), "information"))


class New:
    def __init__(self, paths: list[Path], reranker: Path):
        t0 = time.perf_counter()
        self.r = ConsumerRetriever(Reference.load(*paths), Reranker.load(reranker))
        self.startup_s = time.perf_counter() - t0

    def pick(self, q: str) -> tuple[str, str, str] | None:
        c = self.r.choose(q)
        return None if c is None else (c.row.url, c.row.focus, c.row.qtype)

    def best_page(self, q: str) -> str | None:
        """The page the re-ranker chose: where the reply quotes another page's text (a link-only best page,
        issue 29), the page its "More on" line links."""
        c = self.r.choose(q)
        return None if c is None else (c.more or c.row).url


DATA_ROLE = {
    "rqe_test": "held-out: tuned nothing (the headline figures)",
    "rqe_valid": "tuning data: trained the re-ranker (x10 in trainer.grounding)",
    "mediqa": "tuning data: MEDIQA dev set the re-ranker's threshold",
}


def run_dev(system: Any, dev: list[dict[str, Any]]) -> dict[str, Any]:
    grades, best_grades, answered, times = [], [], 0, []
    for r in dev:
        t0 = time.perf_counter()
        got = system.pick(r["question"])
        times.append(time.perf_counter() - t0)
        if got is None:
            continue
        answered += 1
        g = r["scores"].get(norm_url(got[0]))
        if g is not None:
            grades.append(g)
        best = system.best_page(r["question"]) if hasattr(system, "best_page") else got[0]
        b = r["scores"].get(norm_url(best)) if best else None
        if b is not None:
            best_grades.append(b)
    n = len(dev)
    times.sort()
    return {"questions": n, "answered": round(answered / n, 3), "judged": len(grades),
            "good_of_judged": round(sum(g >= 3 for g in grades) / len(grades), 3) if grades else "",
            "incorrect_of_judged": round(sum(g == 1 for g in grades) / len(grades), 3) if grades else "",
            "score": round(sum(g - 1 for g in grades) / n, 3),
            # the page chosen, whether its text is quoted or (link-only) it follows another page's text
            "judged_best_page": len(best_grades), "score_best_page": round(sum(g - 1 for g in best_grades) / n, 3),
            "p95_ms": round(1000 * times[int(0.95 * (n - 1))], 1)}


def run_rqe(system: Any, path: Path, names: Any) -> dict[str, Any]:
    df = pd.read_csv(path)
    n = answered = agrees = only_negative = 0
    for chq, g in df.groupby("chq", sort=False):
        n += 1
        got = system.pick(chq)
        if got is None:
            continue
        answered += 1
        mine = (understand(got[1], names, learned=False).foci or frozenset({got[1].lower()}), got[2])
        labels = {y for faq, y in zip(g["faq"], g["label"], strict=True)
                  if _same(mine, understand(faq, names, learned=False))}
        agrees += 1 in labels
        only_negative += labels == {0}
    return {"messages": n, "answered": round(answered / n, 3), "agrees_with_a_good_faq": round(agrees / n, 3),
            "agrees_with_a_bad_faq_only": round(only_negative / n, 3)}


def _same(mine: tuple[frozenset[str], str], faq: Any) -> bool:
    return bool(mine[0] & faq.foci) and canonical_qtype(faq.qtype) == mine[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--reranker", type=Path, default=SHIPPED_RERANKER)
    ap.add_argument("--json", default="bench/results/consumer_cpu.json")
    a = ap.parse_args()
    s = a.shared
    old = Old(s / "medquad.csv.gz")
    new = New([s / "medquad.csv.gz", s / "medquad_links.csv.gz"], a.reranker)
    dev = judged_dev(s / "consumer" / "mediqa_qa_dev.jsonl")
    names = new.r.ref.names
    rows = []
    for label, system in (("today's TF-IDF retriever", old), ("understanding + re-ranker", new)):
        row: dict[str, Any] = {"retriever": label, "startup_s": round(system.startup_s, 1)}
        for k, v in run_dev(system, dev).items():
            row[f"mediqa_{k}"] = v
        for split in ("valid", "test"):
            for k, v in run_rqe(system, s / "consumer" / f"rqe_{split}.csv", names).items():
                row[f"rqe_{split}_{k}"] = v
        rows.append(row)
    for split in ("test", "valid"):
        print(f"\nrqe_{split}: {DATA_ROLE[f'rqe_{split}']}")
        print(table(rows, ["retriever", *[f"rqe_{split}_{k}" for k in
                                          ("answered", "agrees_with_a_good_faq", "agrees_with_a_bad_faq_only")]]))
    print(f"\nMEDIQA dev: {DATA_ROLE['mediqa']}")
    print(table(rows, ["retriever", "startup_s", "mediqa_answered", "mediqa_judged", "mediqa_good_of_judged",
                       "mediqa_incorrect_of_judged", "mediqa_score", "mediqa_judged_best_page",
                       "mediqa_score_best_page", "mediqa_p95_ms"]))
    write_json(a.json, {"data_role": DATA_ROLE, "rows": rows, "reranker": str(a.reranker)})


if __name__ == "__main__":
    main()
