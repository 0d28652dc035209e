"""Reading question/answer tables: one reader for the bot's reference and the trainer's data. A spec
is a local file (CSV, TSV, JSON, JSONL or Parquet, gzip ok) or a Hugging Face Hub dataset name, which
`datasets` fetches once into its cache (HF_HOME) and reads from there offline afterwards."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

LOCAL_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".parquet", ".gz")


class DataUnavailable(RuntimeError):
    """A Hub dataset that is neither in the local cache nor reachable: `name` says which."""

    def __init__(self, name: str, why: str):
        self.name = name
        super().__init__(f"cannot fetch the dataset {name!r} from the Hugging Face Hub ({why})")


def is_local(spec: str | Path) -> bool:
    text = str(spec)
    p = Path(text).expanduser()
    return p.exists() or text.startswith((".", "/", "~")) or p.suffix.lower() in LOCAL_SUFFIXES


def hub_reachable(timeout_s: float = 3.0) -> bool:
    """Quick TCP probe of the Hub endpoint, so an offline machine fails in seconds, not after
    minutes of HTTP retries. HF_HUB_OFFLINE=1 means unreachable by definition."""
    import socket
    from urllib.parse import urlparse

    if _offline():
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        with socket.create_connection((url.hostname or "huggingface.co", url.port or 443), timeout=timeout_s):
            return True
    except OSError:
        return False


def _offline() -> bool:
    return any(os.environ.get(v, "").lower() in {"1", "true", "yes"} for v in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE"))


def load_table(spec: str | Path, split: str = "train") -> Any:
    """A DataFrame from a local file or a Hub dataset. Parquet goes through `datasets` like a Hub
    dataset does (the Hub serves parquet), so a downloaded copy and the Hub name read the same way."""
    if is_local(spec):
        path = Path(spec).expanduser()
        if path.name.lower().endswith(".parquet"):
            if not path.is_file():
                raise FileNotFoundError(f"{path}: file not found")
            return _dataset_frame("parquet", data_files=str(path), split="train")
        return read_table(path)
    return load_hub_table(str(spec), split)


def load_hub_table(name: str, split: str = "train") -> Any:
    """`datasets.load_dataset(name)` as a DataFrame: from the cache when it is there (also offline), else
    from the Hub; DataUnavailable in seconds when it is neither."""
    try:
        import datasets  # noqa: F401
    except ImportError as exc:
        raise DataUnavailable(name, "the `datasets` package is not installed") from exc
    if not _offline() and not hub_reachable():
        _go_offline()  # unreachable: let `datasets` look in its cache only, at once
    try:
        return _dataset_frame(name, split=split)
    except Exception as exc:
        text = f"{type(exc).__name__}: {exc}".lower()
        if isinstance(exc, ConnectionError | TimeoutError) or any(
                w in text for w in ("offline", "connect", "resolve", "couldn't find", "not found", "doesn't exist")):
            why = "offline and not in the local cache" if _offline() else str(exc).splitlines()[0][:200]
            raise DataUnavailable(name, why) from exc
        raise


def _go_offline() -> None:
    """HF_HUB_OFFLINE for this process; the libraries read it at import, so set their copies too."""
    import sys

    os.environ["HF_HUB_OFFLINE"] = "1"
    for module in ("huggingface_hub.constants", "datasets.config"):
        if module in sys.modules:
            setattr(sys.modules[module], "HF_HUB_OFFLINE", True)  # noqa: B010 (a module attribute)


def _dataset_frame(*args: Any, **kw: Any) -> Any:
    from datasets import load_dataset
    from datasets.utils.logging import disable_progress_bar

    disable_progress_bar()
    return load_dataset(*args, **kw).to_pandas()


def read_table(path: str | Path, header: int | None = 0, names: list[str] | None = None) -> Any:
    """A DataFrame from CSV, TSV, JSON, JSONL or Parquet (gzip ok); `header`/`names` apply to CSV/TSV."""
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: file not found")
    name = p.name.lower().removesuffix(".gz")
    if name.endswith(".parquet"):
        return pd.read_parquet(p)
    if name.endswith(".jsonl"):
        return pd.read_json(p, lines=True)
    if name.endswith(".json"):
        try:
            return pd.read_json(p)
        except ValueError:
            return pd.read_json(p, lines=True)
    return pd.read_csv(p, sep="\t" if name.endswith(".tsv") else ",", header=header, names=names)
