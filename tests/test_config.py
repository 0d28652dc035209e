import re
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, known_env_names, unknown_medbot_vars

ROOT = Path(__file__).resolve().parent.parent


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


def test_reference_defaults_to_medquad_on_the_hub_and_the_old_name_still_works_with_a_warning():
    from bot.config import deprecated_vars

    assert Settings.from_env({}).reference_spec is None  # generate mode answers from the model
    assert Settings.from_env({"MEDBOT_ANSWER_MODE": "grounded"}).reference_spec == "lavita/MedQuAD"
    old = {"MEDBOT_ANSWER_MODE": "grounded", "MEDBOT_REFERENCE_FILE": "my.csv"}
    assert Settings.from_env(old).reference_spec == "my.csv"
    assert Settings.from_env({**old, "MEDBOT_REFERENCE": "new.parquet"}).reference_spec == "new.parquet"
    (warning,) = deprecated_vars(old)
    assert "MEDBOT_REFERENCE_FILE is deprecated: use MEDBOT_REFERENCE" in warning


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


def test_every_setting_is_in_env_example_with_a_reason():
    text = (ROOT / ".env.example").read_text()
    for name in known_env_names():
        m = re.search(rf"^# (.+)\n#? ?{name}=", text, re.M)
        assert m, f"{name} missing from .env.example (with a one-line reason above it)"
