"""Settings: one frozen dataclass built once from the environment (and `.env`), validated with
errors that name the variable and what it expects. Passed explicitly; never re-read per message."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medbot import prompt


class ConfigError(ValueError):
    """One or more settings are invalid; `problems` lists one line per variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


DEFAULT_REFERENCE = "lavita/MedQuAD"  # all of MedQuAD on the Hub: 16,407 answers + 31,034 link-only questions
DECODERS = ("auto", "fast", "cuda-graphs", "hf", "hf-compile")  # bot/engine.py GenerationConfig says what each does


def _int_set(raw: str) -> frozenset[int]:
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    return frozenset(int(p) for p in parts)


def _bool(raw: str) -> bool:
    low = raw.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _env(name: str, default: Any, parse: Callable[[str], Any] = str, help: str = "", secret: bool = False) -> Any:
    # `secret` is the one mark of a secret: it keeps the value out of repr(settings) (tracebacks, debuggers,
    # an accidental log of the object), out of redacted() (--check, logs) and in the log filter's list
    # (Settings.secret_values), and lets systemd's LoadCredential= supply it (read_credentials).
    return field(default=default, repr=not secret,
                 metadata={"env": name, "parse": parse, "help": help, "secret": secret})


def is_secret(f: dataclasses.Field[Any]) -> bool:
    return bool(f.metadata.get("secret"))


_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


def redact_url(url: str) -> str:
    """`http://user:password@host/v1` -> `http://***@host/v1`: an address as it may be shown."""
    return _USERINFO.sub("***@", url)


def url_passwords(value: Any) -> list[str]:
    """The user:password parts of a URL setting, for the log filter."""
    if not isinstance(value, str):
        return []
    return [m.group(0)[:-1] for m in _USERINFO.finditer(value)]


