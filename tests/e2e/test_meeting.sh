#!/bin/bash
# test_meeting.sh: `liaisonctl meeting`: the document list of a meeting as Markdown, HTML and Word, in the JCA-MV's wording.
# SPDX-License-Identifier: Apache-2.0
# The sample store and two hostile fixtures (one answers JCA-MV-LS1) give known lines, numbered as `list --json`
# numbers the documents; the corpus gives as many incoming statements as it holds. Leaves $BUILD/meeting.docx.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"

[ -x "$LIAISOND" ] && [ -x "$LIAISONCTL" ] || abort "no liaisond/liaisonctl in $BUILD"
"$PY" -c 'import docx' 2>/dev/null || abort "python3-docx not installed (apt-get install -y python3-docx): this test does not skip"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/meeting.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
failure_logs() { echo "$WORK/sample/liaisond.log" "$WORK/err.txt"; }

mkdir -p "$WORK/sample" "$WORK/corpus"
sample_store "$WORK/sample" || abort "filing the sample store"
CONF="$WORK/sample/liaisond.conf"
CTL=("$LIAISONCTL" -c "$CONF")
SPAN=(--since 2025-09-01 --until 2026-03-31 --now 2026-04-01)

n() { doc_number "$CONF" "$1"; }
LS1=$(n JCA-MV-LS1) SG17=$(n SG17-LS120) SG21=$(n SG21-LS82) TC307=$(n "ISO/TC 307 N 1234") SC29=$(n SC29-LS7)
IEEE=$(n "<ieee-roadmap.hostile@ieee.example>") SA1=$(n "<sa1-rm.20260210@etsi.example>")
check "every document number found ($LS1 $SG17 $SG21 $TC307 $SC29 $IEEE $SA1)" \
	[ -n "$LS1" ] && [ -n "$SG17" ] && [ -n "$SG21" ] && [ -n "$TC307" ] && [ -n "$SC29" ] && [ -n "$IEEE" ] && [ -n "$SA1" ]
# 3GPP SA1's roadmap input (from etsi.example, no contact 3GPP registered) only claims to answer for
# 3GPP TSG SA: the list names the claim and the obligation stays overdue.
# What the list must say, in this order: the report's wording (LS/{a|c|i}[/r] on TITLE (reply to REF) [from SOURCE]).
cat >"$WORK/expected.txt" <<EXP
Incoming liaison statements
$SG17: LS/a on common definition on “metaverse” [from ITU-T SG17]
$SG21: LS/i/r on the initiation of two new work items related to identity for metaverse (reply to SG20-LS9) [from ITU-T SG21]
$TC307: LS/a on DLT work related to metaverse [from ISO/TC 307]
$SC29: LS/a/r on <script>alert(1)</script> & "quoted" 'work' ]]> =HYPERLINK("http://x.example") <img src=x onerror=alert(2)> (reply to JCA-MV-LS1) [from ISO/IEC JTC 1/SC 29]
Inputs to the Metaverse Standardization Roadmap
IEEE SA
$IEEE: IEEE <script>alert(4)</script> roadmap input & more (2 roadmap entries)
Other input documents
Outgoing liaison statements of the secretariat
$LS1: LS/o on nomination of representatives to the JCA-MV and input to the Metaverse Standardization Roadmap (JCA-MV-LS1) [to 3GPP TSG SA, ETSI ISG ARF, IEEE SA, ISO/IEC JTC 1/SC 24, ISO/IEC JTC 1/SC 29, ISO/IEC JTC 1/SC 36, Metaverse Standards Forum, W3C]
– 3GPP TSG SA (action): answer claimed by $SA1 of 2026-02-10, not from its registered contact; overdue (deadline 2026-03-15)
– ISO/IEC JTC 1/SC 29 (action): answered by $SC29 (SC29-LS7) of 2026-03-10
– W3C (action): overdue, no answer (deadline 2026-03-15)
EXP

for f in md html docx; do
	"${CTL[@]}" meeting "${SPAN[@]}" --format "$f" -o "$WORK/meeting.$f" 2>"$WORK/err.txt"
	check_eq "meeting --format $f: exit status" "$?" 0
done
check "docx: every expected line, in order, as a paragraph (reports_check.py)" \
	"$PY" "$SRC/tests/e2e/reports_check.py" meeting-docx "$WORK/meeting.docx" "$WORK/expected.txt"
check "html: every expected line, in order, markup from mail as text, strict CSP (reports_check.py)" \
	"$PY" "$SRC/tests/e2e/reports_check.py" meeting-html "$WORK/meeting.html" "$WORK/expected.txt"
check "md: the hostile title escaped" grep -qF "LS/a/r on \\<script\\>alert(1)\\</script\\> \\& \"quoted\"" "$WORK/meeting.md"
check_not "md: no unescaped markup from mail" grep -qP '(?<!\\)<(script|img)' "$WORK/meeting.md"
check "md: the answer line" grep -qxF "    - ISO/IEC JTC 1/SC 29 (action): answered by $SC29 (SC29-LS7) of 2026-03-10" "$WORK/meeting.md"
for out in "$(n FG-MV-LS1)" "$(n SG20-LS45)"; do
	check_not "md: $out (dated before --since) is not listed" grep -q "$out:" "$WORK/meeting.md"
done
"${CTL[@]}" meeting --since 2026-03-11 --until 2026-03-11 --now 2026-04-01 >"$WORK/day.md" 2>"$WORK/err.txt"
check "a one-day span holds that day's roadmap input" grep -q "^- $IEEE: " "$WORK/day.md"
check_not "a one-day span leaves out the day before" grep -q "^- $SC29: " "$WORK/day.md"

# Usage errors exit 2 and write nothing.
for bad in "--until 2026-01-01" "--since 2026-03-01 --until 2026-01-01" "--since 2026-01-01 --format pdf" \
	"--since yesterday" "--since 2026-01-01 extra"; do
	# shellcheck disable=SC2086
	"${CTL[@]}" meeting $bad >"$WORK/out.txt" 2>&1
	check_eq "meeting $bad: exit status" "$?" 2
done

# The corpus: one incoming-statement line per incoming statement filed.
corpus_store "$WORK/corpus" || abort "filing the corpus"
CCONF="$WORK/corpus/liaisond.conf"
for f in md html docx; do
	"$LIAISONCTL" -c "$CCONF" meeting --since 2000-01-01 --format "$f" -o "$WORK/corpus.$f" 2>"$WORK/err.txt"
	check_eq "corpus: meeting --format $f: exit status" "$?" 0
done
want=$("$LIAISONCTL" -c "$CCONF" list --json --kind liaison | "$PY" -c '
import json, sys
print(sum(1 for l in sys.stdin if json.loads(l)["direction"] == "incoming"))')
got=$(sed -n '/^## Incoming/,/^## /p' "$WORK/corpus.md" | grep -c '^- JCA-MV-Doc-[0-9]*: LS/[aci]\(/r\)\? on .* \\\[from .*\\\]$')
check_eq "corpus: incoming statements listed" "$got" "$want"
cp "$WORK/meeting.docx" "$BUILD/meeting.docx" && note "the sample meeting list in $BUILD/meeting.docx"
finish
