#!/bin/bash
# test_roadmap_docx.sh: `roadmap export --format docx` from the sample store and the corpus, read back with python-docx.
# SPDX-License-Identifier: Apache-2.0
# The Word document's summary, category tables and annex must hold every entry of the JSON export, the
# hostile fixture's markup as plain text, and every part must be well-formed XML. Leaves $BUILD/roadmap.docx.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"

[ -x "$LIAISOND" ] && [ -x "$LIAISONCTL" ] || abort "no liaisond/liaisonctl in $BUILD"
"$PY" -c 'import docx' 2>/dev/null || abort "python3-docx not installed (apt-get install -y python3-docx): this test does not skip"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-docx.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
failure_logs() { echo "$WORK/sample/liaisond.log" "$WORK/err.txt"; }

for store in sample corpus; do
	mkdir -p "$WORK/$store"
	"${store}_store" "$WORK/$store" || abort "filing the $store store"
	CONF="$WORK/$store/liaisond.conf"
	"$LIAISONCTL" -c "$CONF" roadmap export --format json >"$WORK/$store.jsonl" 2>"$WORK/err.txt" ||
		abort "roadmap export --format json ($store)"
	"$LIAISONCTL" -c "$CONF" roadmap export --format docx -o "$WORK/$store.docx" 2>"$WORK/err.txt"
	check_eq "$store: roadmap export --format docx: exit status" "$?" 0
	n=$(wc -l <"$WORK/$store.jsonl")
	check "$store: $n entries, a docx of $(stat -c %s "$WORK/$store.docx" 2>/dev/null) bytes" [ "$n" -gt 0 ]
	hostile=()
	[ "$store" = sample ] && hostile=("$HOSTILE_TITLE")
	check "$store: the document holds every entry in its tables (reports_check.py)" \
		"$PY" "$SRC/tests/e2e/reports_check.py" roadmap-docx "$WORK/$store.docx" "$WORK/$store.jsonl" "${hostile[@]}"
done

# The same bytes on stdout through a pipe; a terminal gets a usage error instead of binary.
CONF="$WORK/sample/liaisond.conf"
"$LIAISONCTL" -c "$CONF" roadmap export --format docx >"$WORK/piped.docx" 2>"$WORK/err.txt"
check_eq "docx to a pipe: exit status" "$?" 0
check "docx to a pipe is a zip archive" "$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).testzip()' "$WORK/piped.docx"
"$LIAISONCTL" -c "$CONF" roadmap export --format docx -o /nonexistent/dir/x.docx 2>"$WORK/err.txt"
check_eq "docx into a missing folder: exit status" "$?" 1
cp "$WORK/sample.docx" "$BUILD/roadmap.docx" && note "the sample store's document in $BUILD/roadmap.docx"
finish
