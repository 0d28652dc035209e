"""The training pipeline: data -> model -> Trainer -> evaluation -> publish."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import platform
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch

from bot import prompt as P
from trainer import TrainerError
from trainer.config import DataArguments, ModelArguments, RunArguments
from trainer.data import Prepared, format_report, prepare, save_report
from trainer.evaluate import collate, score
from trainer.model import load_base, unalign_head
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


class QADataset(torch.utils.data.Dataset):  # type: ignore[type-arg]
    """Tokenized (input_ids, labels) pairs built by the shared prompt code."""

    def __init__(self, pairs: list[tuple[str, str]], tokenizer: Any, max_length: int):
        self.rows = [P.example_ids(tokenizer, q, a, max_length) for q, a in pairs]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> dict[str, list[int]]:
        ids, labels = self.rows[i]
        return {"input_ids": ids, "labels": labels}

    def tokens(self) -> int:
        return sum(len(ids) for ids, _ in self.rows)


class Collator:
    """Dynamic padding to the longest example in the batch; pads never count in the loss.

    With `pack_length`, the batch's examples are packed first-fit-decreasing into rows of at most
    that many tokens instead (padding-free training): `position_ids` restart at 0 for every
    example and no attention mask is passed, so transformers builds a block-causal mask from the
    position ids and no token attends across examples; the first token of every example is a
    prompt token (label -100), so no loss crosses a boundary either. Same loss, far fewer padded
    tokens: MQP examples are ~70 tokens and a padded batch is as wide as its longest one."""

    def __init__(self, pad_id: int, pack_length: int | None = None):
        self.pad_id = pad_id
        self.pack_length = pack_length

    def __call__(self, feats: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        if "position_ids" in feats[0]:  # rows of PackedRows: already packed, one shape
            return {k: torch.stack([f[k] for f in feats]) for k in ("input_ids", "labels", "position_ids")}
        rows = [(f["input_ids"], f["labels"]) for f in feats]
        if self.pack_length:
            return pack(rows, self.pack_length, self.pad_id)
        return collate(rows, self.pad_id)


def pack_bins(lengths: list[int], length: int) -> list[list[int]]:
    """Indices of `lengths` in first-fit-decreasing bins of at most `length` tokens."""
    bins: list[list[int]] = []
    room: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        n = lengths[i]
        if n > length:
            raise ValueError(f"an example of {n} tokens does not fit a packed row of {length}")
        j = next((b for b, r in enumerate(room) if r >= n), None)
        if j is None:
            bins.append([i])
            room.append(length - n)
        else:
            bins[j].append(i)
            room[j] -= n
    return bins


class PackedRows(torch.utils.data.Dataset):  # type: ignore[type-arg]
    """Every example of `ds` packed once, first-fit-decreasing, into rows of exactly `length`
    tokens (see Collator for why the loss is unchanged): every batch has one static shape, what
    torch.compile needs to compile once. Items carry `n`, their real (non-padding) tokens."""

    def __init__(self, ds: QADataset, length: int, pad_id: int):
        bins = pack_bins([len(ids) for ids, _ in ds.rows], length)
        self.data = pack(ds.rows, length, pad_id, width=length, bins=bins)
        self.real = [sum(len(ds.rows[i][0]) for i in b) for b in bins]
        self.examples = len(ds)
        self._tokens = ds.tokens()

    def __len__(self) -> int:
        return len(self.real)

    def __getitem__(self, i: int) -> dict[str, Any]:
        return {k: v[i] for k, v in self.data.items()} | {"n": self.real[i]}

    def tokens(self) -> int:
        return self._tokens


class _NoPaddingMaskWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "strongly recommend passing in an `attention_mask`" not in record.getMessage()


def pack(rows: list[tuple[list[int], list[int]]], length: int, pad_id: int, width: int | None = None,
         bins: list[list[int]] | None = None) -> dict[str, torch.Tensor]:
    """First-fit-decreasing bins of at most `length` tokens (or the given `bins`), padded to the
    longest bin (or to `width`: fixed shapes for compiled training); see Collator."""
    bins = bins or pack_bins([len(ids) for ids, _ in rows], length)
    width = max(width or 0, max(sum(len(rows[i][0]) for i in b) for b in bins))
    ids = torch.full((len(bins), width), pad_id, dtype=torch.long)
    labels = torch.full((len(bins), width), -100, dtype=torch.long)
    pos = torch.zeros((len(bins), width), dtype=torch.long)
    for b, members in enumerate(bins):
        at = 0
        for i in members:
            x, y = rows[i]
            if y and y[0] != -100:
                y = [-100, *y[1:]]  # never predict an example's first token from the previous example
            ids[b, at:at + len(x)] = torch.tensor(x)
            labels[b, at:at + len(y)] = torch.tensor(y)
            pos[b, at:at + len(x)] = torch.arange(len(x))
            at += len(x)
    return {"input_ids": ids, "labels": labels, "position_ids": pos}


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


def run(model_args: ModelArguments, data_args: DataArguments, run_args: RunArguments, train_args: Any,
        say: Any = print) -> dict[str, Any]:
    """The whole pipeline. Returns the summary; raises TrainerError on expected failures."""
    t_start = time.perf_counter()
    models_dir = Path(run_args.models_dir)
    check_writable(models_dir)
    main_proc = train_args.process_index == 0
    if not main_proc:  # under torchrun: the data report, progress and summary come from rank 0 only
        say = _silent
    with run_lock(models_dir) if main_proc else contextlib.nullcontext():
        say("Loading and filtering data...")
        data = prepare(data_args)
        say(format_report(data.report))
        work = new_partial(models_dir) if main_proc else models_dir / ".rank-tmp"
        with discard_on_failure(work) if main_proc else contextlib.nullcontext():
            return _train_and_publish(data, work, main_proc, model_args, data_args, run_args, train_args, say,
                                      t_start)


def _train_and_publish(data: Prepared, work: Path, main_proc: bool, model_args: ModelArguments,
                       data_args: DataArguments, run_args: RunArguments, train_args: Any, say: Any,
                       t_start: float) -> dict[str, Any]:
    from transformers import Trainer

    models_dir = work.parent
    if main_proc:
        save_report(data, work)
    say(f"Setting up model ({'from scratch' if model_args.from_scratch else model_args.base_model})...")
    texts = [P.format_example(q, a, "") for q, a in zip(data.train.question, data.train.answer, strict=True)]
    model, tok = load_base(model_args, texts)
    packing = data_args.packing or data_args.pack_static
    if train_args.gradient_checkpointing or packing:
        model.config.use_cache = False  # packed rows: the block mask is only built without a cache
    pack_length = None
    if packing:
        pack_length = data_args.pack_length or model.config.n_positions
        if not data_args.max_length <= pack_length <= model.config.n_positions:
            raise TrainerError(f"--pack_length {pack_length}: must lie between --max_length "
                               f"{data_args.max_length} and the model's {model.config.n_positions} positions")
        # packed rows end in padding and carry no attention mask on purpose (position ids mark the
        # examples): transformers' "may be padded" warning does not apply
        logging.getLogger("transformers.modeling_utils").addFilter(_NoPaddingMaskWarning())
    train_pairs = list(zip(data.train.question, data.train.answer, strict=True))
    val_pairs = list(zip(data.val.question, data.val.answer, strict=True))
    examples = QADataset(train_pairs, tok, data_args.max_length)
    train_ds: QADataset | PackedRows = examples
    if data_args.pack_static and pack_length:
        train_ds = PackedRows(examples, pack_length, tok.pad_token_id)
        say(f"Packed {len(examples)} examples into {len(train_ds)} rows of {pack_length} tokens "
            f"({1 - examples.tokens() / (len(train_ds) * pack_length):.1%} padding); a batch is "
            f"{train_args.per_device_train_batch_size} rows")
    val_ds = QADataset(val_pairs, tok, data_args.max_length)
    train_args.output_dir = str(work / "checkpoints")
    callbacks = []
    if train_args.save_strategy == "no" and run_args.keep_best_in_memory and train_args.eval_strategy != "no":
        callbacks.append(_best_in_memory_callback())
    trainer = Trainer(model=model, args=train_args, train_dataset=train_ds, eval_dataset=val_ds,
                      data_collator=Collator(tok.pad_token_id, pack_length),
                      processing_class=tok, callbacks=callbacks)
    if train_args.disable_tqdm:  # one line an epoch instead of the Trainer's metric dicts
        from transformers.trainer_callback import PrinterCallback

        trainer.remove_callback(PrinterCallback)
        trainer.add_callback(_epoch_lines_callback(say))
    before = trainer.evaluate()["eval_loss"]
    say(f"Validation loss before training: {before:.4f}")
    out = trainer.train()
    after = trainer.evaluate()["eval_loss"]
    unalign_head(model)
    model.config.use_cache = True  # the published model generates with its KV cache
    if not main_proc:
        return {}
    runtime = float(out.metrics.get("train_runtime", 0.0))
    summary = _evaluate_and_save(trainer, tok, data, val_pairs, data_args, run_args, work, {
        "train_examples": len(examples), "val_examples": len(val_ds),
        "eval_loss_before": round(before, 4), "eval_loss_after": round(after, 4),
        "perplexity_after": round(math.exp(min(after, 50)), 3), "train_runtime_s": round(runtime, 2),
        "train_tokens_per_s": round(train_ds.tokens() * train_args.num_train_epochs / max(runtime, 1e-9), 1),
        "epochs": train_args.num_train_epochs, "global_steps": out.global_step,
        "processes": train_args.world_size,
        "global_batch_size": (train_args.per_device_train_batch_size * train_args.world_size
                              * train_args.gradient_accumulation_steps),
    }, model_args, train_args)
    reply = _verify(work, say)  # before the rename: a model that fails is never a version
    final = finalize(work)
    summary["self_test_answer"] = reply
    if run_args.publish:
        switch_current(models_dir, final)
        removed = prune(models_dir, run_args.keep_versions)
        summary["pruned"] = [p.name for p in removed]
    summary["model_dir"] = str(final)
    summary["total_wall_s"] = round(time.perf_counter() - t_start, 2)
    return summary


def _evaluate_and_save(trainer: Any, tok: Any, data: Prepared, val_pairs: list[tuple[str, str]],
                       data_args: DataArguments, run_args: RunArguments, work: Path, metrics: dict[str, Any],
                       model_args: ModelArguments, train_args: Any) -> dict[str, Any]:
    from bot.engine import Engine, GenerationConfig

    model = trainer.model.eval()
    engine = Engine(model, tok, GenerationConfig(), next(model.parameters()).device, version=work.name)
    topics = data.val["group"].tolist() if "group" in data.val.columns else None
    quality = score(engine, val_pairs, data_args.max_length, run_args.eval_generations, topics=topics)
    metrics |= {"bleu": quality["bleu"], "rouge_l": quality["rouge_l"], "answer_shaped": quality["answer_shaped"],
                "answer_perplexity": quality["answer_perplexity"], "samples": quality["samples"],
                "evaluated_with": {"answer_mode": "generate", "data": data_args.data, "split": "validation"}}
    if "on_topic" in quality:
        metrics["on_topic"] = quality["on_topic"]
    trainer.save_model(str(work))
    tok.save_pretrained(str(work))
    _rmtree(work / "checkpoints")
    config = {"preset": run_args.preset, "prompt_template": P.TEMPLATE, "data_source": data_args.data,
              "model": asdict(model_args), "data": asdict(data_args), "run": asdict(run_args),
              "training": _jsonable(train_args.to_dict()), "versions": library_versions()}
    (work / "train_config.json").write_text(json.dumps(config, indent=2, default=str))
    (work / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False))
    from trainer.evaluate import markdown_table

    (work / "eval.md").write_text(markdown_table({work.name.removesuffix(".partial"): quality}) + "\n")
    return metrics


def _verify(work: Path, say: Any) -> str:
    """Reload the saved folder from disk and check that it answers before it becomes a version."""
    from bot.engine import Engine, ModelLoadError, SelfTestError

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
