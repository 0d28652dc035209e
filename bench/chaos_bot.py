"""`python -m bot` with faults injected, for bench/load.py: CHAOS_FAIL_EVERY=K makes every K-th
generate call raise (the worker must answer that batch with the apology and carry on)."""

from __future__ import annotations

import itertools
import os
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.generation.engine import Engine  # noqa: E402

every = int(os.environ.get("CHAOS_FAIL_EVERY", "0"))
if every:
    calls = itertools.count(1)
    real, real_self_test = Engine.generate, Engine.self_test
    testing = threading.local()  # a reload's self-test generates too: faults are for the workers' batches only

    def flaky(self: Engine, *args: Any, **kwargs: Any) -> Any:
        if not getattr(testing, "on", False) and next(calls) % every == 0:
            raise RuntimeError("injected fault")
        return real(self, *args, **kwargs)

    def self_test(self: Engine) -> Any:
        testing.on = True
        try:
            return real_self_test(self)
        finally:
            testing.on = False

    Engine.generate = flaky  # type: ignore[method-assign]
    Engine.self_test = self_test  # type: ignore[method-assign]

from bot.__main__ import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
