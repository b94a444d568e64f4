#!/bin/bash
# test_ack_limits.sh: acknowledgements are not a relay (docs/trust.md): a daily cap over all of them, no answer
# SPDX-License-Identifier: Apache-2.0
# to a sender our MTA says failed DMARC, and only a trimmed echo of the subject.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failure_logs() { echo "$T"/*/log; }
P02=$CORPUS/p02-itu-ls-plaintext-reply.eml

# variant NAME SECRETARIAT-SETTINGS MAILBOX-SETTINGS: a fresh Maildir and store, then put (below) fills it.
variant() {
	local d=$T/$1
	mkdir -p "$d/Maildir/new" "$d/Maildir/cur" "$d/Maildir/tmp"
	write_conf "$d/conf" "$d/liaisond.db" "$d/Maildir" "$d/spool"
	sed -i -e "s/digest_time = \"00:00\";/digest_time = \"23:59\"; $2/" \
		-e "s/poll_interval = 1;/poll_interval = 1; $3/" "$d/conf"
}
# put NAME N FROM [HEADER [SUBJECT]]: p02 as message N, from FROM, with its own Message-ID, HEADER on top.
put() {
	local d=$T/$1 subject=${5:-}
	{
		[ -n "${4:-}" ] && printf '%s\n' "$4"
		sed -e "s/^From: .*/From: $3/" -e "s/^Message-ID: .*/Message-ID: <ack-limits-$2@sdo.example>/" \
			${subject:+-e "s/^Subject: .*/Subject: $subject/"} "$P02"
	} >"$d/Maildir/new/1700000000.M$2P1.test"
}
run() { "$LIAISOND" --once -c "$T/$1/conf" 2>>"$T/$1/log"; }
acks() { ls "$T/$1/spool" 2>/dev/null | grep -c '^ack-'; }
filed() { "$LIAISONCTL" -c "$T/$1/conf" list --json | wc -l; }

# Three senders, each far below the per-address cap, and a cap of 2 over everyone.
variant cap "acknowledge_per_day = 2;" ""
for i in 1 2 3; do put cap "$i" "Rapporteur $i <r$i@sdo$i.example>"; done
run cap
check_eq "3 senders, acknowledge_per_day = 2: all filed" "$(filed cap)" 3
check_eq "exactly 2 acknowledgements" "$(acks cap)" 2
check_eq "one notice names the cap" "$(grep -c 'no acknowledgement: secretariat.acknowledge_per_day (2) reached' "$T/cap/log")" 1
check_not "the notice does not repeat the text" grep -q 'FG-MV deliverables' "$T/cap/log"
put cap 4 "Another <r4@sdo4.example>"
run cap
check_eq "the next day's cycle, still within 24 hours: none more" "$(acks cap)" 2

# 0: none at all, everything filed.
variant zero "acknowledge_per_day = 0;" ""
put zero 1 "r1@sdo1.example"
run zero
check_eq "acknowledge_per_day = 0: filed" "$(filed zero)" 1
check_eq "acknowledge_per_day = 0: no acknowledgement" "$(acks zero)" 0

# Our MTA says the From: domain failed DMARC: filed, not answered; one that passed is answered.
variant auth "" 'trusted_authserv_id = [ "mx.itu.example" ];'
put auth 1 "r1@sdo1.example" 'Authentication-Results: mx.itu.example; dkim=none; dmarc=fail (p=reject) header.from=sdo1.example'
put auth 2 "r2@sdo2.example" 'Authentication-Results: mx.itu.example; dkim=pass header.d=sdo2.example; dmarc=pass header.from=sdo2.example'
put auth 3 "r3@sdo3.example" 'Authentication-Results: mx.evil.example; dmarc=fail header.from=sdo3.example'
run auth
check_eq "dmarc=fail from the trusted MTA: all 3 filed" "$(filed auth)" 3
check_eq "acknowledged: the pass and the untrusted header's, not the fail" "$(acks auth)" 2
check_not "none to the sender that failed" grep -qi '^X-Envelope-To: <r1@sdo1.example>' "$T"/auth/spool/ack-*.eml

# A subject of 500 characters comes back cut at 200.
long=$(printf 'relay%.0s' $(seq 100))
variant trim "" ""
put trim 1 "r1@sdo1.example" "" "$long"
run trim
check_eq "one acknowledgement" "$(acks trim)" 1
python3 -c 'import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("Subject:", m["Subject"])
print(m.get_content())' "$T"/trim/spool/ack-*.eml >"$T/trim/ack.txt"
cut200=$(printf 'relay%.0s' $(seq 40))
check_not "the whole subject is not echoed" grep -q "$long" "$T/trim/ack.txt"
check "Subject: its first 200 characters, then …, then the document number" \
	grep -qxE "Subject: Received: $cut200… \[JCA-MV-Doc-[0-9]{3,}\]" "$T/trim/ack.txt"
check "the body: the same" grep -q "your message \"$cut200…\" of" "$T/trim/ack.txt"
finish
