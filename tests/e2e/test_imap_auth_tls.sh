#!/bin/bash
# test_imap_auth_tls.sh: a wrong password, an unverifiable certificate, STARTTLS and unsafe settings: clear refusals, no hammering.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

dc_save INBOX "$CORPUS"/p01*.eml "$CORPUS"/p02*.eml || abort "loading the mailbox"
printf 'not-the-password' >"$T/wrong"
chmod 600 "$T/wrong"

# 1. Wrong password: --once exits 1 and says so; the password is in no output.
conf=$(lsd_conf wrong password_file="$T/wrong")
lsd_once "$conf" "$T/wrong.log"
check_eq "wrong password: exit status" "$?" 1
check "wrong password: a clear message ($(grep -o 'imap: login denied[^:]*' "$T/wrong.log" | head -1))" \
    grep -q "imap: login denied for user $DC_USER at 127.0.0.1" "$T/wrong.log"
check_not "wrong password: no password in the output" grep -q "not-the-password\|$DC_PASS" "$T/wrong.log"
check_eq "wrong password: nothing filed" "$(doc_count)" 0
timeout 60 "$LIAISOND" -c "$conf" --check-config --connect >/dev/null 2>"$T/check-wrong.log"
check_eq "wrong password: --check-config --connect exit status" "$?" 2
check "wrong password: --check-config --connect says login denied" grep -q "login denied" "$T/check-wrong.log"
check_not "wrong password: --check-config --connect leaks no password" grep -q "not-the-password\|$DC_PASS" "$T/check-wrong.log"

# 2. In daemon mode (poll_interval 1) it backs off instead of logging in every second.
f0=$(dc_auth_failures)
lsd_start_daemon "$conf" "$T/wrong-daemon.log"
sleep 8
lsd_kill_daemon TERM
tries=$(( $(dc_auth_failures) - f0 ))
check "daemon with a wrong password: it tried to log in ($tries attempts in 8 s)" [ "$tries" -ge 1 ]
check "daemon with a wrong password: at most 2 logins in 8 s ($tries)" [ "$tries" -le 2 ]
denials=$(grep -c "login denied" "$T/wrong-daemon.log")
check "daemon with a wrong password: the denial logged at most twice in 8 s ($denials)" [ "$denials" -le 2 ]

# 3. A certificate that does not verify (self-signed, no ca_file): refused, with the remedy in the message.
conf=$(lsd_conf noca ca_file='""')
lsd_once "$conf" "$T/noca.log"
check_eq "unverifiable certificate: exit status" "$?" 1
check "unverifiable certificate: a clear message with the remedy" \
    grep -q "imap: certificate of 127.0.0.1 does not verify: .*set mailbox.ca_file or mailbox.tls_verify" "$T/noca.log"
check_eq "unverifiable certificate: nothing filed over the unverified connection" "$(doc_count)" 0

# The right certificate but the wrong name: refused too (the test certificate names 127.0.0.1 and localhost only).
conf=$(lsd_conf badname url="imaps://127.0.0.2:$DC_IMAPS_PORT/INBOX")
if (exec 3<>/dev/tcp/127.0.0.2/"$DC_IMAPS_PORT") 2>/dev/null; then
	# Dovecot listens on 127.0.0.1 only; when 127.0.0.2 connects anyway, the name check must refuse
	check_not "a certificate for another name is refused" lsd_once "$conf" "$T/badname.log"
fi

# 4. With ca_file: accepted and filed, over imaps:// and over imap:// with STARTTLS.
conf=$(lsd_conf ca)
timeout 60 "$LIAISOND" -c "$conf" --check-config --connect >"$T/check-ca.out" 2>&1
check_eq "--check-config --connect with the right password and certificate: exit status" "$?" 0
check_eq "--check-config --connect: nothing filed" "$(doc_count)" 0
lsd_once "$conf" "$T/ca.log"
check_eq "with ca_file: exit status" "$?" 0
check_eq "with ca_file: documents filed" "$(doc_count)" 2
dc_save INBOX "$CORPUS"/p03*.eml || abort "loading"
conf=$(lsd_conf starttls url="imap://127.0.0.1:$DC_IMAP_PORT/INBOX")
lsd_once "$conf" "$T/starttls.log"
check_eq "imap:// with STARTTLS: exit status" "$?" 0
check_eq "imap:// with STARTTLS: documents filed" "$(doc_count)" 3
check "imap:// with STARTTLS: Dovecot logged a TLS login" grep -q "Login: user=<$DC_USER>.*TLS" "$DC_LOG"

# 5. Refusals before any command is sent: plain text to a non-loopback host; a folder name carrying CR LF.
conf=$(lsd_conf plain url="imap://192.0.2.1:143/INBOX" starttls=false)
lsd_once "$conf" "$T/plain.log"
rc=$?
check "plain text to a remote host: refused, exit 1 or 2 ($rc)" [ "$rc" -ge 1 -a "$rc" -le 2 ]
check "plain text to a remote host: the message says loopback only" grep -q "loopback" "$T/plain.log"
dc_save Keep "$CORPUS"/p01*.eml || abort "creating Keep"
conf=$(lsd_conf inject 'folders = [ "x\" \r\nA900 DELETE \"Keep" ]')
lsd_once "$conf" "$T/inject.log"
rc=$?
check "a folder name with CR LF: refused, exit 1 or 2 ($rc)" [ "$rc" -ge 1 -a "$rc" -le 2 ]
check_eq "a folder name with CR LF: the folder Keep was not deleted by an injected command" "$(dc_count Keep)" 1

# 6. A folder that does not exist is named in the error.
conf=$(lsd_conf nofolder url="imaps://127.0.0.1:$DC_IMAPS_PORT/Nope")
lsd_once "$conf" "$T/nofolder.log"
check_eq "missing folder: exit status" "$?" 1
check "missing folder: named in the error" grep -q 'folder "Nope" does not exist' "$T/nofolder.log"
finish
