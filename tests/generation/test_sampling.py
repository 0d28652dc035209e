import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from transformers.generation.logits_process import NoRepeatNGramLogitsProcessor

from bot.generation.sampling import FastNoRepeatNGram


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 40), st.integers(2, 12), st.integers(0, 2**31))
def test_same_bans_as_transformers(n, batch, length, vocab, seed):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, vocab, (batch, length), generator=g)
    scores = torch.randn(batch, vocab, generator=g)
    want = NoRepeatNGramLogitsProcessor(n)(ids, scores.clone())
    got = FastNoRepeatNGram(n)(ids, scores.clone())
    assert torch.equal(torch.isinf(want), torch.isinf(got))
    assert torch.equal(want[~torch.isinf(want)], got[~torch.isinf(got)])


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 60), st.floats(0.05, 1.0), st.floats(0.2, 2.0), st.integers(0, 2**31))
def test_top_k_top_p_matches_transformers_warpers(k, p, temp, seed):
    from transformers.generation.logits_process import (
        TemperatureLogitsWarper,
        TopKLogitsWarper,
        TopPLogitsWarper,
    )

    from bot.generation.sampling import top_k_top_p

    g = torch.Generator().manual_seed(seed)
    scores = torch.randn(3, 100, generator=g) * 3
    ids = torch.zeros(3, 1, dtype=torch.long)
    want = TemperatureLogitsWarper(temp)(ids, scores.clone())
    if k > 0:
        want = TopKLogitsWarper(k)(ids, want)
    want = torch.softmax(TopPLogitsWarper(p)(ids, want), dim=-1)
    idx, probs = top_k_top_p(scores, k, p, temp)
    got = torch.zeros_like(want).scatter_(-1, idx, probs)
    assert torch.allclose(want, got, atol=1e-5)


def test_fast_sampler_leaves_one_finite_token_from_the_candidates():
    from bot.generation.sampling import FastSampler

    scores = torch.tensor([[5.0, 4.0, -10.0, -10.0]] * 4)
    out = FastSampler(2, 0.9, 0.7)(torch.zeros(4, 1, dtype=torch.long), scores)
    assert (torch.isfinite(out).sum(-1) == 1).all()
    assert set(out.argmax(-1).tolist()) <= {0, 1}
