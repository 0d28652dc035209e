"""medbot's lower layer, shared by the bot (`bot/`) and the trainer (`trainer/`) and importing neither:
the prompt format both must agree on (`prompt.py`, with the seed's sampling settings), the text helpers
(`text.py`) and the one reader of question/answer tables and Hub datasets (`tables.py`)."""
