#!/usr/bin/env python3
# oauth_server.py: a throwaway OAuth 2.0 token and introspection service on 127.0.0.1 (RFC 6749, RFC 7662) for the tests.
# SPDX-License-Identifier: Apache-2.0
"""A test token authority, standard library only: nothing here is for production.

  POST /token       grant_type=refresh_token (client_id, client_secret, refresh_token, scope) or
                    grant_type=client_credentials: {"access_token", "token_type", "expires_in"[, "refresh_token"]}
                    or 400 {"error": "invalid_grant" | "invalid_client" | "unsupported_grant_type"}
  POST /introspect  token=T (form; also ?token=T, or Authorization: Bearer T): RFC 7662, {"active": true,
                    "username": USER, "exp": …} or {"active": false}. Dovecot's oauth2 passdb and the scripted
                    SMTP server ask it.
  Test controls (POST, answer JSON):
    /admin/revoke_refresh   every refresh token revoked: the next refresh answers invalid_grant
    /admin/revoke_access    every access token issued so far is no longer active (as if revoked early)
    /admin/new_refresh      a new refresh token, returned as {"refresh_token": …} (the operator's re-consent)
    /admin/set?expires=N    access tokens issued from now on live N seconds
  GET /admin/stats          counters: token_ok, token_refused, introspect_ok, introspect_refused, and the
                            refresh tokens issued ("refresh_tokens") and access tokens issued ("access_tokens")

Usage: oauth_server.py --port-file F --refresh-token-file R [--expires N] [--rotate] [--client-id C]
       [--client-secret S] [--user U]. It writes the port to F once listening and the first refresh token to R
(mode 0600). One line per request on stdout, tokens shown by their first 6 characters only.
"""
import argparse
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {
    "refresh": set(),  # valid refresh tokens
    "access": {},  # access token -> expiry (epoch seconds)
    "issued_refresh": [],
    "issued_access": [],
    "counts": {"token_ok": 0, "token_refused": 0, "introspect_ok": 0, "introspect_refused": 0},
}
ARGS = None


def new_refresh():
    rt = "rt-" + secrets.token_urlsafe(24)
    STATE["refresh"].add(rt)
    STATE["issued_refresh"].append(rt)
    return rt


def short(t):
    return (t or "")[:6] + "…"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per request, on stdout, no tokens
        pass

    def say(self, *words):
        print(time.strftime("%H:%M:%S"), *words, flush=True)

    def answer(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n).decode() if n else ""
        q = urllib.parse.urlsplit(self.path).query
        f = dict(urllib.parse.parse_qsl(q))
        f.update(urllib.parse.parse_qsl(raw, keep_blank_values=True))
        return f

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/admin/stats":
            with LOCK:
                self.answer(200, dict(STATE["counts"], refresh_tokens=STATE["issued_refresh"],
                                      access_tokens=STATE["issued_access"]))
        elif path == "/introspect":
            self.introspect(self.form())
        else:
            self.answer(404, {"error": "not_found"})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        f = self.form()
        if path == "/token":
            self.token(f)
        elif path == "/introspect":
            self.introspect(f)
        elif path.startswith("/admin/"):
            self.admin(path[7:], f)
        else:
            self.answer(404, {"error": "not_found"})

    def refuse(self, error, why):
        STATE["counts"]["token_refused"] += 1
        self.say("token refused", error, why)
        self.answer(400 if error != "invalid_client" else 401, {"error": error, "error_description": why})

    def token(self, f):
        with LOCK:
            grant = f.get("grant_type", "")
            if f.get("client_id") != ARGS.client_id:
                return self.refuse("invalid_client", "unknown client_id")
            if ARGS.client_secret and f.get("client_secret") != ARGS.client_secret:
                return self.refuse("invalid_client", "wrong client secret")
            out = {"token_type": "Bearer", "expires_in": ARGS.expires}
            if grant == "refresh_token":
                rt = f.get("refresh_token", "")
                if rt not in STATE["refresh"]:
                    return self.refuse("invalid_grant", "the refresh token is revoked or unknown")
                if ARGS.rotate:
                    STATE["refresh"].discard(rt)
                    out["refresh_token"] = new_refresh()
            elif grant != "client_credentials":
                return self.refuse("unsupported_grant_type", grant)
            at = "at-" + secrets.token_urlsafe(32)
            STATE["access"][at] = time.time() + ARGS.expires
            STATE["issued_access"].append(at)
            STATE["counts"]["token_ok"] += 1
            out["access_token"] = at
            if f.get("scope"):
                out["scope"] = f["scope"]
            self.say("token issued", grant, short(at), "expires_in", ARGS.expires,
                     "rotated" if "refresh_token" in out else "")
            self.answer(200, out)

    def introspect(self, f):
        tok = f.get("token", "")
        auth = self.headers.get("Authorization", "")
        if not tok and auth.lower().startswith("bearer "):
            tok = auth[7:].strip()
        with LOCK:
            exp = STATE["access"].get(tok)
            ok = exp is not None and exp > time.time()
            STATE["counts"]["introspect_ok" if ok else "introspect_refused"] += 1
        self.say("introspect", short(tok), "active" if ok else "inactive")
        if ok:
            self.answer(200, {"active": True, "username": ARGS.user, "exp": int(exp), "token_type": "Bearer"})
        else:
            self.answer(200, {"active": False})

    def admin(self, what, f):
        with LOCK:
            if what == "revoke_refresh":
                STATE["refresh"].clear()
                out = {"ok": True}
            elif what == "revoke_access":
                STATE["access"].clear()
                out = {"ok": True}
            elif what == "new_refresh":
                out = {"refresh_token": new_refresh()}
            elif what == "set":
                ARGS.expires = int(f.get("expires", ARGS.expires))
                out = {"expires": ARGS.expires}
            else:
                return self.answer(404, {"error": "not_found"})
        self.say("admin", what)
        self.answer(200, out)


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--refresh-token-file", required=True)
    p.add_argument("--expires", type=int, default=3600)
    p.add_argument("--rotate", action="store_true")
    p.add_argument("--client-id", default="liaisond-test")
    p.add_argument("--client-secret", default="")
    p.add_argument("--user", default="jcamv")
    ARGS = p.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with LOCK:
        rt = new_refresh()
    fd = os.open(ARGS.refresh_token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, (rt + "\n").encode())
    os.close(fd)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, ARGS.port_file)
    print("listening", srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
