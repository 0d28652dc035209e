#!/usr/bin/env bash
# The openai backend against `transformers serve --continuous-batching` on a GPU box (vLLM cannot be
# installed there), side by side with the local backend, on a randomly initialised model of GPT-2's
# exact shape (real weights cannot be downloaded there): replies/s and p50/p95 at 1, 8, 32, 64 users,
# and the HTTP hop's own cost. Prints one table, writes $OUT/openai_gpu.json. About 4 minutes.
#   bash bench/openai_gpu.sh        (the GPU box has torch and transformers 5.x; it installs nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
OUTDIR=${OUT:-bench/out}
mkdir -p "$OUTDIR" && OUTDIR=$(cd "$OUTDIR" && pwd)
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error
"$PY" -c "import fastapi, uvicorn, openai" 2>/dev/null || { echo "transformers serve needs fastapi, uvicorn and openai (pip install 'transformers[serving]')"; exit 2; }
cd bench
timeout "${RUN_TIMEOUT:-500}" "$PY" serve.py --backend openai --gpt2-shape --continuous_batching --device cuda \
  --sweep "${SWEEP:-1,8,32,64}" --requests 128 --max_new_tokens 64 --json "$OUTDIR/openai_gpu.json"
