// fuzz/inf_to_der.cpp: the -new pipeline short of signing. Bytes -> INF ->
// request model -> CertificationRequestInfo DER (with a fixed P-256 key).
// Invariants: whatever the lowering accepts encodes, and what we encode
// decodes strictly as grammars/pkix.asn's CertificationRequestInfo.
#include <cstddef>
#include <cstdint>

#include "certreq/asn1/decode.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/x509/csr.hpp"
#include "certreq/x509/extension.hpp"
#include "fuzz_target.hpp"

namespace {
// tests/mbed/data/p256.spki.der
constexpr std::uint8_t p256_spki[] = { 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0x8f, 0xb1, 0x33, 0x65, 0xa5, 0x35, 0x3e, 0xde, 0x13, 0xf1, 0x02, 0xc9, 0x64, 0xc0, 0xb3, 0x6a, 0xa1, 0xdc, 0x3e, 0x12, 0x39, 0xaa, 0x17, 0xa1, 0xe3, 0xba, 0x8b, 0x27, 0x8f, 0x83, 0xe7, 0xe4, 0x54, 0x25, 0x33, 0xe8, 0xd2, 0xec, 0xa5, 0xa7, 0xe7, 0x5c, 0x1e, 0xc6, 0x7a, 0xa6, 0x4b, 0xe1, 0x3e, 0x00, 0x43, 0x6f, 0xfb, 0x51, 0x95, 0xcb, 0xcb, 0x30, 0x50, 0xad, 0xfa, 0xdd, 0x5d, 0x8e};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace certreq;
    if (size > fuzz::max_input) return 0;
    auto read = inf::read(byte_view(data, size), "fuzz.inf");
    if (read.diags.has_errors()) return 0;
    auto lowered = model::lower(read.doc, read.diags);
    if (!lowered.ok) return 0;
    model::request& r = lowered.req;
    for (auto& e : r.extensions)  // what verbs::build_new computes from the key
        if (auto* ski = std::get_if<model::subject_key_identifier>(&e.value); ski && ski->id.empty())
            ski->id.assign(20, 0x5a);
    if (!x509::check_extensions(r.extensions, read.diags)) return 0;
    auto info = x509::certification_request_info(r.subject, byte_view(p256_spki, sizeof p256_spki),
                                                 x509::request_attributes::from_request(r));
    fuzz::expect(info.has_value(), "a lowered request with valid extensions encodes");
    auto decoded = asn1::decode(asn1::module::pkix, "CertificationRequestInfo", *info);
    fuzz::expect(bool(decoded) || certreq::asn1::over_limit(decoded.error), "what we encode decodes strictly");
    return 0;
}
