// model/general_name.hpp: GeneralName (RFC 5280 §4.2.1.6) as plain data.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/model/name.hpp"

namespace certreq::model {

// otherName [0]: type-id plus the DER of the value that goes inside [0] EXPLICIT
// (e.g. UPN: 0c len "user@domain"; GUID: 04 10 <16 bytes>).
struct other_name {
    std::string type_oid;
    bytes value_der;
};
struct rfc822_name { std::string value; };        // [1] IA5String
struct dns_name { std::string value; };           // [2] IA5String
struct directory_name { name value; };            // [4] EXPLICIT Name
struct uri_name { std::string value; };           // [6] IA5String
struct ip_address { bytes octets; };              // [7] 4 or 16 bytes (8 or 32 with a mask in name constraints)
struct registered_id { std::string oid; };        // [8] OBJECT IDENTIFIER

using general_name = std::variant<other_name, rfc822_name, dns_name, directory_name, uri_name, ip_address, registered_id>;
using general_names = std::vector<general_name>;

}  // namespace certreq::model
