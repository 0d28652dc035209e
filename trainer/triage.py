"""Rebuild the emergency detector's weights (bot/safety/triage.json) from the writers' corpus (data/triage/).

    python -m trainer.triage [--corpus data/triage] [--out bot/safety/triage.json] [--holdout wF wG ...]

Each corpus file is one writer's messages (JSON Lines: lang, label urgent|ordinary, kind, topic,
text). Writers are kept apart: the thresholds are set on leave-one-writer-out predictions (every
message scored by a model that never saw its writer), and the writers in --heldout (tests/data/triage_heldout/, a
separate folder) are used for nothing but the first-sight report, before (rules alone) and after
(rules and detector). Only the JSON weights are written: data only, nothing that runs code when loaded."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.safety import detector as det
from bot.safety.triage import Assessment, assess, detector_features, rules, stands_alone
from trainer.linear import fit_linear, read_writers, write_weights

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"none": 0, "emergency": 1, "poisoning": 2, "self_harm": 3}


@dataclass(frozen=True)
class Message:
    writer: str
    lang: str
    urgent: bool
    kind: str
    topic: str
    text: str

    @property
    def features(self) -> dict[str, set[str]]:
        return _features(self.text)


_CACHE: dict[str, dict[str, set[str]]] = {}


def _features(text: str) -> dict[str, set[str]]:
    if text not in _CACHE:
        _CACHE[text] = detector_features(text)
    return _CACHE[text]


def load_corpus(folder: Path) -> list[Message]:
    def read(writer: str, r: dict[str, Any]) -> list[Message]:
        urgent = {"urgent": True, "ordinary": False}[r["label"]]
        kind = r.get("kind") or ("emergency" if urgent else "none")
        if kind not in KINDS or (kind == "none") == urgent:
            raise ValueError(f"kind {kind!r} does not fit label {r['label']!r}")
        return [Message(writer, r.get("lang", "en"), urgent, kind, r.get("topic", ""), r["text"])]

    rows = read_writers(folder, read)
    if not rows:
        raise SystemExit(f"no *.jsonl messages in {folder}")
    return rows


def fit(msgs: Sequence[Message], c: float = 16.0, min_df: int = 2, keep: det.Detector | None = None) -> det.Detector:
    """A multinomial logistic regression over the detector's features (scikit-learn at training time only)."""
    dicts, _ = det.vectorise(m.features for m in msgs)
    y = np.array([KINDS[m.kind] for m in msgs])
    vocab, w, b = fit_linear(dicts, y, len(det.CLASSES), c, min_df, class_weight="balanced")
    t = (keep.emergency_at, keep.rules_at, keep.caution_at) if keep else (0.5, 0.5, 0.5)
    return det.Detector(vocab, w, b, *t)


def with_thresholds(d: det.Detector, t: Thresholds) -> det.Detector:
    return det.Detector(d.vocab, d.weights, d.bias, t.emergency, t.rules, t.caution, t.alone, d.meta)


@dataclass(frozen=True)
class Thresholds:
    emergency: float
    rules: float
    caution: float
    alone: float = 0.0

    def level(self, p: float, by_rules: bool, alone: bool = False) -> str:
        """The same decision as bot.safety.triage.assess, from a score, whether a rule fired and whether the
        reply must come alone whatever the score (self-harm or poisoning, `stands_alone`): "emergency" (the
        emergency reply alone), "emergency+answer" (the reference's answer may follow it), "caution" or "none"."""
        if p >= self.emergency or (by_rules and p >= self.rules):
            return "emergency" if p >= self.alone or alone else "emergency+answer"
        return "caution" if p >= self.caution or by_rules else "none"


def out_of_fold(msgs: Sequence[Message], c: float) -> tuple[np.ndarray, np.ndarray]:
    """p_urgent of every message from a model fitted without its writer, and whether an emergency reply to it
    would come alone whatever the score (self-harm or poisoning by the rules or that model, as in assess)."""
    p = np.zeros(len(msgs))
    alone = np.zeros(len(msgs), dtype=bool)
    for writer in sorted({m.writer for m in msgs}):
        train = [m for m in msgs if m.writer != writer]
        model = fit(train, c)
        for i, m in enumerate(msgs):
            if m.writer == writer:
                score = model.score(m.features)
                p[i] = score.p_urgent
                alone[i] = stands_alone(m.features["r"], score.kind)  # the rules' verdict is in the features
    return p, alone


def choose_thresholds(msgs: Sequence[Message], p: np.ndarray, recall: float, max_alarms: float,
                      max_caution: float = 1.0, max_alone: float = 0.0) -> Thresholds:
    """On out-of-fold scores: the emergency thresholds (alone, and where a rule fired too) that catch
    the most urgent messages while at most `max_alarms` of the ordinary ones get the emergency reply,
    and the caution threshold below them at which `recall` of the urgent messages get the emergency
    reply or the caution line (a message that might be urgent is answered, led by what to do), unless
    more than `max_caution` of the ordinary messages would be led by that line. Last, the lowest score at
    which at most `max_alone` of the ordinary messages get the emergency reply alone (below it the reference's
    answer may follow the emergency reply: the check is not sure)."""
    by_rules = np.array([rules(m.text) is not None for m in msgs])
    urgent = np.array([m.urgent for m in msgs])
    grid = [float(x) for x in np.round(np.arange(0.99, 0.01, -0.01), 2)]

    def rank(pair: tuple[float, float]) -> tuple[bool, float, float]:
        hit = (p >= pair[0]) | (by_rules & (p >= pair[1]))
        fa = float(hit[~urgent].mean())
        return (fa <= max_alarms, float(hit[urgent].mean()) if fa <= max_alarms else -fa, pair[0])

    e, r = max(((e, r) for e in grid for r in grid if r <= e), key=rank)
    hit = (p >= e) | (by_rules & (p >= r))
    caution = e
    for c in (x for x in grid if x <= e):
        flagged = ((p >= c) | by_rules) & ~hit
        if float(flagged[~urgent].mean()) > max_caution:
            break
        caution = c
        if float((hit | flagged)[urgent].mean()) >= recall:
            break
    alone = 1.0
    for a in grid:
        if float((hit & (p >= a))[~urgent].mean()) > max_alone:
            break
        alone = a
    return Thresholds(e, r, caution, alone)


