import dataclasses
import re
import typing
from pathlib import Path

import pytest

from bot.operations.config import ConfigError, Settings
from bot.operations.envfile import env_example, known_env_names, unknown_medbot_vars

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_are_the_seeds_values():
    s = Settings.from_env({})
    assert (s.top_p, s.top_k, s.temperature, s.no_repeat_ngram_size) == (0.9, 50, 0.7, 3)
    assert (s.max_prompt_tokens, s.max_new_tokens, s.gpu_memory_fraction) == (64, 150, 0.7)
    assert (s.batch_max, s.batch_wait_ms, s.queue_max) == (None, 10.0, 256)


def test_batch_size_follows_the_device_unless_set():
    import types

    import torch

    from bot.app import batch_max

    gpu, cpu = (types.SimpleNamespace(device=torch.device(d)) for d in ("cuda", "cpu"))
    s = Settings.from_env({"MEDBOT_BATCH_MAX": ""})
    assert (batch_max(s, gpu), batch_max(s, cpu)) == (64, 16)
    s = Settings.from_env({"MEDBOT_BATCH_MAX": "8"})
    assert (batch_max(s, gpu), batch_max(s, cpu)) == (8, 8)


def test_errors_name_the_variable_and_expectation():
    with pytest.raises(ConfigError) as e:
        Settings.from_env({"MEDBOT_TOP_K": "many", "MEDBOT_BATCH_MAX": "0"})
    assert any("MEDBOT_TOP_K" in p and "whole number" in p for p in e.value.problems)
    with pytest.raises(ConfigError) as e:
        Settings.from_env({"MEDBOT_BATCH_MAX": "0", "MEDBOT_DEVICE": "gpu", "MEDBOT_REPLAY_MAX_AGE_S": "-1"})
    text = " ".join(e.value.problems)
    assert "MEDBOT_BATCH_MAX" in text and "MEDBOT_DEVICE" in text and "MEDBOT_REPLAY_MAX_AGE_S" in text


def test_reference_defaults_to_medquad_on_the_hub_and_the_removed_name_says_its_replacement():
    assert Settings.from_env({}).reference_spec is None  # generate mode answers from the model
    assert Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded"}).reference_spec == "lavita/MedQuAD"
    assert Settings.from_env({"MEDBOT_REFERENCE": "new.parquet"}, answer_mode="grounded").reference_spec == "new.parquet"
    with pytest.raises(ConfigError) as e:
        Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_REFERENCE_FILE": "my.csv"})
    assert e.value.problems == ["MEDBOT_REFERENCE_FILE was removed: use MEDBOT_REFERENCE (a Hub dataset name or a "
                                "local file)"]
    old_env_file = {"MEDBOT_REFERENCE_FILE": ""}  # copied from an older .env.example: left empty, still starts
    assert Settings.from_env(old_env_file).reference_spec is None and unknown_medbot_vars(old_env_file) == []


def test_id_lists_and_bools():
    s = Settings.from_env({"TELEGRAM_ALLOWED_USER_IDS": "1, 2,3", "MEDBOT_LOG_MESSAGE_TEXT": "yes"})
    assert s.telegram_allowed_user_ids == {1, 2, 3} and s.log_message_text is True
    with pytest.raises(ConfigError):
        Settings.from_env({"TELEGRAM_ALLOWED_USER_IDS": "alice"})


def test_settings_are_frozen_and_tokens_redacted():
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123:secret"})
    with pytest.raises(AttributeError):
        s.top_k = 3  # type: ignore[misc]
    assert "123:secret" not in str(s.redacted())


def test_unknown_medbot_vars_are_reported():
    assert unknown_medbot_vars({"MEDBOT_TOPP": "1", "MEDBOT_TOP_P": "0.9", "PATH": "/"}) == ["MEDBOT_TOPP"]


def test_the_committed_env_example_is_the_generated_one():
    assert (ROOT / ".env.example").read_text() == env_example(), "run `python -m bot --write-env-example`"


def test_env_example_names_every_setting_once_with_its_help_and_a_default_that_reads_back():
    text = env_example()
    names = re.findall(r"^([A-Z_]+)=", text, re.M)
    assert sorted(names) == sorted(known_env_names())
    for f in dataclasses.fields(Settings):
        helptext = f.metadata["help"]
        assert helptext and "\n" not in helptext, f"{f.metadata['env']}: a one-line help"
        assert re.search(rf"^# {re.escape(helptext)}\n{f.metadata['env']}=", text, re.M)
    env = dict(re.findall(r"^([A-Z_]+)=(.*)$", text, re.M))
    assert Settings.from_env(env) == Settings.from_env({})  # the defaults shown are the defaults


def test_write_env_example_on_the_command_line(tmp_path):
    from bot.__main__ import main

    assert main(["--write-env-example", str(tmp_path / "x.env")]) == 0
    assert (tmp_path / "x.env").read_text() == env_example()


def test_choice_settings_are_literals_whose_choices_the_check_reads():
    hints = typing.get_type_hints(Settings)
    literal = {f.name for f in dataclasses.fields(Settings) if typing.get_origin(hints[f.name]) is typing.Literal}
    assert {"answer_mode", "dtype", "decoder", "backend", "openai_style", "log_level"} <= literal
    for f in dataclasses.fields(Settings):
        if f.name in literal:
            assert f.metadata["choices"] == typing.get_args(hints[f.name]), f.name


def test_one_check_reads_every_choice_and_range_and_names_the_variable():
    for f in dataclasses.fields(Settings):
        name, choices, bounds = f.metadata["env"], f.metadata["choices"], f.metadata["range"]
        if choices:
            with pytest.raises(ConfigError) as e:
                Settings.from_env({name: "nonsense"})
            assert e.value.problems == [f"{name}='nonsense': expected one of {', '.join(choices)}"]
            for ok in choices:
                assert getattr(Settings.from_env({name: ok}), f.name) == ok
        if bounds:
            lo, hi = bounds
            for bad in (lo - 1, hi + 1):
                with pytest.raises(ConfigError) as e:
                    Settings.from_env({name: str(bad)})
                assert e.value.problems == [f"{name}={f.metadata['parse'](str(bad))!r}: expected a number from "
                                            f"{lo} to {hi}"], name
            assert getattr(Settings.from_env({name: str(hi)}), f.name) == hi


def test_the_rules_a_choice_cannot_say():
    with pytest.raises(ConfigError) as e:
        Settings.from_env({"MEDBOT_DEVICE": "gpu", "MEDBOT_OPENAI_BASE_URL": "localhost:8000",
                           "MEDBOT_DRUG_LABELS": " ", "TELEGRAM_WEBHOOK_URL": "http://x.example/t"})
    assert e.value.problems == [
        "MEDBOT_DEVICE='gpu': expected auto, cpu, cuda or cuda:N",
        "MEDBOT_OPENAI_BASE_URL='localhost:8000': expected an http:// or https:// address ending in /v1",
        "MEDBOT_DRUG_LABELS='': expected openfda, off or a path to openFDA's drug-label .json/.json.zip files",
        "TELEGRAM_WEBHOOK_URL='http://x.example/t': expected an https:// address",
        e.value.problems[4]]
    assert e.value.problems[4].startswith("TELEGRAM_WEBHOOK_SECRET=<empty>: required when TELEGRAM_WEBHOOK_URL is set")
    assert Settings.from_env({"MEDBOT_DEVICE": "cuda:1"}).device == "cuda:1"
