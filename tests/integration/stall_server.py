#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""stall_server.py: a fake IMAP server (RFC 3501) on 127.0.0.1 that stops answering, for the hang tests.

Modes:
  silent   accept and never send a byte (not even the greeting)
  login    greet, answer CAPABILITY, then never answer LOGIN (or AUTHENTICATE)
  command  greet, accept any LOGIN, then never answer the first command after it (STATUS, SELECT, ...)
  logout   greet, accept any LOGIN, answer STATUS for an empty folder, then never answer LOGOUT

Each accepted connection is counted: the count is rewritten to --count-file at once, so a test
can read it while the server runs. The port the kernel picked goes to --port-file. The server
exits by itself after --lifetime seconds (default 60), closing every connection, so a test that
forgets it leaves nothing behind for long. Standard library only.
"""

import argparse
import os
import selectors
import socket
import sys
import time

GREETING = b"* OK [CAPABILITY IMAP4rev1] stall_server ready\r\n"
# No AUTH= mechanisms: libcurl then logs in with LOGIN, the command this server stops at.
CAPS = b"* CAPABILITY IMAP4rev1\r\n"


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.inbuf = b""
        self.logged_in = False
        self.stalled = False


def answer(conn, mode, line):
    """What to send back for one command line; None once the server has stalled."""
    if conn.stalled:
        return None
    parts = line.split(b" ", 2)
    tag = parts[0]
    cmd = parts[1].upper() if len(parts) > 1 else b""
    if cmd == b"CAPABILITY":
        return CAPS + tag + b" OK CAPABILITY completed\r\n"
    if cmd == b"LOGOUT":
        if mode == "logout":
            conn.stalled = True
            return None
        return b"* BYE\r\n" + tag + b" OK LOGOUT completed\r\n"
    if cmd in (b"LOGIN", b"AUTHENTICATE"):
        if mode == "login":
            conn.stalled = True
            return None
        conn.logged_in = True
        return tag + b" OK LOGIN completed\r\n"
    if mode == "logout" and conn.logged_in and cmd == b"STATUS":
        # An empty folder: liaisond has nothing to search and ends the cycle with LOGOUT.
        return b"* STATUS INBOX (UIDVALIDITY 1 UIDNEXT 1)\r\n" + tag + b" OK STATUS completed\r\n"
    if mode == "command" and conn.logged_in:
        conn.stalled = True
        return None
    return tag + b" BAD stall_server knows only CAPABILITY, LOGIN and LOGOUT\r\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("silent", "login", "command", "logout"), required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--count-file", required=True)
    ap.add_argument("--lifetime", type=float, default=60.0)
    args = ap.parse_args()

    deadline = time.monotonic() + max(1.0, min(args.lifetime, 600.0))
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(64)
    lsock.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(lsock, selectors.EVENT_READ, None)
    count = 0
    write_atomic(args.count_file, "0\n")
    write_atomic(args.port_file, "%d\n" % lsock.getsockname()[1])

    conns = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        for key, _ in sel.select(timeout=min(left, 0.5)):
            if key.data is None:
                try:
                    sock, _ = lsock.accept()
                except BlockingIOError:
                    continue
                sock.setblocking(False)
                count += 1
                write_atomic(args.count_file, "%d\n" % count)
                c = Conn(sock)
                conns.append(c)
                sel.register(sock, selectors.EVENT_READ, c)
                if args.mode != "silent":
                    try:
                        sock.sendall(GREETING)
                    except OSError:
                        pass
                continue
            c = key.data
            try:
                data = c.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(c.sock)
                c.sock.close()
                conns.remove(c)
                continue
            if args.mode == "silent":
                continue  # read and dropped: the client sees a server that never speaks
            c.inbuf += data
            while b"\r\n" in c.inbuf:
                line, c.inbuf = c.inbuf.split(b"\r\n", 1)
                out = answer(c, args.mode, line)
                if out:
                    try:
                        c.sock.sendall(out)
                    except OSError:
                        pass
    for c in conns:
        c.sock.close()
    lsock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
