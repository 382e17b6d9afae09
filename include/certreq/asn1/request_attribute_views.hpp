// asn1/request_attribute_views.hpp: typed reads of the Microsoft request
// attributes certreq.exe writes ([MS-WCCE] 2.2.2.7): an enrollment
// name/value pair, the client information and the CSP provider. -dump shows
// them field by field.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// name_value_pair: an EnrollmentNameValuePair (1.3.6.1.4.1.311.13.2.1).
struct name_value_pair {
    std::string name;
    std::string value;
};

inline core::result<name_value_pair> read_name_value_pair(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "EnrollmentNameValuePair", der, base);
    if (!d) return d.error;
    return name_value_pair{d.value->text("name").value_or(""), d.value->text("value").value_or("")};
}

// client_info: a RequestClientInfo (1.3.6.1.4.1.311.21.20).
struct client_info {
    std::int64_t client_id = 0;
    std::string machine_name, user_name, process_name;
};

inline core::result<client_info> read_client_info(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "RequestClientInfo", der, base);
    if (!d) return d.error;
    return client_info{d.value->small_int("clientId").value_or(0), d.value->text("machineName").value_or(""),
                       d.value->text("userName").value_or(""), d.value->text("processName").value_or("")};
}

// csp_provider: a CSPProvider (1.3.6.1.4.1.311.13.2.2). `signature` borrows the input.
struct csp_provider {
    std::int64_t key_spec = 0;
    std::string csp_name;
    bit_string signature;
};

core::result<csp_provider> read_csp_provider(bytes&&, std::size_t = 0) = delete;
inline core::result<csp_provider> read_csp_provider(byte_view der, std::size_t base = 0) {
    auto d = decode(module::pkix, "CSPProvider", der, base);
    if (!d) return d.error;
    return csp_provider{d.value->small_int("keySpec").value_or(0), d.value->text("cspName").value_or(""),
                        d.value->bits("signature").value_or(bit_string{})};
}

}  // namespace certreq::asn1
