"""Our own GPT-2 decode loop: the same sampling as `model.generate`, without its per-token Python.

transformers' generate() spends most of a 150-token reply on framework work, not arithmetic: at
every token it rebuilds attention masks, grows the KV cache by concatenation and walks its logits
processors and stopping criteria (measured: README "Benchmarks and reliability",
bench/results/README.md). This module runs the same GPT-2 on the model's own weights (shared, not
copied) with

- a KV cache preallocated once per (batch, length): every decode step has the same shapes;
- one fused op per step where GPT-2 has one (addmm, SDPA, layer_norm, tanh GELU);
- the vectorised n-gram ban and top-k/top-p sampler of bot/generation/sampling.py;
- a check for "every row has finished" once every few tokens instead of a host sync per token;
- on CUDA, optionally, the decode step captured once per batch size as a CUDA graph, so a token
  costs one graph launch instead of some 200 kernel launches.

Only GPT-2 (`GPT2LMHeadModel` with its default attention options) takes this path; `supports()`
says why another model does not, and the engine then keeps transformers' generate().
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from bot.generation.int8 import Int8Linear
from bot.generation.sampling import FastNoRepeatNGram, FastSampler

log = logging.getLogger(__name__)

ACTIVATIONS = {"gelu_new": "tanh", "gelu_pytorch_tanh": "tanh", "gelu_python_tanh": "tanh", "gelu": "none"}
SYNC_EVERY = 8  # tokens between checks that every row has finished (each check waits for the device)


def supports(model: Any) -> str | None:
    """None when `model` can run here, else the reason it cannot."""
    cfg: Any = getattr(model, "config", None)
    if cfg is None or getattr(cfg, "model_type", None) != "gpt2" or not hasattr(model, "transformer"):
        return f"model type {getattr(cfg, 'model_type', type(model).__name__)!r} is not GPT-2"
    if cfg.activation_function not in ACTIVATIONS:
        return f"activation {cfg.activation_function!r}"
    if not cfg.scale_attn_weights or cfg.scale_attn_by_inverse_layer_idx or cfg.reorder_and_upcast_attn:
        return "non-default GPT-2 attention options"
    if getattr(cfg, "add_cross_attention", False):
        return "cross-attention"
    return None


Dense = Callable[[torch.Tensor], torch.Tensor]  # x [N, in] -> x W + b, [N, out]


def dense(layer: Any) -> Dense:
    """The cheapest call of a Conv1D, nn.Linear or Int8Linear (bot/generation/int8.py) on a 2-D input, on the layer's
    own weights (shared, not copied)."""
    if isinstance(layer, Int8Linear):
        return layer.matmul
    w, b = layer.weight, getattr(layer, "bias", None)
    if type(layer).__name__ == "Conv1D":  # GPT-2's: weights stored transposed, [in, out]
        return lambda x: torch.addmm(layer.bias, x, w)
    return lambda x: F.linear(x, w, b)  # [out, in]: nn.Linear, the LM head (the trainer's AlignedHead too)


@dataclass
class _Layer:
    ln1_w: torch.Tensor
    ln1_b: torch.Tensor
    qkv: Dense
    proj: Dense
    ln2_w: torch.Tensor
    ln2_b: torch.Tensor
    fc: Dense
    out: Dense


class _Graph:
    """One captured decode step for a fixed batch size and cache length, with its static buffers."""

    def __init__(self, dec: FastGPT2, batch: int, length: int):
        dev = dec.device
        self.k, self.v = dec.new_cache(batch, length)
        self.valid = torch.ones((batch, length), dtype=torch.bool, device=dev)
        self.tok = torch.zeros((batch, 1), dtype=torch.long, device=dev)
        self.pos = torch.zeros((batch, 1), dtype=torch.long, device=dev)
        self.slot = torch.zeros((1,), dtype=torch.long, device=dev)
        stream = torch.cuda.Stream(dev)
        stream.wait_stream(torch.cuda.current_stream(dev))
        with torch.cuda.stream(stream):  # warm-up outside the graph, as CUDA graphs require
            for _ in range(2):
                dec.forward(self.tok, self.pos, self.k, self.v, self.slot, self.valid)
        torch.cuda.current_stream(dev).wait_stream(stream)
        self.graph = torch.cuda.CUDAGraph()
        # thread_local: a model reload loading weights from another thread must not break the capture
        with torch.cuda.graph(self.graph, capture_error_mode="thread_local"):
            self.logits = dec.forward(self.tok, self.pos, self.k, self.v, self.slot, self.valid)


class FastGPT2:
    """GPT-2 inference over a preallocated KV cache. Not thread-safe (one worker thread uses it)."""

    def __init__(self, model: Any, cuda_graphs: bool = False):
        why = supports(model)
        if why:
            raise ValueError(f"the fast decoder cannot run this model: {why}")
        cfg = model.config
        t = model.transformer
        self.device = t.wpe.weight.device
        self.dtype = t.wpe.weight.dtype  # activations and KV cache (float32 when the matmuls are int8)
        self.n_head = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.eps = cfg.layer_norm_epsilon
        self.gelu = ACTIVATIONS[cfg.activation_function]
        self.n_positions = cfg.n_positions
        self.wte, self.wpe = t.wte, t.wpe.weight  # wte: nn.Embedding, or int8 rows (bot/generation/int8.py)
        self.lnf_w, self.lnf_b = t.ln_f.weight, t.ln_f.bias
        self.head = dense(model.lm_head)
        self.layers = [_Layer(b.ln_1.weight, b.ln_1.bias, dense(b.attn.c_attn), dense(b.attn.c_proj),
                              b.ln_2.weight, b.ln_2.bias, dense(b.mlp.c_fc), dense(b.mlp.c_proj))
                       for b in t.h]
        self.cuda_graphs = cuda_graphs and self.device.type == "cuda"
        if cuda_graphs and not self.cuda_graphs:
            log.info("CUDA graphs need a CUDA device; decoding on %s without them", self.device)
        self._graphs: dict[tuple[int, int], _Graph] = {}

    def new_cache(self, batch: int, length: int, zeroed: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
        """K and V caches; `zeroed=False` for a caller that reads only slots it wrote (forward's `filled`)."""
        shape = (len(self.layers), batch, self.n_head, length, self.head_dim)
        new = torch.zeros if zeroed else torch.empty
        return (new(shape, dtype=self.dtype, device=self.device),
                new(shape, dtype=self.dtype, device=self.device))

    def forward(self, ids: torch.Tensor, pos: torch.Tensor, k_cache: torch.Tensor, v_cache: torch.Tensor,
                slot: torch.Tensor, valid: torch.Tensor, filled: int | None = None) -> torch.Tensor:
        """Logits of the last position for `ids` [B, T] at positions `pos` [B, T], written to cache slots
        slot[0] .. slot[0]+T-1. `valid` [B, S] marks the cache slots that hold real tokens (not padding).
        Only tensor arguments, so a CUDA graph can capture it and be replayed with new values; without a graph,
        `filled` (slot[0] + T) lets attention read only the slots written so far instead of the whole cache:
        at batch 16 on a CPU the cache is as many bytes as the int8 weights (the empty slots add nothing)."""
        b, t = ids.shape
        h, hd = self.n_head, self.head_dim
        s = k_cache.shape[3] if filled is None else filled
        slots = slot + torch.arange(t, device=ids.device)  # [T] cache slots written by this call
        keys = torch.arange(s, device=ids.device)
        # a query sees the real tokens at or before its own slot, and always itself (so a padding
        # query has one finite key instead of none: its output is unused but must not be NaN)
        allowed = (valid[:, None, :s] & (keys[None, None, :] <= slots[None, :, None])) | (
            keys[None, None, :] == slots[None, :, None])
        mask = allowed[:, None]  # [B, 1, T, S]
        x = self.wte(ids) + F.embedding(pos, self.wpe)
        d = x.shape[-1]
        for i, L in enumerate(self.layers):
            a = F.layer_norm(x, (d,), L.ln1_w, L.ln1_b, self.eps)
            qkv = L.qkv(a.view(b * t, d)).view(b, t, 3, h, hd).transpose(1, 3)
            q, k, v = qkv.unbind(2)  # each [B, H, T, hd]
            k_cache[i].index_copy_(2, slots, k)
            v_cache[i].index_copy_(2, slots, v)
            y = F.scaled_dot_product_attention(q, k_cache[i, :, :, :s], v_cache[i, :, :, :s], attn_mask=mask)
            y = y.transpose(1, 2).reshape(b * t, d)
            x = L.proj(y).view(b, t, d) + x
            a = F.layer_norm(x, (d,), L.ln2_w, L.ln2_b, self.eps)
            a = F.gelu(L.fc(a.view(b * t, d)), approximate=self.gelu)
            x = L.out(a).view(b, t, d) + x
        last = F.layer_norm(x[:, -1], (d,), self.lnf_w, self.lnf_b, self.eps)
        return self.head(last)

    @torch.inference_mode()
    def generate(self, ids: torch.Tensor, mask: torch.Tensor, max_new_tokens: int, *, eos_id: int, pad_id: int,
                 top_k: int, top_p: float, temperature: float, no_repeat_ngram_size: int) -> torch.Tensor:
        """New tokens [B, max_new_tokens] for left-padded prompts `ids`/`mask` [B, W]: the rows
        transformers' generate(do_sample=True, ...) returns after the prompt, padded with `pad_id`
        after a row's end of text."""
        b, w = ids.shape
        if w + max_new_tokens > self.n_positions:
            raise ValueError(f"prompt {w} + {max_new_tokens} new tokens exceeds the model's {self.n_positions}")
        length = w + max_new_tokens
        graph, k_cache, v_cache, valid = self._buffers(b, length, mask)
        # positions as transformers numbers them for a left-padded batch: real tokens 0, 1, 2...
        pos = (mask.long().cumsum(-1) - 1).clamp_(min=0)
        slot = torch.zeros(1, dtype=torch.long, device=ids.device)
        logits = self.forward(ids, pos, k_cache, v_cache, slot, valid, w)
        slot += w  # the first generated token's cache slot
        next_pos = pos[:, -1:] + 1
        seq = torch.full((b, length), pad_id, dtype=torch.long, device=ids.device)
        seq[:, :w] = ids
        ban = FastNoRepeatNGram(no_repeat_ngram_size) if no_repeat_ngram_size > 0 else None
        sampler = FastSampler(top_k, top_p, temperature)
        done = torch.zeros((b, 1), dtype=torch.bool, device=ids.device)
        step = 0
        for step in range(max_new_tokens):
            cur = w + step
            scores = logits.float()
            if ban is not None:
                scores = ban(seq[:, :cur], scores)
            tok = sampler.sample(scores)
            tok = tok.masked_fill(done, pad_id)
            seq[:, cur:cur + 1] = tok
            done |= tok == eos_id
            if step + 1 == max_new_tokens or ((step + 1) % SYNC_EVERY == 0 and bool(done.all())):
                break
            if graph is not None:
                graph.tok.copy_(tok)
                graph.pos.copy_(next_pos)
                graph.slot.fill_(cur)
                graph.graph.replay()
                logits = graph.logits
            else:
                logits = self.forward(tok, next_pos, k_cache, v_cache, slot, valid, cur + 1)
                slot += 1
            next_pos = next_pos + 1
        return seq[:, w:w + step + 1]

    def _buffers(self, b: int, length: int, mask: torch.Tensor) -> tuple[_Graph | None, torch.Tensor, torch.Tensor,
                                                                          torch.Tensor]:
        """(CUDA graph or None, K cache, V cache, valid-slot mask) for a batch of `b` rows of `length`:
        the graph's own buffers when it replays, else fresh ones; padding slots of the prompt invalid."""
        graph = self._graph(b, length) if self.cuda_graphs else None
        if graph is not None:
            k_cache, v_cache, valid = graph.k, graph.v, graph.valid
            valid.fill_(True)
        else:
            k_cache, v_cache = self.new_cache(b, length, zeroed=False)  # generate() passes `filled`
            valid = torch.ones((b, length), dtype=torch.bool, device=mask.device)
        valid[:, :mask.shape[1]] = mask.bool()
        return graph, k_cache, v_cache, valid

    def _graph(self, batch: int, length: int) -> _Graph | None:
        key = (batch, length)
        if key not in self._graphs:
            try:
                self._graphs[key] = _Graph(self, batch, length)
                log.info("captured a CUDA graph for batch %d, length %d", batch, length)
            except Exception as exc:  # an unsupported op or driver: keep going without graphs
                log.warning("CUDA graph capture failed (%s: %s); decoding without graphs", type(exc).__name__, exc)
                self.cuda_graphs = False
                return None
        return self._graphs[key]

