"""Settings: one frozen dataclass built once from the environment (and `.env`), validated with
errors that name the variable and what it expects. Passed explicitly; never re-read per message.

Each field is its own documentation: `_env` records the variable's name, parser, one-line help, and
what it accepts (`choices`, a `range`, or a `check`); one loop in `__post_init__` reads that metadata,
and `.env.example` is generated from it (bot/operations/envfile.py)."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.operations import validation
from medbot import prompt


class ConfigError(ValueError):
    """One or more settings are invalid; `problems` lists one line per variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


DEFAULT_REFERENCE = "lavita/MedQuAD"  # all of MedQuAD on the Hub: 16,407 answers + 31,034 link-only questions
# A choice setting is typed `Literal[...]` and names the same values in `choices=` (tests/operations/test_config.py
# checks that the two agree): the type is for mypy and readers, the metadata for the one check.

# Settings that were removed: setting one is a config error that names its replacement (left empty, ignored)
REMOVED = {"MEDBOT_REFERENCE_FILE": "MEDBOT_REFERENCE (a Hub dataset name or a local file)"}


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


def _env(name: str, default: Any, parse: Callable[[str], Any] = str, help: str = "", *, secret: bool = False,
         choices: tuple[Any, ...] = (), range: tuple[float, float] | None = None,
         check: Callable[[Any], str] | None = None) -> Any:
    # `secret` is the one mark of a secret: it keeps the value out of repr(settings) (tracebacks, debuggers,
    # an accidental log of the object), out of redacted() (--check, logs) and in the log filter's list
    # (Settings.secret_values), and lets systemd's LoadCredential= supply it (read_credentials).
    # `choices`, `range` (inclusive) and `check` (value -> problem, "" when fine): validation.py's problem_of.
    return field(default=default, repr=not secret,
                 metadata={"env": name, "parse": parse, "help": help, "secret": secret, "choices": choices,
                           "range": range, "check": check})


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
    model_dir: Path = _env("MEDBOT_MODEL_DIR", Path("models/current"), Path,
                           "Published model folder: the trainer's models/current link, switched atomically on refresh.")
    device: str = _env("MEDBOT_DEVICE", "auto", str,
                       "auto = CUDA when a GPU is visible, else CPU; or cpu, cuda, cuda:1.", check=validation.device)
    dtype: Literal["auto", "float32", "bfloat16", "float16", "int8"] = _env(
        "MEDBOT_DTYPE", "auto", str, "auto = float32 (TF32 matmuls on GPU); bfloat16 or float16: faster on a GPU, "
        "answers not yet checked with real weights; int8 = int8 weights on a CPU (README: int8).",
        choices=("auto", "float32", "bfloat16", "float16", "int8"))
    gpu_memory_fraction: float = _env("MEDBOT_GPU_MEMORY_FRACTION", 0.7, float,
                                      "Share of GPU memory the bot may take (the seed's 0.7 leaves room for training).",
                                      range=(0.05, 1.0))
    # --- generation (the seed's sampling values)
    top_p: float = _env("MEDBOT_TOP_P", prompt.TOP_P, float,
                        "Nucleus sampling: keep the smallest token set covering this probability.", range=(0.01, 1.0))
    top_k: int = _env("MEDBOT_TOP_K", prompt.TOP_K, int, "Sample only among the this-many most likely tokens.",
                      range=(0, 10_000))
    temperature: float = _env("MEDBOT_TEMPERATURE", prompt.TEMPERATURE, float,
                              "Below 1 makes answers more focused, above 1 more random.", range=(0.01, 5.0))
    no_repeat_ngram_size: int = _env("MEDBOT_NO_REPEAT_NGRAM_SIZE", prompt.NO_REPEAT_NGRAM_SIZE, int,
                                     "Never repeat a phrase of this many tokens (stops the loops small models fall "
                                     "into); 0 = off.", range=(0, 10))
    max_prompt_tokens: int = _env("MEDBOT_MAX_PROMPT_TOKENS", prompt.MAX_PROMPT_TOKENS, int,
                                  "Questions are cut to this many tokens (the seed's 64), keeping the answer marker.",
                                  range=(8, 1024))
    max_new_tokens: int = _env("MEDBOT_MAX_NEW_TOKENS", prompt.MAX_NEW_TOKENS, int,
                               "Longest reply in tokens (the seed's 150).", range=(1, 1024))
    decoder: Literal["auto", "fast", "cuda-graphs", "hf", "hf-compile"] = _env(
        "MEDBOT_DECODER", "auto", str, "auto = cuda-graphs on a GPU, fast elsewhere; fast = our GPT-2 loop; "
        "cuda-graphs (GPU); hf = transformers' generate(); hf-compile (GPU, slow warm-up).",
        choices=("auto", "fast", "cuda-graphs", "hf", "hf-compile"))
    seed: int | None = _env("MEDBOT_SEED", None, int,
                            "Fixed sampling seed for reproducible replies (tests); leave empty in production.")
    # --- backend
    backend: Literal["local", "openai"] = _env(
        "MEDBOT_BACKEND", "local", str, "local = the model runs in this process; openai = an OpenAI-compatible "
        "server (vLLM, TGI, Ollama, transformers serve).", choices=("local", "openai"))
    openai_base_url: str = _env("MEDBOT_OPENAI_BASE_URL", "http://127.0.0.1:8000/v1", str,
                                "With MEDBOT_BACKEND=openai: the server's API base URL, ending in /v1.",
                                check=validation.http("ending in /v1"))
    openai_model: str = _env("MEDBOT_OPENAI_MODEL", "medbot", str,
                             "The model name the server serves (vllm serve ... --served-model-name medbot).")
    openai_api_key: str = _env("MEDBOT_OPENAI_API_KEY", "", str,
                               "Bearer key for the server, if it wants one (kept out of logs like the bot tokens).",
                               secret=True)
    openai_style: Literal["completions", "chat"] = _env(
        "MEDBOT_OPENAI_STYLE", "completions", str, "completions = medbot's Q:/A: prompt (a medbot-trained model); "
        "chat = chat messages (an instruction-tuned model).", choices=("completions", "chat"))
    # --- worker
    batch_max: int | None = _env("MEDBOT_BATCH_MAX", None, int,
                                 "Most questions generated together; empty = 64 on a GPU, 16 on a CPU (openai: 32 in "
                                 "flight).", range=(1, 512))
    batch_wait_ms: float = _env("MEDBOT_BATCH_WAIT_MS", 10.0, float,
                                "How long the worker waits for more questions to fill a batch, in milliseconds.",
                                range=(0, 10_000))
    queue_max: int = _env("MEDBOT_QUEUE_MAX", 256, int,
                          "Questions waiting beyond this get an immediate \"busy, try again in a minute\" reply.",
                          range=(1, 1_000_000))
    request_timeout_s: float = _env("MEDBOT_REQUEST_TIMEOUT_S", 120.0, float,
                                    "A question not answered within this many seconds gets a \"took too long\" reply.",
                                    range=(1, 3600))
    shutdown_timeout_s: float = _env("MEDBOT_SHUTDOWN_TIMEOUT_S", 20.0, float,
                                     "On SIGTERM, seconds to finish queued questions (below systemd's TimeoutStopSec); "
                                     "the rest wait in the inbox.", range=(0, 600))
    # --- core
    min_question_chars: int = _env("MEDBOT_MIN_QUESTION_CHARS", 5, int,
                                   "Shorter questions get \"Please ask a more detailed question.\" (the seed's check).",
                                   range=(0, 100))
    max_question_chars: int = _env("MEDBOT_MAX_QUESTION_CHARS", 2000, int,
                                   "Longer questions are cut to this many characters, not refused.",
                                   range=(10, 100_000))
    rate_per_minute: float = _env("MEDBOT_RATE_PER_MINUTE", 6.0, float,
                                  "Per-user rate limit: questions per minute (the token bucket's refill rate).",
                                  range=(0.01, 100_000))
    rate_burst: int = _env("MEDBOT_RATE_BURST", 3, int,
                           "Per-user burst: questions allowed at once before the rate limit applies.",
                           range=(1, 10_000))
    rate_max_users: int = _env("MEDBOT_RATE_MAX_USERS", 100_000, int,
                               "Users the rate limiter tracks; the least recent are forgotten (bounds memory).",
                               range=(100, 10_000_000))
    answer_mode: Literal["generate", "grounded"] = _env(
        "MEDBOT_ANSWER_MODE", "generate", str, "generate = the model answers; grounded = NIH reference text with its "
        "link, or \"no reliable source\".", choices=("generate", "grounded"))
    reference: str = _env("MEDBOT_REFERENCE", "", str,
                          "What grounded mode answers from: a Hub dataset (fetched once into HF_HOME) or a local "
                          "CSV/JSONL/Parquet; empty = lavita/MedQuAD.")
    reference_links_file: Path | None = _env("MEDBOT_REFERENCE_LINKS_FILE", None, Path,
                                             "More reference rows with a page link but no answer text "
                                             "(medquad_links.csv.gz: drugs, A.D.A.M.).")
    reranker_dir: Path | None = _env("MEDBOT_RERANKER_DIR", None, Path,
                                     "Re-ranker folder from `python -m trainer.grounding` (e.g. grounding/current); "
                                     "empty = the one shipped.")
    drug_labels: str = _env("MEDBOT_DRUG_LABELS", "openfda", str,
                            "Grounded drug answers: openfda = the API (only the drug's name is sent); a path = its "
                            "bulk drug-label files (offline); off = links only.", check=validation.drug_labels)
    openfda_url: str = _env("MEDBOT_OPENFDA_URL", "https://api.fda.gov/drug/label.json", str,
                            "openFDA's drug label endpoint (a mirror or proxy can stand in).",
                            check=validation.http("(openFDA's drug/label.json)"))
    openfda_api_key: str = _env("MEDBOT_OPENFDA_API_KEY", "", str,
                                "openFDA API key: optional, raises the per-day request limit.", secret=True)
    openfda_timeout_s: float = _env("MEDBOT_OPENFDA_TIMEOUT_S", 5.0, float,
                                    "Seconds one label request may take (capped at MEDBOT_REQUEST_TIMEOUT_S); a slower "
                                    "API gets the link-only answer.", range=(0.1, 60))
    followup_minutes: float = _env("MEDBOT_FOLLOWUP_MINUTES", 10.0, float,
                                   "Minutes a chat's topic is remembered for follow-ups (\"how is it treated?\"), in "
                                   "memory only; 0 = off.", range=(0, 1440))
    # --- operations
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = _env(
        "MEDBOT_LOG_LEVEL", "INFO", str, "DEBUG, INFO, WARNING or ERROR.",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    log_message_text: bool = _env("MEDBOT_LOG_MESSAGE_TEXT", False, _bool,
                                  "Questions are private health information: log their text only if this is true.")
    log_salt: str = _env("MEDBOT_LOG_SALT", "", str,
                         "Salt of the hashed user ids; empty = a random one in ~/.config/medbot, never beside the "
                         "inbox (both together reverse the hashes).", secret=True)
    model_watch_s: float = _env("MEDBOT_MODEL_WATCH_S", 30.0, float,
                                "Seconds between checks of the model link; a new target is loaded like a SIGHUP "
                                "reload; 0 = off.", range=(0, 86_400))
    state_dir: Path | None = _env("MEDBOT_STATE_DIR", None, Path,
                                  "Where the inbox and the index cache live; empty = systemd's $STATE_DIRECTORY, else "
                                  "./state.")
    inbox: bool = _env("MEDBOT_INBOX", True, _bool,
                       "Keep each accepted question in STATE_DIR/inbox.sqlite3 until answered, so a crash loses none.")
    replay_max_age_s: float = _env("MEDBOT_REPLAY_MAX_AGE_S", 3600.0, float,
                                   "After a crash or restart, questions younger than this (seconds) are answered; "
                                   "older ones get an apology.", range=(0, 86_400))
    metrics_port: int = _env("MEDBOT_METRICS_PORT", 0, int, "Serve Prometheus /metrics and /healthz on "
                             "127.0.0.1:PORT; 0 = off.", range=(0, 65535))
    # --- Telegram
    telegram_token: str = _env("TELEGRAM_BOT_TOKEN", "", str, "Bot token from @BotFather; set it to start Telegram.",
                               secret=True)
    telegram_base_url: str = _env("TELEGRAM_BASE_URL", "https://api.telegram.org/bot", str,
                                  "Bot API base URL; point at your own Bot API server if you run one.")
    telegram_webhook_url: str = _env("TELEGRAM_WEBHOOK_URL", "", str,
                                     "Public https:// URL for webhook mode; empty = long polling (works behind NAT).",
                                     check=validation.https)
    telegram_webhook_secret: str = _env("TELEGRAM_WEBHOOK_SECRET", "", str,
                                        "Sent by Telegram with each webhook call so nobody else can post updates; "
                                        "required with a webhook, 32-256 of A-Z a-z 0-9 _ -.", secret=True)
    telegram_webhook_listen: str = _env("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1", str,
                                        "Address the webhook server listens on (put a TLS reverse proxy in front).")
    telegram_webhook_port: int = _env("TELEGRAM_WEBHOOK_PORT", 8443, int, "Port the webhook server listens on.",
                                      range=(1, 65535))
    telegram_allowed_user_ids: frozenset[int] = _env("TELEGRAM_ALLOWED_USER_IDS", frozenset(), _int_set,
                                                     "Comma-separated user ids allowed to ask; empty = everyone.")
    telegram_allowed_chat_ids: frozenset[int] = _env("TELEGRAM_ALLOWED_CHAT_IDS", frozenset(), _int_set,
                                                     "Comma-separated chat ids (groups) allowed; empty = every chat.")
    # --- Discord
    discord_token: str = _env("DISCORD_BOT_TOKEN", "", str,
                              "Bot token from the Discord Developer Portal; set it to start Discord.", secret=True)
    discord_allowed_guild_ids: frozenset[int] = _env("DISCORD_ALLOWED_GUILD_IDS", frozenset(), _int_set,
                                                     "Comma-separated server (guild) ids allowed; empty = every "
                                                     "server.")
    discord_allowed_channel_ids: frozenset[int] = _env("DISCORD_ALLOWED_CHANNEL_IDS", frozenset(), _int_set,
                                                       "Comma-separated channel ids allowed; empty = every channel.")
    discord_allowed_user_ids: frozenset[int] = _env("DISCORD_ALLOWED_USER_IDS", frozenset(), _int_set,
                                                    "Comma-separated user ids allowed; empty = everyone.")
    discord_shard_count: int | None = _env("DISCORD_SHARD_COUNT", None, int,
                                           "Shards (required past 2,500 servers); empty = as many as Discord "
                                           "recommends.", range=(1, 10_000))
    discord_api_base: str = _env("DISCORD_API_BASE", "", str,
                                 "REST API base override, only for a proxy or the tests' local fake.")
    discord_gateway_url: str = _env("DISCORD_GATEWAY_URL", "", str,
                                    "Gateway websocket override, only for a proxy or the tests' local fake.")

    def __repr__(self) -> str:
        """As the dataclass's, without secrets (repr=False) and with user:password cut out of addresses."""
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.repr)
        shown = (f"{n}={(redact_url(v) if isinstance(v, str) else v)!r}" for n, v in values)
        return f"Settings({', '.join(shown)})"

    def __post_init__(self) -> None:
        """One check for every field, by its metadata (choices, range, check), then the one rule that
        spans two settings."""
        problems = [f"{f.metadata['env']}={_shown(f, getattr(self, f.name))}: {why}"
                    for f in dataclasses.fields(self) if (why := validation.problem_of(f, getattr(self, f.name)))]
        why = validation.webhook_secret_problem(self.telegram_webhook_url, self.telegram_webhook_secret)
        if why:
            problems.append(f"TELEGRAM_WEBHOOK_SECRET=<{'set' if self.telegram_webhook_secret else 'empty'}>: {why}")
        if problems:
            raise ConfigError(problems)

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
        problems = [f"{old} was removed: use {new}" for old, new in REMOVED.items() if env.get(old, "").strip()]
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
        """What grounded mode answers from: MEDBOT_REFERENCE, else MedQuAD from the Hub; None in generate mode."""
        if self.answer_mode != "grounded":
            return None
        return self.reference or DEFAULT_REFERENCE

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


def _shown(f: dataclasses.Field[Any], value: Any) -> str:
    if is_secret(f):
        return "<set>" if value else "<empty>"
    return repr(redact_url(value) if isinstance(value, str) else value)


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
