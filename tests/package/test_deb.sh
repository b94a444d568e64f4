#!/bin/bash
# test_deb.sh: the Debian package: builds with dpkg-buildpackage, lintian has no errors, the unit verifies and is sandboxed, and it installs and runs as its user.
# SPDX-License-Identifier: Apache-2.0
#
# Run by tests/run.sh after the suite. Installing a package changes the machine (a system user, files
# under /usr and /etc), so the install half runs only where LSD_PACKAGE_INSTALL=1 says the machine is
# a throwaway one: .ci/run sets it on CI's fresh machine. Elsewhere the test says that it stopped there.
. "$(dirname "$0")/../e2e/lib.sh"
T=$(mktemp -d /tmp/lsd-deb.XXXXXX)
trap 'rm -rf "$T"' EXIT
failure_logs() { echo "$T"/*.log; }
LOG_LINES=40

for c in dpkg-buildpackage dh lintian systemd-analyze; do
	command -v "$c" >/dev/null || abort "$c is missing (.ci/packages-test names its package)"
done
# A copy of the tree as committed or not (no build folders): dpkg-buildpackage writes beside it.
mkdir -p "$T/src/liaisond"
tar -C "$SRC" --exclude='./build*' --exclude='./out' --exclude='./obj-*' --exclude='./.git' -cf - . |
	tar -C "$T/src/liaisond" -xf -
ln -s "$(cd "$SRC/.." && pwd)/shared" "$T/src/shared" 2>/dev/null # the unit tests that read the corpus
(cd "$T/src/liaisond" && dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1
check_eq "dpkg-buildpackage -us -uc -b (its unit tests included)" "$?" 0
deb=$(ls "$T"/src/liaisond_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || abort "no .deb was built"
lintian "$deb" >"$T/lintian.log" 2>&1
check_not "lintian: no errors" grep -q '^E:' "$T/lintian.log"
note "lintian: $(grep -c '^W:' "$T/lintian.log") warnings"
dpkg-deb -c "$deb" >"$T/contents.log"
for f in ./usr/sbin/liaisond ./usr/bin/liaisonctl ./etc/liaisond/liaisond.conf ./usr/share/man/man8/liaisond.8.gz \
	./usr/share/man/man5/liaisond.conf.5.gz ./usr/share/man/man1/liaisonctl.1.gz ./usr/lib/sysusers.d/liaisond.conf \
	./usr/lib/tmpfiles.d/liaisond.conf ./lib/systemd/system/liaisond.service \
	./usr/share/bash-completion/completions/liaisonctl; do
	check "the package holds $f" grep -q " $f\$" "$T/contents.log"
done
check "the configuration is a conffile" sh -c "dpkg-deb -e '$deb' '$T/ctrl' && grep -qx /etc/liaisond/liaisond.conf '$T/ctrl/conffiles'"

# The unit as packaged: verify (no manager needed) and its exposure, at most 2.5.
mkdir -p "$T/x" && dpkg-deb -x "$deb" "$T/x"
unit=$T/x/lib/systemd/system/liaisond.service
check "the unit runs --check-config before the start" grep -q '^ExecStartPre=/usr/sbin/liaisond .*--check-config' "$unit"
systemd-analyze security --offline=true "$unit" >"$T/security.log" 2>&1
exposure=$(sed -n 's/.*Overall exposure level for liaisond.service: \([0-9.]*\).*/\1/p' "$T/security.log")
check "systemd-analyze security: exposure ${exposure:-?} is at most 2.5" \
	awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 2.5) }'

if [ "${LSD_PACKAGE_INSTALL:-0}" != 1 ]; then
	note "not installed: set LSD_PACKAGE_INSTALL=1 on a throwaway machine (CI does) to install and run it"
	finish
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$T/install.log" 2>&1
check_eq "apt-get install ./liaisond_*.deb" "$?" 0
check "the system user liaisond exists" id liaisond
check_eq "the configuration: mode and group" "$(stat -c '%a %U:%G' /etc/liaisond/liaisond.conf)" "640 root:liaisond"
check_eq "the state folder: mode and owner" "$(stat -c '%a %U:%G' /var/lib/liaisond)" "750 liaisond:liaisond"
systemd-analyze verify --man=no /lib/systemd/system/liaisond.service >"$T/verify.log" 2>&1
check_eq "systemd-analyze verify on the installed unit" "$?" 0
check "the packaged user: liaisond --check-config" runuser -u liaisond -- liaisond --check-config
cp "$CORPUS"/p0[1-3]*.eml /var/lib/liaisond/Maildir/new/ && chown liaisond: /var/lib/liaisond/Maildir/new/*
runuser -u liaisond -- liaisond --once >"$T/once.log" 2>&1
check_eq "the packaged user: liaisond --once on the packaged configuration" "$?" 0
runuser -u liaisond -- liaisonctl status >"$T/status.log" 2>&1
check_eq "the packaged user: liaisonctl status" "$?" 0
check "status names the last poll" grep -q '^last poll: .*: ok' "$T/status.log"
check_eq "the store is not readable by others" "$(($(stat -c '%a' /var/lib/liaisond/liaisond.db 2>/dev/null || echo 7) % 10))" 0
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q liaisond >"$T/purge.log" 2>&1
check_eq "apt-get purge" "$?" 0
finish
