#!/bin/bash
# test_roadmap_html.sh: corpus roadmap inputs and a resubmission through liaisond, exported, and the HTML rendered in chromium.
# Env: BUILD (build dir), SRC (source dir), CORPUS (labelled corpus). Leaves $BUILD/roadmap.png.
set -euo pipefail

: "${BUILD:?BUILD must name the build directory}"
: "${SRC:?SRC must name the source directory}"
: "${CORPUS:?CORPUS must name the corpus directory}"

fail() {
	echo "test_roadmap_html: $*" >&2
	exit 1
}

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || fail "chromium not found (apt-get install -y chromium): this test does not skip"
command -v python3 >/dev/null || fail "python3 not found"
[ -x "$BUILD/liaisond" ] && [ -x "$BUILD/liaisonctl" ] || fail "no liaisond/liaisonctl in $BUILD"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-e2e.XXXXXX")
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-chromium.XXXXXX")
cleanup() {
	rm -rf "$PROFILE"
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

mkdir -p "$WORK/Maildir/new" "$WORK/Maildir/cur" "$WORK/Maildir/tmp" "$WORK/spool"
cat >"$WORK/liaisond.conf" <<CONF
store: { path = "$WORK/liaisond.db"; };
mailbox: { url = "maildir:$WORK/Maildir"; };
smtp: { url = "spool:$WORK/spool"; };
secretariat: { address = "tsbjcamv@itu.int"; };
CONF

deliver() { # FILE NAME: a Maildir delivery (tmp, then rename into new)
	cp "$1" "$WORK/Maildir/tmp/$2"
	mv "$WORK/Maildir/tmp/$2" "$WORK/Maildir/new/$2"
}

run() { # the command, its output kept for the failure message
	if ! "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"; then
		cat "$WORK/out.txt" "$WORK/err.txt" >&2
		fail "failed ($?): $*"
	fi
}

# (a) The three corpus inputs, then (a second cycle, so the order of filing is certain) the
# resubmission that changes one entry's status.
n=0
for f in "$CORPUS"/p04-*.eml "$CORPUS"/p05-*.eml "$CORPUS"/p06-*.eml; do
	[ -f "$f" ] || fail "missing corpus input $f"
	n=$((n + 1))
	deliver "$f" "1700000000.M${n}P1.roadmap-e2e"
done
run "$BUILD/liaisond" -c "$WORK/liaisond.conf" --once
sleep 1.1
SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.1
deliver "$SRC/tests/fixtures/roadmap/sc24-roadmap-update.eml" "1700000100.M9P1.roadmap-e2e"
run "$BUILD/liaisond" -c "$WORK/liaisond.conf" --once

# (b) The exports.
CTL=("$BUILD/liaisonctl" -c "$WORK/liaisond.conf")
run "${CTL[@]}" roadmap export --format csv -o "$WORK/roadmap.csv"
run "${CTL[@]}" roadmap export --format html -o "$WORK/roadmap.html"
run "${CTL[@]}" roadmap export --format json
cp "$WORK/out.txt" "$WORK/roadmap.jsonl"
run "${CTL[@]}" roadmap export --format md
grep -q '^| SDO / Org. | Reference |' "$WORK/out.txt" || fail "markdown export has no table header"
run "${CTL[@]}" roadmap changes --since "$SINCE" --json
cp "$WORK/out.txt" "$WORK/changes.jsonl"
set +e
"${CTL[@]}" roadmap export --format pdf >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || fail "an unknown format exits $rc, want 2"

# (c) The page in a real browser: the DOM after the script ran, and a screenshot.
CHROME_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
	--disable-component-update --disable-sync --user-data-dir="$PROFILE")
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "file://$WORK/roadmap.html" \
	>"$WORK/dom.html" 2>"$WORK/chromium.log" || { tail -20 "$WORK/chromium.log" >&2; fail "chromium --dump-dom failed"; }
# The filter, opened from the page's address: one entry matches.
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "file://$WORK/roadmap.html#q=19775-1" \
	>"$WORK/dom-filtered.html" 2>>"$WORK/chromium.log" || fail "chromium --dump-dom (filtered) failed"
grep -q '<body[^>]*data-shown="1"' "$WORK/dom-filtered.html" || fail "the filter did not leave exactly one entry"
rm -f "$BUILD/roadmap.png"
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --screenshot="$BUILD/roadmap.png" --window-size=1280,2000 \
	"file://$WORK/roadmap.html" >>"$WORK/chromium.log" 2>&1 || { tail -20 "$WORK/chromium.log" >&2; fail "chromium --screenshot failed"; }
[ -s "$BUILD/roadmap.png" ] || fail "no screenshot at $BUILD/roadmap.png"
[ "$(head -c 8 "$BUILD/roadmap.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "roadmap.png is not a PNG"

python3 "$SRC/tests/e2e/roadmap_check.py" "$CORPUS" "$WORK"
echo "test_roadmap_html: ok (screenshot in $BUILD/roadmap.png)"
