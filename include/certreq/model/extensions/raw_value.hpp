// model/extensions/raw_value.hpp: an extnValue given as base64, {hex}, {asn},
// {octet}, {utf8} or Empty, for any OID: written verbatim
// (x509/extensions/raw_value.hpp). Not a kind: every OID may take one.
#pragma once
#include "certreq/core/bytes.hpp"

namespace certreq::model {

struct raw_value { bytes der; };

}  // namespace certreq::model
