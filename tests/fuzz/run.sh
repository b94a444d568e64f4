#!/usr/bin/env bash
# run.sh: runs every libFuzzer target of a -DLSD_FUZZ=ON build briefly on its seeds (CI smoke run).
# SPDX-License-Identifier: Apache-2.0
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]   (SECONDS per target, default 20)
set -u
build=${1:?usage: run.sh BUILD_DIR [SECONDS]}
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
found=0
for exe in "$build"/tests/fuzz/fuzz_*; do
	[ -x "$exe" ] && [ -f "$exe" ] || continue
	found=1
	name=$(basename "$exe")
	target=${name#fuzz_}
	# New inputs go to a scratch corpus; the committed seeds are only read.
	work=$(mktemp -d)
	seeds=()
	for d in "$here/seeds/$target" "$here/seeds/$name"; do
		[ -d "$d" ] && seeds+=("$d")
	done
	echo "== $name: ${secs}s on ${seeds[*]:-no seeds}"
	if ! "$exe" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$artifacts/$name-" -print_final_stats=1 "$work" "${seeds[@]}" \
		>"$artifacts/$name.log" 2>&1; then
		echo "FAIL $name (log: $artifacts/$name.log)"
		tail -n 40 "$artifacts/$name.log"
		status=1
	else
		grep -E '^stat::number_of_executed_units|^Done' "$artifacts/$name.log" | tr '\n' ' '
		echo
	fi
	rm -rf "$work"
done
if [ "$found" = 0 ]; then
	echo "no fuzz_* executables under $build/tests/fuzz (configure with CC=clang -DLSD_FUZZ=ON)" >&2
	exit 2
fi
exit $status
