"""The model: loaded once from a published folder, generating a batch of replies per call.

Imports only torch and transformers (no chat libraries), so benchmarks run on a bare GPU box.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch

from bot.generation.decode import FastGPT2, supports
from bot.generation.sampling import FastNoRepeatNGram, FastSampler
from medbot import prompt

log = logging.getLogger(__name__)

SELF_TEST_QUESTION = "What are the symptoms of the flu?"
SELF_TEST_ANSWER = "Fever, cough, sore throat, muscle aches and tiredness are the usual symptoms of the flu."
# Loss on the probe over a uniform guess's: random weights 1.00 (tiny test model, 1.004), the trainer's
# tiny preset after 14 steps 0.90, the session test model (40 steps) 0.38.
MAX_UNIFORMITY = 0.97
_WORD = re.compile(r"[^\W\d_]{2,}")


class SelfTestError(RuntimeError):
    """The model loaded but does not answer: it must not be published or swapped in."""


def answer_problem(question: str, answer: str) -> str | None:
    """Why a generated answer is not an answer (None when it is): empty, no words, or the question echoed."""
    if not answer.strip():
        return "empty answer: the model emitted only end-of-text"
    words = [w.lower() for w in _WORD.findall(answer)]
    if len(words) < 2:
        return f"no text in the answer {answer[:40]!r}"
    if set(words) <= {w.lower() for w in _WORD.findall(question)} | {"q", "a"}:
        return "the answer only echoes the question"
    return None


class ModelLoadError(RuntimeError):
    """The model folder is missing, incomplete or unusable."""


@dataclass(frozen=True)
class GenerationConfig:
    top_p: float = prompt.TOP_P
    top_k: int = prompt.TOP_K
    temperature: float = prompt.TEMPERATURE
    no_repeat_ngram_size: int = prompt.NO_REPEAT_NGRAM_SIZE
    max_prompt_tokens: int = prompt.MAX_PROMPT_TOKENS
    max_new_tokens: int = prompt.MAX_NEW_TOKENS
    # How tokens are produced; every choice samples from the same distribution:
    #   auto         cuda-graphs on a GPU, fast elsewhere (measured on an H200, bench/results/h200_serve.json:
    #                64 users 154 replies/s vs 141 with fast, a lone reply 0.18 s vs 0.49 s)
    #   fast         our GPT-2 decode loop (bot/generation/decode.py): preallocated KV cache, vectorised n-gram ban and
    #                top-k/top-p sampler, no per-token host sync; other architectures fall back to hf
    #   cuda-graphs  fast, with each decode step replayed as a CUDA graph (GPU; batches padded to BUCKETS)
    #   hf           transformers' generate(); fast_sampling=False gives its own samplers (the seed's path)
    #   hf-compile   generate() with a static KV cache and torch.compile (GPU; batches padded to BUCKETS),
    #                always called from one thread the engine owns (see Engine._hf_generate)
    decoder: str = "auto"
    fast_sampling: bool = True
    buckets: tuple[int, ...] = ()

    @classmethod
    def from_settings(cls, s: Any) -> GenerationConfig:
        return cls(s.top_p, s.top_k, s.temperature, s.no_repeat_ngram_size, s.max_prompt_tokens, s.max_new_tokens,
                   decoder=s.decoder, buckets=BUCKETS if s.decoder in FIXED_SHAPE_DECODERS else ())

    def for_device(self, device: torch.device) -> GenerationConfig:
        """`auto` resolved for the device the model runs on."""
        if self.decoder != "auto":
            return self
        name = "cuda-graphs" if device.type == "cuda" else "fast"
        return replace(self, decoder=name, buckets=self.buckets or (BUCKETS if name in FIXED_SHAPE_DECODERS else ()))

    @property
    def fixed_width(self) -> bool:
        """Prompts padded to max_prompt_tokens, so every batch of one size has one shape."""
        return self.decoder in FIXED_SHAPE_DECODERS


FIXED_SHAPE_DECODERS = ("cuda-graphs", "hf-compile")
OWN_LOOP_DECODERS = ("fast", "cuda-graphs")  # GPT-2 only: other models fall back to hf
BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


def resolve_device(name: str = "auto") -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dev = torch.device(name)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError(f"MEDBOT_DEVICE={name} but no CUDA GPU is visible (use auto or cpu)")
    return dev


def resolve_dtype(name: str, device: torch.device) -> torch.dtype:
    if name == "auto":
        # float32 (with TF32 matmuls on GPU). bfloat16 is opt-in: with our decode loop and CUDA graphs it
        # answered 260 replies/s at 64 users on an H200 against 154 (bench/results/h200_serve.json), but
        # answer quality in bf16 has not been checked on real weights; with transformers' generate() and
        # its samplers it ran 4x slower on an H100 (bench/results/h100_serve.json).
        return torch.float32
    if name == "int8":  # int8 weights, float32 activations (bot/generation/int8.py converts after loading)
        return torch.float32
    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[name]


def model_version(model_dir: Path) -> str:
    """The published version a folder (or the `current` symlink) points at."""
    return Path(model_dir).resolve().name


class Engine:
    """A loaded model + tokenizer. Not thread-safe: exactly one worker thread calls `generate`."""

    def __init__(self, model: Any, tokenizer: Any, gen: GenerationConfig, device: torch.device,
                 version: str = "unknown", model_dir: Path | None = None):
        self.model = model
        self.tokenizer = tokenizer
        self.gen = gen = fit_to_model(gen.for_device(device), model)
        self.device = device
        self.version = version
        self.model_dir = model_dir
        self.generated_tokens = 0
        self.last_steps = 0
        pad = tokenizer.pad_token_id
        self.pad_id = pad if pad is not None else tokenizer.eos_token_id
        self.eos_id = tokenizer.eos_token_id
        self.fast: FastGPT2 | None = None
        # torch.compile's CUDA graph trees keep their state per host thread: in torch 2.11 a compiled
        # generate() called from a second thread fails with `assert torch._C._is_key_in_tls(...)`
        # (pytorch/pytorch#123177, measured on the H200: the worker restarted in a new thread answered
        # nothing but apologies). So hf-compile runs generate() on one thread of its own, whichever
        # thread (worker, restarted worker, the reload's self-test) asks. The thread ends when the engine is
        # garbage-collected (an idle ThreadPoolExecutor worker exits once its executor is gone).
        self._compiled_thread: ThreadPoolExecutor | None = (
            ThreadPoolExecutor(1, thread_name_prefix="medbot-compiled") if gen.decoder == "hf-compile" else None)
        if gen.decoder in OWN_LOOP_DECODERS:
            why = supports(model)
            if why:
                log.info("decoder %s cannot run this model (%s); using transformers' generate()", gen.decoder, why)
            else:
                self.fast = FastGPT2(model, cuda_graphs=gen.decoder == "cuda-graphs")

    @classmethod
    def load(cls, model_dir: str | Path, gen: GenerationConfig | None = None, device: str = "auto",
             dtype: str = "auto", memory_fraction: float | None = None) -> Engine:
        """Load a published model folder. Raises ModelLoadError with a one-line reason."""
        from transformers import AutoModelForCausalLM, AutoTokenizer

        path = Path(model_dir)
        check_model_dir(path)
        dev = resolve_device(device)
        if dev.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True
            if memory_fraction:
                torch.cuda.set_per_process_memory_fraction(memory_fraction, dev.index or 0)
        t0 = time.perf_counter()
        try:
            tok = AutoTokenizer.from_pretrained(path)
            # safetensors only: loading a pytorch_model.bin can run code; it is safe only as long as transformers
            # restricts what that load may build
            model = AutoModelForCausalLM.from_pretrained(path, dtype=resolve_dtype(dtype, dev), use_safetensors=True)
        except Exception as exc:  # corrupt weights, bad config, truncated files...
            raise ModelLoadError(f"cannot load the model in {path}: {type(exc).__name__}: {exc}") from exc
        model.to(dev).eval()  # type: ignore[arg-type]
        if dtype == "int8":
            to_int8(model, tok, dev, path)
        engine = cls(model, tok, gen or GenerationConfig(), dev, model_version(path), path)
        log.info("model %s loaded on %s in %.1fs, weights %s, decoder %s", engine.version, dev,
                 time.perf_counter() - t0, dtype, engine.decoder_name)
        return engine

    @property
    def decoder_name(self) -> str:
        """The decoder actually in use (a GPT-2-only decoder falls back to hf on other models)."""
        if self.fast is None:
            return "hf" if self.gen.decoder in OWN_LOOP_DECODERS else self.gen.decoder
        return "cuda-graphs" if self.fast.cuda_graphs else "fast"

    def encode_prompts(self, questions: list[str], width: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Left-padded prompt ids and attention mask for a batch (to `width` when given)."""
        rows = [prompt.prompt_ids(self.tokenizer, q, self.gen.max_prompt_tokens) for q in questions]
        width = max(width or 0, max(len(r) for r in rows))
        ids = torch.full((len(rows), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, width - len(r):] = torch.tensor(r, dtype=torch.long)
            mask[i, width - len(r):] = 1
        return ids.to(self.device), mask.to(self.device)

    @torch.inference_mode()
    def generate(self, questions: list[str], seed: int | None = None) -> list[str]:
        """One sampled answer per question, all in one batch, exactly as the model wrote it: maybe empty
        (the core then says it has no useful answer, in the user's language)."""
        if not questions:
            return []
        g = self.gen
        n = len(questions)
        size = next((b for b in g.buckets if b >= n), n)
        ids, mask = self.encode_prompts(questions + [questions[0]] * (size - n),
                                        g.max_prompt_tokens if g.fixed_width else None)
        if seed is not None:
            torch.manual_seed(seed)
        max_new = max(1, min(g.max_new_tokens, (model_positions(self.model) or 1 << 30) - ids.shape[1]))
        if self.fast is not None:
            new = self.fast.generate(ids, mask, max_new, eos_id=self.eos_id, pad_id=self.pad_id,
                                     top_k=g.top_k, top_p=g.top_p, temperature=g.temperature,
                                     no_repeat_ngram_size=g.no_repeat_ngram_size)[:n]
        else:
            new = self._hf_generate(ids, mask, max_new)[:n, ids.shape[1]:]
        self.generated_tokens += int((new != self.pad_id).sum())
        self.last_steps = int(new.shape[1])  # decode steps the last batch took (its longest reply)
        texts = self.tokenizer.batch_decode(new, skip_special_tokens=True)
        return [prompt.extract_answer(t) for t in texts]

    def _hf_generate(self, ids: torch.Tensor, mask: torch.Tensor, max_new: int) -> torch.Tensor:
        """transformers' generate(): prompt + new tokens."""
        g = self.gen
        extra: dict[str, Any] = {"do_sample": True, "top_p": g.top_p, "top_k": g.top_k,
                                 "temperature": g.temperature, "no_repeat_ngram_size": g.no_repeat_ngram_size}
        if g.fast_sampling:
            from transformers import LogitsProcessorList

            procs: list[Any] = [FastNoRepeatNGram(g.no_repeat_ngram_size)] if g.no_repeat_ngram_size > 0 else []
            procs.append(FastSampler(g.top_k, g.top_p, g.temperature))
            extra = {"do_sample": False, "logits_processor": LogitsProcessorList(procs)}
        if g.decoder == "hf-compile":
            extra["cache_implementation"] = "static"

        def run() -> torch.Tensor:
            with torch.inference_mode():  # thread-local: the owned thread needs its own
                out: torch.Tensor = self.model.generate(
                    input_ids=ids, attention_mask=mask, max_new_tokens=max_new, pad_token_id=self.pad_id,
                    eos_token_id=self.eos_id, **extra,
                )
            return out

        return run() if self._compiled_thread is None else self._compiled_thread.submit(run).result()

    def self_test(self) -> str:
        """Proves the model answers and learned something: raises SelfTestError when none of three
        sampled answers to a probe question is text (empty, only end-of-text, no words, the question
        echoed), or when it predicts a probe answer no better than chance (random or untrained
        weights). Returns the first good answer."""
        answers = self.generate([SELF_TEST_QUESTION] * 3, seed=0)
        problems = [answer_problem(SELF_TEST_QUESTION, a) for a in answers]
        good = [a for a, problem in zip(answers, problems, strict=True) if problem is None]
        if not good:
            raise SelfTestError(f"no usable answer to {SELF_TEST_QUESTION!r} in 3 samples ({problems[0]})")
        share = self.uniformity()
        if share > MAX_UNIFORMITY:
            raise SelfTestError(f"it predicts text no better than chance (loss {share:.0%} of a uniform guess's): "
                                "random or untrained weights")
        return good[0]

    @torch.inference_mode()
    def uniformity(self) -> float:
        """The model's loss on a probe question and answer as a share of a uniform guess's (log of the
        vocabulary size): about 1.0 for random weights, lower as soon as it has learned any language."""
        text = prompt.format_example(SELF_TEST_QUESTION, SELF_TEST_ANSWER, "")
        ids = torch.tensor([self.tokenizer.encode(text)], device=self.device)
        logits = self.model(input_ids=ids).logits[0, :-1].float()
        loss = torch.nn.functional.cross_entropy(logits, ids[0, 1:]).item()
        return float(loss / math.log(logits.shape[-1]))


def to_int8(model: Any, tokenizer: Any, device: torch.device, path: Path) -> None:
    """Convert a loaded float32 model to int8 weights in place (bot/generation/int8.py), checked on the self-test's
    probe text against float32 first: a conversion that fails or computes something else is refused
    with ModelLoadError, as a folder that does not load is."""
    from bot.generation.int8 import Int8ConversionError, convert

    if device.type != "cpu":
        raise ModelLoadError(f"MEDBOT_DTYPE=int8 runs on the CPU only, not {device} (on a GPU use bfloat16)")
    probe = torch.tensor([tokenizer.encode(prompt.format_example(SELF_TEST_QUESTION, SELF_TEST_ANSWER, ""))])
    try:
        convert(model, probe)
    except Int8ConversionError as exc:
        raise ModelLoadError(f"the int8 conversion of the model in {path} is broken: {exc}") from exc
    except Exception as exc:  # no int8 kernel on this CPU or torch build, an unexpected layer...
        raise ModelLoadError(f"cannot convert the model in {path} to int8: {type(exc).__name__}: {exc}") from exc


def model_positions(model: Any) -> int | None:
    """How many tokens (prompt + reply) the model can attend over, when its config says."""
    cfg = getattr(model, "config", None)
    room = getattr(cfg, "n_positions", None) or getattr(cfg, "max_position_embeddings", None)
    return room if isinstance(room, int) else None


def fit_to_model(gen: GenerationConfig, model: Any) -> GenerationConfig:
    """Prompt + reply must fit the model's positions (GPT-2: 1024): settings that do not are cut
    once here, with a warning, instead of failing on every long question."""
    room = model_positions(model)
    if room is None or gen.max_prompt_tokens + gen.max_new_tokens <= room:
        return gen
    asked = max(8, min(gen.max_prompt_tokens, room - gen.max_new_tokens))
    new = max(1, min(gen.max_new_tokens, room - asked))
    log.warning("MEDBOT_MAX_PROMPT_TOKENS=%d + MEDBOT_MAX_NEW_TOKENS=%d exceed the model's %d positions: "
                "using %d + %d", gen.max_prompt_tokens, gen.max_new_tokens, room, asked, new)
    return replace(gen, max_prompt_tokens=asked, max_new_tokens=new)


REQUIRED_FILES = ("config.json",)
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json")


def check_model_dir(path: Path) -> None:
    """Fail fast, with a reason, on a folder that cannot hold a model."""
    if not path.exists():
        raise ModelLoadError(f"model folder {path} does not exist")
    if not path.is_dir():
        raise ModelLoadError(f"{path} is not a folder")
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if not missing and (path / "pytorch_model.bin").is_file() and not any((path / f).is_file() for f in WEIGHT_FILES):
        raise ModelLoadError(f"model folder {path} has only pytorch_model.bin, a format that can run code when "
                             "loaded, which medbot does not load: re-save it with save_pretrained() (safetensors, "
                             "the default)")
    if missing or not any((path / f).is_file() for f in WEIGHT_FILES):
        raise ModelLoadError(f"model folder {path} is incomplete (no {', '.join(missing) or 'weights file'})")
    try:
        json.loads((path / "config.json").read_text())
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"model folder {path} has an unreadable config.json: {exc}") from exc
