"""Tests of medbot/: text helpers and the prompt format."""
