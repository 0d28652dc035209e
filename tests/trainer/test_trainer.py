"""End-to-end trainer runs (real `python -m trainer` processes on a tiny model)."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.generation.engine import Engine
from tests.fakes.proc import PY, ROOT, run_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

FAST = ["--preset", "tiny", "--tiny_layers", "1", "--tiny_embd", "64", "--tiny_vocab", "800",
        "--num_train_epochs", "2", "--eval_generations", "4"]


def trainer(args, **kw):
    return subprocess.run([PY, "-m", "trainer", *args], capture_output=True, text=True, cwd=ROOT,
                          env=run_env(), timeout=280, **kw)


@pytest.fixture(scope="module")
def published(tmp_path_factory, qa_csv):
    models = tmp_path_factory.mktemp("models")
    p = trainer([*FAST, "--data", str(qa_csv), "--models_dir", str(models)])
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return models, p


def test_tiny_run_learns_and_publishes(published):
    models, p = published
    cur = models / "current"
    assert cur.is_symlink()
    m = json.loads((cur / "metrics.json").read_text())
    assert m["eval_loss_after"] < m["eval_loss_before"]
    for key in ("train_examples", "val_examples", "perplexity_after", "bleu", "train_runtime_s",
                "train_tokens_per_s", "samples"):
        assert key in m
    assert len(m["samples"]) == 3
    for f in ("train_config.json", "data_report.json", "medical_qa_processed.csv", "config.json", "eval.md"):
        assert (cur / f).is_file(), f
    cfg = json.loads((cur / "train_config.json").read_text())
    assert cfg["preset"] == "tiny" and cfg["prompt_template"].startswith("Q: {question}\nA:")
    assert json.loads((cur / "config.json").read_text())["activation_function"] == "gelu_pytorch_tanh"
    assert "torch" in cfg["versions"]
    assert "training summary" in p.stdout and "rows read" in p.stdout
    # output that is not a terminal: no progress-bar redraws, no metric dicts, no library warnings
    out = p.stdout + p.stderr
    assert "\r" not in out and "{'eval_loss'" not in out and "loss_type" not in out and "epoch 2/2" in out
    assert not list(models.glob("*.partial")) and not (cur / "checkpoints").exists()


def test_published_model_serves(published):
    models, _ = published
    assert Engine.load(models / "current", device="cpu").self_test()


def test_failed_run_leaves_current_unchanged(published, tmp_path, qa_csv):
    models, _ = published
    before = os.readlink(models / "current")
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n")
    p = trainer([*FAST, "--data", str(bad), "--models_dir", str(models)])
    assert p.returncode == 1 and "columns found: foo, bar" in p.stderr and "Traceback" not in p.stderr
    p = trainer([*FAST, "--data", str(tmp_path / "missing.csv"), "--models_dir", str(models)])
    assert p.returncode == 1 and "not found" in p.stderr
    # a failure after the work folder exists (here: packed rows shorter than an example) removes it
    p = trainer([*FAST, "--data", str(qa_csv), "--models_dir", str(models), "--packing", "true", "--pack_length", "16"])
    assert p.returncode == 1 and "--pack_length 16: must lie between" in p.stderr and "Traceback" not in p.stderr
    assert not list(models.glob("*.partial"))
    assert os.readlink(models / "current") == before


@pytest.mark.parametrize("kind", ["random", "eos_only"])
def test_models_that_do_not_answer_are_never_published(published, broken_models, qa_csv, kind):
    models, _ = published
    before = sorted(p.name for p in models.iterdir())
    start = ["--from_scratch", "false", "--base_model", str(broken_models[kind])] if kind == "eos_only" else []
    p = trainer([*FAST, *start, "--data", str(qa_csv), "--models_dir", str(models), "--learning_rate", "0",
                 "--num_train_epochs", "1"])
    assert p.returncode == 1, p.stdout[-2000:] + p.stderr[-2000:]
    assert "failed its self-test, not publishing it" in p.stderr and "Traceback" not in p.stderr
    assert sorted(p.name for p in models.iterdir()) == before  # no new version, no .partial, current as it was


def test_sigkill_mid_training_leaves_current_loadable(published, qa_csv):
    models, _ = published
    before = os.readlink(models / "current")
    proc = subprocess.Popen([PY, "-m", "trainer", *FAST, "--num_train_epochs", "50", "--data", str(qa_csv),
                             "--models_dir", str(models)], cwd=ROOT, env=run_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    assert proc.stdout is not None
    for line in proc.stdout:
        if "Validation loss before" in line or time.time() > deadline:
            break
    time.sleep(1.0)  # inside the training loop now
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL  # the kill landed mid-run: the run had not ended by itself
    assert os.readlink(models / "current") == before
    assert list(models.glob("*.partial"))  # the killed run's work folder, never published
    assert Engine.load(models / "current", device="cpu").self_test()


def test_seed_preset_reports_then_names_local_flags_offline(mqp_csv, tmp_path):
    p = trainer(["--preset", "seed", "--data", str(mqp_csv), "--models_dir", str(tmp_path / "m")])
    assert p.returncode == 1
    assert "dropped by answer_ends_with_?: 238" in p.stdout and "rows kept: 8" in p.stdout
    assert "Hugging Face Hub" in p.stderr and "--base_model" in p.stderr and "--preset tiny" in p.stderr
    assert "Traceback" not in p.stderr


def test_seed_preset_trains_from_a_local_gpt2_folder(mqp_csv, tiny_model, tmp_path):
    p = trainer(["--preset", "seed", "--data", str(mqp_csv), "--base_model", str(tiny_model),
                 "--models_dir", str(tmp_path / "m"), "--eval_generations", "1", "--disable_tqdm", "true",
                 "--use_cpu", "true"])
    assert p.returncode == 0, p.stderr[-3000:]
    m = json.loads((tmp_path / "m" / "current" / "metrics.json").read_text())
    assert m["train_examples"] == 7 and m["val_examples"] == 1
    args = json.loads((tmp_path / "m" / "current" / "train_config.json").read_text())["training"]
    assert args["gradient_accumulation_steps"] == 128 and args["warmup_steps"] == 200
    # the seed's model, op for op: its GELU is not swapped for the fused one
    assert json.loads((tmp_path / "m" / "current" / "config.json").read_text())["activation_function"] == "gelu_new"


def test_json_config_holds_a_whole_run(tmp_path, qa_csv):
    cfg = {"preset": "tiny", "data": str(qa_csv), "models_dir": str(tmp_path / "m"), "tiny_layers": 1,
           "tiny_embd": 32, "tiny_vocab": 500, "num_train_epochs": 10, "eval_generations": 2, "publish": False,
           "disable_tqdm": True, "pack_static": True}
    f = tmp_path / "run.json"
    f.write_text(json.dumps(cfg))
    p = trainer([str(f)])
    assert p.returncode == 0, p.stderr[-2000:]
    assert not (tmp_path / "m" / "current").exists()
    versions = [d for d in Path(tmp_path / "m").iterdir() if d.name[:1].isdigit()]
    assert len(versions) == 1
    assert json.loads((versions[0] / "train_config.json").read_text())["data"]["pack_static"] is True
    assert "Packed " in p.stdout and "rows of 512 tokens" in p.stdout  # --pack_static implies --packing
    # packed training turns the KV cache off; the published model must generate with it
    assert json.loads((versions[0] / "config.json").read_text())["use_cache"] is True


def test_offline_names_every_local_option_at_once(tmp_path):
    p = trainer(["--models_dir", str(tmp_path / "m")])  # the default: Hub dataset and Hub model
    assert p.returncode == 1 and "Traceback" not in p.stderr
    err = p.stderr
    assert "--data" in err and "--base_model" in err and "--preset tiny" in err, err


def test_help_shows_medbot_flags_first_and_help_all_the_rest():
    short = trainer(["--help"])
    assert short.returncode == 0 and "--preset" in short.stdout and "--packing" in short.stdout
    assert "--learning_rate" in short.stdout and len(short.stdout.splitlines()) < 100
    full = trainer(["--help-all"])
    assert full.returncode == 0 and len(full.stdout.splitlines()) > 300 and "--adam_beta1" in full.stdout


TORCHRUN = [str(Path(PY).with_name("torchrun")), "--standalone", "--nproc_per_node", "2", "-m", "trainer"]
DDP_RUN = ["--preset", "tiny", "--tiny_layers", "1", "--tiny_embd", "64", "--tiny_vocab", "800",
           "--eval_generations", "2", "--num_train_epochs", "2"]


def test_torchrun_trains_in_two_processes_like_one(tmp_path, qa_csv):
    """Two CPU processes (gloo) with batch 16 each against one process with batch 32: the same global
    batch and steps, one data report, one published version, and nearly the same validation loss."""
    two = subprocess.run([*TORCHRUN, *DDP_RUN, "--data", str(qa_csv), "--models_dir", str(tmp_path / "two"),
                          "--per_device_train_batch_size", "16"], capture_output=True, text=True, cwd=ROOT,
                         env=run_env(), timeout=280)
    assert two.returncode == 0, (two.stdout + two.stderr)[-3000:]
    one = trainer([*DDP_RUN, "--data", str(qa_csv), "--models_dir", str(tmp_path / "one"),
                   "--per_device_train_batch_size", "32"])
    assert one.returncode == 0, one.stderr[-2000:]
    out = two.stdout + two.stderr
    assert out.count("Dataset quality report") == 1 and out.count("training summary") == 1
    assert "another training run" not in out and "parallel_mode" not in out
    versions = [p for p in (tmp_path / "two").iterdir() if p.name[:1].isdigit()]
    assert len(versions) == 1 and (tmp_path / "two" / "current").resolve() == versions[0].resolve()
    assert not list((tmp_path / "two").glob("*.partial")) and not (tmp_path / "two" / ".rank-tmp").exists()
    m2 = json.loads((tmp_path / "two" / "current" / "metrics.json").read_text())
    m1 = json.loads((tmp_path / "one" / "current" / "metrics.json").read_text())
    assert (m2["processes"], m1["processes"]) == (2, 1)
    assert m2["global_batch_size"] == m1["global_batch_size"] == 32 and m2["global_steps"] == m1["global_steps"]
    assert abs(m2["eval_loss_after"] - m1["eval_loss_after"]) <= 0.05 * m1["eval_loss_after"]


def test_a_rank_killed_mid_training_leaves_current(published, qa_csv):
    models, _ = published
    before = os.readlink(models / "current")
    proc = subprocess.Popen([*TORCHRUN, *DDP_RUN, "--num_train_epochs", "200", "--data", str(qa_csv),
                             "--models_dir", str(models)], cwd=ROOT, env=run_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    deadline = time.time() + 120
    for line in proc.stdout:
        if "Validation loss before" in line or time.time() > deadline:
            break
    time.sleep(1.0)  # inside the training loop now
    rank1 = [pid for pid in _children(proc.pid) if "RANK=1" in _environ(pid)]
    assert rank1, "no rank 1 process found"
    os.kill(rank1[0], signal.SIGKILL)
    proc.stdout.read()
    assert proc.wait(60) != 0
    assert os.readlink(models / "current") == before
    # the next run removes the killed run's work folder
    p = trainer([*FAST, "--data", str(qa_csv), "--models_dir", str(models), "--publish", "false"])
    assert p.returncode == 0, p.stderr[-2000:]
    assert not list(models.glob("*.partial")) and os.readlink(models / "current") == before


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.append(int(d.name))
    return out


def _environ(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "environ").read_bytes().replace(b"\0", b"\n").decode(errors="replace")
    except OSError:
        return ""
