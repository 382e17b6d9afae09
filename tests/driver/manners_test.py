#!/usr/bin/python3
"""The driver's manners (issue 18): help under every spelling people type,
--version naming the libraries in use, no-argument runs, and the man page
and bash completion generated from the driver's own help.

Usage: manners_test.py CERTREQ CERTREQ.1 CERTREQ.BASH VERSION"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish  # noqa: E402

CERTREQ, MAN, COMPLETION = (os.path.abspath(a) for a in sys.argv[1:4])
VERSION = sys.argv[4]
VERBS = ["new", "dump", "submit", "retrieve", "accept", "enroll", "ca", "sign", "policy"]


def run(*args):
    return subprocess.run([CERTREQ, *args], capture_output=True, text=True)


@case
def help_under_every_spelling():
    ref = run("-?")
    assert ref.returncode == 0 and ref.stdout.startswith("Usage:\n  certreq -new"), ref.stdout
    for spelling in ("-h", "--help", "-help", "/?", "-HELP"):
        r = run(spelling)
        assert (r.returncode, r.stdout, r.stderr) == (0, ref.stdout, ""), (spelling, r.returncode, r.stderr)
    verb = run("-new", "--help")
    assert verb.returncode == 0 and verb.stdout.startswith("Usage:\n  certreq -new [Options]"), verb.stdout
    assert verb.stdout == run("-new", "-?").stdout


@case
def version_names_the_libraries():
    for spelling in ("--version", "-version", "/VERSION"):
        r = run(spelling)
        assert r.returncode == 0 and r.stderr == "", (spelling, r.stderr)
        lines = r.stdout.splitlines()
        assert lines[0] == "certreq " + VERSION, lines
        assert re.fullmatch(r"mbed TLS \d+\.\d+\.\d+", lines[1]), lines
        assert re.fullmatch(r"libtasn1 \d+\.\d+(\.\d+)?", lines[2]), lines
        assert re.fullmatch(r"Boost \d+\.\d+\.\d+", lines[3]), lines
    tasn1 = subprocess.run(["pkg-config", "--modversion", "libtasn1"], capture_output=True, text=True)
    if tasn1.returncode == 0:
        assert run("--version").stdout.splitlines()[2] == "libtasn1 " + tasn1.stdout.strip()


@case
def no_arguments_is_a_usage_error_on_stderr():
    r = run()
    assert r.returncode == 2 and r.stdout == "", (r.returncode, r.stdout)
    assert r.stderr.startswith("certreq: no verb and no request file"), r.stderr
    assert "Usage:" in r.stderr


@case
def man_page_lists_every_verb_and_option():
    text = open(MAN).read()
    assert text.startswith('.TH CERTREQ 1 "" "certreq ' + VERSION + '"'), text[:80]
    for v in VERBS:
        assert "\n.B \\-" + v + "\n" in text, v
    help_text = run("-v", "-?").stdout
    options = re.findall(r"^  -(\S+)", help_text.split("\nOptions:\n")[1], re.M)
    assert len(options) > 20, options
    for o in options:
        assert "\n.B \\-" + o.replace("-", "\\-") in text, o
    if shutil.which("groff"):
        g = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", MAN], capture_output=True, text=True)
        assert g.returncode == 0 and g.stderr == "", g.stderr


def complete(*words):
    """COMPREPLY for `certreq WORDS...` with the cursor on the last word."""
    script = (f'source "{COMPLETION}"; COMP_WORDS=(certreq {" ".join(repr(w) for w in words)}); '
              f'COMP_CWORD={len(words)}; _certreq; printf "%s\\n" "${{COMPREPLY[@]}}"')
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(COMPLETION)))
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return [w for w in r.stdout.splitlines() if w]


@case
def bash_completion_knows_verbs_and_each_verbs_options():
    assert complete("-n") == ["-new"]
    assert set(complete("-")) >= {"-" + v for v in VERBS} | {"--help", "--version"}
    assert complete("-new", "-c") == ["-cert", "-config"]
    assert complete("-dump", "-") == ["-json", "-q", "-v", "-unicode", "-?"]
    assert complete("-ca", "") == ["init", "list", "issue", "deny", "revoke", "crl"]
    assert complete("-accept", "-co") == []  # -accept takes no -config
    assert "-" in complete("-submit", "-config", "")  # "-" is the local CA


finish()
