"""A short version of bench/load.py: the real bot process under load with SIGHUPs and worker faults."""

import sys

import pytest

from tests.fakes.proc import ROOT

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


async def test_short_load_with_sighup_and_faults_loses_nothing(tiny_model):
    from load import run

    r = await run(users=20, questions=3, model_dir=tiny_model, hup_every=1.0, fail_every=2, timeout_s=150,
                  max_new_tokens=8)
    assert r["settled"]  # duplicates counted once no reply could still be on its way
    assert r["sent"] == 60 and r["answered_once"] == 60 and r["duplicates"] == 0 and r["lost"] == 0
    # what each reply was: model answers, and the apology only for the batches the chaos hook failed
    assert r["answers"] + r["apologies"] == 60 and r["answers"] >= 1 and r["apologies"] >= 1
    assert r["busy"] == r["restarting"] == r["other_replies"] == 0
    assert r["sighups"] >= 1 and r["reloads"] >= 1 and r["reloads_refused"] == 0 and r["alive_at_end"]
