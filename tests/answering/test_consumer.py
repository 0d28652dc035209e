"""Grounded answers for real people's messages: question understanding, candidates and the shipped
re-ranker, passages, link-only rows, follow-ups and /forget, declining, and the fallback."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from bot.answering.grounding import TfidfRetriever
from bot.answering.passages import passage
from bot.answering.reference import Reference, Row, load_rows
from bot.answering.rerank import ConsumerRetriever, Reranker
from bot.answering.understand import main_question, qtype_of
from bot.app import SHIPPED_RERANKER, build_retriever
from bot.core import Core, FollowUps, chat_key
from bot.operations.config import Settings
from bot.safety.messages import EN

ASTHMA_TREAT = ("Asthma is treated with two kinds of medicines. Quick-relief inhalers open the airways during an "
                "attack. Long-term control medicines, such as inhaled corticosteroids, reduce inflammation. ") * 3
ROWS = [
    Row("What is (are) Asthma ?", "Asthma is a chronic disease that affects your airways.", "https://x.gov/asthma",
        "Asthma", "information"),
    Row("What are the treatments for Asthma ?", ASTHMA_TREAT, "https://x.gov/asthma-treat", "Asthma", "treatment"),
    Row("What are the symptoms of Asthma ?", "Wheezing, coughing, chest tightness and shortness of breath.",
        "https://x.gov/asthma-sym", "Asthma", "symptoms"),
    Row("What is (are) primary ciliary dyskinesia ?", "Primary ciliary dyskinesia is a disorder of the cilia. "
        "When it comes with situs inversus it is called Kartagener syndrome. Most men with it are infertile.",
        "https://x.gov/pcd", "primary ciliary dyskinesia", "information", ("Kartagener syndrome", "PCD")),
    Row("What is the outlook for primary ciliary dyskinesia ?", "Many people with primary ciliary dyskinesia have "
        "fertility problems. Women may have ectopic pregnancies.", "https://x.gov/pcd-outlook",
        "primary ciliary dyskinesia", "outlook", ("Kartagener syndrome", "PCD")),
    Row("Are there safety concerns or special precautions about Metformin ?", "", "https://x.gov/metformin",
        "Metformin", "precautions"),
    Row("What are the side effects or risks of Metformin ?", "", "https://x.gov/metformin", "Metformin", "side effects"),
    Row("What is (are) Hypothyroidism ?", "Hypothyroidism happens when your thyroid gland does not make enough "
        "thyroid hormone.", "https://x.gov/hypothyroidism", "Hypothyroidism", "information"),
    Row("What are the treatments for Hypothyroidism ?", "Hypothyroidism is treated with levothyroxine, a thyroid "
        "hormone pill. Most people feel better within a few weeks.", "https://x.gov/hypo-treat", "Hypothyroidism",
        "treatment"),
]


@pytest.fixture(scope="module")
def retriever() -> ConsumerRetriever:
    return ConsumerRetriever(Reference(ROWS), Reranker.load(SHIPPED_RERANKER))


def test_the_shipped_reranker_loads_and_says_how_it_was_built():
    r = Reranker.load(SHIPPED_RERANKER)
    assert len(r.weights) == len(r.features) and 0 <= r.threshold < r.threshold_no_focus < 1
    assert r.info and r.info["pairs"] > 1000


def test_synonyms_find_the_page(retriever):
    c = retriever.choose("Kartageners syndrome. my daughter was diagnosed, will she be able to have kids")
    # (the question-type model refitted on 39 writers reads "will she be able to have kids" as whether her children
    # will get it, over the rules' outlook: a known miss, 2026-12-07)
    assert c is not None and c.row.focus == "primary ciliary dyskinesia"
    c = retriever.choose("Kartageners syndrome. my daughter was diagnosed, what is the outlook for her")
    assert c is not None and c.row.focus == "primary ciliary dyskinesia" and c.row.qtype == "outlook"


@pytest.mark.parametrize("text, focus", [
    ("how is asthama treated", "Asthma"), ("hypothroidism what is it", "Hypothyroidism"),
    ("is metfromin safe with kidney problems", "Metformin"),
])
def test_misspelt_names(retriever, text, focus):
    c = retriever.choose(text)
    assert c is not None and c.row.focus == focus


def test_five_sentences_with_the_question_last(retriever):
    text = ("Hello. My son is 12 and plays football. He coughs a lot after running. His doctor says it is asthma. "
            "How do we treat it?")
    assert main_question(text) == "How do we treat it?"
    c = retriever.choose(text)
    assert c is not None and c.row.url == "https://x.gov/asthma-treat"
    reply = retriever.reply(c, text)
    assert "inhaler" in reply and reply.endswith("Source: https://x.gov/asthma-treat") and len(reply) < 1300


def test_two_questions_answer_the_main_one(retriever):
    text = "I have asthma. What are the symptoms? And how is it treated?"
    assert qtype_of(main_question(text)) == "treatment"
    c = retriever.choose(text)
    assert c is not None and c.row.qtype == "treatment"


def test_a_link_only_row_is_one_line_with_its_link(retriever):
    text = "Re: metformin 500mg tabs. I have kidney problems, is it safe to keep taking these? thank you"
    c = retriever.choose(text)
    assert c is not None and c.row.focus == "Metformin" and c.row.qtype == "precautions"
    reply = retriever.reply(c, text)
    assert reply.count("\n") == 0 and reply.endswith("https://x.gov/metformin") and "Metformin" in reply


@pytest.mark.parametrize("text", ["what is the capital of france", "how do i fix my car brakes",
                                  "recommend a good movie for tonight"])
def test_nothing_in_the_reference_declines(retriever, text):
    assert retriever.choose(text) is None


def test_passage_starts_where_the_question_is_answered():
    text = "Intro sentence about history. " * 40 + "Treatment uses inhaled steroids and rescue inhalers. " + "More. " * 50
    p = passage(text, "what treatment uses steroids", "treatment", 300)
    assert "inhaled steroids" in p and len(p) <= 300


async def test_follow_ups_within_and_after_the_window_and_forget(retriever):
    now = [0.0]
    core = Core(Settings.from_env({"MEDBOT_RATE_BURST": "100"}), worker=None, retriever=retriever)
    core.followups = FollowUps(600, clock=lambda: now[0])
    first = await core.answer("u1", "what is asthma?")
    assert first.kind == "answer" and "x.gov/asthma" in first.text
    follow = await core.answer("u1", "how is it treated?")
    assert follow.kind == "answer" and "x.gov/asthma-treat" in follow.text
    assert (await core.answer("u2", "how is it treated?")).kind == "no_source"  # another chat remembers nothing
    now[0] += 601
    assert (await core.answer("u1", "how is it treated?")).kind == "no_source"  # the window has passed
    await core.answer("u1", "what is asthma?")
    core.forget("u1")
    assert (await core.answer("u1", "how is it treated?")).kind == "no_source"


async def test_follow_up_memory_is_per_chat_so_a_private_topic_never_reaches_a_group(retriever):
    from bot.intake.inbox import Ticket

    core = Core(Settings.from_env({"MEDBOT_RATE_BURST": "100"}), worker=None, retriever=retriever)

    def asked(n: int, text: str, chat: int, platform: str = "telegram") -> Ticket:
        where = {"chat": chat, "message": n} if platform == "telegram" else {"kind": "message", "channel": chat}
        return Ticket(f"k:{n}", platform, text, "h", where)

    private = await core.answer_ticket(asked(1, "what is asthma?", chat=42), "tg:42")  # the user's private chat
    assert private.kind == "answer" and "x.gov/asthma" in private.text
    group = await core.answer_ticket(asked(2, "how is it treated?", chat=-100), "tg:42")  # same user, a group
    assert group.kind == "no_source"
    same_id_elsewhere = await core.answer_ticket(asked(3, "how is it treated?", chat=42, platform="discord"), "tg:42")
    assert same_id_elsewhere.kind == "no_source"  # another platform's chat 42 is another conversation
    back = await core.answer_ticket(asked(4, "how is it treated?", chat=42), "tg:42")
    assert back.kind == "answer" and "x.gov/asthma-treat" in back.text  # the private chat still remembers
    core.forget("tg:42", chat_key("telegram", -100))  # /forget in the group leaves the private chat's topic
    assert (await core.answer_ticket(asked(5, "how is it treated?", chat=42), "tg:42")).kind == "answer"
    core.forget("tg:42", chat_key("telegram", 42))
    assert (await core.answer_ticket(asked(6, "how is it treated?", chat=42), "tg:42")).kind == "no_source"


def test_follow_up_memory_is_bounded_and_off_at_zero():
    f = FollowUps(600, max_users=3)
    for i in range(10):
        f.remember(f"u{i}", "asthma")
    assert len(f) == 3 and f.get("u9") == "asthma" and f.get("u0") is None
    off = FollowUps(0)
    off.remember("u", "asthma")
    assert off.get("u") is None


def test_follow_up_memory_keeps_the_condition_beside_the_topic_and_both_expire():
    now = [0.0]
    f = FollowUps(600, clock=lambda: now[0])
    f.remember("u", "hydrocortisone topical", "eczema")
    assert (f.get("u"), f.condition("u")) == ("hydrocortisone topical", "eczema")
    f.remember("v", "asthma")  # no condition known: none, not ""
    assert f.get("v") == "asthma" and f.condition("v") is None
    now[0] = 601.0
    assert f.get("u") is None and f.condition("u") is None and len(f) == 1  # "u" expired and was dropped
    f.forget("v")
    assert f.condition("v") is None and len(f) == 0


def test_missing_reranker_falls_back_with_a_warning(tmp_path, caplog):
    ref = tmp_path / "ref.csv"
    pd.DataFrame([{"question": r.question, "answer": r.answer or "text", "url": r.url, "focus": r.focus}
                  for r in ROWS]).to_csv(ref, index=False)
    settings = Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_REFERENCE": str(ref),
                                  "MEDBOT_RERANKER_DIR": str(tmp_path / "none")})
    with caplog.at_level(logging.WARNING):
        r = build_retriever(settings)
    assert isinstance(r, TfidfRetriever) and "python -m trainer.grounding" in caplog.text
    shipped = build_retriever(Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_REFERENCE": str(ref)}))
    assert isinstance(shipped, ConsumerRetriever)


def test_reference_layouts_load_alike(tmp_path):
    csv = tmp_path / "medquad.csv"
    pd.DataFrame([{"question": "What is (are) Asthma ?", "answer": "An airway disease.", "url": "https://x.gov/a",
                   "focus": "Asthma", "qtype": "information", "synonyms": "Bronchial asthma; Reactive airway disease",
                   "qid": "s/1"}]).to_csv(csv, index=False)
    hub = tmp_path / "hub.parquet"
    pd.DataFrame([{"document_id": "1", "document_source": "s", "document_url": "https://x.gov/a",
                   "question_focus": "Asthma", "question_type": "information",
                   "synonyms": "Bronchial asthma|Reactive airway disease", "question_id": "1",
                   "question": "What is (are) Asthma ?", "answer": "An airway disease."}]).to_parquet(hub)
    a, b = load_rows(csv)[0], load_rows(hub)[0]
    assert (a.question, a.url, a.focus, a.qtype, a.synonyms) == (b.question, b.url, b.focus, b.qtype, b.synonyms)


def test_understanding_on_real_messages_with_the_full_reference(full_reference):
    """The issue's examples against the real MedQuAD reference (skipped without ../shared/data)."""
    r = ConsumerRetriever(full_reference, Reranker.load(SHIPPED_RERANKER))
    want = {
        "Re: metformin 500mg tabs. I have kidney problems, is it safe to keep taking these? thank you": "Metformin",
        "hpv positive what does it mean and is there treatment": "HPV",
        "my son has had a fever for 3 days, what should I do?": "Fever",
        "Kartageners syndrome. my daughter was diagnosed, will she be able to have kids":
            "primary ciliary dyskinesia",
    }
    for text, focus in want.items():
        c = r.choose(text)
        assert c is not None and c.row.focus.lower() == focus.lower(), (text, c and c.row.focus)
    assert r.choose("what is the capital of france") is None
    assert EN.no_source  # the reply a decline gets


