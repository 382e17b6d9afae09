#!/usr/bin/python3
"""The README's life-cycle commands, run as written (issue 18: they had
drifted: an output name reused without -f, a template nobody shipped, a
-cert name that matched two certificates). Each line of the block that
follows "# The whole life cycle" runs in a copy of examples/, with `certreq`
being the binary under test; every one must exit 0.

Usage: readme_test.py CERTREQ SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import case, finish  # noqa: E402

CERTREQ, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def life_cycle_lines():
    text = open(os.path.join(ROOT, "README.md")).read()
    block = text[text.index("# The whole life cycle"):]
    block = block[:block.index("```")]
    lines = [ln.split("  #")[0].strip() for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) >= 7, lines
    return lines


@case
def readme_life_cycle_runs_as_written():
    with tempfile.TemporaryDirectory() as d:
        shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(d, "examples"))
        bindir = os.path.join(d, "bin")
        os.mkdir(bindir)
        os.symlink(CERTREQ, os.path.join(bindir, "certreq"))
        env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], CERTREQ_USER_STORE=os.path.join(d, "store"),
                   CERTREQ_MACHINE_STORE=os.path.join(d, "machine-store"))
        for line in life_cycle_lines():
            r = subprocess.run(["sh", "-c", line], cwd=d, capture_output=True, text=True, env=env)
            assert r.returncode == 0, f"README line failed: {line}\n{r.stdout}{r.stderr}"
        # What the lines promise: a renewed certificate beside the enrolled and accepted ones.
        certs = [f for f in os.listdir(os.path.join(d, "store", "my")) if f.endswith(".cer")]
        assert len(certs) == 3, certs


finish()
