#!/usr/bin/env python3
# bench.py: speed and memory of liaisond on generated mail, side by side with the tools people would use instead.
# SPDX-License-Identifier: Apache-2.0
"""usage: python3 tests/bench/bench.py BUILD_DIR [N [BIG [CORPUS_DIR]]]

Needs root (a throwaway Dovecot on loopback, tests/integration/dovecot.sh), dovecot, mbsync (isync),
getmail6 and curl; as root it installs .ci/packages-bench when one is missing. Generates N distinct
messages from the corpus (default 2000; each copy has its own Message-ID and a sequence header) and
BIG (default 20000) for the growth rows, then prints one table, every row measured in this run, each
program a child process so that its peak RSS (ru_maxrss) is its own:

  start-up          liaisonctl --version (median of 21)
  parse             liaisonctl parse --json vs a Python standard-library script, on the same N files
  ingest IMAP       liaisond --once (fresh store) vs mbsync into a Maildir vs getmail6, the same N in Dovecot
  ingest Maildir    liaisond --once, fresh store, the same N
  idle cycle        liaisond --once with nothing new (N, then BIG in the mailbox) vs curl login + EXAMINE
  cost per message  500 more messages filed with 1,000 and with BIG already in the store (Maildir and IMAP)
  peak RSS          of the BIG-message Maildir ingest, and of one 50 MB message through liaisonctl parse
Nothing here is a test: it prints figures.
"""
import base64
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

LOG = os.path.join(tempfile.gettempdir(), "lsd-bench-last.log")  # the last child's output, shown when it fails
HERE = os.path.dirname(os.path.abspath(__file__))
DOVECOT_SH = os.path.join(HERE, "../integration/dovecot.sh")

# The yardstick: Python's standard library reading every message and decoding every part (less than
# liaisonctl parse does: no documents read, no classification).
PYREF = r'''
import email, email.policy, sys
n = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    for part in m.walk():
        if not part.is_multipart():
            part.get_payload(decode=True)
    n += 1
print(n)
'''


