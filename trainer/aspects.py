"""Fit the question-type model (bot/answering/aspects.py) on messages labelled with the aspect they ask.

    python -m trainer.aspects [--corpus data/aspects] [--conversations data/conversations]
                              [--heldout tests/data/aspects_heldout] [--out bot/answering/aspects.json]

Training messages: data/aspects/*.jsonl (one writer a file: {"aspect", "text", ...}, English or Indonesian)
and the messages of the development conversations (data/conversations/*.jsonl, each message labelled with its
aspect; a non-health message has none and is left out), every file one writer. Writers are kept apart: the
regularisation and both thresholds are chosen on leave-one-writer-out predictions (each writer's messages
scored by a model fitted without them), for the decision the bot makes (bot/answering/aspects.py `choose`): the
model's type where the rules read none and it reaches `at`, or over theirs where it reaches `over` (never over
the main question of several), else the rules'. The held-out folder's writers
are only scored, once, for the report (first sight). scikit-learn at training time only."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering import aspects
from bot.answering.indonesian import read
from bot.answering.understand import rules_reading
from bot.safety.lang import detect
from trainer.linear import finish, fit_linear, leave_one_writer_out, read_writers

ROOT = Path(__file__).resolve().parent.parent
GRID_C = (0.5, 1.0, 2.0, 4.0, 8.0)
GRID_AT = tuple(float(x) for x in np.round(np.arange(0.20, 0.96, 0.05), 2))
GRID_OVER = (*(float(x) for x in np.round(np.arange(0.50, 0.96, 0.05), 2)), 1.0)  # 1: never over the rules


@dataclass(frozen=True)
class Message:
    writer: str
    qtype: str  # the label as a question type (aspects.ASPECTS)
    text: str
    rules: str  # what the rules read in it
    lang: str = "en"
    typed: bool = False  # whether the rules said the type (an Indonesian "apa itu ...?" says "information")
    whole: bool = True  # the message is its main question (no story or other question before it)


def _message(writer: str, aspect: str, text: str, lang: str | None) -> Message:
    """A labelled message and what the bot's rules read in it: the English rules, or for Indonesian the
    reader's question words (bot/answering/indonesian.py)."""
    lang = lang or detect(text)
    if lang == "id":
        r = read(text)
        return Message(writer, aspects.ASPECTS[aspect], text, r.qtype, lang, r.typed)
    rules, typed, whole = rules_reading(text)
    return Message(writer, aspects.ASPECTS[aspect], text, rules, lang, typed, whole)


def load(folder: Path, conversations: bool = False) -> list[Message]:
    """Every *.jsonl of a folder, one writer a file; of conversations, the messages about health."""
    def read(writer: str, row: dict[str, Any]) -> list[Message]:
        turns = row["turns"] if conversations else [row]
        return [_message(writer, t["aspect"], str(t["text"]), t.get("lang")) for t in turns
                if not conversations or t.get("topic_en")]

    return read_writers(folder, read)


def fit(msgs: Sequence[Message], c: float, at: float = 0.5, over: float = 1.0) -> aspects.AspectModel:
    y = np.array([aspects.QTYPES.index(m.qtype) for m in msgs])
    # a type no writer labelled is never chosen
    vocab, w, b = fit_linear(aspects.vectorise(m.text for m in msgs), y, len(aspects.QTYPES), c, absent_bias=-30.0)
    return aspects.AspectModel(vocab, w, b, at, over)


def out_of_fold(msgs: Sequence[Message], c: float) -> np.ndarray:
    """Each message's type probabilities from a model fitted without its writer."""
    return leave_one_writer_out(msgs, lambda rest: fit(rest, c), lambda model, m: model.probabilities(m.text),
                                len(aspects.QTYPES))


def decide(m: Message, p: np.ndarray, at: float, over: float = 1.0) -> str:
    """The bot's decision (bot/answering/aspects.py `choose`) from the model's probabilities."""
    return aspects.choose(p, m.rules, m.typed, m.whole, at, over)


def tally(msgs: Sequence[Message], decisions: Sequence[str]) -> dict[str, Any]:
    """Right (the label's type) overall, per language and per labelled type, for the rules alone and for the
    decision."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for m, d in zip(msgs, decisions, strict=True):
        for key in (m.qtype, "all", f"all {m.lang}"):
            per[key]["n"] += 1
            per[key]["rules"] += m.rules == m.qtype
            per[key]["now"] += d == m.qtype
    return {k: dict(v) for k, v in sorted(per.items())}


def _print(title: str, t: dict[str, Any]) -> None:
    print(f"\n{title}\n{'type':18} {'messages':>8} {'rules alone':>12} {'with the model':>15}")
    for k, v in t.items():
        print(f"{k:18} {v['n']:>8} {v['rules']:>6} {v['rules'] / v['n']:5.0%} {v['now']:>8} {v['now'] / v['n']:5.0%}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "aspects")
    ap.add_argument("--conversations", type=Path, default=ROOT / "data" / "conversations")
    ap.add_argument("--heldout", type=Path, default=ROOT / "tests" / "data" / "aspects_heldout")
    ap.add_argument("--out", type=Path, default=aspects.DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.0, help="inverse regularisation (default: chosen from a grid)")
    args = ap.parse_args(argv)
    pool = load(args.corpus) + (load(args.conversations, conversations=True) if args.conversations.is_dir() else [])
    held = load(args.heldout) if args.heldout.is_dir() else []
    if {m.writer for m in held} & {m.writer for m in pool}:
        raise SystemExit("a writer is in both the training and the held-out folders: keep them apart")
    print(f"{len(pool)} messages by {len({m.writer for m in pool})} writers to fit and tune; "
          f"{len(held)} by {sorted({m.writer for m in held})} held out")
    best: tuple[int, float, float] = (-1, 0.0, 0.0)
    best_p = np.zeros((0, len(aspects.QTYPES)))
    for c in (args.c,) if args.c else GRID_C:
        p = out_of_fold(pool, c)
        right = {at: sum(decide(m, pi, at) == m.qtype for m, pi in zip(pool, p, strict=True)) for at in GRID_AT}
        at = max(GRID_AT, key=lambda a: (right[a], a))  # on a tie the higher threshold: fewer changes
        print(f"C {c}: leave-one-writer-out right {right[at]}/{len(pool)} at threshold {at}")
        if right[at] > best[0]:
            best, best_p = (right[at], c, at), p
    _, c, at = best
    right_over = {o: sum(decide(m, best_p[i], at, o) == m.qtype for i, m in enumerate(pool)) for o in GRID_OVER}
    over = max(GRID_OVER, key=lambda o: (right_over[o], o))  # on a tie the higher: fewer changes to the rules' types
    print(f"chosen on leave-one-writer-out predictions: C {c}, threshold {at}, over the rules' type at {over} "
          f"(right {right_over[1.0]} -> {right_over[over]})")
    oof = tally(pool, [decide(m, best_p[i], at, over) for i, m in enumerate(pool)])
    _print("leave-one-writer-out (each writer scored by a model fitted without it; C and thresholds chosen here)", oof)
    model = fit(pool, c, at, over)
    finish(model, pool, held, c, oof, lambda: tally(held, [decide(m, model.probabilities(m.text), at, over)
                                                          for m in held]), _print, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
