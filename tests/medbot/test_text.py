from hypothesis import given
from hypothesis import strategies as st

from medbot import prompt
from medbot.text import clean, cut_at_sentence, split_message, truncate_chars


def test_clean_strips_controls_bidi_and_folds_space():
    assert clean("  a\x00b\u202e c\n\n d\t") == "a b c d"
    assert clean("") == ""


def test_clean_drops_lone_surrogates():
    assert clean("ok \ud800 fine") == "ok fine"


def test_clean_caps_combining_floods():
    z = "a" + "\u0301" * 50
    assert len(clean(z)) == 4


@given(st.text())
def test_clean_idempotent(s):
    assert clean(clean(s)) == clean(s)


@given(st.text(min_size=0, max_size=3000), st.integers(min_value=1, max_value=500))
def test_split_never_loses_reorders_or_exceeds(s, limit):
    chunks = split_message(s, limit)
    assert "".join(chunks) == s
    assert all(len(c) <= limit for c in chunks)


def test_split_prefers_sentence_boundaries():
    text = ("This is a sentence. " * 300).strip()
    chunks = split_message(text, 4096)
    assert len(chunks) == 2
    assert chunks[0].rstrip().endswith(".")


def test_truncate_and_cut_at_sentence():
    assert truncate_chars("hello world again", 12) == "hello world"
    assert cut_at_sentence("One. Two three four. Five six seven eight", 25) == "One. Two three four."


@given(st.text())
def test_prompt_never_lets_user_forge_answer_marker(q):
    p = prompt.format_prompt(q)
    assert p.count(prompt.ANSWER_MARKER) == 1 and p.endswith(prompt.ANSWER_MARKER)
    assert "\n" not in p[: -len(prompt.ANSWER_MARKER)]


def test_extract_answer_cuts_next_turn():
    assert prompt.extract_answer(" Rest and fluids.\nQ: another?") == "Rest and fluids."
    assert prompt.extract_answer(" Hepatitis A: a liver infection. Q: more") == "Hepatitis A: a liver infection."
    assert prompt.extract_answer("   ") == ""


def test_topic_key_is_one_key_per_topic_however_spelled():
    from medbot.text import topic_key, topic_words

    assert topic_key("Essential Tremor") == topic_key("essential tremor")
    assert topic_key("Heart Valve Diseases") == topic_key("Heart Valve Disease")
    assert topic_key("Jervell and Lange-Nielsen syndrome") == topic_key("Jervell Lange-Nielsen Syndrome")
    assert topic_key("Hodgkin Lymphoma") != topic_key("Non-Hodgkin Lymphoma")
    assert topic_key("Graves' disease") != topic_key("Addison disease")
    assert topic_words("What I need to know about Crohn's Disease") == ["crohn", "disease"]
    assert topic_words("Hepatitis A")[-1] == "a" and topic_words("protein S deficiency")[1] == "s"
