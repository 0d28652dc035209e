"""Tests of bot/answering/: understanding, retrieval, re-ranking, drug labels."""
