#!/usr/bin/env bash
# Every GPU measurement of the speed issue in one run (< 8 min on one H100/H200), with only torch
# and transformers installed. Prints tables and writes JSON to $OUT (or bench/out).
#   bash bench/gpu_check.sh          # GPU: random-init model of GPT-2's exact shape (124M)
#   bash bench/gpu_check.sh --tiny   # CPU smoke run of the same script (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
OUTDIR=${OUT:-bench/out}
mkdir -p "$OUTDIR"
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error
if [ "${1:-}" = "--tiny" ]; then
  "$PY" bench/train.py --tiny --packing --profile --json "$OUTDIR/train.json"
  "$PY" bench/serve.py --tiny --concurrency 8 --requests 16 --max_new_tokens 20 --json "$OUTDIR/serve.json"
  exit 0
fi
"$PY" - <<'PY'
import torch, transformers
print("torch", torch.__version__, "transformers", transformers.__version__, "device", torch.cuda.get_device_name(0))
PY
# serving first: the decoders' check, one decode step per decoder, then the worker at 1..64 users
"$PY" bench/serve.py --gpt2-shape --sweep 1,8,32,64 --budget_s 150 --json "$OUTDIR/serve.json"
"$PY" bench/train.py --batch_sizes 128,256 --packing --compile --profile --full --json "$OUTDIR/train.json"
