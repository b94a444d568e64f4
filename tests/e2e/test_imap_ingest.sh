#!/bin/bash
# test_imap_ingest.sh: the imaps: source against a real Dovecot: corpus + generated mail filed exactly once, marked, one login per cycle.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

N=300
gen_messages "$T/gen" "$N" ingest
dc_save INBOX "$CORPUS"/*.eml "$T/gen"/*.eml || fail "loading the mailbox"
want=$(( $(corpus_distinct) + N ))
total=$(dc_count INBOX)

# A small chunk so that the search runs in several windows.
conf=$(lsd_conf main fetch_chunk=40)
l0=$(dc_logins)
lsd_once "$conf" || fail "liaisond --once exited $?"
[ "$(doc_count)" = "$want" ] || fail "filed $(doc_count) documents, expected $want"
[ "$(dup_count)" = 0 ] || fail "$(dup_count) Message-IDs filed twice"
[ "$(dc_count_keyword INBOX '$Filed')" = "$total" ] || fail "$(dc_count_keyword INBOX '$Filed') of $total messages marked \$Filed"
[ "$(( $(dc_logins) - l0 ))" = 1 ] || fail "$(( $(dc_logins) - l0 )) logins in one cycle, expected 1"
[ "$(dc_count INBOX)" = "$total" ] || fail "messages left INBOX in keyword mode"
ok "first cycle: $want documents from $total messages, all marked, one login"

# The state: UIDVALIDITY and the highest UID done.
st=$(sqlite3 "$DB" "select count(*) from mailbox where name = 'INBOX'" 2>/dev/null || echo "")
[ "$st" = 1 ] || echo "note: no mailbox row named INBOX in the store (schema changed?)"

# A re-poll files nothing and costs one login and one STATUS.
l0=$(dc_logins)
lsd_once "$conf" "$T/repoll.log" || fail "second --once exited $?"
[ "$(doc_count)" = "$want" ] || fail "re-poll changed the count to $(doc_count)"
grep -q "filed as document" "$T/repoll.log" && fail "re-poll filed something"
[ "$(( $(dc_logins) - l0 ))" = 1 ] || fail "re-poll logged in $(( $(dc_logins) - l0 )) times"
ok "re-poll filed nothing"

# New mail after a poll: only it is fetched.
gen_messages "$T/late" 5 late
dc_save INBOX "$T/late"/*.eml || fail "loading late mail"
LIAISOND_IMAP_TRACE=1 timeout 120 "$LIAISOND" -c "$conf" --once --foreground --log-level debug >"$T/late.log" 2>&1 ||
    fail "third --once exited $?"
[ "$(doc_count)" = "$((want + 5))" ] || fail "late mail: $(doc_count) documents, expected $((want + 5))"
fetches=$(grep -c 'imap: C: .* UID FETCH' "$T/late.log")
[ "$fetches" = 5 ] || fail "late mail: $fetches fetches, expected 5"
grep -q "$DC_PASS" "$T"/*.log && fail "the password appears in a log"
grep -q 'C: A[0-9]* LOGIN\|AUTHENTICATE PLAIN [A-Za-z0-9+/=]' "$T/late.log" && fail "the trace shows the login"
ok "late mail: 5 new, 5 fetched, no secret in the trace"

# Folders: a sent folder is filed as outgoing; the watch list includes it.
gen_messages "$T/sent" 3 sent
dc_save Sent "$T/sent"/*.eml || fail "loading Sent"
conf2=$(lsd_conf sent fetch_chunk=40 'sent_folders = [ "Sent" ]')
lsd_once "$conf2" "$T/sent.log" || fail "--once with a sent folder exited $?"
out=$(sqlite3 "$DB" "select count(*) from document where message_id like '%sent-%' and direction = 'outgoing'")
[ "$out" = 3 ] || fail "sent folder: $out outgoing documents, expected 3"
[ "$(dc_count_keyword Sent '$Filed')" = 3 ] || fail "sent folder: messages not marked"
ok "sent folder filed as outgoing"
exit 0
