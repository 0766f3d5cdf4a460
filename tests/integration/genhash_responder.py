#!/usr/bin/env python3
"""Fixed-response HTTP(S) server for the genhash comparison (tests/integration/genhash.sh).

Usage: genhash_responder.py ADDRESS PORT DIR [CERT KEY]

For each connection it reads the request header, takes the path's last component as a file
name in DIR and sends that file's bytes verbatim, then closes (for TLS after close_notify).
The file "silent" makes it hold the connection without a byte; a missing file closes at once.
With CERT and KEY the server speaks TLS. Deterministic bytes, unlike a web server's Date
headers, so that genhash -v dumps can be compared byte for byte.
"""
import os
import socket
import ssl
import sys
import threading


def serve(conn, directory):
    try:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        path = request.split(b" ")[1].decode()
        name = os.path.basename(path) or "index"
        if name == "silent":
            while conn.recv(4096):
                pass
            return
        try:
            data = open(os.path.join(directory, name), "rb").read()
        except OSError:
            return
        conn.sendall(data)
        if isinstance(conn, ssl.SSLSocket):
            try:
                conn.unwrap()
            except (ssl.SSLError, OSError):
                pass
    except (ssl.SSLError, OSError):
        pass
    finally:
        conn.close()


def main():
    address, port, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    context = None
    if len(sys.argv) > 5:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[4], sys.argv[5])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(16)
    while True:
        conn, _ = listener.accept()
        if context is not None:
            try:
                conn = context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close()
                continue
        threading.Thread(target=serve, args=(conn, directory), daemon=True).start()


if __name__ == "__main__":
    main()
