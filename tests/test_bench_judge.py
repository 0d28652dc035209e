"""bench/answers.py's judge of a reply's topic (issue 29): what counts as the labelled topic's page."""

from __future__ import annotations

import importlib.util

import pytest

from bot.answering.reference import Reference, Row
from tests.fakes.proc import ROOT


def _judge(rows: list[Row], monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202 - bench/ is scripts, not a package
    monkeypatch.syspath_prepend(str(ROOT / "bench"))  # its own helpers (bench/common.py)
    spec = importlib.util.spec_from_file_location("bench_answers", ROOT / "bench" / "answers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Judge(Reference(rows))


def test_a_wider_name_s_subtype_is_not_the_labelled_topic(monkeypatch):
    """"Type 2 diabetes" is one of the overview "Diabetes"'s synonyms: that overview and the page of type 2 are its
    pages, and "Diabetes mellitus type 1" is a more specific name of diabetes, never of type 2 diabetes (the judge had
    counted type 1's inheritance page right for "is type 2 diabetes inherited")."""
    judge = _judge([
        Row("What is (are) Diabetes ?", "Diabetes is a disease in which your blood glucose is too high.",
            "https://x.gov/diabetes", "Diabetes", "information", ("Type 1 diabetes", "Type 2 diabetes")),
        Row("Is Diabetes mellitus type 1 inherited ?", "Diabetes mellitus type 1 itself is not inherited.",
            "https://x.gov/dm1", "Diabetes mellitus type 1", "inheritance", ("Type 1 diabetes",)),
        Row("What is (are) Type 2 diabetes ?", "", "https://x.gov/t2", "Type 2 diabetes", "information")], monkeypatch)
    assert judge.topic_right("type 2 diabetes", [0]) and judge.topic_right("type 2 diabetes", [2])
    assert not judge.topic_right("type 2 diabetes", [1])
    assert judge.topic_right("type 1 diabetes", [1]) and judge.topic_right("diabetes", [1])


def test_a_more_specific_page_of_a_label_s_synonym_still_counts(monkeypatch):
    """The review's: "asthma attack" (a synonym of "Asthma") still counts "Asthma in children"."""
    judge = _judge([
        Row("What is (are) Asthma ?", "Asthma is a chronic disease.", "https://x.gov/asthma", "Asthma", "information",
            ("Asthma attack",)),
        Row("What is (are) Asthma in children ?", "Asthma in children ...", "https://x.gov/ac", "Asthma in children",
            "information")], monkeypatch)
    assert judge.topic_right("asthma attack", [0]) and judge.topic_right("asthma attack", [1])
