"""Fit the health-talk model (bot/answering/healthtalk.py): whether a message that names no topic asks about health.

    python -m trainer.healthtalk [--chat data/chat] [--health data/aspects] [--conversations data/conversations]
                                 [--heldout tests/data/chat_heldout] [--heldout-health tests/data/aspects_heldout]
                                 [--out bot/answering/healthtalk.json]

Messages that ask nothing about health: data/chat/*.jsonl (one writer a file, {"text", "lang", "kind"}) and the
non-health messages of the development conversations. Health questions: data/aspects/*.jsonl and the health
messages of the development conversations. Every file is one writer, and writers are kept apart: the
regularisation and the threshold are chosen on leave-one-writer-out predictions (each writer's messages scored by a
model fitted without them), for the decision the bot makes (`healthtalk.follows`) where it makes it: on messages the
rules read neither as chat nor as a question about the topic ("unsure": bot/answering/understand.py
`rules_follow_up`, rerank.py `rules_follow_up_id`), and of the health questions only those that do not name their
topic (a named one never reaches the model: it starts its own topic). The measure is balanced accuracy, the mean of
the two classes' recall: a follow-up declined and a page sent for "thanks, bye" count alike. The held-out folders'
writers are only scored, once, for the report (first sight). scikit-learn at training time only."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering import healthtalk
from bot.answering.rerank import rules_follow_up_id
from bot.answering.understand import rules_follow_up
from bot.safety.lang import detect
from trainer.linear import fit_linear, write_weights

ROOT = Path(__file__).resolve().parent.parent
GRID_C = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
GRID_AT = tuple(float(x) for x in np.round(np.arange(0.30, 0.96, 0.05), 2))


@dataclass(frozen=True)
class Message:
    writer: str
    health: bool  # the label: a health question (else chat)
    text: str
    rules: str  # how the rules read it after a topic: "chat", "health" or "unsure"
    lang: str = "en"
    named: bool = False  # a health question that names its topic (never reaches the model in the bot)


def _message(writer: str, health: bool, text: str, lang: str | None, named: bool = False) -> Message:
    lang = lang or detect(text)
    rules = rules_follow_up_id(text) if lang == "id" else rules_follow_up(text)
    return Message(writer, health, text, rules, lang, named)


def load(folder: Path, kind: str) -> list[Message]:
    """Every *.jsonl of a folder, one writer a file. `kind`: "chat" (every message chat), "health" (every message a
    health question; `named` as labelled) or "conversations" (a message with a topic is health; of those, the first
    of a conversation and a switch's later ones are taken as naming it)."""
    out: list[Message] = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if kind == "conversations":
                    for i, t in enumerate(row["turns"]):
                        health = bool(t.get("topic_en"))
                        named = health and (i == 0 or row.get("kind") == "switch")
                        out.append(_message(path.stem, health, str(t["text"]), t.get("lang"), named))
                else:
                    out.append(_message(path.stem, kind == "health", str(row["text"]), row.get("lang"),
                                        kind == "health" and bool(row.get("named", True))))
            except (KeyError, ValueError, TypeError) as exc:
                raise SystemExit(f"{path}:{n}: {exc!r}") from None
    return out


def fit(msgs: Sequence[Message], c: float, at: float = 0.5) -> healthtalk.HealthModel:
    y = np.array([int(m.health) for m in msgs])
    vocab, w, b = fit_linear(healthtalk.vectorise([m.text for m in msgs]), y, 2, c, class_weight="balanced")
    return healthtalk.HealthModel(vocab, w, b, at)


def out_of_fold(msgs: Sequence[Message], c: float) -> np.ndarray:
    """Each message's probability of health from a model fitted without its writer."""
    p = np.zeros(len(msgs))
    for writer in sorted({m.writer for m in msgs}):
        model = fit([m for m in msgs if m.writer != writer], c)
        for i, m in enumerate(msgs):
            if m.writer == writer:
                p[i] = model.probability(m.text)
    return p


def decide(m: Message, p: float, at: float) -> bool:
    """The bot's decision after a topic: chat to the rules never follows up, else `healthtalk.follows`."""
    return m.rules != "chat" and healthtalk.follows(m.rules == "health", p, at)


def scored(m: Message) -> bool:
    """Whether the message is one the measure counts: a chat message, or a health question not naming its topic."""
    return not m.named


def tally(msgs: Sequence[Message], decisions: Sequence[bool]) -> dict[str, Any]:
    """Right per class and language, for the rules alone (a follow-up only where they say "health") and with the
    model, over the scored messages; balanced accuracy over both classes."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for m, d in zip(msgs, decisions, strict=True):
        if not scored(m):
            continue
        for key in (("health" if m.health else "chat") + f" {m.lang}", "health" if m.health else "chat"):
            per[key]["n"] += 1
            per[key]["rules"] += (m.rules == "health") == m.health
            per[key]["now"] += d == m.health
            per[key]["unsure"] += m.rules == "unsure"
    out: dict[str, Any] = {k: dict(v) for k, v in sorted(per.items())}
    if "health" in per and "chat" in per:
        for col in ("rules", "now"):
            out[f"balanced_{col}"] = round(0.5 * sum(per[k][col] / per[k]["n"] for k in ("health", "chat")), 4)
    return out


def balanced(msgs: Sequence[Message], p: np.ndarray, at: float) -> float:
    return float(tally(msgs, [decide(m, float(pi), at) for m, pi in zip(msgs, p, strict=True)])["balanced_now"])


def _print(title: str, t: dict[str, Any]) -> None:
    print(f"\n{title}\n{'class':12} {'messages':>8} {'rules unsure':>13} {'rules alone':>12} {'with the model':>15}")
    for k, v in t.items():
        if isinstance(v, dict):
            print(f"{k:12} {v['n']:>8} {v['unsure']:>13} {v['rules']:>6} {v['rules'] / v['n']:5.0%} "
                  f"{v['now']:>8} {v['now'] / v['n']:5.0%}")
    if "balanced_now" in t:
        print(f"balanced accuracy: rules alone {t['balanced_rules']:.3f}, with the model {t['balanced_now']:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chat", type=Path, default=ROOT / "data" / "chat")
    ap.add_argument("--health", type=Path, default=ROOT / "data" / "aspects")
    ap.add_argument("--conversations", type=Path, default=ROOT / "data" / "conversations")
    ap.add_argument("--heldout", type=Path, default=ROOT / "tests" / "data" / "chat_heldout",
                    help="held-out writers of chat messages (scored once, for the report)")
    ap.add_argument("--heldout-health", type=Path, default=ROOT / "tests" / "data" / "aspects_heldout",
                    help="held-out writers of health questions (scored once, for the report)")
    ap.add_argument("--out", type=Path, default=healthtalk.DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.0, help="inverse regularisation (default: chosen from a grid)")
    args = ap.parse_args(argv)
    pool = load(args.chat, "chat") + load(args.health, "health") + (
        load(args.conversations, "conversations") if args.conversations.is_dir() else [])
    held = (load(args.heldout, "chat") if args.heldout.is_dir() else []) + (
        load(args.heldout_health, "health") if args.heldout_health.is_dir() else [])
    if not any(not m.health for m in pool) or not any(m.health for m in pool):
        raise SystemExit("both chat messages and health questions are needed to fit the model")
    if {m.writer for m in held} & {m.writer for m in pool}:
        raise SystemExit("a writer is in both the training and the held-out folders: keep them apart")
    print(f"{len(pool)} messages by {len({m.writer for m in pool})} writers to fit and tune "
          f"({sum(not m.health for m in pool)} chat); {len(held)} by {sorted({m.writer for m in held})} held out")
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    best_p = np.zeros(0)
    for c in (args.c,) if args.c else GRID_C:
        p = out_of_fold(pool, c)
        score = {at: balanced(pool, p, at) for at in GRID_AT}
        at = max(GRID_AT, key=lambda a: (score[a], a))  # on a tie the higher threshold: fewer pages for chat
        print(f"C {c}: leave-one-writer-out balanced accuracy {score[at]:.3f} at threshold {at}")
        if score[at] > best[0]:
            best, best_p = (score[at], c, at), p
    _, c, at = best
    oof = tally(pool, [decide(m, float(pi), at) for m, pi in zip(pool, best_p, strict=True)])
    _print(f"leave-one-writer-out (C {c}, threshold {at}, both chosen here; each writer scored by a model fitted "
           "without it)", oof)
    model = fit(pool, c, at)
    result: dict[str, Any] = {"trained_on": sorted({m.writer for m in pool}),
                              "held_out": sorted({m.writer for m in held}), "messages": len(pool), "c": c,
                              "leave_one_writer_out": oof}
    if held:
        first = tally(held, [decide(m, model.probability(m.text), at) for m in held])
        _print("held-out writers, first sight", first)
        result["held_out_first_sight"] = first
    write_weights(model, result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
