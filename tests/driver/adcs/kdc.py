"""A real MIT Kerberos KDC (Debian krb5-kdc) on a free loopback port with its
own realm, database, user principal and HTTP/localhost service keytab, all in
one directory. env() gives the variables that point the libraries (the
client's libcurl/GSS-API, the test service's python3-gssapi) at it."""
import os
import shutil
import socket
import subprocess
import time

REALM = "CERTREQ.TEST"
TOOLS = ["krb5kdc", "kdb5_util", "kadmin.local", "kinit", "kdestroy"]


def available():
    return all(shutil.which(t) or os.path.exists("/usr/sbin/" + t) for t in TOOLS)


def tool(name):
    return shutil.which(name) or "/usr/sbin/" + name


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Kdc:
    def __init__(self, d, user="alice", password="kerberos-pw"):
        self.dir, self.user, self.password = d, user, password
        os.makedirs(d, exist_ok=True)
        self.port = free_port()
        self.keytab = os.path.join(d, "http.keytab")
        self.ccache = os.path.join(d, "ccache")
        with open(os.path.join(d, "krb5.conf"), "w") as f:
            f.write("[libdefaults]\n default_realm = %s\n dns_lookup_realm = false\n dns_lookup_kdc = false\n"
                    " rdns = false\n dns_canonicalize_hostname = false\n udp_preference_limit = 1\n"
                    "[realms]\n %s = {\n  kdc = 127.0.0.1:%d\n }\n[domain_realm]\n localhost = %s\n"
                    % (REALM, REALM, self.port, REALM))
        with open(os.path.join(d, "kdc.conf"), "w") as f:
            f.write("[kdcdefaults]\n kdc_listen = 127.0.0.1:%d\n kdc_tcp_listen = 127.0.0.1:%d\n[realms]\n %s = {\n"
                    "  database_name = %s/principal\n  key_stash_file = %s/stash\n  acl_file = %s/kadm5.acl\n"
                    "  max_life = 1h\n }\n[logging]\n kdc = FILE:%s/kdc.log\n"
                    % (self.port, self.port, REALM, d, d, d, d))
        open(os.path.join(d, "kadm5.acl"), "w").close()
        self.check([tool("kdb5_util"), "create", "-s", "-r", REALM, "-P", "master-pw"])
        self.check([tool("kadmin.local"), "-r", REALM, "-q", "addprinc -pw %s %s@%s" % (password, user, REALM)])
        self.check([tool("kadmin.local"), "-r", REALM, "-q", "addprinc -randkey HTTP/localhost@%s" % REALM])
        self.check([tool("kadmin.local"), "-r", REALM, "-q", "ktadd -k %s HTTP/localhost@%s" % (self.keytab, REALM)])
        self.proc = subprocess.Popen([tool("krb5kdc"), "-n", "-r", REALM], env=self.env(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):  # until it listens
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.proc.poll() is not None:
                raise RuntimeError("krb5kdc exited: " + self.proc.stderr.read().decode())
            time.sleep(0.05)
        raise RuntimeError("krb5kdc does not listen on port %d" % self.port)

    def env(self):
        return {"KRB5_CONFIG": os.path.join(self.dir, "krb5.conf"),
                "KRB5_KDC_PROFILE": os.path.join(self.dir, "kdc.conf"),
                "KRB5CCNAME": "FILE:" + self.ccache, "KRB5_KTNAME": "FILE:" + self.keytab,
                "KRB5RCACHETYPE": "none"}

    def check(self, args, stdin=None):
        r = subprocess.run(args, env=dict(os.environ, **self.env()), input=stdin, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("%s: %s%s" % (args[0], r.stdout, r.stderr))
        return r

    def kinit(self, lifetime=None):
        args = [tool("kinit")] + (["-l", lifetime] if lifetime else []) + ["%s@%s" % (self.user, REALM)]
        self.check(args, stdin=self.password + "\n")

    def kdestroy(self):
        subprocess.run([tool("kdestroy")], env=dict(os.environ, **self.env()), capture_output=True)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
