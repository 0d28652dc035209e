"""Shared bench helpers: a tiny or GPT-2-shaped random model folder, tables, JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

H100_BF16_PEAK = 989e12  # H100 SXM dense bf16 FLOP/s (H200 has the same compute peak)


def default_data() -> str:
    shared = os.environ.get("MEDBOT_SHARED_DATA")  # as the tests read it (tests/conftest.py)
    for p in (ROOT / ".gpu" / "mqp.csv", *([Path(shared) / "mqp.csv"] if shared else []),
              ROOT.parent / "shared" / "data" / "mqp.csv"):
        if p.is_file():
            return str(p)
    return "lavita/MedQuAD"  # the Hub (cached by `datasets`); offline, pass --data


def make_model(folder: Path, texts: list[str], gpt2_shape: bool, tiny_layers: int = 2) -> Path:
    """Random-init model of GPT-2's exact shape (124M, vocab 50257, 1024 positions) or a tiny one,
    with a BPE tokenizer trained on `texts` (real GPT-2 weights cannot be downloaded here)."""
    from transformers import GPT2Config, GPT2LMHeadModel

    from trainer.model import train_tokenizer

    tok = train_tokenizer(texts, 50257 if gpt2_shape else 2000)
    if gpt2_shape:
        cfg = GPT2Config(vocab_size=50257, bos_token_id=tok.eos_token_id, eos_token_id=tok.eos_token_id)
    else:
        cfg = GPT2Config(vocab_size=len(tok), n_positions=512, n_embd=128, n_layer=tiny_layers, n_head=4,
                         bos_token_id=tok.eos_token_id, eos_token_id=tok.eos_token_id)
    model = GPT2LMHeadModel(cfg)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def table(rows: list[dict[str, Any]], cols: list[str]) -> str:
    def fmt(v: Any) -> str:
        return f"{v:.4g}" if isinstance(v, float) else str(v)

    width = {c: max(len(c), *(len(fmt(r.get(c, ""))) for r in rows)) for c in cols}
    line = " | ".join(c.ljust(width[c]) for c in cols)
    out = [line, "-+-".join("-" * width[c] for c in cols)]
    out += [" | ".join(fmt(r.get(c, "")).ljust(width[c]) for c in cols) for r in rows]
    return "\n".join(out)


def write_json(path: str | None, data: dict[str, Any]) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, indent=2, default=str))
        print(f"wrote {path}")


def device_name() -> str:
    import platform

    import torch

    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    return f"CPU ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)"
