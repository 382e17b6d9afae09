// csr_check.hpp: what the separate-compilation tests check of a PKCS#10
// request: its subject as text and that its signature verifies against the
// public key it carries (RFC 2986: SEQUENCE { info, algorithm, BIT STRING }).
#pragma once
#include <optional>
#include <string>

#include "certreq/asn1/name_text.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/sign.hpp"

namespace csr_check {

struct checked {
    std::string subject;
    bool verifies = false;
};

inline std::optional<checked> check(certreq::byte_view der, certreq::model::hash_algorithm h) {
    using namespace certreq;
    auto top = asn1::parse_one(der);
    if (!top) return std::nullopt;
    asn1::reader parts(top->content);
    auto info = parts.next(nullptr), alg = parts.next(nullptr), sig = parts.next(nullptr);
    if (!info || !alg || !sig || !parts.empty() || sig->content.empty()) return std::nullopt;
    asn1::reader fields(info->content);
    auto version = fields.next(nullptr), subject = fields.next(nullptr), spki = fields.next(nullptr);
    if (!version || !subject || !spki) return std::nullopt;
    checked c;
    c.subject = asn1::name_text(*subject);
    auto ok = mbed::verify(spki->whole, h, false, info->whole, sig->content.subspan(1));  // after the unused-bits byte
    c.verifies = ok && *ok;
    return c;
}

}  // namespace csr_check