def run(cmd, env=None, ok=(0,)):
    """Runs cmd as a child; returns (wall seconds, CPU seconds, peak RSS MiB) of that child."""
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            log = os.open(LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(log, 1)
            os.dup2(log, 2)
            if env:
                os.execvpe(cmd[0], cmd, env)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    dt = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        with open(LOG, errors="replace") as f:
            tail = f.read()[-2000:]
        raise SystemExit(f"bench: {' '.join(cmd[:4])}… failed ({code}):\n{tail}")
    return dt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def median_run(cmd, times, env=None):
    runs = [run(cmd, env) for _ in range(times)]
    return tuple(statistics.median(r[i] for r in runs) for i in range(3))


def sh(script):
    """Runs a bash snippet with dovecot.sh sourced; returns its stdout."""
    # Through a file, not a pipe: the Dovecot that dc_start leaves running keeps its descriptors.
    with tempfile.TemporaryFile("w+") as out:
        subprocess.run(["bash", "-c", ". " + DOVECOT_SH + "\n" + script], check=True, stdout=out,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        out.seek(0)
        return out.read()


class Gen:
    """Distinct messages: the corpus in turn, each with a new Message-ID and a sequence header."""

    def __init__(self, corpus):
        names = sorted(f for f in os.listdir(corpus) if f.endswith(".eml"))
        self.src = [open(os.path.join(corpus, f), "rb").read() for f in names]

    def message(self, i, tag):
        raw = self.src[i % len(self.src)]
        for h in (b"Message-ID: <", b"Message-Id: <", b"Message-id: <"):
            if h in raw:
                raw = raw.replace(h, h + b"%s%d." % (tag, i), 1)
                break
        return b"X-Bench-Seq: %s-%d\n" % (tag, i) + raw

    def files(self, folder, lo, hi, tag, maildir=False):
        os.makedirs(folder, exist_ok=True)
        paths, total = [], 0
        for i in range(lo, hi):
            raw = self.message(i, tag)
            name = "%010d.M%dP1.bench" % (1700000000 + i, i) if maildir else "%06d.eml" % i
            p = os.path.join(folder, name)
            with open(p, "wb") as f:
                f.write(raw)
            paths.append(p)
            total += len(raw)
        return paths, total


def maildir(path):
    for d in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(path, d), exist_ok=True)
    return path


def write(path, text, mode=0o600):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


class Bench:
    def __init__(self, build, n, big, corpus):
        self.build, self.n, self.big = build, n, big
        self.ctl = os.path.join(build, "liaisonctl")
        self.lsd = os.path.join(build, "liaisond")
        self.gen = Gen(corpus)
        self.tmp = tempfile.mkdtemp(prefix="lsd-bench-")
        os.chmod(self.tmp, 0o755)
        self.rows = []
        self.dc = None

    def row(self, what, secs, cpu, rss, per, ref=None, note=""):
        self.rows.append((what, secs, cpu, rss, per, ref, note))
        print(f"  measured: {what}: {secs:.3f} s", file=sys.stderr, flush=True)

    def conf(self, name, store, url, extra=""):
        return write(os.path.join(self.tmp, name + ".conf"),
                     f'store: {{ path = "{store}"; }};\n'
                     f'mailbox: {{ url = "{url}"; {extra} }};\n'
                     f'smtp: {{ url = "spool:{self.tmp}/spool"; }};\n'
                     'secretariat: { address = "tsbjcamv@itu.int"; };\n')

    def imap_conf(self, name, store, folder="INBOX"):
        return self.conf(name, store, f"imaps://127.0.0.1:{self.dc['DC_IMAPS_PORT']}/{folder}",
                         f'user = "{self.dc["DC_USER"]}"; password_file = "{self.tmp}/password"; '
                         f'ca_file = "{self.dc["DC_CERT"]}"; timeout = 60;')

    def startup(self):
        dt, cpu, rss = median_run([self.ctl, "--version"], 21)
        self.row("start-up: liaisonctl --version", dt, cpu, rss, None)

    def parse(self):
        files, total = self.gen.files(os.path.join(self.tmp, "msgs"), 0, self.n, b"p")
        self.total = total
        py = run([sys.executable, "-c", PYREF] + files)
        me = run([self.ctl, "parse", "--json"] + files)
        self.row(f"parse {self.n}: python3 email (yardstick)", *py, py[0] / self.n)
        self.row(f"parse {self.n}: liaisonctl parse --json", *me, me[0] / self.n, py[0] / me[0])
        big = os.path.join(self.tmp, "big.eml")
        with open(big, "wb") as f:
            f.write(b"From: a@example.org\nMessage-ID: <big@example.org>\nSubject: big\nMIME-Version: 1.0\n"
                    b"Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nhello\n--B\n"
                    b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                    b"Content-Disposition: attachment; filename=big.pdf\n\n")
            chunk = base64.encodebytes(os.urandom(3 * 1024 * 1024))
            for _ in range(12):
                f.write(chunk)
            f.write(b"--B--\n")
        self.bigsize = os.path.getsize(big) / 1048576
        r = run([self.ctl, "parse", "--json", big])
        self.row(f"parse one {self.bigsize:.0f} MiB message", *r, None, None,
                 f"peak RSS {r[2] / self.bigsize:.1f} x its size")

    def dovecot_start(self):
        out = sh(f'dc_start "{self.tmp}/dovecot" >&2 || exit 1\n'
                 'echo "$DC_DIR|$DC_IMAPS_PORT|$DC_IMAP_PORT|$DC_CERT|$DC_USER|$DC_PASS"')
        d = out.strip().split("|")
        self.dc = dict(zip(["DC_DIR", "DC_IMAPS_PORT", "DC_IMAP_PORT", "DC_CERT", "DC_USER", "DC_PASS"], d))
        write(os.path.join(self.tmp, "password"), self.dc["DC_PASS"])

    def dovecot_stop(self):
        if self.dc:
            sh(f'DC_DIR="{self.dc["DC_DIR"]}"; dc_stop')

    def deliver(self, folder, lo, hi, tag):
        """Messages lo..hi into FOLDER by the Maildir protocol, then indexed by Dovecot (doveadm)."""
        base = os.path.join(self.dc["DC_DIR"], "mail", self.dc["DC_USER"])
        if folder != "INBOX":
            self.doveadm("mailbox", "create", "-u", self.dc["DC_USER"], folder)
        d = maildir(base if folder == "INBOX" else os.path.join(base, "." + folder))
        self.gen.files(os.path.join(d, "new"), lo, hi, tag, maildir=True)
        sh(f'DC_DIR="{self.dc["DC_DIR"]}"; DC_CONF="$DC_DIR/dovecot.conf"; DC_USER="{self.dc["DC_USER"]}"\n'
           f'chown -R lsdmail:lsdmail "{base}"\n'
           f'dc_doveadm mailbox status -u "$DC_USER" messages "{folder}" >/dev/null')

    def doveadm(self, *args):
        sh(f'DC_DIR="{self.dc["DC_DIR"]}"; DC_CONF="$DC_DIR/dovecot.conf"\n'
           f'dc_doveadm {" ".join(args)} >/dev/null')

    def ingest(self):
        n = self.n
        self.dovecot_start()
        self.deliver("INBOX", 0, n, b"i")
        port, cert, user = self.dc["DC_IMAPS_PORT"], self.dc["DC_CERT"], self.dc["DC_USER"]
        mb = maildir(os.path.join(self.tmp, "mbsync-md"))
        rc = write(os.path.join(self.tmp, "mbsyncrc"),
                   f"IMAPAccount b\nHost 127.0.0.1\nPort {port}\nUser {user}\nPassCmd \"cat {self.tmp}/password\"\n"
                   f"SSLType IMAPS\nCertificateFile {cert}\n\nIMAPStore r\nAccount b\n\n"
                   f"MaildirStore l\nPath {mb}/\nInbox {mb}/INBOX\n\nChannel c\nFar :r:INBOX\nNear :l:INBOX\n"
                   f"Sync Pull\nCreate Near\nSyncState {self.tmp}/mbsync-state/\n")
        os.makedirs(os.path.join(self.tmp, "mbsync-state"))
        r = run(["mbsync", "-c", rc, "c"])
        self.mbsync = r[0]
        self.row(f"ingest {n} over IMAPS: mbsync into a Maildir", *r, r[0] / n)
        gm = maildir(os.path.join(self.tmp, "getmail-md"))
        gdir = os.path.join(self.tmp, "getmail")
        os.makedirs(gdir)
        write(os.path.join(gdir, "getmailrc"),
              f"[retriever]\ntype = SimpleIMAPSSLRetriever\nserver = 127.0.0.1\nport = {port}\nusername = {user}\n"
              f"password = {self.dc['DC_PASS']}\nca_certs = {cert}\nmailboxes = (\"INBOX\",)\n\n"
              f"[destination]\ntype = Maildir\npath = {gm}/\n\n[options]\nread_all = true\ndelete = false\n"
              "verbose = 0\nmessage_log_syslog = false\n")
        # getmail refuses to deliver as root: it runs as the mail's user, over what it owns.
        subprocess.run(["chown", "-R", "lsdmail:lsdmail", gm, gdir], check=True)
        r = run(["runuser", "-u", "lsdmail", "--", "getmail", "--getmaildir", gdir, "-r", "getmailrc"])
        self.row(f"ingest {n} over IMAPS: getmail6 into a Maildir", *r, r[0] / n, r[0] / self.mbsync)
        conf = self.imap_conf("imap", os.path.join(self.tmp, "imapdb", "l.db"))
        r = run([self.lsd, "--once", "-c", conf])
        self.row(f"ingest {n} over IMAPS: liaisond --once (files them)", *r, r[0] / n, r[0] / self.mbsync,
                 "ratio: x mbsync's time")
        md = maildir(os.path.join(self.tmp, "md-n"))
        self.gen.files(os.path.join(md, "new"), 0, n, b"i", maildir=True)
        r = run([self.lsd, "--once", "-c", self.conf("mdn", os.path.join(self.tmp, "mdn", "l.db"), "maildir:" + md)])
        self.row(f"ingest {n} from a Maildir: liaisond --once", *r, r[0] / n)
        self.idle(conf, n)

    def idle(self, conf, inbox):
        port = self.dc["DC_IMAPS_PORT"]
        curl = ["curl", "-s", "--cacert", self.dc["DC_CERT"], "--user",
                f"{self.dc['DC_USER']}:{self.dc['DC_PASS']}", f"imaps://127.0.0.1:{port}/", "-X", "EXAMINE INBOX"]
        c = median_run(curl, 11)
        r = median_run([self.lsd, "--once", "-c", conf], 11)
        self.row(f"idle cycle, {inbox} in the mailbox: curl login + EXAMINE", *c, None)
        self.row(f"idle cycle, {inbox} in the mailbox: liaisond --once", *r, None, r[0] / c[0],
                 "ratio: x curl's time")

    def idle_big(self):
        """The mailbox grown to BIG, every message marked as liaisond marks it: one cycle catches up, then idle."""
        conf = os.path.join(self.tmp, "imap.conf")
        self.deliver("INBOX", self.n, self.big, b"i")
        self.doveadm("flags", "add", "-u", self.dc["DC_USER"], "'$Filed'", "mailbox", "INBOX", "all")
        run([self.lsd, "--once", "-c", conf])
        self.idle(conf, self.big)

    def growth(self):
        """Cost per message of 500 more with 1,000 and BIG in the store; the BIG ingest's peak RSS."""
        store = os.path.join(self.tmp, "grow", "l.db")
        md = maildir(os.path.join(self.tmp, "md-grow"))
        conf = self.conf("grow", store, "maildir:" + md)
        batch = 500
        self.gen.files(os.path.join(md, "new"), 0, 1000, b"g", maildir=True)
        run([self.lsd, "--once", "-c", conf])
        self.snapshot(store, "at1k")
        self.gen.files(os.path.join(md, "new"), 1000, 1000 + batch, b"g", maildir=True)
        r = run([self.lsd, "--once", "-c", conf])
        self.row(f"cost per message, Maildir, 1,000 in the store", *r, r[0] / batch)
        at1k = r[0] / batch
        self.gen.files(os.path.join(md, "new"), 1000 + batch, self.big, b"g", maildir=True)
        r = run([self.lsd, "--once", "-c", conf])
        self.row(f"ingest {self.big - 1000 - batch} more from a Maildir (peak RSS)", *r,
                 r[0] / (self.big - 1000 - batch))
        self.snapshot(store, "atbig")
        self.gen.files(os.path.join(md, "new"), self.big, self.big + batch, b"g", maildir=True)
        r = run([self.lsd, "--once", "-c", conf])
        self.row(f"cost per message, Maildir, {self.big:,} in the store", *r, r[0] / batch, (r[0] / batch) / at1k,
                 "ratio: x the cost at 1,000")
        # IMAP: the same two stores, 500 new messages in a folder of their own.
        self.deliver("Grow", 0, batch, b"h")
        first = None
        for snap, label in (("at1k", "1,000"), ("atbig", f"{self.big:,}")):
            self.doveadm("flags", "remove", "-u", self.dc["DC_USER"], "'$Filed'", "mailbox", "Grow", "all")
            conf = self.imap_conf("grow-" + snap, os.path.join(self.tmp, snap, "l.db"), "Grow")
            r = run([self.lsd, "--once", "-c", conf])
            per = r[0] / batch
            first = first or per
            self.row(f"cost per message, IMAP, {label} in the store", *r, per,
                     per / first if snap == "atbig" else None, "ratio: x the cost at 1,000" if snap == "atbig" else "")

    def snapshot(self, store, name):
        d = os.path.join(self.tmp, name)
        shutil.copytree(os.path.dirname(store), d)

    def table(self):
        print(f"\n{self.n} messages ({self.total / 1048576:.1f} MiB) from the corpus, each with its own Message-ID; "
              f"growth to {self.big:,}; {os.cpu_count()} CPUs")
        print(f"{'':58} {'wall s':>8} {'CPU s':>7} {'ms/msg':>7} {'RSS MiB':>8} {'ratio':>6}")
        for what, secs, cpu, rss, per, ref, note in self.rows:
            p = f"{per * 1000:7.2f}" if per else f"{'':7}"
            x = f"{ref:6.2f}" if ref else f"{'':6}"
            print(f"{what:58} {secs:8.3f} {cpu:7.2f} {p} {rss:8.1f} {x}  {note}")


def need_tools():
    # What the benchmark compares against is listed in .ci/packages-bench (not part of the test run's lists).
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".ci", "packages-bench")) as f:
        pkgs = f.read().split()
    if os.getuid() == 0 and not all(shutil.which(t) for t in ("mbsync", "getmail", "curl", "dovecot")):
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + pkgs, check=True,
                       stdout=subprocess.DEVNULL)
    for t in ("mbsync", "getmail", "curl", "dovecot"):
        if not shutil.which(t):
            raise SystemExit(f"bench: {t} missing (apt-get install $(cat .ci/packages-bench))")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    big = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    corpus = sys.argv[4] if len(sys.argv) > 4 else os.path.join(HERE, "../../../shared/corpus")
    if os.getuid() != 0:
        raise SystemExit("bench: run as root (a throwaway Dovecot is started)")
    need_tools()
    b = Bench(build, n, big, corpus)
    try:
        b.startup()
        b.parse()
        b.ingest()
        b.growth()
        b.idle_big()
        b.table()
    finally:
        b.dovecot_stop()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(b.tmp)
        else:
            print("kept " + b.tmp, file=sys.stderr)


if __name__ == "__main__":
    main()
