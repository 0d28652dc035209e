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


def parse(argv: list[str]) -> tuple[ModelArguments, DataArguments, RunArguments, Any]:
    from transformers import HfArgumentParser, TrainingArguments

    parser = HfArgumentParser((ModelArguments, DataArguments, RunArguments, TrainingArguments),  # type: ignore[arg-type]
                              prog="python -m trainer", description=__doc__)
    if len(argv) == 1 and argv[0].endswith(".json"):
        with open(argv[0]) as f:
            cfg = json.load(f)
        merged = preset_defaults(cfg.get("preset", "default")) | cfg
        return parser.parse_dict(merged, allow_extra_keys=False)  # type: ignore[return-value]
    pre = argparse.ArgumentParser(prog="python -m trainer", add_help=False)
    pre.add_argument("--preset", default="default", choices=PRESETS)
    known, _ = pre.parse_known_args(argv)
    parser.set_defaults(**preset_defaults(known.preset))
    return parser.parse_args_into_dataclasses(argv)  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "urllib3", "huggingface_hub", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from trainer.train import run, summary_text

    try:
        model_args, data_args, run_args, train_args = parse(argv)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
