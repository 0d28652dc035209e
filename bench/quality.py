"""Answer quality: a tiny model trained on MQP (question rewrites) vs one trained on MedQuAD (real
NIH answers) for the same number of steps, and grounded answers, all scored on the same held-out,
topic-grouped MedQuAD split. Prints a markdown table, writes JSON.

Grounded mode is scored twice: with the train split as reference (the held-out diseases are in no
reference row, so the right reply is mostly "no reliable source"), and with every row as reference
but never the asked question's own row (leave-one-out: the topic is covered, the question is not;
the deployed bot's reference is the whole file). Then the same held-out questions reworded the way
people ask ("how is X treated"), against every row: does retrieval find the asked aspect of the
asked disease from other words? The MedQuAD generator answers the reworded questions too. And the
held-out questions with one typo in the disease's name, against every row.

python bench/quality.py --mqp ../shared/data/mqp.csv --medquad ../shared/data/medquad.csv.gz --steps 400
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from common import ROOT, write_json

# MedQuAD's question templates, reworded the way people ask: the paraphrased rows measure whether
# retrieval finds the asked aspect of the asked disease from other words (reference = every row).
PARAPHRASES = [
    (r"^what is \(are\) (.+?) \?$", "can you tell me about {}"),
    (r"^what are the (?:signs and )?symptoms of (.+?) \?$", "what signs does {} cause"),
    (r"^what are the treatments for (.+?) \?$", "how is {} treated"),
    (r"^what causes (.+?) \?$", "why do people get {}"),
    (r"^is (.+?) inherited \?$", "does {} run in families"),
    (r"^how many people are affected by (.+?) \?$", "how common is {}"),
    (r"^what are the genetic changes related to (.+?) \?$", "which genes are involved in {}"),
    (r"^how to diagnose (.+?) \?$", "how do doctors find out someone has {}"),
    (r"^what is the outlook for (.+?) \?$", "what is the prognosis of {}"),
    (r"^how to prevent (.+?) \?$", "can {} be prevented"),
    (r"^who is at risk for (.+?)\?? \?$", "who is likely to get {}"),
    (r"^what research \(or clinical trials\) is being done for (.+?) \?$", "are there clinical trials on {}"),
    (r"^what are the stages of (.+?) \?$", "how is {} staged"),
    (r"^do you have information about (.+)$", "i would like to read about {}"),
    (r"^what to do for (.+?) \?$", "what should i do about {}"),
]


def paraphrase(question: str) -> str:
    q = " ".join(question.split()).lower()
    for pattern, template in PARAPHRASES:
        m = re.match(pattern, q)
        if m:
            return template.format(m.group(1))
    return q


def misspell(question: str, topic: str, rng: random.Random) -> str:
    """One typo (a letter dropped, swapped or doubled) in one long word of the topic's name."""
    words = str(topic).split()
    long_ = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_ or topic not in question:
        return question
    i = rng.choice(long_)
    w, j = words[i], rng.randrange(1, len(words[i]) - 1)
    words[i] = rng.choice([w[:j] + w[j + 1:], w[:j] + w[j + 1] + w[j] + w[j + 2:], w[:j] + w[j] + w[j:]])
    return question.replace(topic, " ".join(words))


GROUNDED_TRAIN = "grounded, reference = train split (held-out topics absent)"
GROUNDED_ALL = "grounded, reference = all rows but the asked one"
GROUNDED_REWORDED = "grounded, reworded questions, reference = all rows (the deployed set-up)"
GROUNDED_MISSPELT = "grounded, one typo in the disease name, reference = all rows"
TINY = ["--preset", "tiny", "--disable_tqdm", "true", "--eval_generations", "8", "--keep_versions", "1"]


def train(data: str, models: Path, steps: int, extra: list[str]) -> Path:
    if (models / "current").is_dir():
        print(f"reusing {(models / 'current').resolve()}", flush=True)
        return (models / "current").resolve()
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
    ap.add_argument("--keep", help="train into (and reuse models from) this folder instead of a temporary one")
    ap.add_argument("--json")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(a.keep) if a.keep else Path(tmp)
        t.mkdir(parents=True, exist_ok=True)
        qa = ["--group_column", "focus", "--dedupe_questions", "true", "--max_answer_chars", "600",
              "--max_length", "192"]
        medquad = train(a.medquad, t / "medquad", a.steps, qa)
        mqp = train(a.mqp, t / "mqp", a.steps, ["--max_length", "192"])
        processed = pd.read_csv(medquad / "medical_qa_processed.csv")
        held_out = t / "heldout.csv"
        # shuffled (fixed seed): the file is ordered by source, so its first rows are one source's templates
        processed[processed["split"] == "validation"].sample(frac=1.0, random_state=0).to_csv(held_out, index=False)
        reference = t / "reference.csv"
        processed[processed["split"] == "train"].to_csv(reference, index=False)
        everything = t / "everything.csv"
        processed.to_csv(everything, index=False)
        reworded = t / "heldout_paraphrased.csv"
        para = pd.read_csv(held_out)
        para["question"] = para["question"].map(paraphrase)
        para.to_csv(reworded, index=False)
        misspelt = t / "heldout_misspelt.csv"
        typo = pd.read_csv(held_out)
        rng = random.Random(0)
        typo["question"] = [misspell(q, g, rng) for q, g in zip(typo["question"], typo["group"], strict=True)]
        typo.to_csv(misspelt, index=False)
        rows = {
            "MQP-trained tiny (generate)": evaluate(mqp, held_out, a.limit),
            "MedQuAD-trained tiny (generate)": evaluate(medquad, held_out, a.limit),
            GROUNDED_TRAIN: evaluate(medquad, held_out, a.limit, "--answer_mode", "grounded",
                                     "--reference", str(reference)),
            GROUNDED_ALL: evaluate(medquad, held_out, a.limit, "--answer_mode", "grounded",
                                   "--reference", str(everything), "--leave_one_out"),
            "MedQuAD-trained tiny (generate), reworded questions": evaluate(medquad, reworded, a.limit),
            GROUNDED_REWORDED: evaluate(medquad, reworded, a.limit, "--answer_mode", "grounded",
                                        "--reference", str(everything)),
            GROUNDED_MISSPELT: evaluate(medquad, misspelt, a.limit, "--answer_mode", "grounded",
                                        "--reference", str(everything)),
        }
    from trainer.evaluate import markdown_table

    print(f"\nheld-out MedQuAD validation split (topic-grouped), {a.limit} shuffled questions, {a.steps} steps each\n")
    print(markdown_table(rows))
    for name in (GROUNDED_TRAIN, GROUNDED_ALL, GROUNDED_REWORDED, GROUNDED_MISSPELT):
        print(f"{name}: {rows[name]['with_source']:.0%} of replies carry NIH text and its source link, "
              "the rest say there is no reliable source")
    write_json(a.json, {"steps": a.steps, "limit": a.limit, "rows": rows})


if __name__ == "__main__":
    main()
