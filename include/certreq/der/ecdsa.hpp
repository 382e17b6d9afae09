// der/ecdsa.hpp: ECDSA signatures as the raw r||s that PKCS#11 (CKM_ECDSA),
// TPMs and secure elements return, turned into the DER Ecdsa-Sig-Value
// (SEQUENCE { r INTEGER, s INTEGER }, RFC 3279 §2.2.3) that X.509 and CMS carry.
#pragma once
#include <optional>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/writer.hpp"

namespace certreq::der {

// ecdsa_signature: `raw` is r then s, each as long as the curve's order;
// nullopt for an empty or odd-length input.
inline std::optional<bytes> ecdsa_signature(byte_view raw) {
    if (raw.empty() || raw.size() % 2 != 0) return std::nullopt;
    std::size_t half = raw.size() / 2;
    return to_bytes(sequence(integer(raw.first(half)), integer(raw.subspan(half))));
}

}  // namespace certreq::der
