import json
import subprocess

import pandas as pd
import pytest

from bot.answering.grounding import TfidfRetriever
from bot.core import Core
from bot.operations.config import Settings
from bot.safety.messages import EN
from tests.fakes.proc import PY, ROOT, run_env


@pytest.fixture(scope="module")
def retriever(medquad_sample):
    return TfidfRetriever.from_file(medquad_sample)


def test_close_question_is_found_with_its_source(retriever, medquad_sample):
    df = pd.read_csv(medquad_sample)
    row = df.iloc[10]
    hit = retriever.best(row["question"].lower().replace("?", ""))
    assert hit is not None and hit.url == row["url"] and hit.score > 0.9
    text = retriever.format(hit)
    assert text.endswith(f"Source: {row['url']}") and len(text) < 1700


@pytest.mark.parametrize("q", ["who won the football match yesterday", "how do I fix my car engine",
                               "tell me a joke"])
def test_nothing_close_gets_no_source_reply(retriever, q):
    assert retriever.best(q) is None


async def test_core_in_grounded_mode(retriever, medquad_sample):
    s = Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_REFERENCE": str(medquad_sample)})

    class NoWorker:
        async def submit(self, q, seed=None):
            raise AssertionError("grounded mode must not call the model")

    core = Core(s, NoWorker(), retriever)
    q = pd.read_csv(medquad_sample).iloc[3]["question"]
    r = await core.answer("u", q)
    assert r.kind == "answer" and "Source: http" in r.text and r.text.endswith(EN.disclaimer)
    r = await core.answer("u2", "is the moon made of cheese?")
    assert r.kind == "no_source" and "don't have a reliable source" in r.text


