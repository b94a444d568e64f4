#!/bin/bash
# test_trust.sh: From: the secretariat is trusted only from a sent folder, with our MTA's Authentication-Results
# SPDX-License-Identifier: Apache-2.0
# (RFC 8601) or by the operator's word; a forgery files no obligation and sends no reminder. File modes and secrets.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failure_logs() { echo "$T"/*/log; }
P03=$CORPUS/p03-outgoing-ls-from-secretariat.eml
NOW=2026-03-05T10:00:00Z # ten days before the statement's deadline (2026-03-15): the 14-day reminder is due

# variant NAME FOLDER HEADER [MAILBOX-SETTINGS [SECRETARIAT-SETTINGS]]: p03, with HEADER on top unless "", in
# FOLDER of a fresh Maildir whose .Sent is a sent folder; W3C's liaison contact known; then one cycle.
variant() {
	local d=$T/$1 folder=$2 header=$3 mbx=${4:-} sec=${5:-}
	mkdir -p "$d/Maildir/new" "$d/Maildir/cur" "$d/Maildir/tmp" "$d/Maildir/.Sent/cur"
	write_conf "$d/conf" "$d/liaisond.db" "$d/Maildir" "$d/spool"
	sed -i -e "s/poll_interval = 1;/poll_interval = 1; sent_folders = [ \"Sent\" ]; $mbx/" \
		-e "s/digest_time = \"00:00\";/digest_time = \"00:00\"; $sec/" "$d/conf"
	{ [ -n "$header" ] && printf '%s\n' "$header"; cat "$P03"; } >"$d/Maildir/$folder/1700000000.M1P1.p03"
	"$LIAISONCTL" -c "$d/conf" init >/dev/null 2>>"$d/log"
	"$LIAISONCTL" -c "$d/conf" sdo contact add W3C w3c-liaison@example.org >/dev/null 2>>"$d/log"
	"$LIAISOND" --once -c "$d/conf" --now "$NOW" 2>>"$d/log"
}
obligations() { "$LIAISONCTL" -c "$T/$1/conf" deadlines --json --all --now 2026-03-05 | wc -l; }
reminders() { ls "$T/$1/spool" 2>/dev/null | grep -c '^reminder-'; }
direction() { "$LIAISONCTL" -c "$T/$1/conf" show --json 1 | grep -o '"direction": "[a-z]*"'; }
unverified() { "$LIAISONCTL" -c "$T/$1/conf" show --json 1 | grep -c '"unverified-sender: '; }
expect() { # expect NAME WHAT OBLIGATIONS REMINDERS UNVERIFIED
	check_eq "$2: direction stays outgoing" "$(direction "$1")" '"direction": "outgoing"'
	check_eq "$2: obligations" "$(obligations "$1")" "$3"
	check_eq "$2: reminders sent" "$(reminders "$1")" "$4"
	check_eq "$2: unverified-sender warning" "$(unverified "$1")" "$5"
}
TRUST_MX='trusted_authserv_id = [ "mx.itu.example" ];'

variant forged new ""
expect forged "a forged From: the secretariat in new/" 0 0 1
mail_text "$T"/forged/spool/digest-*.eml >"$T/forged-digest.txt"
check "the forgery is listed apart in the digest" \
	grep -q "^  - #1  .*\[claims the secretariat's address, unverified\]" "$T/forged-digest.txt"
"$LIAISONCTL" -c "$T/forged/conf" parse --json "$P03" >"$T/parse.json"
check "parse --json says unverified-sender too" grep -q '"direction": "outgoing".*"unverified-sender: ' "$T/parse.json"

variant sent .Sent/cur ""
expect sent "the same in the sent folder" 8 2 0
mail_text "$T"/sent/spool/digest-*.eml >"$T/sent-digest.txt"
check "its digest is there" grep -q "^JCA-MV secretariat digest" "$T/sent-digest.txt"
check "nothing unverified in its digest" bash -c "! grep -q unverified $T/sent-digest.txt"

variant dmarc_pass new 'Authentication-Results: mx.itu.example; spf=pass smtp.mailfrom=itu.int;
	dkim=pass (2048-bit key; secure) header.d=itu.int; dmarc=pass (p=reject) header.from=itu.int' "$TRUST_MX"
