"""Drug questions from FDA labels: question -> label sections, names, the choice among labels, the bulk
file store and the openFDA client against the fake server (tests/fakes/openfda.py). The real bot end to
end is tests/answering/test_druglabels_e2e.py."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3

import pytest

from bot.answering.drugs import DrugLabels, build_names
from bot.answering.labels import (
    DAILYMED,
    MAX_PASSAGE_CHARS,
    OTC,
    Label,
    label_topic,
    name_keys,
    prefer,
    reply_text,
    sections_text,
    slim,
)
from bot.answering.labelsource import CACHE_TTL_S, LabelFile, OpenFDA, bulk_files
from bot.operations.config import ConfigError, Settings
from tests.fakes.openfda import METFORMIN_SET_ID, ZORVEXA_SET_ID, FakeOpenFDA, invented_labels, label, write_bulk

# --- question type -> sections


@pytest.mark.parametrize(("question", "topic"), [
    ("What are the side effects of metformin?", "side effects"),
    ("Can metformin cause hair loss?", "side effects"),
    ("what dose of metformin should I take", "dose"),
    ("How should I take metformin?", "dose"),
    ("Can I keep taking metformin if I have kidney problems?", "precautions"),
    ("is metformin safe for my liver", "precautions"),
    ("Is it safe to take metformin while pregnant?", "pregnancy"),
    ("can I take metformin while breastfeeding", "pregnancy"),
    ("Can I drink alcohol while taking Zorvexa?", "interactions"),
    ("can I take ibuprofen with metformin", "interactions"),
    ("what happens if I take too much metformin", "overdose"),
    ("How should I store my metformin tablets?", "storage"),
    ("does insulin need to be kept in the fridge", "storage"),
    ("What is metformin used for?", "usage"),
    ("can I buy painazol over the counter, what is it for", "otc"),
    ("I forgot a dose of metformin, what now?", None),
    ("what are the brand names of metformin", None),
    ("Where should I keep my metformin?", "storage"),
    ("Is it OK to drink while on Zorvexa?", "interactions"),
    ("I'm on Zorvexa. Is it ok to drink alcohol?", "interactions"),
    ("went to the drug store to get paregoric, they dont sell it", "otc"),  # not storage
])
def test_question_type_maps_to_a_label_topic(question, topic):
    assert label_topic(question) == topic


def _lab(**sections: str) -> Label:
    return Label("s1", "20240101", "HUMAN PRESCRIPTION DRUG", ("X",), (), (), sections)


@pytest.mark.parametrize(("topic", "sections", "expected"), [
    ("side effects", {"adverse_reactions": "a", "warnings": "w"}, ["adverse_reactions"]),
    ("dose", {"dosage_and_administration": "d"}, ["dosage_and_administration"]),
    ("precautions", {"contraindications": "c", "warnings_and_cautions": "w", "use_in_specific_populations": "u",
                     "adverse_reactions": "a"}, ["contraindications", "warnings_and_cautions",
                                                 "use_in_specific_populations"]),
    ("pregnancy", {"pregnancy": "p", "lactation": "l", "adverse_reactions": "a"}, ["pregnancy", "lactation"]),
    ("pregnancy", {"pregnancy_or_breast_feeding": "p"}, ["pregnancy_or_breast_feeding"]),
    ("interactions", {"drug_interactions": "i", "warnings_and_cautions": "w"}, ["drug_interactions",
                                                                             "warnings_and_cautions"]),
    ("overdose", {"overdosage": "o"}, ["overdosage"]),
    ("storage", {"storage_and_handling": "s", "how_supplied": "h"}, ["storage_and_handling"]),
    ("usage", {"indications_and_usage": "i", "purpose": "p"}, ["indications_and_usage", "purpose"]),
    ("otc", {"purpose": "p", "warnings": "w", "do_not_use": "d", "ask_doctor": "a", "adverse_reactions": "x"},
     ["purpose", "warnings", "do_not_use", "ask_doctor"]),
    # old-format and OTC labels: the fallback sections
    ("precautions", {"warnings": "w", "precautions": "p"}, ["warnings", "precautions"]),
    ("pregnancy", {"nursing_mothers": "n"}, ["nursing_mothers"]),
    ("side effects", {"warnings": "w", "stop_use": "s"}, ["warnings", "stop_use"]),
    ("storage", {"how_supplied": "h"}, ["how_supplied"]),
    ("storage", {"adverse_reactions": "a"}, []),
])
def test_each_topic_reads_its_sections(topic, sections, expected):
    assert sections_text(_lab(**sections), topic)[1] == expected


def test_reply_is_the_passage_that_answers_then_dailymed_and_medlineplus():
    filler = "Metformin is a medicine for type 2 diabetes that lowers blood sugar. " * 30
    lab = Label("s1", "20240101", "HUMAN PRESCRIPTION DRUG", ("METFORMIN HYDROCHLORIDE",), (), (),
                {"warnings_and_cautions": filler + "Check renal function before starting and once a year (RENAL)."})
    text = reply_text(lab, "precautions", "can I take metformin with kidney problems?", "https://medlineplus/x")
    assert text is not None
    head, passage, links = text.split("\n\n")
    assert "(RENAL)" in passage and len(passage) <= MAX_PASSAGE_CHARS
    assert links == f"Source: {DAILYMED}s1\nMedlinePlus: https://medlineplus/x"
    assert reply_text(lab, "storage", "how to store it", None) is None  # no such section: no made-up answer


# --- names and the choice among labels


def test_name_keys_make_salt_and_form_words_optional():
    assert name_keys("METFORMIN HYDROCHLORIDE") == {"metformin hydrochloride", "metformin"}
    assert name_keys("Baclofen Oral") == {"baclofen oral", "baclofen"}
    assert name_keys("Magnesium Hydroxide") == {"magnesium hydroxide"}


def test_prefer_exact_prescription_latest_or_otc_when_asked():
    labs = [slim(r) for r in invented_labels()]
    metformin = [x for x in labs if x and any("metformin" in name_keys(n) for n in x.names)]
    assert {x.set_id for x in metformin} >= {METFORMIN_SET_ID}  # with the older and the combination label
    assert prefer(metformin, "metformin").set_id == METFORMIN_SET_ID  # type: ignore[union-attr]
    painazol = [x for x in labs if x and "painazol" in x.generic[0].lower()]
    assert prefer(painazol, "painazol").product_type == "HUMAN PRESCRIPTION DRUG"  # type: ignore[union-attr]
    assert prefer(painazol, "painazol", otc=True).product_type == OTC  # type: ignore[union-attr]


def test_slim_keeps_only_the_sections_answers_read():
    rec = label("s9", "veltoramine", "Zorvexa", adverse_reactions="a", clinical_studies="long tables")
    lab = slim(rec)
    assert lab is not None and set(lab.sections) == {"adverse_reactions"} and lab.brands == ("Zorvexa",)
    assert slim({**rec, "set_id": ""}) is None


def _names(keys: dict[str, set[str]]) -> DrugLabels:
    pages = {"metformin": "https://medlineplus.gov/druginfo/meds/a696005.html"}
    return DrugLabels(None, build_names(keys, pages, {"taking", "problems", "pain", "relief"}), pages)  # type: ignore


def test_drug_found_by_brand_misspelt_lower_case_and_never_an_everyday_word():
    d = _names({"metformin": {"generic"}, "zorvexa": {"brand"}, "alcohol": {"generic"}, "pain relief": {"brand"}})
    assert d.find("Can I drink alcohol while taking Zorvexa?") == ("zorvexa", "zorvexa")
    assert d.find("side effects of metfromin?")[0] == "metformin"  # type: ignore[index]
    assert d.find("what is the best pain relief for a sprain?") is None  # a brand made of ordinary words
    assert d.find("is alcohol bad for the liver?") is None


def test_a_story_mentioning_a_drug_keeps_medquads_text_a_short_question_gets_the_label():
    from bot.answering.reference import Row
    from bot.answering.rerank import Choice

    class Topics:  # MedQuAD's names: the message names "high blood pressure"
        def find(self, text):
            return [("high blood pressure", {"high blood pressure"}, 0)] if "blood pressure" in text.lower() else []

    d = _names({"metformin": {"generic"}, "clonidine": {"generic"}})
    d.topics = Topics()  # type: ignore[assignment]
    text_page = Choice(Row("What is high blood pressure?", "High blood pressure is ...", "https://nih/hbp",
                           "High Blood Pressure", "information"), 0, 0.9, "high blood pressure")
    story = ("High Blood Pressure. My blood pressure comes up at night when I am asleep. I take four medicines, "
             "one is clonidine, and I walk every day and eat little salt. I have asked doctors why this happens "
             "and no one knows. What are the side effects that could do this?")
    assert d.defer(story, text_page, "side effects")
    assert not d.defer("Can clonidine raise my blood pressure at night, as a side effect?", text_page, "side effects")
    assert d.defer("should I use clonidine for high blood pressure?", text_page, "usage")  # general: the NIH page
    link_page = Choice(Row("q", "", "https://medlineplus/druginfo/meds/a1.html", "Clonidine", "side effects"), 0,
                       0.9, "clonidine")
    assert not d.defer(story, link_page, "side effects") and not d.defer(story, None, "side effects")


# --- bulk files


def test_bulk_json_zip_and_folder_give_the_same_labels(tmp_path):
    recs = invented_labels()
    for d in ("a", "b", "empty"):
        (tmp_path / d).mkdir()
    plain = write_bulk(tmp_path / "a" / "drug-label-0001-of-0001.json", recs)
    zipped = write_bulk(tmp_path / "b" / "drug-label-0001-of-0001.json.zip", recs, zipped=True)
    for spec in (plain, zipped, tmp_path / "b"):
        lf = LabelFile.open(spec)
        assert lf.count == len(recs)
        assert {x.set_id for x in lf.get("zorvexa")} == {ZORVEXA_SET_ID}
        assert METFORMIN_SET_ID in {x.set_id for x in lf.get("metformin hydrochloride")}
    with pytest.raises(ValueError, match="no .json"):
        bulk_files(tmp_path / "empty")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"meta": {}}))
    with pytest.raises(ValueError, match="results"):
        LabelFile.open(bad)


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_bulk_records_are_read_one_at_a_time_across_chunk_edges(monkeypatch, chunk):
    import io

    import bot.answering.labelsource as ls

    monkeypatch.setattr(ls, "_CHUNK", chunk)
    text = json.dumps({"meta": {"results": {"skip": 0, "limit": 6, "total": 6}}, "results": invented_labels()},
                      indent=1)
    assert list(ls.stream_results(io.StringIO(text), "x.json")) == invented_labels()
    for bad in ("[1, 2]", '{"meta": {}}', ""):
        with pytest.raises(ValueError, match="openFDA's layout"):
            list(ls.stream_results(io.StringIO(bad), "x.json"))


def test_bulk_index_is_built_once_private_and_without_pickle(tmp_path):
    bulk = write_bulk(tmp_path / "drug-label-0001-of-0001.json", invented_labels())
    cache = tmp_path / "state" / "cache"
    LabelFile.open(bulk, cache)
    [db] = list(cache.glob("labels-*.sqlite3"))
    assert db.stat().st_mode & 0o777 == 0o600
    mtime = db.stat().st_mtime_ns
    again = LabelFile.open(bulk, cache)
    assert db.stat().st_mtime_ns == mtime and again.count == len(invented_labels())
    with sqlite3.connect(db) as conn:
        [(body,)] = conn.execute("SELECT body FROM labels WHERE set_id = ?", (ZORVEXA_SET_ID,)).fetchall()
    assert json.loads(body)["brands"] == ["Zorvexa"]  # JSON text, never a pickle


# --- the openFDA client against the fake server


@pytest.fixture
async def fake():
    server = FakeOpenFDA(invented_labels())
    url = await server.start()
    server.url = url  # type: ignore[attr-defined]
    yield server
    await server.stop()


async def test_one_request_per_name_cached_a_week_in_a_private_file(fake, tmp_path):
    path = tmp_path / "cache" / "openfda.sqlite3"
    now = [1_000_000.0]
    client = OpenFDA(fake.url, cache_path=path, clock=lambda: now[0])
    first = await client.labels("metformin")
    assert first and METFORMIN_SET_ID in {x.set_id for x in first}
    assert await client.labels("metformin") == first and len(fake.requests) == 1
    await client.aclose()
    restarted = OpenFDA(fake.url, cache_path=path, clock=lambda: now[0])
    assert await restarted.labels("metformin") == first and len(fake.requests) == 1 and restarted.hits == 1
    now[0] += CACHE_TTL_S + 1
    await restarted.labels("metformin")
    assert len(fake.requests) == 2  # a week later it asks again
    await restarted.aclose()
    assert path.stat().st_mode & 0o777 == 0o600


async def test_concurrent_askers_of_one_name_share_one_request(fake):
    fake.delay_s = 0.2
    client = OpenFDA(fake.url)
    results = await asyncio.gather(*(client.labels("zorvexa") for _ in range(5)))
    assert len(fake.requests) == 1 and all(r == results[0] for r in results) and results[0]
    await client.aclose()


async def test_only_the_drug_name_leaves_the_machine(fake):
    client = OpenFDA(fake.url, api_key="k" * 40)
    await client.labels("metformin")
    [q] = fake.requests
    assert set(q) == {"search", "sort", "limit", "api_key"} and q["api_key"] == "k" * 40
    assert q["search"] == ('openfda.generic_name:"metformin" openfda.brand_name:"metformin" '
                           'openfda.substance_name:"metformin"')
    await client.aclose()


async def test_404_is_no_label_and_is_cached(fake):
    client = OpenFDA(fake.url)
    assert await client.labels("unknownazol") == []
    assert await client.labels("unknownazol") == [] and len(fake.requests) == 1
    await client.aclose()


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_rate_limit_and_server_errors_give_none_uncached_and_one_warning_a_minute(fake, status, caplog):
    client = OpenFDA(fake.url)
    fake.fail_next = [status, status]
    with caplog.at_level(logging.WARNING, logger="bot.answering.labelsource"):
        assert await client.labels("metformin") is None
        assert await client.labels("metformin") is None
    assert len([r for r in caplog.records if "openFDA did not answer" in r.getMessage()]) == 1
    assert await client.labels("metformin")  # not cached: the next question asks again, and gets it
    assert client.failures == 2 and len(fake.requests) == 3
    await client.aclose()


async def test_a_slow_api_times_out_within_the_reply(fake):
    fake.delay_s = 2.0
    client = OpenFDA(fake.url, timeout_s=0.3)
    assert await client.labels("metformin") is None
    await client.aclose()


async def test_probe_says_reachable_or_not(fake):
    assert (await OpenFDA(fake.url).probe())[0] is True
    ok, how = await OpenFDA("http://127.0.0.1:9/drug/label.json", timeout_s=1).probe()
    assert not ok and "unreachable" in how


# --- settings


def test_label_requests_never_outlast_the_reply(tmp_path):
    from bot.answering.drugs import build_drug_labels

    s = Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_REQUEST_TIMEOUT_S": "3",
                           "MEDBOT_STATE_DIR": str(tmp_path)})
    drugs = build_drug_labels(s, None, cache=False)
    assert drugs is not None and drugs.source.timeout_s == 3  # type: ignore[attr-defined]


def test_settings_default_openfda_in_grounded_mode_and_the_key_is_secret():
    s = Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_OPENFDA_API_KEY": "secret-key-123456"})
    assert s.drug_labels_spec == "openfda"
    assert "secret-key-123456" not in repr(s) and s.redacted()["MEDBOT_OPENFDA_API_KEY"] == "***"
    assert Settings.from_env({}).drug_labels_spec is None  # generate mode
    assert Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_DRUG_LABELS": "off"}).drug_labels_spec is None
    path = Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_DRUG_LABELS": "/data/labels"})
    assert path.drug_labels_spec == "/data/labels"
    with pytest.raises(ConfigError, match="MEDBOT_OPENFDA_TIMEOUT_S"):
        Settings.from_env({"MEDBOT_OPENFDA_TIMEOUT_S": "600"})
    with pytest.raises(ConfigError, match="MEDBOT_OPENFDA_URL"):
        Settings.from_env({"MEDBOT_OPENFDA_URL": "api.fda.gov"})
