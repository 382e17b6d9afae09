// bench/min_example.cpp: the smallest useful program on the headers: a PKCS#10
// request from an in-memory INF and a key file, written as certreq writes it.
// No driver, no store, no iostream. Built static, -Os and stripped to compare
// its size with bench/floor.c (the issue's 1.3x size target).
//
//   min_example KEY.pem OUT.req
#include <cstdio>
#include <string>
#include <string_view>

#include "certreq/inf/read.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/csr.hpp"

namespace {

constexpr std::string_view policy = R"([NewRequest]
Subject = "CN=www.example.com, O=Example Ltd, C=GB"
HashAlgorithm = SHA256
KeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE"
SuppressDefaults = TRUE

[EnhancedKeyUsageExtension]
OID = 1.3.6.1.5.5.7.3.1

[Extensions]
2.5.29.17 = "{text}"
_continue_ = "DNS=www.example.com&"
_continue_ = "DNS=example.com&"
_continue_ = "IPAddress=192.0.2.10"
)";

bool read_all(const char* path, std::string& out) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    return std::fclose(f) == 0;
}

int fail(const char* what) {
    std::fprintf(stderr, "min_example: %s\n", what);
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace certreq;
    if (argc != 3) return fail("usage: min_example KEY.pem OUT.req");
    std::string pem;
    if (!read_all(argv[1], pem)) return fail("cannot read the key");
    auto key = mbed::private_key::load(as_bytes(pem));
    if (!key) return fail("cannot load the key");

    auto inf = inf::read_text(policy, "policy.inf");
    auto lowered = model::lower(inf.doc, inf.diags);
    if (!lowered.ok) return fail("the policy does not lower");
    model::request& r = lowered.req;
    auto spki = key->public_key_der();
    auto bits = key->subject_public_key_bits();
    if (!spki || !bits) return fail("cannot encode the public key");
    for (auto& e : r.extensions)  // SubjectKeyIdentifier, RFC 5280 method (1)
        if (auto* ski = std::get_if<model::subject_key_identifier>(&e.value); ski && ski->id.empty()) {
            auto h = mbed::sha1(*bits);
            ski->id.assign(h.begin(), h.end());
        }

    auto info = x509::certification_request_info(r.subject, *spki, x509::request_attributes::from_request(r));
    if (!info) return fail("cannot encode the request");
    auto sig = mbed::sign(*key, r.hash, false, *info);
    if (!sig) return fail("cannot sign");
    bytes der = x509::certification_request(*info, x509::signature_algorithm(key->algorithm(), r.hash), *sig);
    std::string text = verbs::frame(verbs::label_new_request, der);

    std::FILE* out = std::fopen(argv[2], "wb");
    if (!out || std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fclose(out) != 0)
        return fail("cannot write the request");
    return 0;
}
