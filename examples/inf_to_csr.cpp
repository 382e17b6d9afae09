// examples/inf_to_csr.cpp: the library without the driver. INF text -> a
// signed PKCS#10 request (DER on stdout) with a key the caller brings (here a
// PKCS#8 PEM file; an embedded build would load its own key the same way).
// Nothing is written to a key store. Build it as the README says
// ("Using the library"); the test suite compiles it against an installed copy
// with pkg-config and with CMake and checks the request with openssl.
//
//   inf_to_csr KEY.pem < request.inf > request.der
#include <certreq/core/bytes.hpp>
#include <certreq/inf/read.hpp>
#include <certreq/mbed/hash.hpp>
#include <certreq/mbed/key.hpp>
#include <certreq/mbed/secret.hpp>
#include <certreq/mbed/sign.hpp>
#include <certreq/model/lower.hpp>
#include <certreq/os/file.hpp>
#include <certreq/x509/algorithm.hpp>
#include <certreq/x509/attributes.hpp>
#include <certreq/x509/csr.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <variant>

int main(int argc, char** argv) {
    using namespace certreq;
    if (argc != 2) return std::fputs("usage: inf_to_csr KEY.pem < request.inf > request.der\n", stderr), 2;
    std::string inf_text{std::istreambuf_iterator<char>(std::cin), {}};
    // Key bytes go into memory that is wiped when it is freed (mbed/secret.hpp).
    auto key_pem = os::read_file_as<mbed::secret_bytes>(argv[1]);
    if (!key_pem) return std::fprintf(stderr, "key: %s\n", key_pem.err().message.c_str()), 1;

    // 1. INF text -> document -> the typed request (positioned diagnostics on error).
    auto inf = inf::read(as_bytes(inf_text), "request.inf");
    auto lowered = model::lower(inf.doc, inf.diags);
    inf.diags.print(stderr, severity::warning);
    if (!lowered.ok || inf.diags.has_errors()) return 1;
    model::request& r = lowered.req;

    // 2. The caller's key: its SubjectPublicKeyInfo, and the key identifier certreq derives from it.
    auto key = mbed::private_key::load(*key_pem);
    if (!key) return std::fprintf(stderr, "key: %s\n", key.err().message().c_str()), 1;
    auto spki = key->public_key_der();
    auto bits = key->subject_public_key_bits();
    if (!spki || !bits) return std::fputs("key: no public key\n", stderr), 1;
    for (auto& e : r.extensions)
        if (auto* ski = std::get_if<model::subject_key_identifier>(&e.value); ski && ski->id.empty()) {
            auto h = mbed::sha1(*bits);
            ski->id.assign(h.begin(), h.end());
        }

    // 3. CertificationRequestInfo DER, signed with the key, wrapped as a CertificationRequest.
    auto info = x509::certification_request_info(r.subject, *spki, x509::request_attributes::from_request(r));
    if (!info) return std::fputs("the request could not be encoded\n", stderr), 1;
    auto sig = mbed::sign(*key, r.hash, r.alternate_signature, *info);
    if (!sig) return std::fprintf(stderr, "sign: %s\n", sig.err().message().c_str()), 1;
    bytes der = x509::certification_request(*info, x509::signature_algorithm(key->algorithm(), r.hash, r.alternate_signature), *sig);
    std::fwrite(der.data(), 1, der.size(), stdout);
    return 0;
}
