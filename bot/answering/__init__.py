"""Answering in grounded mode: understanding a message, the reference and its index, the re-ranker,
the TF-IDF fallback, the passage that answers, and drug questions from FDA labels."""
