# Colony lab: the two commands of the README.
#   make demo   creates .venv if missing, installs, runs a colony on the embedded defaults
#   make test   installs, then runs every test and notebook, slow ones too (what CI runs)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
EXTRAS := lab,live,dask,sweep,dev,bench
STAMP  := $(VENV)/.installed
ANVIL  := .tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil

.PHONY: demo test install tools lint clean bench toolchain-c

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

# anvil (Foundry's local EVM node) from npm, for the live tests that need a JSON-RPC chain.
$(ANVIL):
	HOME=$$(mktemp -d) npm install --silent --no-audit --no-fund --prefix .tools @foundry-rs/anvil@1.7.1
	test -x $(ANVIL)

tools: $(ANVIL)

# Optional: clang + lld, to compile C cartridges to wasm32 (WAT ones need nothing).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
toolchain-c:
	$(SUDO) apt-get update -q
	$(SUDO) apt-get install -y -q --no-install-recommends clang lld

demo: install
	$(VENV)/bin/colony run

test: install tools
	$(PY) -m pytest -q -p no:cacheprovider -m "slow or not slow" tests --nbmake notebooks

lint: install
	$(VENV)/bin/ruff check colony_sim live tests benchmarks
	$(PY) -m mypy

bench: install
	$(PY) benchmarks/engine.py

clean:
	rm -rf $(VENV) .tools data/runs .pytest_cache
