# newsfacet: make demo | make test | make bench [ARGS="--set seeds"] | make clean
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Touched after a successful install; redone when pyproject.toml changes.
STAMP  := $(VENV)/.installed

.PHONY: venv test demo bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e '.[test]'
	touch $@

test: venv
	$(BIN)/python -m pytest -q

demo: venv
	$(BIN)/newsfacet ingest --index index samples/
	$(BIN)/newsfacet search --index index Macron
	@echo
	@echo "Above: the sample captures ingested into index/ and a search for Macron."
	@echo "Try: $(BIN)/newsfacet search --index index 'Putin OR Kremlin' --sort newest"
	@echo "     $(BIN)/newsfacet search --index index droit --language fr   (samples/README.md: where the pages come from)"
	@echo
	@echo "Now the search UI: open http://127.0.0.1:5000/ in a browser (Ctrl+C stops the server)."
	$(BIN)/newsfacet serve --index index --host 127.0.0.1 --port 5000

bench: venv
	$(BIN)/python bench/extract.py $(ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
