"""The training pipeline: data -> model -> Trainer -> evaluation -> publish."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from medbot import prompt
from trainer import TrainerError
from trainer.config import DataArguments, ModelArguments, RunArguments
from trainer.data import Prepared, format_report, prepare, save_report
from trainer.evaluate import score
from trainer.model import load_base, unalign_head
from trainer.packing import Collator, NoPaddingMaskWarning, PackedRows, QADataset
from trainer.publish import (
    check_writable,
    discard_on_failure,
    finalize,
    new_partial,
    prune,
    run_lock,
    switch_current,
)

log = logging.getLogger(__name__)


def _silent(*_: Any, **__: Any) -> None:
    return None


def _epoch_lines_callback(say: Any) -> Any:
    from transformers import TrainerCallback

    class EpochLines(TrainerCallback):  # type: ignore[misc]
        """When there is no progress bar (output is not a terminal): one readable line an evaluation."""

        last_step = -1

        def on_evaluate(self, args: Any, state: Any, control: Any, metrics: Any = None, **kw: Any) -> None:
            if state.epoch and metrics and "eval_loss" in metrics and state.global_step != self.last_step:
                self.last_step = state.global_step
                say(f"epoch {state.epoch:g}/{args.num_train_epochs:g}: validation loss {metrics['eval_loss']:.4f} "
                    f"(step {state.global_step}/{state.max_steps})")

    return EpochLines()


def _best_in_memory_callback() -> Any:
    from transformers import TrainerCallback

    class BestInMemory(TrainerCallback):  # type: ignore[misc]
        """Keep the best epoch's weights in RAM (no checkpoint writes) and restore them at the end."""

        def __init__(self) -> None:
            self.best: float | None = None
            self.state: dict[str, torch.Tensor] | None = None

        def on_evaluate(self, args: Any, state: Any, control: Any, metrics: Any = None, model: Any = None,
                        **kw: Any) -> None:
            loss = (metrics or {}).get("eval_loss")
            if model is not None and loss is not None and (self.best is None or loss < self.best):
                self.best = loss
                self.state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}

        def on_train_end(self, args: Any, state: Any, control: Any, model: Any = None, **kw: Any) -> None:
            if model is not None and self.state is not None:
                model.load_state_dict(self.state)
                log.info("restored the best epoch's weights (eval_loss %.4f)", self.best)

    return BestInMemory()


