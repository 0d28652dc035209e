"""The emergency check on the labelled corpus (tests/emergency_corpus.py): recall and false alarms
per language and per group of signs, the cost per message, and the language guess.

python bench/safety.py [--show] [--json bench/results/safety_cpu.json] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import ROOT, table, write_json

from bot.lang import detect
from bot.safety import triage
from tests.emergency_corpus import ALL


def evaluate(show: bool = False) -> dict[str, Any]:
    per: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrong_kind = 0
    for lang, label, group, text in ALL:
        got = triage(text)
        cell = per[(lang, group)]
        if label == "urgent":
            cell["urgent"] += 1
            cell["caught"] += got is not None
            if got is not None and (got.kind == "self_harm") != (group == "self_harm"):
                wrong_kind += 1
                if show:
                    print(f"KIND  [{lang}/{group}] got {got.kind}: {text}")
            if got is None and show:
                print(f"MISS  [{lang}/{group}] {text}")
        else:
            cell["ordinary"] += 1
            cell["alarms"] += got is not None
            if got is not None and show:
                print(f"ALARM [{lang}/{group}] {got.group}: {text}")
    rows = []
    for (lang, group), c in sorted(per.items()):
        rows.append({"lang": lang, "group": group, "urgent": c["urgent"], "recall": _share(c["caught"], c["urgent"]),
                     "ordinary": c["ordinary"], "false_alarms": c["alarms"]})
    summary = []
    for lang in ("en", "id"):
        cs = [c for (lg, _), c in per.items() if lg == lang]
        u, caught = sum(c["urgent"] for c in cs), sum(c["caught"] for c in cs)
        o, alarms = sum(c["ordinary"] for c in cs), sum(c["alarms"] for c in cs)
        summary.append({"lang": lang, "urgent": u, "recall": _share(caught, u), "ordinary": o,
                        "false_alarm_rate": _share(alarms, o), "false_alarms": alarms})
    return {"groups": rows, "summary": summary, "wrong_kind": wrong_kind}


def _share(a: int, b: int) -> float | str:
    return round(a / b, 4) if b else ""


def cost(repeat: int = 20) -> dict[str, float]:
    texts = [t for *_, t in ALL]
    times = []
    for _ in range(repeat):
        for t in texts:
            t0 = time.perf_counter()
            detect(t)
            triage(t)
            times.append(time.perf_counter() - t0)
    times.sort()
    return {"messages": len(times), "mean_us": statistics.fmean(times) * 1e6,
            "p50_us": times[len(times) // 2] * 1e6, "p99_us": times[int(len(times) * 0.99)] * 1e6,
            "max_us": times[-1] * 1e6}


def language_accuracy() -> list[dict[str, Any]]:
    """The rule in bot/lang.py against py3langid / langid where installed (not dependencies)."""
    guessers: dict[str, Any] = {"bot.lang rule": detect}
    for mod in ("py3langid", "langid"):
        try:
            lib = __import__(mod)
        except ImportError:
            continue
        guessers[mod] = lambda t, lib=lib: "id" if lib.classify(t)[0] in ("id", "ms") else "en"
        break
    rows = []
    for name, guess in guessers.items():
        ok = defaultdict(int)
        n = defaultdict(int)
        for lang, _, _, text in ALL:
            short = "short" if len(text.split()) <= 4 else "long"
            n[(lang, short)] += 1
            ok[(lang, short)] += guess(text) == lang
        for key in sorted(n):
            rows.append({"guesser": name, "lang": key[0], "length": key[1], "messages": n[key],
                         "accuracy": round(ok[key] / n[key], 4)})
    return rows


def real_questions(shared: Path) -> list[dict[str, Any]]:
    """Alarms on real questions that are (almost all) not emergencies: MedQuAD's and consumers' own."""
    import json

    import pandas as pd

    sets: dict[str, list[str]] = {}
    if (shared / "medquad.csv.gz").is_file():
        sets["MedQuAD questions"] = list(pd.read_csv(shared / "medquad.csv.gz").question.unique())
    rqe = [shared / "consumer" / f"rqe_{s}.csv" for s in ("valid", "test")]
    if all(p.is_file() for p in rqe):
        sets["consumer questions (rqe valid+test chq)"] = list(pd.concat(map(pd.read_csv, rqe)).chq.unique())
    dev = shared / "consumer" / "mediqa_qa_dev.jsonl"
    if dev.is_file():
        sets["MEDIQA dev questions"] = [json.loads(line)["question"] for line in dev.open()]
    return [{"set": name, "messages": len(qs), "alarms": sum(triage(q) is not None for q in qs)}
            for name, qs in sets.items()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--show", action="store_true", help="print every miss, false alarm and wrong reply kind")
    ap.add_argument("--json", default="bench/results/safety_cpu.json")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data",
                    help="real questions to count alarms on (skipped when absent)")
    args = ap.parse_args()
    res = evaluate(args.show)
    print(table(res["groups"], ["lang", "group", "urgent", "recall", "ordinary", "false_alarms"]))
    print()
    print(table(res["summary"], ["lang", "urgent", "recall", "ordinary", "false_alarms", "false_alarm_rate"]))
    print(f"urgent messages given the wrong reply kind (self-harm vs physical): {res['wrong_kind']}")
    res["cost"] = cost()
    print("\ncost per message (language guess + triage): "
          + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in res["cost"].items()))
    res["language"] = language_accuracy()
    print()
    print(table(res["language"], ["guesser", "lang", "length", "messages", "accuracy"]))
    if args.shared.is_dir():
        res["real_questions"] = real_questions(args.shared)
        print("\nalarms on real questions (nearly all ordinary; read the hits with --show):")
        print(table(res["real_questions"], ["set", "messages", "alarms"]))
    write_json(args.json, res)


if __name__ == "__main__":
    main()
