"""Answer-quality metrics, shared by `python -m trainer` and `python -m trainer.evaluate`.

Reference-answer perplexity (loss on answer tokens only, given the shared prompt), BLEU
(sacrebleu) and ROUGE-L of sampled answers (the bot's own generation code and settings, fixed
seed), the answer-shaped share, distinct-2 and mean length."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from bot.generation.engine import Engine, GenerationConfig
from medbot import prompt

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def rouge_l(hyp: str, ref: str) -> float:
    """ROUGE-L F1 over lower-cased word tokens (longest common subsequence)."""
    h, r = words(hyp), words(ref)
    if not h or not r:
        return 0.0
    prev = [0] * (len(r) + 1)
    for hw in h:
        cur = [0]
        for j, rw in enumerate(r):
            cur.append(prev[j] + 1 if hw == rw else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    if lcs == 0:
        return 0.0
    p, rc = lcs / len(h), lcs / len(r)
    return 2 * p * rc / (p + rc)


def distinct_2(texts: list[str]) -> float:
    grams = [tuple(w[i:i + 2]) for w in map(words, texts) for i in range(len(w) - 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def answer_shaped(question: str, answer: str) -> bool:
    """Non-empty, not a question, not (nearly) a copy of the question."""
    a = answer.strip()
    if not a or a.endswith("?"):
        return False
    return rouge_l(a, question) < 0.8


def bleu(hyps: list[str], refs: list[str]) -> float:
    import sacrebleu

    return round(float(sacrebleu.corpus_bleu(hyps, [refs]).score), 3)


@torch.inference_mode()
def answer_loss(model: Any, tokenizer: Any, pairs: list[tuple[str, str]], max_length: int,
                batch_size: int = 16) -> float:
    """Mean cross-entropy over answer tokens (and the end-of-text) given the shared prompt."""
    dev = next(model.parameters()).device
    total, count = 0.0, 0
    for i in range(0, len(pairs), batch_size):
        rows = [prompt.example_ids(tokenizer, q, a, max_length) for q, a in pairs[i:i + batch_size]]
        batch = collate(rows, tokenizer.pad_token_id or tokenizer.eos_token_id)
        logits = model(input_ids=batch["input_ids"].to(dev), attention_mask=batch["attention_mask"].to(dev)).logits
        labels = batch["labels"].to(dev)[:, 1:]
        loss = torch.nn.functional.cross_entropy(
            logits[:, :-1].float().reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100,
            reduction="sum")
        total += float(loss)
        count += int((labels != -100).sum())
    return total / max(count, 1)


def collate(rows: list[tuple[list[int], list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-pad to the longest row; padding is masked out of attention and labels."""
    width = max(len(ids) for ids, _ in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (x, y) in enumerate(rows):
        ids[i, : len(x)] = torch.tensor(x)
        labels[i, : len(y)] = torch.tensor(y)
        mask[i, : len(x)] = 1
    return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def generate_answers(engine: Engine, questions: list[str], batch_size: int = 16, seed: int = 0) -> list[str]:
    out: list[str] = []
    for i in range(0, len(questions), batch_size):
        out += engine.generate(questions[i:i + batch_size], seed=seed + i)
    return out


def on_topic(topic: str, answer: str) -> bool:
    """The answer names the question's topic (every content word of it; plurals, small typos ok)."""
    from bot.answering.grounding import topic_named

    return bool(topic.strip()) and topic_named(topic, answer)


def score(engine: Engine, pairs: list[tuple[str, str]], max_length: int, limit: int | None = None,
          answers: list[str] | None = None, topics: list[str] | None = None) -> dict[str, Any]:
    """Every metric on `pairs` (the first `limit` for the sampled ones). With `topics` (one per
    pair: MedQuAD's focus), also the share of answers that name the asked topic: ROUGE-L rewards
    boilerplate ("This condition is inherited in an autosomal recessive pattern...") whatever
    disease it is about; `on_topic` says whether the answer is about the disease asked."""
    gen_pairs = pairs[:limit] if limit else pairs
    qs = [q for q, _ in gen_pairs]
    refs = [a for _, a in gen_pairs]
    t0 = time.perf_counter()
    hyps = answers if answers is not None else generate_answers(engine, qs)
    loss = answer_loss(engine.model, engine.tokenizer, pairs, max_length)
    shaped = [answer_shaped(q, h) for q, h in zip(qs, hyps, strict=True)]
    extra: dict[str, Any] = {}
    if topics:
        named = [on_topic(t, h) for t, h in zip(topics, hyps, strict=False)]
        extra["on_topic"] = round(sum(named) / max(len(named), 1), 4)
    return extra | {
        "examples": len(pairs), "generated": len(hyps),
        "answer_loss": round(loss, 4), "answer_perplexity": round(math.exp(min(loss, 50)), 3),
        "bleu": bleu(hyps, refs), "rouge_l": round(sum(map(rouge_l, hyps, refs)) / max(len(hyps), 1), 4),
        "answer_shaped": round(sum(shaped) / max(len(shaped), 1), 4),
        "distinct_2": round(distinct_2(hyps), 4),
        "mean_answer_words": round(sum(len(words(h)) for h in hyps) / max(len(hyps), 1), 1),
        "eval_seconds": round(time.perf_counter() - t0, 2),
        "samples": [{"question": q, "reference": r, "answer": h}
                    for q, r, h in list(zip(qs, refs, hyps, strict=True))[:3]],
    }


def markdown_table(rows: dict[str, dict[str, Any]]) -> str:
    keys = ["answer_perplexity", "bleu", "rouge_l", "answer_shaped", "on_topic", "with_source", "distinct_2",
            "mean_answer_words", "generated"]
    lines = ["| model | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for name, m in rows.items():
        lines.append(f"| {name} | " + " | ".join(str(m.get(k, "")) for k in keys) + " |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m trainer.evaluate", description=__doc__)
    ap.add_argument("--model_dir", required=True)
    ap.add_argument("--data", required=True, help="question/answer file (CSV/JSONL/Parquet) or Hub dataset")
    ap.add_argument("--question_column")
    ap.add_argument("--answer_column")
    ap.add_argument("--limit", type=int, default=64, help="questions answered by sampling")
    ap.add_argument("--max_length", type=int, default=256)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16", "float16", "int8"),
                    help="weights as the bot would load them (MEDBOT_DTYPE): int8 scores the int8 model on CPU")
    ap.add_argument("--split", help="keep rows whose `split` column has this value (e.g. validation, "
                                    "for a model folder's medical_qa_processed.csv)")
    ap.add_argument("--answer_mode", choices=("generate", "grounded"), default="generate")
    ap.add_argument("--reference", help="grounded mode: reference question/answer/url file")
    ap.add_argument("--leave_one_out", action="store_true",
                    help="grounded mode: never answer a question with its own reference row (for a "
                         "reference that contains the evaluated rows)")
    ap.add_argument("--out", help="JSON output (default <model_dir>/eval_<data name>.json)")
    return ap.parse_args(argv)


@dataclass
class Loaded:
    """What an evaluation run reads: the model, the question/answer rows, and the retriever in grounded mode."""

    engine: Engine
    pairs: Any  # DataFrame: question, answer (+ group when the data names topics)
    has_topics: bool
    retriever: Any = None


def load(a: argparse.Namespace) -> Loaded:
    """Model, data (`--split` applied) and, in grounded mode, the retriever. TrainerError on bad input."""
    from bot.answering.grounding import topic_column
    from trainer import TrainerError
    from trainer.config import DataArguments
    from trainer.data import load_training_data, to_pairs

    if a.leave_one_out and a.answer_mode != "grounded":
        raise TrainerError("--leave_one_out applies to --answer_mode grounded")
    if a.answer_mode == "grounded" and not a.reference:
        raise TrainerError("--answer_mode grounded needs --reference FILE")
    engine = Engine.load(a.model_dir, GenerationConfig(), device=a.device, dtype=a.dtype)
    raw = load_training_data(a.data)
    if a.split:
        if "split" not in raw.columns:
            raise TrainerError(f"--split {a.split}: {a.data} has no `split` column")
        raw = raw[raw["split"] == a.split]
    topic_col = topic_column(raw.columns)
    df = to_pairs(raw, DataArguments(data=a.data, question_column=a.question_column,
                                     answer_column=a.answer_column, group_column=topic_col))
    retriever = None
    if a.answer_mode == "grounded":
        from bot.answering.grounding import TfidfRetriever

        retriever = TfidfRetriever.from_file(a.reference)
    return Loaded(engine, df, topic_col is not None, retriever)


def evaluate(a: argparse.Namespace, run: Loaded) -> dict[str, Any]:
    """The metrics of one run: sampled answers (or grounded replies) scored against the references."""
    df = run.pairs
    pairs = list(zip(df["question"], df["answer"], strict=True))[: max(a.limit, 1) * 4]
    answers = replies = None
    if run.retriever is not None:
        from bot.answering.grounding import grounded_answer
        from bot.safety.messages import EN

        replies = [grounded_answer(run.retriever, q, a.leave_one_out) for q, _ in pairs[: a.limit]]
        answers = [text if found else EN.no_source for text, found in replies]
    topics = df["group"].tolist()[: a.limit] if run.has_topics else None
    metrics = score(run.engine, pairs, a.max_length, a.limit, answers=answers, topics=topics)
    if replies is not None:
        # a no-source reply is scored as sent; with_source says how many replies carry NIH text
        metrics["with_source"] = round(sum(src for _, src in replies) / max(len(replies), 1), 4)
        metrics["answer_perplexity"] = "n/a"  # retrieved text: the model's perplexity says nothing about it
        metrics["leave_one_out"] = a.leave_one_out
    return metrics | {"model_dir": str(a.model_dir), "model_version": run.engine.version, "dtype": a.dtype,
                      "data": a.data,
                      "split": a.split, "answer_mode": a.answer_mode, "reference_file": a.reference}


def write(a: argparse.Namespace, metrics: dict[str, Any]) -> Path:
    """`<out>.json` and `<out>.md`; the table goes to stdout too."""
    name = Path(a.data).name.split(".")[0] + (f"_{a.split}" if a.split else "") + f"_{a.answer_mode}"
    out = Path(a.out) if a.out else Path(a.model_dir) / f"eval_{name}.json"
    out.write_text(json.dumps(metrics, indent=2, ensure_ascii=False))
    table = markdown_table({f"{metrics['model_version']} ({a.answer_mode})": metrics})
    out.with_suffix(".md").write_text(table + "\n")
    print(table)
    return out


def main(argv: list[str] | None = None) -> int:
    from trainer import TrainerError

    a = parse_args(argv)
    try:
        run = load(a)
    except (TrainerError, RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = write(a, evaluate(a, run))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
