"""CLI: python -m bot [--console | --ask QUESTION | --check] [--model_dir DIR]."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.generation.engine import Engine, ModelLoadError
from bot.intake.identity import UserKey
from bot.operations.config import ConfigError, Settings, redact_url

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("bot")

HOW_TO_MAKE = ("make one with `python -m trainer` (GPU, Hub) or `make demo` (a small model in a minute on a "
               "CPU; offline: `make demo DATA=medquad.parquet`, README: Data)")
NO_TRANSPORT = ("no chat transport configured: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN "
                "(in .env or the environment), or run `python -m bot --console` to chat here")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bot", description="medbot: medical Q&A chatbot daemon")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--console", action="store_true", help="chat in this terminal (or through a pipe)")
    mode.add_argument("--ask", metavar="QUESTION", help="print one answer and exit")
    mode.add_argument("--check", action="store_true", help="check settings and model, report, exit 0/1")
    mode.add_argument("--write-env-example", nargs="?", const=".env.example", metavar="PATH",
                      help="write every setting with its help and default to PATH (default: .env.example), exit")
    ap.add_argument("--model_dir", type=Path, help="model folder (overrides MEDBOT_MODEL_DIR)")
    ap.add_argument("--env-file", default=None,
                    help="dotenv file to read (default: .env in this folder, none under systemd)")
    return ap.parse_args(argv)


def env_file(arg: str | None, env: Mapping[str, str]) -> str | None:
    """The dotenv file to load: the one named, else ./.env for a manual run. Under systemd (it sets
    INVOCATION_ID) none: the unit's EnvironmentFile= and credentials are the settings, and a .env in the
    working folder, which another process may have written, is never read."""
    if arg is not None:
        return arg or None
    return None if env.get("INVOCATION_ID") else ".env"


class RedactSecrets(logging.Filter):
    """Last line of defence: no log record (ours or a library's, at any level) shows a token."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        if any(s in msg for s in self.secrets) or ("://" in msg and "@" in msg):
            record.msg, record.args = self._scrub(msg), None
        if record.exc_info and not record.exc_text:
            # A traceback's text (python-telegram-bot logs them from its network loop) can hold the
            # token in a URL; formatters use exc_text when it is set, so set it already scrubbed.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self._scrub(record.stack_info)
        return True

    def _scrub(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, "<redacted>")
        return redact_url(text)


class _NoVoiceWarning(logging.Filter):
    """discord.py warns that PyNaCl and davey (voice) are missing: a text bot never needs them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


# Libraries that log request bodies or updates (so question text) at DEBUG: kept at INFO unless
# MEDBOT_LOG_MESSAGE_TEXT=true. httpx and httpcore stay at WARNING below in any case.
TEXT_LOGGERS = ("telegram", "discord", "discord.http", "httpx", "httpcore", "hpack", "aiohttp", "tornado")


def setup_logging(level: str, secrets: list[str] | None = None, log_text: bool = False) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets(secrets or []))
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass
    for noisy in ("httpx", "httpcore", "urllib3", "filelock", "discord.gateway", "discord.client"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not log_text:
        for name in TEXT_LOGGERS:
            lib = logging.getLogger(name)
            lib.setLevel(max(lib.level, logging.INFO))
    logging.getLogger("discord.client").addFilter(_NoVoiceWarning())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.write_env_example:
        from bot.operations.envfile import write_env_example

        print(f"wrote {write_env_example(args.write_env_example)}")
        return 0
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        settings = Settings.from_env(dotenv_path=env_file(args.env_file, os.environ), model_dir=args.model_dir)
    except ConfigError as exc:
        for p in exc.problems:
            print(f"config error: {p}", file=sys.stderr)
        return 2
    local = args.console or args.ask is not None
    quiet = local and settings.log_level == "INFO"
    setup_logging("WARNING" if quiet else settings.log_level, settings.secret_values(), settings.log_message_text)
    if args.check:
        from bot.operations.check import run_check

        return run_check(settings, os.environ)
    from bot.operations.envfile import unknown_medbot_vars

    for name in unknown_medbot_vars(os.environ):
        log.warning("unknown setting %s (typo?)", name)
    if not local and not (settings.telegram_token or settings.discord_token):
        print(f"error: {NO_TRANSPORT}", file=sys.stderr)
        return 2
    if not local:
        from bot.operations.state import with_log_salt

        settings = with_log_salt(settings)
    from bot.app import load_engine

    engine = None
    try:
        if settings.backend == "local":
            engine = load_engine(settings)
    except ModelLoadError as exc:
        print(f"error: {exc}; {HOW_TO_MAKE}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_run(args, settings, engine))
    except KeyboardInterrupt:
        return 130


async def _run(args: argparse.Namespace, settings: Settings, engine: Engine | None) -> int:
    from bot.answering.drugs import LabelsUnavailable
    from bot.app import App
    from bot.generation.remote import EngineUnavailable, RemoteWorker
    from bot.operations.check import LOCAL_REFERENCE
    from medbot.tables import DataUnavailable

    try:
        app = App.create(settings, engine)
    except DataUnavailable as exc:  # grounded mode, the Hub's MedQuAD neither cached nor reachable
        print(f"error: {exc}; {LOCAL_REFERENCE}", file=sys.stderr)
        return 2
    except LabelsUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, RuntimeError) as exc:  # e.g. an unreadable MEDBOT_REFERENCE file
        print(f"error: MEDBOT_REFERENCE={settings.reference_spec}: {exc}", file=sys.stderr)
        return 2
    if isinstance(app.worker, RemoteWorker):
        try:
            log.info("%s", await app.worker.probe())
        except EngineUnavailable as exc:  # like a missing model: one line, exit 2
            print(f"error: {exc}", file=sys.stderr)
            return 2
    app.core.rate_limit = not (args.ask is not None or args.console)
    if args.ask is not None:
        reply = await app.core.answer(UserKey("cli"), args.ask)
        await app.worker.drain_and_stop(settings.shutdown_timeout_s)
        print(reply.text)
        return 0
    if args.console:
        from bot.intake.transports.console import ConsoleTransport

        app.transports.append(ConsoleTransport(app.core, banner=console_banner(settings, engine, app)))
    else:
        app.open_inbox()
        app.transports.extend(_chat_transports(settings, app))
    return await app.serve(with_signals=True)


def console_banner(settings: Settings, engine: Engine | None, app: App) -> str:
    """What is answering and what to expect from it, for the first screen a newcomer sees."""
    core = app.core
    if engine is None:
        return (f"Remote mode: {app.worker.version} writes each answer "
                f"({settings.openai_style} prompts). Its answers can be wrong: check them with a professional.")
    if core.retriever is not None:
        return (f"Grounded mode: answers are NIH text with its source link, from {settings.reference_spec} "
                f"({core.retriever.size:,} reference questions), or \"no reliable source\" when none fits.")
    params = sum(p.numel() for p in engine.model.parameters())
    small = params < 50_000_000
    return (f"Generate mode: model {engine.version} ({params / 1e6:.1f}M parameters) writes each answer. "
            + ("A model this small writes medical-sounding text, not reliable answers; for sourced answers run "
               "`make demo-grounded`." if small else "Its answers can be wrong: check them with a professional."))


def _chat_transports(settings: Settings, app: App) -> list[Any]:
    out: list[Any] = []
    if settings.telegram_token:
        from bot.intake.transports.telegram import TelegramTransport

        out.append(TelegramTransport(settings, app.pipeline))
    if settings.discord_token:
        from bot.intake.transports.discord import DiscordTransport

        out.append(DiscordTransport(settings, app.pipeline))
    return out


if __name__ == "__main__":
    sys.exit(main())
