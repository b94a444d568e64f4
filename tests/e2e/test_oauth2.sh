#!/bin/bash
# test_oauth2.sh: OAuth 2.0 end to end: Dovecot's oauth2 passdb, token renewal, revocation, rotation, SMTP AUTH, no token logged.
# SPDX-License-Identifier: Apache-2.0
#
# A token service (tests/integration/oauth_server.py: refresh and client-credentials grants, rotation,
# revocation, RFC 7662 introspection) is the provider; Dovecot checks every IMAP login against it with its
# oauth2 passdb (dovecot.sh's opt-in mode); a scripted SMTP server (smtp_oauth_server.py) checks AUTH
# OAUTHBEARER and XOAUTH2 against the same service (no MTA on Debian 12 checks OAuth 2.0 here: docs/oauth2.md).
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"

OAUTH_PID=
SMTP_PID=
SECRET=client-Secret-4711
oauth_cleanup() {
	local p
	for p in $OAUTH_PID $SMTP_PID; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	lsd_cleanup
}
trap oauth_cleanup EXIT

# The token service, started before Dovecot (its introspection URL goes into Dovecot's configuration).
python3 "$SRC/tests/integration/oauth_server.py" --port-file "$T/oauth.port" --refresh-token-file "$T/rt" \
    --rotate --client-id liaisond-test --client-secret "$SECRET" --user "$DC_USER" >"$T/oauth.log" 2>&1 &
OAUTH_PID=$!
wait_until 10 test -s "$T/oauth.port" || abort "the token service did not start: $(cat "$T/oauth.log")"
OP=$(cat "$T/oauth.port")
OAUTH=http://127.0.0.1:$OP
export DC_OAUTH2_URL=$OAUTH/introspect
lsd_require
printf '%s\n' "$SECRET" >"$T/secret"
chmod 600 "$T/secret"

# admin WHAT: a POST to the token service's test controls, its JSON answer on stdout (python3: no curl needed).
admin() {
	python3 -c 'import sys, urllib.request as u; print(u.urlopen(u.Request(sys.argv[1], b"", method="POST")).read().decode())' \
	    "$OAUTH/admin/$1"
}
# stats EXPR: a Python expression over the service's counters d (GET /admin/stats), printed.
stats() {
	python3 -c 'import json, sys, urllib.request as u; d = json.load(u.urlopen(sys.argv[1])); print(eval(sys.argv[2]))' \
	    "$OAUTH/admin/stats" "$1"
}
stat_of() { stats "d['$1']"; }

# oconf NAME [SMTP-GROUP]: a configuration logging in with mailbox.oauth2 (no password anywhere).
oconf() {
	local smtp=${2:-"url = \"spool:$T/spool\";"}
	cat >"$T/$1.conf" <<EOF
store: { path = "$DB"; };
mailbox: { url = "imaps://127.0.0.1:$DC_IMAPS_PORT/INBOX"; user = "$DC_USER"; ca_file = "$DC_CERT";
           poll_interval = 1; timeout = 10;
           oauth2 = { token_url = "$OAUTH/token"; client_id = "liaisond-test"; client_secret_file = "secret";
                      refresh_token_file = "rt"; scope = "imap offline_access"; }; };
smtp: { $smtp };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_max_age = 0; };
EOF
	echo "$T/$1.conf"
}

