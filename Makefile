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
	$(BIN)/newsfacet extract samples/*.txt
	@echo
	@echo "Above: the articles newsfacet finds in the sample captures."
	@echo "The index and the search UI arrive with the search engine."

bench: venv
	$(BIN)/python bench/extract.py $(ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
