// bench/compile/x509_csr.cpp: a TU that builds DER and X.509 from code, with
// no INF reader (no Spirit): a PKCS#10 request whose model is filled in code
// and whose signature comes from the caller (compile_cost.sh; target <= 2 s).
#include <cstdio>

#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/csr.hpp"

int main() {
    using namespace certreq;
    model::request r;
    r.subject.rdns = {{{"2.5.4.6", model::string_kind::printable, "GB", {}}},
                      {{"2.5.4.3", model::string_kind::utf8, "device-0001", {}}}};
    r.extensions.push_back({"2.5.29.15", true, model::key_usage{0x80}, {}, false});
    r.extensions.push_back({"2.5.29.19", true, model::basic_constraints{false, std::nullopt}, {}, false});
    const bytes spki(91, 0x30);  // the caller's SubjectPublicKeyInfo DER (a placeholder here)
    auto info = x509::certification_request_info(r.subject, spki, x509::request_attributes::from_request(r));
    if (!info) return 1;
    const bytes signature(72, 0x30);  // what the caller's signer returned for *info
    bytes der = x509::certification_request(*info, x509::signature_algorithm(model::key_algorithm::ec, r.hash), signature);
    std::printf("%zu\n", der.size());
    return 0;
}
