"""The bot's state directory (`MEDBOT_STATE_DIR`, else systemd's `$STATE_DIRECTORY`, else ./state)
and what lives there: the salt that makes logged user hashes irreversible."""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
from pathlib import Path

from bot.config import Settings

log = logging.getLogger(__name__)

SALT_FILE = "log_salt"


def state_dir(settings: Settings) -> Path:
    if settings.state_dir is not None:
        return settings.state_dir
    systemd = os.environ.get("STATE_DIRECTORY", "").split(":")[0]
    return Path(systemd) if systemd else Path("state")


def with_log_salt(settings: Settings) -> Settings:
    """Settings with a log salt: MEDBOT_LOG_SALT when set, else a random one made on first start and
    kept (0600) in the state directory, so the same user hashes the same across restarts. Without a
    salt a logged hash of a numeric user id is reversible by trying every id."""
    if settings.log_salt:
        return settings
    path = state_dir(settings) / SALT_FILE
    try:
        salt = path.read_text().strip() if path.is_file() else ""
        if not salt:
            salt = secrets.token_hex(16)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(salt + "\n")
    except OSError as exc:
        salt = secrets.token_hex(16)
        log.warning("cannot keep the log salt in %s (%s): using one for this run only, so user hashes "
                    "change at restart; set MEDBOT_LOG_SALT or MEDBOT_STATE_DIR", path, exc.strerror or exc)
    return dataclasses.replace(settings, log_salt=salt)
