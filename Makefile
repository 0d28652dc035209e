# medbot: `make setup` then `make demo` (chat offline) or `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
# The CPU build (fast to install). GPU box: make setup TORCH_SPEC="torch>=2.2" to keep/get a CUDA build.
TORCH_SPEC ?= torch==2.13.0
MODELS ?= models
DEMO_DATA ?= data/medquad_sample.csv.gz

.PHONY: setup test test-fast test-slow lint demo demo-grounded train-tiny bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH_SPEC)"
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

test: setup
	$(PY) -m pytest -q

test-fast: setup
	$(PY) -m pytest -q -m "not slow"

test-slow: setup
	$(PY) -m pytest -q -m slow

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Offline demo: train the tiny preset on the shipped MedQuAD sample if no model exists, then chat.
demo: setup
	test -e $(MODELS)/current || $(MAKE) train-tiny
	$(PY) -m bot --console --model_dir $(MODELS)/current

# the same console, answering with NIH text and its source link: the shipped sample by default, or
# the full reference: make demo-grounded REFERENCE=medquad.csv.gz LINKS=medquad_links.csv.gz
REFERENCE ?= $(DEMO_DATA)
LINKS ?=
demo-grounded: setup
	test -e $(MODELS)/current || $(MAKE) train-tiny
	MEDBOT_ANSWER_MODE=grounded MEDBOT_REFERENCE_FILE=$(REFERENCE) MEDBOT_REFERENCE_LINKS_FILE=$(LINKS) \
		$(PY) -m bot --console --model_dir $(MODELS)/current

train-tiny: setup
	$(PY) -m trainer --preset tiny --data $(DEMO_DATA) --group_column focus --dedupe_questions true \
		--max_answer_chars 400 --max_length 128 --models_dir $(MODELS)

bench: setup
	$(PY) bench/train.py --tiny
	$(PY) bench/serve.py --tiny

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