@dataclass(frozen=True)
class Settings:
    # --- model and device
    model_dir: Path = _env("MEDBOT_MODEL_DIR", Path("models/current"), Path, "published model folder (symlink)")
    device: str = _env("MEDBOT_DEVICE", "auto", str, "auto = cuda when available, else cpu")
    dtype: str = _env("MEDBOT_DTYPE", "auto", str,
                       "auto = float32 (TF32 on GPU); bfloat16 opt-in; int8: int8 weights on CPU")
    gpu_memory_fraction: float = _env("MEDBOT_GPU_MEMORY_FRACTION", 0.7, float, "share of GPU memory")
    # --- generation (the seed's sampling values)
    top_p: float = _env("MEDBOT_TOP_P", prompt.TOP_P, float)
    top_k: int = _env("MEDBOT_TOP_K", prompt.TOP_K, int)
    temperature: float = _env("MEDBOT_TEMPERATURE", prompt.TEMPERATURE, float)
    no_repeat_ngram_size: int = _env("MEDBOT_NO_REPEAT_NGRAM_SIZE", prompt.NO_REPEAT_NGRAM_SIZE, int)
    max_prompt_tokens: int = _env("MEDBOT_MAX_PROMPT_TOKENS", prompt.MAX_PROMPT_TOKENS, int)
    max_new_tokens: int = _env("MEDBOT_MAX_NEW_TOKENS", prompt.MAX_NEW_TOKENS, int)
    decoder: str = _env("MEDBOT_DECODER", "auto", str, "auto, fast, cuda-graphs (GPU), hf or hf-compile (GPU)")
    seed: int | None = _env("MEDBOT_SEED", None, int, "fixed sampling seed (tests only)")
    # --- backend
    backend: str = _env("MEDBOT_BACKEND", "local", str, "local = the model in this process; openai = a server")
    openai_base_url: str = _env("MEDBOT_OPENAI_BASE_URL", "http://127.0.0.1:8000/v1", str)
    openai_model: str = _env("MEDBOT_OPENAI_MODEL", "medbot", str, "the served model name")
    openai_api_key: str = _env("MEDBOT_OPENAI_API_KEY", "", str, secret=True)
    openai_style: str = _env("MEDBOT_OPENAI_STYLE", "completions", str, "completions (Q:/A: prompt) or chat")
    # --- worker
    batch_max: int | None = _env("MEDBOT_BATCH_MAX", None, int, "empty: 64 on a GPU, 16 on a CPU")
    batch_wait_ms: float = _env("MEDBOT_BATCH_WAIT_MS", 10.0, float)
    queue_max: int = _env("MEDBOT_QUEUE_MAX", 256, int)
    request_timeout_s: float = _env("MEDBOT_REQUEST_TIMEOUT_S", 120.0, float)
    shutdown_timeout_s: float = _env("MEDBOT_SHUTDOWN_TIMEOUT_S", 20.0, float)
    # --- core
    min_question_chars: int = _env("MEDBOT_MIN_QUESTION_CHARS", 5, int)
    max_question_chars: int = _env("MEDBOT_MAX_QUESTION_CHARS", 2000, int)
    rate_per_minute: float = _env("MEDBOT_RATE_PER_MINUTE", 6.0, float)
    rate_burst: int = _env("MEDBOT_RATE_BURST", 3, int)
    rate_max_users: int = _env("MEDBOT_RATE_MAX_USERS", 100_000, int)
    answer_mode: str = _env("MEDBOT_ANSWER_MODE", "generate", str)
    reference: str = _env("MEDBOT_REFERENCE", "", str,
                          "Hub dataset or local CSV/JSONL/Parquet; empty: lavita/MedQuAD in grounded mode")
    reference_file: Path | None = _env("MEDBOT_REFERENCE_FILE", None, Path, "deprecated: MEDBOT_REFERENCE")
    reference_links_file: Path | None = _env("MEDBOT_REFERENCE_LINKS_FILE", None, Path,
                                             "link-only reference rows (MedQuAD's drug and A.D.A.M. pages)")
    reranker_dir: Path | None = _env("MEDBOT_RERANKER_DIR", None, Path,
                                     "re-ranker from `python -m trainer.grounding`; empty: the one shipped")
    drug_labels: str = _env("MEDBOT_DRUG_LABELS", "openfda", str,
                            "grounded mode's drug answers: openfda (the API), a bulk drug-label file or folder, or off")
    openfda_url: str = _env("MEDBOT_OPENFDA_URL", "https://api.fda.gov/drug/label.json", str)
    openfda_api_key: str = _env("MEDBOT_OPENFDA_API_KEY", "", str, secret=True)
    openfda_timeout_s: float = _env("MEDBOT_OPENFDA_TIMEOUT_S", 5.0, float,
                                    "per label request; capped at MEDBOT_REQUEST_TIMEOUT_S")
    followup_minutes: float = _env("MEDBOT_FOLLOWUP_MINUTES", 10.0, float, "remember a chat's topic; 0 = off")
    # --- operations
    log_level: str = _env("MEDBOT_LOG_LEVEL", "INFO", str)
    log_message_text: bool = _env("MEDBOT_LOG_MESSAGE_TEXT", False, _bool)
    log_salt: str = _env("MEDBOT_LOG_SALT", "", str, "empty: a random one in ~/.config/medbot, never the state "
                         "directory", secret=True)
    model_watch_s: float = _env("MEDBOT_MODEL_WATCH_S", 30.0, float, "reload when the model link changes; 0 = off")
    state_dir: Path | None = _env("MEDBOT_STATE_DIR", None, Path, "empty: $STATE_DIRECTORY (systemd), else ./state")
    inbox: bool = _env("MEDBOT_INBOX", True, _bool, "keep accepted questions in STATE_DIR/inbox.sqlite3 until answered")
    replay_max_age_s: float = _env("MEDBOT_REPLAY_MAX_AGE_S", 3600.0, float,
                                   "answer questions left by a crash up to this age; older get an apology")
    metrics_port: int = _env("MEDBOT_METRICS_PORT", 0, int)
    # --- Telegram
    telegram_token: str = _env("TELEGRAM_BOT_TOKEN", "", str, secret=True)
    telegram_base_url: str = _env("TELEGRAM_BASE_URL", "https://api.telegram.org/bot", str)
    telegram_webhook_url: str = _env("TELEGRAM_WEBHOOK_URL", "", str)
    telegram_webhook_secret: str = _env("TELEGRAM_WEBHOOK_SECRET", "", str, secret=True)
    telegram_webhook_listen: str = _env("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1", str)
    telegram_webhook_port: int = _env("TELEGRAM_WEBHOOK_PORT", 8443, int)
    telegram_allowed_user_ids: frozenset[int] = _env("TELEGRAM_ALLOWED_USER_IDS", frozenset(), _int_set)
    telegram_allowed_chat_ids: frozenset[int] = _env("TELEGRAM_ALLOWED_CHAT_IDS", frozenset(), _int_set)
    # --- Discord
    discord_token: str = _env("DISCORD_BOT_TOKEN", "", str, secret=True)
    discord_allowed_guild_ids: frozenset[int] = _env("DISCORD_ALLOWED_GUILD_IDS", frozenset(), _int_set)
    discord_allowed_channel_ids: frozenset[int] = _env("DISCORD_ALLOWED_CHANNEL_IDS", frozenset(), _int_set)
    discord_allowed_user_ids: frozenset[int] = _env("DISCORD_ALLOWED_USER_IDS", frozenset(), _int_set)
    discord_shard_count: int | None = _env("DISCORD_SHARD_COUNT", None, int, "empty: as many as Discord recommends")
    discord_api_base: str = _env("DISCORD_API_BASE", "", str, "REST base URL override (proxy, tests)")
    discord_gateway_url: str = _env("DISCORD_GATEWAY_URL", "", str, "gateway URL override (proxy, tests)")

    def __repr__(self) -> str:
        """As the dataclass's, without secrets (repr=False) and with user:password cut out of addresses."""
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.repr)
        shown = (f"{n}={(redact_url(v) if isinstance(v, str) else v)!r}" for n, v in values)
        return f"Settings({', '.join(shown)})"

    def __post_init__(self) -> None:
        problems = [f"{env_name(n)}={_shown(n, getattr(self, n))}: {why}" for n, why in self._checks() if why]
        if problems:
            raise ConfigError(problems)

    def _checks(self) -> list[tuple[str, str]]:
        def rng(name: str, lo: float, hi: float) -> tuple[str, str]:
            v = getattr(self, name)
            return name, "" if lo <= v <= hi else f"expected a number from {lo} to {hi}"

        choice = lambda n, opts: (n, "" if getattr(self, n) in opts else f"expected one of {', '.join(opts)}")  # noqa: E731
        dev_ok = self.device in {"auto", "cpu", "cuda"} or self.device.startswith("cuda:")
        return [
            ("device", "" if dev_ok else "expected auto, cpu, cuda or cuda:N"),
            choice("dtype", ("auto", "float32", "bfloat16", "float16", "int8")),
            choice("decoder", DECODERS),
            rng("gpu_memory_fraction", 0.05, 1.0),
            rng("top_p", 0.01, 1.0),
            rng("top_k", 0, 10_000),
            rng("temperature", 0.01, 5.0),
            rng("no_repeat_ngram_size", 0, 10),
            rng("max_prompt_tokens", 8, 1024),
            rng("max_new_tokens", 1, 1024),
            rng("batch_max", 1, 512) if self.batch_max is not None else ("batch_max", ""),
            rng("batch_wait_ms", 0, 10_000),
            rng("queue_max", 1, 1_000_000),
            rng("request_timeout_s", 1, 3600),
            rng("shutdown_timeout_s", 0, 600),
            rng("replay_max_age_s", 0, 86_400),
            rng("min_question_chars", 0, 100),
            rng("max_question_chars", 10, 100_000),
            rng("rate_per_minute", 0.01, 100_000),
            rng("rate_burst", 1, 10_000),
            rng("rate_max_users", 100, 10_000_000),
            choice("answer_mode", ("generate", "grounded")),
            choice("backend", ("local", "openai")),
            choice("openai_style", ("completions", "chat")),
            ("openai_base_url", "" if self.openai_base_url.startswith(("http://", "https://"))
             else "expected an http:// or https:// address ending in /v1"),
            choice("log_level", ("DEBUG", "INFO", "WARNING", "ERROR")),
            rng("metrics_port", 0, 65535),
            rng("model_watch_s", 0, 86_400),
            rng("followup_minutes", 0, 1440),
            rng("openfda_timeout_s", 0.1, 60),
            ("openfda_url", "" if self.openfda_url.startswith(("http://", "https://"))
             else "expected an http:// or https:// address (openFDA's drug/label.json)"),
            ("drug_labels", "" if self.drug_labels.strip() else "expected openfda, off or a path to openFDA's "
             "drug-label .json/.json.zip files"),
            rng("telegram_webhook_port", 1, 65535),
            rng("discord_shard_count", 1, 10_000) if self.discord_shard_count is not None
            else ("discord_shard_count", ""),
            ("telegram_webhook_url", "expected an https:// address"
             if self.telegram_webhook_url and not self.telegram_webhook_url.startswith("https://") else ""),
            ("telegram_webhook_secret",
             _webhook_secret_problem(self.telegram_webhook_url, self.telegram_webhook_secret)),
        ]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv_path: str | os.PathLike[str] | None = ".env",
                 **overrides: Any) -> Settings:
        """Build settings from `env` (default: os.environ, after loading `.env` if present); a secret
        also from systemd's credentials ($CREDENTIALS_DIRECTORY), which win over the environment."""
        if env is None:
            _load_dotenv(dotenv_path)
            env = os.environ
        env = {**env, **read_credentials(env.get("CREDENTIALS_DIRECTORY", ""))}
        values: dict[str, Any] = {}
        problems: list[str] = []
        for f in dataclasses.fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is None or (raw.strip() == "" and f.default is None):
                continue
            try:
                values[f.name] = f.metadata["parse"](raw.strip())
            except ValueError as exc:
                problems.append(f"{f.metadata['env']}={raw!r}: {_expected(f, exc)}")
        if problems:
            raise ConfigError(problems)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def reference_spec(self) -> str | None:
        """What grounded mode answers from: MEDBOT_REFERENCE, else the old MEDBOT_REFERENCE_FILE, else
        MedQuAD from the Hub; None in generate mode."""
        if self.answer_mode != "grounded":
            return None
        return self.reference or (str(self.reference_file) if self.reference_file else DEFAULT_REFERENCE)

    @property
    def drug_labels_spec(self) -> str | None:
        """Where grounded mode reads drug labels: "openfda", a path, or None (off, or not grounded)."""
        spec = self.drug_labels.strip()
        if self.answer_mode != "grounded" or spec.lower() == "off":
            return None
        return "openfda" if spec.lower() == "openfda" else spec

    def redacted(self) -> dict[str, Any]:
        """Settings for logs and --check: secrets masked, user:password cut out of addresses."""
        out = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if is_secret(f):
                v = "***" if v else ""
            elif isinstance(v, str):
                v = redact_url(v)
            out[f.metadata["env"]] = str(v) if isinstance(v, Path) else v
        return out

    def secret_values(self) -> list[str]:
        """What the log filter removes from every line: each secret setting, and the user:password of
        any address setting."""
        out = []
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            out += [v] if is_secret(f) and isinstance(v, str) and v else url_passwords(v)
        return out


