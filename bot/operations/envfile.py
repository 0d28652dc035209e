"""The settings as text: `.env.example`, generated from `Settings` (each variable with its one-line help
and its default: `python -m bot --write-env-example`), and the MEDBOT_* variables no setting reads."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.operations.config import REMOVED, Settings

HEADER = """\
# medbot settings, generated from bot/operations/config.py by `python -m bot --write-env-example` (do not edit by hand).
# Copy to .env (or /etc/medbot/medbot.env for systemd) and edit. Every variable is optional; the value shown
# is the default. Secrets (the tokens, TELEGRAM_WEBHOOK_SECRET, MEDBOT_OPENAI_API_KEY, MEDBOT_OPENFDA_API_KEY,
# MEDBOT_LOG_SALT): under systemd put each in its own file in /etc/medbot/credentials/ (LoadCredential=), not
# here; see README "Running as a systemd service".
"""

# A heading before the first variable of each group
SECTIONS = {
    "MEDBOT_MODEL_DIR": "model and device",
    "MEDBOT_TOP_P": "generation (the seed tutorial's sampling settings)",
    "MEDBOT_BACKEND": "inference backend",
    "MEDBOT_BATCH_MAX": "worker (one GPU thread, dynamic batching)",
    "MEDBOT_MIN_QUESTION_CHARS": "answers",
    "MEDBOT_LOG_LEVEL": "operations",
    "TELEGRAM_BOT_TOKEN": "Telegram (set the token to enable)",
    "DISCORD_BOT_TOKEN": "Discord (set the token to enable)",
}

# Read by the tests and the timer unit, not by the bot.
OTHER_KNOWN = {"MEDBOT_SHARED_DATA", "MEDBOT_TRAIN_ARGS"}


def shown_default(value: Any) -> str:
    """A default as it is written in a dotenv file, so that reading it back gives the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, frozenset):
        return ",".join(map(str, sorted(value)))
    return str(value)


def env_example() -> str:
    """The text of `.env.example`: every setting, in the order of `Settings`, with its help and default."""
    lines = [HEADER.rstrip("\n")]
    for f in dataclasses.fields(Settings):
        name = f.metadata["env"]
        if name in SECTIONS:
            lines += ["", f"# --- {SECTIONS[name]}"]
        lines += [f"# {f.metadata['help']}", f"{name}={shown_default(f.default)}"]
    return "\n".join(lines) + "\n"


def write_env_example(path: str | Path) -> Path:
    path = Path(path)
    path.write_text(env_example())
    return path


def known_env_names() -> set[str]:
    return {f.metadata["env"] for f in dataclasses.fields(Settings)}


def unknown_medbot_vars(env: Mapping[str, str]) -> list[str]:
    """MEDBOT_* variables that no setting reads: likely typos."""
    known = known_env_names() | OTHER_KNOWN | set(REMOVED)  # a removed one left empty is not a typo
    return sorted(k for k in env if k.startswith("MEDBOT_") and k not in known)
