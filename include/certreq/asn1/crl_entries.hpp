// asn1/crl_entries.hpp: where a CRL's revokedCertificates list starts, found
// by walking the TLVs. decode() exempts that one list from its list limits
// (the schema reads its elements as ANY) and verbs/dump_x509.hpp decodes the
// entries one at a time: a CRL may hold hundreds of thousands of them.
#pragma once
#include <cstddef>
#include <cstdint>

#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"

namespace certreq::asn1 {

// crl_entries_offset returns the absolute offset of revokedCertificates in a
// CertificateList (the SEQUENCE after thisUpdate/nextUpdate), or SIZE_MAX.
inline std::size_t crl_entries_offset(byte_view der, std::size_t base = 0) {
    auto top = parse_one(der, base);
    if (!top || !top->constructed) return SIZE_MAX;
    reader outer(top->content, top->content_offset());
    auto tbs = outer.next(nullptr);
    if (!tbs || !tbs->constructed) return SIZE_MAX;
    reader fields(tbs->content, tbs->content_offset());
    bool after_time = false;
    while (!fields.empty()) {
        auto f = fields.next(nullptr);
        if (!f) return SIZE_MAX;
        if (f->is_universal(utag::utc_time) || f->is_universal(utag::generalized_time))
            after_time = true;
        else if (after_time)
            return f->is_universal(utag::sequence) ? f->offset : SIZE_MAX;
    }
    return SIZE_MAX;
}

}  // namespace certreq::asn1
