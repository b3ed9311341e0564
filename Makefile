# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SCENARIO ?= scenarios/reference.scenario
SUDO := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null && echo sudo)

.PHONY: deps build run notebook-data test bench clean

# OpenBLAS (cblas.h, LAPACK), zlib (--gzip) and pkg-config, through apt-get when pkg-config cannot
# find them.
deps:
	@pkg-config --exists openblas zlib 2>/dev/null || { \
	  echo "installing libopenblas-dev, zlib1g-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libopenblas-dev zlib1g-dev pkg-config; }

build: deps
	swift build -c release

# Writes notebooks-data/<scenario stem>/run/ (each command has its own folder there).
run: build
	.build/release/beyondpoc run $(SCENARIO)

# Every kind of result of $(SCENARIO) in its default folder (notebooks-data/<stem>/<command>/), for
# notebooks-data/example.ipynb, which CI executes: run (with the per-trial files, gzip-compressed),
# compare (every mix) and sweep. The sweep splits 20 M€ across three instruments of the reference
# scenario; another SCENARIO needs SWEEP_ARGS naming its own instruments.
SWEEP_ARGS ?= --budget 20M€ --vary recherche,defis,outils --steps 4
notebook-data: build
	.build/release/beyondpoc run $(SCENARIO) --per-trial --gzip --no-progress
	.build/release/beyondpoc compare $(SCENARIO) --no-progress
	.build/release/beyondpoc sweep $(SCENARIO) $(SWEEP_ARGS) --no-progress
# Sensitivity goes here once `beyondpoc sensitivity` exists (it writes notebooks-data/<stem>/sensitivity/,
# which the notebook's Sensitivity section reads):
#   .build/release/beyondpoc sensitivity $(SCENARIO) --no-progress

# Imports checked twice: SwiftPM's own check (silent here when a module is reachable through another
# dependency) and scripts/check-imports.py, which reads every target's imports against Package.swift.
test: deps
	python3 scripts/check-imports.py
	swift test --explicit-target-dependency-import-check error

# Touching the manifest makes SwiftPM notice files added to the root package since the last build.
bench: deps
	touch Benchmarks/Package.swift
	swift run -c release --package-path Benchmarks beyondpoc-bench $(GROUPS)

clean:
	rm -rf .build .build-* Benchmarks/.build Fuzz/.build
