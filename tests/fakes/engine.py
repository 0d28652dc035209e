"""A stand-in for the model engine, for tests of the worker, the core and the app."""

from __future__ import annotations

import threading
import time

import torch


class FakeEngine:
    """Stands for bot.generation.engine.Engine in the worker: answers `version:question` after `delay` seconds, calls
    `fail(questions)` first when set, and records each batch and the thread that generated it."""

    def __init__(self, version="v1", delay=0.02, fail=None):
        self.version = version
        self.generated_tokens = 0
        self.device = torch.device("cpu")
        self.delay = delay
        self.fail = fail
        self.calls = []
        self.threads = set()
        self.started = threading.Event()  # set when a batch begins: tests wait on it, not on a sleep
        self.release: threading.Event | None = None  # when set up, a batch holds until it is set
        self.gate: threading.Semaphore | None = None  # when set up, each batch takes one permit

    def generate(self, questions, seed=None):
        self.threads.add(threading.get_ident())
        self.calls.append(list(questions))
        self.started.set()
        if self.release is not None:
            self.release.wait(30)
        if self.gate is not None:
            self.gate.acquire(timeout=30)
        if self.fail:
            self.fail(questions)
        time.sleep(self.delay)
        self.generated_tokens += len(questions)
        return [f"{self.version}:{q}" for q in questions]

    def self_test(self):
        return "ok"
