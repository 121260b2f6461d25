# Colony lab: the two commands of the README.
#   make demo   creates .venv if missing, installs, runs a colony on the embedded defaults
#   make test   installs, then runs every test and notebook (what CI runs)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
EXTRAS := lab,live,dask,dev,bench
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint clean bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/colony run

test: install
	$(PY) -m pytest -q -p no:cacheprovider tests --nbmake notebooks

lint: install
	$(VENV)/bin/ruff check colony_sim live tests benchmarks

bench: install
	$(PY) benchmarks/engine.py

clean:
	rm -rf $(VENV) data/runs .pytest_cache
