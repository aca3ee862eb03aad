# The two commands in the README: `make serve` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The same site on ProperDocs instead of MkDocs (`build.py build --engine properdocs`), in an environment
# without MkDocs: the tests build the sample in both and compare them (tests/test_engines.py).
PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: setup properdocs browser serve build test lint golden schema validate new-issue report mutants pins clean

# A virtual environment in the repo root with every Python dependency at its pinned version,
# and the map's JavaScript libraries (Leaflet, leaflet.markercluster) from npm.
# --require-hashes: pip installs only files whose hash requirements.txt lists (made by `make pins`), so a
# file replaced on the index stops the install instead of running. --no-deps: requirements.txt is the
# whole set, resolved with Python 3.11; what a package wants only on another Python stays out instead of
# stopping the install there (libcst, for mutmut, wants pyyaml-ft on 3.13 for a command we never run).
# peerdir itself is installed from this folder, which has no hash to check, in a second step.
setup: $(STAMP) $(NODE_STAMP)
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)
# The ProperDocs environment, which the tests need (and `build.py build --engine properdocs`); the workflows do not.
properdocs: $(PROPERDOCS_STAMP)
$(PROPERDOCS_STAMP): requirements-properdocs.txt pyproject.toml
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements-properdocs.txt
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(PROPERDOCS_STAMP)

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

# The preview's port: `make serve PORT=8001` when 8000 is taken.
PORT ?= 8000
serve: setup
	$(PY) build.py serve --port $(PORT)

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

test: setup properdocs browser
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

# requirements.txt from requirements.in, after editing it (Dependabot does this itself in its pull
# requests): the pins there, what they pull in at the versions requirements.txt already has (pip-compile
# keeps them unless a pin needs another), and a hash of every file PyPI has for each version, so the same
# file installs on x86_64 and aarch64 and on every Python we support. Resolved with Python 3.11, the oldest
# we support and the workflows' (a newer one leaves out what only 3.11 needs), and against PyPI alone: a
# local pip configuration's extra indexes or wheel folders would add hashes of files PyPI does not have.
# pip-tools runs from an environment of its own, at this version, so .venv stays exactly requirements.txt.
PIP_TOOLS := pip-tools==7.6.2
PINS_VENV := $(VENV)/pip-tools
pins:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make pins needs Python 3.11: make pins PYTHON=python3.11")'
	@[ -x $(PINS_VENV)/bin/pip-compile ] && $(PINS_VENV)/bin/pip show pip-tools | grep -qx 'Version: $(PIP_TOOLS:pip-tools==%=%)' || { \
		$(PYTHON) -m venv $(PINS_VENV) && \
		$(PINS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '$(PIP_TOOLS)'; }
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
		$(PINS_VENV)/bin/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras \
		--output-file=requirements.txt requirements.in
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
		$(PINS_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --unsafe-package mkdocs \
		--output-file=requirements-properdocs.txt requirements-properdocs.in

clean:
	rm -rf site site.new site.old .pytest_cache
