# The two commands in the README: `make serve` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: setup browser serve build test lint golden schema validate new-issue report mutants clean

# A virtual environment in the repo root with every Python dependency at its pinned version,
# and the map's JavaScript libraries (Leaflet, leaflet.markercluster) from npm.
setup: $(STAMP) $(NODE_STAMP)
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Exactly the versions in package-lock.json, into node_modules/; the site serves them itself.
# Debian's npm is installed first if there is none. No package's install script runs: none of
# ours needs one, and vnu-jar's would download a Java runtime (`make browser` installs Debian's).
$(NODE_STAMP): package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q npm; \
	fi
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

# Debian's Chromium and ChromeDriver for the browser tests, poppler for the PDF checks, and
# a Java runtime for the Nu HTML Checker (vnu.jar, from npm): each only if it is missing.
browser:
	@PACKAGES=""; \
	if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v pdftotext >/dev/null; then \
		PACKAGES="chromium chromium-driver poppler-utils"; \
	fi; \
	command -v java >/dev/null || PACKAGES="$$PACKAGES default-jre-headless"; \
	if [ -n "$$PACKAGES" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$PACKAGES; \
	fi

serve: setup
	$(PY) build.py serve

build: setup
	$(PY) build.py build

validate: setup
	$(PY) build.py validate

# The next newsletter issue, in content/newsletter/ (for editors: see content/editors/newsletter.md).
new-issue: setup
	$(PY) build.py new-issue

# Stale groups and events nobody can register for, with file and line.
report: setup
	$(PY) build.py report

test: setup browser
	$(PY) -m ruff check peerdir tests build.py
	$(PY) build.py schema --check
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check peerdir tests build.py

# Rewrite the golden files from the current output; review the diff before committing.
golden: setup
	UPDATE_GOLDEN=1 $(PY) -m pytest tests -q -k golden

schema: setup
	$(PY) build.py schema

# Mutation testing (mutmut) of the date, report, area, problem and editing modules, each against the tests
# that exercise it (the table is in tests/mutants.py). It takes minutes, so it is not part of `make test`.
mutants: setup
	$(PY) tests/mutants.py

clean:
	rm -rf site site.new site.old .pytest_cache
