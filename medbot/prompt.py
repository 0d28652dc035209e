"""The one prompt format shared by the trainer (training text) and the bot (generation prompt).

Training text is `prompt + " " + answer + <eos>`; the bot generates from `prompt`. Both go
through the token-level builders below, so they cannot drift apart. User text is folded to one
line, so it can never contain the "\\nA:" answer marker or start a new turn.
"""

from __future__ import annotations

import re
from typing import Any

QUESTION_PREFIX = "Q:"
ANSWER_MARKER = "\nA:"
TEMPLATE = "Q: {question}\nA: {answer}<eos>"
MAX_PROMPT_TOKENS = 64
# The seed tutorial's sampling settings, written once: the engine's GenerationConfig and the bot's Settings
# (MEDBOT_TOP_P, ...) default to these.
TOP_P = 0.9
TOP_K = 50
TEMPERATURE = 0.7
NO_REPEAT_NGRAM_SIZE = 3
MAX_NEW_TOKENS = 150

_WS = re.compile(r"\s+")
# A new turn: "Q:"/"A:" at a line start, or "Q:" after a space ("Hepatitis A:" is not a turn).
_NEXT_TURN = re.compile(r"(?:^|\n)\s*[QA]:|(?<=\s)Q:")


def one_line(text: str) -> str:
    """Fold all whitespace (newlines included) to single spaces and strip; drop lone surrogates,
    which no tokenizer can encode."""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return _WS.sub(" ", text).strip()


def format_prompt(question: str) -> str:
    """The generation prompt as text: what the model sees before it answers."""
    return f"{QUESTION_PREFIX} {one_line(question)}{ANSWER_MARKER}"


def format_example(question: str, answer: str, eos: str) -> str:
    """A full training example as text (for reports and debugging)."""
    return f"{format_prompt(question)} {one_line(answer)}{eos}"


def prompt_ids(tokenizer: Any, question: str, max_prompt_tokens: int = MAX_PROMPT_TOKENS) -> list[int]:
    """Token ids of the prompt; the question is cut so that the whole prompt fits
    `max_prompt_tokens` while the answer marker always survives."""
    head = tokenizer.encode(QUESTION_PREFIX, add_special_tokens=False)
    tail = tokenizer.encode(ANSWER_MARKER, add_special_tokens=False)
    q = one_line(question)
    body = tokenizer.encode(" " + q, add_special_tokens=False) if q else []
    budget = max(0, max_prompt_tokens - len(head) - len(tail))
    return head + body[:budget] + tail


def example_ids(
    tokenizer: Any,
    question: str,
    answer: str,
    max_length: int,
    max_prompt_tokens: int = MAX_PROMPT_TOKENS,
) -> tuple[list[int], list[int]]:
    """(input_ids, labels) for one training example. Labels are -100 on the prompt; the answer
    and the end-of-text token after it are labels, so the model learns to stop. An answer cut by
    `max_length` gets no end-of-text (the model must not learn to stop mid-sentence)."""
    p = prompt_ids(tokenizer, question, min(max_prompt_tokens, max_length - 1))
    a = tokenizer.encode(" " + one_line(answer), add_special_tokens=False)
    room = max_length - len(p)
    a = a[:room] if len(a) >= room else a + [tokenizer.eos_token_id]
    return p + a, [-100] * len(p) + a


def extract_answer(generated: str) -> str:
    """The answer part of generated continuation text: cut where the model starts a new turn."""
    text = generated.replace("\r", "")
    m = _NEXT_TURN.search(text)
    if m:
        text = text[: m.start()]
    return one_line(text)
