#!/bin/bash
# test_roadmap_html.sh: corpus roadmap inputs and a resubmission through liaisond, exported, and the HTML rendered in chromium.
# SPDX-License-Identifier: Apache-2.0
# Leaves $BUILD/roadmap.png.
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || abort "chromium not found (apt-get install -y chromium): this test does not skip"
command -v python3 >/dev/null || abort "python3 not found"
[ -x "$LIAISOND" ] && [ -x "$LIAISONCTL" ] || abort "no liaisond/liaisonctl in $BUILD"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-e2e.XXXXXX")
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-chromium.XXXXXX")
cleanup() {
	rm -rf "$PROFILE"
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
failure_logs() { echo "$WORK/chromium.log"; }
LOG_LINES=20

mkdir -p "$WORK/Maildir/new" "$WORK/Maildir/cur" "$WORK/Maildir/tmp" "$WORK/spool"
cat >"$WORK/liaisond.conf" <<CONF
store: { path = "$WORK/liaisond.db"; };
mailbox: { url = "maildir:$WORK/Maildir"; };
smtp: { url = "spool:$WORK/spool"; };
secretariat: { address = "tsbjcamv@itu.int"; };
CONF

deliver() { # FILE NAME: a Maildir delivery (tmp, then rename into new)
	cp "$1" "$WORK/Maildir/tmp/$2" && mv "$WORK/Maildir/tmp/$2" "$WORK/Maildir/new/$2" || abort "delivering $1"
}

run() { # the command, its output kept; each later step needs it, so a failure leaves nothing to test
	"$@" >"$WORK/out.txt" 2>"$WORK/err.txt"
	local rc=$?
	if [ "$rc" != 0 ]; then
		cat "$WORK/out.txt" "$WORK/err.txt"
		abort "failed ($rc): $*"
	fi
}

# (a) The three corpus inputs, then (a second cycle, so the order of filing is certain) the
# resubmission that changes one entry's status.
n=0
for f in "$CORPUS"/p04-*.eml "$CORPUS"/p05-*.eml "$CORPUS"/p06-*.eml; do
	[ -f "$f" ] || abort "missing corpus input $f"
	n=$((n + 1))
	deliver "$f" "1700000000.M${n}P1.roadmap-e2e"
done
run "$LIAISOND" -c "$WORK/liaisond.conf" --once
sleep 1.1
SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.1
deliver "$SRC/tests/fixtures/roadmap/sc24-roadmap-update.eml" "1700000100.M9P1.roadmap-e2e"
run "$LIAISOND" -c "$WORK/liaisond.conf" --once

# (b) The exports.
CTL=("$LIAISONCTL" -c "$WORK/liaisond.conf")
run "${CTL[@]}" roadmap export --format csv -o "$WORK/roadmap.csv"
run "${CTL[@]}" roadmap export --format html -o "$WORK/roadmap.html"
run "${CTL[@]}" roadmap export --format json
cp "$WORK/out.txt" "$WORK/roadmap.jsonl"
run "${CTL[@]}" roadmap export --format md
check "the markdown export has the table header" grep -q '^| SDO / Org. | Reference |' "$WORK/out.txt"
run "${CTL[@]}" roadmap changes --since "$SINCE" --json
cp "$WORK/out.txt" "$WORK/changes.jsonl"
"${CTL[@]}" roadmap export --format pdf >/dev/null 2>&1
check_eq "an unknown format: exit status" "$?" 2

# (c) The page in a real browser: the DOM after the script ran, and a screenshot.
CHROME_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
	--disable-component-update --disable-sync --user-data-dir="$PROFILE")
# The page as the browser built it is what roadmap_check.py reads: without it nothing is left to test.
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "file://$WORK/roadmap.html" \
	>"$WORK/dom.html" 2>"$WORK/chromium.log" || abort "chromium --dump-dom failed"
# The filter, opened from the page's address: one entry matches.
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "file://$WORK/roadmap.html#q=19775-1" \
	>"$WORK/dom-filtered.html" 2>>"$WORK/chromium.log"
check_eq "chromium --dump-dom (filtered): exit status" "$?" 0
check "the filter leaves exactly one entry" grep -q '<body[^>]*data-shown="1"' "$WORK/dom-filtered.html"
rm -f "$BUILD/roadmap.png"
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --screenshot="$BUILD/roadmap.png" --window-size=1280,2000 \
	"file://$WORK/roadmap.html" >>"$WORK/chromium.log" 2>&1
check_eq "chromium --screenshot: exit status" "$?" 0
check "a screenshot at $BUILD/roadmap.png" [ -s "$BUILD/roadmap.png" ]
check_eq "roadmap.png is a PNG (its signature)" \
    "$(head -c 8 "$BUILD/roadmap.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a

note "screenshot in $BUILD/roadmap.png"
check "the exports and the page hold the labelled rows, the resubmission and the changes (roadmap_check.py)" \
    python3 "$SRC/tests/e2e/roadmap_check.py" "$CORPUS" "$WORK"
finish
