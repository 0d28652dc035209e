import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                reason="systemd-analyze not installed (.ci/run installs it)")


def units(tmp_path: Path) -> list[Path]:
    """The unit files with the install path of python pointed at this interpreter (verify checks it exists)."""
    out = []
    for f in sorted((ROOT / "systemd").iterdir()):
        p = tmp_path / f.name
        p.write_text(f.read_text().replace("/opt/medbot/.venv/bin/python", sys.executable))
        out.append(p)
    return out


def test_units_verify(tmp_path):
    files = units(tmp_path)
    assert {f.name for f in files} >= {"medbot.service", "medbot-train.service", "medbot-train.timer"}
    p = subprocess.run(["systemd-analyze", "verify", "--man=no", *map(str, files)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("name", ["medbot.service", "medbot-train.service"])
def test_service_exposure_is_low(tmp_path, name):
    unit = next(f for f in units(tmp_path) if f.name == name)
    p = subprocess.run(["systemd-analyze", "security", "--offline=true", str(unit)], capture_output=True, text=True)
    m = re.search(rf"Overall exposure level for {re.escape(name)}: ([\d.]+)", p.stdout + p.stderr)
    assert m, p.stdout[-2000:] + p.stderr[-2000:]
    assert float(m.group(1)) <= 3.0


@pytest.mark.parametrize("name", ["medbot.service", "medbot-train.service"])
def test_units_keep_their_files_private(name):
    lines = (ROOT / "systemd" / name).read_text().splitlines()
    for line in ("UMask=0027", "StateDirectoryMode=0750", "NoNewPrivileges=yes"):
        assert line in lines, f"{name}: {line}"
    assert "IPAddressDeny=" not in lines  # an empty one does nothing


def test_train_unit_reads_only_training_settings_and_shows_its_failures():
    text = (ROOT / "systemd" / "medbot-train.service").read_text()
    assert "/etc/medbot/medbot.env" not in text  # the bot tokens
    assert "EnvironmentFile=-/etc/medbot/train.env" in text
    (start,) = [ln for ln in text.splitlines() if ln.startswith("ExecStart=")]
    assert "|| true" not in start and "systemctl" not in start  # the bot reloads itself when `current` changes


def test_service_is_notify_with_reload_and_gpu_devices():
    text = (ROOT / "systemd" / "medbot.service").read_text()
    for line in ("Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
                 "EnvironmentFile=/etc/medbot/medbot.env", "StateDirectory=medbot", "DeviceAllow=/dev/nvidiactl rw"):
        assert line in text
