"""The words of a grounded answer: the passage of an NIH answer that answers the question, and how a
page is named when it is linked (bot/answering/rerank.py chooses the row)."""

from __future__ import annotations

import re

from bot.answering.reference import TEMPLATE
from bot.answering.understand import words
from medbot.text import clean, cut_at_sentence

MAX_PASSAGE_CHARS = 1200
# what a page on each question type covers, as its link names it
LABELS = {"information": "an overview", "treatment": "its treatment", "symptoms": "its symptoms",
           "causes": "its causes",
           "exams and tests": "diagnosis and tests", "genetic changes": "genetics",
           "when to contact a medical professional": "when to see a doctor", "usage": "how to use it",
           "indication": "what it is used for", "dose": "dosage", "emergency or overdose": "overdose"}


# Words an overview uses where it tells one aspect, for finding that passage in it
ASPECT_WORDS = {
    "treatment": ("treated", "treat", "medicines", "therapy", "antibiotics", "surgery", "relieve"),
    "causes": ("caused", "virus", "bacteria", "spread", "spreads", "contagious", "triggers", "risk"),
    "symptoms": ("signs", "symptoms", "include", "fever", "pain", "rash"),
    "prevention": ("prevent", "avoid", "vaccine", "lower", "risk"),
    "exams and tests": ("diagnose", "diagnosed", "tests", "exam", "blood", "imaging"),
    "outlook": ("go away", "recover", "lifelong", "chronic", "cure", "weeks", "months"),
    "complications": ("complications", "lead", "damage", "problems", "serious"),
    "inheritance": ("inherited", "genes", "families", "genetic"),
    "susceptibility": ("risk", "likely", "people", "more common"),
}
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def passage(answer: str, question: str, qtype: str = "information", limit: int = MAX_PASSAGE_CHARS) -> str:
    """The part of a long answer that answers: from the sentence that shares most words with the
    question (the start for an overview), at most `limit` characters, cut at a sentence end."""
    text = re.sub(r"^(?:Espa\u00f1?ol)\s+", "", clean(answer))
    if len(text) <= limit or qtype == "information":
        return cut_at_sentence(text, limit)
    sentences = _SENT.split(text)
    asked = set(words(question)) - TEMPLATE
    best, best_score = 0, 0.0
    for i, s in enumerate(sentences):
        score = len(asked & set(words(s))) - 0.01 * i  # earlier wins a tie
        if score > best_score:
            best, best_score = i, score
    start = max(0, best - 1) if best_score > 0 else 0
    return cut_at_sentence(" ".join(sentences[start:]), limit)


def passage_about(answer: str, at: int, sentences_max: int = 2) -> str:
    """The sentence of another topic's answer that holds character `at` (where it says what the asked
    topic is) and at most the next one: the page goes on about other things after that. In a list item whose term
    is the topic ("- Tonsillitis - an infection in the tonsils - Pharyngitis - ..."), the item alone."""
    text = answer.replace("\n", " ")
    dot, dash = (text.rfind(". ", 0, at), text.rfind("- ", 0, at)) if at > 0 else (-1, -1)
    start = max(dot, dash) + 2 if max(dot, dash) >= 0 else 0  # the page's first sentence: from its start
    item = dash > dot or at <= 0
    if item and start < at:
        # a paragraph that ran into a list item when the page's line breaks were lost ("- Daily life skills, such
        # as feeding and bathing Fetal alcohol syndrome is ..."): the sentence starts at its capital
        run_in = [start + m.end() for m in _RUN_IN.finditer(text[start:at + 40])
                  if start + m.end() <= at and _runs_in(text[start:start + m.start()], heading=True)]
        start = run_in[-1] if run_in else start
    rest = clean(text[start:])
    if item and start >= at and (term := _TERM.match(rest)) and len(term.group(0).split()) <= 8:
        # the item ends where the next one starts, at the page's credit line, or where the page's next paragraph
        # ran into it ("an infection in the tonsils Treatment depends on the cause"; three words of it at least, so
        # that a name inside it, "a Streptococcus infection", does not end it)
        ends = [m.start() for m in _ITEM_END.finditer(rest, term.end())
                if _closed(rest[term.end():m.start()]) and (m.group("item") or _runs_in(rest[:m.start()]) and (
                    m.group("credit") or len(rest[term.end():m.start()].split()) >= 3))]
        rest = rest[:ends[0]].rstrip() if ends else rest
    sentences = _SENT.split(rest)
    return cut_at_sentence(" ".join(sentences[:sentences_max]), MAX_PASSAGE_CHARS)


def _runs_in(before: str, heading: bool = False) -> bool:
    """Whether a capital after `before` starts a paragraph that ran in: the word before it is a lower-case word that
    can end one ("tonsils Treatment"), not a name's ("the United States"), nor a word a sentence goes on after ("seen
    in the Centers for Disease Control data", "such as Streptococcus"); with `heading`, also after a list item's
    heading of capitalised words ("- Iris The iris is ...")."""
    ws = before.split()
    if not ws:
        return False
    if heading and len(ws) <= 3 and all(w[0].isupper() for w in ws):
        return True
    last = ws[-1]
    return (last[0].islower() or last[-1] in ")\"'\u201d") and last.lower() not in _GOES_ON


def _closed(part: str) -> bool:
    """No bracket left open ("an infection (often by Streptococcus ...) of the tonsils")."""
    return part.count("(") <= part.count(")")


# words a sentence does not end on
_GOES_ON = frozenset({"a", "an", "the", "of", "by", "in", "as", "and", "or", "with", "for", "from", "to", "at", "on",
                      "such", "like", "than", "into", "about"})


_RUN_IN = re.compile(r"(?<=[a-z)\"'\u201d])\s+(?=[A-Z][a-z]+\s+[a-z])")
_TERM = re.compile(r"(?:[^:.(]|\([^)]*\)){1,120}?(?:\s*-\s+|:\s+)(?=[a-z])")
# an item's end: the next item, the page's credit line, or a run-in paragraph (`_RUN_IN`)
_ITEM_END = re.compile(r"(?P<item>\s-\s+(?=\S))|(?P<credit>\s+(?:NIH:|Dept\. of|Centers for Disease|National "
                       r"Institute))|" + _RUN_IN.pattern)
