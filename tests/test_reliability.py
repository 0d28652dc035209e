"""Faults and hostile input: nothing is lost, nothing crashes or wedges the worker."""

from __future__ import annotations

import asyncio
import re
import subprocess

import pytest

from bot.core import Core
from bot.generation.engine import Engine, GenerationConfig, ModelLoadError
from bot.generation.worker import Worker
from bot.operations.config import Settings
from bot.operations.ops import Reloader
from medbot import prompt
from medbot.text import DISCORD_LIMIT, TELEGRAM_LIMIT, split_message
from tests.corpus import CORPUS, REFUSED
from tests.fakes.engine import FakeEngine
from tests.fakes.proc import PY, ROOT, run_env


async def test_bad_input_corpus_through_the_real_model(tiny_engine):
    s = Settings.from_env({"MEDBOT_RATE_BURST": "100"})
    worker = Worker(tiny_engine, batch_max=8, batch_wait_ms=20).start()
    core = Core(s, worker)
    try:
        replies = await asyncio.gather(*(core.answer(f"u{i}", text) for i, (_, text) in enumerate(CORPUS)))
        for (name, _), r in zip(CORPUS, replies, strict=True):
            assert r.text.strip(), name
            assert r.kind in REFUSED | {"answer"}, (name, r.kind)
            for limit in (TELEGRAM_LIMIT, DISCORD_LIMIT):
                assert all(0 < len(c) <= limit for c in split_message(r.text, limit)), name
            r.text.encode("utf-8")  # never a lone surrogate in a reply
        assert worker.is_alive()
        after = await core.answer("u-after", "What is asthma?")
        assert after.kind == "answer"
    finally:
        await worker.drain_and_stop(2)


@pytest.mark.parametrize("name,text", CORPUS)
def test_prompt_cannot_be_forged(tiny_engine, name, text):
    ids = prompt.prompt_ids(tiny_engine.tokenizer, text, 64)
    decoded = tiny_engine.tokenizer.decode(ids)
    assert decoded.endswith(prompt.ANSWER_MARKER) and decoded.count("\nA:") == 1 and len(ids) <= 64


async def test_flood_from_one_user_does_not_reach_the_worker():
    eng = FakeEngine()
    worker = Worker(eng, batch_max=8, batch_wait_ms=5).start()
    core = Core(Settings.from_env({"MEDBOT_RATE_BURST": "3", "MEDBOT_RATE_PER_MINUTE": "6"}), worker)
    try:
        replies = await asyncio.gather(*(core.answer("flooder", f"question {i}?") for i in range(200)))
        kinds = [r.kind for r in replies]
        assert kinds.count("answer") == 3 and kinds.count("rate_limited") == 197
        assert sum(map(len, eng.calls)) == 3
        assert (await core.answer("someone-else", "What is gout?")).kind == "answer"
    finally:
        await worker.drain_and_stop(1)


