"""Pure text helpers: cleaning user input and splitting replies at a platform's limit."""

from __future__ import annotations

import re
import unicodedata

TELEGRAM_LIMIT = 4096
DISCORD_LIMIT = 2000

# Bidi overrides/isolates can visually reorder a reply; zero-width chars hide text.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"), None
)
_WS = re.compile(r"\s+")
# More than 3 combining marks on one base is never real text (Zalgo floods).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING_RUN = re.compile(f"([{_MARKS}]{{3}})[{_MARKS}]+")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"')\]]*)\s")


def clean(text: str) -> str:
    """Normalise user or model text: NFC, no control/invisible chars, no lone surrogates,
    whitespace folded to single spaces. Idempotent."""
    if not text:
        return ""
    # Lone surrogates cannot be encoded; drop them rather than crash later in a transport.
    text = text.encode("utf-8", "ignore").decode("utf-8") if _has_surrogate(text) else text
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _COMBINING_RUN.sub(r"\1", text)
    return _WS.sub(" ", text).strip()


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def truncate_chars(text: str, limit: int) -> str:
    """Cut to at most `limit` characters, at a word boundary when there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def cut_at_sentence(text: str, limit: int) -> str:
    """Cut to at most `limit` characters at the last sentence end; else at a word boundary."""
    if len(text) <= limit:
        return text
    window = text[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > limit // 3:
        return window[: ends[-1]].rstrip()
    return truncate_chars(text, limit)


def split_message(text: str, limit: int) -> list[str]:
    """Split `text` into chunks of at most `limit` characters, preferring paragraph, sentence,
    then word boundaries. Concatenating the chunks gives back `text` exactly."""
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _best_cut(rest, limit)
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def _best_cut(text: str, limit: int) -> int:
    window = text[:limit]
    floor = limit // 2  # never make a tiny chunk just to hit a boundary
    for sep in ("\n\n", "\n"):
        pos = window.rfind(sep)
        if pos >= floor:
            return pos + len(sep)
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] >= floor:
        return ends[-1]
    pos = window.rfind(" ")
    if pos >= floor:
        return pos + 1
    # Never split a surrogate pair or a base char from its combining marks.
    cut = limit
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut
