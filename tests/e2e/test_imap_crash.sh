#!/bin/bash
# test_imap_crash.sh: kill -9 of the daemon at random moments of an IMAP ingest, then a full --once: every message filed exactly once and marked.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

N=600
KILLS=6
gen_messages "$T/gen" "$N" crash
dc_deliver "$CORPUS"/*.eml "$T/gen"/*.eml || fail "loading the mailbox"
want=$(( $(corpus_distinct) + N ))
total=$(dc_count INBOX)
[ "$total" = $((N + $(ls "$CORPUS"/*.eml | wc -l))) ] || fail "Dovecot holds $total messages after delivery"
conf=$(lsd_conf main fetch_chunk=50)

killed_mid=0
for k in $(seq 1 "$KILLS"); do
	before=$(doc_count)
	lsd_start_daemon "$conf"
	# Between 0.5 and 1.5 s: past start-up (so the message in hand differs from the last kill's) and mid-ingest.
	sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.5 + r / 32768 }')"
	lsd_kill_daemon 9
	after=$(doc_count)
	echo "kill $k: $before -> $after documents"
	[ "$after" -lt "$want" ] && [ "$after" -gt "$before" ] && killed_mid=$((killed_mid + 1))
	[ "$(dup_count)" = 0 ] || fail "after kill $k: $(dup_count) Message-IDs filed twice"
done
[ "$killed_mid" -ge 2 ] || echo "note: only $killed_mid kills landed mid-ingest (fast machine?)"

lsd_once "$conf" || fail "the final --once exited $?"
[ "$(dup_count)" = 0 ] || fail "$(dup_count) Message-IDs filed twice"
q=$(dc_count Quarantine 2>/dev/null || echo 0)
[ "$q" = 0 ] || fail "$q messages quarantined (a kill hit the same message twice?)"
[ "$(doc_count)" = "$want" ] || fail "filed $(doc_count) documents, expected $want"
marked=$(dc_count_keyword INBOX '$Filed')
[ "$marked" = "$total" ] || fail "$marked of $total messages marked \$Filed"
ok "$KILLS kills ($killed_mid mid-ingest), then --once: $want documents, each once, all $total marked"

# And the daemon, left running, finds nothing more to do.
lsd_start_daemon "$conf" "$T/daemon2.log"
sleep 3
lsd_kill_daemon TERM
grep -q "filed as document" "$T/daemon2.log" && fail "the daemon filed something after the full run"
[ "$(doc_count)" = "$want" ] || fail "count changed to $(doc_count)"
ok "a running daemon re-polls without filing"
exit 0
