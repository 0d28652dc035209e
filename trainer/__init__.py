"""medbot trainer: fine-tunes GPT-2 on medical question/answer pairs and publishes it for the bot."""


class TrainerError(RuntimeError):
    """An expected failure with a one-line message for the user (no traceback)."""


# Every way to train without the Hub, named at once: a newcomer offline should not need three failed runs.
OFFLINE_OPTIONS = ("offline, give local files: --data FILE (a CSV/JSONL/Parquet in the MQP layout, or with "
                   "--question_column/--answer_column), --base_model DIR (a save_pretrained GPT-2 folder), or "
                   "--preset tiny (a small GPT-2 built from scratch, no download), e.g. `python -m trainer "
                   "--preset tiny --data data/medquad_sample.csv.gz`")


def hub_reachable(timeout_s: float = 3.0) -> bool:
    """Quick TCP probe of the Hub endpoint, so an offline machine fails in seconds, not after
    minutes of HTTP retries. HF_HUB_OFFLINE=1 means unreachable by definition."""
    import os
    import socket
    from urllib.parse import urlparse

    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}:
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        with socket.create_connection((url.hostname or "huggingface.co", url.port or 443), timeout=timeout_s):
            return True
    except OSError:
        return False
