"""medbot trainer: fine-tunes GPT-2 on medical question/answer pairs and publishes it for the bot."""


class TrainerError(RuntimeError):
    """An expected failure with a one-line message for the user (no traceback)."""


# Every way to train without the Hub, named at once: a newcomer offline should not need three failed runs.
OFFLINE_OPTIONS = ("offline, give local files: --data FILE (a CSV/JSONL/Parquet in the MQP layout, or with "
                   "--question_column/--answer_column), --base_model DIR (a save_pretrained GPT-2 folder), or "
                   "--preset tiny (a small GPT-2 built from scratch, no download), e.g. `python -m trainer "
                   "--preset tiny --data medquad.parquet` (README, Data: fetching a copy on a connected machine)")
