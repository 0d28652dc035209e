"""Operations: sd_notify, signals (stop, force, reload) and the background model reload. Metrics and
/healthz live in bot/operations/metrics.py."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.generation.engine import Engine
    from bot.generation.worker import Worker

log = logging.getLogger(__name__)


class Notifier:
    """systemd's sd_notify over $NOTIFY_SOCKET (standard library only); a no-op without it."""

    def __init__(self, address: str | None = None):
        addr = address if address is not None else os.environ.get("NOTIFY_SOCKET", "")
        self.address = "\0" + addr[1:] if addr.startswith("@") else addr  # abstract namespace
        self._sock: socket.socket | None = None
        if self.address:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @property
    def enabled(self) -> bool:
        return self._sock is not None

    def send(self, *lines: str) -> bool:
        if self._sock is None:
            return False
        try:
            self._sock.sendto("\n".join(lines).encode(), self.address)
            return True
        except OSError as exc:
            log.warning("sd_notify failed: %s", exc)
            return False

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1", *([f"STATUS={status}"] if status else []))

    def reloading(self) -> bool:
        usec = int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1_000_000)
        return self.send("RELOADING=1", f"MONOTONIC_USEC={usec}")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")

    def status(self, text: str) -> bool:
        return self.send(f"STATUS={text}")

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")


def watchdog_interval() -> float | None:
    """Half of systemd's WatchdogSec, when the watchdog is on for this process."""
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 2_000_000


def install_signals(loop: asyncio.AbstractEventLoop, on_stop: Callable[[], None],
                    on_reload: Callable[[], None]) -> None:
    """SIGTERM/SIGINT: graceful stop, a second one exits at once. SIGHUP: reload the model."""
    state = {"stopping": False}

    def stop(signame: str) -> None:
        if state["stopping"]:
            log.warning("second %s: exiting now", signame)
            os._exit(1)
        state["stopping"] = True
        log.info("%s: stopping intake and draining", signame)
        on_stop()

    loop.add_signal_handler(signal.SIGTERM, stop, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, stop, "SIGINT")
    loop.add_signal_handler(signal.SIGHUP, on_reload)


class Reloader:
    """Load `model_dir` in a background thread, prove it with one generation, then swap it into
    the worker between batches. A broken model is refused and the old one keeps serving."""

    def __init__(self, worker: Worker, load: Callable[[], Engine], notifier: Notifier | None = None,
                 on_swap: Callable[[Engine], None] | None = None):
        self.worker = worker
        self.load = load
        self.notifier = notifier or Notifier("")
        self.on_swap = on_swap
        self._task: asyncio.Task[bool] | None = None
        self.last_error: str | None = None

    def trigger(self) -> None:
        if self._task is not None and not self._task.done():
            log.info("reload already in progress")
            return
        self._task = asyncio.get_running_loop().create_task(self.reload())

    async def reload(self) -> bool:
        self.notifier.reloading()
        loop = asyncio.get_running_loop()
        try:
            engine = await loop.run_in_executor(None, self._load_and_check)
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.error("reload refused, still serving %s: %s", self.worker.version, self.last_error)
            self.notifier.ready(f"reload failed; serving {self.worker.version}")
            return False
        old = self.worker.swap_engine(engine)
        self.last_error = None
        log.info("reloaded: %s -> %s", old.version, engine.version)
        if self.on_swap:
            self.on_swap(engine)
        self.notifier.ready(f"serving {engine.version}")
        return True

    def _load_and_check(self) -> Engine:
        engine = self.load()
        engine.self_test()  # raises SelfTestError for a model that does not answer
        return engine
