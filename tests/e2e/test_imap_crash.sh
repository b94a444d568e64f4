#!/bin/bash
# test_imap_crash.sh: kill -9 of the daemon at random moments of an IMAP ingest, then a full --once: every message filed exactly once and marked.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

N=600
KILLS=6
gen_messages "$T/gen" "$N" crash
dc_deliver "$CORPUS"/*.eml "$T/gen"/*.eml || abort "loading the mailbox"
want=$(( $(corpus_distinct) + N ))
total=$(dc_count INBOX)
check_eq "Dovecot holds every message delivered" "$total" $((N + $(ls "$CORPUS"/*.eml | wc -l)))
conf=$(lsd_conf main fetch_chunk=50)

killed_mid=0
for k in $(seq 1 "$KILLS"); do
	before=$(doc_count)
	lsd_start_daemon "$conf"
	# Between 0.5 and 1.5 s: past start-up (so the message in hand differs from the last kill's) and mid-ingest.
	sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.5 + r / 32768 }')"
	lsd_kill_daemon 9
	after=$(doc_count)
	note "kill $k: $before -> $after documents"
	[ "$after" -lt "$want" ] && [ "$after" -gt "$before" ] && killed_mid=$((killed_mid + 1))
	check_eq "after kill $k: Message-IDs filed twice" "$(dup_count)" 0
done
[ "$killed_mid" -ge 2 ] || note "only $killed_mid kills landed mid-ingest (fast machine?)"

lsd_once "$conf"
check_eq "after $KILLS kills ($killed_mid mid-ingest), the final --once: exit status" "$?" 0
check_eq "Message-IDs filed twice" "$(dup_count)" 0
q=$(dc_count Quarantine 2>/dev/null || echo 0)
check_eq "messages quarantined (a kill hitting the same message twice would)" "$q" 0
check_eq "documents filed, each once" "$(doc_count)" "$want"
check_eq "messages marked \$Filed (of $total)" "$(dc_count_keyword INBOX '$Filed')" "$total"

# And the daemon, left running, finds nothing more to do.
lsd_start_daemon "$conf" "$T/daemon2.log"
sleep 3
lsd_kill_daemon TERM
check_not "a running daemon re-polls without filing" grep -q "filed as document" "$T/daemon2.log"
check_eq "the count stays" "$(doc_count)" "$want"
finish
