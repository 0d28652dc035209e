"""A vectorised no_repeat_ngram_size: the same bans as transformers' NoRepeatNGramLogitsProcessor,
computed with tensor ops on the device instead of a per-row, per-step Python loop (which
copies every sequence to the host with .tolist() at every generated token)."""

from __future__ import annotations

import torch


class FastNoRepeatNGram:
    """Ban every token that would complete an n-gram already present in the row (in place, as
    transformers' own NoRepeatNGramLogitsProcessor does)."""

    def __init__(self, ngram_size: int):
        if ngram_size < 1:
            raise ValueError("ngram_size must be >= 1")
        self.n = ngram_size

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        n = self.n
        length = input_ids.shape[1]
        if length + 1 < n:
            return scores
        if n == 1:
            banned = torch.zeros_like(scores, dtype=torch.bool).scatter_(1, input_ids, True)
            return scores.masked_fill(banned, float("-inf"))
        # match[b, i] is True where ids[b, i:i+n-1] equals the row's last n-1 tokens.
        windows = length - n + 1
        match = torch.ones((input_ids.shape[0], windows), dtype=torch.bool, device=input_ids.device)
        for k in range(n - 1):
            match &= input_ids[:, k:k + windows] == input_ids[:, length - (n - 1) + k].unsqueeze(1)
        followers = input_ids[:, n - 1:n - 1 + windows]  # the token that completed each earlier n-gram
        # -inf where a follower completes a repeat, else the score itself: a minimum over the followers
        # only (duplicates included, deterministic), not three passes over the whole vocabulary
        inf = torch.tensor(float("inf"), dtype=scores.dtype, device=scores.device)
        return scores.scatter_reduce_(1, followers, torch.where(match, -inf, inf), reduce="amin")


def top_k_top_p(scores: torch.Tensor, top_k: int, top_p: float,
                temperature: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(candidate token ids, their probabilities) after temperature, top-k then top-p, exactly the
    distribution transformers' warpers leave, but computed on k candidates instead of the vocabulary."""
    k = min(top_k, scores.shape[-1]) if top_k > 0 else scores.shape[-1]
    vals, idx = torch.topk(scores, k, dim=-1)  # sorted, most likely first
    # temperature after top-k: the same values as dividing the whole vocabulary first (a positive
    # temperature keeps the order), without a pass over it
    probs = torch.softmax(vals.float() / temperature, dim=-1)
    before = torch.cumsum(probs, dim=-1) - probs  # mass of the more likely candidates
    drop = before >= top_p
    drop[..., 0] = False  # always keep the most likely token
    probs = probs.masked_fill(drop, 0.0)
    return idx, probs / probs.sum(dim=-1, keepdim=True)


class FastSampler:
    """Temperature + top-k + top-p sampling as the last logits processor: it draws the token among
    the k candidates and leaves only that token finite, so generate() runs greedy (argmax) over it.
    Same distribution as do_sample=True with the same settings, without a full-vocabulary sort and
    a full-vocabulary multinomial at every step."""

    def __init__(self, top_k: int, top_p: float, temperature: float):
        self.top_k, self.top_p, self.temperature = top_k, top_p, temperature

    def sample(self, scores: torch.Tensor) -> torch.Tensor:
        """One drawn token id per row, shape [B, 1]."""
        idx, probs = top_k_top_p(scores, self.top_k, self.top_p, self.temperature)
        return idx.gather(-1, torch.multinomial(probs, 1))

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        out = torch.full_like(scores, float("-inf"))
        return out.scatter_(-1, self.sample(scores), 0.0)
