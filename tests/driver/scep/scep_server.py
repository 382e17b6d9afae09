"""A micromdm scepserver (Debian package `scep`) on a free loopback port, for
the SCEP end-to-end test. Recipe: the project notes on running a SCEP server (ca-servers.md §8). The CA
certificate is re-issued (same key) with digitalSignature so that strict
verifiers accept the CertRep signatures."""
import os
import shutil
import socket
import subprocess
import time
import urllib.request


def available():
    return shutil.which("scepserver") is not None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ScepServer:
    def __init__(self, workdir, challenge="s3cret"):
        self.dir = workdir
        self.challenge = challenge
        self.depot = os.path.join(workdir, "depot")
        self.proc = None
        self.port = None
        self.log = os.path.join(workdir, "server.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/scep"

    @property
    def ca_pem(self):
        return os.path.join(self.depot, "ca.pem")

    def init_ca(self):
        subprocess.run(["scepserver", "ca", "-init", "-depot", self.depot, "-keySize", "2048",
                        "-organization", "certreq-test", "-years", "10"], check=True, capture_output=True)
        key = os.path.join(self.dir, "ca-key.pem")
        subprocess.run(["openssl", "rsa", "-in", os.path.join(self.depot, "ca.key"), "-passin", "pass:",
                        "-out", key], check=True, capture_output=True)
        os.chmod(self.ca_pem, 0o600)
        subprocess.run(["openssl", "req", "-x509", "-new", "-key", key, "-days", "3650",
                        "-subj", "/C=US/O=certreq-test/OU=SCEP CA/CN=certreq SCEP test CA",
                        "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign,cRLSign",
                        "-out", self.ca_pem], check=True, capture_output=True)

    def start(self):
        if not os.path.exists(self.ca_pem):
            self.init_ca()
        for _ in range(5):  # the port may be taken between free_port() and the bind
            self.port = free_port()
            logf = open(self.log, "ab")
            self.proc = subprocess.Popen(["scepserver", "-depot", self.depot, "-port", str(self.port),
                                          "-challenge", self.challenge, "-allowrenew", "0"],
                                         stdout=logf, stderr=subprocess.STDOUT)
            logf.close()
            deadline = time.time() + 10
            while time.time() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    with urllib.request.urlopen(self.url + "?operation=GetCACaps", timeout=1) as r:
                        if r.status == 200:
                            return
                except OSError:
                    time.sleep(0.05)
            self.stop()
        raise RuntimeError("scepserver did not start; log:\n" + open(self.log).read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
