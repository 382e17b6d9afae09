"""Small loopback HTTP(S) servers that misbehave on purpose, to test
certreq-http's limits: redirects, oversized and slow answers, HTTP errors,
binary round trips and TLS verification."""
import http.server
import os
import ssl
import subprocess
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body, ctype="application/octet-stream", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up on purpose (size limit, timeout)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/redirect":
            self._send(302, b"", extra={"Location": "/ok"})
        elif path == "/big":
            self._send(200, b"x" * (5 << 20))
        elif path == "/slow":
            time.sleep(3)
            self._send(200, b"late")
        elif path == "/error":
            self._send(500, b"operation not implemented", "text/plain")
        else:
            self._send(200, b"hello " + self.path.encode(), "text/plain")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        self._send(200, body, self.headers.get("Content-Type", "none"))


class Server:
    """A threaded server on 127.0.0.1:<free port>; tls=True serves HTTPS with a self-signed certificate."""

    def __init__(self, workdir, tls=False):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls:
            cert, key = os.path.join(workdir, "tls.pem"), os.path.join(workdir, "tls.key")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                           check=True, capture_output=True)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.base = ("https" if tls else "http") + f"://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
