#!/bin/bash
# test_templates.sh: every body's LS template (ITU-T, 3GPP, ETSI, IETF, ISO) in every container (body, .docx,
# SPDX-License-Identifier: Apache-2.0
# .pdf, forwarded) parses to its label, scored like the corpus.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$LIAISONCTL" parse --json "$SRC"/tests/fixtures/templates/*.eml >"$T/out.jsonl"
check_eq "parse exits 0" "$?" 0
if python3 "$SRC/tests/compare.py" "$SRC/tests/fixtures/templates" "$T/out.jsonl" >"$T/cmp"; then
	ok "all template fixtures match their labels ($(tail -1 "$T/cmp"))"
else
	fail "template fixtures differ from their labels:"; cat "$T/cmp"
fi
finish
