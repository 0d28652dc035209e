"""`python -m bot --check`: load settings and model, run one generation, report what would start."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.generation.engine import SelfTestError
from bot.operations.config import Settings
from bot.operations.envfile import unknown_medbot_vars
from medbot.tables import DataUnavailable

if TYPE_CHECKING:
    from bot.answering.retrieval import Retriever

LOCAL_REFERENCE = ("set MEDBOT_REFERENCE to a local copy (CSV, JSONL or Parquet in MedQuAD's layout; README: Data "
                   "says how to fetch lavita/MedQuAD on a connected machine)")


def run_check(settings: Settings, env: Mapping[str, str]) -> int:
    problems: list[str] = []
    warnings = [f"unknown setting {n} (typo?)" for n in unknown_medbot_vars(env)]
    problems += _check_remote(settings) if settings.backend == "openai" else _check_model(settings)
    problems += check_tokens(settings)
    transports = []
    if settings.telegram_token:
        transports.append("telegram (" + ("webhook" if settings.telegram_webhook_url else "long polling") + ")")
        problems += _missing("telegram", "python-telegram-bot")
    if settings.discord_token:
        transports.append("discord")
        problems += _missing("discord", "discord.py")
    print(f"transports: {', '.join(transports) or 'none (set TELEGRAM_BOT_TOKEN / DISCORD_BOT_TOKEN)'}")
    _report_inbox(settings, warnings)
    print(f"answer mode: {settings.answer_mode}; metrics: "
          f"{f'127.0.0.1:{settings.metrics_port}' if settings.metrics_port else 'off'}")
    if settings.reference_spec is not None:
        problems += _check_reference(settings, warnings)
    if not transports:
        warnings.append("no chat transport would start")
    for w in warnings:
        print(f"warning: {w}")
    for p in problems:
        print(f"problem: {p}")
    print("check: OK" if not problems else f"check: {len(problems)} problem(s)")
    return 0 if not problems else 1


def _check_reference(settings: Settings, warnings: list[str]) -> list[str]:
    """Index the reference file as the daemon would and say what grounded mode will do with it."""
    from bot.app import build_retriever

    try:
        t0 = time.perf_counter()
        r = build_retriever(settings, cache=False)
    except DataUnavailable as exc:
        return [f"MEDBOT_REFERENCE={settings.reference_spec}: {exc}; {LOCAL_REFERENCE}"]
    except Exception as exc:
        return [f"MEDBOT_REFERENCE={settings.reference_spec}: {exc}"]
    if r is None:
        return []
    seconds = time.perf_counter() - t0
    summary, found = r.describe()
    warnings.extend(found)
    if r.reference is None:  # the plain TF-IDF fallback: no drug labels to check
        print(f"reference: {settings.reference_spec}: {summary}, indexed in {seconds:.1f}s")
        return []
    print(f"reference: {settings.reference_spec}: {summary}, indexed in {seconds:.1f}s; re-ranker: "
          f"{settings.reranker_dir or 'shipped'}")
    return _check_labels(settings, r, warnings)


def _check_labels(settings: Settings, retriever: Retriever, warnings: list[str]) -> list[str]:
    """MEDBOT_DRUG_LABELS: the bulk files' labels and names (indexed in memory: --check writes nothing),
    or whether the openFDA API answers a fixed query (metformin: nothing of any message)."""
    import asyncio

    from bot.answering.drugs import LabelsUnavailable
    from bot.answering.labelsource import OpenFDA
    from bot.app import build_drugs

    if settings.drug_labels_spec is None:
        print("drug labels: off")
        return []
    try:
        drugs = build_drugs(settings, retriever, cache=False)
    except LabelsUnavailable as exc:
        return [str(exc)]
    if drugs is None:
        return []
    source = drugs.source
    if isinstance(source, OpenFDA):
        ok, how = asyncio.run(source.probe())
        print(f"drug labels: {source.describe()}: {how}; {len(drugs.names.keys):,} drug names recognised")
        if not ok:
            warnings.append(f"openFDA {how}: drug questions get links only until it answers (or set "
                            "MEDBOT_DRUG_LABELS to a folder of its bulk files, README: Drug labels)")
        return []
    print(f"drug labels: {source.describe()}; {len(drugs.names.keys):,} drug names recognised")
    return []


def _check_model(settings: Settings) -> list[str]:
    print(f"model folder: {settings.model_dir} -> {settings.model_dir.resolve()}")
    try:
        from bot.app import load_engine

        t0 = time.perf_counter()
        engine = load_engine(settings)
        answer = engine.self_test()
        print(f"model: {engine.version} on {engine.device} (decoder {engine.decoder_name}), loaded and answered in "
              f"{time.perf_counter() - t0:.1f}s")
        print(f"sample answer: {answer[:160]!r}")
    except SelfTestError as exc:
        return [f"model: self-test failed: {exc}"]
    except Exception as exc:
        return [f"model: {exc}"]
    return []


def _check_remote(settings: Settings) -> list[str]:
    """MEDBOT_BACKEND=openai: the server answers GET /models and one question, as the daemon would ask it."""
    import asyncio

    from bot.generation.engine import SELF_TEST_QUESTION, answer_problem
    from bot.generation.remote import EngineUnavailable, RemoteWorker

    async def probe() -> list[str]:
        worker = RemoteWorker(settings, 1)
        try:
            print(await worker.probe())
            t0 = time.perf_counter()
            res = await worker.submit(SELF_TEST_QUESTION, seed=0)
            if res.outcome != "answered":
                return [f"inference server: the sample question got no answer ({res.outcome})"]
            print(f"sample answer ({time.perf_counter() - t0:.1f}s, {settings.openai_style}): {res.text[:160]!r}")
            why = answer_problem(SELF_TEST_QUESTION, res.text)
            return [f"inference server: {why}"] if why else []
        except EngineUnavailable as exc:
            return [str(exc)]
        finally:
            await worker.drain_and_stop(0)

    return asyncio.run(probe())


def _report_inbox(settings: Settings, warnings: list[str]) -> None:
    if not settings.inbox:
        print("inbox: off (MEDBOT_INBOX=false): questions in flight are lost on a crash or restart")
        return
    from bot.intake.inbox import INBOX_FILE, describe
    from bot.operations.state import state_dir

    line, warning = describe(state_dir(settings) / INBOX_FILE)
    print(f"inbox: {line}")
    if warning:
        warnings.append(warning)


def check_tokens(settings: Settings) -> list[str]:
    """Ask each platform whether its token is good (Telegram getMe, Discord's /users/@me, the calls
    their clients make at login), telling "token rejected" from "unreachable"."""
    out = []
    if settings.telegram_token:
        out += _probe("telegram", f"{settings.telegram_base_url}{settings.telegram_token}/getMe", {})
    if settings.discord_token:
        base = (settings.discord_api_base or "https://discord.com/api/v10").rstrip("/")
        out += _probe("discord", f"{base}/users/@me", {"Authorization": f"Bot {settings.discord_token}"})
    return out


def _probe(name: str, url: str, headers: dict[str, str]) -> list[str]:
    import httpx

    host = httpx.URL(url).host
    try:
        r = httpx.get(url, headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        return [f"{name}: unreachable ({host}: {type(exc).__name__}); check the network or the base URL setting"]
    if r.status_code in (401, 403, 404):
        return [f"{name}: token rejected ({host} answered {r.status_code}); copy the token again from "
                + ("@BotFather" if name == "telegram" else "the Developer Portal")]
    if r.status_code != 200:
        return [f"{name}: {host} answered {r.status_code}; try again later"]
    data = r.json()
    me = data.get("result", data) if isinstance(data, dict) else {}
    print(f"{name}: token accepted (bot {me.get('username', '?')})")
    return []


def _missing(module: str, package: str) -> list[str]:
    import importlib.util

    return [] if importlib.util.find_spec(module) else [f"{package} is not installed"]
