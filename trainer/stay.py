"""Fit the stay model (bot/answering/stay.py): whether a later message the rules moved to another topic or declined
is still about the conversation's topic.

    python -m trainer.stay --reference medquad_hub.parquet [--conversations data/conversations]
                           [--heldout tests/data/conversations_heldout] [--out bot/answering/stay.json]

The development conversations (data/conversations/*.jsonl, one writer a file) are replayed through the bot's own path
(bot/core.py's Core over the reference the bot answers from, `--reference`, the shipped stay model switched off), and
every later message the retriever reads in a conversation with a topic is recorded with what the rules did with it
(moved it to another topic, declined it, kept the topic, or called it small talk: `stay.recording`). Its label: the
writer's topic for it is the one of the last health message before it. The model is fitted on them all; only the moved
and declined ones are ever decided by it.

The regularisation and the threshold are chosen on leave-one-writer-out predictions (each writer's messages scored by
a model fitted without them): among the moved and declined messages at or above the threshold, those that stay count
once and those that do not count `COST` times (a message kept on the wrong topic loses a reply the rules had right
more often than one kept right fixes one; a tie goes to the higher threshold). The held-out folders' writers are only
scored, once, for the report (first sight). scikit-learn at training time only."""

from __future__ import annotations

import argparse
import asyncio
import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.answering import stay
from bot.safety import detector as det
from trainer.linear import finish, fit_linear, leave_one_writer_out, read_writers

if TYPE_CHECKING:
    from bot.answering.rerank import ConsumerRetriever

ROOT = Path(__file__).resolve().parent.parent
GRID_C = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
GRID_AT = tuple(float(x) for x in np.round(np.arange(0.50, 0.991, 0.01), 2))
COST = 2  # a message kept on the conversation's topic that moved on costs this many kept right
DECIDED = ("moved", "declined")


@dataclass(frozen=True)
class Message:
    writer: str
    feats: stay.Features
    outcome: str  # what the rules did with it (stay.OUTCOMES)
    stays: bool  # the writer's topic for it is the conversation's

    @property
    def decided(self) -> bool:
        """Whether the model decides it (the rules moved or declined it)."""
        return self.outcome in DECIDED


def _topic(turn: dict[str, Any]) -> str:
    return " ".join(str(turn.get("topic_en") or "").lower().split())


async def replay(writer: str, convs: list[dict[str, Any]], retriever: ConsumerRetriever) -> list[Message]:
    """A writer's later messages as the bot reads them, each conversation in a fresh chat."""
    from bot.core import Core
    from bot.intake.identity import UserKey
    from bot.operations.config import Settings

    settings = Settings.from_env({"MEDBOT_RATE_BURST": "10000", "MEDBOT_RATE_PER_MINUTE": "100000"})
    core = Core(settings, worker=None, retriever=retriever)  # type: ignore[arg-type]
    out: list[Message] = []
    for n, conv in enumerate(convs):
        topic = ""  # the last health message's topic
        for turn in conv["turns"]:
            with stay.recording() as seen:
                await core.answer(UserKey(f"{writer}:{n}"), str(turn["text"]), chat=f"train:{writer}:{n}")
            if seen and topic:
                feats, outcome = seen[-1]
                out.append(Message(writer, feats, outcome, _topic(turn) == topic))
            topic = _topic(turn) or topic
    return out


def load(folder: Path, retriever: ConsumerRetriever) -> list[Message]:
    """Every conversation file of a folder (one writer a file); a missing folder reads as none, said on stdout."""
    if not folder.is_dir():
        print(f"{folder}: no such folder, no messages from it")
        return []

    def conversation(writer: str, row: Any) -> list[tuple[str, dict[str, Any]]]:
        if not isinstance(row, dict) or not isinstance(row.get("turns"), list) or not all(
                isinstance(t, dict) and isinstance(t.get("text"), str) for t in row["turns"]):
            raise ValueError("a conversation needs \"turns\", each with its \"text\"")
        return [(writer, row)]

    by_writer: dict[str, list[dict[str, Any]]] = {}
    for writer, row in read_writers(folder, conversation):  # a bad line stops it with its file and line number
        by_writer.setdefault(writer, []).append(row)
    return [m for writer, convs in by_writer.items() for m in asyncio.run(replay(writer, convs, retriever))]