async def test_sighup_reloads_the_reranker_and_refuses_a_broken_one(tmp_path, retriever, caplog):
    """The daemon's own signal wiring (App.serve installs the handlers): a real SIGHUP to this process reads
    MEDBOT_RERANKER_DIR again; a broken file is refused and the re-ranker in use stays."""
    import asyncio
    import os
    import shutil
    import signal

    from bot.app import App
    from bot.generation.worker import Worker
    from bot.intake.pipeline import Pipeline
    from tests.fakes.engine import FakeEngine

    folder = tmp_path / "current"
    folder.mkdir()
    shutil.copy(SHIPPED_RERANKER / "reranker.json", folder / "reranker.json")
    settings = Settings.from_env({"MEDBOT_RERANKER_DIR": str(folder), "MEDBOT_MODEL_DIR": str(tmp_path / "none"),
                                  "MEDBOT_MODEL_WATCH_S": "0", "MEDBOT_SHUTDOWN_TIMEOUT_S": "1"})
    worker = Worker(FakeEngine())
    core = Core(settings, worker, ConsumerRetriever(retriever.ref, Reranker.load(SHIPPED_RERANKER)))
    app = App(settings, worker, core, Pipeline(core))
    serving = asyncio.create_task(app.serve(with_signals=True))

    async def hup_until(done) -> bool:
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(500):
            await asyncio.sleep(0.01)
            if done():
                return True
        return False

    loop = asyncio.get_running_loop()
    default = signal.getsignal(signal.SIGHUP)
    caplog.set_level(logging.INFO, logger="bot.app")
    try:
        for _ in range(1000):  # until serve() has installed its handlers (a SIGHUP before would end pytest)
            await asyncio.sleep(0.01)
            if signal.getsignal(signal.SIGHUP) != default:
                break
        assert signal.getsignal(signal.SIGHUP) != default
        data = (folder / "reranker.json").read_text().replace('"threshold": 0.0', '"threshold": 0.25')
        (folder / "reranker.json").write_text(data)
        assert await hup_until(lambda: core.retriever.reranker.threshold == 0.25)
        in_use = core.retriever.reranker
        (folder / "reranker.json").write_text("{not json")
        assert await hup_until(lambda: "re-ranker reload refused" in caplog.text)
        assert core.retriever.reranker is in_use and in_use.threshold == 0.25
    finally:
        app.stop_event.set()
        assert await asyncio.wait_for(serving, 30) == 0
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


