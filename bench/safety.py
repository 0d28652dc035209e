"""The emergency check on writers it never saw: recall, false alarms and caution lines per writer,
language and topic, before (the rules alone) and after (rules and the learned detector); alarms on
real questions (MedQuAD's, NLM consumers'); the replies for violence, labour and swallowed objects
(tests/data/triage_heldout/support/); the cost per message, short and 4,096 characters.

python bench/safety.py [--show] [--json bench/results/safety_cpu.json] [--shared ../shared/data]

Every figure here is held-out: tests/data/triage_heldout/ tuned nothing (the trainer reads it only
for its report); the real-question sets tuned nothing either.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from common import ROOT, table, write_json

from bot.safety.lang import detect
from bot.safety.triage import assess, rules
from trainer.triage import load_corpus


def evaluate(show: bool) -> list[dict[str, Any]]:
    cells: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for m in load_corpus(ROOT / "tests" / "data" / "triage_heldout"):
        before = "emergency" if rules(m.text) is not None else "none"
        a = assess(m.text)
        after, alone = a.level, a.level == "emergency" and a.alone
        if show and ((m.urgent and after == "none") or (not m.urgent and after == "emergency")):
            print(f"{'MISS ' if m.urgent else 'ALARM'} [{m.writer}/{m.lang}/{m.topic}] {m.text}")
        for key in ((m.writer, m.lang, "all"), ("all", m.lang, "all"), ("all", m.lang, m.kind)):
            c = cells[key]
            if m.urgent:
                c["urgent"] += 1
                c["caught_before"] += before == "emergency"
                c["caught_after"] += after == "emergency"
                c["caught_alone"] += alone
                c["caught_or_caution"] += after != "none"
            else:
                c["ordinary"] += 1
                c["alarms_before"] += before == "emergency"
                c["alarms_after"] += after == "emergency"
                c["alarms_alone"] += alone
                c["cautions"] += after == "caution"
    return [{"writer": w, "lang": lg, "kind": k, **dict(c)} for (w, lg, k), c in sorted(cells.items())]


# The replies that serve an urgent message of each kind in the support writers' files (first or following another,
# `Assessment.replies`): a labour, a swallowed object or an injury is also served by the emergency reply (it says
# "call your emergency number"), a violence only by its own.
RIGHT_REPLY = {"violence": {"violence"}, "labour": {"labour", "emergency"},
               "swallowed": {"swallowed", "poisoning", "emergency"}, "injury": {"emergency"}}


def support(folder: Path, show: bool = False) -> list[dict[str, Any]]:
    """Per writer and kind, before (the emergency check alone) and after (with the signs of other help): urgent
    messages given an emergency-level reply and the reply their kind needs; ordinary ones given one (alarms)."""
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            before, after = assess(r["text"], r["lang"], others=False), assess(r["text"], r["lang"])
            kind = r["kind"] if r["label"] == "urgent" else "ordinary"
            for key in ((path.stem, kind), ("all", kind)):
                c = cells[key]
                c["messages"] += 1
                for name, a in (("before", before), ("after", after)):
                    c[f"emergency_{name}"] += a.level == "emergency"
                    if kind != "ordinary":
                        c[f"right_reply_{name}"] += bool(RIGHT_REPLY[kind] & set(a.replies))
            if show and (after.level == "emergency") == (kind == "ordinary"):
                print(f"{'ALARM' if kind == 'ordinary' else 'MISS '} [{path.stem}/{kind}] {r['text']}")
    return [{"writer": w, "kind": k, **dict(c)} for (w, k), c in sorted(cells.items())]


def cost(repeat: int = 5) -> dict[str, dict[str, float]]:
    """ms per message (language guess + rules + detector), short messages and 4,096-character ones
    made of held-out sentences."""
    texts = [m.text for m in load_corpus(ROOT / "tests" / "data" / "triage_heldout")]
    rng = random.Random(0)
    long = []
    for _ in range(100):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 4096:
            parts.append(rng.choice(texts))
        long.append(" ".join(parts)[:4096])
    crafted = ["what is chest pain? " * 205, "i took " * 585, "a" * 4096, "help! " * 683]
    out = {}
    for name, msgs in (("short", texts), ("4096 chars", long), ("4096 chars crafted", crafted)):
        wall, cpu = [], []
        for _ in range(repeat):
            for t in msgs:
                t0, c0 = time.perf_counter(), time.thread_time()
                detect(t)
                assess(t)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.thread_time() - c0)
        # wall time includes waiting for the CPU on a busy machine; CPU time is what the check itself costs
        out[name] = {"messages": len(wall), **_quantiles("wall", wall), **_quantiles("cpu", cpu)}
    return out


def _quantiles(prefix: str, times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {f"{prefix}_p50_ms": times[len(times) // 2] * 1e3, f"{prefix}_p99_ms": times[int(len(times) * 0.99)] * 1e3,
            f"{prefix}_max_ms": times[-1] * 1e3}


def real_questions(shared: Path) -> list[dict[str, Any]]:
    """Emergency replies and caution lines on real questions that are (almost all) not emergencies."""
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
    rows = []
    for name, qs in sets.items():
        found = [assess(q) for q in qs]
        levels = Counter(a.level for a in found)
        rows.append({"set": name, "messages": len(qs), "emergency": levels["emergency"],
                     "emergency_alone": sum(a.level == "emergency" and a.alone for a in found),
                     "caution": levels["caution"], "rules_alone": sum(rules(q) is not None for q in qs)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print every miss and false alarm")
    ap.add_argument("--json", default="bench/results/safety_cpu.json")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    rows = evaluate(args.show)
    cols = ["writer", "lang", "kind", "urgent", "caught_before", "caught_after", "caught_alone", "caught_or_caution",
            "ordinary", "alarms_before", "alarms_after", "alarms_alone", "cautions"]
    print("held-out writers (first sight), before = rules alone, after = rules + detector; alone = the emergency "
          "reply with no answer after it (the check is sure, or self-harm):")
    print(table(rows, cols))
    res: dict[str, Any] = {"held_out": rows, "data": "held-out: tests/data/triage_heldout tuned nothing"}
    held_support = ROOT / "tests" / "data" / "triage_heldout" / "support"
    if held_support.is_dir():
        res["support"] = support(held_support, args.show)
        print("\nviolence, labour, swallowed objects, injuries (held-out writers, first sight); before = the emergency "
              "check alone, after = with the signs of other help; right_reply = the reply the kind needs:")
        print(table(res["support"], ["writer", "kind", "messages", "emergency_before", "emergency_after",
                                     "right_reply_before", "right_reply_after"]))
    res["cost"] = cost()
    print("\ncost per message (language guess + rules + detector), ms:")
    print(table([{"messages": k, **{m: round(v, 3) for m, v in c.items()}} for k, c in res["cost"].items()],
                ["messages", "wall_p50_ms", "wall_p99_ms", "cpu_p50_ms", "cpu_p99_ms", "cpu_max_ms"]))
    import os

    res["load_average"] = os.getloadavg()[0]
    print(f"(load average {res['load_average']:.1f} on {os.cpu_count()} cores while measuring)")
    if args.shared.is_dir():
        res["real_questions"] = real_questions(args.shared)
        print("\nreal questions (nearly all ordinary):")
        print(table(res["real_questions"], ["set", "messages", "emergency", "emergency_alone", "caution",
                                            "rules_alone"]))
    write_json(args.json, res)


if __name__ == "__main__":
    main()
