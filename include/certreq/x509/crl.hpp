// x509/crl.hpp: a v2 CRL (RFC 5280 §5.1), as the local CA publishes it.
//
//   CertificateList  ::=  SEQUENCE  {
//        tbsCertList          TBSCertList,
//        signatureAlgorithm   AlgorithmIdentifier,
//        signatureValue       BIT STRING  }
//   TBSCertList  ::=  SEQUENCE  {
//        version                 Version,                  -- v2: 02 01 01
//        signature               AlgorithmIdentifier,
//        issuer                  Name,
//        thisUpdate              Time,
//        nextUpdate              Time,
//        revokedCertificates     SEQUENCE OF SEQUENCE  {
//             userCertificate         CertificateSerialNumber,
//             revocationDate          Time,
//             crlEntryExtensions      Extensions OPTIONAL  -- reasonCode when not unspecified
//                                  }  OPTIONAL,           -- omitted when empty (§5.1.2.6)
//        crlExtensions           [0]  EXPLICIT Extensions  -- AKI and cRLNumber (§5.2.1, §5.2.3)
//                                  }
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/time.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::x509 {

// revoked_entry: one revoked certificate. reason 0 (unspecified) writes no
// reasonCode extension, as RFC 5280 §5.3.1 recommends.
struct revoked_entry {
    bytes serial;  // big-endian magnitude
    std::int64_t revoked_at = 0;
    std::uint8_t reason = 0;  // CRLReason ENUMERATED
};

struct crl_fields {
    byte_view signature_algorithm_der;
    byte_view issuer_der;  // the CA's subject Name DER
    std::int64_t this_update = 0, next_update = 0;
    const std::vector<revoked_entry>* revoked = nullptr;
    byte_view authority_key_id;  // the CA's SubjectKeyIdentifier
    std::uint64_t crl_number = 0;
};

// tbs_cert_list returns the TBSCertList DER to sign.
inline std::optional<bytes> tbs_cert_list(const crl_fields& f) {
    static const std::vector<revoked_entry> none;
    const auto& list = f.revoked ? *f.revoked : none;
    // Values are borrowed until the write: view a static table, not a local.
    static constexpr std::uint8_t reasons[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    for (auto& e : list)
        if (e.reason >= sizeof reasons || e.reason == 7) return std::nullopt;  // 7 is not a CRLReason
    auto entry = [](const revoked_entry& e) {
        byte_view reason(&reasons[e.reason], 1);
        return der::sequence(der::integer(e.serial), der::time(e.revoked_at),
                             der::when(e.reason != 0, der::sequence(der::sequence(
                                     oids::crl_reason, der::wrap<der::tag::octet_string>(
                                                               der::primitive<der::tag::enumerated>(reason))))));
    };
    return der::encode(der::sequence(
            der::integer(1), der::raw(f.signature_algorithm_der), der::raw(f.issuer_der), der::time(f.this_update),
            der::time(f.next_update), der::when(!list.empty(), der::sequence_of(list, entry)),
            der::explicit_tag<0>(der::sequence(
                    der::sequence(oids::authority_key_identifier,
                                  der::wrap<der::tag::octet_string>(
                                          der::sequence(der::implicit_tag<0>(der::octet_string(f.authority_key_id))))),
                    der::sequence(oids::crl_number, der::wrap<der::tag::octet_string>(der::integer(f.crl_number)))))));
}

// certificate_list wraps a signed TBSCertList.
inline bytes certificate_list(byte_view tbs_der, byte_view signature_algorithm_der, byte_view signature) {
    return der::to_bytes(der::sequence(der::raw(tbs_der), der::raw(signature_algorithm_der), der::bit_string(signature)));
}

}  // namespace certreq::x509
