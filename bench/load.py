"""Load and fault test of the real bot process through a local Telegram Bot API server.

python bench/load.py --users 200 --questions 5 [--hup_every 3] [--fail_every 10] [--kill 5]
                     [--inbox on|off|both] [--json out.json]

Reports questions sent, answered exactly once, duplicates, lost, p50/p95/p99 latency, replies/s,
peak RSS, and RSS after the first 100 and after all questions. `--kill N` SIGKILLs the bot N seconds
after each start and starts it again with the same state directory (its durable inbox);
`--inbox both` runs with and without the inbox, for the cost of the inbox in replies/s."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, make_model, table, write_json

sys.path.insert(0, str(ROOT))
from bot.intake.inbox import INBOX_FILE  # noqa: E402
from tests.fakes.proc import clean_env  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram  # noqa: E402


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def reply_kinds(texts: list[str]) -> dict[str, int]:
    """What each reply was: a model answer (it carries the disclaimer), or one of the fixed replies."""
    from bot.safety.messages import EN

    out = dict.fromkeys(("answer", "apology", "busy", "restarting", "other"), 0)
    for t in texts:
        kind = ("answer" if EN.disclaimer in t else "apology" if t == EN.error else "busy" if t == EN.busy
                else "restarting" if t == EN.restarting else "other")
        out[kind] += 1
    return out


def unanswered_rows(state: Path) -> int | None:
    """Questions the bot's inbox still holds unanswered (read-only), or None without one."""
    path = state / INBOX_FILE
    if not path.exists():
        return None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        (n,) = db.execute("SELECT count(*) FROM inbox WHERE answered_at IS NULL").fetchone()
    return int(n)


