"""medbot trainer: fine-tunes GPT-2 on medical question/answer pairs and publishes it for the bot."""


class TrainerError(RuntimeError):
    """An expected failure with a one-line message for the user (no traceback)."""


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
