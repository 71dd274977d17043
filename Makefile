# The two commands README.md promises: `make demo` and `make test`. Both install what they need.
PRESET  ?= release
BUILD   := build/$(PRESET)
ANXIN   := $(BUILD)/server/anxin
DB_URL  ?= sqlite://$(CURDIR)/var/anxin.db
export ANXIN_DATA_DIR := $(CURDIR)/data
# ccache hits across clones in different directories (CI clones afresh every run).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
# A Node ≥ 20.19 fetched by scripts/install-deps.sh when the system's is older (Debian 12's 18).
export PATH := $(CURDIR)/.tools/bin:$(PATH)

.PHONY: deps build web web-test e2e demo test test-sanitize test-unit check-layering clean

deps:
	bash scripts/install-deps.sh

build: deps
	@test -f $(BUILD)/build.ninja || cmake --preset $(PRESET) >/dev/null
	cmake --build $(BUILD)

# web console: npm ci only when web/node_modules is older than the lock file; build when a source changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
               web/tsconfig.json web/package-lock.json
web: web/dist/index.html
web/node_modules/.package-lock.json: web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

# Type-check, unit tests, then the browser tests against the built binary (scripts/e2e.sh).
web-test: web
	cd web && npx vue-tsc --noEmit && npx vue-tsc --noEmit -p tsconfig.node.json && npx vitest run
e2e: build web
	bash scripts/e2e.sh $(ANXIN)

demo: build web
	@mkdir -p var
	bash scripts/demo.sh $(ANXIN) "$(DB_URL)"

# Every test on SQLite and, through a throw-away server, on PostgreSQL.
test: build check-layering
	bash scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure
	$(MAKE) --no-print-directory web-test e2e

# The C++ suite under ASan + UBSan (SQLite backend; scripts/sanitize.sh). CI runs it after `make test`.
test-sanitize:
	bash scripts/sanitize.sh

# SQLite only, no PostgreSQL server (fast local loop).
test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure

# Only storage/ may include the database client headers.
check-layering:
	@bash scripts/check-layering.sh

clean:
	rm -rf build
