"""Fit the focus model (bot/answering/focus.py): which of the topics a message names it asks about.

    python -m trainer.focus --reference medquad_hub.parquet [--aspects data/aspects] [--triage data/triage]
                            [--conversations data/conversations] [--focus data/focus] [--heldout DIR ...]
                            [--out bot/answering/focus.json]

Messages by independent writers, labelled with their topic: data/aspects/*.jsonl ("topic_en"), data/triage/*.jsonl
("topic"), the first messages of the development conversations ("topic_en") and data/focus/*.jsonl (first messages
written to name several things, "topic_en" the one asked about); one writer a file. Each message is
read by the bot's own path (understand() and the re-ranker over the reference the bot answers from: `--reference`)
and kept where it names two or more topics, one of them the labelled one (where none is, the model cannot help).
For each named topic the trainer also runs the rest of the choice with that topic's rows put first, so a message is
right under a decision when the reply's topic is the labelled one.

The regularisation and the margin (how much more likely than the re-ranker's topic another must be to go first) are
chosen on leave-one-writer-out predictions: each writer's messages scored by a model fitted without them, counting
messages answered on the labelled topic. `--heldout` folders (same formats) are scored once, for the report.
The features include the re-ranker's probabilities: refit after `python -m trainer.grounding` changes the shipped
re-ranker. scikit-learn at training time only."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.answering import focus
from bot.answering.understand import FocusNames, name_key
from bot.safety import detector as det
from bot.safety.lang import detect
from trainer.linear import finish, fit_linear, leave_one_writer_out, read_writers

if TYPE_CHECKING:
    from bot.answering.rerank import ConsumerRetriever

ROOT = Path(__file__).resolve().parent.parent
GRID_C = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
GRID_MARGIN = tuple(float(x) for x in np.round(np.arange(0.0, 0.61, 0.05), 2))


@dataclass(frozen=True)
class Message:
    writer: str
    text: str
    topics: tuple[str, ...]  # the named topics in the re-ranker's order (its choice first)
    feats: tuple[dict[str, set[str]], ...]  # the focus model's features of each
    asked: tuple[bool, ...]  # whether each is the labelled topic
    right_if: tuple[bool, ...]  # whether the reply is on the labelled topic when that topic's rows go first
    focus_if: tuple[str | None, ...]  # the reply's topic then (None: no reply)


def wanted(label: str, names: FocusNames) -> set[str]:
    """The focus keys a label names: its own key, the topics it is a name or synonym of."""
    key = name_key(label)
    return ({key} | names.keys.get(key, set())) - {""}


def read_message(writer: str, text: str, label: str | None, retriever: ConsumerRetriever) -> list[Message]:
    """The message as a training example, or none (not English as the bot detects it, no label, fewer than two
    named topics, or none of them the labelled one)."""
    if not label or detect(text) != "en":
        return []
    u = retriever.understand(text)
    if len(u.foci) < 2 or u.off_topic:
        return []
    wide = retriever.rank_wide(u)
    feats = retriever.focus_features(u, wide)
    if not feats:
        return []
    want = wanted(label, retriever.ref.names)
    asked = tuple(f in want for f in feats)
    if not any(asked):
        return []
    got = [retriever.choose_first(u, wide, f if i else None) for i, f in enumerate(feats)]  # the bot's reply, f first
    topics = tuple(None if c is None else c.focus for c in got)
    return [Message(writer, text, tuple(feats), tuple(feats.values()), asked, tuple(t in want for t in topics), topics)]


def load(folder: Path, retriever: ConsumerRetriever, first_turns: bool = False) -> list[Message]:
    """Every *.jsonl of a folder (aspects, triage, focus or conversation layout), one writer a file; a missing folder
    reads as none, said on stdout."""
    if not folder.is_dir():
        print(f"{folder}: no such folder, no messages from it")
        return []

    def read(writer: str, row: dict[str, Any]) -> list[Message]:
        if "turns" in row:
            turns = row["turns"][:1] if first_turns else row["turns"]
            return [m for t in turns for m in read_message(writer, t["text"], t.get("topic_en"), retriever)]
        return read_message(writer, row["text"], row.get("topic_en") or row.get("topic"), retriever)

    return read_writers(folder, read)


def fit(msgs: Sequence[Message], c: float, margin: float = 0.0) -> focus.FocusModel:
    rows = [x for m in msgs for x in m.feats]
    y = np.array([int(a) for m in msgs for a in m.asked])
    dicts, _ = det.vectorise(rows)
    vocab, w, b = fit_linear(dicts, y, len(focus.CLASSES), c, min_df=2)
    return focus.FocusModel(vocab, w, b, margin)


def probabilities(model: focus.FocusModel, m: Message) -> list[float]:
    return [float(model.softmax(x)[1]) for x in m.feats]


def out_of_fold(msgs: Sequence[Message], c: float) -> list[list[float]]:
    """Each message's candidates' probabilities from a model fitted without its writer."""
    width = max(len(m.topics) for m in msgs)

    def predict(model: focus.FocusModel, m: Message) -> list[float]:
        p = probabilities(model, m)
        return p + [0.0] * (width - len(p))

    p = leave_one_writer_out(msgs, lambda ms: fit(ms, c), predict, width)
    return [list(p[i][:len(m.topics)]) for i, m in enumerate(msgs)]


def decide(p: Sequence[float], margin: float) -> int:
    """The candidate that goes first: the most likely, if it beats the re-ranker's (the first) by `margin`."""
    best = int(np.argmax(p))
    return best if best and p[best] - p[0] >= margin else 0


