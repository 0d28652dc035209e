"""The int8 matmul kernels MEDBOT_DTYPE=int8 could use, on GPT-2 124M's matrices (12 blocks + the LM head,
random weights), one decode step's worth of matmuls at batch 1 and 16, against float32. Medians of
rounds, the kernels taking turns in each round. Prints a table, writes JSON.

    python bench/int8_kernels.py --json bench/results/cpu_int8_kernels.json
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import torch
from common import device_name, table, write_json

from bot.generation.int8 import _prepack, quantize_rows

D = 768
SHAPES = [(D, 3 * D), (D, D), (D, 4 * D), (4 * D, D)] * 12 + [(D, 50257)]  # (in, out)
Kernel = tuple[list[Any], Callable[[torch.Tensor, Any], torch.Tensor]]


def kernels(weights: list[torch.Tensor]) -> dict[str, Kernel]:
    """name -> (per-matrix prepared weights, y = f(x, prepared))."""
    out: dict[str, Kernel] = {"float32 addmm (today)": (weights, lambda x, w: x @ w)}
    rows = [quantize_rows(w.t().contiguous()) for w in weights]  # int8 [out, in], scale [out]
    out["quantized::linear_dynamic, prepacked (chosen)"] = (
        [_prepack(q, s, None) for q, s in rows], lambda x, p: torch.ops.quantized.linear_dynamic(x, p, True))
    out["torch._weight_int8pack_mm (torchao int8 weight-only on CPU)"] = (
        rows, lambda x, p: torch._weight_int8pack_mm(x, p[0], p[1]))

    def int_mm(x: torch.Tensor, p: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
        sx = x.abs().amax(1, keepdim=True).clamp(min=1e-8) / 127  # per-row activation scale
        return torch._int_mm(torch.round(x / sx).to(torch.int8), p[0]).float() * sx * p[1]

    out["torch._int_mm, per-row activation scales"] = ([(q.t().contiguous(), s) for q, s in rows], int_mm)
    return out


def step(kernel: Kernel, batch: int) -> float:
    prepared, f = kernel
    x, x4 = torch.randn(batch, D), torch.randn(batch, 4 * D)
    t0 = time.perf_counter()
    for (i, _), p in zip(SHAPES, prepared, strict=True):
        f(x if i == D else x4, p)
    return (time.perf_counter() - t0) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json")
    args = ap.parse_args()
    warnings.simplefilter("ignore", UserWarning)
    torch.manual_seed(0)
    ks = kernels([torch.randn(i, o) * 0.02 for i, o in SHAPES])
    rows = []
    for batch in (1, 16):
        times: dict[str, list[float]] = {name: [] for name in ks}
        for _ in range(args.rounds):
            for name, k in ks.items():
                step(k, batch)  # warm: the weights in the state a decode step finds them
                times[name].append(step(k, batch))
        base = statistics.median(times["float32 addmm (today)"])
        for name, ts in times.items():
            rows.append({"kernel": name, "batch": batch, "ms_per_step": statistics.median(ts),
                         "float32_over_this": base / statistics.median(ts)})
    print(f"matmuls of one GPT-2 124M decode step, medians of {args.rounds} rounds, {device_name()}:")
    print(table(rows, ["kernel", "batch", "ms_per_step", "float32_over_this"]))
    write_json(args.json, {"device": device_name(), "rounds": args.rounds, "rows": rows})


if __name__ == "__main__":
    main()
