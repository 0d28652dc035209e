"""The reference index's cache (`STATE_DIR/cache/reference-<fingerprint>.safetensors`): numbers as arrays
and names as JSON (a byte array) in one safetensors file, a format that holds data only: reading it runs
no code, unlike the Python object dump it replaces, so a planted file could at worst make answers wrong.
Even so it is read only from a folder and a file of this user that nobody else may write
(bot/operations/safefile.py), through the checked descriptor, never by path.

The rows themselves are not stored: the fingerprint in the name is a hash of them (and of the indexing
code), and the caller has them already."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from safetensors.numpy import load as load_arrays
from safetensors.numpy import save as save_arrays

from bot.answering.understand import FocusNames
from bot.operations.safefile import open_private, private_dir, write_private

if TYPE_CHECKING:
    from bot.answering.reference import Reference, Row

log = logging.getLogger(__name__)

FORMAT = 1
SUFFIX = ".safetensors"
_MATRICES = ("matrix", "qmatrix")


def write(path: Path, ref: Reference) -> None:
    """Write atomically (0600) in a private folder, drop older caches (whatever format an older medbot
    used); a failure only costs the next start its 7 s."""
    try:
        private_dir(path.parent)
        arrays: dict[str, np.ndarray] = {"idf": ref.vectorizer.idf_, "row_lengths": np.asarray(ref.row_lengths)}
        for name in _MATRICES:
            m = getattr(ref, name).tocsr()
            arrays.update({f"{name}_data": m.data, f"{name}_indices": m.indices, f"{name}_indptr": m.indptr,
                           f"{name}_shape": np.asarray(m.shape)})
        vocab = sorted(ref.vectorizer.vocabulary_, key=ref.vectorizer.vocabulary_.__getitem__)
        meta = {"format": FORMAT, "vocabulary": vocab, "fkeys": ref.fkeys, "template": sorted(ref.template),
                "synonym_keys": {k: sorted(v) for k, v in ref.synonym_keys.items()},
                "row_words": [sorted(w) for w in ref.row_words], "names": _names_json(ref.names)}
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
        write_private(path, save_arrays({k: np.ascontiguousarray(v) for k, v in arrays.items()}))
        for old in path.parent.glob("reference-*"):
            if old != path:
                old.unlink(missing_ok=True)
        log.info("reference index cached in %s", path)
    except OSError as exc:
        log.warning("cannot cache the reference index in %s (%s)", path.parent, exc.strerror or exc)


def read(path: Path, rows: list[Row], cls: type[Reference]) -> Reference | None:
    """The cached index for these rows, or None (missing, refused or unreadable: the caller rebuilds)."""
    try:
        private_dir(path.parent, create=False)
        fd = open_private(path)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink (ELOOP), another owner, a folder others may write to
        log.warning("ignoring the reference cache %s: %s", path, exc)
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            arrays = load_arrays(f.read())
        meta = json.loads(arrays.pop("meta").tobytes())
        if meta.get("format") != FORMAT or len(meta["fkeys"]) != len(rows):
            raise ValueError("another format or other rows")
        return _build(cls, rows, arrays, meta)
    except Exception as exc:  # a truncated or foreign file: rebuild
        log.warning("reference cache %s unreadable (%s): rebuilding", path.name, type(exc).__name__)
        return None


def _build(cls: type[Reference], rows: list[Row], arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> Reference:
    from bot.answering.reference import new_vectorizer

    ref = cls.__new__(cls)
    ref.rows = rows
    ref.rows_read, ref.answered_read = len(rows), sum(1 for r in rows if r.answer)
    ref.fkeys = list(meta["fkeys"])
    ref.synonym_keys = {k: set(v) for k, v in meta["synonym_keys"].items()}
    ref.names = _names_from_json(meta["names"])
    ref.focus_rows = {}
    for i, k in enumerate(ref.fkeys):
        ref.focus_rows.setdefault(k, []).append(i)
    vectorizer = new_vectorizer()
    vectorizer.vocabulary_ = {term: i for i, term in enumerate(meta["vocabulary"])}
    vectorizer.idf_ = arrays["idf"]
    ref.vectorizer = vectorizer
    for name in _MATRICES:
        shape = tuple(int(n) for n in arrays[f"{name}_shape"])
        m = sp.csr_matrix((arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"]), shape=shape)
        if shape != (len(rows), len(meta["vocabulary"])):
            raise ValueError(f"{name} has shape {shape}")
        setattr(ref, name, m)
    ref.template = frozenset(meta["template"])
    ref.row_words = [set(w) for w in meta["row_words"]]
    ref.row_lengths = [int(n) for n in arrays["row_lengths"]]
    return ref


def _names_json(names: FocusNames) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(names):
        v = getattr(names, f.name)
        if isinstance(v, set):
            out[f.name] = sorted(v)
        elif f.name == "forms":  # medicine -> form word -> its pages
            out[f.name] = {k: {w: sorted(fs) for w, fs in x.items()} for k, x in v.items()}
        else:  # dicts of sets or of lists (by_prefix keeps its order)
            out[f.name] = {k: sorted(x) if isinstance(x, set) else x if isinstance(x, int) else list(x)
                           for k, x in v.items()}
    return out


def _names_from_json(data: dict[str, Any]) -> FocusNames:
    lists, counts = {"by_prefix"}, {"freq"}
    kw: dict[str, Any] = {}
    for f in dataclasses.fields(FocusNames):
        v = data[f.name]
        if isinstance(v, list):
            kw[f.name] = set(v)
        elif f.name in counts:
            kw[f.name] = {k: int(x) for k, x in v.items()}
        elif f.name == "forms":
            kw[f.name] = {k: {w: set(fs) for w, fs in x.items()} for k, x in v.items()}
        else:
            kw[f.name] = {k: list(x) if f.name in lists else set(x) for k, x in v.items()}
    return FocusNames(**kw)
