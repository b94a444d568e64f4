# lib.sh: shared helpers for the end-to-end tests (sourced). Every check can fail the test.
set -u
: "${BUILD:?BUILD (the build folder) must be set}" "${SRC:?}" "${CORPUS:?}"
LIAISOND=$BUILD/liaisond
LIAISONCTL=$BUILD/liaisonctl
fails=0
checks=0
ok() { checks=$((checks + 1)); echo "ok   $*"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
	local what=$1; shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
check_eq() { # check_eq DESCRIPTION GOT WANT
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else fail "$1: got '$2', want '$3'"; fi
}
finish() {
	echo "$((checks - fails)) passed, $fails failed"
	[ "$fails" -eq 0 ]
}
# A Maildir with every corpus message in new/, named as a delivery agent would.
make_maildir() { # make_maildir DIR [SUFFIX]
	local dir=$1 sfx=${2:-a} i=0 f
	mkdir -p "$dir/new" "$dir/cur" "$dir/tmp"
	for f in "$CORPUS"/*.eml; do
		i=$((i + 1))
		cp "$f" "$dir/new/$(date +%s).M${i}P$$${sfx}.test"
	done
}
write_conf() { # write_conf FILE STORE MAILDIR SPOOL
	cat >"$1" <<CONF
store:       { path = "$2"; };
mailbox:     { url = "maildir:$3"; poll_interval = 1; };
smtp:        { url = "spool:$4"; };
secretariat: { address = "tsbjcamv@itu.int"; digest_to = [ "chairs@example.org" ]; digest_time = "00:00"; };
CONF
}
