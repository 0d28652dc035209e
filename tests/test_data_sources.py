"""Data from where users get it: Hub datasets through `datasets` (cached), local copies through the same
path, and one clear line when neither is there."""

from __future__ import annotations

import subprocess
import time

import pandas as pd
import pytest

from bot.app import SHIPPED_RERANKER
from tests.fakes.proc import PY, ROOT, run_env

HUB_COLUMNS = ["document_id", "document_source", "document_url", "category", "umls_cui", "umls_semantic_types",
               "umls_semantic_group", "synonyms", "question_id", "question_focus", "question_type", "question",
               "answer"]


def test_no_data_file_from_outside_the_project_is_tracked():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    # the triage, conversation, question-type, chat, focus and follow-up corpora are the project's own: written for
    # medbot by its writers (their READMEs)
    own = ("data/triage/", "tests/data/triage_heldout/", "data/conversations/", "tests/data/conversations_heldout/",
           "data/aspects/", "tests/data/aspects_heldout/", "data/chat/", "tests/data/chat_heldout/", "data/focus/",
           "data/followups/", "data/lay_names/")
    data = [f for f in files if f.lower().endswith((".csv", ".csv.gz", ".parquet", ".jsonl", ".tsv", ".arrow"))
            and not f.startswith(own)]
    assert data == [], data


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_hub_layout_from_parquet_through_datasets_and_from_csv_answers_alike(shared, tmp_path):
    from bot.answering.reference import Reference, load_rows
    from bot.answering.rerank import ConsumerRetriever, Reranker
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
    reranker = Reranker.load(SHIPPED_RERANKER)
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

    from bot.answering.reference import Reference
    from bot.answering.rerank import ConsumerRetriever, Reranker

    caplog.set_level(logging.INFO, logger="bot")
    cache = tmp_path / "cache"
    first = Reference.load(qa_csv, cache_dir=cache)
    (kept,) = cache.glob("reference-*.safetensors")
    assert oct(kept.stat().st_mode & 0o777) == "0o600" and "cached in" in caplog.text
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    caplog.clear()
    again = Reference.load(qa_csv, cache_dir=cache)
    assert "read from" in caplog.text and len(again.rows) == len(first.rows) == 256
    # the same index, so the same answers
    assert (again.matrix != first.matrix).nnz == 0 and (again.qmatrix != first.qmatrix).nnz == 0
    assert again.vectorizer.vocabulary_ == first.vectorizer.vocabulary_ and again.names == first.names
    assert (again.fkeys, again.synonym_keys, again.focus_rows, again.template, again.row_words, again.row_lengths) == \
        (first.fkeys, first.synonym_keys, first.focus_rows, first.template, first.row_words, first.row_lengths)
    reranker = Reranker.load(SHIPPED_RERANKER)
    for q in ("what is asthma", "how is gout treated", "side effects of metformin"):
        a, b = ConsumerRetriever(first, reranker).rank(q), ConsumerRetriever(again, reranker).rank(q)
        assert [(c.index, round(c.prob, 6)) for c in a] == [(c.index, round(c.prob, 6)) for c in b], q
    changed = tmp_path / "changed.csv"
    pd.read_csv(qa_csv).head(200).to_csv(changed, index=False)
    caplog.clear()
    assert len(Reference.load(changed, cache_dir=cache).rows) == 200 and "cached in" in caplog.text
    assert [p.name for p in cache.glob("reference-*.safetensors")] != [kept.name]  # the old one replaced


def cached(qa_csv, cache):
    from bot.answering.reference import Reference

    Reference.load(qa_csv, cache_dir=cache)
    (path,) = cache.glob("reference-*.safetensors")
    return path


def test_a_cache_others_could_write_is_refused_and_rebuilt(qa_csv, tmp_path, caplog, monkeypatch):
    import logging
    import os

    from bot.answering.reference import Reference

    caplog.set_level(logging.INFO, logger="bot")
    cache = tmp_path / "cache"
    path = cached(qa_csv, cache)
    elsewhere = tmp_path / "planted.npz"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)  # a symlink to a file with the right name: not followed
    caplog.clear()
    Reference.load(qa_csv, cache_dir=cache)
    assert "ignoring the reference cache" in caplog.text and "read from" not in caplog.text
    assert not path.is_symlink()  # replaced by a fresh file of our own

    path.chmod(0o644)  # readable and writable beyond its owner: refused
    caplog.clear()
    Reference.load(qa_csv, cache_dir=cache)
    assert "ignoring the reference cache" in caplog.text and "mode 0644" in caplog.text

    cached(qa_csv, cache)
    cache.chmod(0o777)  # a folder anyone may write to: anything in it could be planted
    caplog.clear()
    Reference.load(qa_csv, cache_dir=cache)
    assert "ignoring the reference cache" in caplog.text and "read from" not in caplog.text
    cache.chmod(0o700)

    cached(qa_csv, cache)
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)  # the file now belongs to "another user"
    caplog.clear()
    assert Reference.load(qa_csv, cache_dir=None) is not None
    from bot.answering import refcache

    assert refcache.read(next(cache.glob("reference-*.safetensors")), [], Reference) is None
    assert "owned by uid" in caplog.text


def test_no_pickle_anywhere_the_bot_or_the_trainer_loads():
    found = subprocess.run(["grep", "-rn", r"pickle\|torch.load\|joblib.load", "bot", "medbot", "trainer"],
                           cwd=ROOT, capture_output=True, text=True).stdout
    assert found == "", found


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
