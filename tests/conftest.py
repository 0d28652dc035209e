"""Shared fixtures: ONE tiny GPT-2 per test session, real data from ../shared/data or MEDBOT_SHARED_DATA.
Helpers that test modules import live in tests/fakes (no module imports this file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fakes.models import build_broken_model, build_tiny_model, write_qa_csv
from tests.fakes.shared import shared_data, shared_file

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never wait on the network in tests
# grounded mode asks api.fda.gov by default: tests that want labels give the fake openFDA or a file
os.environ.setdefault("MEDBOT_DRUG_LABELS", "off")


@pytest.fixture(scope="session")
def shared() -> Path:
    p = shared_data()
    if p is None:
        pytest.skip("real data not available: put it in ../shared/data or set MEDBOT_SHARED_DATA to its folder")
    return p


@pytest.fixture(scope="session")
def full_reference(shared: Path, tmp_path_factory: pytest.TempPathFactory):
    """All of MedQuAD in the layout users get by default (lavita/MedQuAD's, the local copy), indexed once per
    session: loading it takes 10-20 s on 2 cores."""
    from bot.answering.reference import Reference

    return Reference.load(shared_file(shared, "medquad_hub.parquet"), cache_dir=tmp_path_factory.mktemp("refcache"))


@pytest.fixture(scope="session")
def mqp_csv(shared: Path) -> Path:
    return shared_file(shared, "mqp.csv")


@pytest.fixture(scope="session")
def broken_models(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("broken")
    return {kind: build_broken_model(root / kind, kind, tiny_model) for kind in ("random", "eos_only")}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture(scope="session")
def random_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tiny GPT-2 with random weights: it never ends a reply early, for tests that need
    full-length generations (it would fail the self-test, which only reload and publishing run)."""
    return build_tiny_model(tmp_path_factory.mktemp("random") / "model", train_steps=0)


@pytest.fixture(scope="session")
def random_engine(random_model: Path):
    from bot.generation.engine import Engine, GenerationConfig

    return Engine.load(random_model, GenerationConfig(max_new_tokens=24), device="cpu")


@pytest.fixture(scope="session")
def tiny_engine(tiny_model: Path):
    from bot.generation.engine import Engine, GenerationConfig

    return Engine.load(tiny_model, GenerationConfig(max_new_tokens=24), device="cpu")


@pytest.fixture(scope="session")
def qa_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic question/answer CSV for quick trainer runs (no data needed beside the project)."""
    return write_qa_csv(tmp_path_factory.mktemp("data") / "qa.csv")


# Topics a test asks about by name; the rest of the 1,500-row sample is drawn at random.
SAMPLE_TOPICS = ("tetanus", "asthma", "migraine", "human papillomavirus", "gout")


@pytest.fixture(scope="session")
def medquad_sample(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 rows of the real MedQuAD (../shared/data/medquad.csv.gz), for retrieval tests; skipped without it."""
    import pandas as pd

    src = shared / "medquad.csv.gz"
    if not src.is_file():
        pytest.skip(f"{src} not found")
    df = pd.read_csv(src)
    named = df[df["focus"].astype(str).str.lower().isin(SAMPLE_TOPICS)]
    rest = df.drop(named.index).sample(1500 - len(named), random_state=0)
    p = tmp_path_factory.mktemp("medquad") / "medquad_sample.csv.gz"
    pd.concat([named, rest]).sample(frac=1.0, random_state=0).to_csv(p, index=False)
    return p
