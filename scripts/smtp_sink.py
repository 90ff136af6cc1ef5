#!/usr/bin/env python3
"""An SMTP server for the e-mail tests (aiosmtpd, PyPI): STARTTLS required, AUTH required (PLAIN or LOGIN,
login `hermine`, password given by --password), each accepted message written to FOLDER as NNNNN.eml with its
envelope recipients in NNNNN.rcpt. It makes its own certificate for 127.0.0.1 with openssl, prints
`listening on PORT CERTFILE` once ready, and runs until killed.

    python3 scripts/smtp_sink.py FOLDER [--password SECRET] [--fail-every N]

--fail-every N answers every Nth message 451 (a temporary failure: the hub tries again).
"""
import argparse
import asyncio
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--password", default="hermine-smtp-secret")
    parser.add_argument("--fail-every", type=int, default=0)
    args = parser.parse_args()
    # A parent may have started it with SIGTERM blocked (a test runner's threads): stop on it all the same.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.makedirs(args.folder, exist_ok=True)

    keys = tempfile.mkdtemp(prefix="hermine-smtp-")
    cert, key = os.path.join(keys, "cert.pem"), os.path.join(keys, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    lock = threading.Lock()
    state = {"messages": 0, "written": 0}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                state["messages"] += 1
                if args.fail_every and state["messages"] % args.fail_every == 0:
                    return "451 4.3.0 try again later"
                state["written"] += 1
                name = os.path.join(args.folder, "%05d" % state["written"])
            with open(name + ".rcpt.part", "w") as out:
                out.write("\n".join(envelope.rcpt_tos) + "\n")
            os.rename(name + ".rcpt.part", name + ".rcpt")
            with open(name + ".eml.part", "wb") as out:
                out.write(envelope.original_content or envelope.content)
            os.rename(name + ".eml.part", name + ".eml")
            return "250 2.0.0 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == b"hermine" and auth_data.password == args.password.encode():
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True, auth_required=True,
        auth_require_tls=True, authenticator=authenticator)
    controller.start()
    print("listening on %d %s" % (port, cert), flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