expect dmarc_pass "Authentication-Results from the trusted authserv-id, dmarc=pass" 8 2 0
variant dmarc_fail new 'Authentication-Results: mx.itu.example; spf=softfail smtp.mailfrom=itu.int;
	dkim=none; dmarc=fail (p=reject) header.from=itu.int' "$TRUST_MX"
expect dmarc_fail "the same MTA saying dmarc=fail" 0 0 1
variant other_mx new 'Authentication-Results: mx.evil.example; dmarc=pass header.from=itu.int' "$TRUST_MX"
expect other_mx "dmarc=pass from another authserv-id" 0 0 1
variant untrusted_mx new 'Authentication-Results: mx.itu.example; dmarc=pass header.from=itu.int'
expect untrusted_mx "dmarc=pass, no authserv-id configured" 0 0 1
variant operator new "" "" "trust_sender_address = true;"
expect operator "secretariat.trust_sender_address = true" 8 2 0

# File modes: whatever the umask, the store is 0640 and the lock not readable by others.
for mask in 022 000; do
	d=$T/umask$mask
	mkdir -p "$d/Maildir/new" "$d/Maildir/cur" "$d/Maildir/tmp"
	cp "$CORPUS/p02-itu-ls-plaintext-reply.eml" "$d/Maildir/new/1.p02"
	write_conf "$d/conf" "$d/db/liaisond.db" "$d/Maildir" "$d/spool"
	(umask $mask && "$LIAISOND" --once -c "$d/conf" 2>>"$d/log")
	check_eq "umask $mask: the store" "$(stat -c %a "$d/db/liaisond.db")" 640
	check_eq "umask $mask: the lock" "$(stat -c %a "$d/db/liaisond.db.lock")" 640
	check_eq "umask $mask: the store's folder" "$(stat -c %a "$d/db")" 750
	check_eq "umask $mask: an acknowledgement in the spool" "$(stat -c %a "$d"/spool/ack-*.eml)" 640
done

# Secrets: an inline password in a file others may read is refused, naming file, line and setting.
d=$T/secrets
mkdir -p "$d"
write_conf "$d/conf" "$d/liaisond.db" "$d/Maildir" "$d/spool"
sed -i 's/poll_interval = 1;/poll_interval = 1;\n  user = "u"; password = "inline-0815";/' "$d/conf"
chmod 644 "$d/conf"
"$LIAISOND" --check-config -c "$d/conf" >"$d/out" 2>&1
check_eq "inline password, mode 0644: exit 2" "$?" 2
check "the error names file, line and setting" \
	grep -q "$d/conf:3: mailbox.password: an inline password in a file readable by others (mode 0644)" "$d/out"
check "and never the password" bash -c "! grep -q inline-0815 '$d/out'"
"$LIAISONCTL" -c "$d/conf" list >/dev/null 2>&1
check_eq "liaisonctl refuses it too: exit 2" "$?" 2
chmod 640 "$d/conf"
"$LIAISOND" --check-config -c "$d/conf" >"$d/out" 2>&1
check_eq "mode 0640: accepted" "$?" 0

# A password file may be a symlink to a file with the right mode.
printf 'from-a-file\n' >"$d/real.secret"
chmod 600 "$d/real.secret"
ln -s "$d/real.secret" "$d/imap.secret"
write_conf "$d/conf2" "$d/liaisond.db" "$d/Maildir" "$d/spool"
sed -i 's/poll_interval = 1;/poll_interval = 1; password_file = "imap.secret";/' "$d/conf2"
"$LIAISOND" --check-config -c "$d/conf2" >"$d/out" 2>&1
check_eq "a password_file that is a symlink to a 0600 file: accepted" "$?" 0

# A ca_file that is not there is a configuration error, not a retry forever.
write_conf "$d/conf3" "$d/liaisond.db" "$d/Maildir" "$d/spool"
sed -i "s|poll_interval = 1;|poll_interval = 1;\n  ca_file = \"$d/nosuch.pem\";|" "$d/conf3"
"$LIAISOND" --once -c "$d/conf3" >"$d/out" 2>&1
check_eq "missing ca_file: exit 2" "$?" 2
check "the error names file, line and setting" grep -q "$d/conf3:3: mailbox.ca_file: $d/nosuch.pem: No such file" "$d/out"
finish
