import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.fakes.proc import ROOT
from trainer import TrainerError
from trainer.publish import (
    check_writable,
    current_target,
    finalize,
    new_partial,
    prune,
    run_lock,
    switch_current,
    versions,
)


def make_version(models, name):
    d = models / name
    d.mkdir(parents=True)
    (d / "config.json").write_text("{}")
    return d


def test_switch_is_a_symlink_rename(tmp_path):
    a, b = make_version(tmp_path, "20260101T000000Z"), make_version(tmp_path, "20260102T000000Z")
    switch_current(tmp_path, a)
    assert current_target(tmp_path) == a.resolve()
    switch_current(tmp_path, b)
    assert os.readlink(tmp_path / "current") == b.name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".current")]


def test_partial_then_finalize_and_stale_partials_removed(tmp_path):
    stale = tmp_path / "20250101T000000Z.partial"
    stale.mkdir()
    p = new_partial(tmp_path)
    assert not stale.exists() and p.name.endswith(".partial")
    (p / "x").write_text("1")
    final = finalize(p)
    assert final.is_dir() and not p.exists() and final in versions(tmp_path)


def test_prune_keeps_newest_and_current(tmp_path):
    vs = [make_version(tmp_path, f"2026010{i}T000000Z") for i in range(1, 6)]
    switch_current(tmp_path, vs[0])
    removed = prune(tmp_path, 2)
    left = {p.name for p in versions(tmp_path)}
    assert left == {vs[0].name, vs[3].name, vs[4].name} and len(removed) == 2


def _as_unprivileged(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` as an ordinary user: as root (how CI runs) permissions would not apply. The child
    imports as root (the interpreter may live where only root can read), then drops to nobody."""
    drop = ""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        drop = f"import os\nos.setgroups([])\nos.setgid({nobody.pw_gid})\nos.setuid({nobody.pw_uid})\n"
    imports, _, rest = code.partition("# --\n")
    return subprocess.run([sys.executable, "-c", imports + drop + rest], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)


def test_read_only_models_dir_is_refused_even_when_ci_runs_as_root():
    top = Path(tempfile.mkdtemp())  # not under pytest's tmp folder, which only root may enter
    try:
        top.chmod(0o755)
        ro = top / "ro"
        ro.mkdir(mode=0o555)
        ro.chmod(0o555)
        p = _as_unprivileged(
            "from pathlib import Path\nfrom trainer import TrainerError\nfrom trainer.publish import check_writable\n"
            "# --\n"
            f"try:\n    check_writable(Path({str(ro / 'models')!r}))\nexcept TrainerError as e:\n    print(e)\n"
            "else:\n    print('WROTE')\n")
        assert p.returncode == 0, p.stderr[-2000:]
        assert "is not writable: Permission denied" in p.stdout, p.stdout
        assert not (ro / "models").exists()
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_unwritable_and_locked(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(TrainerError, match="not writable"):
        check_writable(tmp_path / "file" / "models")
    with run_lock(tmp_path), pytest.raises(TrainerError, match="another training run"), run_lock(tmp_path):
        pass