def library_versions() -> dict[str, str]:
    import transformers

    return {"python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__}


@dataclass
class RunSpec:
    """One training run: the four argument groups, where progress goes, and when it started."""

    model: ModelArguments
    data: DataArguments
    run: RunArguments
    train: Any  # transformers.TrainingArguments
    say: Callable[[str], None]
    started: float


def run(model_args: ModelArguments, data_args: DataArguments, run_args: RunArguments, train_args: Any,
        say: Any = print) -> dict[str, Any]:
    """The whole pipeline. Returns the summary; raises TrainerError on expected failures."""
    spec = RunSpec(model_args, data_args, run_args, train_args, say, time.perf_counter())
    models_dir = Path(run_args.models_dir)
    check_writable(models_dir)
    main_proc = train_args.process_index == 0
    if not main_proc:  # under torchrun: the data report, progress and summary come from rank 0 only
        spec.say = _silent
    with run_lock(models_dir) if main_proc else contextlib.nullcontext():
        spec.say("Loading and filtering data...")
        data = prepare(data_args)
        spec.say(format_report(data.report))
        work = new_partial(models_dir) if main_proc else models_dir / ".rank-tmp"
        with discard_on_failure(work) if main_proc else contextlib.nullcontext():
            return _train_and_publish(data, work, main_proc, spec)


def _train_and_publish(data: Prepared, work: Path, main_proc: bool, spec: RunSpec) -> dict[str, Any]:
    """Train in `work`; on rank 0 evaluate, save, self-test and publish it. Returns the summary."""
    if main_proc:
        save_report(data, work)
    m = spec.model
    spec.say(f"Setting up model ({'from scratch' if m.from_scratch else m.base_model})...")
    texts = [prompt.format_example(q, a, "") for q, a in zip(data.train.question, data.train.answer, strict=True)]
    model, tok = load_base(m, texts)
    pack_length = _pack_length(model, spec)
    train_ds, val_ds = _datasets(data, tok, pack_length, spec)
    trainer = _make_trainer(model, tok, train_ds, val_ds, pack_length, work, spec)
    before = trainer.evaluate()["eval_loss"]
    spec.say(f"Validation loss before training: {before:.4f}")
    out = trainer.train()
    after = trainer.evaluate()["eval_loss"]
    unalign_head(model)
    model.config.use_cache = True  # the published model generates with its KV cache
    if not main_proc:
        return {}
    t = spec.train
    runtime = float(out.metrics.get("train_runtime", 0.0))
    summary = _evaluate_and_save(trainer, tok, data, work, spec, {
        "train_examples": len(data.train), "val_examples": len(val_ds),
        "eval_loss_before": round(before, 4), "eval_loss_after": round(after, 4),
        "perplexity_after": round(math.exp(min(after, 50)), 3), "train_runtime_s": round(runtime, 2),
        "train_tokens_per_s": round(train_ds.tokens() * t.num_train_epochs / max(runtime, 1e-9), 1),
        "epochs": t.num_train_epochs, "global_steps": out.global_step, "processes": t.world_size,
        "global_batch_size": t.per_device_train_batch_size * t.world_size * t.gradient_accumulation_steps,
    })
    return _publish(work, summary, spec)


def _pack_length(model: Any, spec: RunSpec) -> int | None:
    """Tokens per packed row with --packing/--pack_static (None without), checked against the model."""
    d = spec.data
    packing = d.packing or d.pack_static
    if spec.train.gradient_checkpointing or packing:
        model.config.use_cache = False  # packed rows: the block mask is only built without a cache
    if not packing:
        return None
    length = int(d.pack_length or model.config.n_positions)
    if not d.max_length <= length <= model.config.n_positions:
        raise TrainerError(f"--pack_length {length}: must lie between --max_length "
                           f"{d.max_length} and the model's {model.config.n_positions} positions")
    # packed rows end in padding and carry no attention mask on purpose (position ids mark the
    # examples): transformers' "may be padded" warning does not apply
    logging.getLogger("transformers.modeling_utils").addFilter(NoPaddingMaskWarning())
    return length


def _datasets(data: Prepared, tok: Any, pack_length: int | None,
              spec: RunSpec) -> tuple[QADataset | PackedRows, QADataset]:
    """(training set, validation set): tokenized, the training set packed once with --pack_static."""
    d = spec.data
    examples = QADataset(list(zip(data.train.question, data.train.answer, strict=True)), tok, d.max_length)
    val_ds = QADataset(list(zip(data.val.question, data.val.answer, strict=True)), tok, d.max_length)
    if not (d.pack_static and pack_length):
        return examples, val_ds
    rows = PackedRows(examples, pack_length, tok.pad_token_id)
    spec.say(f"Packed {len(examples)} examples into {len(rows)} rows of {pack_length} tokens "
             f"({1 - examples.tokens() / (len(rows) * pack_length):.1%} padding); a batch is "
             f"{spec.train.per_device_train_batch_size} rows")
    return rows, val_ds


def _make_trainer(model: Any, tok: Any, train_ds: Any, val_ds: Any, pack_length: int | None, work: Path,
                  spec: RunSpec) -> Any:
    from transformers import Trainer

    t = spec.train
    t.output_dir = str(work / "checkpoints")
    callbacks = []
    if t.save_strategy == "no" and spec.run.keep_best_in_memory and t.eval_strategy != "no":
        callbacks.append(_best_in_memory_callback())
    trainer = Trainer(model=model, args=t, train_dataset=train_ds, eval_dataset=val_ds,
                      data_collator=Collator(tok.pad_token_id, pack_length),
                      processing_class=tok, callbacks=callbacks)
    if t.disable_tqdm:  # one line an epoch instead of the Trainer's metric dicts
        from transformers.trainer_callback import PrinterCallback

        trainer.remove_callback(PrinterCallback)
        trainer.add_callback(_epoch_lines_callback(spec.say))
    return trainer


def _publish(work: Path, summary: dict[str, Any], spec: RunSpec) -> dict[str, Any]:
    """Self-test the saved folder, make it a version and (with --publish) switch `current` to it."""
    models_dir = work.parent
    reply = _verify(work, spec.say)  # before the rename: a model that fails is never a version
    final = finalize(work)
    summary["self_test_answer"] = reply
    if spec.run.publish:
        switch_current(models_dir, final)
        removed = prune(models_dir, spec.run.keep_versions)
        summary["pruned"] = [p.name for p in removed]
    summary["model_dir"] = str(final)
    summary["total_wall_s"] = round(time.perf_counter() - spec.started, 2)
    return summary


def _evaluate_and_save(trainer: Any, tok: Any, data: Prepared, work: Path, spec: RunSpec,
                       metrics: dict[str, Any]) -> dict[str, Any]:
    from bot.generation.engine import Engine, GenerationConfig

    model = trainer.model.eval()
    engine = Engine(model, tok, GenerationConfig(), next(model.parameters()).device, version=work.name)
    topics = data.val["group"].tolist() if "group" in data.val.columns else None
    val_pairs = list(zip(data.val.question, data.val.answer, strict=True))
    quality = score(engine, val_pairs, spec.data.max_length, spec.run.eval_generations, topics=topics)
    metrics |= {"bleu": quality["bleu"], "rouge_l": quality["rouge_l"], "answer_shaped": quality["answer_shaped"],
                "answer_perplexity": quality["answer_perplexity"], "samples": quality["samples"],
                "evaluated_with": {"answer_mode": "generate", "data": spec.data.data, "split": "validation"}}
    if "on_topic" in quality:
        metrics["on_topic"] = quality["on_topic"]
    trainer.save_model(str(work))
    tok.save_pretrained(str(work))
    _rmtree(work / "checkpoints")
    config = {"preset": spec.run.preset, "prompt_template": prompt.TEMPLATE, "data_source": spec.data.data,
              "model": asdict(spec.model), "data": asdict(spec.data), "run": asdict(spec.run),
              "training": _jsonable(spec.train.to_dict()), "versions": library_versions()}
    (work / "train_config.json").write_text(json.dumps(config, indent=2, default=str))
    (work / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False))
    from trainer.evaluate import markdown_table

    (work / "eval.md").write_text(markdown_table({work.name.removesuffix(".partial"): quality}) + "\n")
    return metrics


