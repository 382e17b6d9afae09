#!/usr/bin/python3
"""Keys in a TPM 2.0, end to end: "Microsoft Platform Crypto Provider" maps to
tpm2-pkcs11 (p11/providers.hpp), which the test points at a TPM of its own:
the swtpm simulator on free loopback ports and a tpm2-pkcs11 store made with
tpm2_ptool, all in a temporary directory and stopped at the end. certreq and
pkcs11-tool reach swtpm directly (TPM2_PKCS11_TCTI=swtpm:...: no GLib, so the
statically linked driver hosts tpm2-pkcs11 too); tpm2-pkcs11 leaves no object
in the TPM, so they need no resource manager. tpm2_ptool does (its tpm2-tools
calls each leave objects loaded, and swtpm has 3 slots), so it goes through
tpm2-abrmd on a private D-Bus, the resource manager a machine without the
kernel's (/dev/tpmrm0) runs; over that tabrmd TCTI, whose GLib a static
program cannot host, a static driver must refuse with a clear error and a
dynamic one must work. A wrong PIN is CKR_PIN_INCORRECT with a dynamic driver;
a static one cannot host tpm2-pkcs11's decoding of the TPM's refusal and must
end with its crash error instead. Requests are verified with `openssl req
-verify`; key objects are read with pkcs11-tool. swtpm, tpm2-abrmd,
tpm2-pkcs11 and its tools are test dependencies (scripts/deps.sh): a missing
one fails the test.
Usage: tpm_test.py CERTREQ"""
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cms_cases"))
import cmsder  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish, write  # noqa: E402

CERTREQ = os.path.abspath(sys.argv[1])
MODULE = "/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so"
PIN = "582046"
SO_PIN = "99887766"
BUS_NAME = "com.intel.tss2.Tabrmd.certreq"

for tool, package in (("swtpm", "swtpm"), ("tpm2-abrmd", "tpm2-abrmd"), ("tpm2_ptool", "libtpm2-pkcs11-tools"),
                      ("tpm2_getcap", "tpm2-tools"), ("tpm2_flushcontext", "tpm2-tools"),
                      ("dbus-daemon", "dbus-daemon"), ("pkcs11-tool", "opensc")):
    if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
        print(f"FAIL: {tool} not found: install the Debian package {package} (scripts/deps.sh)")
        sys.exit(1)
if not os.path.exists(MODULE):
    print(f"FAIL: {MODULE} not found: install the Debian package libtpm2-pkcs11-1 (scripts/deps.sh)")
    sys.exit(1)


def statically_linked(path):
    """True when the ELF program at `path` has no PT_INTERP (no ld.so starts it)."""
    with open(path, "rb") as f:
        elf = f.read(1 << 16)
    assert elf[:4] == b"\x7fELF" and elf[4] == 2 and elf[5] == 1, "not a little-endian ELF64 program: " + path
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    return all(struct.unpack_from("<I", elf, phoff + i * phentsize)[0] != 3 for i in range(phnum))  # 3: PT_INTERP


STATIC = statically_linked(CERTREQ)


