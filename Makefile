# Every target bootstraps what it needs. `make serve` needs only python3 (>= 3.11) and make,
# and installs only what serving needs (the `local` extra); `make lint` and the CDK targets
# (and so `make test`) also need node and npm, for the TypeScript checker and the CDK CLI
# pinned in package.json, and install everything else.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SERVE_STAMP := $(VENV)/.serve-stamp
PYTEST_ARGS ?=
PORT ?= 8000
DATA_DIR ?= .data
# The CDK app (src/ourchat_infra): the CLI pinned in package.json, the Lambda wheels cached
# once by `make install` so that a synth needs no network.
NODE_STAMP := node_modules/.installed-stamp
LAMBDA_WHEELS := build/lambda-wheels
WHEELS_STAMP := $(LAMBDA_WHEELS)/.stamp
CDK := node_modules/.bin/cdk
# The web client (src/ourchat/gateway/static) is JavaScript with JSDoc types, served as it
# is: tsc only checks it and its unit tests (tsconfig.json), and node --test runs those.
TSC := node_modules/.bin/tsc
JS_TESTS := tests/js/
CDK_OUT ?= cdk.out
CDK_RECHECK_OUT := build/cdk.out.recheck
SYNTH_TIMEOUT_SECONDS := 600
# The spec's Region; the deploy Region itself comes from the deployer's AWS settings.
SYNTH_REGION ?= ap-southeast-2
# A synth gets no AWS credentials and, where the kernel gives it a network namespace of its
# own, no network: it proves `cdk synth` needs neither.
OFFLINE := $(shell unshare -rn true 2>/dev/null && echo unshare -rn)
NO_AWS := env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE \
	AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
CDK_SYNTH := timeout $(SYNTH_TIMEOUT_SECONDS) $(NO_AWS) $(OFFLINE) \
	$(CDK) synth --quiet --no-notices --no-version-reporting -c region=$(SYNTH_REGION)

.PHONY: install lint format test serve clean synth synth-check soak fuzz bench docs

# Serving: the package and its `local` extra only (about 70 MB, well under a minute).
$(SERVE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[local]'
	touch $(SERVE_STAMP)

# Everything else: the CDK app and the development tools (--group needs pip 25.1).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e '.[local,infra]' --group dev
	touch $(STAMP) $(SERVE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(WHEELS_STAMP): pyproject.toml src/ourchat_infra/wheels.py $(STAMP)
	rm -rf $(LAMBDA_WHEELS)
	$(BIN)/python -m ourchat_infra.wheels download $(LAMBDA_WHEELS)
	touch $(WHEELS_STAMP)

install: $(STAMP) $(NODE_STAMP) $(WHEELS_STAMP)

PY_DIRS := src tests benchmarks docgen

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(TSC) -p tsconfig.json

format: $(STAMP)
	$(BIN)/ruff check --fix $(PY_DIRS)
	$(BIN)/ruff format $(PY_DIRS)

# The generated documents (docs/asyncapi.yaml, the tables of docs/protocol.md, the web client's
# name table) from the protocol's declarations; `make test` fails while any of them lags.
docs: $(STAMP)
	$(BIN)/python -m docgen write

test: lint synth-check
	node --test $(JS_TESTS)
	$(BIN)/pytest $(PYTEST_ARGS)

# `cdk synth` of every stack, with the Lambda code bundled, offline and without credentials.
synth: install
	rm -rf $(CDK_OUT)
	$(CDK_SYNTH) --output $(CDK_OUT)

# A second synth of the same tree must give byte-identical templates and asset manifests (so
# the same asset hashes); then cfn-lint checks every template.
synth-check: synth
	rm -rf $(CDK_RECHECK_OUT)
	$(CDK_SYNTH) --output $(CDK_RECHECK_OUT)
	diff <(cd $(CDK_OUT) && sha256sum *.template.json *.assets.json) \
		<(cd $(CDK_RECHECK_OUT) && sha256sum *.template.json *.assets.json)
	$(BIN)/cfn-lint $(CDK_OUT)/*.template.json

serve: $(SERVE_STAMP)
	$(BIN)/ourchat serve --port $(PORT) --data-dir $(DATA_DIR)

# Longer reliability runs than `make test` holds; docs/reliability.md records their figures.
# soak: 1,000 connections in 50 groups for 60 s against `ourchat serve` (SOAK_ARGS: --help).
SOAK_ARGS ?=
FUZZ_EXAMPLES ?= 10000

soak: $(STAMP)
	timeout 900 $(BIN)/python -m benchmarks.soak $(SOAK_ARGS)

fuzz: $(STAMP)
	OURCHAT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) OURCHAT_LOG_LEVEL=WARNING timeout 3600 $(BIN)/pytest -q -s \
		tests/security/test_fuzz_frames.py::test_hostile_frames_get_documented_answers \
		tests/security/test_fuzz_frames.py::test_every_action_gets_documented_answers_to_its_own_fields
	OURCHAT_RESUME_EXAMPLES=100 OURCHAT_AGREE_EXAMPLES=200 OURCHAT_LOG_LEVEL=WARNING timeout 3600 \
		$(BIN)/pytest -q tests/e2e/test_resume_property.py tests/contract/test_stores_agree.py

# Benchmarks of the local stack (benchmarks/) against a raw WebSocket baseline, under 10
# minutes: writes results/bench/<time>/report.md with plots and the figures of
# docs/performance.md (BENCH_ARGS: --help).
BENCH_ARGS ?=

bench: install
	timeout 1200 $(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules build $(CDK_OUT) .mypy_cache .ruff_cache .pytest_cache .hypothesis \
		.import_linter_cache
