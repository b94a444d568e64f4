#!/bin/bash
# test_imap_ingest.sh: the imaps: source against a real Dovecot: corpus + generated mail filed exactly once, marked, one login per cycle.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

N=300
gen_messages "$T/gen" "$N" ingest
dc_save INBOX "$CORPUS"/*.eml "$T/gen"/*.eml || abort "loading the mailbox"
want=$(( $(corpus_distinct) + N ))
total=$(dc_count INBOX)

# A small chunk so that the search runs in several windows.
conf=$(lsd_conf main fetch_chunk=40)
l0=$(dc_logins)
lsd_once "$conf"
check_eq "first cycle: liaisond --once exit status" "$?" 0
check_eq "first cycle: documents filed" "$(doc_count)" "$want"
check_eq "first cycle: Message-IDs filed twice" "$(dup_count)" 0
check_eq "first cycle: messages marked \$Filed" "$(dc_count_keyword INBOX '$Filed')" "$total"
check_eq "first cycle: logins" "$(( $(dc_logins) - l0 ))" 1
check_eq "first cycle: messages still in INBOX in keyword mode" "$(dc_count INBOX)" "$total"

# The state: UIDVALIDITY and the highest UID done.
st=$(sqlite3 "$DB" "select count(*) from mailbox where name = 'INBOX'" 2>/dev/null || echo "")
[ "$st" = 1 ] || note "no mailbox row named INBOX in the store (schema changed?)"

# A re-poll files nothing and costs one login and one STATUS.
l0=$(dc_logins)
lsd_once "$conf" "$T/repoll.log"
check_eq "re-poll: exit status" "$?" 0
check_eq "re-poll: documents" "$(doc_count)" "$want"
check_not "re-poll: nothing filed" grep -q "filed as document" "$T/repoll.log"
check_eq "re-poll: logins" "$(( $(dc_logins) - l0 ))" 1

# New mail after a poll: only it is fetched.
gen_messages "$T/late" 5 late
dc_save INBOX "$T/late"/*.eml || abort "loading late mail"
LIAISOND_IMAP_TRACE=1 timeout 120 "$LIAISOND" -c "$conf" --once --foreground --log-level debug >"$T/late.log" 2>&1
check_eq "late mail: third --once exit status" "$?" 0
check_eq "late mail: documents" "$(doc_count)" "$((want + 5))"
check_eq "late mail: fetches (only the new)" "$(grep -c 'imap: C: .* UID FETCH' "$T/late.log")" 5
check_not "no password in any log" grep -q "$DC_PASS" "$T"/*.log
check_not "the trace does not show the login" grep -q 'C: A[0-9]* LOGIN\|AUTHENTICATE PLAIN [A-Za-z0-9+/=]' "$T/late.log"

# Folders: a sent folder is filed as outgoing; the watch list includes it.
gen_messages "$T/sent" 3 sent
dc_save Sent "$T/sent"/*.eml || abort "loading Sent"
conf2=$(lsd_conf sent fetch_chunk=40 'sent_folders = [ "Sent" ]')
lsd_once "$conf2" "$T/sent.log"
check_eq "sent folder: --once exit status" "$?" 0
check_eq "sent folder: outgoing documents" \
    "$(sqlite3 "$DB" "select count(*) from document where message_id like '%sent-%' and direction = 'outgoing'")" 3
check_eq "sent folder: messages marked \$Filed" "$(dc_count_keyword Sent '$Filed')" 3
finish
