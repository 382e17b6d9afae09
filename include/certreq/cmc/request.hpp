// cmc/request.hpp: the CMC full PKI request body (RFC 5272 §3.2.1) and the
// controls certreq puts in it (spec §9.2, §9.3):
//
//   PKIData ::= SEQUENCE {
//     controlSequence   SEQUENCE OF TaggedAttribute,   -- controls, in the order given
//     reqSequence       SEQUENCE OF TaggedRequest,     -- [0] IMPLICIT { bodyPartID, <PKCS#10> }
//     cmsSequence       SEQUENCE OF TaggedContentInfo, -- empty
//     otherMsgSequence  SEQUENCE OF OtherMsg }         -- empty
//
// Controls: Microsoft's CMC attributes (1.3.6.1.4.1.311.10.10.1), id-cmc-regInfo
// (URL-encoded name=value& pairs: RequesterName for enroll on behalf of) and
// id-cmc-addExtensions (-policy). Signing is cms/signed_data.hpp's job.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/tlv.hpp"
#include "certreq/cmc/tagged_attribute.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/der/der.hpp"

namespace certreq::cmc {

// pki_data returns the DER of PKIData { controls, { [0] { request_id, pkcs10 } }, {}, {} }.
inline cms::result<bytes> pki_data(byte_view pkcs10, body_part_id request_id, const std::vector<bytes>& controls) {
    if (pkcs10.empty() || pkcs10[0] != der::tag::sequence || asn1::validate_der(pkcs10))
        return core::at_offset(0, "the PKCS#10 request is not DER");
    for (const bytes& c : controls)
        if (c.empty() || c[0] != der::tag::sequence || asn1::validate_der(c))
            return core::at_offset(0, "a CMC control is not one DER TaggedAttribute");
    auto raw_of = [](const bytes& b) { return der::raw(b); };
    auto out = der::encode(der::sequence(
            der::sequence_of(controls, raw_of),
            der::sequence(der::implicit_tag<0>(der::sequence(der::integer(request_id), der::raw(pkcs10)))),
            der::sequence(), der::sequence()));
    if (!out) return core::at_offset(0, "the PKIData could not be encoded");
    return std::move(*out);
}

// cmc_attributes_control: Microsoft's "CMC attributes" control, TaggedAttribute
// { id, 1.3.6.1.4.1.311.10.10.1, { SEQUENCE { dataReference, certReferences, SET OF Attribute } } }.
// certreq writes dataReference 0 and certReferences { the request's bodyPartID }.
inline cms::result<bytes> cmc_attributes_control(body_part_id id, body_part_id data_reference,
                                                 const std::vector<body_part_id>& cert_references,
                                                 const std::vector<bytes>& attributes) {
    for (const bytes& a : attributes)
        if (a.empty() || a[0] != der::tag::sequence || asn1::validate_der(a))
            return core::at_offset(0, "a CMC attribute is not one DER Attribute");
    auto value = der::encode(der::sequence(der::integer(data_reference),
                                           der::sequence_of(cert_references, [](body_part_id r) { return der::integer(r); }),
                                           der::set_of(attributes, [](const bytes& a) { return der::raw(a); })));
    if (!value) return core::at_offset(0, "the CMC attributes could not be encoded");
    auto out = tagged_attribute(id, oids::ms_cmc_attributes.dotted(), {*value});
    if (!out) return core::at_offset(0, "the CMC attributes control could not be encoded");
    return std::move(*out);
}


// reg_info_text returns "name=value&" for each pair, names and values URL-encoded.
inline std::string reg_info_text(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [name, value] : pairs) out += core::percent_encode(name) + "=" + core::percent_encode(value) + "&";
    return out;
}

// reg_info_control: TaggedAttribute { id, id-cmc-regInfo, { OCTET STRING text } }.
inline cms::result<bytes> reg_info_control(body_part_id id, std::string_view text) {
    auto value = der::to_bytes(der::octet_string(text));
    auto out = tagged_attribute(id, oids::cmc_reg_info.dotted(), {value});
    if (!out) return core::at_offset(0, "the regInfo control could not be encoded");
    return std::move(*out);
}

// add_extensions_control: TaggedAttribute { id, id-cmc-addExtensions,
// { AddExtensions { pkiDataReference, certReferences, extensions } } } (RFC 5272 §6.5).
inline cms::result<bytes> add_extensions_control(body_part_id id, body_part_id pki_data_reference,
                                                 const std::vector<body_part_id>& cert_references,
                                                 const std::vector<bytes>& extensions) {
    for (const bytes& e : extensions)
        if (e.empty() || e[0] != der::tag::sequence || asn1::validate_der(e))
            return core::at_offset(0, "an extension is not one DER Extension");
    auto value = der::encode(der::sequence(der::integer(pki_data_reference),
                                           der::sequence_of(cert_references, [](body_part_id r) { return der::integer(r); }),
                                           der::sequence_of(extensions, [](const bytes& e) { return der::raw(e); })));
    if (!value) return core::at_offset(0, "the AddExtensions value could not be encoded");
    auto out = tagged_attribute(id, oids::cmc_add_extensions.dotted(), {*value});
    if (!out) return core::at_offset(0, "the addExtensions control could not be encoded");
    return std::move(*out);
}

}  // namespace certreq::cmc
