# Two commands on a fresh machine: `make demo` and `make test`. Python 3.11 and make are all it needs.
# The system's own python3.11 before one on PATH: Debian builds its with profile-guided and
# link-time optimisation and libpython inside the executable, where pyenv's default build has
# neither. Here the same suite and pipeline take about a tenth less CPU on it (README,
# "The interpreter"). PYTHON=... chooses another; an existing .venv keeps its own until `make clean`.
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),python3.11)
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PIP_QUIET := --quiet --disable-pip-version-check
export UV_PYTHON_DOWNLOADS := never
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: setup demo run status test bench bench-optouts bench-inbox ui notebook bytecode-list clean

# uv goes into a venv of its own. The interpreter's own pip, where it has one that can (22.3 or later),
# installs it there: a venv with pip of its own spends seconds unpacking and compiling pip, used once.
$(UV):
	if $(PYTHON) -m pip --help 2>/dev/null | grep -q -- '--python <'; then \
	  $(PYTHON) -m venv --without-pip $(TOOLS) && \
	  $(PYTHON) -m pip --python $(TOOLS)/bin/python install $(PIP_QUIET) uv==$(UV_VERSION); \
	else \
	  $(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install $(PIP_QUIET) uv==$(UV_VERSION); \
	fi

# Bytecode is compiled once here, for the folders the project imports from (sdr_assets/bytecode.py):
# where PYTHONDONTWRITEBYTECODE is set, as on CI machines, every process would otherwise compile
# Dagster and Great Expectations again (about 3 s each).
$(VENV)/.synced: pyproject.toml uv.lock sdr_assets/bytecode_dirs.txt | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	$(VENV)/bin/python -m sdr_assets.bytecode
	touch $@

# The rest of the environment: the UI's and Jupyter's servers among it.
$(VENV)/.compiled: $(VENV)/.synced
	$(VENV)/bin/python -m sdr_assets.bytecode --all
	touch $@

# The offline models and the reading of the triage's patterns are kept beside the bytecode, and like it
# written here where a process may not write it (sdr_assets/triage/kept.py): else every process that
# triages works them out again (about 0.5 s).
setup: $(VENV)/.synced ## Create the environment from the lock file
	$(VENV)/bin/python -m compileall -q sdr_assets resources sensors tests
	$(VENV)/bin/python -m sdr_assets.triage.kept

demo: setup ## Seeded world, whole pipeline, summary
	$(VENV)/bin/sdr demo

run: setup ## Materialise what is due on the current data
	$(VENV)/bin/sdr run

# The live data's status, like `make run`; before a live run it says where the demo's is.
status: setup ## Plays, row counts and escalations waiting in the live data
	$(VENV)/bin/sdr status

# pytest keeps its rewritten test modules only where bytecode may be written: without them every
# worker rewrites and compiles every test file again (about 2 s each).
test: setup ## The whole test suite
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/python -m pytest

bench: setup ## Figures: the whole pipeline, reply triage on the mail corpus and the held-out replies, the model stage, the verifier
	$(VENV)/bin/sdr bench --accounts 10000
	$(VENV)/bin/python -m tests.triage.evaluation
	$(VENV)/bin/python -m sdr_assets.model_bench
	$(VENV)/bin/python -m sdr_assets.verifier_eval

bench-optouts: setup ## Opt-outs: forged tokens accepted, and the time from a click to the send step refusing the address
	$(VENV)/bin/python -m sdr_assets.optout_bench

bench-inbox: setup ## Escalation queue at volume: listing the inbox, recording an action, the CRM exports
	$(VENV)/bin/python -m sdr_assets.inbox_bench --escalations 10000

ui: export SDR_MODE ?= demo
ui: setup $(VENV)/.compiled ## Dagster UI on http://127.0.0.1:3000: the demo by default, `make ui SDR_MODE=live` for real data
	exec $(VENV)/bin/python -m sdr_assets.ui

# Jupyter refuses to start as root unless told to, as in a container or on a shared CI machine.
notebook: ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
notebook: export SDR_EXPORTS_DIR ?= $(CURDIR)/data/exports
notebook: setup $(VENV)/.compiled ## Jupyter on the notebooks, reading the Parquet snapshot in data/exports
	$(VENV)/bin/jupyter notebook --notebook-dir=notebooks $(ALLOW_ROOT)

# After a lock change: which folders the suite and the demo import from, recorded from the bytecode
# they leave behind when nothing is compiled beforehand (longer than a run of the suite).
bytecode-list: setup
	$(VENV)/bin/python -m sdr_assets.bytecode --clear
	-PYTHONDONTWRITEBYTECODE= $(VENV)/bin/python -m pytest
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/sdr demo
	$(VENV)/bin/python -m sdr_assets.bytecode --record
	$(VENV)/bin/python -m sdr_assets.bytecode --all

clean:
	rm -rf $(VENV) $(TOOLS)
