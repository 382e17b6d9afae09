// x509/request_attributes.hpp: what goes into a PKCS #10
// CertificationRequestInfo.attributes, as borrowed plain data. Its encoder is
// x509/attributes.hpp; x509/csr.hpp's declarations need only this.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/model/request.hpp"

namespace certreq::x509 {

// request_attributes: everything is borrowed and must outlive the encoding.
struct request_attributes {
    const std::vector<model::extension>* extensions = nullptr;  // extensionRequest when non-empty
    std::span<const model::name_value> name_values;             // one attribute each
    const model::default_attributes* defaults = nullptr;        // nullptr: SuppressDefaults
    std::uint32_t key_spec = 0;                                 // for the CSP info attribute
    std::string_view challenge_password;                        // empty: none
    std::span<const byte_view> extra;                           // pre-encoded Attribute DER (e.g. renewal cert)

    // from_request fills the fields of a lowered request.
    static request_attributes from_request(const model::request& r) noexcept {
        request_attributes a;
        a.extensions = &r.extensions;
        a.name_values = r.name_values;
        a.defaults = r.suppress_defaults ? nullptr : &r.defaults;
        a.key_spec = r.key_spec;
        a.challenge_password = r.challenge_password;
        return a;
    }
};

}  // namespace certreq::x509