async def settle(fake: FakeTelegram, ids: list[int], log_file: Any, state: Path, inbox: bool,
                 replied_at_kill: set[int], timeout_s: float = 60) -> bool:
    """Wait until no reply can still be on its way, so that every duplicate is counted. With the inbox: it
    holds no unanswered question (a send is marked only once done; a replay is of an unanswered one).
    Without: every reply the running process sent is logged as delivered (each chunk and retry done);
    a killed process's sends are never repeated without the inbox. False if that did not happen in time."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        log_file.seek(0)
        delivered = set(re.findall(r"telegram: delivered msg=(\d+)", log_file.read().decode(errors="replace")))
        replied = {i for i in ids if fake.replies_to(i)}
        if inbox and unanswered_rows(state) == 0 and len(replied) == len(ids):
            return True
        if not inbox and all(str(i) in delivered for i in replied - replied_at_kill):
            return True
        await asyncio.sleep(0.1)
    return False


async def run(users: int, questions: int, model_dir: Path, hup_every: float = 0, fail_every: int = 0,
              timeout_s: float = 600, max_new_tokens: int = 16, kill_every: float = 0,
              inbox: bool = True) -> dict[str, Any]:
    fake = FakeTelegram()
    url = await fake.start()
    state = tempfile.TemporaryDirectory()  # shared by every restart: the inbox survives the kills
    env = clean_env(MEDBOT_STATE_DIR=state.name, MEDBOT_INBOX=str(inbox).lower(),
                    TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url, MEDBOT_MODEL_DIR=str(model_dir),
                    MEDBOT_MAX_NEW_TOKENS=str(max_new_tokens), MEDBOT_DEVICE="cpu",
                    MEDBOT_RATE_BURST=str(questions + 1), MEDBOT_RATE_PER_MINUTE="600", MEDBOT_QUEUE_MAX="4096",
                    MEDBOT_BATCH_MAX="32", MEDBOT_BATCH_WAIT_MS="20", MEDBOT_LOG_LEVEL="INFO",
                    CHAOS_FAIL_EVERY=str(fail_every))
    log_file = tempfile.TemporaryFile()  # noqa: SIM115 (the bot's log; a pipe nobody reads would block it)

    async def start() -> tuple[subprocess.Popen[bytes], float]:
        polls = fake.calls.get("getUpdates", 0)
        p = subprocess.Popen([sys.executable, str(ROOT / "bench" / "chaos_bot.py")],  # noqa: ASYNC220
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
        if not await fake.wait_for(lambda: fake.calls.get("getUpdates", 0) > polls or p.poll() is not None, 120):
            raise RuntimeError("bot did not start")
        return p, time.monotonic()

    ids: list[int] = []
    replied_at_kill: set[int] = set()  # replies sent by a process that was then killed (maybe unlogged)
    peak = rss_first100 = 0.0
    hups = kills = 0
    proc, up_since = await start()
    try:
        t0 = time.monotonic()
        last_hup = -1e9  # the first SIGHUP goes with the first reply, however fast the run is
        for q in range(questions):
            for u in range(users):
                ids.append(fake.push_text(f"Question {q} from user {u}: what helps a sore throat?", user_id=1000 + u))
            await asyncio.sleep(0.1)
        deadline = t0 + timeout_s
        while time.monotonic() < deadline:
            answered = sum(1 for i in ids if fake.replies_to(i))
            peak = max(peak, rss_mb(proc.pid))
            if not rss_first100 and answered >= 100:
                rss_first100 = rss_mb(proc.pid)
            if answered == len(ids):
                break
            if kill_every and time.monotonic() - up_since >= kill_every:
                proc.kill()
                proc.wait()
                replied_at_kill |= {i for i in ids if fake.replies_to(i)}
                kills += 1
                proc, up_since = await start()
            if hup_every and answered and time.monotonic() - last_hup >= hup_every:
                proc.send_signal(signal.SIGHUP)
                hups += 1
                last_hup = time.monotonic()
            await asyncio.sleep(0.1)
        wall = time.monotonic() - t0
        # count duplicates only once no reply can still be on its way (not after a fixed sleep)
        settled = await settle(fake, ids, log_file, Path(state.name), inbox, replied_at_kill)
        rss_end = rss_mb(proc.pid)
        counts = [len(fake.replies_to(i)) for i in ids]
        kinds = reply_kinds([r["text"] for i in ids for r in fake.replies_to(i)])
        log_file.seek(0)
        log = log_file.read().decode(errors="replace")
        lat = fake.latencies(ids)
        pick = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else None  # noqa: E731
        return {
            "users": users, "questions_each": questions, "sent": len(ids),
            "answered_once": counts.count(1), "duplicates": sum(1 for c in counts if c > 1),
            "lost": counts.count(0), "p50_s": pick(0.5), "p95_s": pick(0.95), "p99_s": pick(0.99),
            "replies_per_s": round(sum(1 for c in counts if c) / wall, 2), "wall_s": round(wall, 1),
            "peak_rss_mb": round(peak, 1), "rss_after_100_mb": round(rss_first100, 1),
            "rss_after_all_mb": round(rss_end, 1), "sighups": hups, "fail_every": fail_every,
            "apologies": kinds["apology"], "answers": kinds["answer"], "busy": kinds["busy"],
            "restarting": kinds["restarting"], "other_replies": kinds["other"],
            "reloads": log.count("reloaded: "), "reloads_refused": log.count("reload refused"),
            "alive_at_end": proc.poll() is None, "inbox": inbox, "kills": kills, "settled": settled,
            "replayed_sum": sum(int(n) for n in re.findall(r"inbox: answering (\d+) question", log)),
        }
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        await fake.stop()
        state.cleanup()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--questions", type=int, default=5)
    ap.add_argument("--model_dir", type=Path, help="default: a tiny random model")
    ap.add_argument("--hup_every", type=float, default=0, help="send SIGHUP every N seconds (0 = off)")
    ap.add_argument("--fail_every", type=int, default=0, help="make every K-th batch raise (0 = off)")
    ap.add_argument("--both", action="store_true", help="run without, then with the SIGHUP injection")
    ap.add_argument("--kill", type=float, default=0, help="SIGKILL the bot N s after each start, restart it (0 = off)")
    ap.add_argument("--inbox", choices=("on", "off", "both"), default="on", help="the durable inbox (MEDBOT_INBOX)")
    ap.add_argument("--json")
    a = ap.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = a.model_dir or make_model(Path(tmp) / "m", ["Q: what is a cold?\nA: a virus."] * 200, False)
        runs = []
        plans = [(0.0, a.fail_every), (a.hup_every or 3.0, a.fail_every)] if a.both else [(a.hup_every, a.fail_every)]
        inboxes = {"on": [True], "off": [False], "both": [False, True]}[a.inbox]
        for hup, fail in plans:
            for inbox in inboxes:
                runs.append(asyncio.run(run(a.users, a.questions, model_dir, hup, fail, kill_every=a.kill,
                                            inbox=inbox)))
    cols = ["inbox", "kills", "sent", "answered_once", "duplicates", "lost", "settled", "replayed_sum", "p50_s",
            "p95_s", "p99_s", "replies_per_s", "peak_rss_mb", "rss_after_all_mb", "sighups", "apologies", "restarting"]
    print(table(runs, cols))
    if len(inboxes) == 2:
        for off, on in zip(runs[::2], runs[1::2], strict=True):
            print(f"replies/s with the inbox / without: {on['replies_per_s'] / off['replies_per_s']:.3f}")
    write_json(a.json, {"runs": runs})


if __name__ == "__main__":
    main()
