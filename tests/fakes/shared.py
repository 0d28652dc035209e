"""The real data the tests read when it is there (../shared/data, as CI sets it), and skip without."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fakes.proc import ROOT


def shared_data() -> Path | None:
    """The real data: MEDBOT_SHARED_DATA, or ../shared/data beside the checkout when it exists (what CI
    sets), so a developer's `make test` runs what CI runs; MEDBOT_SHARED_DATA= (empty) turns it off."""
    raw = os.environ.get("MEDBOT_SHARED_DATA")
    if raw is None:
        raw = "../shared/data"
    if not raw:
        return None
    p = Path(raw)
    if not p.is_absolute():
        p = ROOT / p
    return p if p.is_dir() else None


def shared_file(folder: Path, name: str) -> Path:
    """`folder/name`, or the test is skipped saying which file it lacks."""
    p = folder / name
    if not p.is_file():
        pytest.skip(f"{p} not found")
    return p
