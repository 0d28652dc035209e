"""Answer quality: a tiny model trained on MQP (question rewrites) vs one trained on MedQuAD (real
NIH answers) for the same number of steps, and grounded answers, all scored on the same held-out,
topic-grouped MedQuAD split. Prints a markdown table, writes JSON.

Grounded mode is scored twice: with the train split as reference (the held-out diseases are in no
reference row, so the right reply is mostly "no reliable source"), and with every row as reference
but never the asked question's own row (leave-one-out: the topic is covered, the question is not;
the deployed bot's reference is the whole file). Then the same held-out questions reworded the way
people ask ("what options are there for dealing with X", templates written after the grounding rules
and checked to share no phrase with them), against every row but the asked ones: does retrieval find
the asked aspect of the asked disease from other words? The MedQuAD generator answers the reworded
questions too. And the held-out questions with one typo in the disease's name, against every row but the asked ones.

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
# retrieval finds the asked aspect of the asked disease from other words. Written for this benchmark
# after the grounding rules (bot/answering/: understand.py, grounding.py) and never tuned on: `tuned_phrases`
# checks that no template shares three words in a row with those rules' source, so the rewording stays
# held-out phrasing. (The earlier templates were the very phrasings the rules hard-code.)
PARAPHRASES = [
    (r"^what is \(are\) (.+?) \?$", "give me an overview of {}"),
    (r"^what are the (?:signs and )?symptoms of (.+?) \?$", "how would someone notice they have {}"),
    (r"^what are the treatments for (.+?) \?$", "what options are there for dealing with {}"),
    (r"^what causes (.+?) \?$", "where does {} come from"),
    (r"^is (.+?) inherited \?$", "can parents hand {} down to their kids"),
    (r"^how many people are affected by (.+?) \?$", "is {} a rare thing or do lots of people have it"),
    (r"^what are the genetic changes related to (.+?) \?$", "what dna changes are behind {}"),
    (r"^how to diagnose (.+?) \?$", "what would a doctor do to confirm {}"),
    (r"^what is the outlook for (.+?) \?$", "what happens later on for people living with {}"),
    (r"^how to prevent (.+?) \?$", "is there any way to keep {} from starting"),
    (r"^who is at risk for (.+?)\?? \?$", "which people should worry about {}"),
    (r"^what research \(or clinical trials\) is being done for (.+?) \?$", "what are scientists working on for {}"),
    (r"^what are the stages of (.+?) \?$", "what phases does {} go through"),
    (r"^do you have information about (.+)$", "anything you can share on {}"),
    (r"^what to do for (.+?) \?$", "i have {}, any advice"),
]
RULES = tuple(f"bot/answering/{m}.py" for m in ("understand", "grounding", "rerank", "reference", "passages"))


def tuned_phrases() -> list[str]:
    """Three-word runs of a template that also occur in the grounding rules' source (should be none)."""
    source = " ".join(" ".join(re.sub(r"[^a-z ]+", " ", (ROOT / f).read_text().lower()).split()) for f in RULES)
    found = []
    for _, template in PARAPHRASES:
        words = re.sub(r"[^a-z ]+", " ", template.replace("{}", " | ")).split()
        found += [" ".join(words[i:i + 3]) for i in range(len(words) - 2)
                  if " ".join(words[i:i + 3]) in source]
    return found


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


DATA_ROLE = ("held-out: every row is scored on the topic-grouped validation split, which trained nothing; the "
             "grounded rows never answer from the asked row; the reworded questions use templates nobody tuned on")
GROUNDED_TRAIN = "grounded, reference = train split (held-out topics absent)"
GROUNDED_ALL = "grounded, reference = all rows but the asked one"
GROUNDED_REWORDED = "grounded, reworded questions, reference = all rows but the asked ones"
GROUNDED_MISSPELT = "grounded, one typo in the disease name, reference = all rows but the asked ones"
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
    if tuned_phrases():
        sys.exit(f"paraphrase templates share phrases with the grounding rules: {tuned_phrases()}")
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
        # for questions asked in other words, leave-one-out by question text cannot find the asked row: the
        # reference leaves out the rows of every asked question instead (their topics' other rows stay)
        asked = set(pd.read_csv(held_out)["question"].head(a.limit))
        but_asked = t / "everything_but_asked.csv"
        processed[~processed["question"].isin(asked)].to_csv(but_asked, index=False)
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
                                        "--reference", str(but_asked)),
            GROUNDED_MISSPELT: evaluate(medquad, misspelt, a.limit, "--answer_mode", "grounded",
                                        "--reference", str(but_asked)),
        }
    from trainer.evaluate import markdown_table

    print(f"\nheld-out MedQuAD validation split (topic-grouped), {a.limit} shuffled questions, {a.steps} steps each\n")
    print(markdown_table(rows))
    for name in (GROUNDED_TRAIN, GROUNDED_ALL, GROUNDED_REWORDED, GROUNDED_MISSPELT):
        print(f"{name}: {rows[name]['with_source']:.0%} of replies carry NIH text and its source link, "
              "the rest say there is no reliable source")
    write_json(a.json, {"steps": a.steps, "limit": a.limit, "data_role": DATA_ROLE, "rows": rows})


if __name__ == "__main__":
    main()
