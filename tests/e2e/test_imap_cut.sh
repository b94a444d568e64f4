#!/bin/bash
# test_imap_cut.sh: the IMAP connection cut in the middle of a FETCH literal (a proxy in front of Dovecot):
# SPDX-License-Identifier: Apache-2.0
# the half-read message is neither filed nor quarantined; later cycles file everything once and mark it.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

CUTS=3
PROXY=
proxy_cleanup() {
	[ -n "$PROXY" ] && kill "$PROXY" 2>/dev/null && wait "$PROXY" 2>/dev/null
	lsd_cleanup
}
trap proxy_cleanup EXIT

N=60
gen_messages "$T/gen" "$N" cut
dc_deliver "$CORPUS"/*.eml "$T/gen"/*.eml || abort "loading the mailbox"
want=$(($(corpus_distinct) + N))
total=$(dc_count INBOX)
# Cut the first three connections, each half-way through the first message of 200 bytes or more after the
# 15th: in the middle of an ingest, with messages filed before the cut in the same cycle.
python3 "$SRC/tests/integration/cut_proxy.py" --target "$DC_IMAP_PORT" --port-file "$T/proxy.port" \
	--log "$T/cuts.log" --cuts "$CUTS" --min 200 --after 15 --lifetime 600 &
PROXY=$!
for _ in $(seq 1 50); do [ -s "$T/proxy.port" ] && break; sleep 0.1; done
[ -s "$T/proxy.port" ] || abort "cut_proxy.py did not start"
conf=$(lsd_conf main url="imap://127.0.0.1:$(cat "$T/proxy.port")/INBOX" starttls=false fetch_chunk=10)

for i in 1 2 3; do
	lsd_once "$conf" "$T/cut$i.log"
	rc=$?
	note "cycle $i: exit $rc, $(doc_count) documents, $(grep -c . "$T/cuts.log" 2>/dev/null || echo 0) cuts so far"
	check "cycle $i: a cut connection is an error of the cycle, not a crash (exit $rc)" [ "$rc" -le 1 ]
	check_eq "cycle $i: nothing quarantined (a half message is not a message to judge)" \
		"$(sqlite3 "$DB" 'select count(*) from quarantine' 2>/dev/null || echo 0)" 0
done
check "the cuts came mid-ingest (documents filed in the cycles that were cut)" [ "$(doc_count)" -ge 30 ]
check_eq "the proxy cut $CUTS connections mid-FETCH" "$(grep -c 'cut in literal' "$T/cuts.log")" "$CUTS"
check "liaisond logged the IMAP error, naming the message" grep -q "imap: fetching UID" "$T/cut1.log"
for i in 4 5 6; do
	lsd_once "$conf" "$T/after$i.log"
done
check_eq "after the cuts: the last cycle exits 0" "$?" 0
check_eq "every message filed" "$(doc_count)" "$want"
check_eq "none filed twice" "$(dup_count)" 0
check_not "no half message filed (it would clash with the whole one's Message-ID)" \
	grep -q "filed already with other content" "$T"/cut*.log "$T"/after*.log
check_eq "every message marked \$Filed" "$(dc_count_keyword INBOX '$Filed')" "$total"
check_not "no sanitizer report" grep -q 'AddressSanitizer\|runtime error\|Segmentation' "$T"/cut*.log "$T"/after*.log
finish
