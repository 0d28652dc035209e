"""Our GPT-2 decode loop (bot/generation/decode.py) computes what transformers computes and samples the same tokens."""

import threading
from dataclasses import replace

import pytest
import torch
from transformers import GPT2Config, GPT2LMHeadModel, LogitsProcessorList

from bot.generation.decode import SYNC_EVERY, FastGPT2, supports
from bot.generation.engine import BUCKETS, Engine, GenerationConfig
from bot.generation.sampling import FastNoRepeatNGram, FastSampler
from bot.operations.config import ConfigError, Settings

QUESTIONS = ["What is asthma?", "flu?", "How is high blood pressure treated in older adults who also have diabetes?"]


def hf_tokens(eng, ids, mask, max_new, seed, eos_id, ngram=3):
    """transformers' generate() with the same samplers, new tokens only, padded to max_new."""
    torch.manual_seed(seed)
    procs = ([FastNoRepeatNGram(ngram)] if ngram else []) + [FastSampler(50, 0.9, 0.7)]
    out = eng.model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=max_new, do_sample=False,
                             logits_processor=LogitsProcessorList(procs), pad_token_id=eng.pad_id,
                             eos_token_id=eos_id)[:, ids.shape[1]:]
    return torch.nn.functional.pad(out, (0, max_new - out.shape[1]), value=eng.pad_id)


def fast_tokens(eng, ids, mask, max_new, seed, eos_id, ngram=3):
    torch.manual_seed(seed)
    out = FastGPT2(eng.model).generate(ids, mask, max_new, eos_id=eos_id, pad_id=eng.pad_id, top_k=50, top_p=0.9,
                                       temperature=0.7, no_repeat_ngram_size=ngram)
    return torch.nn.functional.pad(out, (0, max_new - out.shape[1]), value=eng.pad_id), out.shape[1]


@pytest.mark.filterwarnings("ignore:`past_key_values` is deprecated")  # newer transformers: `cache`
@torch.inference_mode()
def test_logits_match_transformers_for_a_left_padded_batch(tiny_engine):
    m = tiny_engine.model
    ids, mask = tiny_engine.encode_prompts(QUESTIONS)
    dec = FastGPT2(m)
    b, w = ids.shape
    k, v = dec.new_cache(b, w + 4)
    valid = torch.ones(b, w + 4, dtype=torch.bool)
    valid[:, :w] = mask.bool()
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    got = dec.forward(ids, pos, k, v, torch.zeros(1, dtype=torch.long), valid)
    out = m(input_ids=ids, attention_mask=mask, position_ids=pos, use_cache=True)
    torch.testing.assert_close(got, out.logits[:, -1], atol=1e-4, rtol=1e-4)
    # one decode step through the cache against transformers' own cache
    nxt = out.logits[:, -1].argmax(-1, keepdim=True)
    got = dec.forward(nxt, pos[:, -1:] + 1, k, v, torch.tensor([w]), valid)
    want = m(input_ids=nxt, attention_mask=torch.cat([mask, torch.ones_like(nxt)], 1), position_ids=pos[:, -1:] + 1,
             past_key_values=out.past_key_values, use_cache=True).logits[:, -1]
    torch.testing.assert_close(got, want, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("ngram", [3, 0])
def test_same_tokens_as_transformers_generate_for_the_same_seed(tiny_engine, ngram):
    ids, mask = tiny_engine.encode_prompts(QUESTIONS)
    for seed in range(3):
        want = hf_tokens(tiny_engine, ids, mask, 30, seed, tiny_engine.tokenizer.eos_token_id, ngram)
        got, _ = fast_tokens(tiny_engine, ids, mask, 30, seed, tiny_engine.tokenizer.eos_token_id, ngram)
        assert torch.equal(got, want)


def test_rows_that_end_are_padded_and_the_loop_stops_when_all_have_ended(random_engine):
    """Random weights: rows run long and draw many tokens, so a shared token can play end-of-text."""
    ids, mask = random_engine.encode_prompts(QUESTIONS[:2])
    n = 64
    never = random_engine.model.config.vocab_size  # an id no row can draw: nobody ends
    sample = hf_tokens(random_engine, ids, mask, n, 0, never)
    # call "end of text" a token that both rows draw: they end at different steps
    common = set.intersection(*(set(r.tolist()) for r in sample))
    assert common, "the tiny model's rows share no token; pick another seed"
    eos = min(common, key=lambda t: max(int((r == t).nonzero()[0, 0]) for r in sample))
    want = hf_tokens(random_engine, ids, mask, n, 0, eos)
    got, steps = fast_tokens(random_engine, ids, mask, n, 0, eos)
    assert torch.equal(got, want)
    ends = [int((r == eos).nonzero()[0, 0]) for r in got]
    assert ends[0] != ends[1]
    for row, end in zip(got, ends, strict=True):
        assert (row[end + 1:] == random_engine.pad_id).all()  # nothing after a row's end but padding
    # every row ended well before n (the end token was picked so), so the loop stopped at the next check, not at n
    assert max(ends) < n - SYNC_EVERY, ends
    assert steps % SYNC_EVERY == 0 and max(ends) < steps < n


def test_engine_replies_are_the_same_with_either_decoder(tiny_model):
    fast = Engine.load(tiny_model, GenerationConfig(max_new_tokens=24, decoder="fast"), device="cpu")
    hf = Engine.load(tiny_model, GenerationConfig(max_new_tokens=24, decoder="hf"), device="cpu")
    assert fast.fast is not None and hf.fast is None
    assert (fast.decoder_name, hf.decoder_name) == ("fast", "hf")
    assert fast.generate(QUESTIONS, seed=3) == hf.generate(QUESTIONS, seed=3)
    assert fast.generated_tokens == hf.generated_tokens > 0


def test_cuda_graphs_on_cpu_decode_without_graphs_and_pad_batches_to_a_bucket(tiny_model):
    eng = Engine.load(tiny_model, GenerationConfig(max_new_tokens=12, decoder="cuda-graphs", buckets=(4, 8)),
                      device="cpu")
    assert eng.fast is not None and not eng.fast.cuda_graphs and eng.decoder_name == "fast"
    out = eng.generate(QUESTIONS, seed=1)
    assert len(out) == 3 and all(out)


def test_models_it_cannot_run_fall_back_to_transformers(tiny_model):
    assert supports(GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=32, n_head=2, vocab_size=50))) is None
    odd = GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=32, n_head=2, vocab_size=50, scale_attn_by_inverse_layer_idx=True))
    assert "attention" in supports(odd)
    with pytest.raises(ValueError, match="cannot run"):
        FastGPT2(odd)
    eng = Engine.load(tiny_model, GenerationConfig(max_new_tokens=6), device="cpu")
    eng.model.config.scale_attn_by_inverse_layer_idx = True  # as if another model had loaded
    fallback = Engine(eng.model, eng.tokenizer, replace(eng.gen), eng.device)
    eng.model.config.scale_attn_by_inverse_layer_idx = False
    assert fallback.fast is None and fallback.decoder_name == "hf" and fallback.generate(["What is asthma?"], seed=0)


