"""Training examples and their batches: tokenized question/answer pairs (through the shared prompt
code), dynamic padding, and packing several examples into one row (per batch, or once for all with
static shapes). `tests/trainer/test_packing.py` checks that packed and padded batches give the same loss."""

from __future__ import annotations

import logging
from typing import Any

import torch

from medbot import prompt
from trainer.evaluate import collate


class QADataset(torch.utils.data.Dataset):  # type: ignore[type-arg]
    """Tokenized (input_ids, labels) pairs built by the shared prompt code."""

    def __init__(self, pairs: list[tuple[str, str]], tokenizer: Any, max_length: int):
        self.rows = [prompt.example_ids(tokenizer, q, a, max_length) for q, a in pairs]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> dict[str, list[int]]:
        ids, labels = self.rows[i]
        return {"input_ids": ids, "labels": labels}

    def tokens(self) -> int:
        return sum(len(ids) for ids, _ in self.rows)


class Collator:
    """Dynamic padding to the longest example in the batch; pads never count in the loss.

    With `pack_length`, the batch's examples are packed first-fit-decreasing into rows of at most
    that many tokens instead (padding-free training): `position_ids` restart at 0 for every
    example and no attention mask is passed, so transformers builds a block-causal mask from the
    position ids and no token attends across examples; the first token of every example is a
    prompt token (label -100), so no loss crosses a boundary either. Same loss, far fewer padded
    tokens: MQP examples are ~70 tokens and a padded batch is as wide as its longest one."""

    def __init__(self, pad_id: int, pack_length: int | None = None):
        self.pad_id = pad_id
        self.pack_length = pack_length

    def __call__(self, feats: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        if "position_ids" in feats[0]:  # rows of PackedRows: already packed, one shape
            return {k: torch.stack([f[k] for f in feats]) for k in ("input_ids", "labels", "position_ids")}
        rows = [(f["input_ids"], f["labels"]) for f in feats]
        if self.pack_length:
            return pack(rows, self.pack_length, self.pad_id)
        return collate(rows, self.pad_id)


def pack_bins(lengths: list[int], length: int) -> list[list[int]]:
    """Indices of `lengths` in first-fit-decreasing bins of at most `length` tokens."""
    bins: list[list[int]] = []
    room: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        n = lengths[i]
        if n > length:
            raise ValueError(f"an example of {n} tokens does not fit a packed row of {length}")
        j = next((b for b, r in enumerate(room) if r >= n), None)
        if j is None:
            bins.append([i])
            room.append(length - n)
        else:
            bins[j].append(i)
            room[j] -= n
    return bins


class PackedRows(torch.utils.data.Dataset):  # type: ignore[type-arg]
    """Every example of `ds` packed once, first-fit-decreasing, into rows of exactly `length`
    tokens (see Collator for why the loss is unchanged): every batch has one static shape, what
    torch.compile needs to compile once. Items carry `n`, their real (non-padding) tokens."""

    def __init__(self, ds: QADataset, length: int, pad_id: int):
        bins = pack_bins([len(ids) for ids, _ in ds.rows], length)
        self.data = pack(ds.rows, length, pad_id, width=length, bins=bins)
        self.real = [sum(len(ds.rows[i][0]) for i in b) for b in bins]
        self.examples = len(ds)
        self._tokens = ds.tokens()

    def __len__(self) -> int:
        return len(self.real)

    def __getitem__(self, i: int) -> dict[str, Any]:
        return {k: v[i] for k, v in self.data.items()} | {"n": self.real[i]}

    def tokens(self) -> int:
        return self._tokens


class NoPaddingMaskWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "strongly recommend passing in an `attention_mask`" not in record.getMessage()


def pack(rows: list[tuple[list[int], list[int]]], length: int, pad_id: int, width: int | None = None,
         bins: list[list[int]] | None = None) -> dict[str, torch.Tensor]:
    """First-fit-decreasing bins of at most `length` tokens (or the given `bins`), padded to the
    longest bin (or to `width`: fixed shapes for compiled training); see Collator."""
    bins = bins or pack_bins([len(ids) for ids, _ in rows], length)
    width = max(width or 0, max(sum(len(rows[i][0]) for i in b) for b in bins))
    ids = torch.full((len(bins), width), pad_id, dtype=torch.long)
    labels = torch.full((len(bins), width), -100, dtype=torch.long)
    pos = torch.zeros((len(bins), width), dtype=torch.long)
    for b, members in enumerate(bins):
        at = 0
        for i in members:
            x, y = rows[i]
            if y and y[0] != -100:
                y = [-100, *y[1:]]  # never predict an example's first token from the previous example
            ids[b, at:at + len(x)] = torch.tensor(x)
            labels[b, at:at + len(y)] = torch.tensor(y)
            pos[b, at:at + len(x)] = torch.arange(len(x))
            at += len(x)
    return {"input_ids": ids, "labels": labels, "position_ids": pos}
