"""A real SMTP server on loopback for Kindred's delivery tests (aiosmtpd).

Prints "ready PORT" once listening, then serves until it is terminated. Each accepted message is written to FOLDER/N.eml with the envelope and whether the
client signed in. Recipients at refused.example are refused with 550. With --cert and --key, STARTTLS is required and
so is signing in (user kindred, password s3cret) after it.
"""
import argparse
import os
import signal
import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Saver:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, f"{self.count}.eml")
        head = f"X-Envelope-From: {envelope.mail_from}\r\nX-Envelope-To: {','.join(envelope.rcpt_tos)}\r\nX-Authenticated: {session.authenticated}\r\n"
        with open(path + ".tmp", "wb") as out:
            out.write(head.encode() + envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"kindred" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)


def main():
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)
    controller = Controller(Saver(args.folder), hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=tls is not None,
                            authenticator=authenticator, auth_required=tls is not None, auth_require_tls=tls is not None)
    controller.start()
    print(f"ready {port}", flush=True)
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    controller.stop()


if __name__ == "__main__":
    main()
