"""Tests of bot/intake/: transports, the durable inbox, the pipeline and replay."""
