#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""bench.py: speed and memory of liaisond on generated mail, side by side with references in the same run.

usage: python3 tests/bench/bench.py BUILD_DIR [N] [CORPUS_DIR]

Generates N messages (the corpus, each copy with its own Message-ID), then measures, each as a child
process so its peak memory (ru_maxrss) is its own:
  - cat                      reading the files (the I/O floor)
  - python3 email (ref.)     Python's standard e-mail parser decoding every part (a common reference)
  - liaisonctl parse --json  liaisond's parse + classify + extract, no store
  - liaisond --once          the whole pipeline: parse, extract, file in SQLite (WAL, fsync), spool acks
and one large message (a 40 MB attachment) through liaisonctl parse, for bounded memory.
Nothing here is a test: it prints figures.
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

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


def run(cmd, **kw):
    """Runs cmd as a child; returns (seconds, peak RSS in MiB of that child)."""
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    dt = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:3])}… failed ({os.waitstatus_to_exitcode(status)})")
    return dt, ru.ru_maxrss / 1024.0


def main():
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1200
    corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../../shared/corpus")
    src = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".eml"))
    tmp = tempfile.mkdtemp(prefix="lsd-bench-")
    try:
        msgs = os.path.join(tmp, "msgs")
        md = os.path.join(tmp, "Maildir")
        for d in (msgs, md + "/new", md + "/cur", md + "/tmp"):
            os.makedirs(d)
        files = []
        total = 0
        for i in range(n):
            raw = open(src[i % len(src)], "rb").read()
            raw = raw.replace(b"Message-ID: <", b"Message-ID: <b%d." % i, 1)
            p = os.path.join(msgs, "%06d.eml" % i)
            open(p, "wb").write(raw)
            shutil.copy(p, os.path.join(md, "new", "%010d.M%dP1.bench" % (1700000000 + i, i)))
            files.append(p)
            total += len(raw)
        conf = os.path.join(tmp, "conf")
        open(conf, "w").write(
            'store: { path = "%s/db/liaisond.db"; };\nmailbox: { url = "maildir:%s"; };\n'
            'smtp: { url = "spool:%s/spool"; };\nsecretariat: { address = "tsbjcamv@itu.int"; };\n' % (tmp, md, tmp))
        big = os.path.join(tmp, "big.eml")
        with open(big, "wb") as f:
            f.write(b"From: a@example.org\nMessage-ID: <big@example.org>\nSubject: big\nMIME-Version: 1.0\n"
                    b"Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nhello\n--B\n"
                    b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                    b"Content-Disposition: attachment; filename=big.pdf\n\n")
            import base64
            chunk = base64.encodebytes(os.urandom(3 * 1024 * 1024))
            for _ in range(13):
                f.write(chunk)
            f.write(b"--B--\n")
        ctl = os.path.join(build, "liaisonctl")
        rows = [
            ("cat (I/O floor)", ["cat"] + files),
            ("python3 email (reference)", [sys.executable, "-c", PYREF] + files),
            ("liaisonctl parse --json", [ctl, "parse", "--json"] + files),
            ("liaisond --once (files them)", [os.path.join(build, "liaisond"), "--once", "-c", conf]),
        ]
        print(f"{n} messages, {total / 1048576:.1f} MiB (the corpus, repeated with new Message-IDs)")
        print(f"{'':32} {'seconds':>8} {'msg/s':>9} {'MiB/s':>7} {'peak RSS MiB':>13}")
        for name, cmd in rows:
            dt, rss = run(cmd)
            print(f"{name:32} {dt:8.2f} {n / dt:9.0f} {total / 1048576 / dt:7.1f} {rss:13.1f}")
        size = os.path.getsize(big) / 1048576
        print(f"\none message of {size:.0f} MiB (a 39 MiB PDF attachment, base64)")
        for name, cmd in [("python3 email (reference)", [sys.executable, "-c", PYREF, big]),
                          ("liaisonctl parse --json", [ctl, "parse", "--json", big])]:
            dt, rss = run(cmd)
            print(f"{name:32} {dt:8.2f} {'':>9} {size / dt:7.1f} {rss:13.1f}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