@pytest.mark.slow
@pytest.mark.timeout(200)
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "mqp"])
def test_evaluate_command_on_any_layout(tiny_model, tmp_path, fmt, qa_csv):
    df = pd.read_csv(qa_csv).head(12)
    if fmt == "csv":
        data = tmp_path / "qa.csv"
        df.to_csv(data, index=False)
    elif fmt == "jsonl":
        data = tmp_path / "qa.jsonl"
        df.to_json(data, orient="records", lines=True)
    else:  # the Hub dataset's layout (medical_questions_pairs): dr_id, question_1, question_2, label
        data = tmp_path / "mqp.csv"
        pd.DataFrame({"dr_id": 1, "question_1": df["question"], "question_2": df["question"],
                      "label": 1}).to_csv(data, index=False, header=False)
    out = tmp_path / "eval.json"
    p = subprocess.run([PY, "-m", "trainer.evaluate", "--model_dir", str(tiny_model), "--data", str(data),
                        "--limit", "4", "--out", str(out), "--device", "cpu"], cwd=ROOT, env=run_env(),
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    m = json.loads(out.read_text())
    for k in ("answer_perplexity", "bleu", "rouge_l", "answer_shaped", "distinct_2", "mean_answer_words"):
        assert k in m
    assert m["generated"] == 4 and m["answer_mode"] == "generate"
    assert "| answer_perplexity |" in out.with_suffix(".md").read_text() or "answer_perplexity" in p.stdout


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_evaluate_grounded_mode_records_mode_and_reference(tiny_model, tmp_path, medquad_sample):
    df = pd.read_csv(medquad_sample)
    ref, held = tmp_path / "ref.csv", tmp_path / "held.csv"
    df.iloc[100:].to_csv(ref, index=False)
    df.iloc[:100].to_csv(held, index=False)
    out = tmp_path / "g.json"
    p = subprocess.run([PY, "-m", "trainer.evaluate", "--model_dir", str(tiny_model), "--data", str(held),
                        "--limit", "20", "--answer_mode", "grounded", "--reference", str(ref), "--out", str(out),
                        "--device", "cpu"], cwd=ROOT, env=run_env(), capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    m = json.loads(out.read_text())
    assert m["answer_mode"] == "grounded" and m["reference_file"] == str(ref) and m["leave_one_out"] is False
    assert 0 < m["with_source"] < 1  # questions the reference does not hold: some answered from their topic
    full = tmp_path / "full.csv"
    df.to_csv(full, index=False)
    share = {}
    for loo in (False, True):  # the reference holds every asked question: all found, unless left out
        p = subprocess.run([PY, "-m", "trainer.evaluate", "--model_dir", str(tiny_model), "--data", str(held),
                            "--limit", "20", "--answer_mode", "grounded", "--reference", str(full), "--out",
                            str(out), "--device", "cpu", *(["--leave_one_out"] if loo else [])], cwd=ROOT,
                           env=run_env(), capture_output=True, text=True, timeout=180)
        assert p.returncode == 0, p.stderr[-2000:]
        share[loo] = json.loads(out.read_text())["with_source"]
    assert share[False] == 1.0 and share[True] < 1.0, share
    p = subprocess.run([PY, "-m", "trainer.evaluate", "--model_dir", str(tiny_model), "--data", str(held),
                        "--leave_one_out", "--device", "cpu"], cwd=ROOT, env=run_env(), capture_output=True,
                       text=True, timeout=180)
    assert p.returncode == 2 and "--leave_one_out applies to --answer_mode grounded" in p.stderr


TEMPLATES = ["What is (are) {} ?", "What are the symptoms of {} ?", "What are the treatments for {} ?",
             "Is {} inherited ?"]
TOPICS = ["Childhood Acute Lymphoblastic Leukemia", "Adult Hodgkin Lymphoma", "Fever", "Down Syndrome",
          "Hepatitis A", "Hepatitis B", "ALG6-congenital disorder of glycosylation", "Pernicious Anemia",
          "Anemia", "Migraine", "Shingles", "Asthma", "Glaucoma", "Restless Legs", "Henoch-Schonlein purpura"]


@pytest.fixture(scope="module")
def topical():
    rows = [(t.format(topic), f"{topic} answer {i}.", f"https://nih.example/{j}/{i}", topic)
            for j, topic in enumerate(TOPICS) for i, t in enumerate(TEMPLATES)]
    q, a, u, f = map(list, zip(*rows, strict=True))
    return TfidfRetriever(q, a, u, topics=f)


@pytest.mark.parametrize("q", [
    "What are the symptoms of Adult Acute Lymphoblastic Leukemia ?",  # only the childhood form is known
    "What are the treatments for Adult Non-Hodgkin Lymphoma ?",  # not Hodgkin lymphoma
    "What is (are) Shapiro syndrome ?",  # "down" and "cant" are stop words in scikit-learn's list
    "How many people are affected by ALG12-congenital disorder of glycosylation ?",  # not ALG6
])
def test_a_close_score_about_another_disease_is_no_source(topical, q):
    assert topical.search(q, 1)[0].score >= 0.5  # TF-IDF alone would have answered
    assert topical.best(q) is None


@pytest.mark.parametrize("q, topic", [
    ("my mother was diagnosed with pernicious anemia, what are the treatments?", "Pernicious Anemia"),
    ("what is hepatitis a", "Hepatitis A"),
    ("what is hepatitis b", "Hepatitis B"),
    ("Is Down syndrome inherited?", "Down Syndrome"),
    ("what causes migraine headaches", "Migraine"),
    ("can you catch shingles twice", "Shingles"),
    ("symptoms of restless leg", "Restless Legs"),
    ("What are the treatments for Henoch-Schnlein purpura?", "Henoch-Schonlein purpura"),  # a typo
    ("what are the symptoms of shingels", "Shingles"),  # no word matches: character n-grams find it
    ("treatment for glaucomma", "Glaucoma"),
])
def test_the_named_topic_is_found(topical, q, topic):
    hit = topical.best(q)
    assert hit is not None and hit.topic == topic


def test_leave_one_out_answers_from_a_sibling_row(topical):
    from bot.answering.grounding import grounded_answer

    q = "What are the symptoms of Asthma ?"
    assert grounded_answer(topical, q) == ("Asthma answer 1.", True)
    text, found = grounded_answer(topical, q, leave_one_out=True)
    assert found and text.startswith("Asthma answer") and text != "Asthma answer 1."
    assert grounded_answer(topical, "who won the match") == ("", False)


@pytest.mark.parametrize("column", ["focus", "group"])
def test_topics_come_from_the_file(tmp_path, column):
    """MedQuAD names topics `focus`; a trainer's medical_qa_processed.csv names them `group`."""
    rows = [{"question": t.format(topic), "answer": f"{topic} answer.", "url": "https://nih.example/x",
             column: topic} for topic in TOPICS for t in TEMPLATES]
    f = tmp_path / "ref.csv"
    pd.DataFrame(rows).to_csv(f, index=False)
    r = TfidfRetriever.from_file(f)
    assert r.best("What are the symptoms of Adult Acute Lymphoblastic Leukemia ?") is None
    assert r.best("What are the symptoms of Childhood Acute Lymphoblastic Leukemia ?") is not None


@pytest.mark.parametrize("q, question", [
    ("how do you treat asthma", "What are the treatments for Asthma ?"),
    ("my mother was diagnosed with asthma, what are the treatments?", "What are the treatments for Asthma ?"),
    ("what signs does shingles cause", "What are the symptoms of Shingles ?"),
    ("does glaucoma run in families", "Is Glaucoma inherited ?"),
    ("tell me about migraine", "What is (are) Migraine ?"),
])
def test_the_asked_aspect_of_the_topic_is_answered(topical, q, question):
    """TF-IDF alone ranks "What is X?" first for "how do you treat X": the topic's row for the
    asked aspect is used instead."""
    hit = topical.best(q)
    assert hit is not None and hit.question == question


def test_aspect_is_judged_without_the_topic_words():
    from bot.answering.grounding import question_aspect

    assert question_aspect("What are the treatments for Hereditary angioedema ?", "Hereditary angioedema") == "treatment"
    assert question_aspect("What is (are) Hereditary angioedema ?", "Hereditary angioedema") == "information"
    assert question_aspect("Is Hereditary angioedema inherited ?", "Hereditary angioedema") == "inheritance"
    assert question_aspect("how common is cystic fibrosis", "Cystic fibrosis") == "frequency"


def test_reply_says_when_the_page_is_not_about_the_asked_aspect(topical):
    q = "how common is asthma"  # the reference has no frequency page for asthma
    hit = topical.best(q)
    assert hit is not None and hit.question == "What is (are) Asthma ?"
    text = topical.format(hit, q)
    assert text.startswith("I have no NIH page on the frequency of Asthma; here is its overview.")
    assert text.endswith("Source: https://nih.example/11/0")
    exact = topical.best("What are the treatments for Asthma ?")
    assert topical.format(exact, "What are the treatments for Asthma ?").startswith("Asthma answer 2.")


def test_medquad_language_link_text_is_dropped():
    r = TfidfRetriever(["What is (are) Asthma ?"], ["Espaol Asthma (AZ-ma) is a chronic lung disease."], ["u"])
    assert r.answer_text(r.best("what is asthma")).startswith("Asthma (AZ-ma)")


async def test_the_tfidf_fallback_is_a_retriever_with_no_reranker_and_no_names(topical, tmp_path):
    """The `Retriever` protocol without stubs: an outcome and the answer with its source, nothing to
    reload, no names for drug labels, and --check's summary of what it indexed."""
    q = "What are the symptoms of Asthma ?"
    found = await topical.retrieve(q, "en", previous="glaucoma")  # no follow-ups: the previous topic is unused
    assert (found.outcome, found.answer, found.focus) == ("answer", topical.format(topical.best(q), q), "")
    assert (await topical.retrieve("who won the match", "en", None)).outcome == "no_source"
    assert topical.reference is None and topical.reload(tmp_path) is False and topical.size == 60
    summary, warnings = topical.describe()
    assert summary.startswith("60 questions, 15 topics") and warnings == []  # topics and links: nothing lacking