def fit(msgs: Sequence[Message], c: float, at: float = 0.5) -> stay.StayModel:
    dicts, _ = det.vectorise(m.feats for m in msgs)
    y = np.array([int(m.stays) for m in msgs])
    vocab, w, b = fit_linear(dicts, y, len(stay.CLASSES), c, min_df=2)
    return stay.StayModel(vocab, w, b, at)


def tally(msgs: Sequence[Message], p: Sequence[float] | np.ndarray, at: float) -> dict[str, Any]:
    kept = [m for m, pi in zip(msgs, p, strict=True) if m.decided and pi >= at]
    return {"messages": len(msgs), "decided": sum(m.decided for m in msgs),
            "decided_staying": sum(m.decided and m.stays for m in msgs), "kept": len(kept),
            "kept_staying": sum(m.stays for m in kept), "kept_moving": sum(not m.stays for m in kept)}


def gain(t: dict[str, Any]) -> int:
    return int(t["kept_staying"] - COST * t["kept_moving"])


def best_at(msgs: Sequence[Message], p: Sequence[float] | np.ndarray) -> float:
    """The threshold with the largest gain; on a tie the higher (fewer messages kept)."""
    return max((gain(tally(msgs, p, at)), at) for at in GRID_AT)[1]


def _probability(model: stay.StayModel, m: Message) -> float:
    return model.probability(m.feats)


def _print(title: str, t: dict[str, Any]) -> None:
    print(f"\n{title}\n  {t['messages']} later messages, {t['decided']} moved or declined by the rules "
          f"({t['decided_staying']} of them on the conversation's topic); kept on it: {t['kept']} "
          f"({t['kept_staying']} rightly, {t['kept_moving']} that moved on)")


def main(argv: Sequence[str] | None = None) -> int:
    from bot.answering.reference import Reference
    from bot.answering.rerank import ConsumerRetriever, Reranker
    from bot.app import SHIPPED_RERANKER

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", required=True, help="the reference the bot answers from (Hub dataset or file)")
    ap.add_argument("--conversations", type=Path, default=ROOT / "data" / "conversations")
    ap.add_argument("--heldout", type=Path, nargs="*", default=[],
                    help="held-out conversation folders, scored once for the report")
    ap.add_argument("--out", type=Path, default=stay.DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.0, help="inverse regularisation (default: chosen from a grid)")
    args = ap.parse_args(argv)
    retriever = ConsumerRetriever(Reference.load(args.reference), Reranker.load(SHIPPED_RERANKER))
    pool = load(args.conversations, retriever)
    held = [m for d in args.heldout for m in load(d, retriever)]
    if not pool or len({m.writer for m in pool}) < 2 or len({m.stays for m in pool}) < 2:
        raise SystemExit("too few later messages to fit (two writers or more, and messages that stay and that move)")
    if {m.writer for m in held} & {m.writer for m in pool}:
        raise SystemExit("a writer is in both the training and the held-out folders: keep them apart")
    print(f"{len(pool)} later messages by {len({m.writer for m in pool})} writers to fit and tune; "
          f"{len(held)} held out")
    tried: dict[float, tuple[float, dict[str, Any]]] = {}
    for c in (args.c,) if args.c else GRID_C:
        p = leave_one_writer_out(pool, functools.partial(fit, c=c), _probability)
        at = best_at(pool, p)
        tried[c] = (at, tally(pool, p, at))
        print(f"C {c}: leave-one-writer-out at {at}: kept {tried[c][1]['kept_staying']} rightly, "
              f"{tried[c][1]['kept_moving']} that moved on")
    c = max(tried, key=lambda k: (gain(tried[k][1]), -k))  # on a tie the smaller C
    at, oof = tried[c]
    _print(f"leave-one-writer-out (C {c}, threshold {at}, chosen here; each writer scored by a model fitted without "
           "it)", oof)
    model = fit(pool, c, at)
    finish(model, pool, held, c, oof, lambda: tally(held, [model.probability(m.feats) for m in held], at),
           _print, args.out, at=at, cost=COST,
           reference=Path(args.reference).name if Path(args.reference).exists() else args.reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
