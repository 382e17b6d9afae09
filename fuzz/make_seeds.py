#!/usr/bin/python3
"""make_seeds.py: (re)writes the seed directories of the text-grammar fuzz
targets from the test sources and tests/data/corpus. Byte 0 of each seed is
the target's selector byte (flags / OID index / mode), as each target's
header comment says. Run from anywhere; seeds are small and checked in."""
import hashlib, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, 'tests', 'data')
TESTS = os.path.join(ROOT, 'tests')
OIDS = ['2.5.29.17', '2.5.29.18', '2.5.29.37', '2.5.29.19', '2.5.29.32', '1.3.6.1.4.1.311.21.10',
        '2.5.29.30', '2.5.29.33', '1.3.6.1.4.1.311.21.11', '2.5.29.15', '1.2.3.4']


def write(target, seeds):
    d = os.path.join(HERE, target + '.in')
    os.makedirs(d, exist_ok=True)
    for s in sorted(set(seeds)):
        open(os.path.join(d, hashlib.sha1(s).hexdigest()[:16]), 'wb').write(s)
    print(target, len(set(seeds)))


def text(path):
    b = open(path, 'rb').read()
    if b[:2] in (b'\xff\xfe', b'\xfe\xff'):
        return b.decode('utf-16')
    return b.decode('utf-8', 'replace')


def unquote(v):
    v = v.strip()
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v


infs = []
for sub in ('corpus/inf-wild', 'corpus/capolicy-wild'):
    d = os.path.join(DATA, sub)
    infs += [os.path.join(d, f) for f in sorted(os.listdir(d))]
for dp, _, fs in os.walk(os.path.join(TESTS)):
    infs += [os.path.join(dp, f) for f in fs if f.endswith('.inf')]

subjects, exts = [], []
for p in infs:
    cur = None
    for line in text(p).splitlines():
        m = re.match(r'\s*([^=;]+?)\s*=\s*(.*)$', line)
        if not m:
            cur = None
            continue
        k, v = m.group(1).strip(), m.group(2)
        if k.lower() == 'subject':
            subjects.append(unquote(v))
        if k in OIDS:
            cur = [OIDS.index(k), unquote(v)]
            exts.append(cur)
        elif k.lower() == '_continue_' and cur:
            cur[1] += unquote(v)
        else:
            cur = None

# Subject strings quoted in the C++ tests (CN=..., "O=...").
for p in [os.path.join(TESTS, 'model', 'subject_test.cpp'), os.path.join(TESTS, 'x509', 'name_test.cpp')]:
    if os.path.exists(p):
        for s in re.findall(r'"((?:[^"\\]|\\.)*=(?:[^"\\]|\\.)*)"', open(p).read()):
            subjects.append(s.encode().decode('unicode_escape', 'ignore'))

flag_bytes = [0x00, 0x01, 0x02, 0x04, 0x10, 0x20, 0x40, 0x80]
subj = [bytes([f]) + s.encode('utf-8', 'replace') for s in subjects for f in flag_bytes[:3]]
subj += [bytes([f]) + b'CN=a+OU=b; O="x, y"\r\nC=US' for f in flag_bytes]
write('x500_subject', subj)
write('subject_roundtrip', subj)

ext = [bytes([i]) + v.encode('utf-8', 'replace') for i, v in exts]
p = os.path.join(TESTS, 'model', 'text_extensions_test.cpp')
for v in re.findall(r'"(\{text\}(?:[^"\\]|\\.)*)"', open(p).read()):
    for i in range(9):
        ext.append(bytes([i]) + v.encode())
for i, body in enumerate(['dns=a.example&ip=192.0.2.1&upn=u@x&url=http://x&email=a@b&dn=CN=x&guid={01234567-89ab-cdef-0123-456789abcdef}&oid=1.2.3&ip=2001:db8::1',
                          'dns=a', '1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2', 'ca=1&pathlength=3',
                          'OID=1.2.3.4&URL=http://cps&notice=hello', 'OID=1.3.6.1.4.1.311.10.3.4',
                          'subtree=include&dns=example.com&ip=10.0.0.0/255.0.0.0&subtree=exclude&email=x.org',
                          '1.2.3=1.2.4', '1.2.3=1.2.4']):
    ext.append(bytes([0x80 | i]) + body.encode())
for raw in ['{hex}30 03 01 01 ff', '{asn}MAMBAf8=', '{octet}MAMBAf8=', '{utf8}hello', '{critical}{text}ca=0', 'Empty', 'MAMBAf8=']:
    ext.append(bytes([3]) + raw.encode())
ext += [bytes([9, 0xa0, 0x80]), bytes([9, 0x06, 0x00]), bytes([9, 0xff, 0x80])]
write('text_extension', ext)
write('extension_roundtrip', ext)

dates = re.findall(r'date\("([^"]*)"', open(os.path.join(TESTS, 'model', 'dates_test.cpp')).read())
dates += ['tomorrow', '2/30/2023', '13/1/2023', '1/1/23', '12/31/9999 11:59:59 PM', '1/1/1601', '7/24/2012 10:31 AM']
ds = [bytes([5]) + d.encode() for d in dates]
ds += [bytes([0x80 | n]) + u.encode() for n, u in [(1, 'Years'), (6, 'months'), (2, 'Week'), (90, 'days'),
                                                     (12, 'hours'), (30, 'Minutes'), (59, 'seconds'), (0, 'fortnight')]]
write('dates', ds)

b64 = [b'', b'TWFu', b'TWE=', b'TQ==', b'TQ', b'TR==', b'T===', b'TW Fu\r\n', b'====',
       b'-----BEGIN CERTIFICATE REQUEST-----\nMAMBAf8=\n-----END CERTIFICATE REQUEST-----\n',
       b'-----BEGIN NEW CERTIFICATE REQUEST-----\r\nMAMBAf8=\r\n-----END NEW CERTIFICATE REQUEST-----\r\n',
       b'\xff\xfeM\x00A\x00M\x00B\x00A\x00f\x008\x00=\x00', b'0\x03\x01\x01\xff']
for dp, _, fs in os.walk(os.path.join(TESTS, 'driver', 'cases')):
    b64 += [open(os.path.join(dp, f), 'rb').read() for f in fs if f.endswith(('.req', '.pem', '.cer', '.crt'))][:8]
write('base64', b64)
