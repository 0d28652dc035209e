"""Local stand-ins for the chat platforms, used by the end-to-end tests and bench/load.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


async def wait_for(predicate: Callable[[], Any], timeout: float = 30.0) -> bool:  # noqa: ASYNC109
    """Poll `predicate` until it is truthy or `timeout` seconds pass; returns its last truth."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return bool(predicate())
