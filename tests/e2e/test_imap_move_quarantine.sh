#!/bin/bash
# test_imap_move_quarantine.sh: mark = "move" (UID MOVE, then COPY/\Deleted/UID EXPUNGE without MOVE), quarantine and liaisonctl requeue over IMAP.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require
[ -x "$LIAISONCTL" ] || abort "no $LIAISONCTL"

N=20
ncorpus=$(ls "$CORPUS"/*.eml | wc -l)
gen_messages "$T/gen" "$N" move
printf 'no header here at all\njust text\n' >"$T/bad1.eml"
printf ':\n\n' >"$T/bad2.eml"
dc_save INBOX "$CORPUS"/*.eml "$T/gen"/*.eml "$T/bad1.eml" "$T/bad2.eml" || abort "loading the mailbox"
dc_save Keep "$T/gen/move-1.eml" || abort "creating Keep"
want=$(( $(corpus_distinct) + N ))
conf=$(lsd_conf move 'mark = "move"' fetch_chunk=7)

# 1. UID MOVE (Dovecot offers MOVE): filed mail leaves INBOX for Filed, created on first use; bad mail goes to Quarantine.
l0=$(dc_logins)
lsd_once "$conf"
check_eq "move mode: --once exit status" "$?" 0
check_eq "move mode: logins in one cycle" "$(( $(dc_logins) - l0 ))" 1
check_eq "move mode: documents" "$(doc_count)" "$want"
check_eq "move mode: messages left in INBOX" "$(dc_count INBOX)" 0
check_eq "move mode: messages in Filed (created)" "$(dc_count Filed)" $((ncorpus + N))
check_eq "move mode: messages in Quarantine (created)" "$(dc_count Quarantine)" 2
check_eq "move mode: held in the store's quarantine" \
    "$(sqlite3 "$DB" "select count(*) from quarantine where state = 'held'")" 2
check_eq "move mode: another folder untouched" "$(dc_count Keep)" 1

# 2. liaisonctl requeue: the message goes back to INBOX (found by its quarantine keyword) and is processed again.
id=$(sqlite3 "$DB" "select min(id) from quarantine where state = 'held'")
key=$(sqlite3 "$DB" "select source_key from quarantine where id = $id")
timeout 60 "$LIAISONCTL" -c "$conf" requeue "$id" >"$T/requeue.log" 2>&1
check_eq "liaisonctl requeue $id ($key): exit status" "$?" 0
check_eq "after requeue: in Quarantine" "$(dc_count Quarantine)" 1
check_eq "after requeue: in INBOX" "$(dc_count INBOX)" 1
timeout 60 "$LIAISONCTL" -c "$conf" requeue "$id" >"$T/requeue2.log" 2>&1
check "a requeue of a requeued message is refused" [ "$?" != 0 ]
lsd_once "$conf" "$T/again.log"
check_eq "--once after requeue: exit status" "$?" 0
check "the requeued message is processed again" grep -q "quarantined: not a message" "$T/again.log"
check_not "under a new UID, not its old key" grep -q "$key: quarantined" "$T/again.log"
check_eq "after the second pass: in Quarantine" "$(dc_count Quarantine)" 2
check_eq "after the second pass: in INBOX" "$(dc_count INBOX)" 0

# 3. A server without MOVE: UID COPY, \Deleted and UID EXPUNGE of that UID only. A message a person
#    marked \Deleted (and that is not ours to take: it carries the keyword) must survive: a plain EXPUNGE would purge it.
dc_stop
DC_CAPS="IMAP4rev1 LITERAL+ SASL-IR UIDPLUS NAMESPACE" dc_start "$DC_DIR" >"$T/dc-restart.log" 2>&1 ||
    abort "dovecot did not restart"
gen_messages "$T/gen2" 5 nomove
dc_save INBOX "$T/gen2"/*.eml || abort "loading"
dc_save INBOX "$T/gen/move-2.eml" || abort "loading"
doveadm -c "$DC_CONF" flags add -u "$DC_USER" '\Deleted $Filed' mailbox INBOX header Message-ID '<move-2@test.invalid>' ||
    abort "doveadm flags add"
LIAISOND_IMAP_TRACE=1 timeout 120 "$LIAISOND" -c "$conf" --once --foreground --log-level debug >"$T/nomove.log" 2>&1
check_eq "without MOVE: --once exit status" "$?" 0
check_not "without MOVE: no UID MOVE sent" grep -q "C: A[0-9]* UID MOVE" "$T/nomove.log"
check "without MOVE: UID COPY" grep -q "C: A[0-9]* UID COPY" "$T/nomove.log"
check "without MOVE: UID EXPUNGE" grep -q "C: A[0-9]* UID EXPUNGE" "$T/nomove.log"
check_not "without MOVE: no plain EXPUNGE" grep -q "C: A[0-9]* EXPUNGE" "$T/nomove.log"
check_eq "without MOVE: documents" "$(doc_count)" "$((want + 5))"
check_eq "without MOVE: in INBOX, only the one a person marked \\Deleted" "$(dc_count INBOX)" 1
check_eq "without MOVE: in Filed" "$(dc_count Filed)" $((ncorpus + N + 5))
finish
