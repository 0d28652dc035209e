"""Answer perplexity of one trained model in float32 and in int8 (MEDBOT_DTYPE=int8) on the same held-out
question/answer rows, with the trainer's own loss (trainer.evaluate.answer_loss). Prints, writes JSON.

    python bench/int8_quality.py --model_dir models/current \\
        --data models/current/medical_qa_processed.csv --split validation --json out.json
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from common import device_name, table, write_json


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model_dir", type=Path, required=True)
    ap.add_argument("--data", required=True, help="question/answer file (the run's medical_qa_processed.csv)")
    ap.add_argument("--split", default="validation", help="rows whose `split` column has this value")
    ap.add_argument("--max_length", type=int, default=256)
    ap.add_argument("--json")
    args = ap.parse_args()

    from bot.generation.engine import Engine, GenerationConfig
    from trainer.data import load_training_data
    from trainer.evaluate import answer_loss

    df = load_training_data(args.data)
    if args.split and "split" in df.columns:
        df = df[df["split"] == args.split]
    pairs = list(zip(df["question"].astype(str), df["answer"].astype(str), strict=True))
    rows = []
    for dtype in ("float32", "int8"):
        eng = Engine.load(args.model_dir, GenerationConfig(), device="cpu", dtype=dtype)
        loss = answer_loss(eng.model, eng.tokenizer, pairs, args.max_length)
        rows.append({"dtype": dtype, "answers": len(pairs), "answer_loss": loss, "perplexity": math.exp(loss),
                     "uniformity": eng.uniformity(), "self_test_answer": eng.self_test()[:80]})
    rows[1]["vs_float32"] = rows[1]["perplexity"] / rows[0]["perplexity"] - 1
    print(table(rows, ["dtype", "answers", "answer_loss", "perplexity", "vs_float32", "uniformity"]))
    write_json(args.json, {"device": device_name(), "model_dir": str(args.model_dir), "data": args.data,
                           "split": args.split, "rows": rows})


if __name__ == "__main__":
    main()
