# Mosaic: two commands on a fresh Debian machine.
#   make serve   build (release) and run the server on its embedded PostgreSQL
#   make test    run every test
SHELL := /bin/bash
APT_PACKAGES := postgresql libpq-dev zlib1g-dev pkg-config python3 python3-venv
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: deps build release serve test test-swift test-sdk bench-http bench-ingest bench-identity bench-profiles clean

## Install the system packages Mosaic needs, only those that are missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

serve: release
	@echo "Mosaic on http://$(HOST):$(PORT)  (try: curl http://$(HOST):$(PORT)/ready)"
	.build/release/mosaic serve --host $(HOST) --port $(PORT)

test: deps test-swift test-sdk

## The executable first: the crash test drives the real `mosaic` binary.
test-swift:
	$(SWIFT) build --product mosaic
	$(SWIFT) test

## The tracking API driven by real Segment and RudderStack SDKs from PyPI.
test-sdk: .venv-sdk/ok
	$(SWIFT) build --product mosaic
	.venv-sdk/bin/python -m pytest -q tests/sdk

.venv-sdk/ok: tests/sdk/requirements.txt
	python3 -m venv .venv-sdk
	.venv-sdk/bin/pip install -q -r tests/sdk/requirements.txt
	touch $@

bench-http: release
	bash bench/http/run.sh

bench-ingest: release
	bash bench/ingest/run.sh

bench-identity: release
	bash bench/identity/run.sh

bench-profiles: release
	bash bench/profiles/run.sh

clean:
	rm -rf .build
