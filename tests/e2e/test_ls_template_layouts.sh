#!/bin/bash
# test_ls_template_layouts.sh: statements in layouts the template fixtures do not use (revisions, merged and four-column cover
# SPDX-License-Identifier: Apache-2.0
# tables, values on the next line, quoted originals, ACTION paragraphs, Datatracker purposes, ISO expected actions)
# and mail that only mentions liaison statements, scored like the corpus.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$LIAISONCTL" parse --json "$SRC"/tests/fixtures/ls_template_layouts/*.eml >"$T/out.jsonl"
check_eq "parse exits 0" "$?" 0
if python3 "$SRC/tests/compare.py" "$SRC/tests/fixtures/ls_template_layouts" "$T/out.jsonl" >"$T/cmp"; then
	ok "all template-layout fixtures match their labels ($(tail -1 "$T/cmp"))"
else
	fail "template-layout fixtures differ from their labels:"; cat "$T/cmp"
fi
finish
