"""Whether a message that names no topic asks about health (bot/answering/healthtalk.py): the shipped weights, that
the model only turns a decline into a follow-up (never small talk, never a switch), the held-out writers at first
sight through the bot's own path, broken weights, the binary fit and the trainer end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.answering import healthtalk
from bot.answering.reference import Row
from bot.answering.rerank import _in_english, retrieve
from bot.answering.understand import FocusNames, understand
from bot.safety.lang import detect
from medbot.text import clean
from tests.fakes.grounded import retriever_over
from trainer import healthtalk as trainer
from trainer.linear import fit_linear

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT_CHAT = ROOT / "tests" / "data" / "chat_heldout"
HELD_OUT_HEALTH = ROOT / "tests" / "data" / "aspects_heldout"
TOPIC = "chickenpox"
NAMES = FocusNames.build(["Chickenpox"], [()])


@pytest.fixture
def fresh_weights():
    """`healthtalk.shipped()` read again before and after the test (it is cached per process)."""
    healthtalk.shipped.cache_clear()
    yield
    healthtalk.shipped.cache_clear()


def _follows(text: str, lang: str, learned: bool = True) -> bool:
    """Whether the bot reads `text`, sent after a question on chickenpox, as a follow-up of it."""
    if lang == "en":
        return understand(text, NAMES, TOPIC, learned=learned).follows_up
    english, _ = _in_english(NAMES, text, TOPIC)
    return english is not None and "chickenpox" in english.lower()


def _rules_alone(text: str, lang: str) -> bool:
    """`_follows` with the model's verdict forced to no: the rules alone."""
    with healthtalk.forced(False):
        return _follows(text, lang)


def _asked(text: str, lang: str) -> bool:
    """Whether the model decides the message (the rules read it as neither small talk nor a question about TOPIC)."""
    with healthtalk.forced(False) as asked:
        _follows(text, lang)
    return bool(asked)


def test_the_weights_are_json_and_name_their_writers():
    data = json.loads(healthtalk.DEFAULT_PATH.read_text(encoding="utf-8"))
    model = healthtalk.HealthModel.from_dict(data)
    assert len(model.vocab) > 1000 and model.weights.shape == (len(model.vocab), 2)
    assert 0 < model.at < 1 and 0 < model.at_id < 1 and data["names"].endswith("medquad_hub.parquet")
    assert data["trained_on"] and not set(data["trained_on"]) & set(data["held_out"])
    assert {p.stem for folder in (HELD_OUT_CHAT, HELD_OUT_HEALTH) for p in folder.glob("*.jsonl")} == set(
        data["held_out"])
    # a binary fit has one row of weights: with both columns equal every probability would be 0.5
    assert model.probability("lol ok thanks") < 0.3 < 0.7 < model.probability("can her brother catch it")


@pytest.mark.parametrize("bad", [{"classes": ["chat"]}, {"at": 0}, {"at": 1.2}, {"at_id": 0}, {"bias": [0.0]},
                                 {"weights": [float("nan"), 0.0]}])
def test_broken_weights_are_refused(bad):
    data = {"classes": list(healthtalk.CLASSES), "features": ["w:x"], "weights": [0.0, 0.0], "bias": [0.0, 0.0],
            "at": 0.5, "at_id": 0.5}
    healthtalk.HealthModel.from_dict(data)  # the valid base loads
    with pytest.raises(ValueError):
        healthtalk.HealthModel.from_dict({**data, **bad})


# follow-ups with no word of health the rules know, written for this test before the model was asked about them
# (not by a corpus writer)
UNWORDED = [("can she still go to her swimming lesson on saturday", "en"), ("is the little one going to get it too", "en"),
            ("my mother in law says oatmeal baths, any good", "en")]


