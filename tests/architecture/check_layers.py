#!/usr/bin/python3
"""Checks every #include of include/certreq/ and driver/ against the tables
of docs/architecture.md: which certreq layers a layer may include, which
layer alone includes each external library, and the known exceptions.

Usage: check_layers.py SOURCE_ROOT"""
import os
import re
import sys

ROOT = sys.argv[1]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def tables(doc):
    """The rows of the markdown tables under each '## ' heading: {heading: [[cells]]}."""
    out, heading = {}, None
    for line in doc.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        elif line.startswith("|") and heading and not line.startswith("|---"):
            cells = [c.strip().strip("`") for c in line.strip("|").split("|")]
            out.setdefault(heading, []).append(cells)
    return {h: rows[1:] for h, rows in out.items()}  # without the header row


def names(cell):
    """`a/`, b (a remark) -> {"a", "b"}."""
    cell = re.sub(r"\(.*?\)", "", cell).replace("`", "").replace("—", "")
    return {n.strip().rstrip("/") for n in cell.split(",") if n.strip()}


def layer_of(path):
    rel = os.path.relpath(path, ROOT)
    if rel.startswith("driver/"):
        return "driver"
    parts = rel.split("/")  # include/certreq/<layer>/...
    return parts[2] if len(parts) > 3 else "(top)"


def main():
    t = tables(open(os.path.join(ROOT, "docs", "architecture.md")).read())
    allowed = {row[0].strip("/"): names(row[2]) for row in t["Layers"]}
    owner = {}
    for row in t["External libraries"]:
        for lib in names(row[0]):
            owner[lib] = names(row[1])
    exceptions = {row[0]: names(row[1]) for row in t["Known exceptions"]}
    problems, used_exceptions = [], set()
    files = []
    for base in ("include/certreq", "driver"):
        for dp, _, fs in os.walk(os.path.join(ROOT, base)):
            files += [os.path.join(dp, f) for f in fs if f.endswith((".hpp", ".ipp", ".cpp", ".h"))]
    for path in sorted(files):
        rel = os.path.relpath(path, ROOT)
        layer = layer_of(path)
        if layer not in allowed:
            problems.append(f"{rel}: layer '{layer}' is not in docs/architecture.md")
            continue
        for inc in INCLUDE.findall(open(path, encoding="utf-8").read()):
            if inc.startswith("certreq/"):
                parts = inc.split("/")
                target = parts[1] if len(parts) > 2 else "(top)"
                if target == layer or target in allowed[layer]:
                    continue
                if target in exceptions.get(rel, set()):
                    used_exceptions.add((rel, target))
                    continue
                problems.append(f"{rel}: includes {inc}, but {layer}/ may include only: {', '.join(sorted(allowed[layer]))}")
            else:
                lib = inc.split("/")[0] + ("/" if "/" in inc else "")
                for key, owners in owner.items():
                    if (key.endswith("/") and lib == key) or (not key.endswith("/") and inc == key) or lib == key + "/":
                        if layer not in owners:
                            problems.append(f"{rel}: includes {inc}, which only {', '.join(sorted(owners))} may include")
    stale = [f"{f}: {x}" for f, xs in exceptions.items() for x in xs if (f, x) not in used_exceptions]
    for s in stale:
        problems.append(f"docs/architecture.md lists a known exception that no longer exists (remove it): {s}")
    for f, x in sorted(used_exceptions):
        print(f"note: known exception: {f} includes {x}/")
    for p in problems:
        print("error: " + p)
    print(f"{len(files)} files checked, {len(used_exceptions)} known exceptions, {len(problems)} problems")
    return 1 if problems else 0


sys.exit(main())
