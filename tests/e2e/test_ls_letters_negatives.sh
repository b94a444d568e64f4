#!/bin/bash
# test_ls_letters_negatives.sh: bodies' own liaison letters (IEEE SA, W3C, MSF) and covers (ITU-R, ITU-D, IEC,
# SPDX-License-Identifier: Apache-2.0
# true 3GPP covers, Word cover cells with one body per paragraph, reference rows), and hard negatives (meeting
# reports, agendas, TD covers, Outlook forwards, draft notifications), scored like the corpus.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$LIAISONCTL" parse --json "$SRC"/tests/fixtures/ls_letters_negatives/*.eml >"$T/out.jsonl"
check_eq "parse exits 0" "$?" 0
if python3 "$SRC/tests/compare.py" "$SRC/tests/fixtures/ls_letters_negatives" "$T/out.jsonl" >"$T/cmp"; then
	ok "all letter and negative fixtures match their labels ($(tail -1 "$T/cmp"))"
else
	fail "letter and negative fixtures differ from their labels:"; cat "$T/cmp"
fi
finish
