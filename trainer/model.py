"""Base model and tokenizer: `from_pretrained` (Hub name or local folder), or a small GPT-2 built
from GPT2Config with a byte-level BPE tokenizer trained on the data (offline, CPU)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import torch

from medbot.tables import hub_reachable
from trainer import OFFLINE_OPTIONS, TrainerError
from trainer.config import ModelArguments

log = logging.getLogger(__name__)

EOS = "<|endoftext|>"


class ModelUnreachable(TrainerError):
    pass


_HUB_HINT = ("cannot download model {name!r}: the Hugging Face Hub is unreachable or has no such model; "
             + OFFLINE_OPTIONS)


def _in_cache(name: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(name, "config.json"), str)
    except Exception:
        return False


def load_base(args: ModelArguments, texts: Iterable[str] = ()) -> tuple[Any, Any]:
    """(model, tokenizer) ready to fine-tune: pad token set, embeddings sized to the vocabulary."""
    if args.from_scratch:
        tok = train_tokenizer(texts, args.tiny_vocab)
        model = build_tiny(args, tok)
    else:
        model, tok = _from_pretrained(args)
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token  # padding is masked out of the labels by the collator
    if model.get_input_embeddings().weight.shape[0] < len(tok):
        model.resize_token_embeddings(len(tok))
    model.config.pad_token_id = tok.pad_token_id
    if args.fused_gelu and fuse_gelu(model):
        log.info("GELU: gelu_new -> gelu_pytorch_tanh (same function, one fused kernel)")
    # GPU only: tensor-core kernels are what need aligned shapes (on CPU the padding costs ~10%)
    if align_head(model, args.vocab_multiple if torch.cuda.is_available() else 1):
        log.info("output layer: matmuls run on %d vocabulary rows, logits cut back to %d",
                 model.lm_head.padded_rows, model.lm_head.weight.shape[0])
    return model, tok


def fuse_gelu(model: Any) -> bool:
    """GPT-2's gelu_new, 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))) written as seven elementwise
    ops, swapped for torch's fused tanh GELU: the same function in one kernel each way. Measured once
    on 2 CPU cores, a 4-layer width-256 GPT-2 step on 32 x 128 tokens went from 1.31 s to 0.91 s;
    `bench/train.py` measures it on the GPU ("gelu_new (unfused)" row). True when the model changed."""
    cfg = model.config
    if getattr(cfg, "model_type", None) != "gpt2" or cfg.activation_function != "gelu_new":
        return False
    from transformers.activations import ACT2FN

    for block in model.transformer.h:
        block.mlp.act = ACT2FN["gelu_pytorch_tanh"]
    cfg.activation_function = "gelu_pytorch_tanh"
    return True


class AlignedHead(torch.nn.Module):
    """A causal LM's output layer computed on the vocabulary padded to a multiple of `multiple` rows,
    the extra logits cut off: exactly the same logits and gradients as the plain layer. GPT-2's
    50257 rows are odd, and cuBLAS then runs this, the largest matmul of a training step (forward
    and both gradients), with a slow pre-Hopper kernel (what it cost on an H200: bench/results/README.md).
    The weight stays the same Parameter (tied to the input embedding), so checkpoints are unchanged."""

    def __init__(self, head: torch.nn.Linear, multiple: int):
        super().__init__()
        self.weight = head.weight
        self.bias = head.bias
        self.original: torch.nn.Linear
        object.__setattr__(self, "original", head)  # kept aside, not a submodule: no second state_dict key
        self.padded_rows = -(-head.weight.shape[0] // multiple) * multiple

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = self.weight.shape[0]
        pad = self.padded_rows - rows
        w = torch.nn.functional.pad(self.weight, (0, 0, 0, pad))
        b = None if self.bias is None else torch.nn.functional.pad(self.bias, (0, pad))
        # float(): the loss upcasts the logits anyway; doing it here makes one contiguous copy
        return torch.nn.functional.linear(x, w, b)[..., :rows].float().contiguous()


def align_head(model: Any, multiple: int) -> bool:
    """Swap the output layer for an AlignedHead when its rows are not a multiple of `multiple`."""
    head = getattr(model, "lm_head", None)
    if multiple <= 1 or not isinstance(head, torch.nn.Linear) or head.weight.shape[0] % multiple == 0:
        return False
    model.lm_head = AlignedHead(head, multiple)
    return True


def unalign_head(model: Any) -> None:
    """Put the plain output layer back (after training: the bot, generate() and saving see the usual model)."""
    head = getattr(model, "lm_head", None)
    if isinstance(head, AlignedHead):
        head.original.weight = head.weight  # still tied: the same Parameter
        model.lm_head = head.original


def _from_pretrained(args: ModelArguments) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    name = args.base_model
    local = Path(name).expanduser()
    if (name.startswith((".", "/", "~")) or local.exists()) and not local.is_dir():
        raise TrainerError(f"--base_model {name}: folder not found")
    if not local.is_dir() and not hub_reachable() and not _in_cache(name):
        raise ModelUnreachable(_HUB_HINT.format(name=name))
    try:
        tok = AutoTokenizer.from_pretrained(name)
        model = AutoModelForCausalLM.from_pretrained(name, attn_implementation=args.attn_implementation,
                                                     use_safetensors=True)  # never load a .bin (it can run code)
    except OSError as exc:
        if local.is_dir():
            raise TrainerError(f"--base_model {name}: not a usable model folder ({exc})") from exc
        raise ModelUnreachable(_HUB_HINT.format(name=name)) from exc
    return model, tok


def train_tokenizer(texts: Iterable[str], vocab_size: int) -> Any:
    """A byte-level BPE tokenizer (GPT-2's scheme) trained in seconds on the given texts."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(list(texts), vocab_size=vocab_size, min_frequency=2, special_tokens=[EOS],
                            show_progress=sys.stderr.isatty())  # its bar prints blank lines into logs
    return PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token=EOS, eos_token=EOS, unk_token=EOS,
                                   pad_token=EOS, model_max_length=1024)


def build_tiny(args: ModelArguments, tok: Any) -> Any:
    from transformers import GPT2Config, GPT2LMHeadModel

    cfg = GPT2Config(vocab_size=len(tok), n_positions=args.tiny_positions, n_embd=args.tiny_embd,
                     n_layer=args.tiny_layers, n_head=args.tiny_heads, bos_token_id=tok.eos_token_id,
                     eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    cfg._attn_implementation = args.attn_implementation
    return GPT2LMHeadModel(cfg)
