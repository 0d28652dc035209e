"""Security and privacy: secrets out of repr and tracebacks, webhook secret required, the log salt,
combining-mark floods, safetensors only, and the model link watch that replaces the train job's reload."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import stat
import types

import pytest

from bot.__main__ import RedactSecrets
from bot.app import App
from bot.generation.engine import Engine, ModelLoadError
from bot.operations.config import ConfigError, Settings
from bot.operations.state import SALT_FILE, with_log_salt
from medbot.text import split_message
from tests.fakes.proc import run_bot

TOKEN = "123456789:AAH-secret-token-value-xyz"
SECRET = "s" * 40


def test_repr_of_settings_shows_no_secret():
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "DISCORD_BOT_TOKEN": "discord-secret-token-abc",
                           "MEDBOT_LOG_SALT": "salty-salt-value", "TELEGRAM_WEBHOOK_URL": "https://x.example/t",
                           "TELEGRAM_WEBHOOK_SECRET": SECRET})
    shown = repr(s) + str(s)
    for secret in (TOKEN, "discord-secret-token-abc", "salty-salt-value", SECRET):
        assert secret not in shown
    assert "top_p=0.9" in shown  # the rest is still there


@pytest.mark.parametrize("secret, ok", [("", False), ("short", False), ("x" * 31, False), ("bad secret" * 4, False),
                                        ("x" * 32, True), ("A-z_09" * 10, True)])
def test_webhook_needs_a_long_secret(secret, ok):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://bot.example/telegram",
           "TELEGRAM_WEBHOOK_SECRET": secret}
    if ok:
        Settings.from_env(env)
        return
    with pytest.raises(ConfigError) as exc:
        Settings.from_env(env)
    assert "TELEGRAM_WEBHOOK_SECRET" in str(exc.value) and (not secret or secret not in str(exc.value))
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": secret})  # polling: fine


def test_webhook_without_secret_exits_2_with_one_line(tiny_model):
    p = run_bot(["--model_dir", str(tiny_model)], TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_WEBHOOK_URL="https://bot.example/telegram")
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert p.returncode == 2 and len(lines) == 1 and "TELEGRAM_WEBHOOK_SECRET" in lines[0], p.stderr
    assert TOKEN not in p.stderr


def test_tokens_are_redacted_from_tracebacks_too():
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets([TOKEN]))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/getUpdates failed")
        except ConnectionError:
            log.exception("network loop error for %s", TOKEN)
        log.error("stack", stack_info=True)
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    assert "Traceback" in text and "ConnectionError" in text and "<redacted>" in text
    assert TOKEN not in text


def test_log_salt_is_made_once_kept_private_and_reused_away_from_the_inbox(tmp_path):
    s = Settings.from_env({"MEDBOT_STATE_DIR": str(tmp_path / "state")})
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / SALT_FILE).write_text("an old salt beside the inbox\n")  # where versions before kept it
    first = with_log_salt(s, env).log_salt
    path = tmp_path / "config" / "medbot" / SALT_FILE
    assert len(first) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not (tmp_path / "state" / SALT_FILE).exists()  # never beside the inbox
    assert with_log_salt(s, env).log_salt == first  # stable across restarts
    assert with_log_salt(Settings.from_env({"MEDBOT_LOG_SALT": "mine"}), env).log_salt == "mine"
    path.chmod(0o644)  # readable by others: refused, a salt for this run only
    assert with_log_salt(s, env).log_salt != first


def test_under_systemd_the_salt_is_a_credential_or_lasts_one_run(tmp_path, caplog):
    from bot.operations.state import salt_path

    s = Settings.from_env({"MEDBOT_STATE_DIR": str(tmp_path / "state")})
    systemd = {"INVOCATION_ID": "x", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    a, b = with_log_salt(s, systemd).log_salt, with_log_salt(s, systemd).log_salt
    assert a and b and a != b and not (tmp_path / "config").exists() and not (tmp_path / "state").exists()
    assert "MEDBOT_LOG_SALT" in caplog.text
    inside = {"XDG_CONFIG_HOME": str(tmp_path / "state" / "cfg")}  # a home inside the state directory
    assert salt_path(s, inside) is None


def test_log_salt_without_a_writable_place_is_random_per_run(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    s = Settings.from_env({"MEDBOT_STATE_DIR": str(tmp_path / "state")})
    env = {"XDG_CONFIG_HOME": str(blocker / "config")}
    a, b = with_log_salt(s, env).log_salt, with_log_salt(s, env).log_salt
    assert a and b and a != b
    assert "MEDBOT_LOG_SALT" in caplog.text


def test_state_dir_follows_systemd(monkeypatch, tmp_path):
    from bot.operations.state import state_dir

    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path / "sd"))
    assert state_dir(Settings.from_env({})) == tmp_path / "sd"
    assert state_dir(Settings.from_env({"MEDBOT_STATE_DIR": "/x"})) == __import__("pathlib").Path("/x")


def test_a_flood_of_combining_marks_is_not_split_into_single_characters():
    text = "Z" + "\u0301" * 20_000 + " what is a cold?"
    chunks = split_message(text, 4096)
    assert "".join(chunks) == text
    assert len(chunks) <= len(text) // 4096 + 2


def test_only_safetensors_weights_are_loaded(tmp_path, tiny_model):
    folder = tmp_path / "pickled"
    folder.mkdir()
    for f in tiny_model.iterdir():
        if f.suffix != ".safetensors":
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / "pytorch_model.bin").write_bytes(b"a pickle would run code on load")
    with pytest.raises(ModelLoadError, match="pytorch_model.bin"):
        Engine.load(folder, device="cpu")


async def test_the_bot_reloads_when_the_model_link_changes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    link = tmp_path / "current"
    link.symlink_to("a")
    triggered = asyncio.Event()
    fake = types.SimpleNamespace(settings=types.SimpleNamespace(model_dir=link, model_watch_s=0.02))
    reloader = types.SimpleNamespace(trigger=triggered.set)
    task = asyncio.create_task(App._watch_model(fake, reloader))  # type: ignore[arg-type]
    try:
        await asyncio.sleep(0.1)
        assert not triggered.is_set()  # no change, no reload
        tmp = tmp_path / "current.new"
        tmp.symlink_to("b")
        os.replace(tmp, link)
        await asyncio.wait_for(triggered.wait(), 5)
    finally:
        task.cancel()


async def test_transport_retries_and_refusals_are_one_shared_copy(monkeypatch):
    from bot.intake.transports import common

    monkeypatch.setattr(common, "backoff", lambda attempt: 0.0)
    calls = []

    async def flaky(x):
        calls.append(x)
        if len(calls) < 3:
            raise ConnectionError("blip")
        return x

    retry = lambda exc, attempt: 0.0 if isinstance(exc, ConnectionError) else None  # noqa: E731
    assert await common.with_retries("t", retry, flaky, 7) == 7 and len(calls) == 3

    async def final(x):
        calls.append(x)
        raise ValueError("bad request")

    calls.clear()
    with pytest.raises(ValueError):
        await common.with_retries("t", retry, final, 1)
    assert len(calls) == 1  # a final error is not retried
    r = common.RefuseOnce(max_chats=3)
    assert [r.first(c) for c in (1, 1, 2, 3, 4)] == [True, False, True, True, True]
    assert len(r) == 3 and r.first(1)  # the least recent was forgotten


def test_every_secret_is_marked_once_and_that_mark_drives_repr_redaction_and_the_log_filter():
    import dataclasses

    from bot.operations.config import is_secret

    values = {"TELEGRAM_BOT_TOKEN": TOKEN, "DISCORD_BOT_TOKEN": "discord-secret-token-abc",
              "MEDBOT_LOG_SALT": "salty-salt-value", "MEDBOT_OPENAI_API_KEY": "sk-openai-key-value-123",
              "TELEGRAM_WEBHOOK_URL": "https://x.example/t", "TELEGRAM_WEBHOOK_SECRET": SECRET,
              "MEDBOT_OPENAI_BASE_URL": "http://vllm-user:hunter2-password@10.0.0.5:8000/v1"}
    s = Settings.from_env(values)
    marked = {f.metadata["env"] for f in dataclasses.fields(Settings) if is_secret(f)}
    assert marked == {"TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "MEDBOT_LOG_SALT", "MEDBOT_OPENAI_API_KEY",
                      "MEDBOT_OPENFDA_API_KEY", "TELEGRAM_WEBHOOK_SECRET"}
    shown = repr(s) + str(s.redacted())
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactSecrets(s.secret_values()))
    log = logging.getLogger("test.secrets")
    log.addHandler(handler)
    log.propagate = False
    try:
        for name in sorted(values):
            log.error("%s is %s", name, values[name])
    finally:
        log.removeHandler(handler)
    for secret in ("sk-openai-key-value-123", TOKEN, SECRET, "salty-salt-value", "hunter2-password"):
        assert secret not in shown and secret not in out.getvalue(), secret
    assert "http://***@10.0.0.5:8000/v1" in shown and "10.0.0.5:8000/v1" in out.getvalue()


def test_secrets_come_from_systemd_credentials_over_the_environment(tmp_path):
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "TELEGRAM_BOT_TOKEN").write_text(TOKEN + "\n")
    (creds / "medbot_MEDBOT_LOG_SALT").write_text("salt-from-a-credential\n")  # LoadCredential=medbot:<folder>
    (creds / "MEDBOT_TOP_P").write_text("0.1")  # not a secret: never read from there
    s = Settings.from_env({"CREDENTIALS_DIRECTORY": str(creds), "TELEGRAM_BOT_TOKEN": "from-the-env-file-0000"})
    assert s.telegram_token == TOKEN and s.log_salt == "salt-from-a-credential" and s.top_p == 0.9
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": "from-the-env-file-0000"}).telegram_token == "from-the-env-file-0000"


def test_under_systemd_no_dotenv_is_read_from_the_working_folder_unless_named():
    from bot.__main__ import env_file

    assert env_file(None, {}) == ".env"  # a manual run
    assert env_file(None, {"INVOCATION_ID": "abc"}) is None  # systemd sets INVOCATION_ID for every service
    assert env_file("/etc/medbot/extra.env", {"INVOCATION_ID": "abc"}) == "/etc/medbot/extra.env"
    assert env_file("", {}) is None


def test_an_inference_server_password_never_shows_in_status_health_or_metrics():
    from bot.generation.remote import RemoteWorker
    from bot.operations.metrics import Metrics, healthy

    worker = RemoteWorker(Settings.from_env({"MEDBOT_BACKEND": "openai",
                                             "MEDBOT_OPENAI_BASE_URL": "http://vllm:hunter2-password@10.0.0.5:8000/v1"}), 1)
    m = Metrics()
    m.set_model(worker.version)
    m.refresh(worker)
    from prometheus_client import generate_latest

    shown = worker.version + healthy(worker)[1] + generate_latest(m.registry).decode()
    assert "hunter2" not in shown and "http://***@10.0.0.5:8000/v1" in shown


def test_libraries_that_log_message_text_are_capped_at_info_unless_text_logging_is_on():
    from bot.__main__ import TEXT_LOGGERS, setup_logging

    saved = {n: logging.getLogger(n).level for n in TEXT_LOGGERS}
    try:
        for n in TEXT_LOGGERS:
            logging.getLogger(n).setLevel(logging.NOTSET)
        setup_logging("DEBUG")
        assert all(logging.getLogger(n).level >= logging.INFO for n in TEXT_LOGGERS)
        assert logging.getLogger("telegram.ext.Application").getEffectiveLevel() >= logging.INFO
        for n in TEXT_LOGGERS:
            logging.getLogger(n).setLevel(logging.NOTSET)
        setup_logging("DEBUG", log_text=True)
        assert logging.getLogger("telegram").level == logging.NOTSET  # follows MEDBOT_LOG_LEVEL
    finally:
        for n, level in saved.items():
            logging.getLogger(n).setLevel(level)
