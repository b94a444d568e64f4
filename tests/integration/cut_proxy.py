#!/usr/bin/env python3
# cut_proxy.py: a TCP proxy on 127.0.0.1 that cuts IMAP connections in the middle of a FETCH literal (RFC 3501).
# SPDX-License-Identifier: Apache-2.0
"""cut_proxy.py: forwards 127.0.0.1:PORT (the kernel picks it; written to --port-file) to 127.0.0.1:--target.

The first --cuts connections whose server side sends, after --after literals, a FETCH response with a literal
of at least --min bytes ({N} then CRLF) are cut there: half of the literal is forwarded, then both sides are closed, as a server that
dies or a network that fails in the middle of a message would. Later connections pass through untouched.
Each cut appends a line to --log. The proxy exits after --lifetime seconds. Standard library only.
"""

import argparse
import os
import re
import socket
import sys
import threading
import time

LITERAL = re.compile(rb"\* \d+ FETCH \([^\r\n]*\{(\d+)\}\r\n")
lock = threading.Lock()
state = {"cuts": 0}


def pump_client(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def pump_server(src, dst, args, armed):
    """Server to client; when armed, cuts in the first literal of --min bytes after --after literals."""
    buf, pos, sent, seen = b"", 0, 0, 0  # buf[sent:] is not forwarded yet; literals searched from pos
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if not armed:
                dst.sendall(data)
                continue
            buf += data
            cut_at = None
            while cut_at is None:
                m = LITERAL.search(buf, pos)
                if not m:
                    break
                pos = m.end()
                seen += 1
                if seen > args.after and int(m.group(1)) >= args.min:
                    cut_at = m.end() + int(m.group(1)) // 2
            if cut_at is not None:
                with lock:
                    go = state["cuts"] < args.cuts
                    if go:
                        state["cuts"] += 1
                if go:
                    # The bytes before the literal's middle go through; then the cut.
                    dst.sendall(buf[sent:min(cut_at, len(buf))])
                    with open(args.log, "a") as f:
                        f.write("cut in literal %d, of %s bytes\n" % (seen, m.group(1).decode()))
                    break
                armed = False
            dst.sendall(buf[sent:])
            sent = len(buf)
            if not armed:
                buf = b""
            elif len(buf) > (4 << 20):  # keep the tail a literal header may straddle
                drop = max(0, min(pos, sent) - 4096)
                buf, pos, sent = buf[drop:], pos - drop, sent - drop
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def handle(client, args):
    try:
        server = socket.create_connection(("127.0.0.1", args.target), timeout=10)
    except OSError:
        client.close()
        return
    server.settimeout(None)
    armed = state["cuts"] < args.cuts
    t = threading.Thread(target=pump_client, args=(client, server), daemon=True)
    t.start()
    pump_server(server, client, args, armed)
    t.join(5)
    client.close()
    server.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", type=int, required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--cuts", type=int, default=1)
    ap.add_argument("--min", type=int, default=200)
    ap.add_argument("--after", type=int, default=0, help="literals let through on a connection before the cut")
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.replace(a.port_file + ".tmp", a.port_file)
    end = time.monotonic() + a.lifetime
    while time.monotonic() < end:
        srv.settimeout(max(0.1, end - time.monotonic()))
        try:
            c, _ = srv.accept()
        except socket.timeout:
            break
        threading.Thread(target=handle, args=(c, a), daemon=True).start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
