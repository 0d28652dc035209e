"""What the twenty-fourth round's development writers (data/conversations/cE20.jsonl, cF20.jsonl) showed the bot
misread (issue 29): "is that enough or there is something else" read as a change of subject, so a follow-up on
kidney stones was declined."""

from __future__ import annotations

import pytest

from bot.answering.followup import switches
from bot.answering.reference import Row
from tests.fakes.grounded import new_core, retriever_over


@pytest.mark.parametrize("text", [
    "how can i avoid getting another one. they said drink water, is that enough or there is something else",
    "is there something else i can do", "something else that might help?", "or something else?",
    "could it be something else?", "maybe its something else", "would something else work better",
    "could something else be causing it", "he needs something else"])
def test_something_else_asked_about_is_no_change_of_subject(text):
    assert not switches(text)


@pytest.mark.parametrize("text", [
    "ok something else, my dad has gout", "oh and something else - my mum", "i have something else to ask",
    "something else for you, is ibuprofen ok for my dad", "something else i wanted to ask, my dad has gout",
    "is there something else, my son has asthma"])
def test_something_else_said_to_move_on_still_is(text):
    assert switches(text)


@pytest.mark.asyncio
async def test_a_follow_up_asking_whether_water_is_enough_stays_on_the_condition():
    rows = [Row("What is (are) Kidney stones ?", "A kidney stone is a solid piece of material that forms in the "
                "kidney.", "https://x.gov/ks", "Kidney stones", "information"),
            Row("How to prevent Kidney stones ?", "Drinking enough fluids each day is the best way to help prevent "
                "most types of kidney stones.", "https://x.gov/ks-prev", "Kidney stones", "prevention"),
            Row("What is (are) Gout ?", "Gout is a kind of arthritis.", "https://x.gov/gout", "Gout", "information")]
    core = new_core(retriever_over(rows))
    await core.answer("u1", "i was treated last month for a kidney stone. what causes these stones to form",
                      chat="tg:1")
    reply = await core.answer("u1", "How can I avoid getting another one. They told me to drink plenty of water, is "
                              "that enough or there is something else", chat="tg:1")
    assert "x.gov/ks-prev" in reply.text  # it was declined: "something else" had read as a change of subject
