"""Training throughput of the `seed` arguments vs the `default` preset on the same model and data,
in one run; then the whole default fine-tune (load to published model). Table + JSON.

CPU (CI):  python bench/train.py --tiny
GPU:       python bench/train.py --json out.json     (random-init model of GPT-2's exact shape)
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path
from typing import Any

from common import H100_BF16_PEAK, default_data, device_name, make_model, table, write_json


def training_args(preset: str, out: Path, **over: Any) -> Any:
    from transformers import TrainingArguments

    from trainer.config import preset_defaults

    names = {f.name for f in dataclasses.fields(TrainingArguments)}
    kw = {k: v for k, v in preset_defaults(preset).items() if k in names}
    kw |= {"output_dir": str(out), "disable_tqdm": True, "report_to": "none", "eval_strategy": "no",
           "save_strategy": "no", "load_best_model_at_end": False, "logging_steps": 10_000}
    return TrainingArguments(**(kw | over))


def profile_summary(prof: Any, steps: int, wall_s: float) -> dict[str, Any]:
    """Where a training step's time goes: device kernel time against wall time, kernel launches per
    step (launch-bound when busy_share is low and launches are many), and the top ops."""
    from torch.autograd import DeviceType

    avgs = prof.key_averages()
    kernels = [e for e in avgs if e.device_type == DeviceType.CUDA]
    busy_us = sum(e.self_device_time_total for e in kernels)
    sort = "self_device_time_total" if kernels else "self_cpu_time_total"
    return {"profiled_steps": steps, "step_ms": 1e3 * wall_s / steps, "kernel_ms_per_step": busy_us / 1e3 / steps,
            "busy_share": busy_us / 1e6 / wall_s, "kernels_per_step": sum(e.count for e in kernels) / steps,
            "top_ops": avgs.table(sort_by=sort, row_limit=12, max_name_column_width=60)}


def throughput(model_dir: Path, pairs: list[tuple[str, str]], args: Any, max_length: int,
               warm_steps: int, pack_length: int | None = None, fixed_rows: int | None = None,
               profile_steps: int = 0, **model_over: Any) -> dict[str, Any]:
    """Tokens/s over the optimizer steps after `warm_steps` (start-up and compile excluded).

    `pack_length`: each batch's examples packed into rows (the trainer's --packing).
    `fixed_rows`: every example pre-packed once into rows of exactly this many tokens, a batch
    being per_device_train_batch_size rows: one static shape, so torch.compile compiles once.
    `profile_steps`: run torch.profiler over that many steps after the warm-up (slows them: use a
    separate run from the timed one). `model_over`: ModelArguments fields (fused_gelu, vocab_multiple)."""
    import torch
    from transformers import Trainer, TrainerCallback

    from trainer.config import ModelArguments
    from trainer.model import load_base
    from trainer.packing import Collator, PackedRows, QADataset

    model, tok = load_base(ModelArguments(base_model=str(model_dir), **model_over))
    if args.gradient_checkpointing or pack_length or fixed_rows:
        model.config.use_cache = False
    ds = QADataset(pairs, tok, max_length)
    seen = {"tokens": 0, "slots": 0}
    base = Collator(tok.pad_token_id, pack_length)
    train_ds: Any = ds

    def counting(feats: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        seen["tokens"] += sum(int(f["n"]) if "n" in f else len(f["input_ids"]) for f in feats)
        batch = base(feats)
        seen["slots"] += batch["input_ids"].numel()
        return batch

    if fixed_rows:
        train_ds = PackedRows(ds, fixed_rows, tok.pad_token_id)  # the trainer's --pack_static

    marks: list[tuple[float, int]] = []

    prof: dict[str, Any] = {}

    class Clock(TrainerCallback):  # type: ignore[misc]
        def on_step_end(self, a: Any, state: Any, control: Any, **kw: Any) -> None:
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            marks.append((time.perf_counter(), seen["tokens"]))
            if profile_steps and len(marks) == warm_steps:
                acts = [torch.profiler.ProfilerActivity.CPU] + (
                    [torch.profiler.ProfilerActivity.CUDA] if torch.cuda.is_available() else [])
                prof["p"] = torch.profiler.profile(activities=acts)
                prof["p"].__enter__()
                prof["t0"] = time.perf_counter()
            elif profile_steps and len(marks) == warm_steps + profile_steps and "p" in prof:
                prof["p"].__exit__(None, None, None)
                prof["summary"] = profile_summary(prof["p"], profile_steps, time.perf_counter() - prof["t0"])
                control.should_training_stop = True

    trainer = Trainer(model=model, args=args, train_dataset=train_ds, data_collator=counting, callbacks=[Clock()])
    t0 = time.perf_counter()
    trainer.train()
    wall = time.perf_counter() - t0
    (t_a, n_a), (t_b, n_b) = marks[min(warm_steps, len(marks) - 2)], marks[-1]
    tps = (n_b - n_a) / (t_b - t_a)
    params = sum(p.numel() for p in model.parameters())
    if "summary" in prof:
        return {"run_s": wall, **prof["summary"]}
    return {"tokens_per_s": tps, "params": params, "steps": len(marks), "wall_s": wall,
            "epoch_tokens": ds.tokens(), "mfu": 6 * params * tps / H100_BF16_PEAK,
            "padding_share": 1 - seen["tokens"] / max(seen["slots"], 1)}


def packed_loss_matches(model_dir: Path, pairs: list[tuple[str, str]], max_length: int) -> float:
    """|padded loss - packed loss| on one batch: packing must not change what is learned (this
    transformers version must build the block mask from position ids)."""
    import torch

    from trainer.config import ModelArguments
    from trainer.model import load_base
    from trainer.packing import Collator, QADataset

    model, tok = load_base(ModelArguments(base_model=str(model_dir)))
    model.config.use_cache = False
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(dev).eval()
    ds = QADataset(pairs[:64], tok, max_length)
    feats = [ds[i] for i in range(len(ds))]
    with torch.no_grad():
        a = model(**{k: v.to(dev) for k, v in Collator(tok.pad_token_id)(feats).items()}).loss
        b = model(**{k: v.to(dev) for k, v in Collator(tok.pad_token_id, 1024)(feats).items()}).loss
    return abs(float(a) - float(b))


def full_run(model_dir: Path, data: str, models_dir: Path, preset: str, **over: Any) -> dict[str, Any]:
    from transformers import TrainingArguments

    from trainer.config import DataArguments, ModelArguments, RunArguments, preset_defaults
    from trainer.train import run

    d = preset_defaults(preset) | over
    pick = lambda cls: cls(**{f.name: d[f.name] for f in dataclasses.fields(cls) if f.name in d})  # noqa: E731
    m, da, r = pick(ModelArguments), pick(DataArguments), pick(RunArguments)
    m.base_model, m.from_scratch, da.data, r.models_dir = str(model_dir), False, data, str(models_dir)
    ta = pick(TrainingArguments)
    ta.disable_tqdm = True
    t0 = time.perf_counter()
    s = run(m, da, r, ta, say=lambda *_: None)
    return {"wall_s": time.perf_counter() - t0, "train_runtime_s": s["train_runtime_s"],
            "train_tokens_per_s": s["train_tokens_per_s"], "global_steps": s["global_steps"],
            "eval_loss_before": s["eval_loss_before"], "eval_loss_after": s["eval_loss_after"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="tiny model, few steps (CPU, CI)")
    ap.add_argument("--data", default=default_data())
    ap.add_argument("--seed_steps", type=int, default=0, help="optimizer steps measured for the seed args")
    ap.add_argument("--batch_sizes", default="", help="extra default-preset batch sizes to try, e.g. 64,128")
    ap.add_argument("--compile", action="store_true",
                    help="also try torch_compile on pre-packed rows of one static shape")
    ap.add_argument("--compile_padded", action="store_true",
                    help="also try torch_compile with dynamic padding (recompiles per shape; measured: does not pay)")
    ap.add_argument("--packing", action="store_true",
                    help="also run the default preset (and each --batch_sizes) with packed rows of 1024 tokens")
    ap.add_argument("--full", action="store_true", help="also time the whole default fine-tune end to end")
    ap.add_argument("--profile", action="store_true",
                    help="also profile 3 steps at batch 32 and the largest --batch_sizes: device busy share, "
                         "kernel launches per step, top ops")
    ap.add_argument("--steps_cap", type=int, default=0,
                    help="cap every default-preset throughput run at this many optimizer steps (0: whole epochs)")
    ap.add_argument("--rows", type=int, default=0, help="pre-packed rows per batch (default 8 tiny, 16 GPU)")
    ap.add_argument("--json")
    a = ap.parse_args()

    import torch

    from medbot.prompt import format_example
    from trainer.config import DataArguments
    from trainer.data import prepare

    data = prepare(DataArguments(data=a.data))
    pairs = list(zip(data.train.question, data.train.answer, strict=True))
    if a.tiny:
        pairs = pairs[:600]
    gpu = torch.cuda.is_available()
    rows: list[dict[str, Any]] = []
    done: dict[str, Any] = {}

    def save() -> None:  # after every row: a run cut short by a timeout still leaves its figures
        write_json(a.json, {"device": device_name(), "partial": True, "rows": rows, **done})

    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        model_dir = make_model(tmpd / "base", [format_example(q, a_, "") for q, a_ in pairs], not a.tiny)
        seed_steps = a.seed_steps or (2 if a.tiny else 4)
        cpu = {} if gpu else {"use_cpu": True}
        full = None
        if a.full:  # first, in a cold process, as `python -m trainer` runs it
            full = done["full_default_run"] = full_run(model_dir, a.data, tmpd / "models", "default", **cpu)
            save()
        seed = throughput(model_dir, pairs, training_args("seed", tmpd / "o1", max_steps=seed_steps, **cpu), 96, 1,
                          fused_gelu=False, vocab_multiple=1)
        rows.append({"run": "seed args (bs 1, GA 128, ckpt, fp32)", **seed})
        save()
        tiny_cap = {"max_steps": 20} if a.tiny else {}
        default_max = tiny_cap or ({"max_steps": a.steps_cap} if a.steps_cap else {})
        # the preset's own row runs its whole epochs (dynamic padding meets every batch width)
        ta = training_args("default", tmpd / "o2", **tiny_cap, **cpu)
        dflt = throughput(model_dir, pairs, ta, 128, 2)
        rows.append({"run": "default preset", **dflt})
        save()
        # the same without the fused GELU (GPT-2's own gelu_new), then (GPU) without the aligned output
        # layer (its matmuls on GPT-2's 50257 rows): what each is worth here
        # (the aligned output layer only applies on a GPU: on a CPU both rows would be the same run)
        unaligned: list[tuple[str, dict[str, Any]]] = (
            [("output layer on 50257 rows", {"vocab_multiple": 1})] if gpu else [])
        for label, over in (("gelu_new (unfused)", {"fused_gelu": False}), *unaligned):
            ta = training_args("default", tmpd / "og", max_steps=20 if a.tiny else 100, **cpu)
            rows.append({"run": f"default, {label}", **throughput(model_dir, pairs, ta, 128, 2, **over)})
            save()
        for bs in filter(None, a.batch_sizes.split(",")):
            ta = training_args("default", tmpd / f"o{bs}", per_device_train_batch_size=int(bs), **default_max, **cpu)
            r = throughput(model_dir, pairs, ta, 128, 2)
            rows.append({"run": f"default, batch {bs}", **r})
            save()
        packing_error = None
        pack_length = 256 if a.tiny else 1024
        if a.packing:
            packing_error = packed_loss_matches(model_dir, pairs, 128)
            # batch 32 (the preset) and the largest extra batch size: enough to show the trend
            for bs in dict.fromkeys(["32", *[b for b in a.batch_sizes.split(",") if b][-1:]]):
                ta = training_args("default", tmpd / f"p{bs}", per_device_train_batch_size=int(bs), **default_max,
                                   **cpu)
                r = throughput(model_dir, pairs, ta, 128, 2, pack_length=pack_length)
                rows.append({"run": f"default, batch {bs}, packed", **r})
                save()
        # every example pre-packed into rows of one static shape [rows, pack_length]: what
        # torch.compile / CUDA graphs need (with dynamic padding compile recompiles per batch shape)
        n_rows = a.rows or (8 if a.tiny else 16)
        fixed = {"per_device_train_batch_size": n_rows, "dataloader_drop_last": True, **cpu,
                 **({"max_steps": 12} if a.tiny else {})}
        profiles: list[dict[str, Any]] = []
        if a.profile:
            # the preset's batch, the largest tried and the pre-packed rows: is a step launch-bound or
            # busy on the device?
            runs: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
                (f"default, batch {bs}", {"per_device_train_batch_size": int(bs)}, {})
                for bs in dict.fromkeys(["32", *[b for b in a.batch_sizes.split(",") if b][-1:]])]
            if a.packing:
                runs.append((f"default, pre-packed {n_rows} x {pack_length}-token rows",
                             {**fixed, "max_steps": 8}, {"fixed_rows": pack_length}))
            for label, over, kw in runs:
                ta = training_args("default", tmpd / f"q{len(profiles)}", **({"max_steps": 8, **cpu} | over))
                try:
                    r = throughput(model_dir, pairs, ta, 128, 3, profile_steps=3, **kw)
                except Exception as exc:  # report, keep measuring the rest
                    r = {"note": f"failed: {type(exc).__name__}: {exc}"[:200]}
                profiles.append({"run": f"{label} (profiled)", **r})
                print(f"== {label}: top ops over {r.get('profiled_steps')} steps\n{r.get('top_ops', '')}")
            print(table(profiles, ["run", "step_ms", "kernel_ms_per_step", "busy_share", "kernels_per_step", "note"]))
            done["profiles"] = profiles
        prepacked = [("", {}, {}), *[(f", {label}", {}, over) for label, over in unaligned]]
        variants = (prepacked if a.packing else []) + (
            [(" + torch_compile", {"torch_compile": True}, {})] if a.compile else [])
        for i, (label, extra, over) in enumerate(variants):
            name = f"default, pre-packed {n_rows} x {pack_length}-token rows{label}"
            try:
                ta = training_args("default", tmpd / f"f{i}", **fixed, **extra)
                rows.append({"run": name, **throughput(model_dir, pairs, ta, 128, 3, fixed_rows=pack_length, **over)})
            except Exception as exc:
                rows.append({"run": name, "note": f"failed: {exc}"[:160]})
            save()
        if a.compile_padded:
            try:
                # 60 steps are enough to show whether compile pays (it recompiles for each new shape)
                ta = training_args("default", tmpd / "oc", torch_compile=True, max_steps=20 if a.tiny else 60, **cpu)
                r = throughput(model_dir, pairs, ta, 128, 10)
                rows.append({"run": "default + torch_compile", **r})
            except Exception as exc:
                rows.append({"run": "default + torch_compile", "note": f"failed: {exc}"[:160]})
    for r in rows:
        r["speedup_vs_seed"] = r.get("tokens_per_s", 0) / seed["tokens_per_s"]
        r["seed_5_epoch_est_s"] = 5 * r.get("epoch_tokens", 0) / max(r.get("tokens_per_s", 1), 1e-9)
    peak = H100_BF16_PEAK / 1e12
    print(f"device: {device_name()}; MFU = 6 x params x tokens/s / {peak:.0f} TFLOP/s (H100 SXM bf16)")
    print(table(rows, ["run", "tokens_per_s", "speedup_vs_seed", "mfu", "padding_share", "steps",
                       "seed_5_epoch_est_s", "note"]))
    if packing_error is not None:
        print(f"packed vs padded loss on one batch: |difference| = {packing_error:.2e}")
    if full:
        print(f"whole default fine-tune, load to published model: {full['wall_s']:.1f} s "
              f"(training {full['train_runtime_s']} s, {full['train_tokens_per_s']} tokens/s, "
              f"{full['global_steps']} steps; "
              f"eval loss {full['eval_loss_before']} -> {full['eval_loss_after']})")
    print(f"default / seed tokens/s: {dflt['tokens_per_s'] / seed['tokens_per_s']:.1f}x")
    write_json(a.json, {"device": device_name(), "peak_flops": H100_BF16_PEAK, "rows": rows, "full_default_run": full,
                        "packed_loss_abs_diff": packing_error, "profiles": profiles,
                        "ratio_default_over_seed": dflt["tokens_per_s"] / seed["tokens_per_s"]})


if __name__ == "__main__":
    main()
