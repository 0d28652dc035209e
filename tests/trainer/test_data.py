import csv

import pandas as pd
import pytest

from medbot.text import topic_key
from trainer import TrainerError
from trainer.config import DataArguments
from trainer.data import apply_rules, load_training_data, prepare, seed_rules, to_pairs


def seed_is_valid_pair(q, a):
    """The tutorial's code, verbatim in logic, to count independently of trainer.data."""
    q = q.lower()
    a = a.lower()
    if not q.endswith("?") or a.endswith("?"):
        return False
    if len(q) < 10 or len(a) < 20 or len(a) > 150:
        return False
    medical_terms = ["medical", "health", "doctor", "symptom", "treatment",
                     "disease", "patient", "medicine", "hospital", "pain"]
    return any(term in q + " " + a for term in medical_terms)


def test_seed_filter_matches_the_seeds_code_on_mqp(mqp_csv):
    with open(mqp_csv, newline="") as f:
        rows = list(csv.reader(f))[:300]
    expected = sum(seed_is_valid_pair(r[1], r[2]) for r in rows)
    p = prepare(DataArguments(data=str(mqp_csv), filter="seed", max_rows=300, dedupe=False))
    assert p.report["rows_read"] == 300
    assert p.report["rows_kept"] == expected == 8
    assert sum(p.report["dropped_by_rule"].values()) == 300 - expected


def test_headerless_mqp_is_recognised(mqp_csv):
    df = load_training_data(str(mqp_csv))
    assert list(df.columns) == ["dr_id", "question_1", "question_2", "label"] and len(df) == 3048


def test_rules_count_first_failure():
    pairs = pd.DataFrame({"question": ["no mark", "What about pain?", "Doctor visit?"],
                          "answer": ["x" * 30, "I have pain in the knee joints", "Is it ok?"]})
    kept, dropped = apply_rules(pairs, seed_rules())
    assert len(kept) == 1 and dropped["question_not_ending_with_?"] == 1 and dropped["answer_ends_with_?"] == 1


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "parquet"])
def test_local_formats(tmp_path, fmt):
    df = pd.DataFrame({"q": [f"What is condition {i}?" for i in range(30)],
                       "a": [f"Condition {i} is a long enough answer text." for i in range(30)]})
    p = tmp_path / f"d.{fmt}"
    {"csv": lambda: df.to_csv(p, index=False), "jsonl": lambda: df.to_json(p, orient="records", lines=True),
     "json": lambda: df.to_json(p, orient="records"), "parquet": lambda: df.to_parquet(p)}[fmt]()
    out = prepare(DataArguments(data=str(p), question_column="q", answer_column="a"))
    assert out.report["rows_kept"] == 30 and len(out.train) == 27 and len(out.val) == 3


def test_missing_columns_lists_found_columns(tmp_path):
    p = tmp_path / "x.csv"
    pd.DataFrame({"foo": ["a"], "bar": ["b"]}).to_csv(p, index=False)
    with pytest.raises(TrainerError, match="columns found: foo, bar"):
        to_pairs(load_training_data(str(p)), DataArguments(data=str(p)))


def test_missing_file_and_nothing_left(tmp_path):
    with pytest.raises(TrainerError, match="not found"):
        prepare(DataArguments(data=str(tmp_path / "nope.csv")))
    p = tmp_path / "q.csv"
    pd.DataFrame({"question": ["no question mark"] * 5, "answer": ["an answer that is long"] * 5}).to_csv(p)
    with pytest.raises(TrainerError, match="question_not_ending_with_"):
        prepare(DataArguments(data=str(p), filter="seed"))


def test_grouped_split_keeps_topics_apart(shared):
    p = prepare(DataArguments(data=str(shared / "medquad.csv.gz"), group_column="focus", dedupe_questions=True,
                              max_answer_chars=700))
    assert not set(p.train["group"]) & set(p.val["group"])
    # one topic however it is spelled: "Essential Tremor" / "essential tremor", "Heart Valve Disease(s)"
    assert not set(p.train["group"].map(topic_key)) & set(p.val["group"].map(topic_key))
    assert p.report["repeated_questions_dropped"] > 0
    assert p.train["answer"].str.len().max() <= 700
