"""medbot: a self-hosted medical question-answering chatbot."""

__version__ = "0.1.0"