# 1. One cycle, OAUTHBEARER (Dovecot offers both; libcurl prefers it): filed, and the rotated refresh token saved 0600.
gen_messages "$T/m1" 2 first
dc_save INBOX "$T"/m1/*.eml || abort "loading the mailbox"
rt0=$(cat "$T/rt")
conf=$(oconf once)
lsd_once "$conf" "$T/once.log"
check_eq "OAUTHBEARER: --once exit status" "$?" 0
check_eq "OAUTHBEARER: documents filed" "$(doc_count)" 2
check_eq "OAUTHBEARER: the mechanism Dovecot saw" "$(dc_login_methods | tail -1)" OAUTHBEARER
check_not "the rotated refresh token replaced the old one" grep -qx "$rt0" "$T/rt"
check_eq "the refresh token file now holds the provider's newest refresh token" "$(cat "$T/rt")" \
    "$(stats 'd["refresh_tokens"][-1]')"
check_eq "the refresh token file's mode" "$(stat -c %a "$T/rt")" 600
timeout 60 "$LIAISOND" -c "$conf" --check-config --connect >"$T/check.log" 2>&1
check_eq "--check-config --connect with oauth2: exit status" "$?" 0

# The client-credentials grant (no refresh token), and oauth_token_file (a token another program renews).
sed 's|refresh_token_file = "rt"; ||' "$conf" >"$T/cc.conf"
l0=$(dc_logins)
timeout 60 "$LIAISOND" -c "$T/cc.conf" --check-config --connect >"$T/check-cc.log" 2>&1
check_eq "client-credentials grant: --check-config --connect exit status" "$?" 0
check "client-credentials grant: the token service issued it" grep -q "token issued client_credentials" "$T/oauth.log"
python3 -c 'import json, sys, urllib.parse as p, urllib.request as u
d = p.urlencode({"grant_type": "client_credentials", "client_id": "liaisond-test", "client_secret": sys.argv[2]})
print(json.load(u.urlopen(sys.argv[1], d.encode()))["access_token"])' "$OAUTH/token" "$SECRET" >"$T/token"
chmod 600 "$T/token"
cat >"$T/tokenfile.conf" <<EOF
store: { path = "$DB"; };
mailbox: { url = "imaps://127.0.0.1:$DC_IMAPS_PORT/INBOX"; user = "$DC_USER"; ca_file = "$DC_CERT";
           oauth_token_file = "token"; timeout = 10; };
smtp: { url = "spool:$T/spool"; };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_max_age = 0; };
EOF
timeout 60 "$LIAISOND" -c "$T/tokenfile.conf" --check-config --connect >"$T/check-tokenfile.log" 2>&1
check_eq "oauth_token_file still works: --check-config --connect exit status" "$?" 0
check_eq "client-credentials and oauth_token_file: logins Dovecot accepted" "$(($(dc_logins) - l0))" 2

# 2. XOAUTH2 when that is all the server offers.
dc_stop
DC_AUTH_MECHS=xoauth2 dc_start "$DC_DIR" >"$T/dc-xoauth2.log" 2>&1 || abort "dovecot (xoauth2) did not start"
gen_messages "$T/m2" 1 second
dc_save INBOX "$T"/m2/*.eml || abort "loading the mailbox"
lsd_once "$conf" "$T/xoauth2.log"
check_eq "XOAUTH2: --once exit status" "$?" 0
check_eq "XOAUTH2: documents filed" "$(doc_count)" 3
check_eq "XOAUTH2: the mechanism Dovecot saw" "$(dc_login_methods | tail -1)" XOAUTH2
dc_stop
dc_start "$DC_DIR" >"$T/dc-restart.log" 2>&1 || abort "dovecot did not start again"

# 3. A long run with tokens that live 6 s: renewed before they expire, never a refused login, no lost cycle.
admin "set?expires=6" >/dev/null
f0=$(dc_auth_failures)
t0=$(stat_of token_ok)
lsd_start_daemon "$conf" "$T/long.log"
n=3
for i in 1 2 3 4 5; do
	gen_messages "$T/m3-$i" 1 "long$i"
	dc_save INBOX "$T/m3-$i"/*.eml
	n=$((n + 1))
	# Each message is filed by the next cycle: within 3 s (poll_interval 1), whatever the token's age.
	check "long run: message $i filed within 3 s of its delivery" wait_until 3 docs_are "$n"
	sleep 2
done
# Counted before the stop: SIGTERM may cut a request in flight, which is logged and is no lost cycle.
errs=$(grep -c -E 'error: |warning: ' "$T/long.log")
lsd_kill_daemon TERM
renewals=$(($(stat_of token_ok) - t0))
check "long run: the token was renewed as it aged ($renewals new tokens in about 25 s of 6-s tokens)" \
    [ "$renewals" -ge 3 ]
check "long run: at most one new token per 3 s (no renewal at every cycle: $renewals)" [ "$renewals" -le 10 ]
check_eq "long run: logins Dovecot refused" "$(($(dc_auth_failures) - f0))" 0
check_eq "long run: errors and warnings in the daemon's log" "$errs" 0

# 4. The provider revokes the access tokens early: the refusal renews the token once, in the same cycle.
admin "set?expires=3600" >/dev/null
lsd_start_daemon "$conf" "$T/revoke-at.log"
gen_messages "$T/m4" 2 revoked
dc_save INBOX "$T/m4/revoked-1.eml"
check "revoked access token: the first message is filed" wait_until 5 docs_are 9
f0=$(dc_auth_failures)
admin revoke_access >/dev/null
dc_save INBOX "$T/m4/revoked-2.eml"
check "revoked access token: the next message is filed within 4 s" wait_until 4 docs_are 10
errs=$(grep -c 'error: ' "$T/revoke-at.log")
lsd_kill_daemon TERM
check "revoked access token: the daemon says it renewed the refused token" \
    grep -q "renewing the access token and logging in once more" "$T/revoke-at.log"
check_eq "revoked access token: logins Dovecot refused (the stale token, once)" "$(($(dc_auth_failures) - f0))" 1
check_eq "revoked access token: errors in the daemon's log" "$errs" 0

# 5. A revoked refresh token: a clear error, back-off (no busy loop); a new refresh token in the file resumes.
admin revoke_refresh >/dev/null
admin revoke_access >/dev/null
lsd_once "$conf" "$T/revoked-once.log"
check_eq "revoked refresh token: --once exit status" "$?" 1
r0=$(stat_of token_refused)
lsd_start_daemon "$conf" "$T/revoke-rt.log"
sleep 8
refused=$(($(stat_of token_refused) - r0))
check_eq "revoked refresh token: requests to the token endpoint in 8 s (poll_interval 1)" "$refused" 1
check "revoked refresh token: a clear error naming the remedy" \
    grep -q "mailbox.oauth2: token endpoint answered 400 invalid_grant: the refresh token was revoked or has expired" \
    "$T/revoke-rt.log"
check "revoked refresh token: logged at most twice in 8 s ($(grep -c invalid_grant "$T/revoke-rt.log"))" \
    [ "$(grep -c invalid_grant "$T/revoke-rt.log")" -le 2 ]
gen_messages "$T/m5" 1 resumed
dc_save INBOX "$T"/m5/*.eml
admin new_refresh | python3 -c 'import json,sys; print(json.load(sys.stdin)["refresh_token"])' >"$T/rt.new"
chmod 600 "$T/rt.new"
mv "$T/rt.new" "$T/rt"
# The daemon's own back-off after failed polls (1, 2, 4, 8, 16 s here) decides when the next poll comes; the
# token service's back-off (a minute at least) would be far longer: a poll within 20 s shows that it ended.
check "a new refresh token ends the back-off: the waiting message is filed within 20 s" wait_until 20 docs_are 11
lsd_kill_daemon TERM

# 6. SMTP: the acknowledgements go out through AUTH OAUTHBEARER, then XOAUTH2, checked against the same service.
smtp_start() {
	[ -z "$SMTP_PID" ] || { kill "$SMTP_PID"; wait "$SMTP_PID" 2>/dev/null; }
	rm -f "$T/smtp.port"
	python3 "$SRC/tests/integration/smtp_oauth_server.py" --port-file "$T/smtp.port" --introspect "$OAUTH/introspect" \
	    --out "$T/smtp-out" --mechs "$1" >>"$T/smtp.log" 2>&1 &
	SMTP_PID=$!
	wait_until 10 test -s "$T/smtp.port" || abort "the SMTP server did not start: $(cat "$T/smtp.log")"
	SP=$(cat "$T/smtp.port")
}
sent() { ls "$T/smtp-out" 2>/dev/null | wc -l; }
sent_ge() { [ "$(sent)" -ge "$1" ]; }
smtp_start "OAUTHBEARER XOAUTH2"
sconf=$(oconf smtp "url = \"smtp://127.0.0.1:$SP\"; starttls = false; user = \"$DC_USER\";
        oauth2 = { same_as_mailbox = true; };")
dc_save INBOX "$CORPUS"/p01*.eml || abort "loading the mailbox"
# With both conversations traced at debug level: the no-secret check below then covers the traces too.
LIAISOND_IMAP_TRACE=1 LIAISOND_SMTP_TRACE=1 timeout 170 "$LIAISOND" -c "$sconf" --once --foreground --log-level debug \
    >"$T/smtp1.log" 2>&1
check_eq "SMTP OAUTHBEARER: --once exit status" "$?" 0
check "SMTP OAUTHBEARER: the traces were on" grep -q "smtp: C: AUTH (credentials hidden)" "$T/smtp1.log"
check_eq "SMTP OAUTHBEARER: the acknowledgement arrived" "$(sent)" 1
check "SMTP OAUTHBEARER: the server checked the token" grep -q "auth method=OAUTHBEARER user=$DC_USER ok" "$T/smtp.log"
smtp_start XOAUTH2
sconf=$(oconf smtp "url = \"smtp://127.0.0.1:$SP\"; starttls = false; user = \"$DC_USER\";
        oauth2 = { same_as_mailbox = true; };")
timeout 60 "$LIAISOND" -c "$sconf" --check-config --connect >"$T/check-smtp.log" 2>&1
check_eq "SMTP XOAUTH2: --check-config --connect exit status" "$?" 0
dc_save INBOX "$CORPUS"/p02*.eml || abort "loading the mailbox"
lsd_once "$sconf" "$T/smtp2.log"
check_eq "SMTP XOAUTH2: --once exit status" "$?" 0
check_eq "SMTP XOAUTH2: the acknowledgement arrived" "$(sent)" 2
check "SMTP XOAUTH2: the server checked the token" grep -q "auth method=XOAUTH2 user=$DC_USER ok" "$T/smtp.log"

# 7. SMTP refuses a revoked token (RFC 7628's 334 error challenge, then 535): renewed once, and the mail goes.
smtp_start "OAUTHBEARER XOAUTH2"
sconf=$(oconf smtp-own "url = \"smtp://127.0.0.1:$SP\"; starttls = false; user = \"$DC_USER\";
        oauth2 = { token_url = \"$OAUTH/token\"; client_id = \"liaisond-test\"; client_secret_file = \"secret\";
                   refresh_token_file = \"rt\"; scope = \"smtp\"; };")
lsd_start_daemon "$sconf" "$T/smtp-daemon.log"
dc_save INBOX "$CORPUS"/p04*.eml || abort "loading the mailbox"
check "SMTP daemon: the first acknowledgement arrives" wait_until 8 sent_ge 3
admin revoke_access >/dev/null
dc_save INBOX "$CORPUS"/p05*.eml || abort "loading the mailbox"
check "SMTP daemon: after the revocation the next acknowledgement arrives within 6 s" wait_until 6 sent_ge 4
errs=$(grep -c 'error: ' "$T/smtp-daemon.log")
lsd_kill_daemon TERM
check "SMTP daemon: the server refused the revoked token" grep -q "auth method=OAUTHBEARER user=$DC_USER refused" \
    "$T/smtp.log"
check "SMTP daemon: liaisond renewed it and tried once more" grep -q "smtp: .* refused the access token" \
    "$T/smtp-daemon.log"
check_eq "SMTP daemon: errors in the daemon's log" "$errs" 0

# 8. No access token, refresh token or client secret in any log liaisond wrote.
tokens=$(stats '"\n".join(d["access_tokens"] + d["refresh_tokens"])')
note "$(echo "$tokens" | wc -l) tokens issued"
printf '%s\n%s\n' "$tokens" "$SECRET" >"$T/secrets.txt"
check_not "no token or secret in liaisond's logs" grep -qF -f "$T/secrets.txt" "$T"/once.log "$T"/xoauth2.log \
    "$T"/long.log "$T"/revoke-at.log "$T"/revoke-rt.log "$T"/revoked-once.log "$T"/smtp1.log "$T"/smtp2.log "$T"/smtp-daemon.log \
    "$T"/check.log "$T"/check-smtp.log "$T"/check-cc.log "$T"/check-tokenfile.log
check_not "no token or secret in the store" grep -qaF -f "$T/secrets.txt" "$DB"
finish
