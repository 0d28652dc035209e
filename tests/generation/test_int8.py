"""MEDBOT_DTYPE=int8 (bot/generation/int8.py): int8 weights for every matmul on the CPU, the same sampling, refused when broken."""

import subprocess

import pytest
import torch
from transformers import LogitsProcessorList
from transformers.pytorch_utils import Conv1D

from bot.generation import int8
from bot.generation.decode import FastGPT2
from bot.generation.engine import Engine, GenerationConfig, ModelLoadError
from bot.generation.sampling import FastNoRepeatNGram, FastSampler
from bot.operations.config import ConfigError, Settings
from tests.fakes.proc import PY, ROOT, run_env

QUESTIONS = ["What is asthma?", "flu?", "How is high blood pressure treated in older adults who also have diabetes?"]


def load8(model_dir, max_new_tokens=24, **gen):
    return Engine.load(model_dir, GenerationConfig(max_new_tokens=max_new_tokens, **gen), device="cpu", dtype="int8")


@pytest.fixture(scope="module")
def engine8(tiny_model):
    return load8(tiny_model)


def test_every_matmul_runs_on_int8_weights_and_the_tied_head_is_stored_once(engine8):
    m = engine8.model
    assert not [n for n, mod in m.named_modules() if isinstance(mod, Conv1D | torch.nn.Linear)]
    dense = [mod for mod in m.modules() if isinstance(mod, int8.Int8Linear)]
    assert len(dense) == 4 * m.config.n_layer + 1  # c_attn, c_proj, c_fc, mlp.c_proj per block + the LM head
    emb = m.transformer.wte
    assert isinstance(emb, int8.Int8Embedding) and emb.q.dtype == torch.int8
    assert isinstance(m.lm_head, int8.Int8Linear) and m.lm_head.out_features == emb.num_embeddings
    assert not [p for p in m.parameters() if p.dim() == 2 and p.shape[0] == emb.num_embeddings]  # no float copy
    assert engine8.decoder_name == "fast"


def test_int8_loads_and_answers(engine8, tiny_engine):
    out = engine8.generate(QUESTIONS, seed=1)
    assert len(out) == 3 and all(isinstance(a, str) and a for a in out)
    assert engine8.self_test()  # the self-test runs on the int8 model: answers, and better than chance
    assert abs(engine8.uniformity() - tiny_engine.uniformity()) < 0.02


def test_a_fixed_seed_gives_the_same_tokens_run_to_run(random_model):
    first = load8(random_model, max_new_tokens=32)
    again = load8(random_model, max_new_tokens=32)  # a second load: a fresh conversion
    qs = QUESTIONS * 3
    a = first.generate(qs, seed=11)
    assert a == first.generate(qs, seed=11) == again.generate(qs, seed=11)
    assert a != first.generate(qs, seed=12)


def _hf_tokens(model, ids, mask, max_new, seed, eos_id, pad_id):
    torch.manual_seed(seed)
    procs = LogitsProcessorList([FastNoRepeatNGram(3), FastSampler(50, 0.9, 0.7)])
    out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=max_new, do_sample=False,
                         logits_processor=procs, pad_token_id=pad_id, eos_token_id=eos_id)[:, ids.shape[1]:]
    return torch.nn.functional.pad(out, (0, max_new - out.shape[1]), value=pad_id)


def test_int8_decode_loop_samples_what_transformers_samples_on_the_int8_model(engine8):
    """Same top-k 50 / top-p 0.9 / temperature 0.7 / no-repeat 3-gram sampling and end-of-text stop as
    transformers' generate() running the same int8 layers: the loop changes no sampling rule. One question
    a call: in a batch, activations are quantised with one scale per call, so a rounding flip from another
    attention kernel's last bit can part two batched runs after a while (as TF32 does on a GPU)."""
    eos = engine8.eos_id
    for seed, question in enumerate(QUESTIONS * 2):
        ids, mask = engine8.encode_prompts([question])
        want = _hf_tokens(engine8.model, ids, mask, 30, seed, eos, engine8.pad_id)
        torch.manual_seed(seed)
        got = FastGPT2(engine8.model).generate(ids, mask, 30, eos_id=eos, pad_id=engine8.pad_id, top_k=50,
                                               top_p=0.9, temperature=0.7, no_repeat_ngram_size=3)
        got = torch.nn.functional.pad(got, (0, 30 - got.shape[1]), value=engine8.pad_id)
        assert torch.equal(got, want)


