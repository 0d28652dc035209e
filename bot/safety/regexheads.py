"""The characters a regular expression's match can start with, read from its parsed form: the
safety rules try each sign pattern only at the word starts that can begin it (bot/safety/triage.py), which
keeps triage linear in the message length."""

from __future__ import annotations

import re
import sre_constants as C
import sre_parse


def heads(pattern: str) -> set[str] | None:
    """Every three-character start a match of `pattern` can have (shorter where a match can be
    shorter), or None when that cannot be told (the pattern is then tried at every word start)."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    return starts(list(parsed), 3)  # type: ignore[call-overload]


def starts(seq: list, k: int) -> set[str] | None:  # type: ignore[type-arg]
    """Prefixes of length k (shorter where a match can end sooner) of the strings `seq` matches."""
    out: set[str] = set()
    stack: list[tuple[str, int]] = [("", 0)]
    while stack:
        prefix, i = stack.pop()
        if len(prefix) >= k or i == len(seq):
            out.add(prefix[:k])
            continue
        op, av = seq[i]
        if op is C.AT or op is C.ASSERT_NOT or op is C.ASSERT:
            stack.append((prefix, i + 1))
        elif op is C.LITERAL:
            stack.append((prefix + chr(av), i + 1))
        elif op is C.IN:
            chars = _class_chars(av)
            if chars is None:
                return None
            stack.extend((prefix + ch, i + 1) for ch in chars)
        elif op is C.SUBPATTERN or op is C.BRANCH or op in (C.MAX_REPEAT, C.MIN_REPEAT):
            alts = _alternatives(op, av)
            if alts is None:
                return None
            for alt in alts:
                tails = starts(alt + seq[i + 1:], k - len(prefix))
                if tails is None:
                    return None
                stack.extend((prefix + t, len(seq)) for t in tails)
        else:
            return None
        if len(stack) + len(out) > 4000:
            return None
    return out


def _alternatives(op, av) -> list[list] | None:  # type: ignore[no-untyped-def,type-arg]
    if op is C.SUBPATTERN:
        return [list(av[-1])]
    if op is C.BRANCH:
        return [list(b) for b in av[1]]
    lo, hi, body = av
    body = list(body)
    # zero or one copy up front is what a two-character start can see
    return ([[]] if lo == 0 else []) + [body * max(lo, 1) if hi != 0 else []]


def _class_chars(av) -> list[str] | None:  # type: ignore[no-untyped-def]
    chars: list[str] = []
    for op, a in av:
        if op is C.LITERAL:
            chars.append(chr(a))
        elif op is C.RANGE and a[1] - a[0] < 40:
            chars.extend(chr(c) for c in range(a[0], a[1] + 1))
        elif op is C.CATEGORY and a is C.CATEGORY_DIGIT:
            chars.extend("0123456789")
        else:
            return None
    return chars