def test_a_follow_up_without_a_health_word_follows_the_topic():
    """The model decides all three (the rules read none as a question about the topic). At first sight two of them
    followed the topic; since the model also learned everyday questions shaped like health ones (data/chat/n4, ni4)
    one does: "is the little one going to get it too" (p 0.73) and "oatmeal baths, any good" (0.48) stay under the
    English threshold (0.8)."""
    assert all(_asked(text, lang) and not _rules_alone(text, lang) for text, lang in UNWORDED)
    assert _follows(*UNWORDED[0])


def test_without_the_model_the_rules_decline_them():
    assert not _follows("can she still go to her swimming lesson on saturday", "en", learned=False)
    assert not understand("is the little one going to get it too", NAMES, TOPIC, learned=False).follows_up


CHAT = [("thanks, bye", "en"), ("lol ok", "en"), ("who made you?", "en"), ("what's the weather tomorrow", "en"),
        ("oke makasih ya", "id"), ("kamu bot ya?", "id"), ("besok hujan gak ya", "id")]


@pytest.mark.parametrize(("text", "lang"), CHAT)
def test_chat_after_a_topic_gets_no_page(text, lang):
    assert not _follows(text, lang)


# chat the rules leave to the model (neither small talk nor a health word to them), some not far from health
MODEL_CHAT = [("this traffic is insane today", "en"), ("what time does the pharmacy close", "en"),
              ("did you see the game last night", "en"), ("jam berapa apotek tutup", "id"), ("lagi nonton bola nih", "id")]


@pytest.mark.parametrize(("text", "lang"), MODEL_CHAT)
def test_chat_the_model_decides_gets_no_page(text, lang):
    assert _asked(text, lang) and not _follows(text, lang)


@pytest.mark.parametrize(("text", "lang"), [("different question, what about my dad", "en"),
                                          ("ganti topik ya, kalau bapak saya gimana", "id"),
                                          ("btw pertanyaan lain, suami saya bisa ikut gak", "id")])
def test_a_switch_is_never_a_follow_up(text, lang):
    with healthtalk.forced(True):  # not even where the model would say health
        assert not _follows(text, lang)


def test_missing_or_broken_weights_leave_the_rules_alone(monkeypatch, tmp_path, fresh_weights):
    monkeypatch.setattr(healthtalk, "DEFAULT_PATH", tmp_path / "missing.json")
    assert healthtalk.shipped() is None and not healthtalk.asks_about_health("can her brother catch it", "en")
    assert understand("is it contagious", NAMES, TOPIC).follows_up  # the rules' follow-ups stay
    healthtalk.shipped.cache_clear()
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": ["chat", "health"], "features": [], "weights": [], "bias": [0], "at": 0.5, "at_id": 1}',
                   encoding="utf-8")
    monkeypatch.setattr(healthtalk, "DEFAULT_PATH", bad)
    assert healthtalk.shipped() is None
    assert not understand("can she still go to her swimming lesson on saturday", NAMES, TOPIC).follows_up


def test_the_held_out_writers_through_the_bot_s_own_path():
    """The held-out writers (chat: n3, ni3, n5; health questions not naming their topic: q4, qi3, o2, oi2) read as
    the trainer reads them (the bot's path with the model's verdict forced each way) agree with the bot's own path
    unforced, and the model follows more of the health questions than the rules alone while giving few more chat
    messages a page (recorded with the reference's names: health 117 -> 144 of 199, chat 255 -> 251 of 300; here
    with the topic's name alone 29 more followed, 4 more chat pages). The thresholds are chosen on conversations and
    follow-ups, the chat folders bounding them (trainer/healthtalk.py `TUNE_ON`, `BUDGET`)."""
    model = healthtalk.shipped()
    assert model is not None
    msgs = [m for m in trainer.load(HELD_OUT_CHAT, "chat", NAMES) + trainer.load(HELD_OUT_HEALTH, "health", NAMES)
            if trainer.scored(m)]
    chat = [m for m in msgs if not m.health]
    health = [m for m in msgs if m.health]
    n_chat, n_health = len(chat), len(health)  # counts only: a failing assertion must not print held-out messages
    assert n_chat == 300 and n_health > 150
    # the trainer's reading of each message is the bot's decision
    disagree = sum(m.right(model.probability(m.text), model.threshold(m.lang)) != (
        trainer.outcome(m.text, m.lang, NAMES) == ("follow" if m.health else "none")) for m in msgs)
    assert disagree == 0
    right = [m.right(model.probability(m.text), model.threshold(m.lang)) for m in msgs]
    gained = sum(r for m, r in zip(msgs, right, strict=True) if m.health) - sum(m.right_no for m in health)
    chat_lost = sum(m.right_no for m in chat) - sum(r for m, r in zip(msgs, right, strict=True) if not m.health)
    assert gained >= 20 and chat_lost <= 5, (gained, chat_lost)


