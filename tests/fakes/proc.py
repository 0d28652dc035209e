"""Run the real `python -m bot` process for end-to-end tests and benchmarks."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.operations.config import Settings, is_secret

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
# the variables marked secret in bot/operations/config.py: stop() checks that none of their values reached the log
SECRET_VARS = frozenset(f.metadata["env"] for f in dataclasses.fields(Settings) if is_secret(f))


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDBOT_", "TELEGRAM_", "DISCORD_"))}
    env.update({"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1",
                "TOKENIZERS_PARALLELISM": "false", "TRANSFORMERS_VERBOSITY": "error"})
    env["MEDBOT_DRUG_LABELS"] = "off"  # grounded mode would ask api.fda.gov: tests give a fake or a file
    env.update(extra)
    if "MEDBOT_STATE_DIR" not in env:  # each bot its own inbox, never the checkout's ./state
        env["MEDBOT_STATE_DIR"] = tempfile.mkdtemp(prefix="medbot-state-")
    if "XDG_CONFIG_HOME" not in extra:  # and its own log salt, never the runner's ~/.config
        env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="medbot-config-")
    return env


def run_env(**extra: str) -> dict[str, str]:
    """The environment of a `python -m bot` (or trainer) subprocess: none of the runner's medbot settings,
    its own state directory and config folder (log salt), offline, plus `extra`."""
    env = dict(os.environ)
    env.update({"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1"})
    for k in list(env):
        if k.startswith(("MEDBOT_", "TELEGRAM_", "DISCORD_")) and k != "MEDBOT_SHARED_DATA":
            env.pop(k)
    env["MEDBOT_STATE_DIR"] = tempfile.mkdtemp(prefix="medbot-state-")  # never the checkout's ./state
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="medbot-config-")  # nor the runner's ~/.config (log salt)
    env.update(extra)
    return env


def run_bot(args: list[str], input_text: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` to the end, with `input_text` on stdin and `env` over run_env()."""
    return subprocess.run([PY, "-m", "bot", *args], input=input_text, capture_output=True, text=True,
                          cwd=ROOT, env=run_env(**env), timeout=100)


class BotProcess:
    """`python -m bot` with stderr captured to a file (for log checks)."""

    def __init__(self, *args: str, **env: str):
        self.log_file = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
        # every secret this process is given: stop() checks that none reached its log, tracebacks included
        self.secrets = [v for k, v in env.items() if k in SECRET_VARS and len(v) >= 8]
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=clean_env(**env),
                                     stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def signal(self, sig: int = signal.SIGTERM) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 60) -> int:
        return self.proc.wait(timeout)

    def log(self) -> str:
        return Path(self.log_file.name).read_text(errors="replace")

    def delivered(self) -> list[str]:
        """Message ids whose reply the bot finished sending (every chunk, retries included), in order:
        once an id is here no late copy of its reply can still be on its way."""
        return re.findall(r"(?:telegram|discord): delivered msg=(\S+)", self.log())

    def stop(self, timeout: float = 60) -> int:
        if self.alive():
            self.signal(signal.SIGTERM)
            try:
                self.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        code = self.proc.wait(10)
        leaked = [s[:6] + "..." for s in self.secrets if s in self.log()]
        assert not leaked, f"secrets in the bot's log: {leaked}"
        return code

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.alive():
            self.proc.kill()
            self.proc.wait(10)
        time.sleep(0)
