"""Padding-free training: packed rows give the same loss as padded ones, with fewer tokens."""

import pandas as pd
import pytest
import torch

from trainer.packing import Collator, QADataset, pack


def _rows(lengths):
    return [(list(range(1, n + 1)), [-100, -100, *range(3, n + 1)]) for n in lengths]


def test_pack_puts_every_example_in_once_within_the_row_length():
    rows = _rows([30, 5, 17, 40, 9, 23, 2, 40])
    b = pack(rows, 48, pad_id=0)
    ids, labels, pos = b["input_ids"], b["labels"], b["position_ids"]
    assert "attention_mask" not in b  # a mask would stop transformers from building the block mask
    assert ids.shape[1] <= 48 and ids.shape[0] == 4  # 166 tokens: first-fit-decreasing needs 4 rows of 48
    assert int((labels != -100).sum()) == sum(max(len(y) - 2, 0) for _, y in rows)
    starts = (pos == 0) & (ids != 0)
    assert int(starts.sum()) == len(rows)  # every example starts at position 0
    assert bool((labels[starts] == -100).all())  # and its first token is never a target
    with pytest.raises(ValueError, match="does not fit"):
        pack(_rows([50]), 48, 0)
    fixed = pack(rows, 48, pad_id=0, width=48)  # one static shape for compiled training
    assert fixed["input_ids"].shape == (4, 48) and torch.equal(fixed["labels"][:, :ids.shape[1]], labels)


def test_packed_loss_equals_padded_loss(tiny_model, qa_csv):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model, attn_implementation="sdpa").eval()
    model.config.use_cache = False
    df = pd.read_csv(qa_csv).head(24)
    answers = [a[: 20 + 13 * i] for i, a in enumerate(df.answer)]  # lengths vary, as in real batches
    ds = QADataset(list(zip(df.question, answers, strict=True)), tok, 128)
    feats = [ds[i] for i in range(len(ds))]
    padded = Collator(tok.pad_token_id)(feats)
    packed = Collator(tok.pad_token_id, pack_length=256)(feats)
    assert packed["input_ids"].numel() < padded["input_ids"].numel()
    with torch.no_grad():
        a = model(**padded).loss
        b = model(**packed).loss
        naive = model(input_ids=packed["input_ids"], labels=packed["labels"]).loss  # no restart: leaks
    assert torch.allclose(a, b, atol=1e-4), (a, b)
    assert not torch.allclose(a, naive, atol=1e-3)


def test_static_packing_holds_every_example_once_in_rows_of_one_shape(tiny_model, qa_csv):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from trainer.packing import PackedRows

    tok = AutoTokenizer.from_pretrained(tiny_model)
    df = pd.read_csv(qa_csv).head(40)
    ds = QADataset(list(zip(df.question, df.answer, strict=True)), tok, 96)
    rows = PackedRows(ds, 256, tok.pad_token_id)
    assert rows.examples == 40 and rows.tokens() == ds.tokens() == sum(rows.real)
    assert -(-ds.tokens() // 256) <= len(rows) < len(ds)  # packed: far fewer rows than examples
    batch = Collator(tok.pad_token_id, 256)([rows[i] for i in range(len(rows))])
    assert set(batch) == {"input_ids", "labels", "position_ids"} and batch["input_ids"].shape == (len(rows), 256)
    assert int(((batch["position_ids"] == 0) & (batch["input_ids"] != tok.pad_token_id)).sum()) == 40  # one start each
    model = AutoModelForCausalLM.from_pretrained(tiny_model, attn_implementation="sdpa").eval()
    model.config.use_cache = False
    with torch.no_grad():  # the same loss as the examples padded one per row
        a = model(**Collator(tok.pad_token_id)([ds[i] for i in range(len(ds))])).loss
        b = model(**batch).loss
    assert torch.allclose(a, b, atol=1e-4), (a, b)
