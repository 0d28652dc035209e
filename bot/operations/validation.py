"""What each setting accepts, read from its field's metadata (bot/operations/config.py `_env`): one generic check
for choices and ranges, and the few rules a choice or a range cannot say (addresses, the device name,
the webhook secret that depends on the webhook URL)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any


def problem_of(f: dataclasses.Field[Any], value: Any) -> str:
    """What is wrong with `value` for the setting `f`, by its metadata, or "". None (an optional setting
    left empty) is always fine."""
    m = f.metadata
    if value is None:
        return ""
    if m["choices"] and value not in m["choices"]:
        return f"expected one of {', '.join(map(str, m['choices']))}"
    if m["range"] is not None and not m["range"][0] <= value <= m["range"][1]:
        return f"expected a number from {m['range'][0]} to {m['range'][1]}"
    return m["check"](value) if m["check"] is not None else ""


def device(value: str) -> str:
    ok = value in {"auto", "cpu", "cuda"} or value.startswith("cuda:")
    return "" if ok else "expected auto, cpu, cuda or cuda:N"


def http(what: str) -> Callable[[str], str]:
    """An http(s) address; `what` says which one is meant."""
    return lambda v: "" if v.startswith(("http://", "https://")) else f"expected an http:// or https:// address {what}"


def https(value: str) -> str:
    return "expected an https:// address" if value and not value.startswith("https://") else ""


def drug_labels(value: str) -> str:
    return "" if value.strip() else "expected openfda, off or a path to openFDA's drug-label .json/.json.zip files"


_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")


def webhook_secret_problem(url: str, secret: str) -> str:
    """Without a secret anyone who finds the webhook URL can post forged updates (past allow-lists
    and rate limits): webhook mode needs one, long enough not to be guessed, in Telegram's alphabet."""
    if not url or _WEBHOOK_SECRET.fullmatch(secret):
        return ""
    return ("required when TELEGRAM_WEBHOOK_URL is set: 32 to 256 characters of A-Z, a-z, 0-9, _ and - "
            "(for example the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")
