#!/usr/bin/env python3
# smtp_fault_server.py: a scripted SMTP server (RFC 5321) on 127.0.0.1 that fails after the final dot, for the fault tests.
# SPDX-License-Identifier: Apache-2.0
"""smtp_fault_server.py: a plain-text SMTP server on loopback, one connection at a time, standard library only.

Modes:
  cut   answer everything up to DATA, read the message to its final dot, then close the connection
        without a reply: the client cannot know whether the message was taken
  ok    answer 250 to the message: a working server

Every message read to its final dot is written to --dir as N.eml (in both modes: in `cut` the server has
the bytes, as a real one that crashed before replying might), with the envelope recipients on a first line
"RCPT a@b c@d". The port the kernel picked goes to --port-file. The mode file (--mode-file, if given) is
read at each connection, so a test switches a running server from cut to ok by rewriting it. The server
exits by itself after --lifetime seconds.
"""

import argparse
import os
import socket
import sys
import time


def serve(conn, mode, outdir):
    f = conn.makefile("rb")

    def send(line):
        conn.sendall(line.encode() + b"\r\n")

    send("220 fault.test ESMTP smtp_fault_server")
    rcpt = []
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            send("250-fault.test")
            send("250-8BITMIME")
            send("250 SIZE 73400320")
        elif cmd.startswith(b"HELO"):
            send("250 fault.test")
        elif cmd.startswith(b"MAIL FROM:"):
            rcpt = []
            send("250 2.1.0 Ok")
        elif cmd.startswith(b"RCPT TO:"):
            rcpt.append(line.strip()[8:].decode("utf-8", "replace").strip("<> "))
            send("250 2.1.5 Ok")
        elif cmd == b"DATA":
            send("354 End data with <CR><LF>.<CR><LF>")
            data = []
            while True:
                dl = f.readline()
                if not dl:
                    return
                if dl in (b".\r\n", b".\n"):
                    break
                data.append(dl[1:] if dl.startswith(b"..") else dl)
            n = len([x for x in os.listdir(outdir) if x.endswith(".eml")]) + 1
            tmp = os.path.join(outdir, "%d.tmp" % n)
            with open(tmp, "wb") as out:
                out.write(("RCPT %s\n" % " ".join(rcpt)).encode() + b"".join(data))
            os.replace(tmp, os.path.join(outdir, "%d.eml" % n))
            if mode == "cut":
                conn.shutdown(socket.SHUT_RDWR)
                return
            send("250 2.0.0 Ok: queued as %d" % n)
        elif cmd == b"RSET" or cmd == b"NOOP":
            send("250 2.0.0 Ok")
        elif cmd == b"QUIT":
            send("221 2.0.0 Bye")
            return
        else:
            send("502 5.5.2 Error: command not recognized")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="cut", choices=["cut", "ok"])
    ap.add_argument("--mode-file")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    with open(a.port_file + ".tmp", "w") as pf:
        pf.write(str(srv.getsockname()[1]))
    os.replace(a.port_file + ".tmp", a.port_file)
    end = time.monotonic() + a.lifetime
    while time.monotonic() < end:
        srv.settimeout(max(0.1, end - time.monotonic()))
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            break
        mode = a.mode
        if a.mode_file and os.path.exists(a.mode_file):
            mode = open(a.mode_file).read().strip() or mode
        conn.settimeout(30)
        try:
            serve(conn, mode, a.dir)
        except (OSError, socket.timeout):
            pass
        finally:
            conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