def _verify(work: Path, say: Any) -> str:
    """Reload the saved folder from disk and check that it answers before it becomes a version."""
    from bot.generation.engine import Engine, ModelLoadError, SelfTestError

    try:
        reply = Engine.load(work, device="cpu" if not torch.cuda.is_available() else "auto").self_test()
    except ModelLoadError as exc:
        raise TrainerError(f"the saved model does not load, not publishing it: {exc}") from exc
    except SelfTestError as exc:
        raise TrainerError(f"the trained model failed its self-test, not publishing it: {exc}") from exc
    say(f"Reloaded {work.name.removesuffix('.partial')} from disk; self-test answer: {reply[:120]!r}")
    return reply


def _rmtree(p: Path) -> None:
    import shutil

    shutil.rmtree(p, ignore_errors=True)


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool | type(None) | list | dict) else str(v)
            for k, v in d.items() if "token" not in k}


def summary_text(s: dict[str, Any]) -> str:
    return "\n".join([
        "", "==== medbot training summary ====",
        f"examples: {s['train_examples']} train / {s['val_examples']} validation",
        f"validation loss: {s['eval_loss_before']} -> {s['eval_loss_after']} (perplexity {s['perplexity_after']})",
        f"BLEU: {s['bleu']}   ROUGE-L: {s['rouge_l']}   answer-shaped: {s['answer_shaped']}"
        + (f"   on-topic: {s['on_topic']}" if "on_topic" in s else ""),
        f"training: {s['train_runtime_s']} s, {s['train_tokens_per_s']} tokens/s; total {s['total_wall_s']} s",
        f"steps: {s.get('global_steps')} of a global batch of {s.get('global_batch_size')} examples "
        f"({s.get('processes', 1)} process(es))",
        f"model: {s['model_dir']}"
        + (f"  (now {Path(s['model_dir']).parent / 'current'})" if "pruned" in s else "  (not published)"),
    ])