CREDENTIAL_PREFIX = "medbot_"  # LoadCredential=medbot:/etc/medbot/credentials names each file medbot_<file>


def read_credentials(folder: str) -> dict[str, str]:
    """Secret settings from systemd's credentials folder: a file named as the variable
    (LoadCredential=TELEGRAM_BOT_TOKEN:/path) or `medbot_` + the variable (a whole folder loaded with
    LoadCredential=medbot:/etc/medbot/credentials). Only the service's user can read that folder."""
    if not folder:
        return {}
    out = {}
    for f in dataclasses.fields(Settings):
        if not is_secret(f):
            continue
        for name in (f.metadata["env"], CREDENTIAL_PREFIX + f.metadata["env"]):
            try:
                value = (Path(folder) / name).read_text().strip()
            except OSError:
                continue
            if value:
                out[f.metadata["env"]] = value
    return out


_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")


def _webhook_secret_problem(url: str, secret: str) -> str:
    """Without a secret anyone who finds the webhook URL can post forged updates (past allow-lists
    and rate limits): webhook mode needs one, long enough not to be guessed, in Telegram's alphabet."""
    if not url or _WEBHOOK_SECRET.fullmatch(secret):
        return ""
    return ("required when TELEGRAM_WEBHOOK_URL is set: 32 to 256 characters of A-Z, a-z, 0-9, _ and - "
            "(for example the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")


