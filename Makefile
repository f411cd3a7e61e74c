# The README's two commands. `make run` and `make test` install what is
# missing (apt), build, and run the example / every test.
BUILD ?= build
BUILD_ASAN ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

PREFIX ?= /usr/local

.PHONY: all deps build run test test-asan fuzz bench clean install

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja $(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

# The tool, libcxla and libcxla_runtime (shared and static), the headers,
# pkg-config and CMake package files and the Python package under PREFIX
# (cmake/cxla_install.cmake; docs/c_api.md).
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

run: build
	./scripts/run-example.sh $(BUILD)/cxla

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCXLA_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -LE slow

# Bounded libFuzzer runs of the text parser and the bytecode reader.
fuzz: deps
	./scripts/fuzz.sh

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) build-fuzz
