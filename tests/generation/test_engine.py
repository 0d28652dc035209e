import json

import pytest

from bot.generation.engine import Engine, GenerationConfig, ModelLoadError, SelfTestError, answer_problem


def test_batch_generate_gives_one_clean_answer_per_question(tiny_engine):
    qs = ["What is asthma?", "How is high blood pressure treated and what should I eat?", "Flu?"]
    out = tiny_engine.generate(qs, seed=1)
    assert len(out) == 3 and all(isinstance(a, str) and a for a in out)
    assert all("Q:" not in a for a in out)


def test_left_padding_with_attention_mask(tiny_engine):
    ids, mask = tiny_engine.encode_prompts(["short?", "a much longer question about blood pressure?"])
    assert ids.shape == mask.shape
    assert mask[0, 0] == 0 and mask[0, -1] == 1 and mask[1].all()


def test_seeded_generation_is_reproducible(random_engine):
    # random weights spread the next-token distribution, so an ignored seed would show as different replies
    q = ["What is asthma?"]
    assert random_engine.generate(q, seed=7) == random_engine.generate(q, seed=7)
    assert len({random_engine.generate(q, seed=s)[0] for s in range(4)}) > 1


@pytest.mark.parametrize("decoder", ["fast", "hf"])
def test_reply_length_is_capped(random_model, decoder):
    eng = Engine.load(random_model, GenerationConfig(max_new_tokens=5, decoder=decoder), device="cpu")
    out = eng.generate(["What is asthma?"], seed=0)[0]
    # random weights never end a reply early: the cap is reached, exactly 5 new tokens, no more
    assert eng.last_steps == 5 and eng.generated_tokens == 5, (eng.last_steps, eng.generated_tokens)
    assert out


def test_missing_truncated_and_corrupt_folders(tmp_path, tiny_model):
    with pytest.raises(ModelLoadError, match="does not exist"):
        Engine.load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="incomplete"):
        Engine.load(tmp_path / "empty")
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in tiny_model.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    w = bad / "model.safetensors"
    w.write_bytes(w.read_bytes()[: 200])  # truncated weights
    with pytest.raises(ModelLoadError, match="cannot load"):
        Engine.load(bad, device="cpu")
    (bad / "config.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="config.json"):
        Engine.load(bad, device="cpu")


def test_gpt2_shaped_local_folder_loads_through_from_pretrained(tiny_model):
    cfg = json.loads((tiny_model / "config.json").read_text())
    assert cfg["model_type"] == "gpt2"
    eng = Engine.load(str(tiny_model), device="cpu")
    assert eng.self_test()


def test_self_test_passes_a_model_that_answers(tiny_engine):
    answer = tiny_engine.self_test()
    assert answer_problem("What are the symptoms of the flu?", answer) is None
    assert tiny_engine.uniformity() < 0.6  # the session model, trained for 40 steps


@pytest.mark.parametrize("kind, reason", [("random", "no better than chance"), ("eos_only", "end-of-text")])
def test_self_test_refuses_models_that_do_not_answer(broken_models, kind, reason):
    engine = Engine.load(broken_models[kind], GenerationConfig(max_new_tokens=12), device="cpu")
    with pytest.raises(SelfTestError, match=reason):
        engine.self_test()
    if kind == "random":
        assert engine.uniformity() > 0.98
    else:  # what a user would have got from it: nothing (the core says it has no useful answer), which the old check took for an answer
        assert engine.generate(["What is asthma?"], seed=0) == [""]


@pytest.mark.parametrize("answer, problem", [
    ("", "empty"), ("   ", "empty"), ("?? 42 !!", "no text"), ("a", "no text"),
    ("What are the symptoms of the flu?", "echoes"), ("symptoms flu symptoms", "echoes"),
    ("Fever and cough.", None), ("Demam dan batuk.", None),
])
def test_answer_problem(answer, problem):
    got = answer_problem("What are the symptoms of the flu?", answer)
    assert (got is None) if problem is None else (problem in got)
