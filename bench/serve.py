"""Serving throughput: the worker one-at-a-time (the seed's path) vs batched, through the real
Worker and Engine. Prints a table, writes JSON.

CPU:  python bench/serve.py --model_dir models/current --concurrency 32 --requests 128 --json out.json
GPU:  python bench/serve.py --gpt2-shape --sweep 1,8,32,64 --json out.json   (random 124M GPT-2)
int8 on CPU vs CTranslate2 (peer optional), ms/step and replies/s, medians of --rounds:
      python bench/serve.py --gpt2-shape --int8 --concurrency 16 --max_new_tokens 100 --json out.json
openai backend vs local, one run (starts `transformers serve` on the same model unless --base_url):
      python bench/serve.py --backend openai --model_dir models/current --sweep 1,8,32,64 [--base_url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from common import device_name, make_model, table, write_json

from bot.generation.engine import BUCKETS

QUESTIONS = [
    "What are the symptoms of the flu?", "How is high blood pressure treated?", "What causes migraines?",
    "Is type 2 diabetes hereditary?", "How can I lower my cholesterol without medicine?",
    "What is the difference between a cold and allergies?", "When should I worry about a fever in a child?",
    "Can stress cause chest tightness and headaches?",
]


async def drive(worker: Any, concurrency: int, requests: int) -> dict[str, float]:
    """`concurrency` users, each sending questions back to back until `requests` are answered."""
    latencies: list[float] = []
    counter = iter(range(requests))

    async def user() -> None:
        for i in counter:
            t0 = time.perf_counter()
            res = await worker.submit(QUESTIONS[i % len(QUESTIONS)] + f" (case {i})")
            assert res.outcome == "answered", res
            latencies.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    return {"requests": len(lat), "rps": len(lat) / wall, "p50_s": statistics.median(lat),
            "p95_s": lat[min(len(lat) - 1, int(0.95 * len(lat)))], "wall_s": wall}


async def measure(engine: Any, batch_max: int, concurrency: int, requests: int, wait_ms: float = 5) -> dict:
    from bot.generation.worker import Worker

    w = Worker(engine, batch_max=batch_max, batch_wait_ms=wait_ms, queue_max=10_000, request_timeout_s=3600)
    w.start()
    try:
        await drive(w, min(concurrency, 2), min(2, requests))  # warm-up (and compile, when on)
        return await drive(w, concurrency, requests)
    finally:
        await w.drain_and_stop(5)


def load(model_dir: Path, device: str, dtype: str, **gen: Any) -> Any:
    from bot.generation.engine import Engine, GenerationConfig

    return Engine.load(model_dir, replace(GenerationConfig(), **gen), device=device, dtype=dtype)


def full_length(eng: Any) -> Any:
    """An end-of-text id no row can draw: every reply runs to max_new_tokens, so runs compare."""
    eng.eos_id = eng.model.config.vocab_size
    return eng


def safely(check: Any, *args: Any) -> dict[str, Any]:
    """A check that fails is reported in the JSON; the timings after it still run."""
    try:
        out: dict[str, Any] = check(*args)
        return out
    except Exception as exc:
        print(f"{check.__name__} failed: {type(exc).__name__}: {exc}")
        return {"failed": f"{type(exc).__name__}: {str(exc)[:300]}"}


def cpu_compare(args: argparse.Namespace, model_dir: Path) -> dict[str, Any]:
    checked = safely(verify, args, model_dir)
    eng = load(model_dir, args.device, "float32", max_new_tokens=args.max_new_tokens)
    seq = asyncio.run(measure(eng, 1, args.concurrency, args.requests))
    bat = asyncio.run(measure(eng, args.batch_max or args.concurrency, args.concurrency, args.requests))
    rows = [{"path": "one-at-a-time (BATCH_MAX=1)", **seq}, {"path": "batched", **bat}]
    print(table(rows, ["path", "requests", "rps", "p50_s", "p95_s", "wall_s"]))
    out = {"device": device_name(), "model_dir": str(model_dir), "concurrency": args.concurrency,
           "requests": args.requests, "max_new_tokens": args.max_new_tokens,
           "sequential_rps": seq["rps"], "batched_rps": bat["rps"], "speedup": bat["rps"] / seq["rps"],
           "p50_s": bat["p50_s"], "p95_s": bat["p95_s"], "sequential": seq, "batched": bat}
    print(f"speed-up batched / one-at-a-time: {out['speedup']:.1f}x on {out['device']}")
    out["verify"] = checked
    out["per_token"] = per_token(args, model_dir, [1, args.concurrency])
    return out


# Per-token cost of each decoder, one generate() call at a fixed batch size (no worker, no queueing).
# (name, GenerationConfig overrides, dtype, needs CUDA)
DECODER_STEPS = [
    ("transformers generate, its samplers (seed)", {"decoder": "hf", "fast_sampling": False}, "float32", False),
    ("transformers generate + vectorised samplers", {"decoder": "hf"}, "float32", False),
    ("own decode loop, preallocated KV cache", {"decoder": "fast"}, "float32", False),
    ("own loop + CUDA graphs", {"decoder": "cuda-graphs"}, "float32", True),
    ("own loop + CUDA graphs, bf16", {"decoder": "cuda-graphs"}, "bfloat16", True),
]


def per_token(args: argparse.Namespace, model_dir: Path, batches: list[int], rounds: int = 3) -> list[dict[str, Any]]:
    """ms per decode step (one token for every row of the batch) for each decoder, measured in one run:
    the decoders take turns for `rounds` rounds and each reports its median round, so a noisy moment of
    the machine does not land on one decoder only. The warm-up runs the very batches that are timed, so
    CUDA graph capture and compile buckets stay outside the timed rounds. `vs_first`: the first
    decoder's time over this one's."""
    import torch

    cuda = torch.cuda.is_available() and args.device != "cpu"
    engines: list[tuple[str, str, Any]] = []
    rows: list[dict[str, Any]] = []
    for name, over, dtype, needs_cuda in DECODER_STEPS:
        if needs_cuda and not cuda:
            continue
        try:
            eng = full_length(load(model_dir, args.device, dtype, max_new_tokens=args.max_new_tokens, **over))
            for b in batches:  # warm-up on the timed batches: allocator, CUDA graph capture, compile buckets
                eng.generate([QUESTIONS[i % len(QUESTIONS)] + f" (case {i})" for i in range(b)], seed=0)
            engines.append((name, dtype, eng))
        except Exception as exc:  # report, keep measuring the rest
            rows.append({"decoder": name, "note": f"failed: {type(exc).__name__}: {str(exc)[:200]}"})
    timed: dict[tuple[str, int], list[dict[str, Any]]] = {}
    failed: set[str] = set()
    for r in range(rounds):
        for name, dtype, eng in engines:
            for b in batches:
                if name in failed:
                    continue
                qs = [QUESTIONS[i % len(QUESTIONS)] + f" (case {i})" for i in range(b)]
                try:
                    if cuda:
                        torch.cuda.synchronize()
                    tokens0, t0 = eng.generated_tokens, time.perf_counter()
                    eng.generate(qs, seed=r + 1)
                    if cuda:
                        torch.cuda.synchronize()
                except Exception as exc:  # report, keep measuring the rest
                    failed.add(name)
                    rows.append({"decoder": name, "batch": b, "note": f"failed: {type(exc).__name__}: {exc}"[:200]})
                    continue
                dt = time.perf_counter() - t0
                row = {"decoder": name, "dtype": dtype, "batch": b, "steps": eng.last_steps,
                       "ms_per_token": dt / eng.last_steps * 1e3, "reply_s": dt,
                       "tokens_per_s": (eng.generated_tokens - tokens0) / dt}
                timed.setdefault((name, b), []).append(row)
    median = {key: sorted(runs, key=lambda x: x["ms_per_token"])[len(runs) // 2] for key, runs in timed.items()}
    lead = engines[0][0] if engines else ""
    first = {b: median[lead, b]["ms_per_token"] for b in batches if (lead, b) in median}
    for row in median.values():
        if row["batch"] in first:
            row["vs_first"] = first[row["batch"]] / row["ms_per_token"]
    rows = list(median.values()) + rows
    print(f"median of {rounds} rounds:")
    print(table(rows, ["decoder", "dtype", "batch", "steps", "ms_per_token", "reply_s", "tokens_per_s", "vs_first",
                       "note"]))
    return rows


def verify(args: argparse.Namespace, model_dir: Path) -> dict[str, Any]:
    """Before timing: our decode loop computes what transformers computes on this device. Logits of a
    left-padded batch against the model's own forward, then replies for one seed from each decoder
    (numerics of different kernels may part sampled replies after a while: a share, not a promise.
    On a CPU all agree. On an H200, 3 or 4 of 4 agreed for each pair, depending on the run: TF32 matmuls,
    and cuda-graphs pads prompts to max_prompt_tokens, so its kernels see other shapes than the eager loop's)."""
    import torch

    from bot.generation.decode import FastGPT2
    from bot.generation.engine import Engine

    eng = load(model_dir, args.device, "float32", max_new_tokens=min(args.max_new_tokens, 48), decoder="hf")
    qs = [QUESTIONS[i % len(QUESTIONS)] for i in range(4)]
    ids, mask = eng.encode_prompts(qs)
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    with torch.inference_mode():
        want = eng.model(input_ids=ids, attention_mask=mask, position_ids=pos).logits[:, -1].float()
        dec = FastGPT2(eng.model)
        k, v = dec.new_cache(len(qs), ids.shape[1])
        got = dec.forward(ids, pos, k, v, torch.zeros(1, dtype=torch.long, device=ids.device), mask.bool()).float()
    out: dict[str, Any] = {"prefill_max_abs_diff": float((want - got).abs().max()),
                           "logits_max_abs": float(want.abs().max())}
    replies = {}
    for name in ("hf", "fast", "cuda-graphs"):
        e = full_length(Engine(eng.model, eng.tokenizer, replace(eng.gen, decoder=name), eng.device))
        replies[name] = e.generate(qs, seed=5)
    same = lambda a, b: sum(x == y for x, y in zip(replies[a], replies[b], strict=True)) / len(qs)  # noqa: E731
    out |= {"fast_replies_same_as_hf": same("fast", "hf"), "graph_replies_same_as_fast": same("cuda-graphs", "fast")}
    print(table([out], list(out)))
    return out


# (name, batch_max, dtype, GenerationConfig overrides): each step adds one change to the last.
GPU_VARIANTS = [
    ("seed path: one at a time, fp32, HF sampling", 1, "float32", {"decoder": "hf", "fast_sampling": False}),
    ("batched, fp32, HF sampling", 64, "float32", {"decoder": "hf", "fast_sampling": False}),
    ("+ vectorised n-gram ban and sampler", 64, "float32", {"decoder": "hf"}),
    ("+ own decode loop, preallocated KV cache", 64, "float32", {"decoder": "fast"}),
    ("+ CUDA graphs, batch buckets", 64, "float32", {"decoder": "cuda-graphs", "buckets": BUCKETS}),
    ("+ bf16 weights", 64, "bfloat16", {"decoder": "cuda-graphs", "buckets": BUCKETS}),
    ("transformers static cache + torch.compile, buckets", 64, "float32",
     {"decoder": "hf-compile", "buckets": (1, 8, 32, 64)}),
]


def gpu_sweep(args: argparse.Namespace, model_dir: Path) -> dict[str, Any]:
    levels = [int(x) for x in args.sweep.split(",")]
    checked = safely(verify, args, model_dir)
    steps = per_token(args, model_dir, [1, levels[-1]])  # first: cheap, and it shows what limits a token
    rows: list[dict[str, Any]] = []
    out = {"device": device_name(), "max_new_tokens": args.max_new_tokens, "verify": checked, "per_token": steps,
           "rows": rows}
    write_json(args.json, out | {"partial": True})
    t_start = time.perf_counter()
    skip = [s for s in args.skip.split(",") if s]
    for name, bmax, dtype, gen in GPU_VARIANTS:
        if any(s in name for s in skip):
            continue
        if time.perf_counter() - t_start > args.budget_s:
            rows.append({"variant": name, "note": "skipped: time budget"})
            continue
        try:
            t0 = time.perf_counter()
            eng = full_length(load(model_dir, args.device, dtype, max_new_tokens=args.max_new_tokens, **gen))
            # one-at-a-time throughput does not depend on concurrency: measure its ends only
            for c in ([levels[0], levels[-1]] if bmax == 1 else levels):
                n = 8 if bmax == 1 else max(8, 2 * c)
                r = asyncio.run(measure(eng, bmax, c, n, wait_ms=2))
                rows.append({"variant": name, "concurrency": c, **r})
                print(table([rows[-1]], ["variant", "concurrency", "requests", "rps", "p50_s", "p95_s"]), flush=True)
            rows.append({"variant": name, "note": f"variant total {time.perf_counter() - t0:.0f}s incl. load/compile"})
            del eng
        except Exception as exc:  # report, keep measuring the rest
            rows.append({"variant": name, "note": f"failed: {type(exc).__name__}: {str(exc)[:200]}"})
        import torch

        torch.cuda.empty_cache()
        write_json(args.json, out | {"partial": True})  # a run cut short still leaves what it measured
    print(table(rows, ["variant", "concurrency", "requests", "rps", "p50_s", "p95_s", "note"]))
    return out


def openai_compare(args: argparse.Namespace, model_dir: Path) -> dict[str, Any]:
    """The local worker and the openai backend on the same model, at each concurrency level; and the HTTP
    hop's own cost: the openai backend against a stub server that answers at once."""
    import os
    import subprocess
    import sys

    from bot.generation.remote import RemoteWorker
    from bot.operations.config import Settings

    levels = [int(x) for x in (args.sweep or "1,8,32,64").split(",")]
    server = None
    base_url = args.base_url
    if not base_url:
        port = 18000 + os.getpid() % 1000
        exe = str(Path(sys.executable).with_name("transformers"))
        extra = ["--continuous-batching"] if args.continuous_batching else []
        server = subprocess.Popen([exe, "serve", str(model_dir), "--port", str(port), "--host", "127.0.0.1",
                                   "--device", args.device if args.device != "auto" else "auto", *extra],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base_url = f"http://127.0.0.1:{port}/v1"
    env = {"MEDBOT_BACKEND": "openai", "MEDBOT_OPENAI_BASE_URL": base_url,
           "MEDBOT_OPENAI_MODEL": args.served_model or str(model_dir),
           "MEDBOT_MAX_NEW_TOKENS": str(args.max_new_tokens), "MEDBOT_QUEUE_MAX": "10000",
           "MEDBOT_REQUEST_TIMEOUT_S": "600"}

    async def run_remote(n: int, url: str = base_url) -> dict[str, Any]:
        w = RemoteWorker(Settings.from_env({**env, "MEDBOT_OPENAI_BASE_URL": url}), max(levels))
        try:
            await drive(w, min(n, 2), 2)
            return await drive(w, n, max(args.requests, n * 2))
        finally:
            await w.drain_and_stop(5)

    try:
        import httpx

        for _ in range(240):
            try:
                if httpx.get(f"{base_url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        eng = load(model_dir, args.device, "float32", max_new_tokens=args.max_new_tokens)
        rows = []
        for n in levels:
            local = asyncio.run(measure(eng, max(levels), n, max(args.requests, n * 2)))
            remote = asyncio.run(run_remote(n))
            rows.append({"users": n, "local_rps": local["rps"], "local_p50_s": local["p50_s"],
                         "local_p95_s": local["p95_s"], "openai_rps": remote["rps"], "openai_p50_s": remote["p50_s"],
                         "openai_p95_s": remote["p95_s"], "openai/local": remote["rps"] / local["rps"]})
        hop = asyncio.run(_stub_hop(run_remote))
    finally:
        if server is not None:
            server.kill()
    print(table(rows, list(rows[0])))
    print(f"HTTP hop (openai backend against a stub that answers at once): p50 {hop['p50_s'] * 1000:.2f} ms, "
          f"p95 {hop['p95_s'] * 1000:.2f} ms per reply, {hop['rps']:.0f} replies/s at 8 users")
    return {"device": device_name(), "base_url": base_url, "server": "transformers serve" if server else "given",
            "max_new_tokens": args.max_new_tokens, "rows": rows, "http_hop": hop}


async def _stub_hop(run_remote: Any) -> dict[str, Any]:
    """Latency of the request/response path alone: a local server that answers every completion at once."""
    from aiohttp import web

    async def answer(_: web.Request) -> web.Response:
        return web.json_response({"choices": [{"text": " Rest and fluids.", "index": 0}]})

    app = web.Application()
    app.router.add_post("/v1/completions", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        one = await run_remote(1, f"http://127.0.0.1:{port}/v1")
        eight = await run_remote(8, f"http://127.0.0.1:{port}/v1")
    finally:
        await runner.cleanup()
    return {"p50_s": one["p50_s"], "p95_s": one["p95_s"], "rps": eight["rps"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model_dir", type=Path)
    ap.add_argument("--tiny", action="store_true", help="build a tiny random model (CPU, CI)")
    ap.add_argument("--gpt2-shape", action="store_true", help="random model of GPT-2's exact shape (GPU)")
    ap.add_argument("--tiny_layers", type=int, default=2,
                    help="tiny model's depth (12 = GPT-2's: per-token framework overhead on CPU)")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--requests", type=int, default=128)
    ap.add_argument("--batch_max", type=int, default=0, help="batched run's BATCH_MAX (default: concurrency)")
    ap.add_argument("--max_new_tokens", type=int, default=150)
    ap.add_argument("--sweep", default="", help="GPU: concurrency levels, e.g. 1,8,32,64")
    ap.add_argument("--budget_s", type=float, default=240, help="GPU sweep: skip variants after this")
    ap.add_argument("--skip", default="", help="GPU sweep: leave out variants whose name holds any of these, "
                                                 "comma-separated (e.g. compile)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--backend", choices=("local", "openai"), default="local",
                    help="openai: the local worker and the openai backend side by side on the same model")
    ap.add_argument("--base_url", help="openai: a running server (default: start `transformers serve`)")
    ap.add_argument("--served_model", help="openai: the model name the server serves (default: the model folder)")
    ap.add_argument("--continuous_batching", action="store_true", help="openai: `transformers serve "
                                                                        "--continuous-batching` (GPU)")
    ap.add_argument("--int8", action="store_true", help="CPU: ms/step and replies/s of medbot fp32, int8 and "
                    "CTranslate2 fp32/int8 (when installed) at batch 1 and --concurrency, one run (bench/cpu_int8.py)")
    ap.add_argument("--rounds", type=int, default=5, help="--int8: rounds; the table shows medians")
    ap.add_argument("--json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model_dir
        if model_dir is None:
            from medbot.prompt import format_example

            texts = [format_example(q, q, "") for q in QUESTIONS] * 50
            model_dir = make_model(Path(tmp) / "m", texts, args.gpt2_shape, args.tiny_layers)
        if args.int8:
            from cpu_int8 import compare

            out = {"device": device_name(), "gpt2_shape": args.gpt2_shape,
                   **compare(model_dir, [1, args.concurrency], args.max_new_tokens, args.rounds)}
        elif args.backend == "openai":
            out = openai_compare(args, model_dir)
        else:
            out = gpu_sweep(args, model_dir) if args.sweep else cpu_compare(args, model_dir)
    write_json(args.json, out)


if __name__ == "__main__":
    main()
