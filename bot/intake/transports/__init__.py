"""Thin transports: turn a platform event into `core.answer(...)` and send the reply back."""