def free_port():
    """A port and the next one, both free on 127.0.0.1 (swtpm's server and control)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 65000:
            try:
                with socket.socket() as t:
                    t.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port pair")


class Tpm:
    """swtpm + a private D-Bus + tpm2-abrmd + a tpm2-pkcs11 store with the token "tpm";
    env reaches swtpm directly; tabrmd_tcti is the TCTI through tpm2-abrmd."""

    def __init__(self, d):
        self.d = d
        self.procs = []
        try:
            self.start(d)
        except BaseException:
            self.stop()
            raise

    def start(self, d):
        os.makedirs(os.path.join(d, "state"))
        os.makedirs(os.path.join(d, "store"))
        port = free_port()
        self.procs.append(subprocess.Popen(
            ["swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + os.path.join(d, "state"),
             "--server", f"type=tcp,port={port},bindaddr=127.0.0.1", "--ctrl", f"type=tcp,port={port + 1},bindaddr=127.0.0.1",
             "--flags", "not-need-init,startup-clear"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        bus = os.path.join(d, "bus")
        conf = write(d, "dbus.conf", f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path={bus}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
""")
        self.procs.append(subprocess.Popen(["dbus-daemon", "--config-file=" + conf, "--nofork"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.wait_for(lambda: os.path.exists(bus), "the D-Bus socket")
        self.tabrmd_tcti = f"tabrmd:bus_type=session,bus_name={BUS_NAME}"
        swtpm_tcti = f"swtpm:host=127.0.0.1,port={port}"
        self.env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS="unix:path=" + bus, TPM2TOOLS_TCTI=swtpm_tcti,
                        TPM2_PKCS11_TCTI=swtpm_tcti, TPM2_PKCS11_STORE=os.path.join(d, "store"),
                        CERTREQ_USER_STORE=os.path.join(d, "user-store"), CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"))
        self.env.pop("CERTREQ_PROVIDERS", None)
        self.env.pop("CERTREQ_PIN", None)
        # Under LeakSanitizer (the sanitizer pass): what tpm2-pkcs11 and the
        # libraries it loads leave behind is theirs (certreq uses no OpenSSL or GLib).
        supp = write(d, "lsan.supp", "".join(f"leak:{lib}\n" for lib in (
            "libtpm2_pkcs11", "libtss2", "libcrypto.so", "libglib", "libgio", "libgobject", "libsqlite3", "libyaml")))
        self.env["LSAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("LSAN_OPTIONS"), "suppressions=" + supp]))
        self.wait_for(lambda: self.port_open(port), "swtpm")
        abrmd = shutil.which("tpm2-abrmd") or "/usr/sbin/tpm2-abrmd"
        self.abrmd_log = os.path.join(d, "abrmd.log")
        with open(self.abrmd_log, "w") as log:
            abrmd = subprocess.Popen([abrmd, "--session", "--allow-root", "--flush-all", "--dbus-name=" + BUS_NAME,
                                      f"--tcti=swtpm:host=127.0.0.1,port={port}"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=log)
        self.procs.append(abrmd)
        self.wait_for(lambda: abrmd.poll() is not None or subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
             "org.freedesktop.DBus.NameHasOwner", "string:" + BUS_NAME], env=self.env, capture_output=True,
            text=True).stdout.strip().endswith("true"), "tpm2-abrmd")
        assert abrmd.poll() is None, "tpm2-abrmd exited: " + open(self.abrmd_log).read()
        for args in (["init"], ["addtoken", "--pid=1", "--label=tpm", "--sopin=" + SO_PIN, "--userpin=" + PIN]):
            r = subprocess.run(["tpm2_ptool"] + args + ["--path", os.path.join(d, "store")],
                               env=dict(self.env, TPM2TOOLS_TCTI=self.tabrmd_tcti), capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
        self.outputs = []

    @staticmethod
    def port_open(port):
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    @staticmethod
    def wait_for(ready, what):
        for _ in range(100):
            if ready():
                return
            time.sleep(0.1)
        raise RuntimeError(what + " did not start")

    def stop(self):
        for p in reversed(self.procs):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def run(self, args, **env):
        r = subprocess.run([CERTREQ] + args, cwd=self.d, capture_output=True, text=True, env=dict(self.env, **env),
                           stdin=subprocess.DEVNULL)
        self.outputs += [r.stdout, r.stderr]
        return r

    def must(self, args, **env):
        r = self.run(args, **env)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    def objects(self):
        r = subprocess.run(["pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "-O"], env=self.env,
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        out, cur = [], None
        for line in r.stdout.splitlines():
            if line and not line.startswith(" "):
                cur = (line.split(";")[0].strip(), {})
                out.append(cur)
            elif cur and ":" in line:
                k, v = line.split(":", 1)
                cur[1][k.strip()] = v.strip()
        return out

    def flush(self):
        for kind in ("-t", "-l"):
            r = subprocess.run(["tpm2_flushcontext", kind], env=self.env, capture_output=True, text=True)
            assert r.returncode == 0, r.stderr

    def handles(self):
        """The TPM's transient objects and loaded sessions, read from swtpm directly."""
        out = []
        for kind in ("handles-transient", "handles-loaded-session"):
            r = subprocess.run(["tpm2_getcap", kind], env=self.env, capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            out += r.stdout.split()
        return out


def verify_req(d, name):
    r = subprocess.run(["openssl", "req", "-verify", "-noout", "-in", os.path.join(d, name)], capture_output=True, text=True)
    assert r.returncode == 0 and "verify OK" in (r.stdout + r.stderr), r.stderr
    with open(os.path.join(d, name), "rb") as f:
        return x509.load_pem_x509_csr(f.read())


def tpm_inf(subject, *lines):
    return (f'[NewRequest]\nSubject = "CN={subject}"\nProviderName = "Microsoft Platform Crypto Provider"\n'
            + "".join(line + "\n" for line in lines))


D = tempfile.mkdtemp(prefix="certreq-tpm-")
TPM = Tpm(D)


@case
def new_makes_ec_and_rsa_keys_inside_the_tpm():
    t, d = TPM, D
    for label, lines in (("dev-ec", ["KeyAlgorithm = ECDSA_P256"]), ("dev-rsa", ["KeyLength = 2048"]),
                         ("dev-pss", ["KeyLength = 2048", "AlternateSignatureAlgorithm = TRUE"])):
        write(d, label + ".inf", tpm_inf(label, f"KeyContainer = {label}", *lines))
        t.must(["-new", "-q", "-pin", PIN, label + ".inf", label + ".req"])
        csr = verify_req(d, label + ".req")
        (key,) = [o for k, o in t.objects() if k == "Private Key Object" and o.get("label") == label]
        assert "sensitive" in key["Access"] and "never extractable" in key["Access"], key
        (pub,) = [o for k, o in t.objects() if k == "Public Key Object" and o.get("label") == label]
        if "EC_POINT" in pub:
            point = cmsder.parse(bytes.fromhex(pub["EC_POINT"])).content
            token_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
            assert token_key.public_numbers() == csr.public_key().public_numbers()
        with open(os.path.join(d, "user-store", "keys", label + ".key")) as f:
            text = f.read()
        assert text.startswith("# certreq token key\nuri=pkcs11:token=tpm;") and "PRIVATE KEY" not in text, text
        assert "module-path=" + MODULE in text, text


@case
def accept_binds_the_certificate_to_the_tpm_key():
    t, d = TPM, D
    t.must(["-ca", "init", "-config", "./ca"])
    write(d, "web.inf", tpm_inf("web.tpm.example", "KeyContainer = web", "KeyAlgorithm = ECDSA_P256"))
    t.must(["-new", "-q", "-pin", PIN, "web.inf", "web.req"])
    t.must(["-submit", "-config", "./ca", "web.req", "web.cer"])
    r = t.must(["-accept", "-pin", PIN, "web.cer"])
    assert "Installed Certificate:" in r.stdout, r.stdout
    cert = cmsder.load_cert(os.path.join(d, "web.cer"))
    tp = cert.fingerprint(hashes.SHA1()).hex()
    with open(os.path.join(d, "user-store", "my", tp + ".meta")) as f:
        assert "key_container=web" in f.read()
    certs = [o for k, o in t.objects() if k == "Certificate Object"]
    assert r.stderr == "" and any(c.get("label") == "web" for c in certs), (r.stderr, certs)


@case
def a_wrong_pin_leaves_nothing_and_the_pin_is_never_printed():
    t, d = TPM, D
    before = t.objects()
    write(d, "w.inf", tpm_inf("w", "KeyContainer = wrong", "KeyAlgorithm = ECDSA_P256"))
    r = t.run(["-new", "-v", "-pin", "135790", "w.inf", "w.req"])
    assert "135790" not in r.stdout + r.stderr
    if STATIC:
        # tpm2-pkcs11 decodes the TPM's refusal with libtss2-rc, whose
        # thread-local buffer a static program cannot give it: the fault is
        # caught (p11/crash_guard.hpp) and reported as the module's. The
        # crashed process left its TPM objects loaded: flush them, as the
        # kernel's resource manager (/dev/tpmrm0) does when a process ends.
        t.flush()
        assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
        assert (f"\ncertreq: PKCS#11 module {MODULE} crashed (SIGSEGV in its own code): this certreq is statically "
                "linked" in "\n" + r.stderr and "such as a wrong PIN" in r.stderr), r.stderr
        assert r.stderr.rstrip().splitlines()[-1].endswith("0x8009001d (-2146893795 NTE_PROVIDER_DLL_FAIL)"), r.stderr
    else:
        assert r.returncode == 1 and 'token "tpm": login: the PIN is incorrect (CKR_PIN_INCORRECT)' in r.stderr, r.stderr
        assert r.stderr.rstrip().splitlines()[-1].endswith("0x8010006b (-2146434965 SCARD_W_WRONG_CHV)"), r.stderr
    assert not os.path.exists(os.path.join(d, "w.req"))
    assert not os.path.exists(os.path.join(d, "user-store", "keys", "wrong.key"))
    assert t.objects() == before
    for text in t.outputs:
        assert PIN not in text


@case
def no_token_in_the_tpm_store_names_the_module():
    t, d = TPM, D
    empty = os.path.join(d, "empty-store")
    os.makedirs(empty)
    write(d, "e.inf", tpm_inf("e", "KeyContainer = e"))
    r = t.run(["-new", "-q", "-pin", PIN, "e.inf", "e.req"], TPM2_PKCS11_STORE=empty)
    assert r.returncode == 1 and f"PKCS#11 module {MODULE} has no initialized token" in r.stderr, r.stderr


@case
def over_tabrmd_a_static_driver_refuses_and_a_dynamic_one_works():
    # tabrmd's TCTI brings GLib, whose first thread crashes a static program in
    # the shared libc's pthread_create: the static driver tries the module in a
    # child first and must end with an error that says what to do, write
    # nothing (no request, no container, no core file) and leave the token as it was.
    t, d = TPM, D
    before_objects = t.objects()
    write(d, "tabrmd.inf", tpm_inf("tabrmd", "KeyContainer = tabrmd", "KeyAlgorithm = ECDSA_P256"))
    before_files = sorted(os.listdir(d))
    r = t.run(["-new", "-q", "-pin", PIN, "tabrmd.inf", "tabrmd.req"], TPM2_PKCS11_TCTI=t.tabrmd_tcti)
    if not STATIC:
        assert r.returncode == 0, (r.stdout, r.stderr)
        verify_req(d, "tabrmd.req")
        assert [o for k, o in t.objects() if k == "Private Key Object" and o.get("label") == "tabrmd"]
        return
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert (f"error: PKCS#11 module {MODULE} cannot run in this statically linked certreq: its start-up "
            "(C_Initialize) crashed a test process (SIGSEGV), as a module that starts threads (GLib) does in a static "
            "program. Use a dynamically linked certreq (meson setup -Ddriver_static=false), or give tpm2-pkcs11 a TCTI "
            "without GLib: TPM2_PKCS11_TCTI=device:/dev/tpmrm0") in r.stderr, r.stderr
    assert r.stderr.rstrip().splitlines()[-1].endswith("0x8009001d (-2146893795 NTE_PROVIDER_DLL_FAIL)"), r.stderr
    assert PIN not in r.stdout + r.stderr
    assert sorted(os.listdir(d)) == before_files, sorted(set(os.listdir(d)) ^ set(before_files))
    assert not os.path.exists(os.path.join(d, "user-store", "keys", "tabrmd.key"))
    assert t.objects() == before_objects


@case
def the_tpm_is_left_without_objects_or_sessions():
    # What lets certreq and pkcs11-tool reach swtpm without a resource manager.
    assert TPM.handles() == [], TPM.handles()


try:
    finish()
finally:
    TPM.stop()
    shutil.rmtree(D, ignore_errors=True)
