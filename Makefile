# The two commands README.md promises: `make demo` and `make test`. Both install what they need.
PRESET  ?= release
BUILD   := build/$(PRESET)
ANXIN   := $(BUILD)/server/anxin
DB_URL  ?= sqlite://$(CURDIR)/var/anxin.db
export ANXIN_DATA_DIR := $(CURDIR)/data

.PHONY: deps build demo test test-unit check-layering clean

deps:
	bash scripts/install-deps.sh

build: deps
	@test -f $(BUILD)/build.ninja || cmake --preset $(PRESET) >/dev/null
	cmake --build $(BUILD)

demo: build
	@mkdir -p var
	bash scripts/demo.sh $(ANXIN) "$(DB_URL)"

# Every test on SQLite and, through a throw-away server, on PostgreSQL.
test: build check-layering
	bash scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure

# SQLite only, no PostgreSQL server (fast local loop).
test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure

# Only storage/ may include the database client headers.
check-layering:
	@bash scripts/check-layering.sh

clean:
	rm -rf build
