# lib.sh: what every end-to-end test shares (sourced): where things are, one way to report, Maildir and config helpers.
# SPDX-License-Identifier: Apache-2.0
#
# One failure style for every test_*.sh: each check is counted and the test goes on, so that one run shows every
# failure; the test ends with finish.
#   check DESC CMD...        passes when CMD succeeds
#   check_not DESC CMD...    passes when CMD fails (a password that must not appear, a run that must be refused)
#   check_eq DESC GOT WANT   passes when GOT is WANT
#   ok DESC, fail DESC       a result the test decided itself
#   note TEXT                a figure or remark, not a check
#   abort DESC               a failure that leaves nothing to test (no server, no binary): counted, then finish
#   finish                   the summary; after any failure the tails of the test's logs; exits 1 if any failed
# A test names the logs worth reading after a failure by defining failure_logs (it prints their paths, globs
# allowed; it runs at the end, so the paths may be set late); LOG_LINES lines of each are shown (default 15).
# Env: BUILD (liaisond and liaisonctl), SRC, CORPUS; ctest sets them, a manual run gets the defaults below.
set -u
SRC=${SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-$SRC/build}
CORPUS=${CORPUS:-$SRC/../shared/corpus}
LIAISOND=$BUILD/liaisond
LIAISONCTL=$BUILD/liaisonctl
LOG_LINES=15
fails=0
checks=0
ok() { checks=$((checks + 1)); echo "ok   $*"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL $*"; }
note() { echo "     $*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
	local what=$1; shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
check_not() { # check_not DESCRIPTION COMMAND...: passes when the command fails
	local what=$1; shift
	if "$@"; then fail "$what"; else ok "$what"; fi
}
check_eq() { # check_eq DESCRIPTION GOT WANT
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else fail "$1: got '$2', want '$3'"; fi
}
failure_logs() { :; }
finish() {
	local f
	if [ "$fails" -gt 0 ]; then
		for f in $(failure_logs); do
			[ -f "$f" ] || continue
			echo "--- tail of $f"
			tail -n "$LOG_LINES" "$f"
		done
	fi
	echo "$((checks - fails)) passed, $fails failed"
	[ "$fails" -eq 0 ] || exit 1
	exit 0
}
abort() {
	fail "$* (nothing more to test)"
	finish
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
# The corpus is dated 2023 to 2025: its mail is acknowledged whatever its age (test_answers checks the limit).
write_conf() { # write_conf FILE STORE MAILDIR SPOOL
	cat >"$1" <<CONF
store:       { path = "$2"; };
mailbox:     { url = "maildir:$3"; poll_interval = 1; };
smtp:        { url = "spool:$4"; };
secretariat: { address = "tsbjcamv@itu.int"; digest_to = [ "chairs@example.org" ]; digest_time = "00:00";
               acknowledge_max_age = 0; };
CONF
}
# The text/plain parts of messages, decoded (quoted-printable, base64): what a reader sees.
mail_text() { # mail_text FILE...
	python3 -c 'import email, email.policy, sys
for f in sys.argv[1:]:
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    for p in m.walk():
        if p.get_content_type() == "text/plain":
            sys.stdout.write(p.get_content())' "$@"
}