def test_sampling_rules_hold_in_int8(random_model):
    """Random weights: replies run to the cap, so every rule is exercised on long rows."""
    eng = load8(random_model, max_new_tokens=40)
    eng.eos_id = eng.model.config.vocab_size  # nobody ends: full-length rows
    ids, mask = eng.encode_prompts(QUESTIONS)
    torch.manual_seed(0)
    new = eng.fast.generate(ids, mask, 40, eos_id=eng.eos_id, pad_id=eng.pad_id, top_k=50, top_p=0.9,
                            temperature=0.7, no_repeat_ngram_size=3)
    assert new.shape == (3, 40)  # max_new_tokens caps a reply
    for row, m in zip(torch.cat([ids, new], 1), torch.cat([mask, torch.ones_like(new)], 1), strict=True):
        toks = row[m.bool()].tolist()
        grams = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
        assert len(grams) == len(set(grams))  # no 3-gram twice (prompt included)
    # top-k: a first token is always among the 50 most likely of the int8 logits (no n-gram ban here)
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    k, v = eng.fast.new_cache(3, ids.shape[1])
    with torch.inference_mode():
        logits = eng.fast.forward(ids, pos, k, v, torch.zeros(1, dtype=torch.long), mask.bool())
    top = [set(r.tolist()) for r in logits.topk(50, dim=-1).indices]
    for seed in range(20):
        torch.manual_seed(seed)
        first = eng.fast.generate(ids, mask, 1, eos_id=eng.eos_id, pad_id=eng.pad_id, top_k=50, top_p=0.9,
                                  temperature=0.7, no_repeat_ngram_size=0)
        assert all(int(t) in r for t, r in zip(first[:, 0], top, strict=True))


def test_int8_stops_at_end_of_text(broken_models):
    """A model that only predicts end-of-text stops at once in int8 too: the polite fallback."""
    eng = load8(broken_models["eos_only"], max_new_tokens=12)
    assert eng.generate(["What is asthma?"], seed=0) == [""]


def test_a_broken_int8_conversion_is_refused_like_a_broken_model(tiny_model, monkeypatch):
    real = int8.quantize_rows

    def transposed_scales(w):  # a classic conversion bug: each row scaled by another row's scale
        q, scale = real(w)
        return q, scale.flip(0)

    monkeypatch.setattr(int8, "quantize_rows", transposed_scales)
    with pytest.raises(ModelLoadError, match="int8 conversion of the model in .* is broken: .* probe"):
        load8(tiny_model)


def test_an_int8_conversion_that_fails_is_refused(tiny_model, monkeypatch):
    def no_kernel(*_):
        raise RuntimeError("Didn't find engine for operation quantized::linear_prepack NoQEngine")

    monkeypatch.setattr(int8, "_prepack", no_kernel)
    with pytest.raises(ModelLoadError, match="cannot convert the model in .* to int8: RuntimeError"):
        load8(tiny_model)


def test_probe_error_measures_what_changes_probabilities():
    want = torch.randn(5, 100)
    assert int8.probe_error(want, want + 3.0) < 1e-6  # a constant shift per row changes no probability
    assert int8.probe_error(want, want.flip(-1)) > 1.0
    assert int8.probe_error(want, want * float("nan")) == float("inf")


def test_medbot_dtype_int8_is_a_setting():
    assert Settings.from_env({"MEDBOT_DTYPE": "int8"}).dtype == "int8"
    with pytest.raises(ConfigError, match="MEDBOT_DTYPE"):
        Settings.from_env({"MEDBOT_DTYPE": "int4"})


def test_evaluation_scores_the_int8_model(tiny_model, qa_csv, tmp_path):
    out = tmp_path / "eval.json"
    p = subprocess.run([PY, "-m", "trainer.evaluate", "--model_dir", str(tiny_model), "--data", str(qa_csv),
                        "--limit", "2", "--dtype", "int8", "--device", "cpu", "--out", str(out)],
                       cwd=ROOT, env=run_env(), capture_output=True, text=True, timeout=240)
    assert p.returncode == 0, p.stderr[-2000:]
    import json

    metrics = json.loads(out.read_text())
    assert metrics["dtype"] == "int8" and metrics["answer_perplexity"] > 1
