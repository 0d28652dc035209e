"""`python -m bot` with faults injected, for bench/load.py: CHAOS_FAIL_EVERY=K makes every K-th
generate call raise (the worker must answer that batch with the apology and carry on)."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.generation.engine import Engine  # noqa: E402

every = int(os.environ.get("CHAOS_FAIL_EVERY", "0"))
if every:
    calls = itertools.count(1)
    real = Engine.generate

    def flaky(self: Engine, questions: list[str], seed: int | None = None) -> list[str]:
        if next(calls) % every == 0:
            raise RuntimeError("injected fault")
        return real(self, questions, seed)

    Engine.generate = flaky  # type: ignore[method-assign]

from bot.__main__ import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
