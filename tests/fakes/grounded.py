"""A grounded core over a handful of reference rows, for the answer tests (issue 29)."""

from __future__ import annotations

from bot.answering.reference import Reference, Row
from bot.answering.rerank import ConsumerRetriever, Reranker
from bot.app import SHIPPED_RERANKER
from bot.core import Core
from bot.operations.config import Settings


def retriever_over(rows: list[Row]) -> ConsumerRetriever:
    """The shipped re-ranker over these rows."""
    return ConsumerRetriever(Reference(rows), Reranker.load(SHIPPED_RERANKER))


def new_core(retriever: ConsumerRetriever) -> Core:
    """A core with no generator behind it (grounded replies only) and a rate limit no test reaches."""
    return Core(Settings.from_env({"MEDBOT_RATE_BURST": "100"}), worker=None, retriever=retriever)
