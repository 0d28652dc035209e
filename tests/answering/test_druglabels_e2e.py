"""The real bot (`python -m bot --console`, grounded mode, MedQuAD in lavita's layout) answering drug
questions from FDA labels: from a bulk file written here (invented labels, tests/fakes/openfda.py) and
from the fake openFDA API; non-drug answers unchanged; emergencies first; --check names the source."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from bot.answering.labels import DAILYMED
from bot.operations.check import run_check
from bot.operations.config import Settings
from tests.fakes.openfda import METFORMIN_SET_ID, ZORVEXA_SET_ID, FakeOpenFDA, invented_labels, running, write_bulk
from tests.fakes.proc import PY, ROOT, run_env
from tests.fakes.shared import shared_file

pytestmark = pytest.mark.timeout(300)

# The acceptance questions: each answered with its section's text (marked in the invented labels) and the source
ACCEPTANCE = [
    ("What are the side effects of metformin?", "MET-ADVERSE", METFORMIN_SET_ID),
    ("Is it safe to take metformin while pregnant?", "MET-PREG", METFORMIN_SET_ID),
    ("How should I store my metformin tablets?", "MET-STORE", METFORMIN_SET_ID),
    ("Can I drink alcohol while taking Zorvexa?", "ZVX-ALCOHOL", ZORVEXA_SET_ID),
    ("Can I keep taking metformin if I have kidney problems?", "MET-RENAL", METFORMIN_SET_ID),
]
NON_DRUG = ["what is asthma?", "How is high blood pressure treated?", "What causes migraines?",
            "hpv positive what does it mean and is there treatment"]
OVERDOSE = "I took 30 metformin pills an hour ago and I feel very sick"


@pytest.fixture(scope="module")
def hub(shared: Path) -> Path:
    return shared_file(shared, "medquad_hub.parquet")


@pytest.fixture(scope="module")
def state() -> str:
    return tempfile.mkdtemp(prefix="medbot-state-")  # one index cache for every bot of this module


def console(model: Path, hub: Path, state: str, questions: list[str], **env: str) -> tuple[dict[str, str], str]:
    """Each question's reply from one console session, and the session's log (stderr)."""
    p = subprocess.run([PY, "-m", "bot", "--console", "--model_dir", str(model)], input="\n".join(questions)
                       + "\nexit\n", capture_output=True, text=True, cwd=ROOT, timeout=240,
                       env=run_env(MEDBOT_ANSWER_MODE="grounded", MEDBOT_REFERENCE=str(hub), MEDBOT_DEVICE="cpu",
                                   MEDBOT_STATE_DIR=state, **env))
    assert p.returncode == 0, p.stderr
    replies = {}
    for chunk in p.stdout.split("Your question: ")[1:]:
        asked, _, rest = chunk.partition("\n")
        replies[asked.strip()] = rest.partition("Response: ")[2].strip()
    return replies, p.stderr


@pytest.mark.slow
def test_bulk_file_answers_the_five_questions_and_leaves_the_rest(tiny_model, hub, state, tmp_path):
    bulk = write_bulk(tmp_path / "drug-label-0001-of-0001.json.zip", invented_labels(), zipped=True)
    asked = [q for q, _, _ in ACCEPTANCE] + ["what are the side effefcts of zorvexa", OVERDOSE] + NON_DRUG
    with_labels, _ = console(tiny_model, hub, state, asked, MEDBOT_DRUG_LABELS=str(bulk))
    for q, marker, set_id in ACCEPTANCE:
        assert marker in with_labels[q] and f"Source: {DAILYMED}{set_id}" in with_labels[q], (q, with_labels[q])
    assert "ZVX-ADVERSE" in with_labels["what are the side effefcts of zorvexa"]
    assert "emergency" in with_labels[OVERDOSE].lower() and "MET-OVERDOSE" not in with_labels[OVERDOSE]
    assert "medlineplus/druginfo/meds/a696005.html" in with_labels[ACCEPTANCE[0][0]]  # MedQuAD's drug page
    without, _ = console(tiny_model, hub, state, asked, MEDBOT_DRUG_LABELS="off")
    for q in NON_DRUG:
        assert with_labels[q] == without[q] and "http" in without[q]
    assert not any(DAILYMED in r for r in without.values())


@pytest.mark.slow
def test_fake_api_answers_caches_sends_only_names_and_degrades_to_links(tiny_model, hub, state):
    fake = FakeOpenFDA(invented_labels())
    fake.fail_next = [429]  # the first request (glipizide's) is refused
    asked = ["What are the side effects of glipizide?", "What are the side effects of metformin?",
             "How should I store my metformin tablets?", "Can I keep taking metformin if I have kidney problems?",
             "what are the side effects of unknownazol?"]
    with running(fake) as url:
        replies, log = console(tiny_model, hub, state, asked, MEDBOT_OPENFDA_URL=url)
    assert DAILYMED not in replies[asked[0]] and "medlineplus/druginfo/meds/" in replies[asked[0]]  # the link only
    assert "MET-ADVERSE" in replies[asked[1]] and "MET-STORE" in replies[asked[2]] and "MET-RENAL" in replies[asked[3]]
    assert all(f"Source: {DAILYMED}{METFORMIN_SET_ID}" in replies[q] for q in asked[1:4])
    names = [re.findall(r'openfda\.generic_name:"([^"]+)"', q["search"]) for q in fake.requests]
    assert names == [["glipizide"], ["metformin"]]  # one request per name, nothing else of any message
    assert log.count("openFDA did not answer") == 1 and "kidney" not in log


def _check(capsys, hub: Path, model: Path, **env: str) -> tuple[int, str]:
    env = {"MEDBOT_DEVICE": "cpu", "MEDBOT_MODEL_DIR": str(model), "MEDBOT_ANSWER_MODE": "grounded",
           "MEDBOT_REFERENCE": str(hub), **env}
    rc = run_check(Settings.from_env(env), env)
    return rc, capsys.readouterr().out


def test_check_reports_the_label_source(capsys, tiny_model, medquad_sample, tmp_path):
    bulk = write_bulk(tmp_path / "drug-label-0001-of-0001.json", invented_labels())
    rc, out = _check(capsys, medquad_sample, tiny_model, MEDBOT_DRUG_LABELS=str(bulk))
    assert rc == 0 and re.search(r"drug labels: .*drug-label-0001-of-0001.json: 6 labels, \d+ names", out), out
    with running(FakeOpenFDA(invented_labels())) as url:
        rc, out = _check(capsys, medquad_sample, tiny_model, MEDBOT_OPENFDA_URL=url)
    assert rc == 0 and f"drug labels: openFDA API at {url}: reachable" in out, out
    rc, out = _check(capsys, medquad_sample, tiny_model, MEDBOT_OPENFDA_URL="http://127.0.0.1:9/drug/label.json")
    assert rc == 0 and "warning: openFDA unreachable" in out, out
    rc, out = _check(capsys, medquad_sample, tiny_model, MEDBOT_DRUG_LABELS=str(tmp_path / "none.zip"))
    assert rc == 1 and "problem: MEDBOT_DRUG_LABELS=" in out and "does not exist" in out


def test_an_unreadable_label_path_is_one_clear_line(tiny_model, tmp_path):
    p = subprocess.run([PY, "-m", "bot", "--ask", "side effects of metformin", "--model_dir", str(tiny_model)],
                       capture_output=True, text=True, cwd=ROOT, timeout=100,
                       env=run_env(MEDBOT_ANSWER_MODE="grounded", MEDBOT_REFERENCE=str(_tiny_reference(tmp_path)),
                                   MEDBOT_DRUG_LABELS=str(tmp_path / "nope")))
    assert p.returncode == 2 and "MEDBOT_DRUG_LABELS=" in p.stderr and "Traceback" not in p.stderr, p.stderr


def _tiny_reference(tmp_path: Path) -> Path:
    import pandas as pd

    p = tmp_path / "ref.csv"
    pd.DataFrame({"question": ["What is asthma?"], "answer": ["Asthma is a disease of the airways."],
                  "url": ["https://example.org/asthma"], "focus": ["asthma"], "qtype": ["information"]}).to_csv(p)
    return p
