#!/usr/bin/env python3
# smtp_oauth_server.py: a scripted SMTP server on 127.0.0.1 that checks AUTH XOAUTH2 / OAUTHBEARER (RFC 7628) tokens.
# SPDX-License-Identifier: Apache-2.0
"""A test SMTP submission server, standard library only: nothing here is for production.

Why a script and not an MTA: see docs/oauth2.md ("How it is tested"). It speaks enough RFC 5321 for a
client's submission (EHLO, AUTH, MAIL, RCPT, DATA, RSET, NOOP, QUIT), offers the SASL mechanisms named by
--mechs, and checks each token as Dovecot's oauth2 passdb does: by asking the introspection endpoint of
tests/integration/oauth_server.py (RFC 7662) whether it is active and for which user. A refused token gets
the error challenge of RFC 7628 section 3.2.2 (334 and a base64 JSON status), then, after the client's
answer, 535 5.7.8. Mail is accepted only after a successful AUTH, and written to --out as N.eml (numbered
on after the files already there).

One line per event on stdout:  auth method=OAUTHBEARER user=jcamv ok | auth method=XOAUTH2 user=jcamv refused
and  message N from=<a> rcpt=<b>. Tokens are never printed.

Usage: smtp_oauth_server.py --port-file F --introspect URL --out DIR [--mechs "OAUTHBEARER XOAUTH2"]
"""
import argparse
import base64
import json
import os
import socketserver
import sys
import threading
import time
import urllib.parse
import urllib.request

ARGS = None
COUNT = [0]
LOCK = threading.Lock()


def say(*words):
    print(time.strftime("%H:%M:%S"), *words, flush=True)


def parse_sasl(mech, raw):
    """(user, token) from an XOAUTH2 or OAUTHBEARER initial response (base64), or (None, None)."""
    try:
        text = base64.b64decode(raw, validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None, None
    user = token = None
    parts = text.split("\x01")
    if mech == "OAUTHBEARER":
        gs2 = parts[0].split(",")  # n,a=user,
        if len(gs2) < 2 or gs2[0] not in ("n", "y"):
            return None, None
        for g in gs2[1:]:
            if g.startswith("a="):
                user = g[2:].replace("=2C", ",").replace("=3D", "=")
        parts = parts[1:]
    for p in parts:
        if p.startswith("user="):
            user = p[5:]
        elif p.lower().startswith("auth=bearer "):
            token = p[12:]
    return user, token


def token_ok(user, token):
    if not token:
        return False
    data = urllib.parse.urlencode({"token": token}).encode()
    try:
        with urllib.request.urlopen(ARGS.introspect, data=data, timeout=10) as r:
            ans = json.loads(r.read().decode())
    except (OSError, ValueError):
        return False
    return ans.get("active") is True and ans.get("username") == user


class Session(socketserver.StreamRequestHandler):
    timeout = 60

    def send(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(65536)
        if not line:
            raise EOFError
        return line.decode("utf-8", "replace").rstrip("\r\n")

    def auth(self, args):
        mech = args[0].upper() if args else ""
        if mech not in ARGS.mechs.split():
            return self.send("504 5.5.4 mechanism not offered")
        if len(args) > 1:
            raw = args[1]
        else:
            self.send("334 ")
            raw = self.readline()
        if raw == "*":
            return self.send("501 5.0.0 authentication cancelled")
        user, token = parse_sasl(mech, raw)
        if user and token_ok(user, token):
            self.authed = True
            say("auth method=%s user=%s ok" % (mech, user))
            return self.send("235 2.7.0 Authentication successful")
        say("auth method=%s user=%s refused" % (mech, user))
        status = base64.b64encode(json.dumps(
            {"status": "invalid_token", "schemes": "bearer", "scope": "smtp"}).encode()).decode()
        self.send("334 " + status)
        try:
            self.readline()  # the client's answer to the error challenge: 0x01 for OAUTHBEARER
        except EOFError:
            return None
        return self.send("535 5.7.8 Authentication credentials invalid")

    def data(self):
        self.send("354 End data with <CR><LF>.<CR><LF>")
        lines = []
        while True:
            line = self.readline()
            if line == ".":
                break
            lines.append(line[1:] if line.startswith("..") else line)
        with LOCK:
            COUNT[0] += 1
            n = COUNT[0]
        with open(os.path.join(ARGS.out, "%d.eml" % n), "w") as f:
            f.write("\r\n".join(lines) + "\r\n")
        say("message %d from=%s rcpt=%s" % (n, self.mail_from, ",".join(self.rcpt)))
        self.mail_from, self.rcpt = None, []
        self.send("250 2.0.0 Ok: queued as %d" % n)

    def handle(self):
        self.authed = False
        self.mail_from, self.rcpt = None, []
        self.send("220 smtp-oauth.test ESMTP (liaisond test)")
        try:
            while True:
                line = self.readline()
                verb, _, rest = line.partition(" ")
                verb = verb.upper()
                args = rest.split()
                if verb in ("EHLO", "HELO"):
                    self.send("250-smtp-oauth.test")
                    self.send("250-AUTH " + ARGS.mechs)
                    self.send("250 8BITMIME")
                elif verb == "AUTH":
                    self.auth(args)
                elif verb == "MAIL":
                    if not self.authed:
                        self.send("530 5.7.0 Authentication required")
                    else:
                        self.mail_from = rest[5:].strip()
                        self.send("250 2.1.0 Ok")
                elif verb == "RCPT":
                    if self.mail_from is None:
                        self.send("503 5.5.1 MAIL first")
                    else:
                        self.rcpt.append(rest[3:].strip())
                        self.send("250 2.1.5 Ok")
                elif verb == "DATA":
                    if not self.rcpt:
                        self.send("503 5.5.1 RCPT first")
                    else:
                        self.data()
                elif verb == "RSET":
                    self.mail_from, self.rcpt = None, []
                    self.send("250 2.0.0 Ok")
                elif verb == "NOOP":
                    self.send("250 2.0.0 Ok")
                elif verb == "QUIT":
                    self.send("221 2.0.0 Bye")
                    return
                else:
                    self.send("502 5.5.2 command not recognised")
        except (EOFError, OSError):
            return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--introspect", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--mechs", default="OAUTHBEARER XOAUTH2")
    ARGS = p.parse_args()
    os.makedirs(ARGS.out, exist_ok=True)
    COUNT[0] = len(os.listdir(ARGS.out))  # a restarted server numbers on after the messages already there
    srv = Server(("127.0.0.1", 0), Session)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, ARGS.port_file)
    say("listening", srv.server_address[1], "mechs", ARGS.mechs)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
