"""Trainer arguments (run_clm.py style dataclasses) and presets: named sets of defaults.

Every field is a CLI flag (`--max_length 128`), together with every `TrainingArguments` flag;
a JSON file can hold a whole run (`python -m trainer run.json`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

PRESETS = ("seed", "default", "tiny", "medquad")


@dataclass
class ModelArguments:
    base_model: str = field(default="gpt2", metadata={"help": "Hub name or local folder for from_pretrained"})
    from_scratch: bool = field(default=False, metadata={
        "help": "build a small GPT-2 from GPT2Config and train a BPE tokenizer on the data (offline, CPU)"})
    tiny_layers: int = field(default=2, metadata={"help": "from_scratch: transformer layers"})
    tiny_embd: int = field(default=128, metadata={"help": "from_scratch: hidden size"})
    tiny_heads: int = field(default=4, metadata={"help": "from_scratch: attention heads"})
    tiny_vocab: int = field(default=4096, metadata={"help": "from_scratch: BPE vocabulary size"})
    tiny_positions: int = field(default=512, metadata={"help": "from_scratch: context length (prompt + reply)"})
    attn_implementation: str = field(default="sdpa", metadata={"help": "eager or sdpa attention"})
    fused_gelu: bool = field(default=True, metadata={
        "help": "run GPT-2's tanh GELU (gelu_new, seven elementwise kernels) as torch's fused gelu_pytorch_tanh: "
                "the same function, one kernel; the published config says gelu_pytorch_tanh"})
    vocab_multiple: int = field(default=64, metadata={
        "help": "while training on a GPU, run the output layer as if its vocabulary were padded to a multiple of this "
                "(GPT-2: 50257 -> 50304 rows) and cut the extra logits off: the same logits and loss, but the "
                "largest matmul and its gradients get aligned shapes and fast tensor-core kernels; 1 = off"})


@dataclass
class DataArguments:
    data: str = field(default="medical_questions_pairs", metadata={
        "help": "Hub dataset name, or a local CSV/TSV/JSON/JSONL/Parquet file (gzip ok)"})
    data_split: str = field(default="train", metadata={"help": "split to read from a Hub dataset"})
    question_column: str | None = field(default=None, metadata={"help": "question column (auto: question, question_1)"})
    answer_column: str | None = field(default=None, metadata={"help": "answer column (auto: answer, question_2)"})
    group_column: str | None = field(default=None, metadata={
        "help": "keep rows sharing this value (e.g. focus = topic) on one side of the train/validation split"})
    filter: str = field(default="basic", metadata={
        "help": "seed = the tutorial's is_valid_pair rules exactly; basic = drop empty/short pairs only; none"})
    max_rows: int | None = field(default=None, metadata={"help": "read only the first N rows (the seed: 300)"})
    sample_pairs: int | None = field(default=None, metadata={
        "help": "keep a random N of the pairs left after filtering (seeded by split_seed): a quick run on big data"})
    dedupe: bool = field(default=True, metadata={"help": "drop exact duplicate pairs (the seed does not)"})
    dedupe_questions: bool = field(default=False, metadata={"help": "keep one answer per repeated question"})
    max_answer_chars: int | None = field(default=None, metadata={
        "help": "cut longer answers at the last sentence end before this many characters"})
    max_length: int = field(default=96, metadata={"help": "max tokens per training example (prompt + answer)"})
    packing: bool = field(default=False, metadata={
        "help": "pack each batch's examples into rows of up to pack_length tokens instead of padding each "
                "one (position ids restart per example, attention never crosses examples; same loss)"})
    pack_length: int | None = field(default=None, metadata={
        "help": "tokens per packed row (default and maximum: the model's context length, 1024 for GPT-2)"})
    pack_static: bool = field(default=False, metadata={
        "help": "packing, done once: every training example goes into rows of exactly pack_length tokens and a "
                "batch is per_device_train_batch_size ROWS (one shape, so torch_compile compiles once); "
                "implies --packing"})
    val_size: float = field(default=0.1, metadata={"help": "validation share"})
    split_seed: int = field(default=42, metadata={"help": "random_state of the train/validation split"})


@dataclass
class RunArguments:
    preset: str = field(default="default", metadata={"help": f"named defaults: {', '.join(PRESETS)}"})
    models_dir: str = field(default="models", metadata={"help": "versions go in <models_dir>/<UTC time>/"})
    keep_versions: int = field(default=3, metadata={"help": "published versions to keep (current is always kept)"})
    eval_generations: int = field(default=32, metadata={"help": "validation questions answered for BLEU/ROUGE"})
    publish: bool = field(default=True, metadata={"help": "switch <models_dir>/current to the new model"})
    keep_best_in_memory: bool = field(default=True, metadata={
        "help": "with save_strategy=no: keep the best epoch's weights in RAM and restore them at the end"})


def _gpu_bf16() -> bool:
    try:
        import torch

        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    except Exception:
        return False


def _checkpointing_flag() -> str:
    """transformers 5.2x renamed gradient_checkpointing to activation_checkpointing (the old name
    warns); older 5.x (the GPU box has 5.17) only knows the old one."""
    from transformers import TrainingArguments

    names = {f.name for f in dataclasses.fields(TrainingArguments)}
    return "activation_checkpointing" if "activation_checkpointing" in names else "gradient_checkpointing"


def _has_cuda() -> bool:
    try:
        import torch

        return torch.cuda.is_available()
    except Exception:
        return False


def preset_defaults(name: str) -> dict[str, Any]:
    """Flat defaults (field name -> value) for every dataclass field a preset sets."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    common: dict[str, Any] = {
        "preset": name, "report_to": "none", "logging_steps": 10, "seed": 42,
        "remove_unused_columns": False, "output_dir": "models/.trainer-tmp",
    }
    if name == "seed":
        # The tutorial's recipe, argument for argument (evaluation_strategy -> eval_strategy).
        return common | {
            "filter": "seed", "max_rows": 300, "dedupe": False, "max_length": 96,
            "num_train_epochs": 5, "per_device_train_batch_size": 1, "per_device_eval_batch_size": 1,
            "gradient_accumulation_steps": 128, "eval_steps": 100, "save_steps": 100, "warmup_steps": 200,
            "learning_rate": 2e-5, "eval_strategy": "steps", "save_strategy": "steps",
            "load_best_model_at_end": True, "save_total_limit": 1, _checkpointing_flag(): True,
            "fp16": False, "bf16": False, "optim": "adamw_torch_fused", "max_grad_norm": 0.5,
            "fused_gelu": False, "vocab_multiple": 1,
        }
    fast = {
        "eval_strategy": "epoch", "save_strategy": "no", _checkpointing_flag(): False,
        "optim": "adamw_torch_fused", "weight_decay": 0.01, "max_grad_norm": 1.0,
        "lr_scheduler_type": "cosine", "warmup_steps": 0.05, "dataloader_num_workers": 0,
        "bf16": _gpu_bf16(), "tf32": True if _has_cuda() else None, "dataloader_pin_memory": _has_cuda(),
    }
    if name == "default":
        # Measured on MQP: batch 32 without accumulation moves the weights every step (~86 steps/epoch).
        return common | fast | {
            "filter": "basic", "max_length": 128, "num_train_epochs": 5,
            "per_device_train_batch_size": 32, "per_device_eval_batch_size": 64, "learning_rate": 5e-5,
        }
    if name == "tiny":
        # From scratch on CPU: a 2-layer GPT-2 needs a high learning rate to learn anything in a minute.
        return common | fast | {
            "data": "lavita/MedQuAD", "sample_pairs": 1500,
            "from_scratch": True, "filter": "basic", "max_length": 96, "num_train_epochs": 3,
            "per_device_train_batch_size": 32, "per_device_eval_batch_size": 64, "learning_rate": 2e-3,
            "eval_generations": 16, "optim": "adamw_torch", "logging_steps": 20,
        }
    # medquad: real NIH answers run to a median 162 tokens (p90 464, measured with a 50k BPE), so answers
    # are cut at a sentence end before 700 chars: examples then have median 121, p95 159, max 233 tokens,
    # and max_length 256 holds every one whole.
    return common | fast | {
        "data": "lavita/MedQuAD", "filter": "basic", "max_length": 256, "max_answer_chars": 700,
        "group_column": "focus", "dedupe_questions": True, "num_train_epochs": 3,
        "per_device_train_batch_size": 16, "per_device_eval_batch_size": 32, "learning_rate": 5e-5,
    }
