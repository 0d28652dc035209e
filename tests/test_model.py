"""Base model loading: GPT-2's GELU swapped for the fused one computes the same thing."""

import torch

from trainer.config import ModelArguments
from trainer.model import fuse_gelu, load_base


def test_fused_gelu_is_the_same_function(tiny_model):
    plain, tok = load_base(ModelArguments(base_model=str(tiny_model), fused_gelu=False))
    fused, _ = load_base(ModelArguments(base_model=str(tiny_model)))
    assert plain.config.activation_function == "gelu_new"
    assert fused.config.activation_function == "gelu_pytorch_tanh"
    ids = tok(["Q: What is asthma?\nA: A disease of the airways."], return_tensors="pt").input_ids
    plain.eval(), fused.eval()
    with torch.no_grad():
        a, b = plain(input_ids=ids, labels=ids), fused(input_ids=ids, labels=ids)
    torch.testing.assert_close(a.logits, b.logits, atol=1e-5, rtol=1e-5)
    assert abs(float(a.loss) - float(b.loss)) < 1e-5
    assert not fuse_gelu(fused)  # already fused: nothing to do
