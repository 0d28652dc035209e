"""Tests of bot/safety/: emergency triage, language and fixed replies."""