async def test_a_replayed_question_keys_follow_ups_by_the_raw_user_and_logs_only_the_pseudonym(retriever, caplog):
    """After a restart the pipeline replays a question from the inbox: the topic it answers is
    remembered for the asker's raw key (the one a live follow-up arrives with), and the log line shows
    the ticket's pseudonym, not the raw id nor a hash of the hash."""
    import logging

    from bot.intake.identity import pseudonym, user_key
    from bot.intake.inbox import Ticket
    from bot.intake.pipeline import Pipeline

    settings = Settings.from_env({"MEDBOT_RATE_BURST": "100", "MEDBOT_LOG_SALT": "s" * 32})
    core = Core(settings, worker=None, retriever=retriever)
    pipeline = Pipeline(core)
    raw = user_key("tg", 42)
    who = pseudonym(raw, settings.log_salt)
    left = Ticket("tg:42:1", "telegram", "what is asthma?", who, {"chat": 42, "message": 1, "user": raw})
    assert pipeline.accept(left)

    class Platform:
        platform = "telegram"
        sent: list[str] = []

        async def deliver(self, ticket, text):
            self.sent.append(text)

    with caplog.at_level(logging.INFO, logger="bot.core"):
        pipeline.replay([left], {"telegram": Platform()})
        await pipeline.wait_replays(30)
    assert Platform.sent and "x.gov/asthma" in Platform.sent[0]
    follow = await core.answer(raw, "how is it treated?", chat=chat_key("telegram", 42))  # live, after the restart
    assert follow.kind == "answer" and "x.gov/asthma-treat" in follow.text
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("reply ")]
    assert logged and f"user={who} " in logged[0] and "42" not in logged[0]
