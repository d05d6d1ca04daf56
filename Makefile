# Two commands from a fresh clone: `make sample` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: sample test install bench clean

sample: $(VENV)/.installed
	$(PY) -m pamphlets build seeds/sampler.toml

test: $(VENV)/.installed-test
	$(PY) -m pytest -q

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed scripts/test-deps.sh
	NEED_JAVA=1 bash scripts/system-deps.sh
	bash scripts/test-deps.sh
	$(PY) -m pip install -q -e '.[test]'
	touch $@

bench: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) benchmarks/run.py

clean:
	rm -rf build $(VENV)
