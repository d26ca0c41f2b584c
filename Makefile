# rasd — two commands do all set-up on a fresh machine:
#   make demo   runs the pipeline on the bundled sample corpus and shows the result
#   make test   runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := demo.db

.PHONY: setup demo test bench score train-events clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/rasd ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/rasd stats --db $(DEMO_DB)
	$(BIN)/rasd show 02_seoul_weapons --db $(DEMO_DB)
	$(BIN)/rasd extract examples/corpus | head -n 3
	@echo
	@echo "The analyst's desk, in a browser: $(BIN)/rasd serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"

test: setup
	$(BIN)/python -m pytest -q

# Quick figures; the issue-scale runs are `--articles 100000` / `--documents 100000` /
# `ingest_side_by_side.py --stored 1000 10000 100000 --add 6000 --rounds 3`.
bench: setup
	$(BIN)/python bench/extract_bench.py --articles 2000 10000
	$(BIN)/python bench/text_bench.py --megabytes 5
	$(BIN)/python bench/kb_bench.py --megabytes 5
	$(BIN)/python bench/dedup_bench.py --documents 20000
	$(BIN)/python bench/ingest_bench.py --articles 2000
	$(BIN)/python bench/ingest_side_by_side.py --stored 1000 5000 --add 1000

# Extraction quality on the seeds, the challenge set and the GSR dev half (../shared/eval):
# event / status / claimant F1, date and quantity accuracy, per type and per language.
score: setup
	$(BIN)/python bench/score_extraction.py

# Retrain the learned layer from rasd/events/classifier/data/*.jsonl; prints the
# cross-validated figures and writes rasd/events/classifier/weights/ (~10 minutes).
train-events: setup
	$(BIN)/python -m rasd.events.classifier.train --embedding-cache .train-embeddings.npz

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DEMO_DB)*