def _shown(name: str, value: Any) -> str:
    secret = is_secret(next(f for f in dataclasses.fields(Settings) if f.name == name))
    return ("<set>" if value else "<empty>") if secret else repr(redact_url(value) if isinstance(value, str) else value)


def env_name(field_name: str) -> str:
    return {f.name: f.metadata["env"] for f in dataclasses.fields(Settings)}[field_name]


def known_env_names() -> set[str]:
    return {f.metadata["env"] for f in dataclasses.fields(Settings)}


# Read by the tests and the timer unit, not by the bot.
OTHER_KNOWN = {"MEDBOT_SHARED_DATA", "MEDBOT_TRAIN_ARGS"}


DEPRECATED = {"MEDBOT_REFERENCE_FILE": "MEDBOT_REFERENCE"}


def deprecated_vars(env: Mapping[str, str]) -> list[str]:
    """One warning per old setting still in use, naming its replacement."""
    return [f"{old} is deprecated: use {new} (a Hub dataset name or a local file); it is read as {new} for now"
            for old, new in DEPRECATED.items() if env.get(old, "").strip()]


def unknown_medbot_vars(env: Mapping[str, str]) -> list[str]:
    """MEDBOT_* variables that no setting reads: likely typos."""
    known = known_env_names() | OTHER_KNOWN
    return sorted(k for k in env if k.startswith("MEDBOT_") and k not in known)


def _expected(f: dataclasses.Field[Any], exc: ValueError) -> str:
    parse = f.metadata["parse"]
    if parse is int:
        return "expected a whole number"
    if parse is float:
        return "expected a number"
    if parse is _int_set:
        return "expected comma-separated numeric ids"
    return str(exc)


def _load_dotenv(path: str | os.PathLike[str] | None) -> None:
    if not path or not Path(path).is_file():
        return
    try:
        from dotenv import load_dotenv
    except ImportError:  # GPU benchmark boxes may lack python-dotenv; the environment still works
        return
    load_dotenv(path, override=False)
