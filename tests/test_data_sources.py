"""Data from where users get it: Hub datasets through `datasets` (cached), local copies through the same
path, and one clear line when neither is there."""

from __future__ import annotations

import subprocess
import time

import pandas as pd
import pytest

from tests.conftest import PY, ROOT, run_env

HUB_COLUMNS = ["document_id", "document_source", "document_url", "category", "umls_cui", "umls_semantic_types",
               "umls_semantic_group", "synonyms", "question_id", "question_focus", "question_type", "question",
               "answer"]


def test_no_data_file_from_outside_the_project_is_tracked():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    # the triage corpus is the project's own: messages written for medbot by its writers (data/triage/README.md)
    own = ("data/triage/", "tests/data/triage_heldout/")
    data = [f for f in files if f.lower().endswith((".csv", ".csv.gz", ".parquet", ".jsonl", ".tsv", ".arrow"))
            and not f.startswith(own)]
    assert data == [], data


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_hub_layout_from_parquet_through_datasets_and_from_csv_answers_alike(shared, tmp_path):
    from bot.rerank import ConsumerRetriever, Reference, Reranker, load_rows
    from medbot.tables import load_table

    parquet = shared / "medquad_hub.parquet"
    if not parquet.is_file():
        pytest.skip(f"{parquet} not found")
    df = load_table(parquet)  # `datasets.load_dataset("parquet", ...)`: the path a Hub dataset takes
    assert list(df.columns) == HUB_COLUMNS and len(df) == 47_441
    assert int((df["answer"].fillna("") != "").sum()) == 16_407
    csv = tmp_path / "medquad_hub.csv.gz"
    pd.read_parquet(parquet).to_csv(csv, index=False)
    from_parquet, from_csv = load_rows(parquet), load_rows(csv)
    assert from_parquet == from_csv
    reranker = Reranker.load(ROOT / "bot")
    # the index over a tenth of the rows (every topic asked below included) answers alike from both: the
    # full index is 8 s each and the rows are already shown equal
    keep = [i for i, r in enumerate(from_parquet) if i % 10 == 0 or r.focus.lower() in
            {"tetanus", "human papillomavirus", "hpv", "metformin", "gout"}]
    a = ConsumerRetriever(Reference([from_parquet[i] for i in keep]), reranker)
    b = ConsumerRetriever(Reference([from_csv[i] for i in keep]), reranker)
    for q in ("what is tetanus", "hpv positive what does it mean and is there treatment",
              "how much metformin can i take with kidney problems", "what are the symptoms of gout"):
        ca, cb = a.choose(q), b.choose(q)
        assert ca is not None and cb is not None and ca.row.url == cb.row.url, q
        assert ca.row.url.startswith("http"), q


def test_the_reference_index_is_cached_and_rebuilt_when_the_data_changes(qa_csv, tmp_path, caplog):
    import logging

    from bot.rerank import Reference

    caplog.set_level(logging.INFO, logger="bot.rerank")
    cache = tmp_path / "cache"
    first = Reference.load(qa_csv, cache_dir=cache)
    (kept,) = cache.glob("reference-*.pickle")
    assert oct(kept.stat().st_mode & 0o777) == "0o600" and "cached in" in caplog.text
    caplog.clear()
    again = Reference.load(qa_csv, cache_dir=cache)
    assert "read from" in caplog.text and len(again.rows) == len(first.rows) == 256
    changed = tmp_path / "changed.csv"
    pd.read_csv(qa_csv).head(200).to_csv(changed, index=False)
    caplog.clear()
    assert len(Reference.load(changed, cache_dir=cache).rows) == 200 and "cached in" in caplog.text
    assert [p.name for p in cache.glob("reference-*.pickle")] != [kept.name]  # the old one replaced
    kept_now = next(cache.glob("reference-*.pickle"))
    kept_now.chmod(0o666)  # writable by others: never unpickled
    caplog.clear()
    Reference.load(changed, cache_dir=cache)
    assert "ignoring" in caplog.text


def one_clear_line(p: subprocess.CompletedProcess[str], code: int) -> str:
    lines = [line for line in p.stderr.splitlines() if line.strip() and " INFO " not in line]
    assert p.returncode == code and len(lines) == 1 and "Traceback" not in p.stderr, p.stderr[-2000:]
    return lines[0]


@pytest.mark.timeout(120)
def test_without_data_and_without_the_hub_every_command_says_so_in_one_line(tiny_model, tmp_path):
    env = run_env(HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    t0 = time.monotonic()
    train = subprocess.run([PY, "-m", "trainer", "--preset", "tiny", "--models_dir", str(tmp_path / "m")], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=60)
    line = one_clear_line(train, 1)
    assert "'lavita/MedQuAD'" in line and "--data" in line, line
    ask = subprocess.run([PY, "-m", "bot", "--ask", "what is tetanus", "--model_dir", str(tiny_model)], cwd=ROOT,
                         env={**env, "MEDBOT_ANSWER_MODE": "grounded"}, capture_output=True, text=True, timeout=60)
    line = one_clear_line(ask, 2)
    assert "'lavita/MedQuAD'" in line and "MEDBOT_REFERENCE" in line, line
    assert time.monotonic() - t0 < 60  # seconds each, not minutes of retries
