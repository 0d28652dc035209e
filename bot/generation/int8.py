"""int8 weights on CPU (MEDBOT_DTYPE=int8): every matrix multiply of the model runs on int8 weights.

Decoding on a CPU reads every weight once per token, so it is bound by memory bandwidth: a quarter of
the bytes (int8 against float32) is most of the win. The kernel is PyTorch's own int8 GEMM behind
`torch.ops.quantized.linear_dynamic` (fbgemm on x86, qnnpack on ARM): weights quantised once per
output channel and prepacked, activations quantised per call (one scale for the call's rows), int32
accumulation, float32 out. It was the fastest of the options measured side by side
(bench/int8_kernels.py; figures in README "int8 on a CPU"): `torch._weight_int8pack_mm` (what torchao's
int8 weight-only layout calls on a CPU) was slower than float32 here, and `torch._int_mm` with per-row
activation scales slower than the prepacked GEMM. torch 2.13 marks the quantized tensor types as
deprecated: a torch without them fails the conversion, which the engine refuses with a clear reason.

What is converted, for GPT-2 and any model made of `nn.Linear`/`Conv1D` layers:
- every `Conv1D` and `nn.Linear` becomes an `Int8Linear` (GPT-2's Conv1D stores [in, out]: transposed);
- a tied LM head (GPT-2's) is quantised once: the head multiplies by the int8 matrix, and the input
  embedding (`Int8Embedding`) reads its rows from the same int8 values, so the model holds no float32
  copy of its largest matrix.
LayerNorms, position embeddings, biases and the KV cache stay float32, and so does sampling.

A conversion is checked before the engine is built: the probe text's logits in int8 against float32
(`check_conversion`); a broken one is refused with ModelLoadError, as a broken model folder is.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from typing import Any

import torch
import torch.nn.functional as F

log = logging.getLogger(__name__)

# Activations quantised to 7 bits instead of 8: fbgemm's AVX2 kernels add pairs of u8 x s8 products in
# int16, which saturates with full 8-bit activations on CPUs without VNNI (PyTorch's dynamic Linear does
# the same by default). Its perplexity cost on a trained model is in README (int8 on a CPU).
REDUCE_RANGE = True
# The largest relative error of the probe's logits (RMS of the difference over the RMS of the float32
# logits, each centred per position) a conversion may show. Measured: about 1% on a trained model, 6% on
# a random GPT-2 124M (near-uniform logits); every row scaled by another row's scale 27%, every row's
# values reversed 89%.
MAX_PROBE_ERROR = 0.15


class Int8ConversionError(RuntimeError):
    """The int8 model does not compute what the float32 model computes (the engine refuses it)."""


def quantize_rows(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric int8 per row of `w` [out, in]: (int8 values, float32 scale per row); w ~ q * scale."""
    w = w.detach().float()
    scale = w.abs().amax(dim=1).clamp(min=1e-12) / 127
    q = torch.round(w / scale[:, None]).clamp_(-127, 127).to(torch.int8)
    return q, scale


def _prepack(q: torch.Tensor, scale: torch.Tensor, bias: torch.Tensor | None) -> Any:
    zero = torch.zeros(q.shape[0], dtype=torch.long)
    with warnings.catch_warnings():  # torch 2.13 warns that quantized tensor types are deprecated
        warnings.simplefilter("ignore", UserWarning)
        qw = torch._make_per_channel_quantized_tensor(q, scale.double(), zero, 0)
        # a copy of the bias: a view would keep the loaded file's whole memory map resident
        return torch.ops.quantized.linear_prepack(qw, None if bias is None else bias.detach().float().clone())


class Int8Linear(torch.nn.Module):
    """y = x W^T + b with W stored as prepacked int8 (per output channel scales)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None, q: torch.Tensor | None = None,
                 scale: torch.Tensor | None = None):
        """`weight` [out, in] float; or `q`/`scale` already quantised (a tied head shares them)."""
        super().__init__()
        if q is None or scale is None:
            q, scale = quantize_rows(weight)
        self.out_features, self.in_features = q.shape
        self.packed = _prepack(q, scale, bias)

    def matmul(self, x: torch.Tensor) -> torch.Tensor:
        """x [N, in] float32 -> [N, out] (the decode loop calls this: no reshape)."""
        return torch.ops.quantized.linear_dynamic(x, self.packed, REDUCE_RANGE)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        y = self.matmul(x.reshape(-1, shape[-1]).float())
        return y.view(*shape[:-1], self.out_features)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, int8"


class Int8Embedding(torch.nn.Module):
    """An embedding whose rows are int8 with one scale each: the tied LM head's own int8 values."""

    def __init__(self, q: torch.Tensor, scale: torch.Tensor):
        super().__init__()
        self.q: torch.Tensor
        self.scale: torch.Tensor
        self.register_buffer("q", q, persistent=False)
        self.register_buffer("scale", scale[:, None], persistent=False)
        self.num_embeddings, self.embedding_dim = q.shape

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return F.embedding(ids, self.q).float() * F.embedding(ids, self.scale)


