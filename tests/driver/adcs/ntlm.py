"""The server side of NTLM over HTTP ([MS-NLMP], NTLMv2 only), for the test
service's Web Enrollment pages: NEGOTIATE (type 1) is answered with a
CHALLENGE (type 2: a random server challenge and the target info), and the
AUTHENTICATE (type 3) is verified by recomputing its NTProofStr from the
password: NTProofStr = HMAC-MD5(NTOWFv2, server challenge + blob),
NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(upper(user) + domain)).
MD4 is written here (RFC 1320): OpenSSL 3 keeps it in the legacy provider,
so hashlib may not have it."""
import hmac
import os
import struct
import time

SIGNATURE = b"NTLMSSP\0"
# NEGOTIATE_UNICODE, REQUEST_TARGET, NEGOTIATE_NTLM, ALWAYS_SIGN, TARGET_TYPE_DOMAIN,
# EXTENDED_SESSIONSECURITY, NEGOTIATE_TARGET_INFO
CHALLENGE_FLAGS = 0x00000001 | 0x00000004 | 0x00000200 | 0x00008000 | 0x00010000 | 0x00080000 | 0x00800000
NEGOTIATE_UNICODE = 0x00000001
DOMAIN, COMPUTER = "CERTREQTEST", "CA"


def _rotl(x, n):
    x &= 0xFFFFFFFF
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def md4(data):
    """MD4 (RFC 1320)."""
    msg = bytearray(data)
    bit_len = (8 * len(data)) & 0xFFFFFFFFFFFFFFFF
    msg.append(0x80)
    while len(msg) % 64 != 56:
        msg.append(0)
    msg += struct.pack("<Q", bit_len)
    a, b, c, d = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476
    for off in range(0, len(msg), 64):
        x = struct.unpack("<16I", bytes(msg[off:off + 64]))
        aa, bb, cc, dd = a, b, c, d
        f = lambda x_, y, z: (x_ & y) | (~x_ & z)
        g = lambda x_, y, z: (x_ & y) | (x_ & z) | (y & z)
        h = lambda x_, y, z: x_ ^ y ^ z
        for i in range(16):  # round 1
            k, s = i, (3, 7, 11, 19)[i % 4]
            a, b, c, d = d, _rotl(a + f(b, c, d) + x[k], s), b, c
        for i in range(16):  # round 2
            k, s = (i % 4) * 4 + i // 4, (3, 5, 9, 13)[i % 4]
            a, b, c, d = d, _rotl(a + g(b, c, d) + x[k] + 0x5A827999, s), b, c
        for i in range(16):  # round 3
            k, s = (0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15)[i], (3, 9, 11, 15)[i % 4]
            a, b, c, d = d, _rotl(a + h(b, c, d) + x[k] + 0x6ED9EBA1, s), b, c
        a, b, c, d = (a + aa) & 0xFFFFFFFF, (b + bb) & 0xFFFFFFFF, (c + cc) & 0xFFFFFFFF, (d + dd) & 0xFFFFFFFF
    return struct.pack("<4I", a, b, c, d)


def ntowfv2(password, user, domain):
    return hmac.new(md4(password.encode("utf-16-le")), (user.upper() + domain).encode("utf-16-le"), "md5").digest()


def nt_proof_str(password, user, domain, server_challenge, blob):
    return hmac.new(ntowfv2(password, user, domain), server_challenge + blob, "md5").digest()


def _av(av_id, value):
    return struct.pack("<HH", av_id, len(value)) + value


def target_info():
    """MsvAvNbDomainName, MsvAvNbComputerName, MsvAvDnsDomainName, MsvAvDnsComputerName, MsvAvTimestamp, MsvAvEOL."""
    u = lambda s: s.encode("utf-16-le")
    filetime = int((time.time() + 11644473600) * 10000000)
    return (_av(2, u(DOMAIN)) + _av(1, u(COMPUTER)) + _av(4, u(DOMAIN.lower() + ".test")) +
            _av(3, u(COMPUTER.lower() + "." + DOMAIN.lower() + ".test")) + _av(7, struct.pack("<Q", filetime)) + _av(0, b""))


def _field(msg, at):
    """A (len, maxlen, offset) security buffer of `msg` at `at`: its bytes; ValueError when out of range."""
    length, _, offset = struct.unpack_from("<HHI", msg, at)
    if offset + length > len(msg):
        raise ValueError("a field beyond the message")
    return msg[offset:offset + length]


def message_type(msg):
    if len(msg) < 12 or msg[:8] != SIGNATURE:
        raise ValueError("not an NTLMSSP message")
    return struct.unpack_from("<I", msg, 8)[0]


def challenge(negotiate):
    """The CHALLENGE for a NEGOTIATE: (message, server challenge, target info)."""
    if message_type(negotiate) != 1:
        raise ValueError("expected NEGOTIATE (type 1)")
    server_challenge = os.urandom(8)
    info = target_info()
    name = DOMAIN.encode("utf-16-le")
    header = 48
    msg = (SIGNATURE + struct.pack("<I", 2) + struct.pack("<HHI", len(name), len(name), header) +
           struct.pack("<I", CHALLENGE_FLAGS) + server_challenge + b"\0" * 8 +
           struct.pack("<HHI", len(info), len(info), header + len(name)) + name + info)
    return msg, server_challenge, info


def authenticate(msg, server_challenge, info, user, password):
    """The AUTHENTICATE checked: (True, "DOMAIN\\user") or (False, why). NTLMv2 only."""
    if message_type(msg) != 3:
        return False, "expected AUTHENTICATE (type 3)"
    if len(msg) < 64:
        return False, "AUTHENTICATE too short"
    flags = struct.unpack_from("<I", msg, 60)[0]
    text = (lambda b: b.decode("utf-16-le")) if flags & NEGOTIATE_UNICODE else (lambda b: b.decode("ascii"))
    nt = _field(msg, 20)
    domain, who = text(_field(msg, 28)), text(_field(msg, 36))
    if len(nt) <= 24:
        return False, "an NTLMv1 response (%d bytes): only NTLMv2 is taken" % len(nt)
    proof, blob = nt[:16], nt[16:]
    if blob[:2] != b"\x01\x01" or info[:-4] not in blob:
        return False, "the NTLMv2 blob does not carry this server's target info"
    if who.upper() != user.upper():
        return False, "unknown user %r" % who
    if not hmac.compare_digest(proof, nt_proof_str(password, who, domain, server_challenge, blob)):
        return False, "wrong NTProofStr (wrong password)"
    return True, (domain + "\\" if domain else "") + who
