import subprocess

import pytest

from bot.core import TOO_SHORT
from tests.conftest import PY, ROOT, run_env

pytestmark = pytest.mark.timeout(120)


def run_bot(args, input_text=None, **env):
    return subprocess.run([PY, "-m", "bot", *args], input=input_text, capture_output=True, text=True,
                          cwd=ROOT, env=run_env(**env), timeout=100)


def test_console_through_a_pipe(tiny_model):
    p = run_bot(["--console", "--model_dir", str(tiny_model)], "hi\nWhat causes migraines?\nexit\n",
                MEDBOT_MAX_NEW_TOKENS="20")
    assert p.returncode == 0, p.stderr
    responses = [line for line in p.stdout.splitlines() if line.startswith("Response:")]
    assert len(responses) == 2
    assert responses[0] == f"Response: {TOO_SHORT}"
    assert responses[1] != responses[0] and len(responses[1]) > len("Response: ")


def test_console_ends_at_end_of_input(tiny_model):
    p = run_bot(["--console", "--model_dir", str(tiny_model)], "What is asthma?\n", MEDBOT_MAX_NEW_TOKENS="8")
    assert p.returncode == 0 and p.stdout.count("Response:") == 1


def test_ask_prints_one_answer(tiny_model):
    p = run_bot(["--ask", "What is asthma?", "--model_dir", str(tiny_model)], MEDBOT_MAX_NEW_TOKENS="10")
    assert p.returncode == 0, p.stderr
    assert "not a doctor" in p.stdout and p.stdout.strip()


def test_missing_model_folder_is_one_clear_line(tmp_path):
    p = run_bot(["--ask", "What is asthma?", "--model_dir", str(tmp_path / "none")])
    assert p.returncode == 2
    lines = [x for x in p.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "does not exist" in lines[0] and "python -m trainer" in lines[0]
    assert "Traceback" not in p.stderr


def test_no_token_says_what_to_set(tiny_model):
    p = run_bot(["--model_dir", str(tiny_model)])
    assert p.returncode == 2 and "TELEGRAM_BOT_TOKEN" in p.stderr and "--console" in p.stderr


def test_bad_setting_is_named(tiny_model):
    p = run_bot(["--ask", "x", "--model_dir", str(tiny_model)], MEDBOT_TOP_P="lots")
    assert p.returncode == 2 and "MEDBOT_TOP_P" in p.stderr


def test_engine_worker_core_import_without_chat_libraries():
    code = ("import sys; sys.modules['telegram'] = None; sys.modules['discord'] = None\n"
            "import bot.engine, bot.worker, bot.core, bot.app, bot.ops; print('ok')")
    p = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, env=run_env())
    assert p.stdout.strip() == "ok", p.stderr


def test_grounded_mode_with_a_missing_reference_file_is_one_clear_line(tiny_model, tmp_path):
    p = run_bot(["--ask", "What is asthma?", "--model_dir", str(tiny_model)], MEDBOT_ANSWER_MODE="grounded",
                MEDBOT_REFERENCE_FILE=str(tmp_path / "nope.csv"))
    assert p.returncode == 2 and "nope.csv" in p.stderr and "Traceback" not in p.stderr


def test_grounded_ask_answers_with_a_source(tiny_model):
    from tests.conftest import SAMPLE

    p = run_bot(["--ask", "what is tetanus", "--model_dir", str(tiny_model)],
                MEDBOT_ANSWER_MODE="grounded", MEDBOT_REFERENCE_FILE=str(SAMPLE))
    assert p.returncode == 0, p.stderr
    assert "Source: http" in p.stdout and "tetanus" in p.stdout.lower(), p.stdout
