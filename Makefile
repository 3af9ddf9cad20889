# `make extract` and `make test` set themselves up on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: extract view test eval train bench lint clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract corpus --out out

# The viewer (out/view/index.html) and the exports of the last `make extract`.
view: $(STAMP)
	$(PY) -m pipeline view out
	$(PY) -m pipeline export out

test: $(STAMP)
	$(PY) -m pytest

# Accuracy and speed figures (they need ../shared/data for the development sets).
eval: $(STAMP)
	$(PY) scripts/eval_segmentation.py $(EVAL_ARGS)
	$(PY) scripts/eval_ner.py $(EVAL_NER_ARGS)
	$(PY) scripts/eval_events.py $(EVAL_EVENTS_ARGS)

# Retrains the entity recognizer in models/ner/model from ../shared/data/uner-zh-gsd.
train: $(STAMP)
	$(PY) scripts/train_ner.py

bench: $(STAMP)
	$(PY) scripts/bench_segmentation.py $(BENCH_ARGS)
	$(PY) scripts/bench_dedup.py $(BENCH_DEDUP_ARGS)
	$(PY) scripts/bench_viewer.py $(BENCH_VIEWER_ARGS)
	$(PY) scripts/bench_scale.py --ray --write docs/benchmarks.md $(BENCH_SCALE_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests scripts

clean:
	rm -rf out $(VENV) build *.egg-info