def best_margin(msgs: Sequence[Message], p: Sequence[Sequence[float]]) -> float:
    """The margin with the most messages right; on a tie the larger (fewer changes to the re-ranker's choice)."""
    return max((tally(msgs, p, mg)["right"], mg) for mg in GRID_MARGIN)[1]


def choose_c(results: dict[float, dict[str, Any]]) -> float:
    """The C whose tally (at its own best margin) has the most messages right; on a tie the one that changes the
    re-ranker's choice least (margins are not on one scale across C), then the smaller C."""
    return min(results, key=lambda c: (-results[c]["right"], results[c]["changed"], c))


def tally(msgs: Sequence[Message], p: Sequence[Sequence[float]], margin: float) -> dict[str, Any]:
    picks = [decide(q, margin) for q in p]
    return {"messages": len(msgs), "reranker_right": sum(m.right_if[0] for m in msgs),
            "right": sum(m.right_if[k] for m, k in zip(msgs, picks, strict=True)),
            "changed": sum(m.focus_if[k] != m.focus_if[0] for m, k in zip(msgs, picks, strict=True)),
            "fixed": sum(k != 0 and m.right_if[k] and not m.right_if[0] for m, k in zip(msgs, picks, strict=True)),
            "broken": sum(k != 0 and m.right_if[0] and not m.right_if[k] for m, k in zip(msgs, picks, strict=True)),
            "oracle": sum(any(m.right_if) for m in msgs)}


def _print(title: str, t: dict[str, Any]) -> None:
    print(f"\n{title}\n  {t['messages']} messages naming two topics or more, the labelled one among them: right "
          f"{t['reranker_right']} with the re-ranker alone, {t['right']} with the model ({t['changed']} changed: "
          f"{t['fixed']} fixed, {t['broken']} broken; {t['oracle']} at best)")


def main(argv: Sequence[str] | None = None) -> int:
    from bot.answering.reference import Reference
    from bot.answering.rerank import ConsumerRetriever, Reranker
    from bot.app import SHIPPED_RERANKER

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", required=True, help="the reference the bot answers from (Hub dataset or file)")
    ap.add_argument("--aspects", type=Path, default=ROOT / "data" / "aspects")
    ap.add_argument("--triage", type=Path, default=ROOT / "data" / "triage")
    ap.add_argument("--conversations", type=Path, default=ROOT / "data" / "conversations")
    ap.add_argument("--focus", type=Path, default=ROOT / "data" / "focus")
    ap.add_argument("--heldout", type=Path, nargs="*", default=[],
                    help="held-out folders (aspects, triage or conversation layout), scored once for the report")
    ap.add_argument("--out", type=Path, default=focus.DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.0, help="inverse regularisation (default: chosen from a grid)")
    args = ap.parse_args(argv)
    retriever = ConsumerRetriever(Reference.load(args.reference), Reranker.load(SHIPPED_RERANKER))
    pool = load(args.aspects, retriever) + load(args.triage, retriever) + load(
        args.conversations, retriever, first_turns=True) + load(args.focus, retriever)
    held = [m for d in args.heldout for m in load(d, retriever, first_turns=True)]
    if not pool:
        raise SystemExit("no message names two topics one of which is its label: nothing to fit")
    if {m.writer for m in held} & {m.writer for m in pool}:
        raise SystemExit("a writer is in both the training and the held-out folders: keep them apart")
    print(f"{len(pool)} messages by {len({m.writer for m in pool})} writers to fit and tune; {len(held)} held out")
    tried: dict[float, tuple[list[list[float]], float, dict[str, Any]]] = {}
    for c in (args.c,) if args.c else GRID_C:
        p = out_of_fold(pool, c)
        margin = best_margin(pool, p)
        tried[c] = (p, margin, tally(pool, p, margin))
        print(f"C {c}: leave-one-writer-out {tried[c][2]['right']}/{len(pool)} right at margin {margin} "
              f"({tried[c][2]['changed']} changed)")
    c = choose_c({c: t for c, (_, _, t) in tried.items()})
    best_p, margin, oof = tried[c]
    _print(f"leave-one-writer-out (C {c}, margin {margin}, chosen here; each writer scored by a model fitted without "
           "it)", oof)
    model = fit(pool, c, margin)
    finish(model, pool, held, c, oof, lambda: tally(held, [probabilities(model, m) for m in held], margin),
           _print, args.out, margin=margin,
           reference=Path(args.reference).name if Path(args.reference).exists() else args.reference)  # no local path
    return 0


if __name__ == "__main__":
    sys.exit(main())
