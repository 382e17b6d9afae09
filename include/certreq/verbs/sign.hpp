// verbs/sign.hpp: the library side of `certreq -sign [-cert ID] RequestFileIn [RequestFileOut]`:
// sign a request with another certificate's key (an enrollment agent, or the
// qualified-subordination / cross-certification signing certificate).
//
//   PKCS#10  -> CMC: PKIData { {}, { [0] { 1, <the PKCS#10 verbatim> } }, {}, {} }
//               in SignedData v3 { id-cct-PKIData }, one signer: the -cert
//               key by issuerAndSerialNumber, contentType + messageDigest signed, the
//               -cert certificate included.
//   PKCS#7 / CMC -> the same SignedData with one more SignerInfo (the -cert key),
//               the existing SignerInfos, content and certificates kept verbatim;
//               the -cert certificate added when absent.
// Every existing signature is checked first: signing over a broken request
// would vouch for something no one signed.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/cmc/request.hpp"
#include "certreq/cmc/unwrap.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/cms/signed_data_reader.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/model/request.hpp"
#include "certreq/verbs/signing_cert.hpp"

namespace certreq::verbs {

// parse_hash_name reads -HashAlgorithm: sha1, sha256, sha384, sha512 (any case, "-" allowed).
inline std::optional<model::hash_algorithm> parse_hash_name(std::string_view s) {
    std::string n;
    for (char c : s)
        if (c != '-') n += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (n == "sha1") return model::hash_algorithm::sha1;
    if (n == "sha256") return model::hash_algorithm::sha256;
    if (n == "sha384") return model::hash_algorithm::sha384;
    if (n == "sha512") return model::hash_algorithm::sha512;
    return std::nullopt;
}

struct sign_options {
    model::hash_algorithm hash = model::hash_algorithm::sha256;  // -HashAlgorithm
    bool pss = false;                                            // -AlternateSignatureAlgorithm
};

struct sign_result {
    bytes der;                      // the signed request (ContentInfo)
    cmc::request_kind input_kind = cmc::request_kind::pkcs10;
    cmc::request_kind output_kind = cmc::request_kind::cmc;
    std::size_t signers = 0;        // SignerInfos in the output
};

// sign_request signs `request_der` (PKCS#10, PKCS#7 or CMC, DER) with `signer`.
inline core::result<sign_result> sign_request(byte_view request_der, const signing_cert& signer,
                                                          const sign_options& opt, mbed::rng_ref rng) {
    auto u = cmc::unwrap(request_der);
    if (!u) return core::bad_data("DER offset " + std::to_string(u.err().offset) + ": " + u.err().message);
    if (u->kind != cmc::request_kind::pkcs10 && !u->signatures_verified)
        return core::bad_data("the " + std::string(cmc::kind_name(u->kind)) + " request's signature does not verify (" + u->problem +
                          "): not signing it");
    sign_result out;
    out.input_kind = u->kind;
    cms::signer s;
    s.key = &signer.key.signer();
    s.digest = opt.hash;
    s.pss = opt.pss;
    s.cert = signer.cert_der;
    cms::signed_data_fields f;
    bytes body;
    if (u->kind == cmc::request_kind::pkcs10) {
        auto pd = cmc::pki_data(u->pkcs10, 1, {});
        if (!pd) return core::bad_data(pd.err().message);
        body = std::move(*pd);
        f.content_type = std::string(oids::cct_pki_data.dotted());
        f.content = byte_view(body);
        f.certificates = {signer.cert_der};
    } else {
        out.output_kind = u->kind;
        auto sd = cms::read_signed_data(request_der);
        if (!sd) return core::bad_data(sd.err().message);
        f.content_type = sd->content_type;
        f.content = *sd->content;
        for (byte_view c : sd->certificates) f.certificates.emplace_back(c.begin(), c.end());
        for (byte_view c : sd->crls) f.crls.emplace_back(c.begin(), c.end());
        for (byte_view a : sd->digest_algorithms) f.digest_algorithms.emplace_back(a.begin(), a.end());
        for (const auto& si : sd->signers) f.signer_infos.emplace_back(si.whole.begin(), si.whole.end());
        bool have = false;
        for (const bytes& c : f.certificates) have = have || c == signer.cert_der;
        if (!have) f.certificates.push_back(signer.cert_der);
        if (u->kind == cmc::request_kind::pkcs7 && !sd->signers.empty() && sd->signers[0].signed_attrs.empty()) {
            // A PKCS #7 renewal's signer signs the content itself; sign alike so
            // PKCS #7 v1.5 readers see one kind of signer.
            s.signed_attributes = false;
        }
    }
    f.signers.push_back(std::move(s));
    auto der = cms::signed_data(f, rng);
    if (!der) return core::bad_data(der.err().message);
    out.signers = f.signer_infos.size() + 1;
    out.der = std::move(*der);
    return out;
}

}  // namespace certreq::verbs
