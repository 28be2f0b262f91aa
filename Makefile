# Two entry points (see README): `make run` opens the workbench on the sample book,
# `make test` runs the test suite. Each installs what it needs on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed
# The CPU build of PyTorch for the optional neural scorer (its test builds a tiny model).
TORCH  ?= torch==2.13.0

.PHONY: run test bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH)"
	$(PY) -m pip install --quiet -e ".[test,neural]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app/workbench.py

# Debian packages the tests use: Chromium for the real-browser test, LibreOffice to read
# back the DOCX exports. Installed once, with root or sudo.
system-deps:
	@command -v chromium >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends chromium libreoffice-writer-nogui >/dev/null; }

test: $(STAMP) system-deps
	$(PY) -m pytest

# Every benchmark, each printing its figures (about 10 minutes on 2 cores; see README).
BENCHES = segmenters_bench.py pipeline_bench.py "align_bench.py" "align_bench.py --book" checks_bench.py "checks_bench.py --lang ru" \
          "source_check_bench.py --part test" export_speed.py "workbench_load.py --browser" \
          log_bench.py load_test.py fault_trials.py
bench: $(STAMP) system-deps
	@for b in $(BENCHES); do echo "== bench/$$b"; $(PY) bench/$$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
