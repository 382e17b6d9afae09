// store/pending.hpp: pending_request, what the store keeps about a request
// made by -new and not yet accepted, and the INF spelling of request types.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/model/request.hpp"

namespace certreq::store {

// pending_request describes a request made by -new and not yet accepted.
struct pending_request {
    std::string id;                 // set by add_pending_request
    std::string key_container;
    std::string friendly_name;
    bool exportable = false;
    model::request_type type = model::request_type::pkcs10;
    std::int64_t created = 0;       // Unix seconds, UTC; 0 = now
    std::string public_key_sha1;    // hex SHA-1 of the SubjectPublicKeyInfo DER
};

// request_type_name returns the INF spelling: PKCS10, PKCS7, CMC, Cert, SCEP.
inline std::string_view request_type_name(model::request_type t) noexcept {
    switch (t) {
        case model::request_type::pkcs10: return "PKCS10";
        case model::request_type::pkcs7: return "PKCS7";
        case model::request_type::cmc: return "CMC";
        case model::request_type::cert: return "Cert";
        case model::request_type::scep: return "SCEP";
    }
    return "PKCS10";
}

inline std::optional<model::request_type> parse_request_type(std::string_view s) {
    for (auto t : {model::request_type::pkcs10, model::request_type::pkcs7, model::request_type::cmc, model::request_type::cert,
                   model::request_type::scep}) {
        std::string_view n = request_type_name(t);
        if (n.size() == s.size() &&
            std::equal(n.begin(), n.end(), s.begin(), [](char a, char b) { return (a | 0x20) == (b | 0x20); }))
            return t;
    }
    return std::nullopt;
}

}  // namespace certreq::store
