# The two commands of the README, plus helpers. Each creates the virtual environment on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test serve eval bench sample clean

$(BIN)/newsdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/newsdesk          ## the main job on the bundled sample
	$(BIN)/newsdesk demo --out newsdesk-demo

serve: $(BIN)/newsdesk         ## the demo, then the web UI on its database at http://127.0.0.1:8000/
	$(BIN)/newsdesk demo --out newsdesk-demo
	$(BIN)/newsdesk serve --db newsdesk-demo/newsdesk.db --port 8000

test: $(BIN)/newsdesk          ## the test suite, quality gates included
	$(BIN)/python -m pytest -q

eval: $(BIN)/newsdesk          ## evaluations on the bundled sample and ../shared/data
	$(BIN)/newsdesk eval clustering
	$(BIN)/newsdesk eval briefings
	$(BIN)/newsdesk eval events
	$(BIN)/newsdesk eval extraction --dataset ../shared/data/extraction/fundus_pages

sample: $(BIN)/newsdesk        ## regenerate the bundled sample from sample_src/
	$(BIN)/python tools/make_sample.py

clean:
	rm -rf $(VENV) newsdesk-demo .pytest_cache
