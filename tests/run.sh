#!/bin/bash
# run.sh: the whole test suite on Debian 12: installs what it needs (as root), builds with -Werror under
# SPDX-License-Identifier: Apache-2.0
# ASan/UBSan, runs the unit and end-to-end tests (real Dovecot on loopback, headless Chromium), then the fuzzers.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
if [ "$(id -u)" = 0 ] && [ "${LSD_SKIP_APT:-0}" != 1 ]; then
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		$(cat .ci/packages-build .ci/packages-test) >/dev/null
fi
# Layout is clang-format's (.clang-format): a file that drifts fails here, before anything is built.
clang-format --dry-run --Werror $(git ls-files '*.c' '*.h' 2>/dev/null || find common daemon parsers rules store tests -name '*.[ch]')
# The house rules a compiler does not check (banned calls, upward includes, libraries outside their home,
# functions over 80 lines, summary comments): tests/checksrc says what and why. Its self-test first, so that a
# check that has stopped finding anything cannot pass the tree.
python3 tests/checksrc --expect tests/fixtures/checksrc/expected.txt tests/fixtures/checksrc
python3 tests/checksrc

# The optimiser sees more (maybe-uninitialized, format-truncation): the release build must be warning-free too.
cmake -S . -B build-release -DLSD_WERROR=ON -DLSD_REQUIRE_UNIT_TESTS=ON -DCMAKE_BUILD_TYPE=Release
cmake --build build-release -j"$(nproc)"

export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1
export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

cmake -S . -B build-test -DLSD_WERROR=ON -DLSD_SANITIZE=ON -DLSD_REQUIRE_UNIT_TESTS=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build build-test -j"$(nproc)"
ctest --test-dir build-test --output-on-failure --timeout 1500

CC=clang cmake -S . -B build-fuzz -DLSD_FUZZ=ON -DBUILD_TESTING=OFF -DLSD_WERROR=ON
cmake --build build-fuzz -j"$(nproc)"
bash tests/fuzz/run.sh build-fuzz "${LSD_FUZZ_SECONDS:-15}"

# The Debian package: built, checked by lintian, its unit verified; installed and run where allowed.
bash tests/package/test_deb.sh
echo "tests/run.sh: all tests passed"
