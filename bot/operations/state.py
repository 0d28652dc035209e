"""The bot's state directory (`MEDBOT_STATE_DIR`, else systemd's `$STATE_DIRECTORY`, else ./state), and
the salt that makes logged user hashes irreversible, which is kept anywhere but there.

Why not beside the inbox: the inbox holds salted hashes of user ids next to question text, and user ids
are few enough to try them all, so whoever reads both the inbox and the salt can tell whose questions
they are. A copy or backup of the state directory must not carry the key to its own pseudonyms."""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from bot.operations.config import Settings
from bot.operations.safefile import private_dir, read_private, write_private

log = logging.getLogger(__name__)

SALT_FILE = "log_salt"


def state_dir(settings: Settings) -> Path:
    if settings.state_dir is not None:
        return settings.state_dir
    systemd = os.environ.get("STATE_DIRECTORY", "").split(":")[0]
    return Path(systemd) if systemd else Path("state")


def salt_path(settings: Settings, env: Mapping[str, str] | None = None) -> Path | None:
    """Where a generated salt is kept: $XDG_CONFIG_HOME/medbot/log_salt (~/.config/medbot) for a manual
    run. None under systemd, where the salt is a credential (MEDBOT_LOG_SALT through LoadCredential=;
    the service's home is its state directory), or when that place is inside the state directory."""
    env = os.environ if env is None else env
    if env.get("INVOCATION_ID"):
        return None
    base = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else Path.home() / ".config"
    path = base / "medbot" / SALT_FILE
    if path.absolute().is_relative_to(state_dir(settings).absolute()):
        return None
    return path


def with_log_salt(settings: Settings, env: Mapping[str, str] | None = None) -> Settings:
    """Settings with a log salt: MEDBOT_LOG_SALT (the environment or a systemd credential) when set, else
    a random one made on first start and kept (0600, in a 0700 folder) at salt_path, so the same user
    hashes the same across restarts; where there is no such place, a random one for this run only."""
    _drop_old_salt(settings)
    if settings.log_salt:
        return settings
    path = salt_path(settings, env)
    salt = ""
    try:
        if path is not None:
            private_dir(path.parent)
            salt = read_private(path).decode().strip() if path.exists() or path.is_symlink() else ""
            if not salt:
                salt = secrets.token_hex(16)
                write_private(path, (salt + "\n").encode())
    except (OSError, UnicodeDecodeError) as exc:
        salt = ""
        log.warning("cannot keep the log salt in %s (%s)", path, exc)
    if not salt:
        salt = secrets.token_hex(16)
        log.warning("using a log salt for this run only, so user hashes change at restart: set MEDBOT_LOG_SALT "
                    "(under systemd the credential /etc/medbot/credentials/MEDBOT_LOG_SALT, README)")
    return dataclasses.replace(settings, log_salt=salt)


def _drop_old_salt(settings: Settings) -> None:
    """Versions before this one kept the salt beside the inbox: delete it there."""
    old = state_dir(settings) / SALT_FILE
    if old.is_file() and not old.is_symlink():
        try:
            old.unlink()
            log.warning("deleted the old log salt %s: it sat beside the inbox (user hashes change once)", old)
        except OSError as exc:
            log.warning("could not delete the old log salt %s (%s)", old, exc.strerror or exc)
