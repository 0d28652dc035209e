"""The unit files: who each runs as, what each can read and write, and how exposed systemd rates them.
Text checks run everywhere; `systemd-analyze` checks skip only where the tool is missing (.ci/run installs it)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_EXPOSURE = 2.0  # systemd-analyze security: "OK" ends at 4.9; both units stay well under it
needs_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                   reason="systemd-analyze not installed (.ci/run installs it)")


def settings(name: str) -> dict[str, list[str]]:
    """Key -> every value it is given in the unit (in order)."""
    out: dict[str, list[str]] = {}
    for line in (ROOT / "systemd" / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def one(unit: dict[str, list[str]], key: str) -> str:
    (value,) = unit[key]
    return value


def units(tmp_path: Path) -> list[Path]:
    """The unit files with the install path of python pointed at this interpreter (verify checks it exists)."""
    out = []
    for f in sorted((ROOT / "systemd").iterdir()):
        p = tmp_path / f.name
        p.write_text(f.read_text().replace("/opt/medbot/.venv/bin/python", sys.executable))
        out.append(p)
    return out


@needs_analyze
def test_units_verify(tmp_path):
    files = units(tmp_path)
    assert {f.name for f in files} >= {"medbot.service", "medbot-train.service", "medbot-train.timer"}
    p = subprocess.run(["systemd-analyze", "verify", "--man=no", *map(str, files)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


@needs_analyze
@pytest.mark.parametrize("name", ["medbot.service", "medbot-train.service"])
def test_service_exposure_is_low(tmp_path, name):
    unit = next(f for f in units(tmp_path) if f.name == name)
    p = subprocess.run(["systemd-analyze", "security", "--offline=true", str(unit)], capture_output=True, text=True)
    m = re.search(rf"Overall exposure level for {re.escape(name)}: ([\d.]+)", p.stdout + p.stderr)
    assert m, p.stdout[-2000:] + p.stderr[-2000:]
    assert float(m.group(1)) <= MAX_EXPOSURE


@pytest.mark.parametrize("name", ["medbot.service", "medbot-train.service"])
def test_units_keep_their_files_private_and_dump_no_core(name):
    unit = settings(name)
    assert one(unit, "NoNewPrivileges") == "yes" and one(unit, "LimitCORE") == "0"
    assert one(unit, "UMask") in ("0027", "0077")
    assert "IPAddressDeny" not in unit  # an empty one does nothing


def test_the_trainer_runs_as_another_user_and_shares_only_the_models_read_only():
    bot, train = settings("medbot.service"), settings("medbot-train.service")
    assert one(bot, "User") == "medbot" and one(train, "User") == "medbot-train"
    assert "DynamicUser" not in bot
    # the models: written by the trainer in its own state directory, group medbot-models, which the bot is in
    assert one(train, "Group") == "medbot-models" and one(bot, "SupplementaryGroups") == "medbot-models"
    assert one(bot, "Group") == "medbot"
    assert one(train, "StateDirectory") == "medbot-train" and one(train, "StateDirectoryMode") == "0750"
    assert one(train, "UMask") == "0027"  # files 0640, folders 0750: the group reads, never writes
    assert "--models_dir /var/lib/medbot-train/models" in one(train, "ExecStart")
    assert "MEDBOT_MODEL_DIR=/var/lib/medbot-train/models/current" in one(bot, "Environment")
    assert one(bot, "ReadOnlyPaths").lstrip("-") == "/var/lib/medbot-train/models"
    # the bot's state: its user's alone, and out of the trainer's sight
    assert one(bot, "StateDirectory") == "medbot" and one(bot, "StateDirectoryMode") == "0700"
    assert one(bot, "WorkingDirectory") == "/var/lib/medbot" != one(train, "WorkingDirectory")
    hidden = one(train, "InaccessiblePaths").split()
    assert {"-/var/lib/medbot", "-/etc/medbot/credentials", "-/etc/medbot/medbot.env"} <= set(hidden)
    assert one(train, "CacheDirectoryMode") == "0700" and "/var/cache/medbot-train" in one(train, "Environment")


def test_the_bot_tokens_come_as_credentials_and_the_trainer_never_sees_them():
    bot, train = settings("medbot.service"), settings("medbot-train.service")
    assert one(bot, "LoadCredential") == "medbot:/etc/medbot/credentials"
    assert one(bot, "EnvironmentFile") == "/etc/medbot/medbot.env"  # settings; read by systemd, not by the bot
    text = (ROOT / "systemd" / "medbot-train.service").read_text()
    assert "LoadCredential" not in train and "EnvironmentFile=/etc/medbot/medbot.env" not in text
    assert one(train, "EnvironmentFile") == "-/etc/medbot/train.env"
    (start,) = train["ExecStart"]
    assert "|| true" not in start and "systemctl" not in start  # the bot reloads itself when `current` changes


def test_service_is_notify_with_reload_and_gpu_devices():
    text = (ROOT / "systemd" / "medbot.service").read_text()
    for line in ("Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
                 "EnvironmentFile=/etc/medbot/medbot.env", "StateDirectory=medbot", "DeviceAllow=/dev/nvidiactl rw"):
        assert line in text
