from medbot import prompt


def test_prompt_ids_keep_marker_under_truncation(tiny_engine):
    tok = tiny_engine.tokenizer
    ids = prompt.prompt_ids(tok, "pain " * 500, 64)
    assert len(ids) == 64
    assert tok.decode(ids).endswith("\nA:")


def test_training_text_and_prompt_share_the_template(tiny_engine):
    tok = tiny_engine.tokenizer
    ids, labels = prompt.example_ids(tok, "What is asthma?", "A disease of the airways.", 96)
    asked = prompt.prompt_ids(tok, "What is asthma?")
    assert ids[: len(asked)] == asked
    assert labels[: len(asked)] == [-100] * len(asked)
    # the end-of-text after the answer is a label, so the model learns to stop
    assert ids[-1] == tok.eos_token_id and labels[-1] == tok.eos_token_id
    assert tok.decode(ids) == prompt.format_example("What is asthma?", "A disease of the airways.", tok.eos_token)


def test_cut_answer_gets_no_eos(tiny_engine):
    tok = tiny_engine.tokenizer
    ids, labels = prompt.example_ids(tok, "q?", "word " * 200, 40)
    assert len(ids) == 40 and tok.eos_token_id not in ids
