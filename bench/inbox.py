"""The durable inbox's cost per question on this machine: accept (the write before queueing) and
answered (the mark after sending, which erases the text and checkpoints the write-ahead log so no
copy of it stays on disk), with SQLite's synchronous=FULL (what bot/intake/inbox.py uses: survives a power
cut) and NORMAL (survives a killed process only); and FULL without the checkpoint (before issue 32,
when answered text stayed in the log's bytes), for the ratio in the same run.

python bench/inbox.py [--questions 3000] [--json results/inbox_cpu.json]"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, table, write_json

sys.path.insert(0, str(ROOT))
from bot.intake.inbox import Inbox, Ticket  # noqa: E402

TEXT = "I have had a dry cough for three weeks, worse at night, and I smoke. Should I get an x-ray?"


def measure(folder: Path, sync: str, n: int, checkpoint: bool = True) -> dict[str, object]:
    inbox = Inbox(folder / f"inbox-{sync}-{checkpoint}.sqlite3")
    assert inbox._db is not None
    if not checkpoint:
        inbox._checkpoint = lambda db: None  # type: ignore[method-assign]
    inbox._db.execute(f"PRAGMA synchronous={sync}")
    accept, mark = [], []
    for i in range(n):
        t = Ticket(f"tg:{i % 200}:{i}", "telegram", TEXT, "0123456789ab", {"chat": i % 200, "message": i})
        t0 = time.perf_counter()
        inbox.accept_one(t)
        t1 = time.perf_counter()
        inbox.answered(t.key)
        mark.append(time.perf_counter() - t1)
        accept.append(t1 - t0)
    size = inbox.stats()["bytes"]
    inbox.close()

    def q(v: list[float], p: float) -> float:
        return round(sorted(v)[int(p * (len(v) - 1))] * 1000, 3)

    return {"synchronous": sync, "checkpoint": checkpoint, "questions": n, "accept_p50_ms": q(accept, 0.5),
            "accept_p99_ms": q(accept, 0.99),
            "mark_p50_ms": q(mark, 0.5), "mark_p99_ms": q(mark, 0.99),
            "per_question_mean_ms": round((statistics.mean(accept) + statistics.mean(mark)) * 1000, 3),
            "file_kib": round(size / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=3000)
    ap.add_argument("--json")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # FULL with and without the checkpoint twice, interleaved: the disk is shared, its fsyncs vary
        order = (("FULL", False), ("FULL", True), ("FULL", False), ("FULL", True), ("NORMAL", True))
        rows = [{"round": i // 2 + 1, **measure(Path(tmp) / str(i), sync, a.questions, ck)}
                for i, (sync, ck) in enumerate(order)]
    print(table(rows, list(rows[0])))
    write_json(a.json, {"runs": rows})


if __name__ == "__main__":
    main()