async def test_reloader_refuses_missing_truncated_and_corrupt_models(tmp_path, tiny_model, broken_models):
    worker = Worker(FakeEngine("old")).start()
    folders = {"missing": tmp_path / "missing", "empty": tmp_path / "empty", "corrupt": tmp_path / "corrupt",
               **broken_models}
    folders["empty"].mkdir()
    folders["corrupt"].mkdir()
    for f in tiny_model.iterdir():
        data = f.read_bytes()
        (folders["corrupt"] / f.name).write_bytes(data[: len(data) // 3] if f.suffix == ".safetensors" else data)
    try:
        for name, folder in folders.items():
            r = Reloader(worker, lambda folder=folder: Engine.load(folder, GenerationConfig(max_new_tokens=4),
                                                                    device="cpu"))
            assert await r.reload() is False, name
            assert worker.engine.version == "old" and r.last_error
            if name in broken_models:  # loads fine, but does not answer
                assert r.last_error.startswith("SelfTestError"), r.last_error
        assert (await worker.submit("still answered?")).text == "old:still answered?"
        good = Reloader(worker, lambda: Engine.load(tiny_model, GenerationConfig(max_new_tokens=4), device="cpu"))
        assert await good.reload() is True and worker.engine.version == tiny_model.name
    finally:
        await worker.drain_and_stop(1)
    with pytest.raises(ModelLoadError):
        Engine.load(folders["corrupt"], device="cpu")


_KILL = "os.kill(os.getpid(), signal.SIGKILL)"
KILL_AT = {  # stage -> code that arranges a SIGKILL inside that stage's real work
    "data": f"import trainer.data as m\nreal = m.to_pairs\nm.to_pairs = lambda *a, **k: {_KILL}",
    "training": ("import transformers\nreal = transformers.Trainer.training_step\n"
                 "def step(self, *a, **k):\n    if self.state.global_step >= 2:\n        " + _KILL
                 + "\n    return real(self, *a, **k)\ntransformers.Trainer.training_step = step"),
    # inside Trainer.save_model: the weights file is half written when the process dies
    "saving": ("import transformers.modeling_utils as m\n"
               "def save(tensors, filename, *a, **k):\n    open(filename, 'wb').write(b'partial')\n    " + _KILL
               + "\nm.safe_save_file = save"),
    # inside switch_current: the new link exists, the rename over `current` never happens
    "switching": ("real = os.replace\n"
                  "def replace(src, dst, *a, **k):\n    if str(dst).endswith('current'):\n        " + _KILL
                  + "\n    return real(src, dst, *a, **k)\nos.replace = replace"),
}


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("stage", list(KILL_AT))
def test_trainer_killed_at_each_stage_leaves_current(stage, tiny_model, qa_csv, tmp_path):
    """SIGKILL the trainer inside each stage: `current` still points at the old, loadable model."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "20260101T000000Z").symlink_to(tiny_model)
    (models / "current").symlink_to("20260101T000000Z")
    code = f"import os, signal, sys\n{KILL_AT[stage]}\nfrom trainer.__main__ import main\nsys.exit(main(sys.argv[1:]))\n"
    args = ["--preset", "tiny", "--tiny_layers", "1", "--tiny_embd", "64", "--tiny_vocab", "800",
            "--num_train_epochs", "2", "--eval_generations", "2", "--disable_tqdm", "true",
            "--data", str(qa_csv), "--models_dir", str(models)]
    p = subprocess.run([PY, "-c", code, *args], cwd=ROOT, env=run_env(), capture_output=True, text=True, timeout=250)
    assert p.returncode == -9, p.stderr[-2000:]
    reached = {"data": "Loading", "training": "Validation loss before", "saving": "restored the best",
               "switching": "self-test answer"}[stage]
    assert reached in p.stdout + p.stderr, (p.stdout + p.stderr)[-2000:]  # died inside that stage, not before
    assert (models / "current").resolve() == tiny_model.resolve()
    assert Engine.load(models / "current", GenerationConfig(max_new_tokens=4), device="cpu").self_test()


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_disk_full_while_saving_leaves_current(tiny_model, qa_csv, tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "20260101T000000Z").symlink_to(tiny_model)
    (models / "current").symlink_to("20260101T000000Z")
    code = (
        "import errno, sys, transformers\n"
        "def full(*a, **k):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device', 'model.safetensors')\n"
        "transformers.Trainer.save_model = full\n"
        "from trainer.__main__ import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = ["--preset", "tiny", "--tiny_layers", "1", "--tiny_embd", "32", "--tiny_vocab", "400",
            "--num_train_epochs", "1", "--eval_generations", "2", "--disable_tqdm", "true",
            "--data", str(qa_csv), "--models_dir", str(models)]
    p = subprocess.run([PY, "-c", code, *args], cwd=ROOT, env=run_env(), capture_output=True, text=True, timeout=180)
    assert p.returncode == 1 and "No space left on device" in p.stderr and "unchanged" in p.stderr
    assert "Traceback" not in p.stderr
    assert (models / "current").resolve() == tiny_model.resolve()


def test_reliability_table_names_existing_tests():
    doc = (ROOT / "docs" / "reliability.md").read_text()
    refs = re.findall(r"`(tests/[\w/]+\.py)::(\w+)", doc)
    assert len(refs) >= 20
    for path, name in refs:
        src = (ROOT / path).read_text()
        assert re.search(rf"def {name}\b", src), f"{path}::{name} named in docs/reliability.md does not exist"
    rows = [ln for ln in doc.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    assert all("tests/" in r for r in rows), [r for r in rows if "tests/" not in r]
