"""CPU decode speed of medbot fp32, medbot int8 (MEDBOT_DTYPE=int8) and CTranslate2 (fp32, int8; optional
peer, skipped with a note when `ctranslate2` is not installed), one process, one run.

Each round times one full-length generate() per engine and batch size (every row runs to max_new_tokens:
nobody can draw end-of-text), engines in a rotated order; the table shows medians over the rounds and
ratios measured in the same run, so a noisy moment of a shared machine does not land on one engine only.
RSS: each of fp32 and int8 loaded alone in a fresh process (peak and after one reply)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, table

SAMPLING = {"top_k": 50, "top_p": 0.9, "temperature": 0.7, "no_repeat_ngram_size": 3}


def questions(n: int) -> list[str]:
    from serve import QUESTIONS

    return [QUESTIONS[i % len(QUESTIONS)] + f" (case {i})" for i in range(n)]


class Medbot:
    def __init__(self, model_dir: Path, dtype: str, max_new: int):
        from serve import full_length, load

        self.name = f"medbot {'int8' if dtype == 'int8' else 'fp32'}"
        self.eng = full_length(load(model_dir, "cpu", dtype, max_new_tokens=max_new, decoder="fast"))

    def run(self, qs: list[str], seed: int) -> tuple[float, int]:
        t0 = time.perf_counter()
        self.eng.generate(qs, seed=seed)
        return time.perf_counter() - t0, self.eng.last_steps


class CT2:
    """CTranslate2's Generator on the same weights and sampling settings (its converter needs the
    vocabulary to match the model's rows: the bench's random GPT-2 has a small trained BPE, so the
    vocabulary is padded with unused names; token ids are what both engines see)."""

    def __init__(self, model_dir: Path, quant: str, max_new: int, out: Path):
        import ctranslate2
        import torch
        from ctranslate2.converters import transformers as ct_tf
        from transformers import AutoTokenizer

        loader = type(ct_tf._MODEL_LOADERS["GPT2Config"])
        if not getattr(loader, "_medbot_padded", False):
            plain = loader.get_vocabulary

            def padded(self: Any, model: Any, tokenizer: Any) -> list[str]:
                v = plain(self, model, tokenizer)
                return v + [f"<medbot_unused_{i}>" for i in range(model.config.vocab_size - len(v))]

            loader.get_vocabulary, loader._medbot_padded = padded, True
        ct_tf.TransformersConverter(str(model_dir)).convert(str(out), quantization=quant, force=True)
        self.name = f"CTranslate2 {'int8' if quant == 'int8' else 'fp32'}"
        self.gen = ctranslate2.Generator(str(out), device="cpu", compute_type=quant,
                                         intra_threads=torch.get_num_threads())
        self.tok = AutoTokenizer.from_pretrained(model_dir)
        self.max_new = max_new

    def run(self, qs: list[str], seed: int) -> tuple[float, int]:
        from medbot import prompt

        toks = [self.tok.convert_ids_to_tokens(prompt.prompt_ids(self.tok, q, prompt.MAX_PROMPT_TOKENS)) for q in qs]
        import ctranslate2

        ctranslate2.set_random_seed(seed)
        t0 = time.perf_counter()
        out = self.gen.generate_batch(toks, max_length=self.max_new, min_length=self.max_new,
                                      sampling_topk=SAMPLING["top_k"], sampling_topp=SAMPLING["top_p"],
                                      sampling_temperature=SAMPLING["temperature"], include_prompt_in_result=False,
                                      no_repeat_ngram_size=SAMPLING["no_repeat_ngram_size"])
        return time.perf_counter() - t0, max(len(r.sequences_ids[0]) for r in out)


def engines(model_dir: Path, max_new: int, tmp: Path) -> tuple[list[Any], list[str]]:
    out: list[Any] = [Medbot(model_dir, "float32", max_new), Medbot(model_dir, "int8", max_new)]
    notes = []
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        notes.append("CTranslate2 not installed (pip install ctranslate2): peer rows skipped")
        return out, notes
    for quant in ("float32", "int8"):
        out.append(CT2(model_dir, quant, max_new, tmp / f"ct2_{quant}"))
    return out, notes


def rss(model_dir: Path, dtype: str) -> dict[str, float]:
    """Peak and current RSS (MB) of a fresh process that loads the model alone and answers once."""
    code = ("import json, sys; sys.path[:0] = ['bench', '.']\n"
            "from serve import load\n"
            f"e = load({str(model_dir)!r}, 'cpu', {dtype!r}, max_new_tokens=8, decoder='fast')\n"
            "e.generate(['What is asthma?'], seed=0)\n"
            "st = {l.split(':')[0]: int(l.split()[1]) / 1024\n"
            "      for l in open('/proc/self/status') if l.startswith('Vm')}\n"
            "print(json.dumps({'rss_mb': st['VmRSS'], 'peak_rss_mb': st['VmHWM']}))\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if p.returncode:
        return {"failed": float("nan")}
    out: dict[str, float] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


def compare(model_dir: Path, batches: list[int], max_new: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        runners, notes = engines(model_dir, max_new, Path(tmp))
        for r in runners:  # warm-up: allocator, prepacked weights, first-call costs
            for b in batches:
                r.run(questions(b), 0)
        times: dict[tuple[str, int], list[tuple[float, int]]] = {}
        for i in range(rounds):
            order = runners[i % len(runners):] + runners[:i % len(runners)]
            for b in batches:
                for r in order:
                    times.setdefault((r.name, b), []).append(r.run(questions(b), i + 1))
            print(f"round {i + 1}/{rounds} done", flush=True)
    rows = []
    for (name, b), ts in times.items():
        ms = [dt / steps * 1e3 for dt, steps in ts]
        reply = statistics.median(dt for dt, _ in ts)
        rows.append({"engine": name, "batch": b, "steps": ts[0][1], "ms_per_step": statistics.median(ms),
                     "ms_per_step_rounds": [round(m, 2) for m in ms], "replies_per_s": b / reply, "reply_s": reply})
    for row in rows:
        peer = next((r for r in rows if r["engine"] == "CTranslate2 int8" and r["batch"] == row["batch"]), None)
        if peer:
            row["ctranslate2_int8_over_this"] = peer["ms_per_step"] / row["ms_per_step"]
    print(f"medians of {rounds} rounds, {max_new} steps each:")
    print(table(rows, ["engine", "batch", "steps", "ms_per_step", "replies_per_s", "ctranslate2_int8_over_this"]))
    memory = {dtype: rss(model_dir, dtype) for dtype in ("float32", "int8")}
    print("RSS (MB), a fresh process each:", memory)
    for n in notes:
        print(n)
    return {"rounds": rounds, "max_new_tokens": max_new, "rows": rows, "rss": memory, "notes": notes}
