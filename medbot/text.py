"""Pure text helpers: cleaning user input and splitting replies at a platform's limit."""

from __future__ import annotations

import re
import unicodedata

TELEGRAM_LIMIT = 4096
DISCORD_LIMIT = 2000

# Bidi overrides/isolates can visually reorder a reply; zero-width chars and soft hyphens hide text or split
# words ("over\u00addose" must read "overdose" to the emergency check): removed, not replaced by a space.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068"
             "\u2069\ufeff"),
    None,
)
_WS = re.compile(r"\s+")
_BLANK_RUN = re.compile(r"\n{3,}")
# More than 3 combining marks on one base is never real text (Zalgo floods).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING_RUN = re.compile(f"([{_MARKS}]{{3}})[{_MARKS}]+")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"')\]]*)\s")


def clean(text: str, keep_lines: bool = False) -> str:
    """Normalise user or model text: NFC, no control/invisible chars (bidi overrides included), no lone
    surrogates, whitespace folded to single spaces; `keep_lines` (replies) keeps line breaks, at most
    one empty line in a row. Idempotent."""
    if not text:
        return ""
    # Lone surrogates cannot be encoded; drop them rather than crash later in a transport.
    text = text.encode("utf-8", "ignore").decode("utf-8") if _has_surrogate(text) else text
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _COMBINING_RUN.sub(r"\1", text)
    if keep_lines:
        lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
        return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
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
    # Keep a base char with its combining marks, unless a run of marks is too long to keep whole
    # (a flood of them would otherwise become thousands of one-character messages): then cut at the limit.
    cut = limit
    while cut > floor and unicodedata.combining(text[cut]):
        cut -= 1
    return cut if cut > floor else limit


# Words that never name a topic: question words, articles, prepositions (and, as one phrase, the
# "What I need to know about" of some MedQuAD focus strings). Deliberately short: scikit-learn's
# English list holds "down", "cant", "fire" and "bill", which are parts of disease names.
_TOPIC_FILLER = frozenset((
    "an", "the", "of", "and", "or", "in", "on", "at", "for", "to", "with", "by", "about", "from",
    "what", "which", "who", "how", "is", "are", "was", "be", "do", "does",
    "my", "me", "you", "your", "it", "its", "this", "that", "these", "those"))
# "a" and "i" stay: "hepatitis A", "glycogen storage disease type I"
_TOPIC_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_LEAD_IN = re.compile(r"\bwhat i need to know about\b")
_NON = re.compile(r"\bnon[-\u2010\u2011 ]+")


def topic_words(text: str) -> list[str]:
    """Content words of a topic or question: lower-case, possessive 's dropped, filler removed."""
    text = _NON.sub("non", _POSSESSIVE.sub("", clean(text).lower()))  # "non-Hodgkin" is not "Hodgkin"
    text = _LEAD_IN.sub(" ", text)
    words = _TOPIC_WORD.findall(text)
    return [w for w in words if w not in _TOPIC_FILLER]


def singular(word: str) -> str:
    """Crude plural stripping: "diseases" -> "disease", "legs" -> "leg" ("illness" stays)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def topic_key(text: str) -> str:
    """One key per topic however it is spelled: "Heart Valve Diseases" == "heart valve disease",
    "Jervell and Lange-Nielsen syndrome" == "Jervell Lange-Nielsen Syndrome"."""
    return " ".join(map(singular, topic_words(text)))