def test_too_long_for_the_model_is_refused(tiny_engine):
    ids, mask = tiny_engine.encode_prompts(["What is asthma?"])
    room = tiny_engine.model.config.n_positions
    with pytest.raises(ValueError, match="exceeds"):
        FastGPT2(tiny_engine.model).generate(ids, mask, room, eos_id=0, pad_id=0, top_k=5, top_p=0.9,
                                             temperature=1.0, no_repeat_ngram_size=3)


def test_decoder_setting_is_validated():
    assert Settings.from_env({"MEDBOT_DECODER": "cuda-graphs"}).decoder == "cuda-graphs"
    with pytest.raises(ConfigError, match="MEDBOT_DECODER"):
        Settings.from_env({"MEDBOT_DECODER": "turbo"})
    s = Settings.from_env({"MEDBOT_DECODER": "hf-compile"})
    g = GenerationConfig.from_settings(s)
    assert g.fixed_width and g.buckets and g.decoder == "hf-compile"
    assert not GenerationConfig.from_settings(Settings.from_env({})).fixed_width


@pytest.mark.parametrize("decoder", ["fast", "hf"])
def test_settings_longer_than_the_model_are_cut_to_fit(tiny_model, decoder, caplog):
    room = 256  # the tiny model's positions
    eng = Engine.load(tiny_model, GenerationConfig(max_new_tokens=24, max_prompt_tokens=1024, decoder=decoder),
                      device="cpu")
    assert eng.gen.max_prompt_tokens + eng.gen.max_new_tokens <= room and eng.gen.max_new_tokens == 24
    assert "exceed the model's 256 positions" in caplog.text
    out = eng.generate(["what is asthma " * 400 + "?"], seed=0)  # a question far longer than the model
    assert len(out) == 1 and out[0]


def test_auto_decoder_is_cuda_graphs_on_a_gpu_and_the_eager_loop_elsewhere(tiny_model):
    assert Settings.from_env({}).decoder == "auto" == GenerationConfig().decoder
    gpu = GenerationConfig().for_device(torch.device("cuda"))
    assert gpu.decoder == "cuda-graphs" and gpu.buckets == BUCKETS and gpu.fixed_width
    cpu = GenerationConfig().for_device(torch.device("cpu"))
    assert cpu.decoder == "fast" and cpu.buckets == () and not cpu.fixed_width
    chosen = GenerationConfig(decoder="hf")
    assert chosen.for_device(torch.device("cuda")) is chosen  # a decoder named by the operator stays
    eng = Engine.load(tiny_model, GenerationConfig(max_new_tokens=6), device="cpu")
    assert eng.decoder_name == "fast" and eng.generate(["What is asthma?"], seed=0)


def test_hf_compile_runs_generate_on_one_thread_whichever_thread_asks(tiny_model):
    """torch.compile's CUDA graph trees fail in a second host thread (pytorch#123177; on the H200 a worker
    restarted in a new thread answered only apologies): every call must reach generate() on one thread."""
    eng = Engine.load(tiny_model, GenerationConfig(max_new_tokens=8, decoder="hf-compile"), device="cpu")
    seen: list[int] = []
    real = eng.model.generate

    def spy(*args, **kwargs):
        seen.append(threading.get_ident())
        assert torch.is_inference_mode_enabled()  # the owned thread sets its own (it is thread-local)
        return real(*args, **kwargs)

    eng.model.generate = spy
    here = eng.generate(["What is asthma?"], seed=5)
    callers, replies = [], []

    def ask():
        callers.append(threading.get_ident())
        replies.append(eng.generate(["What is asthma?"], seed=5))

    for _ in range(2):  # a worker thread, then its restarted successor
        t = threading.Thread(target=ask)
        t.start()
        t.join()
    assert len(seen) == 3 and len(set(seen)) == 1
    assert seen[0] not in {threading.get_ident(), *callers}
    assert replies == [here, here] and here[0]
    plain = Engine.load(tiny_model, GenerationConfig(max_new_tokens=8, decoder="hf"), device="cpu")
    assert plain._compiled_thread is None  # other decoders call generate() where they are