async def test_the_trainer_s_reading_is_what_retrieve_replies():
    """`trainer.outcome` (what the trainer tunes on) against the bot's own `retrieve` over a small reference, after a
    question on chickenpox, for this file's messages: a follow-up is chickenpox's page, "none" is no page."""
    rows = [Row("What is (are) Chickenpox ?", "Chickenpox is an infection caused by the varicella-zoster virus.",
                "https://medlineplus.gov/chickenpox.html", "Chickenpox", "information"),
            Row("What are the treatments for Chickenpox ?", "Calamine lotion and oatmeal baths ease the itching.",
                "https://medlineplus.gov/chickenpox.html#t", "Chickenpox", "treatment"),
            Row("How to prevent Chickenpox ?", "The chickenpox vaccine prevents it.",
                "https://medlineplus.gov/chickenpox.html#p", "Chickenpox", "prevention")]
    retriever = retriever_over(rows)
    texts = [*UNWORDED, *CHAT, *MODEL_CHAT, ("is it contagious", "en"), ("boleh mandi gak", "id")]
    for text, _ in texts:
        question = clean(text)
        lang = detect(question)
        got = await retrieve(retriever, question, lang, "chickenpox", None)
        seen = "follow" if got.outcome == "answer" and got.focus.lower() == "chickenpox" else (
            "none" if got.outcome != "answer" else "page")
        assert trainer.outcome(question, lang, retriever.ref.names, "chickenpox") == seen, text


def test_a_binary_fit_has_one_column_of_weights():
    x = [{"w:ok": 1.0}, {"w:thanks": 1.0}, {"w:rash": 1.0}, {"w:fever": 1.0}] * 3
    vocab, w, b = fit_linear(x, np.array([0, 0, 1, 1] * 3), 2, 4.0, min_df=1)
    assert np.all(w[:, 0] == 0) and b[0] == 0 and w[vocab["w:rash"], 1] > 0 > w[vocab["w:ok"], 1]


