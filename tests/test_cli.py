import subprocess

import pytest

from bot.safety.messages import EN
from tests.fakes.proc import PY, ROOT, run_bot, run_env

pytestmark = pytest.mark.timeout(120)


def test_console_through_a_pipe(tiny_model):
    p = run_bot(["--console", "--model_dir", str(tiny_model)], "hi\nWhat causes migraines?\nexit\n",
                MEDBOT_MAX_NEW_TOKENS="20")
    assert p.returncode == 0, p.stderr
    responses = [line for line in p.stdout.splitlines() if line.startswith("Response:")]
    assert len(responses) == 2
    assert responses[0] == f"Response: {EN.too_short}"
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
            "import bot.generation.engine, bot.generation.worker, bot.core, bot.app, bot.operations.ops; print('ok')")
    p = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, env=run_env())
    assert p.stdout.strip() == "ok", p.stderr


def test_grounded_mode_with_a_missing_reference_file_is_one_clear_line(tiny_model, tmp_path):
    p = run_bot(["--ask", "What is asthma?", "--model_dir", str(tiny_model)], MEDBOT_ANSWER_MODE="grounded",
                MEDBOT_REFERENCE=str(tmp_path / "nope.csv"))
    assert p.returncode == 2 and "nope.csv" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr


def test_grounded_ask_answers_with_a_source(tiny_model, medquad_sample):
    p = run_bot(["--ask", "what is tetanus", "--model_dir", str(tiny_model)],
                MEDBOT_ANSWER_MODE="grounded", MEDBOT_REFERENCE=str(medquad_sample))
    assert p.returncode == 0, p.stderr
    assert "Source: http" in p.stdout and "tetanus" in p.stdout.lower(), p.stdout


def test_console_answers_ten_questions_in_a_row_unlimited_and_echoed(tiny_model):
    questions = [f"What helps with symptom number {i}?" for i in range(10)]
    p = run_bot(["--console", "--model_dir", str(tiny_model)], "\n".join(questions) + "\nexit\n",
                MEDBOT_MAX_NEW_TOKENS="8", MEDBOT_RATE_BURST="3", MEDBOT_RATE_PER_MINUTE="6")
    assert p.returncode == 0, p.stderr
    responses = [line for line in p.stdout.splitlines() if line.startswith("Response:")]
    assert len(responses) == 10 and not [r for r in responses if "sending questions quickly" in r]
    for q in questions:
        assert f"Your question: {q}" in p.stdout  # the piped question is echoed after the prompt
    assert "Generate mode: model" in p.stdout  # the banner says what answers


def test_daemon_says_whether_the_token_was_rejected_or_the_api_unreachable(tiny_model):
    import asyncio
    import socket

    from tests.fakes.telegram_server import FakeTelegram

    async def with_fake() -> tuple[str, subprocess.CompletedProcess[str]]:
        fake = FakeTelegram()
        url = await fake.start()
        try:
            p = await asyncio.to_thread(run_bot, ["--model_dir", str(tiny_model)], TELEGRAM_BOT_TOKEN="123456:garbage-x",
                                        TELEGRAM_BASE_URL=url)
        finally:
            await fake.stop()
        return url, p

    url, p = asyncio.run(with_fake())
    assert p.returncode == 1 and "telegram: token rejected" in p.stderr and "garbage-x" not in p.stderr, p.stderr
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = run_bot(["--model_dir", str(tiny_model)], TELEGRAM_BOT_TOKEN="123456:whatever-token",
                TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot")
    assert p.returncode == 1 and "telegram: unreachable" in p.stderr and "Traceback" not in p.stderr, p.stderr


def test_the_bot_never_imports_the_trainer(tmp_path):
    """bot/ is the lower layer the trainer may use, never the reverse: with `trainer` unimportable the
    daemon's modules load and grounded mode builds its retriever."""
    ref = tmp_path / "ref.csv"
    ref.write_text("question,answer,url,focus\nWhat is asthma?,An airway disease.,https://x.gov/a,Asthma\n")
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'trainer' or name.startswith('trainer.'):\n"
        "            raise ImportError('bot imported ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import bot.__main__, bot.app, bot.operations.check, bot.core, bot.answering.grounding, bot.answering.rerank, bot.generation.engine, bot.generation.worker\n"
        "from bot.app import build_retriever\nfrom bot.operations.config import Settings\nfrom bot.answering.grounding import TfidfRetriever\n"
        f"s = Settings.from_env({{'MEDBOT_ANSWER_MODE': 'grounded', 'MEDBOT_REFERENCE': {str(ref)!r}}})\n"
        "assert build_retriever(s).choose('what is asthma') is not None\n"
        f"assert TfidfRetriever.from_file({str(ref)!r}).best('what is asthma') is not None\n"
        "print('ok')\n")
    p = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, env=run_env(), timeout=100)
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr[-2000:]


def test_the_lower_layer_imports_neither_the_bot_nor_the_trainer():
    """medbot/ (prompt format, text helpers, tables) sits under both: it must import neither."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('bot', 'trainer'):\n"
        "            raise ImportError('medbot imported ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import medbot.prompt, medbot.text, medbot.tables\n"
        "assert medbot.prompt.format_prompt('What is gout?') == 'Q: What is gout?\\nA:'\n"
        "print('ok')\n")
    p = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, env=run_env(), timeout=60)
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr[-2000:]