def _conv1d_type() -> Any:
    try:
        from transformers.pytorch_utils import Conv1D
    except ImportError:  # transformers moved it: only nn.Linear layers are then converted
        return None
    return Conv1D


def _dense_layers(model: torch.nn.Module) -> Iterator[tuple[torch.nn.Module, str, Any]]:
    """(parent, attribute, layer) for every Conv1D and nn.Linear in the model."""
    conv = _conv1d_type()
    kinds = (torch.nn.Linear,) + ((conv,) if conv is not None else ())
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, kinds):
                yield parent, name, child


def quantize_model(model: Any) -> int:
    """Replace every matmul layer of `model` (on the CPU, float32) by its int8 form, in place; a tied
    input embedding shares the head's int8 values. Returns the number of layers converted."""
    emb: Any = model.get_input_embeddings() if hasattr(model, "get_input_embeddings") else None
    out: Any = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    tied = (isinstance(emb, torch.nn.Embedding) and isinstance(out, torch.nn.Linear)
            and out.weight.data_ptr() == emb.weight.data_ptr())
    conv: Any = _conv1d_type()
    n = 0
    for parent, name, layer in _dense_layers(model):
        if tied and layer is out:
            continue
        # Conv1D keeps its weight as [in, out]
        w = layer.weight.t() if conv is not None and isinstance(layer, conv) else layer.weight
        setattr(parent, name, Int8Linear(w, layer.bias))
        n += 1
    if tied:
        q, scale = quantize_rows(out.weight)
        bias = getattr(out, "bias", None)
        model.set_output_embeddings(Int8Linear(out.weight, bias, q, scale))
        model.set_input_embeddings(Int8Embedding(q, scale))
        n += 1
    return n


@torch.inference_mode()
def probe_logits(model: Any, ids: torch.Tensor) -> torch.Tensor:
    logits: torch.Tensor = model(input_ids=ids).logits[0].float()
    return logits


def probe_error(want: torch.Tensor, got: torch.Tensor) -> float:
    """Relative RMS error of `got` against `want` (logits [T, V]), each centred per position: a
    constant shift of a row's logits changes no probability, so it is not an error."""
    a = want - want.mean(-1, keepdim=True)
    b = got - got.mean(-1, keepdim=True)
    if not torch.isfinite(b).all():
        return float("inf")
    return float((a - b).pow(2).mean().sqrt() / a.pow(2).mean().sqrt().clamp(min=1e-12))


def convert(model: Any, probe_ids: torch.Tensor) -> float:
    """Quantise `model` in place and check it on `probe_ids` [1, T]; returns the probe's relative error.
    Raises Int8ConversionError when the int8 model does not compute what the float32 one did."""
    want = probe_logits(model, probe_ids)
    n = quantize_model(model)
    if n == 0:
        raise Int8ConversionError("no Linear or Conv1D layer to convert")
    err = probe_error(want, probe_logits(model, probe_ids))
    if not err <= MAX_PROBE_ERROR:  # also catches NaN
        raise Int8ConversionError(f"the int8 model's logits differ from float32's by {err:.0%} on the probe "
                                  f"(at most {MAX_PROBE_ERROR:.0%} expected)")
    log.info("int8: %d layers converted, probe error %.2f%%", n, 100 * err)
    _release_float_weights(model)
    return err


def _release_float_weights(model: Any) -> None:
    """Let the float32 matrices go: the weights left (LayerNorms, position embeddings) are copied out of
    the loaded file's memory map, which a single view would otherwise keep resident whole, and glibc is
    asked to return freed heap blocks (it keeps blocks under its mmap threshold: every block's matrices)."""
    import ctypes
    import ctypes.util

    with torch.no_grad():
        for p in model.parameters():
            p.data = p.data.clone()
    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS): nothing to do
        pass
