"""Data: load a Hub dataset or local file, normalise to (question, answer), filter with per-rule
counts, report, and split train/validation."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from medbot.prompt import one_line
from medbot.text import cut_at_sentence, topic_key
from trainer import OFFLINE_OPTIONS, TrainerError
from trainer.config import DataArguments

log = logging.getLogger(__name__)

MQP_COLUMNS = ["dr_id", "question_1", "question_2", "label"]
QUESTION_COLUMNS = ("question", "question_1", "Question", "input", "prompt", "instruction")
ANSWER_COLUMNS = ("answer", "question_2", "Answer", "output", "response", "completion")
MEDICAL_TERMS = ["medical", "health", "doctor", "symptom", "treatment",
                 "disease", "patient", "medicine", "hospital", "pain"]


class HubUnreachable(TrainerError):
    pass


_HUB_HINT = "cannot load dataset {name!r}: the Hugging Face Hub is unreachable; " + OFFLINE_OPTIONS


def load_training_data(spec: str, split: str = "train", max_rows: int | None = None) -> pd.DataFrame:
    """A DataFrame from a local file or a Hub dataset (medbot/tables.py: `datasets.load_dataset`, cached),
    failing with a TrainerError that says what to do."""
    from medbot.tables import DataUnavailable, is_local
    from medbot.tables import load_table as load_any

    if is_local(spec):
        path = Path(spec).expanduser()
        if not path.is_file():
            raise TrainerError(f"data file not found: {path}")
        df = _read_local(path)
    else:
        try:
            df = load_any(spec, split)
        except DataUnavailable as exc:
            raise HubUnreachable(_HUB_HINT.format(name=spec)) from exc
        except Exception as exc:
            raise TrainerError(f"cannot load dataset {spec!r}: {str(exc).splitlines()[0][:300]}") from exc
    return df.head(max_rows) if max_rows else df


def _read_local(path: Path) -> pd.DataFrame:
    from medbot.tables import load_table as load_any
    from medbot.tables import read_table

    try:
        if path.name.lower().endswith(".parquet"):
            return load_any(path)  # through `datasets`, the way the Hub's parquet is read
        df = read_table(path)
        tabular = not path.name.lower().removesuffix(".gz").endswith((".json", ".jsonl"))
        if tabular and not _known_columns(df) and df.shape[1] == len(MQP_COLUMNS):
            # The original mqp.csv has no header row: dr_id, question_1, question_2, label.
            df = read_table(path, header=None, names=MQP_COLUMNS)
        return df
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise TrainerError(f"cannot read {path}: {exc}") from exc


def _known_columns(df: pd.DataFrame) -> bool:
    return any(c in df.columns for c in QUESTION_COLUMNS + ANSWER_COLUMNS)


# lavita/MedQuAD (the Hub's MedQuAD) names its topic and page columns so
HUB_MEDQUAD_COLUMNS = {"question_focus": "focus", "document_url": "url", "question_type": "qtype"}


def to_pairs(df: pd.DataFrame, args: DataArguments) -> pd.DataFrame:
    """Columns question, answer (+ group and url when present), as strings."""
    if "question_focus" in df.columns and "focus" not in df.columns:
        df = df.rename(columns=HUB_MEDQUAD_COLUMNS)
    q = args.question_column or next((c for c in QUESTION_COLUMNS if c in df.columns), None)
    a = args.answer_column or next((c for c in ANSWER_COLUMNS if c in df.columns), None)
    missing = [n for n, c in (("question", q), ("answer", a)) if c is None or c not in df.columns]
    if args.group_column and args.group_column not in df.columns:
        missing.append(f"group ({args.group_column})")
    if missing:
        found = ", ".join(map(str, df.columns))
        raise TrainerError(f"missing {' and '.join(missing)} column(s); columns found: {found}. "
                           "Name them with --question_column / --answer_column")
    out = pd.DataFrame({"question": df[q], "answer": df[a]})
    if args.group_column:
        out["group"] = df[args.group_column]
    if "url" in df.columns:
        out["url"] = df["url"]
    for col in out.columns:
        out[col] = out[col].map(_as_text)
    return out.reset_index(drop=True)


def _as_text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


Rule = tuple[str, Callable[[str, str], bool]]  # (name, keeps(question, answer))


def seed_rules() -> list[Rule]:
    """The tutorial's is_valid_pair, one rule per check, evaluated on lower-cased text as it does."""
    return [
        ("question_not_ending_with_?", lambda q, a: q.lower().endswith("?")),
        ("answer_ends_with_?", lambda q, a: not a.lower().endswith("?")),
        ("question_under_10_chars", lambda q, a: len(q) >= 10),
        ("answer_under_20_chars", lambda q, a: len(a) >= 20),
        ("answer_over_150_chars", lambda q, a: len(a) <= 150),
        ("no_medical_term", lambda q, a: any(t in (q + " " + a).lower() for t in MEDICAL_TERMS)),
    ]


def basic_rules() -> list[Rule]:
    return [
        ("empty", lambda q, a: bool(q.strip()) and bool(a.strip())),
        ("question_under_10_chars", lambda q, a: len(q.strip()) >= 10),
        ("answer_under_20_chars", lambda q, a: len(a.strip()) >= 20),
    ]