def test_the_trainer_end_to_end(tmp_path):
    chat = ["ok thanks", "lol", "who built you", "nice weather today", "see you", "haha ok", "cool cool"]
    health = ["can her brother catch it", "will it leave scars", "how long till it clears up",
              "should she stay home from school", "is the cream enough", "does it come back", "will it scar"]
    for folder, rows in (("chat", [{"text": t} for t in chat]), ("health", [{"text": t, "named": False} for t in health])):
        for w in ("a", "b"):
            (tmp_path / folder).mkdir(exist_ok=True)
            (tmp_path / folder / f"{folder}{w}.jsonl").write_text(
                "\n".join(json.dumps({**r, "lang": "en"}) for r in rows) + "\n", encoding="utf-8")
    # --followups: data/followups' layout (no "named": every message a question that does not name its topic)
    (tmp_path / "followups").mkdir()
    (tmp_path / "followups" / "fa.jsonl").write_text("\n".join(json.dumps(
        {"lang": "en", "after": "chickenpox", "aspect": "outlook", "text": t}) for t in health) + "\n", encoding="utf-8")
    held = tmp_path / "held"
    held.mkdir()
    (held / "h.jsonl").write_text(json.dumps({"text": "ok bye", "lang": "en"}) + "\n", encoding="utf-8")
    out = tmp_path / "healthtalk.json"
    assert trainer.main(["--chat", str(tmp_path / "chat"), "--health", str(tmp_path / "health"), "--conversations",
                         str(tmp_path / "none"), "--followups", str(tmp_path / "followups"), "--heldout", str(held),
                         "--heldout-health", str(tmp_path / "none"), "--out", str(out), "--c", "4"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    model = healthtalk.HealthModel.from_dict(data)
    assert data["trained_on"] == ["chata", "chatb", "fa", "healtha", "healthb"] and data["held_out"] == ["h"]
    # the follow-ups are scored as health questions that do not name their topic (7 a writer, three writers)
    assert data["leave_one_writer_out"]["health"]["n"] == 3 * len(health)
    assert data["held_out_first_sight"]["chat"]["n"] == 1
    assert model.probability("will it scar") > model.probability("haha ok")


def test_a_writer_in_both_folders_is_refused(tmp_path):
    for folder in ("chat", "held"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.jsonl").write_text('{"text": "ok thanks"}\n', encoding="utf-8")
    (tmp_path / "health").mkdir()
    (tmp_path / "health" / "b.jsonl").write_text('{"text": "is it contagious"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="both"):
        trainer.main(["--chat", str(tmp_path / "chat"), "--health", str(tmp_path / "health"), "--conversations",
                      str(tmp_path / "none"), "--followups", str(tmp_path / "none"), "--heldout", str(tmp_path / "held"),
                      "--heldout-health", str(tmp_path / "none"), "--out", str(tmp_path / "x.json"), "--c", "1"])


def test_an_unknown_kind_of_messages_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown kind"):
        trainer.load(tmp_path, "helth", trainer.names_of(None))


def _message(writer: str, health: bool, source: str) -> trainer.Message:
    """A message the model decides: right when it says health for a health question, chat for chat."""
    return trainer.Message(writer, health, "x", "en", True, health, not health, source=source)


def test_the_thresholds_are_chosen_on_conversations_within_the_chat_folders_budget():
    """Follow-ups in conversations scored 0.6, small talk 0.1, a health folder's questions 0.9: the threshold lets the
    conversations' follow-ups through (the highest that does, 0.6) while the chat folder loses at most `BUDGET` of its
    messages to a page, and stays above the folder's chat when more of it would be."""
    conv = [_message("cA", True, "conversations")] * 5 + [_message("cA", False, "conversations")] * 10
    health = [_message("q1", True, "health")] * 5
    folder = [_message("n1", False, "chat")] * 100
    some = np.array([0.6] * 5 + [0.1] * 10 + [0.9] * 5 + [0.7] * 3 + [0.1] * 97)  # 3% of the folder's chat at 0.7
    score, at, _ = trainer.choose(conv + health + folder, some)
    assert at == 0.6 and score == 1.0
    assert trainer.within_budget(conv + health + folder, some, "en") == list(trainer.GRID_AT)
    many = np.array([0.6] * 5 + [0.1] * 10 + [0.9] * 5 + [0.7] * 10 + [0.1] * 90)  # 10%: over the budget
    assert trainer.within_budget(conv + health + folder, many, "en") == [a for a in trainer.GRID_AT if a > 0.7]
    score, at, _ = trainer.choose(conv + health + folder, many)
    assert at == trainer.GRID_AT[-1] and score == 0.5  # the follow-ups declined, the folder's chat kept from a page
    # no follow-up in the conversations: every message chooses (the health folder's 0.9 passes)
    only_chat = conv[5:] + health + folder
    q = some[5:]
    kept, _ = trainer.tuning(only_chat, q)
    assert len(kept) == len(only_chat) and trainer.choose(only_chat, q)[1] == 0.9
