# medbot: `make setup` then `make demo` (chat offline) or `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
# The CPU build (fast to install). GPU box: make setup TORCH_SPEC="torch>=2.2" to keep/get a CUDA build.
TORCH_SPEC ?= torch==2.13.0
MODELS ?= models
# What the demo trains on and answers from: Hub datasets (fetched once into HF_HOME, offline after that),
# or local copies: make demo DATA=medquad.parquet REFERENCE=medquad.parquet (README: Data)
DATA ?= lavita/MedQuAD
REFERENCE ?= lavita/MedQuAD

.PHONY: setup test test-fast test-slow lint demo demo-grounded train-tiny bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH_SPEC)"
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# Two pytest workers (pytest-xdist), one test file per worker at a time: most of the suite waits on bot and
# trainer processes it starts, so two workers use both cores of a 2-core box (7.5-9.5 min instead of 12.5).
# TEST_WORKERS=0 runs in one process; TEST_WORKERS=auto uses every core.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

test: setup
	$(PYTEST)

test-fast: setup
	$(PYTEST) -m "not slow"

test-slow: setup
	$(PYTEST) -m slow

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Demo: train the tiny preset on 1,500 MedQuAD answers if no model exists (a minute on a CPU), then chat.
demo: setup
	test -e $(MODELS)/current || $(MAKE) train-tiny DATA=$(DATA)
	$(PY) -m bot --console --model_dir $(MODELS)/current

# the same console, answering with NIH text and its source link from MedQuAD (REFERENCE); a reference in
# MedQuAD's CSV layout can take its link-only rows too: LINKS=medquad_links.csv.gz
LINKS ?=
demo-grounded: setup
	test -e $(MODELS)/current || $(MAKE) train-tiny DATA=$(DATA)
	MEDBOT_ANSWER_MODE=grounded MEDBOT_REFERENCE=$(REFERENCE) MEDBOT_REFERENCE_LINKS_FILE=$(LINKS) \
		$(PY) -m bot --console --model_dir $(MODELS)/current

train-tiny: setup
	$(PY) -m trainer --preset tiny --data $(DATA) --sample_pairs 1500 --group_column focus \
		--dedupe_questions true --max_answer_chars 400 --max_length 128 --models_dir $(MODELS)

bench: setup
	$(PY) bench/train.py --tiny
	$(PY) bench/serve.py --tiny

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