def report(msgs: Sequence[Message], d: det.Detector | None) -> list[dict[str, Any]]:
    """Recall, false alarms and caution lines per writer and language: rules alone (d None) or both."""
    if d is None:
        return tally(msgs, ["emergency" if rules(m.text) is not None else "none" for m in msgs])
    return tally(msgs, [_level(assess(m.text, detector=d)) for m in msgs])


def _level(a: Assessment) -> str:
    return "emergency+answer" if a.level == "emergency" and not a.alone else a.level


def tally(msgs: Sequence[Message], levels: Sequence[str]) -> list[dict[str, Any]]:
    """Per writer and language (and "all"): urgent messages caught (the emergency reply, alone or with the
    answer after it), caught alone, caught or led by the caution line; ordinary messages given the emergency
    reply, given it alone (no answer to their question), and the caution line."""
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m, level in zip(msgs, levels, strict=True):
        emergency = level.startswith("emergency")
        for key in ((m.writer, m.lang), ("all", m.lang)):
            c = cells[key]
            if m.urgent:
                c["urgent"] += 1
                c["caught"] += emergency
                c["caught_alone"] += level == "emergency"
                c["caught_or_caution"] += level != "none"
            else:
                c["ordinary"] += 1
                c["alarms"] += emergency
                c["alarms_alone"] += level == "emergency"
                c["cautions"] += level == "caution"
    return [{"writer": w, "lang": lg, **{k: c[k] for k in ("urgent", "caught", "caught_alone", "caught_or_caution",
                                                               "ordinary", "alarms", "alarms_alone", "cautions")}}
            for (w, lg), c in sorted(cells.items())]


def _print(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(f"{'writer':8} {'lang':4} {'urgent caught':>15} {'alone':>6} {'+caution':>9} {'false alarms':>14} "
          f"{'alone':>6} {'cautions':>9}")
    for r in rows:
        u, o = r["urgent"] or 1, r["ordinary"] or 1
        print(f"{r['writer']:8} {r['lang']:4} {r['caught']:>5}/{r['urgent']:<4} {r['caught'] / u:5.1%} "
              f"{r['caught_alone']:>6} {r['caught_or_caution'] / u:8.1%} {r['alarms']:>5}/{r['ordinary']:<4} "
              f"{r['alarms'] / o:4.1%} {r['alarms_alone']:>6} {r['cautions'] / o:8.1%}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "triage")
    ap.add_argument("--out", type=Path, default=det.DEFAULT_PATH)
    ap.add_argument("--heldout", type=Path, default=ROOT / "tests" / "data" / "triage_heldout",
                    help="writers used for nothing but the first-sight report (a folder of *.jsonl)")
    ap.add_argument("--c", type=float, default=16.0, help="inverse regularisation strength")
    ap.add_argument("--recall", type=float, default=0.98,
                    help="urgent messages that must get the emergency reply or the caution line")
    # 4%, not 3%: the pool of ordinary messages holds 240 chat messages full of "dead", "kill", "ending" (wO),
    # harder than everyday health questions; at 3% the emergency recall of the other writers fell to 93.6%
    ap.add_argument("--max_alarms", type=float, default=0.04, help="ordinary messages allowed the emergency reply")
    ap.add_argument("--max_caution", type=float, default=0.08, help="ordinary messages allowed the caution line")
    ap.add_argument("--max_alone", type=float, default=0.01,
                    help="ordinary messages allowed the emergency reply alone (below that score the answer follows it)")
    args = ap.parse_args(argv)
    msgs = load_corpus(args.corpus)
    pool = msgs
    held = load_corpus(args.heldout) if args.heldout.is_dir() and any(args.heldout.glob("*.jsonl")) else []
    holdout = {m.writer for m in held}
    if holdout & {m.writer for m in pool}:
        raise SystemExit(f"writers {sorted(holdout & {m.writer for m in pool})} are in both folders: keep them apart")
    print(f"{len(pool)} messages by {len({m.writer for m in pool})} writers to fit and tune; "
          f"{len(held)} by {sorted(holdout)} held out")
    p, alone = out_of_fold(pool, args.c)
    t = choose_thresholds(pool, p, args.recall, args.max_alarms, args.max_caution, args.max_alone)
    print(f"thresholds from leave-one-writer-out predictions: {t}")
    model = with_thresholds(fit(pool, args.c), t)
    oof = tally(pool, [t.level(float(pu), rules(m.text) is not None, bool(al))
                       for m, pu, al in zip(pool, p, alone, strict=True)])
    _print("leave-one-writer-out (each writer scored by a model that never saw it; thresholds tuned here)", oof)
    result: dict[str, Any] = {"trained_on": sorted({m.writer for m in pool}), "held_out": sorted(holdout),
                              "messages": len(pool), "c": args.c, "leave_one_writer_out": oof}
    if held:
        before, after = report(held, None), report(held, model)
        _print("held-out writers, first sight: rules alone (before)", before)
        _print("held-out writers, first sight: rules and detector (after)", after)
        result["held_out_before"], result["held_out_after"] = before, after
    write_weights(model, result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
