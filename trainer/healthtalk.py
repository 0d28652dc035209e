"""Fit the health-talk model (bot/answering/healthtalk.py): whether a message that names no topic asks about health.

    python -m trainer.healthtalk [--reference medquad_hub.parquet] [--chat data/chat] [--health data/aspects]
                                 [--followups data/followups] [--conversations data/conversations]
                                 [--heldout tests/data/chat_heldout]
                                 [--heldout-health tests/data/aspects_heldout] [--out bot/answering/healthtalk.json]

Messages that ask nothing about health: data/chat/*.jsonl (one writer a file, {"text", "lang", "kind"}) and the
non-health messages of the development conversations. Health questions: data/aspects/*.jsonl, data/followups/*.jsonl
(second messages that ask about the conversation's condition without naming it) and the health messages of the
development conversations. Every file is one writer, and writers are kept apart: the
regularisation and the two thresholds (English, Indonesian) are chosen on leave-one-writer-out predictions (each
writer's messages scored by a model fitted without them) of the messages people send in a conversation (the
conversations and the follow-ups: `TUNE_ON`); the chat folders train the model and bound its thresholds (at most
`BUDGET` of their messages given a page the rules alone would not give), but were written to find its mistakes and do
not set them.

Each message is read by the bot's own path (bot/answering/understand.py for English, rerank.py `_in_english` for
Indonesian, as bot/core.py's language detection routes it), sent after a question on chickenpox, with the model's
verdict forced yes and then no (`healthtalk.forced`): that says whether the model decides the message at all, on
which text, and what comes of each verdict. A chat message is right when it gets no page; a health question that
does not name its topic when it follows the conversation's. With `--reference` (the reference the bot answers from)
its names route a message that names a topic of its own as the bot would; without it only "chickenpox" is a name.
The measure is balanced accuracy, the mean of the two classes' rates: a follow-up declined and a page sent for
"thanks, bye" count alike. The held-out folders' writers are only scored, once, for the report (first sight).
scikit-learn at training time only."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering import healthtalk
from bot.answering.rerank import _in_english
from bot.answering.understand import FocusNames, understand
from bot.safety.lang import detect
from medbot.text import clean
from trainer.linear import finish, fit_linear, leave_one_writer_out, read_writers

ROOT = Path(__file__).resolve().parent.parent
GRID_C = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
# thresholds: every 0.05 up to 0.85, then every 0.01 up to 0.99 (near the top, where the chat folders' budget binds)
GRID_AT = tuple(float(x) for x in np.round(np.concatenate([np.arange(0.30, 0.86, 0.05), np.arange(0.86, 0.995, 0.01)]),
                                           2))


TOPIC = "chickenpox"  # the conversation's topic every message is read after


@dataclass(frozen=True)
class Message:
    writer: str
    health: bool  # the label: a health question (else chat)
    text: str  # as the model reads it (the message cleaned, as bot/core.py hands it on)
    lang: str  # the path the bot took: "en" (understand) or "id" (_in_english)
    asked: bool  # whether the model decides it (else the rules or its own names do)
    right_yes: bool  # the reply right when the model says health
    right_no: bool  # ... and when it says chat (the rules alone: the model's "no" is their decline)
    named: bool = False  # a health question that names its topic (labelled): not the model's to follow up
    source: str = "chat"  # the kind of folder it came from (`load`): chat, health, followups or conversations

    def right(self, p: float, at: float) -> bool:
        return self.right_yes if self.asked and p >= at else self.right_no


def outcome(text: str, lang: str, names: FocusNames, topic: str = TOPIC) -> str:
    """What the bot's path makes of a message after a question on `topic`: "follow" (the topic's page), "page"
    (another topic's) or "none" (no page: the off-topic reply or a decline). The reply's page itself is not looked
    up: a message under MEDBOT_MIN_QUESTION_CHARS, a page found by its words alone with no topic named, and a drug
    label's answer are outside this reading (tests/answering/test_healthtalk.py compares it with `retrieve`)."""
    if lang == "id":
        english, _ = _in_english(names, text, topic)
        return "none" if english is None else "follow" if topic in english.lower() else "page"
    u = understand(text, names, topic)
    return "follow" if u.follows_up else "page" if u.foci and not u.off_topic else "none"


def read_message(writer: str, health: bool, raw: str, names: FocusNames, named: bool = False,
                 source: str = "chat") -> Message:
    text = clean(raw)
    lang = detect(text)
    with healthtalk.forced(True) as asked_yes:
        yes = outcome(text, lang, names)
    with healthtalk.forced(False) as asked_no:
        no = outcome(text, lang, names)
    want = "follow" if health else "none"
    return Message(writer, health, text, lang, bool(asked_yes or asked_no), yes == want, no == want, named, source)


def load(folder: Path, kind: str, names: FocusNames) -> list[Message]:
    """Every *.jsonl of a folder, one writer a file. `kind`: "chat" (every message chat), "health" (every message a
    health question; `named` as labelled), "followups" (every message a health question that does not name the
    conversation's topic: one the bot reads as a topic of its own, "metformin kok bikin mencret ya?", counts as a
    miss whatever the model says) or "conversations" (a message with a topic is health; of those, the first of a
    conversation and a switch's later ones are taken as naming it). A missing folder reads as none, said on stdout."""
    if kind not in ("chat", "health", "followups", "conversations"):
        raise ValueError(f"unknown kind of messages: {kind!r}")
    if not folder.is_dir():
        print(f"{folder}: no such folder, no {kind} messages from it")
        return []

    def read(writer: str, row: dict[str, Any]) -> list[Message]:
        if kind != "conversations":
            named = kind == "health" and bool(row.get("named", True))
            return [read_message(writer, kind != "chat", str(row["text"]), names, named, kind)]
        return [read_message(writer, bool(t.get("topic_en")), str(t["text"]), names,
                             bool(t.get("topic_en")) and (i == 0 or row.get("kind") == "switch"), kind)
                for i, t in enumerate(row["turns"])]

    return read_writers(folder, read)


def fit(msgs: Sequence[Message], c: float, at: float = 0.5, at_id: float = 0.5) -> healthtalk.HealthModel:
    y = np.array([int(m.health) for m in msgs])
    vocab, w, b = fit_linear(healthtalk.vectorise([m.text for m in msgs]), y, 2, c, class_weight="balanced")
    return healthtalk.HealthModel(vocab, w, b, at, at_id)


def out_of_fold(msgs: Sequence[Message], c: float) -> np.ndarray:
    """Each message's probability of health from a model fitted without its writer."""
    return leave_one_writer_out(msgs, lambda rest: fit(rest, c), lambda model, m: model.probability(m.text))


def scored(m: Message) -> bool:
    """Whether the measure counts the message: a chat message, or a health question not naming its topic."""
    return not m.named


def tally(msgs: Sequence[Message], p: Sequence[float] | np.ndarray, at: float, at_id: float) -> dict[str, Any]:
    """Right per class and language, for the rules alone and with the model, over the scored messages (how many
    the model decides: "asked"); balanced accuracy over both classes."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for m, pi in zip(msgs, p, strict=True):
        if not scored(m):
            continue
        for key in (("health" if m.health else "chat") + f" {m.lang}", "health" if m.health else "chat"):
            per[key]["n"] += 1
            per[key]["rules"] += m.right_no
            per[key]["now"] += m.right(float(pi), at_id if m.lang == "id" else at)
            per[key]["asked"] += m.asked
    out: dict[str, Any] = {k: dict(v) for k, v in sorted(per.items())}
    if "health" in per and "chat" in per:
        for col in ("rules", "now"):
            out[f"balanced_{col}"] = round(0.5 * sum(per[k][col] / per[k]["n"] for k in ("health", "chat")), 4)
    return out


# The thresholds are chosen on what people send the bot in a conversation: whole conversations (a chat message in them
# is small talk between questions) and second messages that follow up. The chat writers' folders (data/chat) were
# written to find the model's mistakes (figurative talk, everyday questions shaped like health questions), and far more
# of them reach the model than chat does in a conversation: measured with them, the thresholds stood at the top of the
# grid and the model declined most of the follow-ups it decides. They bound the thresholds instead: at most `BUDGET` of
# a language's chat-folder messages may be given a page that the rules alone would not give.
TUNE_ON = frozenset({"conversations", "followups"})
BUDGET = 0.05
C_TIE = 0.002  # tuning scores of two C this close (about one message) tie


def tuning(msgs: Sequence[Message], p: Sequence[float] | np.ndarray,
           tune_on: frozenset[str] = TUNE_ON) -> tuple[list[Message], np.ndarray]:
    """The messages (and their probabilities) the thresholds are chosen on: those of `tune_on`'s folders, or all of
    them where those lack a class (no chat message in the conversations, no follow-up)."""
    keep = [i for i, m in enumerate(msgs) if m.source in tune_on and scored(m)]
    if {msgs[i].health for i in keep} != {True, False}:
        keep = list(range(len(msgs)))
    return [msgs[i] for i in keep], np.asarray(p, dtype=float)[keep]


def within_budget(msgs: Sequence[Message], p: Sequence[float] | np.ndarray, lang: str,
                  budget: float = BUDGET) -> list[float]:
    """The thresholds at which at most `budget` of the language's chat-folder messages (source "chat") get a page the
    rules alone would not give them; the grid's top where none is (or every threshold where there are none)."""
    chat = [(m, float(pi)) for m, pi in zip(msgs, p, strict=True) if m.source == "chat" and m.lang == lang]
    ok = [at for at in GRID_AT if sum(m.right_no and not m.right(pi, at) for m, pi in chat) <= budget * len(chat)]
    return ok or [GRID_AT[-1]]


def choose(msgs: Sequence[Message], p: np.ndarray) -> tuple[float, float, float]:
    """(balanced accuracy, English threshold, Indonesian threshold) on the tuning messages (`tuning`), among the
    thresholds `within_budget`: each language's threshold decides only its own messages, so each is chosen alone (on
    a tie the higher: fewer pages for chat)."""
    allowed = {lang: within_budget(msgs, p, lang) for lang in ("en", "id")}
    msgs, p = tuning(msgs, p)
    n = Counter(m.health for m in msgs if scored(m))
    best: dict[str, float] = {}
    for lang in ("en", "id"):
        own = [(m, float(pi)) for m, pi in zip(msgs, p, strict=True) if scored(m) and m.lang == lang]
        gain = {at: sum(m.right(pi, at) / n[m.health] for m, pi in own) for at in allowed[lang]}
        best[lang] = max(allowed[lang], key=lambda a: (round(gain[a], 9), a))
    score = tally(msgs, p, best["en"], best["id"]).get("balanced_now", 0.0)
    return float(score), best["en"], best["id"]


def _print(title: str, t: dict[str, Any]) -> None:
    print(f"\n{title}\n{'class':12} {'messages':>8} {'model asked':>12} {'rules alone':>12} {'with the model':>15}")
    for k, v in t.items():
        if isinstance(v, dict):
            print(f"{k:12} {v['n']:>8} {v['asked']:>12} {v['rules']:>6} {v['rules'] / v['n']:5.0%} "
                  f"{v['now']:>8} {v['now'] / v['n']:5.0%}")
    if "balanced_now" in t:
        print(f"balanced accuracy: rules alone {t['balanced_rules']:.3f}, with the model {t['balanced_now']:.3f}")


def names_of(reference: str | None) -> FocusNames:
    """The names the bot would find topics by: the reference's (as bot/answering/reference.py builds them), or TOPIC's
    alone."""
    if reference is None:
        return FocusNames.build([TOPIC.capitalize()], [()])
    from bot.answering.reference import Reference

    return Reference.load(reference).names


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", default=None,
                    help="the reference the bot answers from (a Hub dataset or a local file): its names route a "
                         "message that names a topic as the bot would (default: only the conversation's topic)")
    ap.add_argument("--chat", type=Path, default=ROOT / "data" / "chat")
    ap.add_argument("--health", type=Path, default=ROOT / "data" / "aspects")
    ap.add_argument("--followups", type=Path, default=ROOT / "data" / "followups",
                    help="health questions that do not name their topic (rows {text, lang, aspect, after})")
    ap.add_argument("--conversations", type=Path, default=ROOT / "data" / "conversations")
    ap.add_argument("--heldout", type=Path, default=ROOT / "tests" / "data" / "chat_heldout",
                    help="held-out writers of chat messages (scored once, for the report)")
    ap.add_argument("--heldout-health", type=Path, default=ROOT / "tests" / "data" / "aspects_heldout",
                    help="held-out writers of health questions (scored once, for the report)")
    ap.add_argument("--out", type=Path, default=healthtalk.DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.0, help="inverse regularisation (default: chosen from a grid)")
    args = ap.parse_args(argv)
    names = names_of(args.reference)
    pool = load(args.chat, "chat", names) + load(args.health, "health", names) + load(
        args.followups, "followups", names) + load(args.conversations, "conversations", names)
    held = load(args.heldout, "chat", names) + load(args.heldout_health, "health", names)
    if not any(not m.health for m in pool) or not any(m.health for m in pool):
        raise SystemExit("both chat messages and health questions are needed to fit the model")
    if {m.writer for m in held} & {m.writer for m in pool}:
        raise SystemExit("a writer is in both the training and the held-out folders: keep them apart")
    print(f"{len(pool)} messages by {len({m.writer for m in pool})} writers to fit and tune "
          f"({sum(not m.health for m in pool)} chat); {len(held)} by {sorted({m.writer for m in held})} held out; "
          f"names: {args.reference or 'the conversation topic only'}")
    # C by the tuning messages' balanced accuracy; within `C_TIE` of the best, by every writer's at those thresholds
    tried: list[tuple[float, float, float, float, float, np.ndarray]] = []
    for c in (args.c,) if args.c else GRID_C:
        p = out_of_fold(pool, c)
        score, at, at_id = choose(pool, p)
        every = float(tally(pool, p, at, at_id).get("balanced_now", 0.0))
        print(f"C {c}: leave-one-writer-out balanced accuracy {score:.4f} at thresholds {at} (en), {at_id} (id); "
              f"every writer {every:.4f}; within the chat folders' budget: "
              + ", ".join(f"{lang} from {min(within_budget(pool, p, lang))}" for lang in ("en", "id")))
        tried.append((score, every, c, at, at_id, p))
    top = max(t[0] for t in tried)
    _, _, c, at, at_id, best_p = max((t for t in tried if t[0] >= top - C_TIE), key=lambda t: (t[1], t[0]))
    oof = tally(pool, best_p, at, at_id)
    _print(f"leave-one-writer-out, every writer (C {c}, thresholds {at} en, {at_id} id; each writer scored by a model "
           "fitted without it)", oof)
    oof["tuning"] = tally(*tuning(pool, best_p), at, at_id)
    _print(f"... of which the messages the thresholds were chosen on ({', '.join(sorted(TUNE_ON))})", oof["tuning"])
    model = fit(pool, c, at, at_id)
    finish(model, pool, held, c, oof, lambda: tally(held, [model.probability(m.text) for m in held], at, at_id),
           _print, args.out, names=str(args.reference or TOPIC))
    return 0


if __name__ == "__main__":
    sys.exit(main())
