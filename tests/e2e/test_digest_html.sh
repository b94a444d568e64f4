#!/bin/bash
# test_digest_html.sh: the digest's HTML alternative opened in headless Chromium: hostile subjects shown as text,
# SPDX-License-Identifier: Apache-2.0
# inline CSS only, no script or remote content, the same counts as the text part. Leaves $BUILD/digest.png.
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || abort "chromium not found (apt-get install -y chromium): this test does not skip"
[ -x "$LIAISOND" ] && [ -x "$LIAISONCTL" ] || abort "no liaisond/liaisonctl in $BUILD"
T=$(mktemp -d "${TMPDIR:-/tmp}/digest-e2e.XXXXXX")
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/digest-chromium.XXXXXX")
trap '[ -n "$KEEP" ] || rm -rf "$T" "$PROFILE"' EXIT
failure_logs() { echo "$T/log" "$T/chromium.log"; }
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/Maildir/.Sent/cur"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
sed -i 's/poll_interval = 1;/poll_interval = 1; sent_folders = [ "Sent" ];/' "$T/conf"
cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/Maildir/.Sent/cur/1.p03"
n=1
for f in p01-itu-ls-docx p11-ls-pdf p10-encoded-words p07-auto-reply p08-bounce p05-roadmap-input-csv; do
	n=$((n + 1))
	cp "$CORPUS/$f.eml" "$T/Maildir/new/$n.$f"
done
# A statement whose subject, title and body names try markup on the chairs' mail reader.
cat >"$T/Maildir/new/9.hostile" <<'MAIL'
From: Evil Forum <liaison@evil.example>
To: tsbjcamv@itu.int
Subject: LS <script>alert(1)</script><img src="http://evil.example/x.png"> & "friends"
Message-ID: <hostile-1@evil.example>
Date: Mon, 2 Mar 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

LIAISON STATEMENT
Source: <b>Evil Forum</b>
Title: <script>document.title='pwned'</script> metaverse <a href="http://evil.example">click</a>
For action to: JCA-MV
Deadline: 20 March 2026
MAIL
"$LIAISONCTL" -c "$T/conf" init >/dev/null 2>>"$T/log"
"$LIAISONCTL" -c "$T/conf" sdo contact add W3C w3c-liaison@example.org >/dev/null || abort "sdo contact add failed"
"$LIAISOND" --once -c "$T/conf" --now 2026-03-10T05:30:00Z 2>>"$T/log"
"$LIAISOND" --once -c "$T/conf" --now 2026-03-16T05:30:00Z 2>>"$T/log"
"$LIAISONCTL" -c "$T/conf" digest --dry-run --html --now 2026-03-16T05:30:00Z >"$T/dry.html"
check_eq "digest --dry-run --html exits 0" "$?" 0
# The HTML part of the digest as queued and sent.
python3 - "$T/digest.html" "$T/digest.txt" $(grep -l '^Subject: JCA-MV secretariat digest for 2026-03-10' "$T"/spool/digest-*.eml) <<'PY' || abort "no digest with an HTML part"
import email, email.policy, sys
out_html, out_text, files = sys.argv[1], sys.argv[2], sys.argv[3:]
m = email.message_from_binary_file(open(files[0], "rb"), policy=email.policy.default)
assert m.get_content_type() == "multipart/alternative", m.get_content_type()
kinds = [p.get_content_type() for p in m.iter_parts()]
assert kinds == ["text/plain", "text/html"], kinds
open(out_text, "w").write(m.get_body(("plain",)).get_content())
open(out_html, "w").write(m.get_body(("html",)).get_content())
PY
check "the HTML has no script, style sheet, image, frame or form" \
	bash -c "! grep -Eiq '<(script|style|link|img|iframe|object|embed|form|a )' '$T/digest.html'"
check "no remote address in it" bash -c "! grep -Eiq '(src|href)=\"|url\\(' '$T/digest.html'"
check "no layout Outlook cannot draw (flex, grid, position)" bash -c "! grep -Eiq 'display: *(flex|grid)|position:' '$T/digest.html'"
check "the hostile title is escaped" grep -q '&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; metaverse &lt;a href=&quot;http://evil.example&quot;&gt;click&lt;/a&gt;' "$T/digest.html"
check "so is the body's name" grep -q 'from &lt;b&gt;Evil Forum&lt;/b&gt;\|from Evil Forum' "$T/digest.html"
check "the dry run prints the HTML of the day" grep -q '<title>JCA-MV secretariat digest for 2026-03-16</title>' "$T/dry.html"

CHROME_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
	--disable-component-update --disable-sync --user-data-dir="$PROFILE")
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "file://$T/digest.html" >"$T/dom.html" 2>"$T/chromium.log" ||
	abort "chromium --dump-dom failed"
check "Chromium built no script element" bash -c "! grep -qi '<script' '$T/dom.html'"
check "and kept the title (no script ran)" grep -q '<title>JCA-MV secretariat digest for 2026-03-10</title>' "$T/dom.html"
python3 - "$T/dom.html" "$T/digest.txt" <<'PY' >"$T/compare.txt"
import html.parser, re, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.h2 = []; self.rows = 0; self.cur = None; self.counts = {}
    def handle_starttag(self, tag, attrs):
        if tag == "h2": self.cur = ""
        if tag == "tr" and self.h2 and not any(k == "colspan" for k, _ in attrs): pass
        if tag == "td" and ("colspan", "3") not in attrs and self.h2:
            self.counts[self.h2[-1]] = self.counts.get(self.h2[-1], 0) + 1
    def handle_data(self, d):
        if self.cur is not None: self.cur += d
    def handle_endtag(self, tag):
        if tag == "h2": self.h2.append(self.cur); self.cur = None
p = P(); p.feed(open(sys.argv[1]).read())
text = open(sys.argv[2]).read()
bad = 0
for h in p.h2:
    n = int(re.search(r"\((\d+)\)$", h).group(1))
    cells = p.counts.get(h, 0)
    if cells != 3 * n or ("\n%s\n" % h) not in text:
        print("mismatch:", h, cells // 3); bad = 1
print("sections", len(p.h2)); sys.exit(bad)
PY
check "each HTML section shows as many rows as its count, as in the text part" grep -q '^sections 1[0-9]$' "$T/compare.txt"
check "the hostile title is text on the page" grep -q "&lt;script&gt;document.title=" "$T/dom.html"
rm -f "$BUILD/digest.png" "$BUILD/digest-narrow.png"
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --screenshot="$BUILD/digest.png" --window-size=1280,2400 \
	"file://$T/digest.html" >>"$T/chromium.log" 2>&1
check_eq "chromium --screenshot: exit status" "$?" 0
check_eq "digest.png is a PNG" "$(head -c 8 "$BUILD/digest.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
timeout 120 "$CHROMIUM" "${CHROME_FLAGS[@]}" --screenshot="$BUILD/digest-narrow.png" --window-size=420,2400 \
	"file://$T/digest.html" >>"$T/chromium.log" 2>&1
check "a narrow (phone webmail) screenshot too" [ -s "$BUILD/digest-narrow.png" ]
note "screenshots in $BUILD/digest.png and $BUILD/digest-narrow.png"
finish
