#!/bin/bash
# test_faults.sh: faults around the daemon: the store's disk full (a small tmpfs in a private mount namespace),
# SPDX-License-Identifier: Apache-2.0
# an SMTP server that closes after the message's final dot. Nothing lost, nothing filed or sent twice.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/lsd-faults.XXXXXX)
NSPID=
SRV=
MOUNTED=
cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	[ -n "$NSPID" ] && kill "$NSPID" 2>/dev/null # the namespace and its tmpfs go with its last process
	wait 2>/dev/null
	[ -n "$MOUNTED" ] && umount "$MOUNTED"
	rm -rf "$T"
}
trap cleanup EXIT
failure_logs() { echo "$T"/*.log; }
LOG_LINES=25
[ "$(id -u)" = 0 ] || abort "must run as root (a tmpfs is mounted in a private mount namespace)"
[ -x "$LIAISOND" ] || abort "no $LIAISOND"
command -v sqlite3 >/dev/null || abort "sqlite3 missing"
sane() { ! grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error\|Segmentation' "$@"; }

# statements N PREFIX DIR: N copies of a liaison statement with a .docx (each acknowledged), own Message-IDs.
statements() {
	local i
	for i in $(seq 1 "$1"); do
		sed "s/^Message-ID: <fgmv-ls1/Message-ID: <$2$i.fgmv-ls1/" "$CORPUS/p01-itu-ls-docx.eml" \
			>"$3/new/$((1700000000 + i)).M$i.$2"
	done
}

# 1. The store's disk is full. An 8 MiB tmpfs holds the store (room for
#    the 43 statements' raw mail, attachments and index), in a mount namespace of its own kept open by
#    a sleeping process; every run of liaisond enters it (nsenter). The Maildir and the spool are elsewhere.
D=$T/disk
mkdir -p "$D" "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp"
if unshare --mount --propagation private true 2>/dev/null; then
	unshare --mount --propagation private sh -c 'mount -t tmpfs -o size=8m,mode=0755 lsd-full "$1" && exec sleep 900' \
		sh "$D" &
	NSPID=$!
	ns() { nsenter -t "$NSPID" -m -- "$@"; }
	for _ in $(seq 1 50); do ns mountpoint -q "$D" 2>/dev/null && break; sleep 0.1; done
	ns mountpoint -q "$D" || abort "no tmpfs in a private mount namespace (unshare -m, mount -t tmpfs)"
	check "the tmpfs is in the namespace only (the host does not see it)" sh -c "! mountpoint -q '$D'"
else
	# No private mount namespace where / is not a mount point (a chroot): the tmpfs is mounted here, unmounted on exit.
	mount -t tmpfs -o size=8m,mode=0755 lsd-full "$D" || abort "cannot mount a tmpfs on $D"
	MOUNTED=$D
	ns() { "$@"; }
	check "the tmpfs is mounted (no private namespace here: unmounted on exit)" mountpoint -q "$D"
fi
write_conf "$T/disk.conf" "$D/liaisond.db" "$T/Maildir" "$T/spool"
statements 3 pre "$T/Maildir"
ns "$LIAISOND" --once -c "$T/disk.conf" 2>"$T/disk1.log"
check_eq "with room: a cycle files the first 3" "$?/$(ns "$LIAISONCTL" -c "$T/disk.conf" list --json | wc -l)" "0/3"
# Fill what is left (dd stops at ENOSPC), then 40 statements arrive.
ns dd if=/dev/zero of="$D/fill" bs=64k 2>/dev/null
note "disk: $(ns df -k "$D" | awk 'NR == 2 { print $3 " KiB used of " $2 }') after filling"
statements 40 full "$T/Maildir"
ns timeout 120 "$LIAISOND" --once -c "$T/disk.conf" 2>"$T/disk2.log"
check_eq "disk full: --once exits 1 (the store refused a filing)" "$?" 1
check "disk full: the error says so" grep -q "not filed, will retry: .*\(full\|space\)" "$T/disk2.log"
check "disk full: the cycle stops at the first refusal (one error, not 40)" \
	[ "$(grep -c "not filed, will retry" "$T/disk2.log")" -le 2 ]
check_eq "disk full: nothing moved out of new/ that is not filed" \
	"$(($(ls "$T/Maildir/new" | wc -l) + $(ns "$LIAISONCTL" -c "$T/disk.conf" list --json | wc -l)))" 43
check_eq "disk full: nothing quarantined for it" "$(ns "$LIAISONCTL" -c "$T/disk.conf" quarantine --json | wc -l)" 0
# The daemon backs off: over 9 s at poll_interval 1, a poll every second would fail 9 times; 1, 2, 4 s
# between polls is 4 failures.
ns timeout -s TERM 9 "$LIAISOND" --foreground -c "$T/disk.conf" 2>"$T/disk3.log"
polls=$(grep -c "not filed, will retry" "$T/disk3.log")
check "disk full: the daemon backs off ($polls failed polls in 9 s)" [ "$polls" -ge 2 -a "$polls" -le 5 ]
check "disk full: the mailbox error is logged once, not at each poll" \
	[ "$(grep -c "error: .*the store refused a filing" "$T/disk3.log")" -le 1 ]
check_eq "disk full: the store is still sound" "$(ns sqlite3 "$D/liaisond.db" 'pragma integrity_check')" ok
# Room again: everything is filed, once.
ns rm -f "$D/fill"
ns timeout 300 "$LIAISOND" --once -c "$T/disk.conf" 2>"$T/disk4.log"
check_eq "room again: --once exits 0" "$?" 0
check_eq "room again: all 43 filed" "$(ns "$LIAISONCTL" -c "$T/disk.conf" list --json | wc -l)" 43
check_eq "room again: none twice" "$(ns sqlite3 "$D/liaisond.db" \
	'select count(message_id) - count(distinct message_id) from document')" 0
check_eq "room again: new/ is empty" "$(ls "$T/Maildir/new" | wc -l)" 0
check_eq "room again: one acknowledgement per statement sender and day (20 at most to one address)" \
	"$(ns sqlite3 "$D/liaisond.db" "select count(*) from outbox where kind = 'ack'")" 20
check_eq "room again: no acknowledgement sent twice" "$(grep -h '^In-Reply-To:' "$T"/spool/ack-*.eml | sort | uniq -d | wc -l)" 0
check "disk: no sanitizer report" sane "$T"/disk*.log

# 2. An SMTP server that reads the message to its final dot and closes without a reply: the client cannot
#    know; the mail stays queued (not recorded as sent) and goes again later, so it arrives at least once
#    and, with the one cut copy, at most twice (at-least-once delivery, docs/smtp.md). The server cuts during
#    one cycle only: each cut attempt may leave a copy with a real server, so that is what bounds the count.
S=$T/smtp
mkdir -p "$S/Maildir/new" "$S/Maildir/cur" "$S/Maildir/tmp" "$S/got"
echo cut >"$S/mode"
python3 "$SRC/tests/integration/smtp_fault_server.py" --dir "$S/got" --port-file "$S/port" --mode-file "$S/mode" \
	--lifetime 600 &
SRV=$!
for _ in $(seq 1 50); do [ -s "$S/port" ] && break; sleep 0.1; done
[ -s "$S/port" ] || abort "smtp_fault_server.py did not start"
cat >"$S/conf" <<EOF
store: { path = "$S/liaisond.db"; };
mailbox: { url = "maildir:$S/Maildir"; };
smtp: { url = "smtp://127.0.0.1:$(cat "$S/port")"; starttls = false; };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_max_age = 0; };
EOF
sed 's/^From: .*/From: ITU-T SG20 <cut1@itu.int>/' "$CORPUS/p02-itu-ls-plaintext-reply.eml" >"$S/Maildir/new/1.cut"
sed -e 's/^From: .*/From: ITU-T SG20 <cut2@itu.int>/' -e 's/^Message-ID: <sg20/Message-ID: <cut2.sg20/' \
	"$CORPUS/p02-itu-ls-plaintext-reply.eml" >"$S/Maildir/new/2.cut"
sql() { sqlite3 "$S/liaisond.db" "$1"; }
iso_in() { date -u -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ; }
got() { grep -l "^RCPT $1\$" "$S"/got/*.eml 2>/dev/null | wc -l; }
timeout 120 "$LIAISOND" --once -c "$S/conf" 2>"$S/../smtp1.log"
check_eq "cut after the dot: --once exits 0 (filing worked)" "$?" 0
check_eq "cut after the dot: both statements filed" "$(sql 'select count(*) from document')" 2
check_eq "cut after the dot: the server read one whole message" "$(ls "$S/got" | grep -c '\.eml$')" 1
check_eq "cut after the dot: no mail recorded as sent" "$(sql "select count(*) from outbox where state = 'sent'")" 0
check_eq "cut after the dot: both still queued, not failed" "$(sql "select count(*) from outbox where state = 'queued'")" 2
check "cut after the dot: the error is recorded ($(sql "select last_error from outbox where attempts > 0 limit 1"))" \
	[ -n "$(sql "select last_error from outbox where attempts > 0 and last_error != ''")" ]
echo ok >"$S/mode"
for h in 1 2 3 4 5 6; do # past any back-off (at most 6 hours)
	timeout 120 "$LIAISOND" --once -c "$S/conf" --now "$(iso_in $((h * 7200)))" 2>>"$T/smtp3.log"
done
check_eq "server working again: both sent" "$(sql "select count(*) from outbox where kind = 'ack' and state = 'sent'")" 2
for r in cut1@itu.int cut2@itu.int; do
	n=$(got "$r")
	check "to $r: at least once, at most twice, counting the cut copies ($n)" [ "$n" -ge 1 -a "$n" -le 2 ]
done
m=$(ls "$S/got" | grep -c '\.eml$')
timeout 120 "$LIAISOND" --once -c "$S/conf" --now "$(iso_in 86400)" 2>>"$T/smtp3.log"
check_eq "nothing more is sent once recorded" "$(ls "$S/got" | grep -c '\.eml$')" "$m"
check "smtp: no sanitizer report" sane "$T"/smtp*.log
finish
