#!/bin/bash
# test_unseen2.sh: a second, independent round of statements (Word cover cells with one body per paragraph, ITU-R
# and ITU-D covers, IEC numbers, bodies' own liaison letters, true 3GPP covers, reference rows) and hard negatives
# (meeting reports, agendas, TD covers, Outlook forwards, draft notifications), scored like the corpus.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$LIAISONCTL" parse --json "$SRC"/tests/fixtures/unseen2/*.eml >"$T/out.jsonl"
check_eq "parse exits 0" "$?" 0
if python3 "$SRC/tests/compare.py" "$SRC/tests/fixtures/unseen2" "$T/out.jsonl" >"$T/cmp"; then
	ok "all unseen2 fixtures match their labels ($(tail -1 "$T/cmp"))"
else
	fail "unseen2 fixtures differ from their labels:"; cat "$T/cmp"
fi
finish
