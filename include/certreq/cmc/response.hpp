// cmc/response.hpp: a CA's CMC full PKI response (RFC 5272 §3.2.2, §4.4),
// what certreq -submit saves as the "full response" and -accept installs from:
//
//   ContentInfo { id-signedData, SignedData { v3, { digest },
//     encapContentInfo { id-cct-PKIResponse, PKIResponse },
//     certificates { issued certificate, chain..., the CA certificate },
//     signerInfos { CA key: v1, issuerAndSerialNumber of the CA certificate,
//                   signedAttrs { contentType, messageDigest } } } }
//
//   PKIResponse ::= SEQUENCE {
//     controlSequence  { TaggedAttribute { bodyPartID, id-cmc-statusInfoV2,
//                        { CMCStatusInfoV2 { cMCStatus, bodyList { request's bodyPartID },
//                          statusString?, otherInfo? (failInfo | pendInfo) } } }, extra controls... },
//     cmsSequence      {},
//     otherMsgSequence {} }
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/cmc/tagged_attribute.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/der/der.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"

namespace certreq::cmc {

// cmc_status: CMCStatus (RFC 5272 §6.1.1).
enum class cmc_status : std::uint8_t {
    success = 0, failed = 2, pending = 3, no_support = 4, confirm_required = 5, pop_required = 6, partial = 7,
};

// fail_info: CMCFailInfo (RFC 5272 §6.1.4).
enum class fail_info : std::uint8_t {
    bad_alg = 0, bad_message_check = 1, bad_request = 2, bad_time = 3, bad_cert_id = 4, unsupported_ext = 5,
    must_archive_keys = 6, bad_identity = 7, pop_required = 8, pop_failed = 9, no_key_reuse = 10,
    internal_ca_error = 11, try_later = 12, auth_data_fail = 13,
};

// pend_info: PendInfo { pendToken, pendTime } — the token the client quotes
// when it polls (the CA's request id), and when to ask again.
struct pend_info {
    bytes token;
    std::int64_t time = 0;  // Unix seconds, written as GeneralizedTime
};

// response_fields: one status for the request's body parts, plus the issued
// certificate and chain (success) and whatever extra controls the CA adds.
struct response_fields {
    cmc_status status = cmc_status::success;
    std::vector<body_part_id> body_list = {1};  // the request's bodyPartIDs (1 for a PKCS#10)
    std::string status_string;                 // optional UTF8String text
    std::optional<fail_info> fail;             // with status failed
    std::optional<pend_info> pending;          // with status pending
    body_part_id status_body_part = 1;         // the control's own bodyPartID
    std::vector<bytes> extra_controls;         // more TaggedAttribute DERs, after the status
    std::vector<bytes> certificates;           // issued certificate first, then the chain
};

// pki_response returns the DER of the PKIResponse (unsigned). Errors: a
// failInfo without status failed, a pendInfo without status pending, both, a
// status string that is not UTF-8, an extra control that is not DER.
inline cms::result<bytes> pki_response(const response_fields& f) {
    if (f.fail && f.status != cmc_status::failed) return core::at_offset(0, "failInfo is only for status failed");
    if (f.pending && f.status != cmc_status::pending) return core::at_offset(0, "pendInfo is only for status pending");
    if (!der::is_valid_utf8(f.status_string)) return core::at_offset(0, "the status string is not UTF-8");
    for (const bytes& c : f.extra_controls)
        if (c.empty() || c[0] != der::tag::sequence || asn1::validate_der(c))
            return core::at_offset(0, "an extra control is not one DER TaggedAttribute");
    std::optional<bytes> other;
    if (f.fail) other = der::to_bytes(der::integer(std::uint64_t(*f.fail)));
    if (f.pending)
        other = der::to_bytes(der::sequence(der::octet_string(byte_view(f.pending->token)), der::time::generalized(f.pending->time)));
    auto status_info = der::encode(der::sequence(
            der::integer(std::uint64_t(f.status)),
            der::sequence_of(f.body_list, [](body_part_id id) { return der::integer(id); }),
            der::when(!f.status_string.empty(), der::utf8_string(f.status_string)),
            der::raw(other ? byte_view(*other) : byte_view{})));
    if (!status_info) return core::at_offset(0, "the CMCStatusInfoV2 could not be encoded");
    auto control = tagged_attribute(f.status_body_part, oids::cmc_status_info_v2.dotted(), {*status_info});
    if (!control) return core::at_offset(0, "the status control could not be encoded");
    std::vector<bytes> controls = {*control};
    controls.insert(controls.end(), f.extra_controls.begin(), f.extra_controls.end());
    auto raw_of = [](const bytes& b) { return der::raw(b); };
    auto out = der::encode(der::sequence(der::sequence_of(controls, raw_of), der::sequence(), der::sequence()));
    if (!out) return core::at_offset(0, "the PKIResponse could not be encoded");
    return std::move(*out);
}

// ca_signer: the CA key and certificate that sign the response.
struct ca_signer {
    const mbed::signer* key = nullptr;
    byte_view cert;
    model::hash_algorithm digest = model::hash_algorithm::sha256;
};

// full_response signs the PKIResponse with the CA key and returns the DER of
// the ContentInfo. The CA certificate is added to `certificates` when absent,
// so a client can check the signature without looking elsewhere.
inline cms::result<bytes> full_response(const response_fields& f, const ca_signer& ca, mbed::rng_ref rng) {
    auto body = pki_response(f);
    if (!body) return body.err();
    cms::signed_data_fields sd;
    sd.content_type = std::string(oids::cct_pki_response.dotted());
    sd.content = byte_view(*body);
    sd.certificates = f.certificates;
    bool have_ca = false;
    for (const bytes& c : sd.certificates) have_ca = have_ca || same_bytes(c, ca.cert);
    if (!have_ca && !ca.cert.empty()) sd.certificates.emplace_back(ca.cert.begin(), ca.cert.end());
    cms::signer s;
    s.key = ca.key;
    s.digest = ca.digest;
    s.cert = ca.cert;
    sd.signers.push_back(std::move(s));
    auto out = cms::signed_data(sd, rng);
    if (!out) return core::at_offset(out.err().offset, "CMC response: " + out.err().message);
    return out;
}

// full_response with the process-wide system RNG.
inline cms::result<bytes> full_response(const response_fields& f, const ca_signer& ca) {
    auto rng = mbed::system_rng();
    if (!rng) return core::at_offset(0, rng.err().message());
    return full_response(f, ca, *rng);
}

}  // namespace certreq::cmc