RULESETS: dict[str, Callable[[], list[Rule]]] = {"seed": seed_rules, "basic": basic_rules, "none": list}


@dataclass
class Prepared:
    train: pd.DataFrame
    val: pd.DataFrame
    report: dict[str, Any]


def apply_rules(pairs: pd.DataFrame, rules: list[Rule]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Keep rows passing every rule; count each dropped row under the first rule it fails."""
    dropped = {name: 0 for name, _ in rules}
    keep = []
    for q, a in zip(pairs["question"], pairs["answer"], strict=True):
        failed = next((name for name, ok in rules if not ok(q, a)), None)
        if failed:
            dropped[failed] += 1
        keep.append(failed is None)
    return pairs[keep].reset_index(drop=True), dropped


def prepare(args: DataArguments) -> Prepared:
    """Load, normalise, filter, dedupe, cut and split. Raises TrainerError when nothing is left."""
    if args.filter not in RULESETS:
        raise TrainerError(f"--filter {args.filter!r}: expected one of {', '.join(RULESETS)}")
    raw = load_training_data(args.data, args.data_split, args.max_rows)
    pairs = to_pairs(raw, args)
    kept, dropped = apply_rules(pairs, RULESETS[args.filter]())
    dups = 0
    if args.dedupe:
        n = len(kept)
        kept = kept.drop_duplicates(["question", "answer"]).reset_index(drop=True)
        dups = n - len(kept)
    repeated = 0
    if args.dedupe_questions:
        n = len(kept)
        key = kept["question"].str.lower().map(one_line)
        kept = kept[~key.duplicated()].reset_index(drop=True)
        repeated = n - len(kept)
    sampled_from = None
    if args.sample_pairs and len(kept) > args.sample_pairs:
        sampled_from = len(kept)
        kept = kept.sample(args.sample_pairs, random_state=args.split_seed).reset_index(drop=True)
    if args.max_answer_chars:
        kept["answer"] = kept["answer"].map(lambda a: cut_at_sentence(one_line(a), args.max_answer_chars))
    report: dict[str, Any] = {
        "source": args.data, "filter": args.filter, "rows_read": len(pairs), "dropped_by_rule": dropped,
        "duplicates_dropped": dups, "repeated_questions_dropped": repeated,
        **({"sampled_from": sampled_from} if sampled_from else {}), "rows_kept": len(kept),
    }
    if len(kept) < 2:
        counts = ", ".join(f"{k}: {v}" for k, v in dropped.items())
        raise TrainerError(f"only {len(kept)} of {len(pairs)} rows left after filtering ({counts}); "
                           "try --filter basic or check the columns")
    train, val = split(kept, args)
    report |= {
        "train_examples": len(train), "val_examples": len(val),
        "avg_question_chars": round(float(kept["question"].str.len().mean()), 1),
        "avg_answer_chars": round(float(kept["answer"].str.len().mean()), 1),
        "sample": kept.sample(1, random_state=args.split_seed).iloc[0][["question", "answer"]].to_dict(),
    }
    return Prepared(train, val, report)


def split(df: pd.DataFrame, args: DataArguments) -> tuple[pd.DataFrame, pd.DataFrame]:
    """90/10 (by default) with a fixed seed; grouped so one topic never sits on both sides."""
    from sklearn.model_selection import GroupShuffleSplit, train_test_split

    if "group" in df.columns and df["group"].map(topic_key).nunique() >= 2:
        gss = GroupShuffleSplit(n_splits=1, test_size=args.val_size, random_state=args.split_seed)
        # "Essential Tremor" and "essential tremor" are one topic: group on the normalised key
        tr, va = next(gss.split(df, groups=df["group"].map(topic_key)))
        return df.iloc[tr].reset_index(drop=True), df.iloc[va].reset_index(drop=True)
    train, val = train_test_split(df, test_size=args.val_size, random_state=args.split_seed)
    return train.reset_index(drop=True), val.reset_index(drop=True)


def format_report(report: dict[str, Any]) -> str:
    lines = ["Dataset quality report", "----------------------",
             f"source: {report['source']}  filter: {report['filter']}",
             f"rows read: {report['rows_read']}"]
    lines += [f"  dropped by {k}: {v}" for k, v in report["dropped_by_rule"].items()]
    lines += [f"  duplicates dropped: {report['duplicates_dropped']}",
              f"  repeated questions dropped: {report['repeated_questions_dropped']}",
              *([f"  a random {report['rows_kept']} kept of {report['sampled_from']} (--sample_pairs)"]
                if "sampled_from" in report else []),
              f"rows kept: {report['rows_kept']} (train {report.get('train_examples')}, "
              f"validation {report.get('val_examples')})",
              f"average question / answer length: {report.get('avg_question_chars')} / "
              f"{report.get('avg_answer_chars')} characters"]
    if "sample" in report:
        lines += ["sample pair:", f"  Q: {report['sample']['question']}", f"  A: {report['sample']['answer']}"]
    return "\n".join(lines)


def save_report(prepared: Prepared, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data_report.json").write_text(json.dumps(prepared.report, indent=2, ensure_ascii=False))
    both = pd.concat([prepared.train.assign(split="train"), prepared.val.assign(split="validation")])
    both.to_csv(folder / "medical_qa_processed.csv", index=False)
