"""What grounded mode asks of a retriever, whichever answers: bot/answering/rerank.py's `ConsumerRetriever`
(understanding and a re-ranker) or bot/answering/grounding.py's `TfidfRetriever` (the fallback when no re-ranker
loads). A retriever returns an outcome and, for an answer, the reference's text with its source; the
core (bot/core.py) writes everything the user reads around it, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from bot.answering.drugs import DrugLabels
    from bot.answering.reference import Reference

Found = Literal["answer", "no_source", "off_topic"]


@dataclass(frozen=True)
class Retrieved:
    outcome: Found
    answer: str = ""  # the reference's text and its source link (English): only for "answer"
    focus: str = ""  # the topic answered, for the conversation's follow-ups ("" when none to remember)
    lead: str | None = None  # how an Indonesian message named its topic: the core leads the reply with it
    asked: str = "information"  # the question type answered (for that lead line)
    # the condition the conversation is about after this answer: the topic answered when it is a condition, else (a
    # medicine) the one condition the message named beside it or the conversation's before ("" when none)
    condition: str = ""


class Retriever(Protocol):
    @property
    def size(self) -> int:
        """Reference questions it answers from."""
        ...

    @property
    def reference(self) -> Reference | None:
        """The indexed reference whose names tell a drug question (bot/answering/drugs.py), when it keeps one."""
        ...

    async def retrieve(self, question: str, lang: str, previous: str | None,
                       drugs: DrugLabels | None = None, condition: str | None = None) -> Retrieved:
        """The answer to `question` (asked in `lang`, after a conversation about `previous`, whose condition is
        `condition` when `previous` is a medicine taken for it), off the event loop: understanding and ranking are
        CPU work."""
        ...

    def reload(self, folder: Path) -> bool:
        """SIGHUP: read the re-ranker in `folder` again; False when it does not load or none is used."""
        ...

    def describe(self) -> tuple[str, list[str]]:
        """For --check: what was indexed, and warnings on what grounded mode will not be able to do."""
        ...
