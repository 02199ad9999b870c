# Sổ Hội — every target does its own set-up on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check lint format bench screenshots dist clean clean-dist

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || { p=$$(scripts/find-python) && "$$p" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop --demo-if-empty

# The fast suite: every test but the slow ones (the PyInstaller build, the 50-process crash
# runs, the bounded-time spreadsheet limits …: `pytest.mark.slow`).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow"

# Everything: the tests of `make test`, the slow ones and the fuzz targets (tests/fuzz,
# SOHOI_FUZZ=1; each has a time budget, about a minute in all). What CI runs.
check: $(STAMP)
	QT_QPA_PLATFORM=offscreen SOHOI_FUZZ=1 $(PY) -m pytest -q

# Style (ruff) then types (mypy: files and flags in pyproject.toml's [tool.mypy]).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen SOHOI_BENCH=1 $(PY) -m pytest -q -s tests/bench

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

# The one-folder and one-file programs, the portable folder and its zip, for this OS, in dist/
# (docs/PACKAGING.md). PyInstaller's work files go to build/.
dist: $(STAMP)
	$(PY) packaging/build.py --distpath dist --workpath build

clean-dist:
	rm -rf build dist

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache
