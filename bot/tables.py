"""Reading question/answer tables: one reader for the bot's reference files and the trainer's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any


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
