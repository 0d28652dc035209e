"""Answer quality: a tiny model trained on MQP (question rewrites) vs one trained on MedQuAD (real
NIH answers) for the same number of steps, and grounded answers, all scored on the same held-out,
topic-grouped MedQuAD split. Prints a markdown table, writes JSON.

python bench/quality.py --mqp ../shared/data/mqp.csv --medquad ../shared/data/medquad.csv.gz --steps 400
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from common import ROOT, write_json

TINY = ["--preset", "tiny", "--disable_tqdm", "true", "--eval_generations", "8", "--keep_versions", "1"]


def train(data: str, models: Path, steps: int, extra: list[str]) -> Path:
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "trainer", *TINY, "--data", data, "--models_dir", str(models),
           "--max_steps", str(steps), *extra]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"training failed: {p.stderr[-2000:]}")
    print(f"trained on {Path(data).name} in {time.perf_counter() - t0:.0f}s", flush=True)
    return (models / "current").resolve()


def evaluate(model: Path, data: Path, limit: int, *extra: str) -> dict:
    out = data.parent / f"eval_{model.parent.name}_{'_'.join(extra) or 'generate'}.json".replace("/", "_")
    cmd = [sys.executable, "-m", "trainer.evaluate", "--model_dir", str(model), "--data", str(data),
           "--limit", str(limit), "--max_length", "192", "--out", str(out), *extra]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"evaluation failed: {p.stderr[-2000:]}")
    return json.loads(out.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mqp", required=True)
    ap.add_argument("--medquad", required=True)
    ap.add_argument("--steps", type=int, default=400, help="optimizer steps for each model (same for both)")
    ap.add_argument("--limit", type=int, default=64, help="held-out questions answered by each")
    ap.add_argument("--json")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        qa = ["--group_column", "focus", "--dedupe_questions", "true", "--max_answer_chars", "600",
              "--max_length", "192"]
        medquad = train(a.medquad, t / "medquad", a.steps, qa)
        mqp = train(a.mqp, t / "mqp", a.steps, ["--max_length", "192"])
        processed = pd.read_csv(medquad / "medical_qa_processed.csv")
        held_out = t / "heldout.csv"
        processed[processed["split"] == "validation"].to_csv(held_out, index=False)
        reference = t / "reference.csv"
        processed[processed["split"] == "train"].to_csv(reference, index=False)
        rows = {
            "MQP-trained tiny (generate)": evaluate(mqp, held_out, a.limit),
            "MedQuAD-trained tiny (generate)": evaluate(medquad, held_out, a.limit),
            "grounded (TF-IDF over train split)": evaluate(medquad, held_out, a.limit, "--answer_mode", "grounded",
                                                           "--reference", str(reference)),
        }
    from trainer.evaluate import markdown_table

    print(f"\nheld-out MedQuAD validation split (topic-grouped), {a.limit} questions, {a.steps} steps each\n")
    print(markdown_table(rows))
    src = rows["grounded (TF-IDF over train split)"].get("with_source")
    print(f"\ngrounded answers with a source: {src}")
    write_json(a.json, {"steps": a.steps, "limit": a.limit, "rows": rows})


if __name__ == "__main__":
    main()
