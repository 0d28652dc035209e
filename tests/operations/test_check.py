"""`python -m bot --check`: what the daemon would start, with every problem named."""

import re

import pandas as pd

from bot.operations.check import run_check
from bot.operations.config import Settings


def check(capsys, **env):
    env = {"MEDBOT_DEVICE": "cpu", "MEDBOT_DRUG_LABELS": "off", **env}  # no request to api.fda.gov
    rc = run_check(Settings.from_env(env), env)
    return rc, capsys.readouterr().out


def test_healthy_model_without_transports(capsys, tiny_model):
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_MODLE_DIR="typo")
    assert rc == 0 and "check: OK" in out and "sample answer:" in out
    assert "warning: no chat transport would start" in out
    assert "warning: unknown setting MEDBOT_MODLE_DIR (typo?)" in out


def test_broken_model_is_a_problem(capsys, tmp_path):
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tmp_path / "nope"))
    assert rc == 1 and "problem: model:" in out and "does not exist" in out


def test_grounded_mode_indexes_the_reference(capsys, tiny_model, medquad_sample):
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_ANSWER_MODE="grounded",
                    MEDBOT_REFERENCE=str(medquad_sample))
    assert rc == 0 and re.search(r"reference: .*: 1,500 reference questions, 1,500 with answers \(1,\d\d\d after "
                                 r"repeats\), \d+ topics", out), out
    assert "re-ranker: shipped" in out


def test_grounded_mode_names_what_a_reference_lacks(capsys, tiny_model, tmp_path):
    plain = tmp_path / "plain.csv"
    pd.DataFrame({"question": ["What are the symptoms of flu?"], "answer": ["Fever and cough."]}).to_csv(plain)
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_ANSWER_MODE="grounded",
                    MEDBOT_REFERENCE=str(plain))
    assert rc == 0 and "no focus/group column" in out and "no url column" in out
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"foo": [1], "bar": [2]}).to_csv(bad, index=False)
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_ANSWER_MODE="grounded",
                    MEDBOT_REFERENCE=str(bad))
    assert rc == 1 and "needs `question` and `answer` columns" in out and "columns found: foo, bar" in out
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_ANSWER_MODE="grounded",
                    MEDBOT_REFERENCE=str(tmp_path / "missing.csv"))
    assert rc == 1 and "file not found" in out
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_ANSWER_MODE="grounded")  # the Hub, offline
    assert rc == 1 and ("problem: MEDBOT_REFERENCE=lavita/MedQuAD: cannot fetch the dataset 'lavita/MedQuAD' from "
                        "the Hugging Face Hub") in out and "set MEDBOT_REFERENCE to a local copy" in out


async def test_check_tells_a_rejected_token_from_an_unreachable_api(tiny_model, capsys):
    import asyncio

    from tests.fakes.telegram_server import FakeTelegram

    fake = FakeTelegram()
    url = await fake.start()
    try:
        rc, out = await asyncio.to_thread(check, capsys, MEDBOT_MODEL_DIR=str(tiny_model),
                                          TELEGRAM_BOT_TOKEN="123456:garbage-garbage", TELEGRAM_BASE_URL=url)
        assert rc == 1 and "telegram: token rejected" in out and "garbage" not in out
        rc, out = await asyncio.to_thread(check, capsys, MEDBOT_MODEL_DIR=str(tiny_model),
                                          TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url)
        assert rc == 0 and "telegram: token accepted" in out
    finally:
        await fake.stop()
    rc, out = await asyncio.to_thread(check, capsys, MEDBOT_MODEL_DIR=str(tiny_model),
                                      TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url)
    assert rc == 1 and "telegram: unreachable" in out


def test_check_reports_the_inbox_without_creating_or_changing_it(capsys, tiny_model, tmp_path):
    from bot.intake.inbox import INBOX_FILE, Inbox, Ticket

    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_STATE_DIR=str(tmp_path))
    assert rc == 0 and f"inbox: {tmp_path / INBOX_FILE} (created at the first start)" in out
    assert not (tmp_path / INBOX_FILE).exists()
    inbox = Inbox(tmp_path / INBOX_FILE)
    inbox.accept([Ticket("tg:1:1", "telegram", "What is gout?", "h"), Ticket("tg:1:2", "telegram", "What is flu?", "h")])
    inbox.answered("tg:1:1")
    inbox.close()
    before = _snapshot(tmp_path)
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_STATE_DIR=str(tmp_path))
    assert rc == 0 and re.search(r"inbox: .*inbox\.sqlite3, \d+ KiB, 1 unanswered, 1 answered in the last day", out)
    after = _snapshot(tmp_path)
    # the same files, bytes, modes and times: --check only read the database and left no -wal/-shm behind
    assert after == before
    rc, out = check(capsys, MEDBOT_MODEL_DIR=str(tiny_model), MEDBOT_INBOX="false")
    assert "inbox: off (MEDBOT_INBOX=false)" in out


def _snapshot(folder) -> dict[str, tuple[bytes, int, int]]:
    """Every inbox file in `folder` (database, write-ahead log, shared memory): bytes, mode, mtime."""
    return {p.name: (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns) for p in folder.glob("inbox*")}
