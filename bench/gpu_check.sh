#!/usr/bin/env bash
# Every GPU measurement of the speed issue in one run (< 8 min on one H100/H200: each part has a time
# limit below; measured 6.5 min on an H200 with every variant, 2026-11-26), with only torch
# and transformers installed. Prints tables and writes JSON to $OUT (or bench/out).
#   bash bench/gpu_check.sh          # GPU: random-init model of GPT-2's exact shape (124M)
#   bash bench/gpu_check.sh --tiny   # CPU smoke run of the same script (CI)
# The training part needs the MQP data locally (a GPU box has no Hub and no `datasets`): copy it to
# .gpu/mqp.csv (ignored by git; `run` carries it with carry=[".gpu"]), or set MEDBOT_SHARED_DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
OUTDIR=${OUT:-bench/out}
mkdir -p "$OUTDIR"
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error
if [ "${1:-}" != "--tiny" ] && [ ! -f .gpu/mqp.csv ] && [ ! -f "${MEDBOT_SHARED_DATA:-/nonexistent}/mqp.csv" ] \
   && [ ! -f ../shared/data/mqp.csv ]; then
  echo "bench/gpu_check.sh: no local MQP data for the training part: mkdir -p .gpu && cp <mqp.csv> .gpu/" >&2
  exit 2
fi
if [ "${1:-}" = "--tiny" ]; then
  "$PY" bench/train.py --tiny --packing --profile --json "$OUTDIR/train.json"
  "$PY" bench/serve.py --tiny --concurrency 8 --requests 16 --max_new_tokens 20 --json "$OUTDIR/serve.json"
  exit 0
fi
"$PY" - <<'PY'
import torch, transformers
print("torch", torch.__version__, "transformers", transformers.__version__, "device", torch.cuda.get_device_name(0))
PY
# Each part has a time limit and writes its JSON after every row, so one that hangs or runs long
# still leaves what it measured and the next part runs. SERVE_ARGS / TRAIN_ARGS add flags
# (e.g. SERVE_ARGS="--skip compile" leaves out transformers' static cache + torch.compile).
# serving first: the decoders' check, one decode step per decoder, then the worker at 1..64 users
timeout "${SERVE_TIMEOUT:-230}" "$PY" bench/serve.py --gpt2-shape --sweep 1,8,32,64 --budget_s 150 \
  --json "$OUTDIR/serve.json" ${SERVE_ARGS:-} || echo "bench/serve.py ended with status $?"
timeout "${TRAIN_TIMEOUT:-240}" "$PY" bench/train.py --seed_steps 3 --steps_cap 150 --batch_sizes 256 --packing --rows 32 \
  --profile --full --compile --json "$OUTDIR/train.json" ${TRAIN_ARGS:-} || echo "bench/train.py ended with status $?"
