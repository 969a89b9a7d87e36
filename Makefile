# hotline — the two commands a newcomer needs are `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= 2
DEMO_DB ?= var/hotline.db
DEMO_PASSWORD ?= demo123
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build run test bench format clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)
	scripts/build-web.sh $(BUILD_DIR)

# Serves the demo district on http://127.0.0.1:8080, creating it on first run.
run: build
	@mkdir -p $(dir $(DEMO_DB))
	@[ -f $(DEMO_DB) ] || $(BUILD_DIR)/hotline demo --db $(DEMO_DB) --password $(DEMO_PASSWORD)
	$(BUILD_DIR)/hotline serve --db $(DEMO_DB) --listen $(LISTEN)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

bench: build
	scripts/bench.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD_DIR)
