# The two commands of the README: `make demo` runs the main job, `make test` runs every test.
# Both create .venv and install into it when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo bench test audit lint format install clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt --config-settings editable_mode=compat -e '.[dev,bench,dask]'
	touch $(STAMP)

install: $(STAMP)

# The report tests open the HTML report in Debian's headless Chromium.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "make test needs Chromium at $(CHROMIUM) (Debian package chromium)"; exit 1; }
	$$([ "$$(id -u)" = 0 ] || echo sudo) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get install -y -qq --no-install-recommends chromium >/dev/null

demo: $(STAMP)
	$(BIN)/launchsync demo

bench: $(STAMP)
	$(BIN)/launchsync bench

# Test files (warehouses, the Prefect server's database) go to memory where the machine has
# /dev/shm: the suite commits thousands of small transactions, and a disk that syncs slowly
# would otherwise set its pace.
TEST_TMP := $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm/launchsync-pytest-$$(id -u))

test: $(STAMP) $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(if $(TEST_TMP),--basetemp=$(TEST_TMP)); status=$$?; \
	$(if $(TEST_TMP),rm -rf $(TEST_TMP);) exit $$status

# Known vulnerabilities in the pinned dependencies (policy: RELIABILITY.md, "Security").
audit: $(STAMP)
	.ci/audit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
