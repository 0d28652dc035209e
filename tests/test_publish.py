import os

import pytest

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


def test_unwritable_and_locked(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    if os.geteuid() != 0:  # root ignores permissions; the file-as-dir case below covers it
        with pytest.raises(TrainerError, match="not writable"):
            check_writable(ro / "models")
    (tmp_path / "file").write_text("x")
    with pytest.raises(TrainerError, match="not writable"):
        check_writable(tmp_path / "file" / "models")
    with run_lock(tmp_path), pytest.raises(TrainerError, match="another training run"), run_lock(tmp_path):
        pass
