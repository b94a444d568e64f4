#!/bin/bash
# test_report.sh: `liaisonctl report` and the roadmap page in headless Chromium at 420 and 1280 pixels; exports.dir.
# SPDX-License-Identifier: Apache-2.0
# Leaves $BUILD/report-420.png, report-1280.png, roadmap-420.png and roadmap-1280.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || abort "chromium not found (apt-get install -y chromium): this test does not skip"
[ -x "$LIAISOND" ] && [ -x "$LIAISONCTL" ] || abort "no liaisond/liaisonctl in $BUILD"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/report-e2e.XXXXXX")
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/report-chromium.XXXXXX")
cleanup() {
	rm -rf "$PROFILE"
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
failure_logs() { echo "$WORK/chromium.log" "$WORK/err.txt" "$WORK/sample/liaisond.log"; }
LOG_LINES=20
CHROME_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
	--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$PROFILE")
dom() { # PAGE-URL OUT: the page as the browser built it, after its script ran
	timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "$1" >"$2" 2>>"$WORK/chromium.log"
}
shot() { # PAGE WIDTH PNG
	rm -f "$3"
	timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --screenshot="$3" --window-size="$2,2400" "file://$1" \
		>>"$WORK/chromium.log" 2>&1
	check "a screenshot of $(basename "$1") at $2 pixels: $3" "$PY" "$SRC/tests/e2e/reports_check.py" png "$3" "$2"
}

mkdir -p "$WORK/sample" "$WORK/corpus"
sample_store "$WORK/sample" "exports: { dir = \"www\"; };" || abort "filing the sample store"
CONF="$WORK/sample/liaisond.conf"
CTL=("$LIAISONCTL" -c "$CONF")
SC29=$(doc_number "$CONF" SC29-LS7)

# (a) The report as of 1 March 2026: three deadlines in the next 90 days concern the secretariat
# (JCA-MV-LS1's on the 15th, and SC29-LS7 and ISO/TC 307's, which ask the JCA-MV to act).
"${CTL[@]}" report --now 2026-03-01T12:00:00Z -o "$WORK/report.html" 2>"$WORK/err.txt"
check_eq "report: exit status" "$?" 0
"${CTL[@]}" roadmap export --format html -o "$WORK/roadmap.html" 2>"$WORK/err.txt"
check_eq "roadmap export --format html: exit status" "$?" 0
page=$(cat "$WORK/report.html")
statements=$("${CTL[@]}" list --json --kind liaison | wc -l)
entries=$("${CTL[@]}" roadmap export --format json | wc -l)
check "report: a strict Content-Security-Policy" grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$WORK/report.html"
check_not "report: nothing loaded from elsewhere" grep -qE '(src|href)="(https?:)?//|<link|<script src' "$WORK/report.html"
check_eq "report: one script, the page's own" "$(grep -o '<script' "$WORK/report.html" | wc -l)" 1
check_not "report: the hostile title's markup never raw" grep -qE '<script>alert|<img src=x|<b>Doe' "$WORK/report.html"
check "report: the hostile title escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;work&#39; ]]&gt;' "$WORK/report.html"
check "report: one register row per statement ($statements)" grep -q "<section id=\"register\" data-statements=\"$statements\">" "$WORK/report.html"
check "report: the matrix shows SC 29's answer" grep -qF "<td class=\"ans\">answered by $SC29</td>" "$WORK/report.html"
check "report: the other bodies asked are overdue after 2026-03-15" \
	grep -qF '<td class="open">open until 2026-03-15</td>' "$WORK/report.html"
check "report: three deadlines in the next 90 days" grep -q '<section id="timeline" data-deadlines="3">' "$WORK/report.html"
check "report: the roadmap's $entries entries" grep -q "<section id=\"roadmap\" data-entries=\"$entries\">" "$WORK/report.html"
bars=$(sed -n '/<figure class="chart" id="by-category">/,/<\/figure>/p' "$WORK/report.html" | grep -o 'data-n="[0-9]*"' |
	tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')
check_eq "report: the category bars add up to the entries" "$bars" "$entries"
"${CTL[@]}" report --now 2026-03-16 -o "$WORK/report-later.html" 2>"$WORK/err.txt"
check "report, a day after JCA-MV-LS1's deadline: overdue" grep -qF '<td class="over">overdue since 2026-03-15</td>' "$WORK/report-later.html"
"${CTL[@]}" report --format pdf >/dev/null 2>&1
check_eq "report --format pdf: exit status" "$?" 2

# (b) In the browser: the script filters (from the address, as a link would), no element came from mail.
dom "file://$WORK/report.html" "$WORK/dom.html" || fail "chromium --dump-dom report.html"
check "report in chromium: every statement shown" grep -q "<body data-shown=\"$statements\"" "$WORK/dom.html"
check_not "report in chromium: no element from mail" grep -qE '<img|<script>alert' "$WORK/dom.html"
dom "file://$WORK/report.html#q=SC29-LS7" "$WORK/dom-q.html" || fail "chromium --dump-dom report.html#q="
check "report in chromium: the filter leaves one statement" grep -q '<body data-shown="1"' "$WORK/dom-q.html"
dom "file://$WORK/roadmap.html" "$WORK/dom-rm.html" || fail "chromium --dump-dom roadmap.html"
check "roadmap in chromium: every entry" grep -q "<body data-entries=\"$entries\"[^>]*data-count=\"$entries\"" "$WORK/dom-rm.html"
check "roadmap page: sources by document number" grep -q '<td class="src" data-l="Source document" title="[^"]*">JCA-MV-Doc-[0-9]*</td>' "$WORK/roadmap.html"
check "roadmap page: the counts at the top" grep -q '<ul class="counts" id="by-status">' "$WORK/roadmap.html"
check "roadmap page: the hostile input's date, not the filing's" grep -q '<td class="when" data-l="Input of" data-v="2026-03-11">' "$WORK/roadmap.html"
for w in 420 1280; do
	shot "$WORK/report.html" "$w" "$BUILD/report-$w.png"
	shot "$WORK/roadmap.html" "$w" "$BUILD/roadmap-$w.png"
done

# (c) The corpus: the page is made and holds every statement.
corpus_store "$WORK/corpus" || abort "filing the corpus"
"$LIAISONCTL" -c "$WORK/corpus/liaisond.conf" report -o "$WORK/corpus.html" 2>"$WORK/err.txt"
check_eq "corpus: report: exit status" "$?" 0
n=$("$LIAISONCTL" -c "$WORK/corpus/liaisond.conf" list --json --kind liaison | wc -l)
check "corpus: one register row per statement ($n)" grep -q "data-statements=\"$n\"" "$WORK/corpus.html"

# (d) exports.dir (relative: next to the configuration): written by the first cycle, rewritten
# atomically after a cycle that files something, left alone by one that files nothing.
WWW="$WORK/sample/www"
for f in roadmap.html roadmap.csv roadmap.json report.html deadlines.ics; do
	check "exports.dir: $f written, readable by all" [ "$(stat -c %a "$WWW/$f" 2>/dev/null)" = 644 ]
done
check_eq "exports.dir: roadmap.json is the export" "$(wc -l <"$WWW/roadmap.json")" "$entries"
check "exports.dir: deadlines.ics is the ics feed" \
	diff <(grep -v DTSTAMP "$WWW/deadlines.ics") <("${CTL[@]}" ics | grep -v DTSTAMP)
before=$(stat -c %Y.%i "$WWW/report.html")
sleep 1.1
"$LIAISOND" -c "$CONF" --once >>"$WORK/sample/liaisond.log" 2>&1
check_eq "exports.dir: a cycle that files nothing leaves the files alone" "$(stat -c %Y.%i "$WWW/report.html")" "$before"
sed 's/ieee-roadmap.hostile@/ieee-roadmap.second@/; s/IEEE P7016,/IEEE P7030,/' \
	"$SRC/tests/fixtures/reports/hostile-roadmap.eml" >"$WORK/sample/Maildir/new/1700000200.M200P1.reports"
"$LIAISOND" -c "$CONF" --once >>"$WORK/sample/liaisond.log" 2>&1
check "exports.dir: a cycle that files a roadmap input rewrites the roadmap" grep -q 'IEEE P7030' "$WWW/roadmap.json"
check_not "exports.dir: the file was replaced, not rewritten in place" [ "$(stat -c %Y.%i "$WWW/report.html")" = "$before" ]
check_eq "exports.dir: no temporary file left" "$(find "$WWW" -name '*.tmp.*' | wc -l)" 0
printf 'exports: { dir = 5; };\n' >>"$WORK/corpus/liaisond.conf"
"$LIAISOND" -c "$WORK/corpus/liaisond.conf" --check-config >"$WORK/out.txt" 2>&1
check_eq "exports.dir = 5: exit status" "$?" 2
check "exports.dir = 5: the error names file, line and setting" grep -q 'liaisond.conf:[0-9]*: exports.dir: expected a string' "$WORK/out.txt"
finish
