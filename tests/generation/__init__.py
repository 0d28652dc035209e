"""Tests of bot/generation/: engine, decode loop, sampling, int8, worker, remote backend."""
