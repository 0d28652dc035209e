"""CLI: python -m trainer [--preset seed|default|tiny|medquad] [any field or TrainingArguments flag]
or python -m trainer run.json."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Any

from trainer import TrainerError
from trainer.config import PRESETS, DataArguments, ModelArguments, RunArguments, preset_defaults

# The Trainer flags people reach for; `--help-all` lists the other ~150.
COMMON_TRAINER_FLAGS = ("num_train_epochs", "max_steps", "learning_rate", "per_device_train_batch_size",
                        "per_device_eval_batch_size", "gradient_accumulation_steps", "warmup_steps", "weight_decay",
                        "lr_scheduler_type", "eval_strategy", "save_strategy", "logging_steps", "seed", "bf16", "fp16",
                        "use_cpu", "torch_compile", "activation_checkpointing", "disable_tqdm", "report_to", "fsdp")


def short_help() -> str:
    """medbot's own flags and the usual Trainer ones, instead of all ~190 (`--help-all`)."""
    import dataclasses

    from transformers import TrainingArguments

    lines = [f"usage: python -m trainer [--preset {{{','.join(PRESETS)}}}] [--FLAG VALUE ...] | run.json", "",
             (__doc__ or "").strip(), ""]
    for title, cls in (("model", ModelArguments), ("data", DataArguments), ("run", RunArguments)):
        lines.append(f"medbot {title} flags:")
        lines += [_flag_line(f) for f in dataclasses.fields(cls)]
        lines.append("")
    lines.append("common Trainer flags (transformers TrainingArguments; the preset sets their defaults):")
    fields = {f.name: f for f in dataclasses.fields(TrainingArguments)}
    lines += [_flag_line(fields[n]) for n in COMMON_TRAINER_FLAGS if n in fields]
    lines += ["", "every other TrainingArguments flag works too: `python -m trainer --help-all` lists them."]
    return "\n".join(lines)


def _flag_line(f: Any) -> str:
    import dataclasses

    default = "" if f.default is dataclasses.MISSING else f" (default: {f.default})"
    import textwrap

    text = textwrap.shorten(str(f.metadata.get("help", "")), 100, placeholder=" ...")
    return f"  --{f.name:<32} {text}{default}"


def distributed_cpu_defaults() -> dict[str, Any]:
    """Under torchrun on a machine without CUDA, the Trainer trains in parallel only with use_cpu
    (otherwise every process thinks it is alone: same rank, same lock, no gradient sync); gloo is
    the CPU backend. A GPU run keeps the defaults (NCCL). Flags given on the command line win."""
    import torch

    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return {}
    quiet = {"log_level_replica": "error"}  # the other ranks' transformers warnings repeat rank 0's
    return quiet | ({} if torch.cuda.is_available() else {"use_cpu": True, "ddp_backend": "gloo"})


def parse(argv: list[str]) -> tuple[ModelArguments, DataArguments, RunArguments, Any]:
    from transformers import HfArgumentParser, TrainingArguments

    parser = HfArgumentParser((ModelArguments, DataArguments, RunArguments, TrainingArguments),  # type: ignore[arg-type]
                              prog="python -m trainer", description=__doc__)
    if len(argv) == 1 and argv[0].endswith(".json"):
        with open(argv[0]) as f:
            cfg = json.load(f)
        merged = preset_defaults(cfg.get("preset", "default")) | distributed_cpu_defaults() | cfg
        return parser.parse_dict(merged, allow_extra_keys=False)  # type: ignore[return-value]
    pre = argparse.ArgumentParser(prog="python -m trainer", add_help=False)
    pre.add_argument("--preset", default="default", choices=PRESETS)
    known, _ = pre.parse_known_args(argv)
    parser.set_defaults(**preset_defaults(known.preset), **distributed_cpu_defaults())
    return parser.parse_args_into_dataclasses(argv)  # type: ignore[return-value]


def quiet_libraries() -> None:
    """transformers' warnings (`loss_type=None` ...) say nothing to a user of this CLI, and its load/save
    progress bars redraw with carriage returns when output is not a terminal. TRANSFORMERS_VERBOSITY
    set by the user wins."""
    from transformers.utils import logging as hf_logging

    if "TRANSFORMERS_VERBOSITY" not in os.environ:
        hf_logging.set_verbosity_error()
    if not sys.stderr.isatty():
        hf_logging.disable_progress_bar()
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "--help-all" in argv:
        argv = ["--help"]
    elif "-h" in argv or "--help" in argv:
        print(short_help())
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "urllib3", "huggingface_hub", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from trainer.train import run, summary_text

    quiet_libraries()
    if int(os.environ.get("RANK", "0")) > 0:
        logging.getLogger().setLevel(logging.WARNING)  # rank 0 logs for everyone
    try:
        model_args, data_args, run_args, train_args = parse(argv)
        if not sys.stderr.isatty() and not any(a.startswith("--disable_tqdm") for a in argv):
            train_args.disable_tqdm = True  # no carriage-return redraws in logs, pipes and CI
        summary = run(model_args, data_args, run_args, train_args)
    except TrainerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: models/current is unchanged", file=sys.stderr)
        return 130
    except OSError as exc:  # disk full, permissions, I/O errors while reading or saving
        print(f"error: {exc.strerror or exc} ({getattr(exc, 'filename', None) or 'I/O'}); "
              "models/current is unchanged", file=sys.stderr)
        return 1
    if summary:
        print(summary_text(summary))
    _leave_process_group()
    return 0


def _leave_process_group() -> None:
    """Under torchrun every rank waits here until rank 0 has evaluated and published, then all leave
    the process group together (a rank that just exits aborts the others' gloo threads). If rank 0
    fails instead, torchrun stops the rest."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    sys.exit(main())
