#!/usr/bin/python3
"""Generate driver/hot-path.ld: the input sections `certreq -new` executes,
placed together in front of .text, so that a run faults in few pages of the
static binary (the kernel maps 64 KiB of file-backed text around each page
fault; with the -new path spread over 2.8 MB of text, most of the text was
mapped: peak RSS 1.8x the mbedTLS floor).

    bench/hot_path/gen-hot-path.py BUILD_DIR > driver/hot-path.ld

BUILD_DIR: configured with --buildtype=release -Ddriver_static=true (the
driver is compiled with -ffunction-sections there). The script links the
driver once more with a map file, runs the -new cases of bench/run.sh under
callgrind (--dump-instr=yes: every executed instruction address), maps the
addresses to input sections through the map, and prints a linker script
fragment (GNU ld `INSERT BEFORE .text`). Stale entries only stop matching, so
the file needs regenerating when the -new path changes a lot, not on every edit.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

build = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def link_with_map(tmp):
    cmd = subprocess.run(["ninja", "-C", build, "-t", "commands", "driver/certreq"], capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    args = shlex.split(cmd)
    out = args.index("-o")
    args[out + 1] = os.path.join(tmp, "certreq")
    args = [a for a in args if not a.startswith("-Wl,-T,")]  # link without the current order
    args.append("-Wl,-Map," + os.path.join(tmp, "certreq.map"))
    subprocess.run(args, cwd=build, check=True)
    return os.path.join(tmp, "certreq"), os.path.join(tmp, "certreq.map")


def input_sections(map_path):
    """(start, end, object, section) for every input section of .text in the map."""
    out = []
    pending = None
    in_text = False
    for line in open(map_path):
        if line.startswith(".text") and not line.startswith(".text."):
            in_text = True
        elif line and not line[0].isspace() and line.strip():
            in_text = False
        if not in_text:
            continue
        m = re.match(r"^ (\.text\S*)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if m:
            start, size = int(m.group(2), 16), int(m.group(3), 16)
            if size:
                out.append((start, start + size, m.group(4).strip(), m.group(1)))
            pending = None
            continue
        m = re.match(r"^ (\.text\S*)$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if pending and m:
            start, size = int(m.group(1), 16), int(m.group(2), 16)
            if size:
                out.append((start, start + size, m.group(3).strip(), pending))
            pending = None
    out.sort()
    return out


def executed_addresses(binary, tmp):
    """Every instruction address the -new cases execute."""
    work = os.path.join(tmp, "work")
    os.makedirs(os.path.join(work, "store", "keys"), mode=0o700)
    for k in ("p256", "rsa2048"):
        shutil.copy(os.path.join(root, "tests", "mbed", "data", k + ".pkcs8.pem"),
                    os.path.join(work, "store", "keys", "bench-" + k + ".key"))
        os.chmod(os.path.join(work, "store", "keys", "bench-" + k + ".key"), 0o600)
    addrs = set()
    n = 0
    for k in ("p256", "rsa2048"):
        for rtype in ("PKCS10", "Cert"):
            inf = os.path.join(work, f"{k}-{rtype}.inf")
            with open(inf, "w") as f:
                # As bench/run.sh writes them (ValidityPeriod for Cert only).
                validity = "ValidityPeriod = Years\nValidityPeriodUnits = 1\n" if rtype == "Cert" else ""
                f.write(f'[Version]\nSignature = "$Windows NT$"\n\n'
                        f'[NewRequest]\nSubject = "CN=www.example.com, O=Example Ltd, C=GB"\nUseExistingKeySet = TRUE\n'
                        f'KeyContainer = bench-{k}\nHashAlgorithm = SHA256\nKeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE"\n'
                        f'RequestType = {rtype}\n{validity}FriendlyName = "bench"\n'
                        '[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.1 ; Server Authentication\n'
                        '[Extensions]\n2.5.29.17 = "{text}"\n_continue_ = "DNS=www.example.com&"\n'
                        '_continue_ = "DNS=example.com&"\n_continue_ = "IPAddress=192.0.2.10"\n')
            for quiet in ([], ["-q"]):
                n += 1
                out = os.path.join(tmp, f"cg.{n}")
                env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(work, "store"))
                subprocess.run(["valgrind", "--tool=callgrind", "--dump-instr=yes", "--callgrind-out-file=" + out,
                                binary, "-new", "-f", *quiet, inf, os.path.join(work, "out.req")],
                               cwd=work, env=env, check=True, capture_output=True)
                for line in open(out):
                    m = re.match(r"^(0x[0-9a-f]+) ", line)
                    if m:
                        addrs.add(int(m.group(1), 16))
    return sorted(addrs)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        binary, map_path = link_with_map(tmp)
        sections = input_sections(map_path)
        hot = []
        seen = set()
        i = 0
        for a in executed_addresses(binary, tmp):
            while i < len(sections) and sections[i][1] <= a:
                i += 1
            if i < len(sections) and sections[i][0] <= a:
                s = sections[i]
                if (s[2], s[3]) not in seen:
                    seen.add((s[2], s[3]))
                    hot.append(s)
    print("/* driver/hot-path.ld: generated by bench/hot_path/gen-hot-path.py; do not edit.")
    print("   The input sections `certreq -new` executes, placed together before .text so a")
    print("   run faults in few pages of the static binary (see bench/RESULTS.md). */")
    print("SECTIONS\n{\n  .text.hot_path :\n  {")
    for start, end, obj, sec in hot:
        if obj.endswith(".cpp.o"):
            print(f"    *({sec})")  # our code: -ffunction-sections names each function
        else:
            m = re.match(r".*/(lib[^/(]+\.a)\(([^)]+)\)$", obj)
            if m:
                print(f"    *{m.group(1)}:{m.group(2)}({sec})")
    print("  }\n}\nINSERT BEFORE .text;")


main()
