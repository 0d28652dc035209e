"""Base model loading: GPT-2's GELU swapped for the fused one, and the output layer computed on an
aligned vocabulary, compute the same thing."""

import torch

from trainer.config import ModelArguments
from trainer.model import AlignedHead, align_head, fuse_gelu, load_base, unalign_head


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


def _vocab_1001_model():
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    cfg = GPT2Config(vocab_size=1001, n_embd=32, n_layer=2, n_head=2, n_positions=64, resid_pdrop=0.0,
                     embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=0, eos_token_id=0)
    return GPT2LMHeadModel(cfg)


def test_aligned_output_layer_gives_the_same_logits_loss_and_gradients():
    import copy

    plain = _vocab_1001_model()
    aligned = copy.deepcopy(plain)
    assert align_head(aligned, 64)
    head = aligned.lm_head
    assert isinstance(head, AlignedHead) and head.padded_rows == 1024
    assert head.weight is aligned.transformer.wte.weight  # still tied to the input embedding
    assert list(aligned.state_dict()) == list(plain.state_dict())  # checkpoints keep their keys
    ids = torch.randint(0, 1001, (3, 17))
    a, b = plain(input_ids=ids, labels=ids), aligned(input_ids=ids, labels=ids)
    assert b.logits.shape == a.logits.shape == (3, 17, 1001)
    torch.testing.assert_close(b.logits, a.logits, atol=1e-6, rtol=1e-6)
    a.loss.backward()
    b.loss.backward()
    torch.testing.assert_close(aligned.transformer.wte.weight.grad, plain.transformer.wte.weight.grad,
                               atol=1e-7, rtol=1e-5)
    assert not align_head(plain, 1) and not align_head(plain, 7)  # off, and 1001 = 7 x 143 already
    assert isinstance(plain.lm_head, torch.nn.Linear)


def test_a_model_trained_with_the_aligned_layer_saves_as_a_plain_gpt2(tmp_path):
    from transformers import GPT2LMHeadModel

    model = _vocab_1001_model()
    align_head(model, 64)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    ids = torch.randint(0, 1001, (4, 16))
    losses = []
    for _ in range(3):
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(float(loss.detach()))
    assert losses[-1] < losses[0]  # it learns through the aligned layer
    model.eval()
    model.save_pretrained(tmp_path / "checkpoint")  # a checkpoint written mid-training is a plain GPT-2 too
    with torch.no_grad():
        torch.testing.assert_close(GPT2LMHeadModel.from_pretrained(tmp_path / "checkpoint")(input_ids=ids).logits,
                                   model(input_ids=ids).logits)
    unalign_head(model)
    assert type(model.lm_head) is torch.nn.Linear and model.lm_head.weight is model.transformer.wte.weight
    model.save_pretrained(tmp_path)
    back = GPT2LMHeadModel.from_pretrained(tmp_path)
    with torch.no_grad():
        torch.testing.assert_close(back(input_ids=ids).logits, model(input_ids=ids).logits)


def test_the_output_layer_is_aligned_only_for_gpu_training(tiny_model, monkeypatch):
    from trainer.config import preset_defaults

    assert ModelArguments().vocab_multiple == 64 and preset_defaults("seed")["vocab_multiple"] == 1
    cpu, tok = load_base(ModelArguments(base_model=str(tiny_model), vocab_multiple=1000))
    assert isinstance(cpu.lm_head, torch.nn.Linear)  # no CUDA here: plain layer
    assert len(tok) % 1000
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    gpu, _ = load_base(ModelArguments(base_model=str(tiny_model), vocab_multiple=1000))
    assert isinstance(gpu.lm_head, AlignedHead) and gpu.lm_head.padded_rows % 1000 == 0
