#!/usr/bin/env bash
# `python -m trainer` against `torchrun -m trainer` (one process, then FSDP) on a GPU box, one epoch
# of MQP on a randomly initialised model of GPT-2's exact shape (real weights cannot be downloaded
# there). Prints one table of tokens/s and writes $OUT/torchrun.json. About 3 minutes on an H200.
#   mkdir -p .gpu && cp <mqp.csv> .gpu/ && bash bench/torchrun_gpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
TORCHRUN=("$PY" -m torch.distributed.run --standalone --nproc_per_node "${NPROC:-1}")
OUTDIR=${OUT:-bench/out}
DATA=${DATA:-.gpu/mqp.csv}
mkdir -p "$OUTDIR"
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error
"$PY" - "$OUTDIR/gpt2-shape" "$DATA" <<'PY'
import sys
sys.path.insert(0, "bench")
import pandas as pd
from common import make_model
df = pd.read_csv(sys.argv[2], header=None)
make_model(__import__("pathlib").Path(sys.argv[1]), list(df[1].astype(str)) + list(df[2].astype(str)), gpt2_shape=True)
PY
COMMON=(--data "$DATA" --base_model "$OUTDIR/gpt2-shape" --num_train_epochs 1 --eval_generations 4 --publish false)
run() {  # name, then the command
  local name=$1; shift
  local dir="$OUTDIR/runs/$name"
  rm -rf "$dir"
  if timeout "${RUN_TIMEOUT:-200}" "$@" "${COMMON[@]}" --models_dir "$dir" > "$OUTDIR/$name.log" 2>&1; then
    echo "$name $(ls -d "$dir"/2* | head -1)"
  else
    echo "$name FAILED (see $OUTDIR/$name.log)"
  fi
}
{
  run plain "$PY" -m trainer
  run torchrun_1 "${TORCHRUN[@]}" -m trainer
  run torchrun_fsdp "${TORCHRUN[@]}" -m trainer --fsdp "full_shard auto_wrap" \
      --fsdp_config '{"transformer_layer_cls_to_wrap": ["GPT2Block"]}'
} | tee "$OUTDIR/torchrun_runs.txt"
"$PY" - "$OUTDIR" <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1]); rows = []
for line in (out / "torchrun_runs.txt").read_text().splitlines():
    name, where = line.split(" ", 1)
    m = Path(where) / "metrics.json"
    if m.is_file():
        d = json.loads(m.read_text())
        rows.append({"run": name, "tokens_per_s": d["train_tokens_per_s"], "processes": d.get("processes"),
                     "global_batch": d.get("global_batch_size"), "eval_loss_after": d["eval_loss_after"]})
    else:
        rows.append({"run": name, "tokens_per_s": None, "error": where})
print("| run | tokens/s | processes | global batch | eval loss after |\n|---|---|---|---|---|")
for r in rows:
    print(f"| {r['run']} | {r.get('tokens_per_s')} | {r.get('processes')} | {r.get('global_batch')} | {r.get('eval_loss_after')} |")
(out / "torchrun.json").write_text(json.dumps(rows, indent=2))
PY
