# The two commands of the README:
#   make run    install what is missing, build, verify the bundled example release
#   make test   install, build, run every test tier, then again under ASan+UBSan,
#               then the unit and cli tiers under ThreadSanitizer
# Other targets: build, asan, tsan, dist, fixtures, bench, fuzz, clean, golden.

# cmake's own make runs as a sub-make: no "Entering directory" lines.
MAKEFLAGS += --no-print-directory

BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
WERROR := $(if $(filter true,$(CI)),-DXV_WERROR=ON,)

.PHONY: all deps build asan tsan dist run test test-fast bench fuzz clean golden

all: build

deps:
	@bash scripts/deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(WERROR) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

asan: deps build
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DXV_SANITIZE=ON $(WERROR) \
	  -DXV_FIXTURE_DIR=$(abspath $(BUILD))/fixtures $(CMAKE_FLAGS) >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The release tarball: the portable configuration (static dependencies,
# cJSON bundled; docs/install.md) in its own build folder.
PORTABLE_BUILD ?= build-portable
dist: deps
	cmake -S . -B $(PORTABLE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXV_PORTABLE=ON \
	  -DXV_BUILD_TESTS=OFF $(WERROR) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(PORTABLE_BUILD) -j $(JOBS)
	cd $(PORTABLE_BUILD) && cpack -B pkg >/dev/null && ls pkg/*.tar.gz

# ThreadSanitizer: the reading, check and smoke threads (scripts/test.sh runs
# the unit and cli tiers in it).
tsan: deps build
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXV_TSAN=ON $(WERROR) \
	  -DXV_FIXTURE_DIR=$(abspath $(BUILD))/fixtures $(CMAKE_FLAGS) >/dev/null
	cmake --build $(TSAN_BUILD) -j $(JOBS)

# Only what the example needs (the program and the fixtures), not the tests.
run: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(WERROR) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target xverify fixtures
	bash scripts/run-example.sh $(BUILD)

test: build asan tsan
	bash scripts/test.sh $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE 'smoke|real|delivery'

# Every benchmark of tests/bench (medians of RUNS runs; never a pass/fail on time).
bench: build
	@for b in tests/bench/*.sh; do echo "== $$b"; RUNS=$${RUNS:-5} bash $$b $(BUILD)/xverify || exit 1; done

fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DXV_BUILD_FUZZERS=ON >/dev/null
	cmake --build build-fuzz -j $(JOBS)

golden: build
	cd $(BUILD) && XV_UPDATE_GOLDEN=1 ctest -L 'unit|cli' --output-on-failure

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(PORTABLE_BUILD) build-fuzz
