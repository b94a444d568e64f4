#!/bin/bash
# test_roadmap_tables.sh: roadmap inputs as bodies really send them (renamed, reordered and extra columns, headers
# SPDX-License-Identifier: Apache-2.0
# over two rows, cover sheets, CSV dialects, text tables, HTML, the template's examples left in) parse to their labels.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$LIAISONCTL" parse --json "$SRC"/tests/fixtures/roadmap_tables/*.eml >"$T/out.jsonl"
check_eq "parse exits 0" "$?" 0
if python3 "$SRC/tests/compare.py" "$SRC/tests/fixtures/roadmap_tables" "$T/out.jsonl" >"$T/cmp"; then
	ok "all roadmap fixtures match their labels ($(tail -1 "$T/cmp"))"
else
	fail "roadmap fixtures differ from their labels:"; cat "$T/cmp"
fi
# The row without a title is reported, not filed.
check "the row without a title is rejected with a warning" \
	grep -q "draft-ietf-moq-catalogformat'): no title, rejected" "$T/out.jsonl"
finish
