#!/bin/bash
# test_version.sh: one version everywhere: CMake's project(), both programs' --version, the man pages, the Debian changelog.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/lib.sh"
want=$(sed -n 's/^project(liaisond VERSION \([0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$want" ] || abort "no version in CMakeLists.txt's project()"
check_eq "liaisond --version" "$("$LIAISOND" --version)" "liaisond $want"
check_eq "liaisonctl --version" "$("$LIAISONCTL" --version)" "liaisonctl $want"
for m in "$SRC"/man/*.[158]; do
	check_eq "$(basename "$m")'s .TH" "$(sed -n 's/^\.TH .*"liaisond \([^"]*\)".*/\1/p' "$m")" "$want"
done
check_eq "debian/changelog's upstream version" \
	"$(sed -n '1s/^liaisond (\([^-)]*\)-[^)]*).*/\1/p' "$SRC/debian/changelog")" "$want"
finish
