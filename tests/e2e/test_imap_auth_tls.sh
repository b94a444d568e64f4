#!/bin/bash
# test_imap_auth_tls.sh: a wrong password, an unverifiable certificate, STARTTLS and unsafe settings: clear refusals, no hammering.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

dc_save INBOX "$CORPUS"/p01*.eml "$CORPUS"/p02*.eml || fail "loading the mailbox"
printf 'not-the-password' >"$T/wrong"
chmod 600 "$T/wrong"

# 1. Wrong password: --once exits 1 and says so; the password is in no output.
conf=$(lsd_conf wrong password_file="$T/wrong")
lsd_once "$conf" "$T/wrong.log"
rc=$?
[ "$rc" = 1 ] || fail "wrong password: exit $rc, expected 1"
grep -q "imap: login denied for user $DC_USER at 127.0.0.1" "$T/wrong.log" || fail "wrong password: no clear message"
grep -q "not-the-password\|$DC_PASS" "$T/wrong.log" && fail "a password appears in the output"
[ "$(doc_count)" = 0 ] || fail "something was filed"
ok "wrong password: exit 1, '$(grep -o 'imap: login denied[^:]*' "$T/wrong.log" | head -1)'"

# 2. In daemon mode (poll_interval 1) it backs off instead of logging in every second.
f0=$(dc_auth_failures)
lsd_start_daemon "$conf" "$T/wrong-daemon.log"
sleep 8
lsd_kill_daemon TERM
tries=$(( $(dc_auth_failures) - f0 ))
[ "$tries" -ge 1 ] || fail "the daemon never tried to log in"
[ "$tries" -le 2 ] || fail "the daemon tried $tries logins in 8 s with a wrong password"
denials=$(grep -c "login denied" "$T/wrong-daemon.log")
[ "$denials" -le 2 ] || fail "the denial was logged $denials times in 8 s"
ok "daemon with a wrong password: $tries login attempt(s) in 8 s"

# 3. A certificate that does not verify (self-signed, no ca_file): refused, with the remedy in the message.
conf=$(lsd_conf noca ca_file='""')
lsd_once "$conf" "$T/noca.log"
rc=$?
[ "$rc" = 1 ] || fail "unverifiable certificate: exit $rc, expected 1"
grep -q "imap: certificate of 127.0.0.1 does not verify: .*set mailbox.ca_file or mailbox.tls_verify" "$T/noca.log" ||
    fail "unverifiable certificate: no clear message"
[ "$(doc_count)" = 0 ] || fail "something was filed over an unverified connection"
ok "certificate refused without ca_file"

# The right certificate but the wrong name: refused too (the test certificate names 127.0.0.1 and localhost only).
conf=$(lsd_conf badname url="imaps://127.0.0.2:$DC_IMAPS_PORT/INBOX")
if (exec 3<>/dev/tcp/127.0.0.2/"$DC_IMAPS_PORT") 2>/dev/null; then
	: # Dovecot listens on 127.0.0.1 only; when 127.0.0.2 connects anyway, the name check must refuse
	lsd_once "$conf" "$T/badname.log" && fail "a certificate for another name was accepted"
fi

# 4. With ca_file: accepted and filed, over imaps:// and over imap:// with STARTTLS.
conf=$(lsd_conf ca)
lsd_once "$conf" "$T/ca.log" || fail "with ca_file: exit $?"
[ "$(doc_count)" = 2 ] || fail "with ca_file: $(doc_count) documents, expected 2"
ok "accepted with ca_file"
dc_save INBOX "$CORPUS"/p03*.eml || fail "loading"
conf=$(lsd_conf starttls url="imap://127.0.0.1:$DC_IMAP_PORT/INBOX")
lsd_once "$conf" "$T/starttls.log" || fail "STARTTLS: exit $?"
[ "$(doc_count)" = 3 ] || fail "STARTTLS: $(doc_count) documents, expected 3"
grep -q "Login: user=<$DC_USER>.*TLS" "$DC_LOG" || fail "no TLS login in the Dovecot log"
ok "imap:// with STARTTLS"

# 5. Refusals before any command is sent: plain text to a non-loopback host; a folder name carrying CR LF.
conf=$(lsd_conf plain url="imap://192.0.2.1:143/INBOX" starttls=false)
lsd_once "$conf" "$T/plain.log"
rc=$?
[ "$rc" = 1 ] || [ "$rc" = 2 ] || fail "plain text to a remote host: exit $rc"
grep -q "loopback" "$T/plain.log" || fail "plain text to a remote host: no clear message"
dc_save Keep "$CORPUS"/p01*.eml || fail "creating Keep"
conf=$(lsd_conf inject 'folders = [ "x\" \r\nA900 DELETE \"Keep" ]')
lsd_once "$conf" "$T/inject.log"
rc=$?
[ "$rc" = 1 ] || [ "$rc" = 2 ] || fail "a folder name with CR LF: exit $rc"
[ "$(dc_count Keep)" = 1 ] || fail "the folder Keep was deleted by an injected command"
ok "plain text to a remote host and CR/LF in a folder name refused"

# 6. A folder that does not exist is named in the error.
conf=$(lsd_conf nofolder url="imaps://127.0.0.1:$DC_IMAPS_PORT/Nope")
lsd_once "$conf" "$T/nofolder.log"
[ "$?" = 1 ] || fail "missing folder: exit status"
grep -q 'folder "Nope" does not exist' "$T/nofolder.log" || fail "missing folder: no clear message"
ok "missing folder named"
exit 0
