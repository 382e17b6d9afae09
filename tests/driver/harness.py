"""The driver-level test scripts' common frame: @case runs a check at once and
records its outcome (a failed assertion, or a crash of the check itself, fails
it); finish() prints one line per case and a count, and exits 1 if any failed.
write() puts a text file in a test directory; tlv() and nested() build DER
inputs for the hardening scripts.

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # tests/driver
    from harness import case, finish
"""
import os
import sys

results = []


def case(fn):
    try:
        fn()
        results.append((fn.__name__, None))
    except AssertionError as e:
        results.append((fn.__name__, str(e) or "assertion failed"))
    except Exception as e:  # noqa: BLE001 - a crash of the check is a failure too
        results.append((fn.__name__, repr(e)))
    return fn


def finish():
    for name, problem in results:
        print(("ok   " if problem is None else "FAIL ") + name + ("" if problem is None else ": " + problem))
    failed = [n for n, p in results if p]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


def write(d, name, text):
    """Writes `text` to d/name (creating its directory) and returns the path."""
    p = os.path.join(d, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
    return p


def first_error(stderr):
    """The first error line of certreq's stderr (bytes): a positioned
    `: error: ` line, else the first line that is not a warning, a note or a
    quoted source line."""
    lines = stderr.decode("utf-8", "replace").splitlines()
    for line in lines:
        if ": error: " in line:
            return line
    for line in lines:
        if line and not line.startswith("    ") and ": warning: " not in line and ": note: " not in line:
            return line
    return None


def tlv(tag, body):
    """one DER element (definite length, minimal form)"""
    n = len(body)
    ln = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + ln + body


def nested(depth, inner=b"\x05\x00"):
    """`inner` wrapped in `depth` SEQUENCEs"""
    for _ in range(depth):
        inner = tlv(0x30, inner)
    return inner


def pending_requests(store):
    """The ids of the pending requests in the key store at `store` (one
    section per request in its key container file, keys/<name>.key)."""
    ids = []
    keys = os.path.join(store, "keys")
    for name in sorted(os.listdir(keys)) if os.path.isdir(keys) else []:
        if name.endswith(".key"):
            with open(os.path.join(keys, name)) as f:
                ids += [line[3:].strip() for line in f if line.startswith("id=")]
    return ids
