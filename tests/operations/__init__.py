"""Tests of bot/operations/: settings, --check, signals and reload, security, systemd units."""
